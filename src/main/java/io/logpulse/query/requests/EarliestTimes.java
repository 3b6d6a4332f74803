package io.logpulse.query.requests;

import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentColumns;
import io.logpulse.store.RequestReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Counts matching requests and finds which segments hold the first {@code limit} of them in time
 * order, from their times alone: {@code requests} then reads every column of those segments only,
 * not of every segment of the range (a whole day's 5xx: all 300 MB of columns read to list 100 lines).
 */
final class EarliestTimes implements RequestScan.Matches {

    private final int limit;
    /** The earliest times seen, latest first: its head bounds the times of the first {@code limit}. */
    private final PriorityQueue<Long> latestFirst;
    /** Each segment's earliest matching time. */
    private final Map<RequestReader.SegmentKey, Long> earliestBySegment = new HashMap<>();
    private long matched;

    EarliestTimes(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        this.limit = limit;
        this.latestFirst = new PriorityQueue<>(limit + 1, (a, b) -> Long.compare(b, a));
    }

    @Override
    public void accept(RequestReader.Segment segment, RequestReader.Origin origin, SegmentColumns columns, int[] rows, int count) {
        matched += count;
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            long time = columns.number(RequestColumn.TIME, rows[i]);
            earliest = Math.min(earliest, time);
            if (latestFirst.size() == limit && time >= latestFirst.peek()) {
                continue;
            }
            latestFirst.add(time);
            if (latestFirst.size() > limit) {
                latestFirst.poll();
            }
        }
        earliestBySegment.merge(segment.key(), earliest, Math::min);
    }

    long matched() {
        return matched;
    }

    /** The time of the last of the first {@code limit} matches seen; the latest possible until there are that many. */
    long last() {
        return latestFirst.size() < limit ? Long.MAX_VALUE : latestFirst.peek();
    }

    /**
     * The segments of {@code scanned} that hold a matching request no later than the last of the
     * first {@code limit}: every one of those is in them (ties included).
     */
    List<RequestReader.Segment> holdingTheFirst(List<RequestReader.Segment> scanned) {
        long last = last();
        return scanned.stream().filter(segment -> {
            Long earliest = earliestBySegment.get(segment.key());
            return earliest != null && earliest <= last;
        }).toList();
    }
}
