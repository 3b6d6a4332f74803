package io.logpulse.store;

import io.logpulse.model.AddressFilter;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/** Reads the request store: which segments a question needs, then their columns, one at a time. */
public final class RequestReader {

    /** A stored segment, without its columns. */
    public record Segment(long generation, long startOffset, long endOffset, long firstMillis, long lastMillis, int requests) {
    }

    /** The first and last request instants held, in epoch milliseconds. */
    public record Span(long firstMillis, long lastMillis) {
    }

    /** Where a generation was read from. */
    public record Origin(String source, String path) {
    }

    private final Handle handle;
    private final BlobBuffers buffers = new BlobBuffers();

    public RequestReader(Handle handle) {
        this.handle = handle;
    }

    public Optional<Span> span() {
        return handle.createQuery("SELECT MIN(first_ms) AS first, MAX(last_ms) AS last FROM request_segment")
                .map((rs, ctx) -> rs.getObject("first") == null ? null : new Span(rs.getLong("first"), rs.getLong("last")))
                .findOne();
    }

    /**
     * The segments holding requests in [fromMillis, toMillis), oldest first; with an address, only
     * those whose filter says they may hold it.
     */
    public List<Segment> segments(long fromMillis, long toMillis, String address) {
        return handle.createQuery("SELECT generation, start_offset, end_offset, first_ms, last_ms, requests, address_filter "
                        + "FROM request_segment WHERE last_ms >= :from AND first_ms < :to "
                        + "ORDER BY first_ms, generation, start_offset")
                .bind("from", fromMillis).bind("to", toMillis)
                .map((rs, ctx) -> address == null || AddressFilter.mayContain(rs.getBytes("address_filter"), address)
                        ? new Segment(rs.getLong("generation"), rs.getLong("start_offset"), rs.getLong("end_offset"),
                                rs.getLong("first_ms"),
                                rs.getLong("last_ms"), rs.getInt("requests"))
                        : null)
                .list().stream().filter(Objects::nonNull).toList();
    }

    /** A segment's {@link io.logpulse.model.SegmentSummary summary} of one column, as stored. */
    public record StoredSummary(long generation, long startOffset, byte[] bytes) {
    }

    /** The stored summaries of {@code column} of the segments holding requests in [fromMillis, toMillis). */
    public List<StoredSummary> summaries(long fromMillis, long toMillis, RequestColumn column) {
        return handle.createQuery("SELECT d.generation, d.start_offset, d.bytes FROM request_segment s "
                        + "JOIN request_data d ON d.generation = s.generation AND d.start_offset = s.start_offset "
                        + "AND d.column_id = :column WHERE s.last_ms >= :from AND s.first_ms < :to")
                .bind("column", SegmentSummary.columnId(column)).bind("from", fromMillis).bind("to", toMillis)
                .map((rs, ctx) -> new StoredSummary(rs.getLong(1), rs.getLong(2), rs.getBytes(3)))
                .list();
    }

    /** Requests before this instant may have been dropped by the retention (--keep); empty if none were. */
    public OptionalLong keptFrom() {
        return RequestRetention.keptFrom(handle);
    }

    /**
     * The stored bytes of the {@code wanted} columns of a segment, by column ordinal; null for the
     * others. Each at the start of a buffer that may be longer, to {@link #giveBack} once decoded.
     */
    public byte[][] columns(Segment segment, Set<RequestColumn> wanted) {
        byte[][] columns = new byte[RequestColumn.values().length][];
        handle.createQuery("SELECT column_id, bytes FROM request_data WHERE generation = :g AND start_offset = :o "
                        + "AND column_id IN (<columns>)")
                .bind("g", segment.generation()).bind("o", segment.startOffset())
                .bindList("columns", wanted.stream().map(RequestColumn::ordinal).toList())
                .map((rs, ctx) -> columns[rs.getInt("column_id")] = buffers.read(rs))
                .forEach(stored -> { });
        for (RequestColumn c : wanted) {
            if (columns[c.ordinal()] == null) {
                throw new StoreException("request segment " + segment + " lost its column " + c
                        + ": it was pruned or replaced while this query ran; ask again");
            }
        }
        return columns;
    }

    /** Hands back the buffers of columns read with {@link #columns}, for the next segments. */
    public void giveBack(byte[][] columns) {
        for (byte[] column : columns) {
            if (column != null) {
                buffers.giveBack(column);
            }
        }
    }

    /** Every generation's source label and path. */
    public Map<Long, Origin> origins() {
        var origins = new HashMap<Long, Origin>();
        handle.createQuery("SELECT id, source, path FROM generation")
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), new Origin(rs.getString("source"), rs.getString("path"))))
                .forEach(e -> origins.put(e.getKey(), e.getValue()));
        return origins;
    }
}
