package io.logpulse.store;

import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/** Reads traffic blocks for the queries, with bound parameters only. */
public final class TrafficReader {

    public static final String WINDOW_SETTING = "window_ms";

    /** Receives one address's summed totals. */
    @FunctionalInterface
    public interface TotalsConsumer {
        void accept(String ip, long requests, long bytes, long status2xx, long status3xx, long status4xx, long status5xx);
    }

    /** Receives one stored block of one address. */
    @FunctionalInterface
    public interface BlockConsumer {
        void accept(String ip, byte[] slots);
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

    /** Sums, per address, every block that starts in [fromBlock, toBlock). */
    public void sumBlocks(long fromBlock, long toBlock, TotalsConsumer consumer) {
        handle.createQuery("SELECT ip, SUM(requests) r, SUM(bytes) b, SUM(status_2xx) s2, SUM(status_3xx) s3, "
                        + "SUM(status_4xx) s4, SUM(status_5xx) s5 FROM traffic_block "
                        + "WHERE block_start >= :from AND block_start < :to GROUP BY ip")
                .bind("from", fromBlock).bind("to", toBlock)
                .scanResultSet((supplier, ctx) -> {
                    var rs = supplier.get();
                    while (rs.next()) {
                        consumer.accept(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                                rs.getLong(6), rs.getLong(7));
                    }
                    return null;
                });
    }

    /** Every address's packed windows in the block that starts at {@code blockStart}. */
    public void eachBlockAt(long blockStart, BlockConsumer consumer) {
        handle.createQuery("SELECT ip, slots FROM traffic_block WHERE block_start = :start")
                .bind("start", blockStart)
                .scanResultSet((supplier, ctx) -> {
                    var rs = supplier.get();
                    while (rs.next()) {
                        consumer.accept(rs.getString(1), rs.getBytes(2));
                    }
                    return null;
                });
    }
}
