package io.logpulse.query.requests;

import io.logpulse.model.Counts;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentColumns;
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
    /** Statuses are numbers, not text: their value numbers, by code. */
    private final int[] statusValues = new int[1000];
    private long[] perEntry = new long[0];

    GroupCounter(Dimension by) {
        this.by = by;
        Arrays.fill(statusValues, -1);
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
                int value = groups.value(origin.source());
                for (int i = 0; i < count; i++) {
                    groups.addRequest(value, columns.number(RequestColumn.BYTES, rows[i]), columns.number(RequestColumn.STATUS, rows[i]));
                }
            }
            case STATUS -> {
                for (int i = 0; i < count; i++) {
                    long status = columns.number(RequestColumn.STATUS, rows[i]);
                    groups.addRequest(statusValue(status), columns.number(RequestColumn.BYTES, rows[i]), status);
                }
            }
            default -> countEntries(columns, rows, count);
        }
    }

    private int statusValue(long status) {
        if (status < 0 || status >= statusValues.length) {
            return groups.value(Long.toString(status));
        }
        int s = (int) status;
        if (statusValues[s] < 0) {
            statusValues[s] = groups.value(Long.toString(status));
        }
        return statusValues[s];
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
        for (int e = 1; e < entries; e++) {
            int at = e * Counts.STRIDE;
            if (perEntry[at + Counts.REQUESTS] > 0) {
                groups.add(groups.value(columns, column, e - 1), perEntry, at);
            }
        }
    }

    /** Requests of one group; 0 when it had none. */
    long requests(String key) {
        return groups.requests(key);
    }

    long total() {
        return groups.totalRequests();
    }

    /** The busiest {@code limit} groups, ties by name. */
    List<GroupTotals> top(int limit) {
        return groups.top(limit);
    }
}
