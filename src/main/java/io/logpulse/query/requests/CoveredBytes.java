package io.logpulse.query.requests;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Which bytes of each file generation the segments scanned so far hold, as disjoint ranges. */
final class CoveredBytes {

    private final Map<Long, TreeMap<Long, Long>> byGeneration = new HashMap<>();

    boolean overlaps(long generation, long start, long end) {
        TreeMap<Long, Long> ranges = byGeneration.get(generation);
        if (ranges == null) {
            return false;
        }
        Map.Entry<Long, Long> before = ranges.lowerEntry(end);
        return before != null && before.getValue() > start;
    }

    boolean contains(long generation, long offset) {
        TreeMap<Long, Long> ranges = byGeneration.get(generation);
        Map.Entry<Long, Long> range = ranges == null ? null : ranges.floorEntry(offset);
        return range != null && range.getValue() > offset;
    }

    /** Adds [start, end), merged with the ranges it touches so that they stay disjoint. */
    void add(long generation, long start, long end) {
        TreeMap<Long, Long> ranges = byGeneration.computeIfAbsent(generation, g -> new TreeMap<>());
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        for (Map.Entry<Long, Long> next = ranges.ceilingEntry(start); next != null && next.getKey() <= end;
                next = ranges.ceilingEntry(start)) {
            end = Math.max(end, next.getValue());
            ranges.remove(next.getKey());
        }
        ranges.put(start, end);
    }
}
