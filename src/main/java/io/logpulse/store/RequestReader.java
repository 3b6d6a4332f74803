package io.logpulse.store;

import io.logpulse.model.AddressFilter;
import io.logpulse.model.AddressSlices;
import io.logpulse.model.FacetSummary;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentSummary;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/** Reads the request store: which segments a question needs, then their columns, one at a time. */
public final class RequestReader {

    /** A stored segment, without its columns. */
    public record Segment(long generation, long startOffset, long endOffset, long firstMillis, long lastMillis, int requests) {
        public SegmentKey key() {
            return new SegmentKey(generation, startOffset);
        }
    }

    /** The first and last request instants held, in epoch milliseconds. */
    public record Span(long firstMillis, long lastMillis) {
    }

    /** A stored segment's key. */
    public record SegmentKey(long generation, long startOffset) {
    }

    /** A segment's {@link AddressSlices slice} of one client address: its rows of that address, stored apart. */
    public record Slice(int requests) {
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

    /** The segments holding requests in [fromMillis, toMillis), oldest first. */
    public List<Segment> segments(long fromMillis, long toMillis) {
        return handle.createQuery("SELECT generation, start_offset, end_offset, first_ms, last_ms, requests "
                        + "FROM request_segment WHERE last_ms >= :from AND first_ms < :to "
                        + "ORDER BY first_ms, generation, start_offset")
                .bind("from", fromMillis).bind("to", toMillis)
                .map((rs, ctx) -> new Segment(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getInt(6)))
                .list();
    }

    /** The {@link AddressFilter address filters} of the segments holding requests in [fromMillis, toMillis). */
    public Map<SegmentKey, byte[]> addressFilters(long fromMillis, long toMillis) {
        return byKey(segmentData(fromMillis, toMillis, AddressFilter.COLUMN_ID));
    }

    /** A segment's {@link io.logpulse.model.SegmentSummary summary} of one column (or its address filter), as stored. */
    public record StoredSummary(long generation, long startOffset, byte[] bytes) {
        public SegmentKey key() {
            return new SegmentKey(generation, startOffset);
        }
    }

    /** The bytes of each of {@code stored}, by its segment. */
    public static Map<SegmentKey, byte[]> byKey(List<StoredSummary> stored) {
        var bytes = new HashMap<SegmentKey, byte[]>();
        stored.forEach(s -> bytes.put(s.key(), s.bytes()));
        return bytes;
    }

    /** The stored summaries of {@code column} of the segments holding requests in [fromMillis, toMillis). */
    public List<StoredSummary> summaries(long fromMillis, long toMillis, RequestColumn column) {
        return segmentData(fromMillis, toMillis, SegmentSummary.columnId(column));
    }

    /** The facet {@code facet} of {@link #summaries} ({@link FacetSummary}), of the segments that have it. */
    public List<StoredSummary> facetSummaries(long fromMillis, long toMillis, RequestColumn column, FacetSummary.Facet facet) {
        return segmentData(fromMillis, toMillis, FacetSummary.columnId(facet, column));
    }

    private List<StoredSummary> segmentData(long fromMillis, long toMillis, int columnId) {
        return handle.createQuery("SELECT d.generation, d.start_offset, d.bytes FROM request_segment s "
                        + "JOIN request_data d ON d.generation = s.generation AND d.start_offset = s.start_offset "
                        + "AND d.column_id = :column WHERE s.last_ms >= :from AND s.first_ms < :to")
                .bind("column", columnId).bind("from", fromMillis).bind("to", toMillis)
                .map((rs, ctx) -> new StoredSummary(rs.getLong(1), rs.getLong(2), rs.getBytes(3)))
                .list();
    }

    /**
     * The stored summaries of each of {@code columns} of {@code address}'s slices in the segments whose
     * first request is in [fromMillis, toMillis), by column: of its requests only. A slice keeps its
     * summaries in one part, read once for all of them. Summaries serve only segments wholly inside a
     * range; those that start before it are left out here, so that no segment row is read.
     */
    public List<List<StoredSummary>> sliceSummaries(String address, long fromMillis, long toMillis,
            List<RequestColumn> columns) {
        int[] ids = columns.stream().mapToInt(SegmentSummary::columnId).toArray();
        List<List<StoredSummary>> summaries = new ArrayList<>();
        columns.forEach(column -> summaries.add(new ArrayList<>()));
        handle.createQuery("SELECT generation, start_offset, bytes FROM request_slice_data "
                        + "WHERE address = :address AND part = :part AND first_ms >= :from AND first_ms < :to")
                .bind("address", address).bind("part", AddressSlices.partOf(ids[0]))
                .bind("from", fromMillis).bind("to", toMillis)
                .map((rs, ctx) -> {
                    byte[][] byId = new byte[AddressSlices.WIDTH][];
                    AddressSlices.unpack(rs.getBytes(3), byId);
                    for (int c = 0; c < ids.length; c++) {
                        if (byId[ids[c]] != null) {
                            summaries.get(c).add(new StoredSummary(rs.getLong(1), rs.getLong(2), byId[ids[c]]));
                        }
                    }
                    return ids.length;
                })
                .forEach(unpacked -> { });
        return summaries;
    }

    /** Requests before this instant may have been dropped by the retention (--keep); empty if none were. */
    public OptionalLong keptFrom() {
        return RequestRetention.keptFrom(handle);
    }

    /** The slices of {@code address}, by segment. */
    public Map<SegmentKey, Slice> slices(String address) {
        var slices = new HashMap<SegmentKey, Slice>();
        handle.createQuery("SELECT generation, start_offset, requests FROM request_slice WHERE address = :address")
                .bind("address", address)
                .map((rs, ctx) -> slices.put(new SegmentKey(rs.getLong(1), rs.getLong(2)), new Slice(rs.getInt(3))))
                .forEach(previous -> { });
        return slices;
    }

    /**
     * Reads the {@code wanted} columns of segment after segment with one statement, prepared once for
     * a scan that may read thousands of segments.
     */
    public ColumnQuery columnQuery(Set<RequestColumn> wanted) {
        return new ColumnQuery(List.copyOf(wanted));
    }

    /** {@link #columnQuery}'s statement; used by one thread at a time. */
    public final class ColumnQuery implements AutoCloseable {
        private final List<RequestColumn> wanted;
        private final PreparedStatement statement;

        private ColumnQuery(List<RequestColumn> wanted) {
            this.wanted = wanted;
            String ids = String.join(", ", Collections.nCopies(wanted.size(), "?"));
            try {
                statement = handle.getConnection().prepareStatement("SELECT column_id, bytes FROM request_data "
                        + "WHERE generation = ? AND start_offset = ? AND column_id IN (" + ids + ")");
            } catch (SQLException e) {
                throw failed(e);
            }
        }

        /**
         * The stored bytes of the columns of a segment, by column ordinal; null for the others. Each at
         * the start of a buffer that may be longer, to {@link #giveBack} once decoded.
         */
        public byte[][] read(Segment segment) {
            byte[][] columns = new byte[RequestColumn.values().length][];
            try {
                statement.setLong(1, segment.generation());
                statement.setLong(2, segment.startOffset());
                for (int i = 0; i < wanted.size(); i++) {
                    statement.setInt(3 + i, wanted.get(i).ordinal());
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        columns[rs.getInt(1)] = buffers.read(rs, 2);
                    }
                }
            } catch (SQLException e) {
                throw failed(e);
            }
            return complete(columns, wanted, segment);
        }

        @Override
        public void close() {
            try {
                statement.close();
            } catch (SQLException e) {
                throw failed(e);
            }
        }
    }

    /**
     * Reads the {@code wanted} columns of {@code address}'s slices, segment after segment in the order
     * {@link #segments} gives them, from those whose first request is in [fromFirstMillis, toFirstMillis]:
     * each part that holds some of them as one walk through its rows.
     */
    public SliceQuery sliceQuery(String address, Set<RequestColumn> wanted, long fromFirstMillis, long toFirstMillis) {
        return new SliceQuery(address, List.copyOf(wanted), fromFirstMillis, toFirstMillis);
    }

    /** {@link #sliceQuery}'s walks, one per part; used by one thread at a time. */
    public final class SliceQuery implements AutoCloseable {
        private final List<RequestColumn> wanted;
        private final List<PreparedStatement> statements = new ArrayList<>();
        private final ResultSet[] walks;
        /** Whether each walk is on a row. */
        private final boolean[] on;

        private SliceQuery(String address, List<RequestColumn> wanted, long fromFirstMillis, long toFirstMillis) {
            this.wanted = wanted;
            int[] parts = wanted.stream().mapToInt(c -> AddressSlices.partOf(c.ordinal())).distinct().toArray();
            walks = new ResultSet[parts.length];
            on = new boolean[parts.length];
            try {
                for (int i = 0; i < parts.length; i++) {
                    PreparedStatement statement = handle.getConnection().prepareStatement("SELECT first_ms, generation, "
                            + "start_offset, bytes FROM request_slice_data WHERE address = ? AND part = ? "
                            + "AND first_ms BETWEEN ? AND ? ORDER BY first_ms, generation, start_offset");
                    statements.add(statement);
                    statement.setString(1, address);
                    statement.setInt(2, parts[i]);
                    statement.setLong(3, fromFirstMillis);
                    statement.setLong(4, toFirstMillis);
                    walks[i] = statement.executeQuery();
                    on[i] = walks[i].next();
                }
            } catch (SQLException e) {
                close();
                throw failed(e);
            }
        }

        /**
         * The columns of the address's slice of {@code segment}, by column ordinal as {@link ColumnQuery#read}
         * gives a segment's, each in an array of its own.
         */
        public byte[][] read(Segment segment) {
            byte[][] byId = new byte[AddressSlices.WIDTH][];
            try {
                for (int i = 0; i < walks.length; i++) {
                    ResultSet walk = walks[i];
                    while (on[i] && compare(walk, segment) < 0) {
                        on[i] = walk.next();
                    }
                    if (on[i] && compare(walk, segment) == 0) {
                        byte[] part = buffers.read(walk, 4);
                        AddressSlices.unpack(part, byId);
                        buffers.giveBack(part);
                        on[i] = walk.next();
                    }
                }
            } catch (SQLException e) {
                throw failed(e);
            }
            return complete(Arrays.copyOf(byId, RequestColumn.values().length), wanted, segment);
        }

        /** The order of the walk's row against a segment: first request, generation, start. */
        private static int compare(ResultSet row, Segment segment) throws SQLException {
            int c = Long.compare(row.getLong(1), segment.firstMillis());
            if (c == 0) {
                c = Long.compare(row.getLong(2), segment.generation());
            }
            return c != 0 ? c : Long.compare(row.getLong(3), segment.startOffset());
        }

        @Override
        public void close() {
            try {
                for (PreparedStatement statement : statements) {
                    statement.close();
                }
            } catch (SQLException e) {
                throw failed(e);
            }
        }
    }

    private static byte[][] complete(byte[][] columns, List<RequestColumn> wanted, Segment segment) {
        for (RequestColumn c : wanted) {
            if (columns[c.ordinal()] == null) {
                throw new StoreException("request segment " + segment + " lost its column " + c
                        + ": it was pruned or replaced while this query ran; ask again");
            }
        }
        return columns;
    }

    private static StoreException failed(SQLException e) {
        return new StoreException("cannot read the request store: " + e.getMessage(), e);
    }

    /** Hands back the buffers of columns read with {@link ColumnQuery#read}, for the next segments. */
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
