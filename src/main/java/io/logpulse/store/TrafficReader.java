package io.logpulse.store;

import io.logpulse.model.BlockCodec;
import io.logpulse.model.SlotCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import org.jdbi.v3.core.Handle;

/** Reads traffic blocks for the queries, with bound parameters only. */
public final class TrafficReader {

    public static final String WINDOW_SETTING = "window_ms";

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

    /**
     * Every address's totals over each block that starts in [fromBlock, toBlock). The blocks are read
     * from H2 in a second thread, a slice of the range at a time, while this one decodes: a whole
     * day's top spent 0.16 s reading 17 MB and then 0.13-0.2 s decoding it. The visitor's
     * {@code packed} is valid only during the call.
     */
    public void eachAddressTotal(long fromBlock, long toBlock, BlockCodec.TotalsVisitor consumer) {
        readAhead("traffic_block", "address_totals", fromBlock, toBlock,
                (blockStart, generation, packed) -> BlockCodec.decodeTotals(packed, consumer));
    }

    /**
     * Every (address, window) cell of the blocks that start in [fromBlock, toBlock), each stored row's
     * cells to the visitor {@code cellsOfRow} gives for its block start. Read ahead as
     * {@link #eachAddressTotal} is: a whole day's spikes read 43 MB. The visitor's {@code packed} is
     * valid only during the call.
     */
    public void eachCell(long fromBlock, long toBlock, LongFunction<BlockCodec.CellVisitor> cellsOfRow) {
        eachCell(fromBlock, toBlock, generation -> true, cellsOfRow);
    }

    /** {@link #eachCell} of the rows of the file generations {@code kept} keeps only. */
    public void eachCell(long fromBlock, long toBlock, LongPredicate kept, LongFunction<BlockCodec.CellVisitor> cellsOfRow) {
        readAhead("traffic_block_addresses", "addresses", fromBlock, toBlock, (blockStart, generation, packed) -> {
            if (kept.test(generation)) {
                BlockCodec.decode(packed, cellsOfRow.apply(blockStart));
            }
        });
    }

    /** The file generations whose files are of one of {@code sources}. */
    public Set<Long> generationsOf(Collection<String> sources) {
        if (sources.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(handle.createQuery("SELECT id FROM generation WHERE source IN (<sources>)")
                .bindList("sources", List.copyOf(sources)).mapTo(Long.class).list());
    }

    private static final int READ_AHEAD_SLICES = 8;
    /** A day of 50,000 clients is ~400 rows of ~45 KB each (~110 KB with their windows). */
    private static final int READ_AHEAD_BLOCKS = 32;

    private record Row(long blockStart, long generation, byte[] packed) {
    }

    /**
     * Reads {@link #eachBlob} in a second thread, a slice of the range at a time, while this one
     * consumes. The blobs are read into buffers that come back once consumed: a fresh copy of every
     * blob (getBytes) took 0.14 s of the 0.47 s that reading spikes' 43 MB took, for memory touched
     * for the first time costs a page fault per 4 KB.
     */
    private void readAhead(String table, String column, long fromBlock, long toBlock, BlobConsumer consumer) {
        var buffers = new BlobBuffers();
        try (var ahead = new ReadAhead<Row>(READ_AHEAD_BLOCKS)) {
            ahead.start(() -> {
                for (long[] slice : slices(fromBlock, toBlock, READ_AHEAD_SLICES)) {
                    eachBlob(table, column, slice[0], slice[1], row -> buffers.read(row, 2),
                            (blockStart, generation, packed) -> ahead.put(new Row(blockStart, generation, packed)));
                }
            });
            ahead.drain(row -> {
                consumer.accept(row.blockStart(), row.generation(), row.packed());
                buffers.giveBack(row.packed());
            });
        }
    }

    /** [from, to) cut into at most {@code count} consecutive, non-empty slices {from, to}. */
    static List<long[]> slices(long from, long to, int count) {
        if (from >= to) {
            return List.of();
        }
        long width;
        try {
            width = Math.subtractExact(to, from);
        } catch (ArithmeticException e) {
            return List.of(new long[] {from, to}); // a range far wider than anything stored: no need to cut it
        }
        long step = width / count + (width % count == 0 ? 0 : 1);
        var slices = new ArrayList<long[]>(count);
        for (long start = from; start < to; ) {
            long end = to - start <= step ? to : start + step;
            slices.add(new long[] {start, end});
            start = end;
        }
        return slices;
    }

    /** Receives one window's totals of one stored row (one shard of one file generation's block). */
    @FunctionalInterface
    public interface WindowTotalsConsumer {
        void accept(long blockStart, int slot, long requests, long bytes, long status2xx, long status3xx, long status4xx,
                long status5xx);
    }

    /**
     * The per-window totals of every row of the blocks that start in [fromBlock, toBlock): what a
     * timeline needs, without unpacking any address.
     */
    public void eachWindowTotal(long fromBlock, long toBlock, WindowTotalsConsumer consumer) {
        eachBlob("traffic_block", "slots", fromBlock, toBlock, row -> row.getBytes(2), (blockStart, generation, slots) ->
                SlotCodec.decode(slots, (slot, r, b, s2, s3, s4, s5) -> consumer.accept(blockStart, slot, r, b, s2, s3, s4, s5)));
    }

    /**
     * The end of the newest window that holds a request, in epoch milliseconds: where "the last hours"
     * of the stored traffic end (logs may be from any time, so the wall clock says nothing).
     */
    public OptionalLong dataEnd() {
        OptionalLong window = windowMillis();
        Optional<Span> span = span();
        if (window.isEmpty() || span.isEmpty()) {
            return OptionalLong.empty();
        }
        long last = span.get().lastBlock();
        long[] lastSlot = {-1};
        eachWindowTotal(last, last + 1, (blockStart, slot, r, b, s2, s3, s4, s5) -> {
            if (r > 0) {
                lastSlot[0] = Math.max(lastSlot[0], slot);
            }
        });
        // A block row always holds a request; the guard only keeps a hand-edited store from giving nonsense.
        return OptionalLong.of(last + (Math.max(lastSlot[0], 0) + 1) * window.getAsLong());
    }

    private interface BlobConsumer {
        void accept(long blockStart, long generation, byte[] packed);
    }

    /** Takes the packed column (the second) out of the current row. */
    private interface BlobReader {
        byte[] read(ResultSet row) throws SQLException;
    }

    /** {@code table} and {@code column}: one of the packed columns (never from outside). */
    private void eachBlob(String table, String column, long fromBlock, long toBlock, BlobReader reader,
            BlobConsumer consumer) {
        handle.createQuery("SELECT block_start, " + column + ", generation FROM " + table
                        + " WHERE block_start >= :from AND block_start < :to")
                .bind("from", fromBlock).bind("to", toBlock)
                .scanResultSet((supplier, ctx) -> {
                    var rs = supplier.get();
                    while (rs.next()) {
                        consumer.accept(rs.getLong(1), rs.getLong(3), reader.read(rs));
                    }
                    return null;
                });
    }
}
