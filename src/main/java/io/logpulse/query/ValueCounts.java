package io.logpulse.query;

import io.logpulse.model.Counts;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentColumns;
import io.logpulse.model.TextDictionary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** The number of the value {@code bytes[start, end)}. */
    public int value(byte[] bytes, int start, int end) {
        return withRoom(values.intern(bytes, start, end));
    }

    public int value(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return value(bytes, 0, bytes.length);
    }

    /** The number of an entry of a segment's text column. */
    public int value(SegmentColumns columns, RequestColumn column, int entry) {
        return withRoom(columns.intern(column, entry, values));
    }

    private int withRoom(int value) {
        int needed = (value + 1) * Counts.STRIDE;
        if (counts.length < needed) {
            counts = Arrays.copyOf(counts, Math.max(needed, counts.length * 2));
        }
        return value;
    }

    /** Adds the {@link Counts} at {@code from[at]} to a value. */
    public void add(int value, long[] from, int at) {
        Counts.add(counts, value * Counts.STRIDE, from, at);
    }

    /** Adds counts of requests that have no value. */
    public void addAbsent(long[] from, int at) {
        Counts.add(absent, 0, from, at);
    }

    public void addRequest(int value, long bytes, long status) {
        Counts.addRequest(counts, value * Counts.STRIDE, bytes, status);
    }

    public long totalRequests() {
        long sum = absent[Counts.REQUESTS];
        for (int v = 0; v < values.size(); v++) {
            sum += counts[v * Counts.STRIDE + Counts.REQUESTS];
        }
        return sum;
    }

    /** Requests of the value named {@code name}; 0 when it had none. */
    public long requests(String name) {
        if (requestsByName == null) {
            requestsByName = new HashMap<>();
            requestsByName.put(ABSENT, absent[Counts.REQUESTS]);
            for (int v = 0; v < values.size(); v++) {
                requestsByName.merge(values.text(v), counts[v * Counts.STRIDE + Counts.REQUESTS], Long::sum);
            }
        }
        return requestsByName.getOrDefault(name, 0L);
    }

    /**
     * The {@code limit} busiest values, ties by name. Only values at least as busy as the
     * {@code limit}-th can make the list: only those are named and sorted.
     */
    public List<GroupTotals> top(int limit) {
        long[] requests = new long[values.size() + 1];
        for (int v = 0; v < values.size(); v++) {
            requests[v] = counts[v * Counts.STRIDE + Counts.REQUESTS];
        }
        requests[values.size()] = absent[Counts.REQUESTS];
        Arrays.sort(requests);
        long cut = Math.max(1, requests[Math.max(0, requests.length - limit)]);
        // Servers escape differently (\" and \x22): two stored values may read as one name.
        var byName = new HashMap<String, GroupTotals>();
        for (int v = -1; v < values.size(); v++) {
            long[] from = v < 0 ? absent : counts;
            int at = v < 0 ? 0 : v * Counts.STRIDE;
            if (from[at + Counts.REQUESTS] >= cut) {
                byName.computeIfAbsent(v < 0 ? ABSENT : values.text(v), GroupTotals::new).add(from, at);
            }
        }
        var rows = new ArrayList<>(byName.values());
        rows.sort(GroupTotals.BUSIEST_FIRST);
        return rows.subList(0, Math.min(limit, rows.size()));
    }
}
