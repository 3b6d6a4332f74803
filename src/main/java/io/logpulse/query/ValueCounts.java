package io.logpulse.query;

import io.logpulse.model.Counts;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentColumns;
import io.logpulse.model.TextDictionary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sums {@link Counts} per value (a client address, a path, a user agent ...), the values kept as the
 * bytes they are stored as. A query adds millions of (value, counts) pairs; JFR showed a HashMap keyed
 * by a new String for each taking most of the time (75% of a whole-day top). Values become Strings
 * only for the rows of the answer.
 */
public final class ValueCounts {

    /** Shown for requests that have no value (no user agent, say). */
    public static final String ABSENT = "-";

    private final TextDictionary values = new TextDictionary();
    private long[] counts = new long[Counts.STRIDE * 1024];
    private final long[] absent = new long[Counts.STRIDE];
    private Map<String, Long> requestsByName;

    /** Adds the {@link Counts} at {@code from[at]} to the value {@code bytes[start, end)}. */
    public void add(byte[] bytes, int start, int end, long[] from, int at) {
        int value = values.intern(bytes, start, end);
        if (counts.length < (value + 1) * Counts.STRIDE) {
            counts = Arrays.copyOf(counts, counts.length * 2);
        }
        Counts.add(counts, value * Counts.STRIDE, from, at);
    }

    public void add(String name, long[] from, int at) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        add(bytes, 0, bytes.length, from, at);
    }

    /**
     * Adds, for each of the {@code entries[0, count)} of a segment's text column, the {@link Counts}
     * at {@code from[(entry + 1) * Counts.STRIDE]} to the entry's value: all the entries' values are
     * looked up at once ({@link TextDictionary#internAll}).
     */
    public void addEntries(SegmentColumns columns, RequestColumn column, int[] entries, int count, long[] from) {
        if (numbers.length < count) {
            numbers = new int[Math.max(count, numbers.length * 2)];
        }
        values.internAll(columns.textBytes(column), columns.textStarts(column), columns.textEnds(column), entries, count,
                numbers);
        if (counts.length < values.size() * Counts.STRIDE) {
            counts = Arrays.copyOf(counts, Math.max(values.size() * Counts.STRIDE, counts.length * 2));
        }
        for (int i = 0; i < count; i++) {
            Counts.add(counts, numbers[i] * Counts.STRIDE, from, (entries[i] + 1) * Counts.STRIDE);
        }
    }

    private int[] numbers = new int[0];

    /** Adds counts of requests that have no value. */
    public void addAbsent(long[] from, int at) {
        Counts.add(absent, 0, from, at);
    }

    public long totalRequests() {
        long sum = absent[Counts.REQUESTS];
        for (int v = 0, at = 0; v < values.size(); v++, at += Counts.STRIDE) {
            sum += counts[at + Counts.REQUESTS];
        }
        return sum;
    }

    /** Requests of the value stored as {@code bytes[start, end)} (that spelling only); 0 when it had none. */
    public long requestsOf(byte[] bytes, int start, int end) {
        int value = values.find(bytes, start, end);
        return value < 0 ? 0 : counts[value * Counts.STRIDE + Counts.REQUESTS];
    }

    /** Requests of the value named {@code name}; 0 when it had none. */
    public long requests(String name) {
        if (requestsByName == null) {
            requestsByName = new HashMap<>();
            requestsByName.put(ABSENT, absent[Counts.REQUESTS]);
            for (int v = 0, at = 0; v < values.size(); v++, at += Counts.STRIDE) {
                requestsByName.merge(values.text(v), counts[at + Counts.REQUESTS], Long::sum);
            }
        }
        return requestsByName.getOrDefault(name, 0L);
    }

    /**
     * The {@code limit} busiest values, ties by name. Only values at least as busy as the
     * {@code limit}-th can make the list: only those are named and sorted.
     *
     * <p>Servers escape differently ({@code \"} and {@code \x22}): a stored value with an escape or a
     * non-ASCII byte may read as the same name as another, so those are summed by name first, and a
     * plain value (which reads as its bytes) that has one of their names joins it.
     */
    public List<GroupTotals> top(int limit) {
        var decoded = new HashMap<String, GroupTotals>();
        if (absent[Counts.REQUESTS] > 0) {
            decoded.computeIfAbsent(ABSENT, GroupTotals::new).add(absent, 0);
        }
        for (int v = 0, at = 0; v < values.size(); v++, at += Counts.STRIDE) {
            if (!values.readsAsIs(v)) {
                decoded.computeIfAbsent(values.text(v), GroupTotals::new).add(counts, at);
            }
        }
        var joined = new HashSet<Integer>();
        for (GroupTotals group : decoded.values()) {
            byte[] name = group.key().getBytes(StandardCharsets.UTF_8);
            int v = values.find(name, 0, name.length);
            if (v >= 0 && values.readsAsIs(v)) {
                group.add(counts, v * Counts.STRIDE);
                joined.add(v);
            }
        }
        long[] requests = new long[values.size() + decoded.size()];
        int n = 0;
        for (GroupTotals group : decoded.values()) {
            requests[n++] = group.requests();
        }
        for (int v = 0, at = 0; v < values.size(); v++, at += Counts.STRIDE) {
            if (ownName(v, joined)) {
                requests[n++] = counts[at + Counts.REQUESTS];
            }
        }
        Arrays.sort(requests, 0, n);
        long cut = Math.max(1, n == 0 ? 1 : requests[Math.max(0, n - limit)]);
        var rows = new ArrayList<GroupTotals>();
        for (GroupTotals group : decoded.values()) {
            if (group.requests() >= cut) {
                rows.add(group);
            }
        }
        for (int v = 0, at = 0; v < values.size(); v++, at += Counts.STRIDE) {
            if (ownName(v, joined) && counts[at + Counts.REQUESTS] >= cut) {
                var group = new GroupTotals(values.text(v));
                group.add(counts, at);
                rows.add(group);
            }
        }
        rows.sort(GroupTotals.BUSIEST_FIRST);
        return rows.subList(0, Math.min(limit, rows.size()));
    }

    /** A value that reads as its bytes and as no escaped value does. */
    private boolean ownName(int value, Set<Integer> joined) {
        return values.readsAsIs(value) && (joined.isEmpty() || !joined.contains(value));
    }
}
