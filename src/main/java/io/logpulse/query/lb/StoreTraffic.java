package io.logpulse.query.lb;

import io.logpulse.model.SlotCodec;
import io.logpulse.query.BlockRanges;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Traffic per source (the backend a log file belongs to) from the store: block rows joined to their
 * file generation's source label. Totals over a range are cut by {@link BlockRanges} exactly like
 * {@code top}'s; the timeline unpacks every window of the chosen sources.
 */
final class StoreTraffic {

    /** A source's totals: requests, bytes and 2xx..5xx. */
    static final class Totals {
        long requests;
        long bytes;
        final long[] statusClasses = new long[6];

        void add(long r, long b, long s2, long s3, long s4, long s5) {
            requests += r;
            bytes += b;
            statusClasses[2] += s2;
            statusClasses[3] += s3;
            statusClasses[4] += s4;
            statusClasses[5] += s5;
        }
    }

    /** A file that fed a source, and the format it was read with. */
    record SourceFile(String source, String path, String format) {
    }

    private static final String JOINED = "FROM traffic_block t JOIN generation g ON g.id = t.generation ";

    private final Handle handle;

    StoreTraffic(Handle handle) {
        this.handle = handle;
    }

    /** Per source, the requests in [from, to) (window-aligned). */
    Map<String, Totals> totals(long from, long to, long windowMillis) {
        var totals = new TreeMap<String, Totals>();
        BlockRanges.cut(from, to, windowMillis, new BlockRanges.Visitor() {
            @Override
            public void wholeBlocks(long fromBlock, long toBlock) {
                handle.createQuery("SELECT g.source, SUM(t.requests), SUM(t.bytes), SUM(t.status_2xx), SUM(t.status_3xx), "
                                + "SUM(t.status_4xx), SUM(t.status_5xx) " + JOINED
                                + "WHERE t.block_start >= :from AND t.block_start < :to GROUP BY g.source")
                        .bind("from", fromBlock).bind("to", toBlock)
                        .scanResultSet((supplier, ctx) -> {
                            var rs = supplier.get();
                            while (rs.next()) {
                                totals.computeIfAbsent(rs.getString(1), s -> new Totals()).add(rs.getLong(2), rs.getLong(3),
                                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7));
                            }
                            return null;
                        });
            }

            @Override
            public void partOfBlock(long blockStart, int fromSlot, int toSlot) {
                handle.createQuery("SELECT g.source, t.slots " + JOINED + "WHERE t.block_start = :start")
                        .bind("start", blockStart)
                        .scanResultSet((supplier, ctx) -> {
                            var rs = supplier.get();
                            while (rs.next()) {
                                Totals source = totals.computeIfAbsent(rs.getString(1), s -> new Totals());
                                SlotCodec.decode(rs.getBytes(2), (slot, r, b, s2, s3, s4, s5) -> {
                                    if (slot >= fromSlot && slot < toSlot) {
                                        source.add(r, b, s2, s3, s4, s5);
                                    }
                                });
                            }
                            return null;
                        });
            }
        });
        totals.values().removeIf(t -> t.requests == 0);
        return totals;
    }

    /**
     * Requests per bucket ({@code bucketMillis}, a multiple of the window, aligned to the epoch) and
     * source, for the given sources, in [from, to).
     */
    TreeMap<Long, Map<String, Long>> timeline(long from, long to, long windowMillis, long bucketMillis, Set<String> sources) {
        var timeline = new TreeMap<Long, Map<String, Long>>();
        if (sources.isEmpty()) {
            return timeline;
        }
        long block = BlockRanges.blockMillis(windowMillis);
        handle.createQuery("SELECT g.source, t.block_start, t.slots " + JOINED
                        + "WHERE t.block_start >= :from AND t.block_start < :to AND g.source IN (<sources>)")
                .bind("from", Math.floorDiv(from, block) * block).bind("to", to)
                .bindList("sources", new ArrayList<>(sources))
                .scanResultSet((supplier, ctx) -> {
                    var rs = supplier.get();
                    while (rs.next()) {
                        String source = rs.getString(1);
                        long blockStart = rs.getLong(2);
                        SlotCodec.decode(rs.getBytes(3), (slot, r, b, s2, s3, s4, s5) -> {
                            long windowStart = blockStart + slot * windowMillis;
                            if (windowStart >= from && windowStart < to && r > 0) {
                                timeline.computeIfAbsent(Math.floorDiv(windowStart, bucketMillis) * bucketMillis,
                                        k -> new HashMap<>()).merge(source, r, Long::sum);
                            }
                        });
                    }
                    return null;
                });
        return timeline;
    }

    /** Every source with traffic in the store, at any time (a file whose every line was rejected is none). */
    List<String> sources() {
        return handle.createQuery("SELECT DISTINCT g.source FROM generation g "
                        + "WHERE EXISTS (SELECT 1 FROM traffic_block t WHERE t.generation = g.id) ORDER BY g.source")
                .mapTo(String.class).list();
    }

    /** The files each of the given sources was read from. */
    List<SourceFile> files(Set<String> sources) {
        if (sources.isEmpty()) {
            return List.of();
        }
        return handle.createQuery("SELECT source, path, format FROM generation WHERE source IN (<sources>) ORDER BY source, path")
                .bindList("sources", new ArrayList<>(sources))
                .map((rs, ctx) -> new SourceFile(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** The file a path was ingested as, if it was. */
    java.util.Optional<SourceFile> file(String path) {
        return handle.createQuery("SELECT source, path, format FROM generation WHERE path = :path ORDER BY updated_at DESC")
                .bind("path", path)
                .map((rs, ctx) -> new SourceFile(rs.getString(1), rs.getString(2), rs.getString(3)))
                .findFirst();
    }
}
