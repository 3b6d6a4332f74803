package io.logpulse.discover.docker;

import io.logpulse.store.DatabaseLocation;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** What a logpulse job stored, read from another connection while it writes (H2's AUTO_SERVER). */
final class Traffic {

    private Traffic() {
    }

    private static Jdbi jdbi(DatabaseLocation location) {
        // IFEXISTS: reading must never create an empty database before logpulse has made its own.
        return Jdbi.create(location.jdbcUrl() + ";IFEXISTS=TRUE");
    }

    /** Requests per source label, as {@code top} sums them. */
    static Map<String, Long> requestsBySource(DatabaseLocation location) {
        return jdbi(location).withHandle(h -> {
            var counts = new TreeMap<String, Long>();
            h.createQuery("SELECT g.source, SUM(t.requests) FROM traffic_block t JOIN generation g ON g.id = t.generation "
                            + "GROUP BY g.source")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            return counts;
        });
    }

    /** Lines read per source label, over all its generations. */
    static Map<String, Long> linesReadBySource(DatabaseLocation location) {
        return jdbi(location).withHandle(h -> {
            var counts = new TreeMap<String, Long>();
            h.createQuery("SELECT source, SUM(lines_read) FROM generation GROUP BY source")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            return counts;
        });
    }

    static long rejected(DatabaseLocation location) {
        return jdbi(location).withHandle(h -> h.createQuery("SELECT COALESCE(SUM(lines), 0) FROM reject_count")
                .mapTo(Long.class).one());
    }

    static long generations(DatabaseLocation location, String source) {
        return jdbi(location).withHandle(h -> h
                .createQuery("SELECT COUNT(*) FROM generation WHERE source = :source").bind("source", source)
                .mapTo(Long.class).one());
    }
}
