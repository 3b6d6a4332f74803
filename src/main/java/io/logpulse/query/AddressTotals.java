package io.logpulse.query;

import io.logpulse.model.Counts;

/** What one client address did in a range: requests, bytes, and requests per status class. */
public final class AddressTotals {

    private final String ip;
    private final long[] counts = new long[Counts.STRIDE];

    AddressTotals(String ip) {
        this.ip = ip;
    }

    void add(long[] values, int at) {
        Counts.add(counts, 0, values, at);
    }

    public String ip() {
        return ip;
    }

    public long requests() {
        return counts[Counts.REQUESTS];
    }

    public long bytes() {
        return counts[Counts.BYTES];
    }

    /** Requests answered with a status of class {@code hundreds} (2 for 2xx … 5 for 5xx). */
    public long status(int hundreds) {
        return counts[Counts.status(hundreds)];
    }
}
