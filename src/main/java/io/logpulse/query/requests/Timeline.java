package io.logpulse.query.requests;

import io.logpulse.model.Counts;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentColumns;
import io.logpulse.query.TimeRange;
import io.logpulse.store.RequestReader;
import io.logpulse.query.TimelineQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** Matching requests per step of time, with bytes and status classes ({@link Counts} per step). */
public final class Timeline implements RequestScan.Matches {

    private final long startMillis;
    private final long stepMillis;
    private final long[] counts;
    private long firstMillis = Long.MAX_VALUE;
    private long lastMillis = Long.MIN_VALUE;
    private boolean totalsAdded;

    /** Steps of {@code stepMillis} from the start of {@code range}, which must be a whole number of steps. */
    public Timeline(TimeRange range, long stepMillis) {
        this.startMillis = range.fromMillis();
        this.stepMillis = stepMillis;
        long steps = -Math.floorDiv(-(range.toMillis() - range.fromMillis()), stepMillis);
        this.counts = new long[Math.toIntExact(steps * Counts.STRIDE)];
    }

    Set<RequestColumn> columns() {
        return EnumSet.of(RequestColumn.TIME, RequestColumn.BYTES, RequestColumn.STATUS);
    }

    @Override
    public void accept(RequestReader.Segment segment, RequestReader.Origin origin, SegmentColumns columns, int[] rows, int count) {
        for (int i = 0; i < count; i++) {
            int r = rows[i];
            long time = columns.number(RequestColumn.TIME, r);
            firstMillis = Math.min(firstMillis, time);
            lastMillis = Math.max(lastMillis, time);
            Counts.addRequest(counts, step(time) * Counts.STRIDE, columns.number(RequestColumn.BYTES, r),
                    columns.number(RequestColumn.STATUS, r));
        }
    }

    /** Whether the requests of {@code segment} fall in one step. */
    boolean withinOneStep(RequestReader.Segment segment) {
        return step(segment.firstMillis()) == step(segment.lastMillis());
    }

    /**
     * Adds the {@link Counts} of requests counted elsewhere (a segment's summary) to the step of
     * {@code atMillis}. Their instants are not known: first and last seen are of scanned requests only.
     */
    void addTotals(long atMillis, long[] totals) {
        int at = step(atMillis) * Counts.STRIDE;
        for (int i = 0; i < Counts.STRIDE; i++) {
            counts[at + i] += totals[i];
        }
        totalsAdded = true;
    }

    private int step(long millis) {
        return (int) ((millis - startMillis) / stepMillis);
    }

    /** The first matching request's instant; empty when none matched. */
    public OptionalLong firstMillis() {
        requireNoTotals();
        return firstMillis == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(firstMillis);
    }

    public OptionalLong lastMillis() {
        requireNoTotals();
        return lastMillis == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(lastMillis);
    }

    /** Whether totals counted elsewhere were added ({@link #addTotals}). */
    boolean totalsAdded() {
        return totalsAdded;
    }

    private void requireNoTotals() {
        if (totalsAdded) {
            throw new IllegalStateException("a timeline with totals added knows no first and last request");
        }
    }

    public long total(int countsIndex) {
        long sum = 0;
        for (int s = 0; s < steps(); s++) {
            sum += counts[s * Counts.STRIDE + countsIndex];
        }
        return sum;
    }

    public int steps() {
        return counts.length / Counts.STRIDE;
    }

    public long stepStart(int step) {
        return startMillis + step * stepMillis;
    }

    /** Every step with its {@link Counts}, as the per-window timeline gives them. */
    public List<TimelineQuery.Step> asSteps() {
        var steps = new ArrayList<TimelineQuery.Step>(steps());
        for (int s = 0; s < steps(); s++) {
            steps.add(new TimelineQuery.Step(stepStart(s), stepStart(s) + stepMillis,
                    Arrays.copyOfRange(counts, s * Counts.STRIDE, (s + 1) * Counts.STRIDE)));
        }
        return steps;
    }
}
