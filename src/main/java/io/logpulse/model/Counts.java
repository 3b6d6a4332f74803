package io.logpulse.model;

/**
 * The six numbers counted for every (address, window): requests, bytes, and requests per status
 * class 2xx, 3xx, 4xx, 5xx. Stored flat in {@code long[]} with this stride.
 */
public final class Counts {

    public static final int REQUESTS = 0;
    public static final int BYTES = 1;
    public static final int STATUS_2XX = 2;
    public static final int STRIDE = 6;

    private Counts() {
    }

    /** Index of the status class {@code hundreds} (2 for 2xx … 5 for 5xx) within a stride. */
    public static int status(int hundreds) {
        return STATUS_2XX + hundreds - 2;
    }

    /** Counts one request of {@code bytes} answered with {@code status} (1xx and odd codes count in no class). */
    public static void addRequest(long[] into, int at, long bytes, long status) {
        into[at + REQUESTS]++;
        into[at + BYTES] += bytes;
        long hundreds = status / 100;
        if (hundreds >= 2 && hundreds <= 5) {
            into[at + status((int) hundreds)]++;
        }
    }

    public static void add(long[] into, int intoAt, long[] from, int fromAt) {
        for (int v = 0; v < STRIDE; v++) {
            into[intoAt + v] += from[fromAt + v];
        }
    }
}
