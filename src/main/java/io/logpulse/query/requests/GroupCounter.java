package io.logpulse.query.requests;

import io.logpulse.model.Counts;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentColumns;
import io.logpulse.model.TextDictionary;
import io.logpulse.query.GroupTotals;
import io.logpulse.store.RequestReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts matching requests per value of one {@link Dimension}. Rows are counted per dictionary entry
 * of their segment first; then each entry's raw bytes are looked up in one dictionary for the whole
 * query. Values become Strings only for the answer, so a day of distinct paths costs hashes, not
 * allocations.
 */
final class GroupCounter implements RequestScan.Matches {

    /** Shown for requests that have no value (no user agent, say). */
    static final String ABSENT = "-";
    /** The group of requests without a value, counted apart from the dictionary's entries. */
    private static final int ABSENT_GROUP = -1;

    private final Dimension by;
    private final TextDictionary values = new TextDictionary();
    private final Map<String, Integer> namedGroups = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private long[] counts = new long[Counts.STRIDE * 1024];
    private final long[] absent = new long[Counts.STRIDE];
    private long[] perEntry = new long[0];
    private long total;
    private Map<String, Long> requestsByKey;

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
                int group = named(origin.source());
                for (int i = 0; i < count; i++) {
                    addRequest(group, columns, rows[i]);
                }
            }
            case STATUS -> {
                for (int i = 0; i < count; i++) {
                    addRequest(named(Long.toString(columns.number(RequestColumn.STATUS, rows[i]))), columns, rows[i]);
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
                int group = e == 0 ? ABSENT_GROUP : columns.intern(column, e - 1, values);
                Counts.add(countsOf(group), offsetOf(group), perEntry, at);
            }
        }
    }

    private void addRequest(int group, SegmentColumns columns, int row) {
        Counts.addRequest(countsOf(group), offsetOf(group), columns.number(RequestColumn.BYTES, row),
                columns.number(RequestColumn.STATUS, row));
    }

    /** Groups by name are numbered in order of appearance. */
    private int named(String name) {
        return namedGroups.computeIfAbsent(name, n -> {
            names.add(n);
            return names.size() - 1;
        });
    }

    private long[] countsOf(int group) {
        if (group == ABSENT_GROUP) {
            return absent;
        }
        int needed = (group + 1) * Counts.STRIDE;
        if (counts.length < needed) {
            counts = Arrays.copyOf(counts, Math.max(needed, counts.length * 2));
        }
        return counts;
    }

    private static int offsetOf(int group) {
        return group == ABSENT_GROUP ? 0 : group * Counts.STRIDE;
    }

    /** Sources and statuses are few and not text columns: they are grouped by name. */
    private boolean byName() {
        return by == Dimension.SOURCE || by == Dimension.STATUS;
    }

    private int groups() {
        return byName() ? names.size() : values.size();
    }

    private String name(int group) {
        return group == ABSENT_GROUP ? ABSENT : byName() ? names.get(group) : values.text(group);
    }

    private long requestsOf(int group) {
        return group == ABSENT_GROUP ? absent[Counts.REQUESTS] : counts[group * Counts.STRIDE + Counts.REQUESTS];
    }

    /** Requests of one group; 0 when it had none. */
    long requests(String key) {
        if (requestsByKey == null) {
            requestsByKey = new HashMap<>();
            for (int g = ABSENT_GROUP; g < groups(); g++) {
                if (requestsOf(g) > 0) {
                    requestsByKey.merge(name(g), requestsOf(g), Long::sum);
                }
            }
        }
        return requestsByKey.getOrDefault(key, 0L);
    }

    long total() {
        return total;
    }

    /**
     * The busiest {@code limit} groups, ties by name. Only the groups that can make the list (those at
     * least as busy as the {@code limit}-th) are turned into names and sorted.
     */
    List<GroupTotals> top(int limit) {
        long[] requests = new long[groups() + 1];
        for (int g = ABSENT_GROUP; g < groups(); g++) {
            requests[g + 1] = requestsOf(g);
        }
        long[] sorted = requests.clone();
        Arrays.sort(sorted);
        int rank = Math.max(0, sorted.length - limit);
        long cut = Math.max(1, sorted.length == 0 ? 1 : sorted[rank]);
        // Servers escape differently (\" and \x22): two raw values may read as one name.
        var byName = new HashMap<String, GroupTotals>();
        for (int g = ABSENT_GROUP; g < groups(); g++) {
            if (requestsOf(g) >= cut) {
                byName.computeIfAbsent(name(g), GroupTotals::new).add(countsOf(g), offsetOf(g));
            }
        }
        var candidates = new ArrayList<>(byName.values());
        candidates.sort(GroupTotals.BUSIEST_FIRST);
        return candidates.subList(0, Math.min(limit, candidates.size()));
    }
}
