package io.logpulse.store;

import io.logpulse.model.AddressFilter;
import io.logpulse.model.AddressSlices;
import io.logpulse.model.FacetSummary;
import io.logpulse.model.FacetSummary.Facet;
import io.logpulse.model.RequestSegment;
import io.logpulse.model.SegmentEncoder;
import io.logpulse.model.SegmentSummary;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes request segments to H2. A segment first removes the segments of its generation that start
 * inside its bytes: after a restore the source reads again from a checkpointed offset and may cut its
 * chunks elsewhere, and a re-ingest reads every byte again; either way each request stays (queries
 * count a line that two kept segments hold once).
 * Writers also drop segments older than the retention, counted back from the newest request, once a
 * minute.
 */
public final class RequestSink implements Sink<RequestSegment> {

    /**
     * The segments a new one replaces: those starting inside its bytes. One that starts before it
     * and reaches into it stays (its first lines are nowhere else); queries count a line held twice
     * once (io.logpulse.query.requests.RequestScan).
     */
    static final String STARTING_INSIDE = "SELECT start_offset FROM request_segment "
            + "WHERE generation = ? AND start_offset >= ? AND start_offset < ?";
    /**
     * The tables that hold a segment's rows beside {@code request_segment}, each keyed by its generation
     * and start offset: what replacing or pruning a segment deletes with it.
     */
    static final List<String> SEGMENT_TABLES = List.of("request_data", "request_slice", "request_slice_data");
    static final String DELETE_SEGMENT = "DELETE FROM request_segment WHERE generation = ? AND start_offset = ?";
    static final String INSERT_SEGMENT = "INSERT INTO request_segment (generation, start_offset, end_offset, first_ms, "
            + "last_ms, requests) VALUES (?, ?, ?, ?, ?, ?)";
    static final String INSERT_DATA = "INSERT INTO request_data (generation, start_offset, column_id, bytes) VALUES (?, ?, ?, ?)";
    static final String INSERT_SLICE = "INSERT INTO request_slice (address, generation, start_offset, requests) "
            + "VALUES (?, ?, ?, ?)";
    static final String INSERT_SLICE_DATA = "INSERT INTO request_slice_data (address, part, first_ms, generation, "
            + "start_offset, bytes) VALUES (?, ?, ?, ?, ?, ?)";

    /** A following job prunes as it goes; a bounded ingest prunes once more at its end (IngestCommand). */
    private static final long PRUNE_EVERY_MILLIS = 60_000;

    private final DatabaseLocation location;
    private final int batchSize;
    private final long maxDelayMillis;
    private final Duration keep;

    /** {@code keep} null: keep every request. */
    public RequestSink(DatabaseLocation location, int batchSize, long maxDelayMillis, Duration keep) {
        this.location = location;
        this.batchSize = batchSize;
        this.maxDelayMillis = maxDelayMillis;
        this.keep = keep;
    }

    @Override
    public SinkWriter<RequestSegment> createWriter(WriterInitContext context) {
        return new Writer(context);
    }

    /** Stores segments, each replacing those of its generation that start inside its bytes. */
    public static void store(Handle handle, List<RequestSegment> segments) {
        List<PreparedBatch> deleteRows = SEGMENT_TABLES.stream()
                .map(table -> handle.prepareBatch("DELETE FROM " + table + " WHERE generation = ? AND start_offset = ?"))
                .toList();
        PreparedBatch delete = handle.prepareBatch(DELETE_SEGMENT);
        PreparedBatch insert = handle.prepareBatch(INSERT_SEGMENT);
        PreparedBatch insertData = handle.prepareBatch(INSERT_DATA);
        PreparedBatch insertSlices = handle.prepareBatch(INSERT_SLICE);
        PreparedBatch insertSliceData = handle.prepareBatch(INSERT_SLICE_DATA);
        for (RequestSegment s : segments) {
            // Looked up by the primary key's range: no scan of the generation's segments or columns.
            for (long startOffset : handle.select(STARTING_INSIDE, s.generation(), s.startOffset(), s.endOffset())
                    .mapTo(Long.class).list()) {
                deleteRows.forEach(rows -> rows.add(s.generation(), startOffset));
                delete.add(s.generation(), startOffset);
            }
            insert.add(s.generation(), s.startOffset(), s.endOffset(), s.firstMillis(), s.lastMillis(), s.requests());
            insertData.add(s.generation(), s.startOffset(), AddressFilter.COLUMN_ID, s.addressFilter());
            for (Facet facet : Facet.values()) {
                for (int k = 0; k < SegmentSummary.COLUMNS.size(); k++) {
                    byte[] facetSummary = s.facetSummaries()[SegmentEncoder.facetIndex(facet, k)];
                    if (facetSummary.length > 0) {
                        insertData.add(s.generation(), s.startOffset(),
                                FacetSummary.columnId(facet, SegmentSummary.COLUMNS.get(k)), facetSummary);
                    }
                }
            }
            for (int c = 0; c < AddressSlices.WIDTH; c++) {
                if (s.columns()[c].length > 0) { // an empty summary: the segment has none
                    insertData.add(s.generation(), s.startOffset(), c, s.columns()[c]);
                }
            }
            for (int slice = 0; slice < s.sliceAddresses().length; slice++) {
                String address = s.sliceAddresses()[slice];
                insertSlices.add(address, s.generation(), s.startOffset(), s.sliceRequests()[slice]);
                for (int part = 0; part < AddressSlices.PARTS; part++) {
                    insertSliceData.add(address, part, s.firstMillis(), s.generation(), s.startOffset(),
                            s.columns()[AddressSlices.partIndex(slice, part)]);
                }
            }
        }
        if (delete.size() > 0) {
            deleteRows.forEach(PreparedBatch::execute);
            delete.execute();
        }
        insert.execute();
        insertData.execute();
        if (insertSlices.size() > 0) {
            insertSlices.execute();
            insertSliceData.execute();
        }
    }

    private final class Writer extends BatchWriter<RequestSegment> {

        private long prunedAt;

        Writer(WriterInitContext context) {
            super(location, batchSize, maxDelayMillis, context.getProcessingTimeService());
        }

        @Override
        void writeBatch(Handle handle, List<RequestSegment> buffered) {
            store(handle, buffered);
            long now = System.currentTimeMillis();
            if (keep != null && now - prunedAt >= PRUNE_EVERY_MILLIS) {
                prunedAt = now;
                RequestRetention.prune(handle, keep);
            }
        }
    }
}
