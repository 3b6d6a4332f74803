package io.logpulse.query.requests;

import io.logpulse.model.Counts;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentColumns;
import io.logpulse.model.SegmentSummary;
import io.logpulse.query.GroupTotals;
import io.logpulse.query.ValueCounts;
import io.logpulse.store.RequestReader;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Counts matching requests per value of one {@link Dimension}. Rows are counted per dictionary entry
 * of their segment first, then each entry's counts go to the entry's value in one {@link ValueCounts}
 * for the whole query: the cost per row is an array increment.
 */
final class GroupCounter implements RequestScan.Matches {

    private final Dimension by;
    private final ValueCounts groups = new ValueCounts();
    /** Statuses are numbers, not text: counted by code, named when the answer is asked for. */
    private final long[] perStatus = new long[1000 * Counts.STRIDE];
    private long[] perEntry = new long[0];
    /** The entries of a segment that matching rows have. */
    private int[] counted = new int[0];
    /** One summary value's counts, as a scan would have counted them. */
    private final long[] scratch = new long[Counts.STRIDE];

    GroupCounter(Dimension by) {
        this.by = by;
    }

    Dimension by() {
        return by;
    }

    /** The columns the counter reads. */
    Set<RequestColumn> columns() {
        var needed = EnumSet.of(RequestColumn.BYTES, RequestColumn.STATUS);
        if (by.column() != null) {
            needed.add(by.column());
        }
        return needed;
    }

    @Override
    public void accept(RequestReader.Segment segment, RequestReader.Origin origin, SegmentColumns columns, int[] rows, int count) {
        switch (by) {
            case SOURCE -> {
                long[] source = new long[Counts.STRIDE];
                for (int i = 0; i < count; i++) {
                    Counts.addRequest(source, 0, columns.number(RequestColumn.BYTES, rows[i]), columns.number(RequestColumn.STATUS, rows[i]));
                }
                groups.add(origin.source(), source, 0);
            }
            case STATUS -> {
                var single = new long[Counts.STRIDE];
                for (int i = 0; i < count; i++) {
                    long status = columns.number(RequestColumn.STATUS, rows[i]);
                    long bytes = columns.number(RequestColumn.BYTES, rows[i]);
                    if (status >= 0 && status < 1000) {
                        Counts.addRequest(perStatus, (int) status * Counts.STRIDE, bytes, status);
                    } else {
                        Arrays.fill(single, 0);
                        Counts.addRequest(single, 0, bytes, status);
                        groups.add(Long.toString(status), single, 0);
                    }
                }
            }
            default -> countEntries(columns, rows, count);
        }
    }

    /**
     * Counts the listed values and the requests without a value of a segment's summary of this
     * counter's column, keeping only the status classes {@code classes} (as a scan with that filter would).
     */
    void addSummary(SegmentSummary summary, boolean[] classes) {
        long[] counts = summary.counts();
        for (int i = 0; i < summary.listed(); i++) {
            groups.add(summary.text(), summary.start(i), summary.end(i),
                    SegmentSummary.toCounts(counts, i * SegmentSummary.STRIDE, classes, scratch), 0);
        }
        groups.addAbsent(SegmentSummary.toCounts(summary.absent(), 0, classes, scratch), 0);
    }

    /** Counts {@code counts} under {@code key}, as a scan would have counted requests of that value. */
    void addTotals(String key, long[] counts) {
        groups.add(key, counts, 0);
    }

    /** The groups, with the per-code counts moved in under their names. */
    private ValueCounts named() {
        for (int status = 0; status < 1000; status++) {
            int at = status * Counts.STRIDE;
            if (perStatus[at + Counts.REQUESTS] > 0) {
                groups.add(Integer.toString(status), perStatus, at);
                Arrays.fill(perStatus, at, at + Counts.STRIDE, 0);
            }
        }
        return groups;
    }

    private void countEntries(SegmentColumns columns, int[] rows, int count) {
        RequestColumn column = by.column();
        int entries = columns.entries(column) + 1; // slot 0: no value
        int size = entries * Counts.STRIDE;
        if (perEntry.length < size) {
            perEntry = new long[Math.max(size, perEntry.length * 2)];
        }
        Arrays.fill(perEntry, 0, size, 0);
        for (int i = 0; i < count; i++) {
            int r = rows[i];
            Counts.addRequest(perEntry, (columns.entry(column, r) + 1) * Counts.STRIDE,
                    columns.number(RequestColumn.BYTES, r), columns.number(RequestColumn.STATUS, r));
        }
        if (perEntry[Counts.REQUESTS] > 0) {
            groups.addAbsent(perEntry, 0);
        }
        if (counted.length < entries) {
            counted = new int[Math.max(entries, counted.length * 2)];
        }
        int n = 0;
        for (int e = 0; e < entries - 1; e++) {
            if (perEntry[(e + 1) * Counts.STRIDE + Counts.REQUESTS] > 0) {
                counted[n++] = e;
            }
        }
        groups.addEntries(columns, column, counted, n, perEntry);
    }

    /** Requests of one group; 0 when it had none. */
    long requests(String key) {
        return named().requests(key);
    }

    long total() {
        return named().totalRequests();
    }

    /** The busiest {@code limit} groups, ties by name. */
    List<GroupTotals> top(int limit) {
        return named().top(limit);
    }
}
