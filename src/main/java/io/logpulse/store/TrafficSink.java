package io.logpulse.store;

import io.logpulse.model.Counts;
import io.logpulse.model.TrafficBlock;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes traffic blocks to H2 in batches. MERGE on (block, generation, shard): a block written
 * again, by a replay after a restore, a re-ingest or an early firing, replaces itself.
 */
public final class TrafficSink implements Sink<TrafficBlock> {

    private static final String MERGE = "MERGE INTO traffic_block (block_start, generation, shard, requests, bytes, "
            + "status_2xx, status_3xx, status_4xx, status_5xx, slots, address_totals) KEY (block_start, generation, shard) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String MERGE_ADDRESSES = "MERGE INTO traffic_block_addresses (block_start, generation, shard, "
            + "addresses) KEY (block_start, generation, shard) VALUES (?, ?, ?, ?)";

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

    private final class Writer extends BatchWriter<TrafficBlock> {

        Writer(WriterInitContext context) {
            super(location, batchSize, maxDelayMillis, context.getProcessingTimeService());
        }

        @Override
        void writeBatch(Handle handle, List<TrafficBlock> buffered) {
            PreparedBatch blocks = handle.prepareBatch(MERGE);
            PreparedBatch addresses = handle.prepareBatch(MERGE_ADDRESSES);
            for (TrafficBlock b : buffered) {
                blocks.bind(0, b.blockStart()).bind(1, b.generation()).bind(2, b.shard());
                for (int v = 0; v < Counts.STRIDE; v++) {
                    blocks.bind(3 + v, b.totals()[v]);
                }
                blocks.bind(9, b.slots()).bind(10, b.addressTotals()).add();
                addresses.bind(0, b.blockStart()).bind(1, b.generation()).bind(2, b.shard()).bind(3, b.addresses()).add();
            }
            blocks.execute();
            addresses.execute();
        }
    }
}
