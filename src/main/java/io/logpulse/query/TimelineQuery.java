package io.logpulse.query;

import io.logpulse.model.Counts;
import io.logpulse.store.TrafficReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests per step by status class over a range, from the per-window totals every stored row keeps
 * (no address is unpacked). A step is a whole number of windows, aligned to the epoch like
 * {@code lb --by}; the steps at the edges are cut to the range.
 */
public final class TimelineQuery {

    /** One step: [start, end) and its counts, laid out as {@link Counts} (requests, bytes, 2xx..5xx). */
    public record Step(long start, long end, long[] counts) {

        /** One of the {@link io.logpulse.model.Counts} of every step, in order: what a sparkline draws. */
        public static long[] values(List<Step> steps, int countsIndex) {
            return steps.stream().mapToLong(s -> s.counts()[countsIndex]).toArray();
        }
    }

    /** Every step of the covered range in order, empty ones included, so a chart has no gaps. */
    public record Answer(TimeRange requested, TimeRange covered, long windowMillis, long stepMillis, List<Step> steps) {

        public boolean widened() {
            return !requested.equals(covered);
        }

        public long totalRequests() {
            return steps.stream().mapToLong(s -> s.counts()[Counts.REQUESTS]).sum();
        }
    }

    /** A bound on one answer's size: a timeline of more steps than this is no use to anyone. */
    public static final int MAX_STEPS = 100_000;

    private final TrafficReader reader;

    public TimelineQuery(TrafficReader reader) {
        this.reader = reader;
    }

    /** {@code windowsPerStep}: how many of the store's windows make one step (at least 1). */
    public Answer timeline(TimeRange requested, int windowsPerStep) {
        if (windowsPerStep < 1) {
            throw new IllegalArgumentException("a step is at least one window");
        }
        long window = reader.windowMillis().orElseThrow(() -> new QueryException("the database holds no traffic yet"));
        long step = window * windowsPerStep;
        TimeRange covered = requested.alignedTo(window);
        long first = Math.floorDiv(covered.fromMillis(), step) * step;
        long steps = (covered.toMillis() - 1 - first) / step + 1;
        if (steps > MAX_STEPS) {
            throw new QueryException("[" + covered.show(covered.from()) + ", " + covered.show(covered.to()) + ") holds "
                    + steps + " steps; at most " + MAX_STEPS + " are shown: take longer steps or a shorter range");
        }
        int size = (int) steps;
        long[][] sums = new long[size][Counts.STRIDE];
        long block = BlockRanges.blockMillis(window);
        reader.eachWindowTotal(Math.floorDiv(covered.fromMillis(), block) * block, covered.toMillis(),
                (blockStart, slot, r, b, s2, s3, s4, s5) -> {
                    long start = blockStart + slot * window;
                    if (start < covered.fromMillis() || start >= covered.toMillis()) {
                        return;
                    }
                    long[] sum = sums[(int) ((start - first) / step)];
                    sum[Counts.REQUESTS] += r;
                    sum[Counts.BYTES] += b;
                    sum[Counts.status(2)] += s2;
                    sum[Counts.status(3)] += s3;
                    sum[Counts.status(4)] += s4;
                    sum[Counts.status(5)] += s5;
                });
        var answer = new ArrayList<Step>(size);
        for (int i = 0; i < size; i++) {
            long start = first + i * step;
            answer.add(new Step(Math.max(start, covered.fromMillis()), Math.min(start + step, covered.toMillis()), sums[i]));
        }
        return new Answer(requested, covered, window, step, answer);
    }
}
