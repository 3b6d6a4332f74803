package io.logpulse.query.lb;

import java.util.Map;
import java.util.TreeMap;

/**
 * Response times at millisecond resolution (what nginx logs), counted per millisecond: exact
 * percentiles in bounded memory however many requests a log holds.
 */
final class TimeHistogram {

    private static final int DIRECT_MILLIS = 10_000;

    private long[] counts;
    private final Map<Long, Long> slow = new TreeMap<>();
    private long total;

    void add(long micros) {
        long millis = micros / 1000;
        if (millis < DIRECT_MILLIS) {
            if (counts == null) {
                counts = new long[DIRECT_MILLIS];
            }
            counts[(int) millis]++;
        } else {
            slow.merge(millis, 1L, Long::sum);
        }
        total++;
    }

    void addAll(TimeHistogram other) {
        if (other.counts != null) {
            if (counts == null) {
                counts = new long[DIRECT_MILLIS];
            }
            for (int i = 0; i < DIRECT_MILLIS; i++) {
                counts[i] += other.counts[i];
            }
        }
        other.slow.forEach((k, v) -> slow.merge(k, v, Long::sum));
        total += other.total;
    }

    long count() {
        return total;
    }

    /** The nearest-rank percentile ({@code q} in (0, 1]) in seconds, or null without any value. */
    Double percentileSeconds(double q) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        if (counts != null) {
            for (int i = 0; i < DIRECT_MILLIS; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return i / 1000.0;
                }
            }
        }
        for (var e : slow.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey() / 1000.0;
            }
        }
        throw new IllegalStateException("rank beyond the count");
    }
}
