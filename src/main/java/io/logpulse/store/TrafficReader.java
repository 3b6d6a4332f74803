package io.logpulse.store;

import io.logpulse.model.BlockCodec;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/** Reads traffic blocks for the queries, with bound parameters only. */
public final class TrafficReader {

    public static final String WINDOW_SETTING = "window_ms";

    /** Receives the counts of one address in one window of one stored block. */
    @FunctionalInterface
    public interface CellConsumer {
        void accept(long blockStart, String ip, int slot, long[] counts, int at);
    }

    /** First and last block start held, in epoch milliseconds. */
    public record Span(long firstBlock, long lastBlock) {
    }

    private final Handle handle;

    public TrafficReader(Handle handle) {
        this.handle = handle;
    }

    public OptionalLong windowMillis() {
        return handle.createQuery("SELECT setting_value FROM setting WHERE name = :name").bind("name", WINDOW_SETTING)
                .mapTo(Long.class).findOne().map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    public Optional<Span> span() {
        return handle.createQuery("SELECT MIN(block_start) AS first, MAX(block_start) AS last FROM traffic_block")
                .map((rs, ctx) -> rs.getObject("first") == null ? null : new Span(rs.getLong("first"), rs.getLong("last")))
                .findOne();
    }

    /** Every address's totals over each block that starts in [fromBlock, toBlock). */
    public void eachAddressTotal(long fromBlock, long toBlock, BlockCodec.TotalsVisitor consumer) {
        eachAddressBlob(fromBlock, toBlock, (blockStart, packed) -> BlockCodec.decodeTotals(packed, consumer));
    }

    /** Every (address, window) cell of the blocks that start in [fromBlock, toBlock). */
    public void eachCell(long fromBlock, long toBlock, CellConsumer consumer) {
        eachAddressBlob(fromBlock, toBlock, (blockStart, packed) ->
                BlockCodec.decode(packed, (ip, slot, counts, at) -> consumer.accept(blockStart, ip, slot, counts, at)));
    }

    private interface BlobConsumer {
        void accept(long blockStart, byte[] addresses);
    }

    private void eachAddressBlob(long fromBlock, long toBlock, BlobConsumer consumer) {
        handle.createQuery("SELECT block_start, addresses FROM traffic_block WHERE block_start >= :from AND block_start < :to")
                .bind("from", fromBlock).bind("to", toBlock)
                .scanResultSet((supplier, ctx) -> {
                    var rs = supplier.get();
                    while (rs.next()) {
                        consumer.accept(rs.getLong(1), rs.getBytes(2));
                    }
                    return null;
                });
    }
}
