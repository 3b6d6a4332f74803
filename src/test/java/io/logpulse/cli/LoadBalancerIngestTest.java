package io.logpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.cli.AccessLog.Layout;
import io.logpulse.cli.AccessLog.Line;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load-balancer lab's three backend logs (apache2 combined), ingested in one command: each file
 * is its own source, named after its directory, and each backend's totals equal the test's count.
 */
class LoadBalancerIngestTest {

    static final List<String> BACKENDS = List.of("lb01", "lb02", "lb03");
    static final Instant TEN_FORTY = OffsetDateTime.parse("2025-02-01T10:40:00+09:00").toInstant();

    @TempDir
    static Path dir;
    static Path db;
    static Map<String, List<Line>> lines = new LinkedHashMap<>();
    static Cli.Result ingest;

    @BeforeAll
    static void ingest() throws Exception {
        for (String backend : BACKENDS) {
            lines.put(backend, AccessLog.read(file(backend), Layout.APACHE_COMBINED));
        }
        db = dir.resolve("lb/logpulse");
        ingest = Cli.run("ingest", "--db", db, "--format", "apache-combined", "--parallelism", "3",
                file("lb01"), file("lb02"), file("lb03"));
        assertThat(ingest.exit()).as("%s", ingest).isZero();
    }

    static Path file(String backend) {
        return Path.of("sample-logs/lb", backend, "access.log");
    }

    @Test
    void theTestsOwnCountAgreesWithTheReadme() {
        assertThat(BACKENDS.stream().map(b -> AccessLog.requests(lines.get(b)).size()).toList()).containsExactly(1895, 631, 474);
        assertThat(BACKENDS.stream().map(b -> AccessLog.sum(AccessLog.totals(lines.get(b), null, TEN_FORTY))).toList())
                .containsExactly(1445L, 481L, 474L);
        assertThat(BACKENDS.stream().map(b -> AccessLog.rejected(lines.get(b)).size()).toList()).containsOnly(0);
    }

    @Test
    void eachBackendIsItsOwnSourceWithItsOwnTotals() throws Exception {
        for (String backend : BACKENDS) {
            List<List<Object>> rows = Store.rows(db, "SELECT id, path, lines_read, bytes_read FROM generation WHERE source = ?", backend);
            assertThat(rows).as(backend).hasSize(1);
            List<Object> generation = rows.get(0);
            assertThat(generation.subList(1, 4)).containsExactly(file(backend).toAbsolutePath().normalize().toString(),
                    (long) lines.get(backend).size(), Files.size(file(backend)));
            assertThat(Store.count(db, "SELECT COALESCE(SUM(requests), 0) FROM traffic_block WHERE generation = ?", generation.get(0)))
                    .as("requests of %s", backend).isEqualTo(AccessLog.requests(lines.get(backend)).size());
        }
        assertThat(Store.count(db, "SELECT COUNT(*) FROM generation")).isEqualTo(3);
        assertThat(Store.count(db, "SELECT COUNT(*) FROM reject_count")).isZero();
        for (String backend : BACKENDS) {
            assertThat(ingest.out()).containsPattern("\\[" + backend + "\\] +" + String.format("%,d", lines.get(backend).size())
                    + " lines, " + String.format("%,d", AccessLog.requests(lines.get(backend)).size()) + " requests, 0 rejected");
        }
    }

    @Test
    void topAddsTheBackendsUp() {
        List<Line> all = lines.values().stream().flatMap(List::stream).toList();
        for (String[] range : new String[][] {{"2025-02-01T10:00:00+09:00", "2025-02-01T10:40:00+09:00"},
                {"2025-02-01T10:40:00+09:00", "2025-02-01T10:50:00+09:00"}, {"2025-02-01T01:00:00Z", "2025-02-01T02:00:00Z"}}) {
            Cli.Result top = Cli.run("top", "--db", db, "--from", range[0], "--to", range[1], "--output", "csv");
            assertThat(top.exit()).as("%s", top).isZero();
            long expected = AccessLog.sum(AccessLog.totals(all, AccessLog.instant(range[0]), AccessLog.instant(range[1])));
            assertThat(top.out().lines().toList()).as("[%s, %s)", range[0], range[1])
                    .hasSize(2).element(1).asString().startsWith("172.17.0.1," + expected + ",");
        }
    }
}
