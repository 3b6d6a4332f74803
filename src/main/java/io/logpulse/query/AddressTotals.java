package io.logpulse.query;

/** What one client address did in a range: requests, bytes, and requests per status class. */
public final class AddressTotals {

    private final String ip;
    private long requests;
    private long bytes;
    private final long[] statusClasses = new long[4];

    AddressTotals(String ip) {
        this.ip = ip;
    }

    void add(long requests, long bytes, long status2xx, long status3xx, long status4xx, long status5xx) {
        this.requests += requests;
        this.bytes += bytes;
        statusClasses[0] += status2xx;
        statusClasses[1] += status3xx;
        statusClasses[2] += status4xx;
        statusClasses[3] += status5xx;
    }

    public String ip() {
        return ip;
    }

    public long requests() {
        return requests;
    }

    public long bytes() {
        return bytes;
    }

    /** Requests answered with a status of class {@code hundreds} (2 for 2xx … 5 for 5xx). */
    public long status(int hundreds) {
        return statusClasses[hundreds - 2];
    }
}
