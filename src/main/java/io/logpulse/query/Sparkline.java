package io.logpulse.query;

/** A row of block characters whose heights follow the values: a trend readable in a terminal line. */
public final class Sparkline {
    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
    }

    /**
     * At most {@code width} characters; when there are more values, neighbours are summed into one
     * character. Zero is the lowest bar, the maximum the highest.
     */
    public static String of(long[] values, int width) {
        int per = Math.max(1, -Math.floorDiv(-values.length, width));
        long[] buckets = new long[-Math.floorDiv(-values.length, per)];
        for (int i = 0; i < values.length; i++) {
            buckets[i / per] += values[i];
        }
        long max = 0;
        for (long b : buckets) {
            max = Math.max(max, b);
        }
        var line = new StringBuilder(buckets.length);
        for (long b : buckets) {
            line.append(max == 0 ? BARS[0] : BARS[(int) ((b * (BARS.length - 1) + max / 2) / max)]);
        }
        return line.toString();
    }
}
