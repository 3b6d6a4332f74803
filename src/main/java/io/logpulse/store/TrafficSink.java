package io.logpulse.store;

import io.logpulse.model.TrafficBlock;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes traffic blocks to H2 in large batches. MERGE on (block, address, generation): a block
 * written again, by a replay after a restore or a re-ingest, replaces itself.
 */
public final class TrafficSink implements Sink<TrafficBlock> {

    private static final String MERGE = "MERGE INTO traffic_block (block_start, ip, generation, requests, bytes, "
            + "status_2xx, status_3xx, status_4xx, status_5xx, slots) KEY (block_start, ip, generation) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final DatabaseLocation location;
    private final int batchSize;
    private final long maxDelayMillis;

    public TrafficSink(DatabaseLocation location, int batchSize, long maxDelayMillis) {
        this.location = location;
        this.batchSize = batchSize;
        this.maxDelayMillis = maxDelayMillis;
    }

    @Override
    public SinkWriter<TrafficBlock> createWriter(WriterInitContext context) {
        return new Writer(context);
    }

    private final class Writer extends BufferedDatabaseWriter<TrafficBlock> {

        private final List<TrafficBlock> buffered = new ArrayList<>();

        Writer(WriterInitContext context) {
            super(location, maxDelayMillis, context.getProcessingTimeService());
        }

        @Override
        boolean buffer(TrafficBlock block) {
            buffered.add(block);
            return buffered.size() >= batchSize;
        }

        @Override
        boolean hasBuffered() {
            return !buffered.isEmpty();
        }

        @Override
        void writeBuffered(Handle handle) {
            PreparedBatch batch = handle.prepareBatch(MERGE);
            for (TrafficBlock b : buffered) {
                batch.bind(0, b.blockStart()).bind(1, b.ip()).bind(2, b.generation()).bind(3, b.requests())
                        .bind(4, b.bytes()).bind(5, b.status2xx()).bind(6, b.status3xx()).bind(7, b.status4xx())
                        .bind(8, b.status5xx()).bind(9, b.slots()).add();
            }
            batch.execute();
            buffered.clear();
        }
    }
}
