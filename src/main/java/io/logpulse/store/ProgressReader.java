package io.logpulse.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** What the store knows about file generations: how much was read, counted and rejected. */
public final class ProgressReader {

    /** One generation's totals; {@code rejects} maps reason to lines. */
    public record GenerationSummary(long generation, String source, String path, long lines, long bytes,
            long requests, Map<String, Long> rejects) {

        public long rejected() {
            return rejects.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Handle handle;

    public ProgressReader(Handle handle) {
        this.handle = handle;
    }

    public Optional<GenerationSummary> summary(long generation) {
        var row = handle.createQuery("SELECT source, path, lines_read, bytes_read FROM generation WHERE id = :id")
                .bind("id", generation)
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)})
                .findOne();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        long requests = handle.createQuery("SELECT COALESCE(SUM(requests), 0) FROM traffic_block WHERE generation = :id")
                .bind("id", generation).mapTo(Long.class).one();
        Map<String, Long> rejects = new LinkedHashMap<>();
        handle.createQuery("SELECT reason, lines FROM reject_count WHERE generation = :id ORDER BY lines DESC, reason")
                .bind("id", generation)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> rejects.put(e.getKey(), e.getValue()));
        Object[] r = row.get();
        return Optional.of(new GenerationSummary(generation, (String) r[0], (String) r[1], (Long) r[2], (Long) r[3],
                requests, rejects));
    }

    /** Lines and bytes read so far in these generations. */
    public long[] readSoFar(List<Long> generations) {
        return handle.createQuery("SELECT COALESCE(SUM(lines_read), 0), COALESCE(SUM(bytes_read), 0) FROM generation "
                        + "WHERE id IN (<ids>)")
                .bindList("ids", generations)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
    }

    public List<GenerationSummary> summaries(List<Long> generations) {
        return generations.stream().map(this::summary).flatMap(Optional::stream).toList();
    }
}
