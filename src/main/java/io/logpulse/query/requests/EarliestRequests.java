package io.logpulse.query.requests;

import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentColumns;
import io.logpulse.store.RequestReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/** Keeps the first {@code limit} matching requests in time order. */
final class EarliestRequests implements RequestScan.Matches {

    private final int limit;
    private final PriorityQueue<StoredRequest> latestFirst;

    EarliestRequests(int limit) {
        this.limit = limit;
        this.latestFirst = new PriorityQueue<>(limit + 1, StoredRequest.IN_TIME_ORDER.reversed());
    }

    Set<RequestColumn> columns() {
        return EnumSet.allOf(RequestColumn.class);
    }

    @Override
    public void accept(RequestReader.Segment segment, RequestReader.Origin origin, SegmentColumns columns, int[] rows, int count) {
        for (int i = 0; i < count; i++) {
            int r = rows[i];
            if (latestFirst.size() == limit && columns.number(RequestColumn.TIME, r) > latestFirst.peek().epochMillis()) {
                continue; // later than every kept request: cannot be among the first
            }
            latestFirst.add(StoredRequest.of(columns, r, segment, origin));
            if (latestFirst.size() > limit) {
                latestFirst.poll();
            }
        }
    }

    List<StoredRequest> inTimeOrder() {
        var sorted = new ArrayList<>(latestFirst);
        sorted.sort(StoredRequest.IN_TIME_ORDER);
        return sorted;
    }
}
