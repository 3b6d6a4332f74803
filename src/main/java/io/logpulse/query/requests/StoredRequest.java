package io.logpulse.query.requests;

import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentColumns;
import io.logpulse.store.RequestReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;

/**
 * One stored request, with where its line is: {@code file} at byte {@code offset} of generation
 * {@code generation}. Text values are as the client sent them (server escapes undone); null when the
 * line had none.
 */
public record StoredRequest(long epochMillis, int utcOffsetSeconds, String ip, String method, String path,
        String protocol, int status, long bytes, String referer, String userAgent, long durationMicros,
        String source, String file, long generation, long offset) {

    /** Time order; lines of one instant in file order. */
    public static final Comparator<StoredRequest> IN_TIME_ORDER = Comparator.comparingLong(StoredRequest::epochMillis)
            .thenComparingLong(StoredRequest::generation).thenComparingLong(StoredRequest::offset);

    static StoredRequest of(SegmentColumns c, int row, RequestReader.Segment segment, RequestReader.Origin origin) {
        return new StoredRequest(c.number(RequestColumn.TIME, row), (int) c.number(RequestColumn.UTC_OFFSET, row),
                c.textAt(RequestColumn.ADDRESS, row), c.textAt(RequestColumn.METHOD, row), c.textAt(RequestColumn.PATH, row),
                c.textAt(RequestColumn.PROTOCOL, row), (int) c.number(RequestColumn.STATUS, row),
                c.number(RequestColumn.BYTES, row), c.textAt(RequestColumn.REFERER, row),
                c.textAt(RequestColumn.USER_AGENT, row), c.number(RequestColumn.DURATION, row), origin.source(), origin.path(),
                segment.generation(), c.number(RequestColumn.OFFSET, row));
    }

    /** The time as the server wrote it, in its own offset. */
    public OffsetDateTime loggedTime() {
        return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.ofTotalSeconds(utcOffsetSeconds));
    }
}
