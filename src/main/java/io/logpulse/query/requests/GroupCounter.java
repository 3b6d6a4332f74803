package io.logpulse.query.requests;

import io.logpulse.model.Counts;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentColumns;
import io.logpulse.query.GroupTotals;
import io.logpulse.store.RequestReader;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts matching requests per value of one {@link Dimension}. A text value is counted per
 * dictionary entry of a segment first and turned into a key once per segment, so the cost per row is
 * an array increment.
 */
final class GroupCounter implements RequestScan.Matches {

    /** Shown for requests that have no value (no user agent, say). */
    static final String ABSENT = "-";

    private final Dimension by;
    private final Map<String, GroupTotals> groups = new HashMap<>();
    private long[] perEntry = new long[0];
    private long total;

    GroupCounter(Dimension by) {
        this.by = by;
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
        total += count;
        switch (by) {
            case SOURCE -> {
                GroupTotals group = group(origin.source());
                for (int i = 0; i < count; i++) {
                    group.addRequest(columns.number(RequestColumn.BYTES, rows[i]), columns.number(RequestColumn.STATUS, rows[i]));
                }
            }
            case STATUS -> {
                for (int i = 0; i < count; i++) {
                    long status = columns.number(RequestColumn.STATUS, rows[i]);
                    group(Long.toString(status)).addRequest(columns.number(RequestColumn.BYTES, rows[i]), status);
                }
            }
            default -> countEntries(columns, rows, count);
        }
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
        for (int e = 0; e < entries; e++) {
            int at = e * Counts.STRIDE;
            if (perEntry[at + Counts.REQUESTS] > 0) {
                group(e == 0 ? ABSENT : columns.text(column, e - 1)).add(perEntry, at);
            }
        }
    }

    private GroupTotals group(String key) {
        return groups.computeIfAbsent(key, GroupTotals::new);
    }

    /** Requests of one group; 0 when it had none. */
    long requests(String key) {
        GroupTotals group = groups.get(key);
        return group == null ? 0 : group.requests();
    }

    long total() {
        return total;
    }

    /** The busiest {@code limit} groups. */
    List<GroupTotals> top(int limit) {
        var sorted = new ArrayList<>(groups.values());
        sorted.sort(GroupTotals.BUSIEST_FIRST);
        return sorted.subList(0, Math.min(limit, sorted.size()));
    }
}
