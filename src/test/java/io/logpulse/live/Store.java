package io.logpulse.live;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import io.logpulse.model.BlockCodec;
import io.logpulse.model.Counts;
import io.logpulse.query.GroupTotals;
import io.logpulse.query.TimeRange;
import io.logpulse.query.requests.Dimension;
import io.logpulse.query.requests.RequestFilter;
import io.logpulse.query.requests.RequestQueries;
import io.logpulse.store.RequestReader;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads what {@code run} stored, from this (another) process while it writes: H2's
 * {@code AUTO_SERVER} serves the file of the process that opened it first to the others.
 */
final class Store {

    /** One client address's totals. */
    record Totals(long requests, long bytes, long status2xx, long status3xx, long status4xx, long status5xx) {
    }

    private final Jdbi jdbi;

    /** {@code database}: the path given to {@code --db}, without {@code .mv.db}. */
    Store(Path database) {
        // IFEXISTS: a query must never create an empty database before logpulse has made its own.
        this.jdbi = Jdbi.create("jdbc:h2:file:" + database.toAbsolutePath() + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE");
    }

    /** A connection held open, for tight polling loops. */
    org.jdbi.v3.core.Handle open() {
        return jdbi.open();
    }

    static long totalRequests(org.jdbi.v3.core.Handle handle) {
        return handle.createQuery("SELECT COALESCE(SUM(requests), 0) FROM traffic_block").mapTo(Long.class).one();
    }

    long totalRequests() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(requests), 0) FROM traffic_block")
                .mapTo(Long.class).one());
    }

    /** Requests, bytes and status classes summed over every stored block. */
    Totals totals() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(requests), 0), COALESCE(SUM(bytes), 0), "
                        + "COALESCE(SUM(status_2xx), 0), COALESCE(SUM(status_3xx), 0), COALESCE(SUM(status_4xx), 0), "
                        + "COALESCE(SUM(status_5xx), 0) FROM traffic_block")
                .map((rs, ctx) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)))
                .one());
    }

    /** Per client address, from the packed per-address counts of every block ({@link BlockCodec}). */
    Map<String, Totals> perIp() {
        var sums = new TreeMap<String, long[]>();
        jdbi.useHandle(h -> h.createQuery("SELECT addresses FROM traffic_block_addresses").mapTo(byte[].class)
                .forEach(packed -> BlockCodec.decode(packed, (bytes, start, length, slot, counts, at) -> {
                    String ip = new String(bytes, start, length, StandardCharsets.ISO_8859_1);
                    long[] sum = sums.computeIfAbsent(ip, k -> new long[Counts.STRIDE]);
                    Counts.add(sum, 0, counts, at);
                })));
        var totals = new TreeMap<String, Totals>();
        sums.forEach((ip, t) -> totals.put(ip, new Totals(t[Counts.REQUESTS], t[Counts.BYTES],
                t[Counts.status(2)], t[Counts.status(3)], t[Counts.status(4)], t[Counts.status(5)])));
        return totals;
    }

    /**
     * Per client address, the totals of the request store, read with the query code: every request
     * kept once whatever restarts and replays wrote its segments again.
     */
    Map<String, Totals> perIpInRequestStore() {
        return jdbi.withHandle(h -> {
            var reader = new RequestReader(h);
            var all = new TimeRange(Instant.EPOCH, Instant.parse("2200-01-01T00:00:00Z"), ZoneOffset.UTC);
            var totals = new TreeMap<String, Totals>();
            for (GroupTotals t : new RequestQueries(reader).top(new RequestFilter(all, null, null, null, null), Dimension.IP,
                    Integer.MAX_VALUE).rows()) {
                totals.put(t.key(), new Totals(t.requests(), t.bytes(), t.status(2), t.status(3), t.status(4), t.status(5)));
            }
            return totals;
        });
    }

    /**
     * Which bytes of each generation the request store's segments cover, and the gaps below what
     * was read: where a failure to hold every request comes from.
     */
    String requestCoverage() {
        return jdbi.withHandle(h -> {
            var text = new StringBuilder();
            for (var generation : h.createQuery("SELECT id, path, bytes_read FROM generation ORDER BY id").mapToMap().list()) {
                long id = ((Number) generation.get("id")).longValue();
                long read = ((Number) generation.get("bytes_read")).longValue();
                text.append("\n generation ").append(id).append(' ').append(generation.get("path")).append(", ")
                        .append(read).append(" bytes read, segments");
                long coveredTo = 0;
                var gaps = new StringBuilder();
                for (var segment : h.createQuery("SELECT start_offset, end_offset, requests FROM request_segment "
                        + "WHERE generation = ? ORDER BY start_offset").bind(0, id).mapToMap().list()) {
                    long start = ((Number) segment.get("start_offset")).longValue();
                    long end = ((Number) segment.get("end_offset")).longValue();
                    text.append(" [").append(start).append(',').append(end).append(")=").append(segment.get("requests"));
                    if (start > coveredTo) {
                        gaps.append(" [").append(coveredTo).append(',').append(start).append(')');
                    }
                    coveredTo = Math.max(coveredTo, end);
                }
                if (coveredTo < read) {
                    gaps.append(" [").append(coveredTo).append(',').append(read).append(')');
                }
                text.append(gaps.isEmpty() ? "; no gaps" : "; gaps" + gaps);
            }
            return text.toString();
        });
    }

    /** Lines not counted as requests, whatever the reason (late lines included). */
    long rejected() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(lines), 0) FROM reject_count")
                .mapTo(Long.class).one());
    }

    /** Lines read, summed over every file generation. */
    long linesRead() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(lines_read), 0) FROM generation")
                .mapTo(Long.class).one());
    }

    long generations() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM generation").mapTo(Long.class).one());
    }
}
