package io.logpulse.query;

import io.logpulse.model.Counts;
import java.util.Comparator;

/**
 * What one group of requests (a client address, a path, a status, a source ...) came to in a range:
 * requests, bytes, and requests per status class.
 */
public final class GroupTotals {

    /** Most requests first, ties by key, so that answers are the same run after run. */
    public static final Comparator<GroupTotals> BUSIEST_FIRST =
            Comparator.comparingLong(GroupTotals::requests).reversed().thenComparing(GroupTotals::key);

    private final String key;
    private final long[] counts = new long[Counts.STRIDE];

    public GroupTotals(String key) {
        this.key = key;
    }

    /** Adds counts laid out as {@link Counts} at {@code values[at]}. */
    public void add(long[] values, int at) {
        Counts.add(counts, 0, values, at);
    }

    /** Adds one request. */
    public void addRequest(long bytes, long status) {
        Counts.addRequest(counts, 0, bytes, status);
    }

    public String key() {
        return key;
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
