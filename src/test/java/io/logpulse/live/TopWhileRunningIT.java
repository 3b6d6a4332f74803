package io.logpulse.live;

import static io.logpulse.live.LiveLogs.note;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpulse.testing.ChildProcess;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logpulse top --output csv} from another process, as a user's second shell runs it, while
 * {@code run} keeps writing: it answers (H2's AUTO_SERVER serves the file), its numbers never
 * exceed what was written and never go backwards, and once the writer stops they are exact.
 */
@ExtendWith(LiveLogs.class)
class TopWhileRunningIT {

    private static final Duration TOP_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> COLUMNS =
            List.of("ip", "requests", "percent", "bytes", "status_2xx", "status_3xx", "status_4xx", "status_5xx");

    @TempDir
    Path dir;

    private RunProcess run;
    private BurstWriter writer;

    @AfterEach
    void stop() throws Exception {
        if (writer != null) {
            writer.close();
        }
        if (run != null) {
            run.close();
        }
    }

    private ChildProcess.Result top(Path db) throws IOException, InterruptedException {
        return Logpulse.execute(dir, TOP_TIMEOUT, "top", "--db", db.toString(), "--limit", "100", "--output", "csv");
    }

    /** The CSV rows by address, after checking the header and that each row adds up. */
    private static Map<String, Store.Totals> parse(String csv) throws IOException {
        List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(csv)).getRecords();
        assertThat(records).as("CSV: a header at least").isNotEmpty();
        assertThat(records.get(0).toList()).as("CSV header").isEqualTo(COLUMNS);
        var rows = new TreeMap<String, Store.Totals>();
        long previous = Long.MAX_VALUE;
        for (CSVRecord r : records.subList(1, records.size())) {
            var t = new Store.Totals(Long.parseLong(r.get(1)), Long.parseLong(r.get(3)), Long.parseLong(r.get(4)),
                    Long.parseLong(r.get(5)), Long.parseLong(r.get(6)), Long.parseLong(r.get(7)));
            assertThat(t.status2xx() + t.status3xx() + t.status4xx() + t.status5xx())
                    .as("status classes of %s", r.get(0))
                    .isEqualTo(t.requests());
            assertThat(t.requests()).as("rows ordered by requests, highest first").isLessThanOrEqualTo(previous);
            previous = t.requests();
            assertThat(rows.put(r.get(0), t)).as("one row per address").isNull();
        }
        return rows;
    }

    @Test
    void topFromAnotherProcessAnswersWhileRunWritesAndEndsExact() throws Exception {
        Path db = dir.resolve("db").resolve("traffic");
        Path file = dir.resolve("logs").resolve("access.log");
        var tally = new Tally();
        writer = new BurstWriter(new AccessLog(file), tally, new Random(), 20, 100);
        writer.writeLines(500);
        run = new RunProcess(dir, List.of("--db", db.toString(), file.toString()));
        run.start().awaitFollowing();

        // At once, before run has stored anything (and possibly before its writers connected).
        ChildProcess.Result early = top(db);
        note("top right after the start: exit %d, %s", early.exit(), early.err().strip());
        if (early.exit() != 0) {
            assertThat(early.err()).contains("the database holds no traffic yet");
        }

        // The queries below are about answering while run writes, not about how soon its first
        // window is stored (FreshnessIT measures that): on a loaded machine that took over 2 s.
        await("run has stored its first lines").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> top(db).exit() == 0);
        writer.start();
        Map<String, Store.Totals> previous = Map.of();
        for (int i = 1; i <= 3; i++) {
            ChildProcess.Result result = top(db);
            long writtenAfter = tally.total();
            assertThat(result.exit()).as("top while run writes: %s", result.err()).isZero();
            Map<String, Store.Totals> rows = parse(result.out());
            long sum = rows.values().stream().mapToLong(Store.Totals::requests).sum();
            note("top #%d while writing: %d requests counted of %d written", i, sum, writtenAfter);
            assertThat(sum).as("never more than was written").isLessThanOrEqualTo(writtenAfter);
            for (var entry : rows.entrySet()) {
                assertThat(entry.getValue().requests()).as("requests of %s", entry.getKey())
                        .isLessThanOrEqualTo(tally.requests(entry.getKey()))
                        .isGreaterThanOrEqualTo(previous.containsKey(entry.getKey())
                                ? previous.get(entry.getKey()).requests() : 0);
            }
            previous = rows;
        }
        writer.stop();

        var store = new Store(db);
        await("run has counted every line").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().untilAsserted(() -> assertThat(store.totals()).isEqualTo(tally.sum()));
        ChildProcess.Result last = top(db);
        assertThat(last.exit()).as("top: %s", last.err()).isZero();
        assertThat(parse(last.out())).as("top's numbers per address, once the writer stopped")
                .isEqualTo(tally.snapshot());
        assertThat(run.alive()).as("run kept running through the queries").isTrue();
        note("top after the writer stopped: exact, %d requests from %d addresses", tally.total(),
                tally.snapshot().size());
    }
}
