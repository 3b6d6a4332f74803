package io.logpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.cli.AccessLog.Layout;
import io.logpulse.cli.AccessLog.Line;
import io.logpulse.cli.AccessLog.Totals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingesting again after a file has grown, been rotated, or when two files share a source label:
 * the store must always hold exactly the independent count of what the files hold now. The lines
 * are slices of the bind-mount lab log (format main), written by the test.
 */
class IncrementalIngestTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static List<Line> sample;
    static byte[] sampleBytes;

    @BeforeAll
    static void readSample() throws IOException {
        sampleBytes = Files.readAllBytes(NginxSampleIngestTest.LOG);
        sample = AccessLog.read(sampleBytes, Layout.NGINX_MAIN);
    }

    /** Lines [from, to] (1-based, inclusive) of the sample, each with its newline. */
    static byte[] lines(int from, int to) {
        long start = sample.get(from - 1).offset();
        long end = to == sample.size() ? sampleBytes.length : sample.get(to).offset();
        return Arrays.copyOfRange(sampleBytes, (int) start, (int) end);
    }

    @Test
    void aGrownThenRotatedFileIsCountedAsItIsNow(@TempDir Path dir) throws Exception {
        Path log = Files.createDirectories(dir.resolve("app")).resolve("access.log");
        Path db = dir.resolve("db/logpulse");
        // The writer is caught in the middle of line 3001: its first half has no newline yet.
        byte[] line3001 = lines(3001, 3001);
        int half = line3001.length / 2;
        byte[] before = concat(lines(1, 3000), Arrays.copyOf(line3001, half));
        assertThat(sample.get(2999).time().truncatedTo(ChronoUnit.MINUTES))
                .as("old and new lines share the last minute window")
                .isEqualTo(sample.get(3000).time().truncatedTo(ChronoUnit.MINUTES));
        Files.write(log, before);
        ingestAndCheck(db, "main", List.of(log), before);

        byte[] grown = concat(before, Arrays.copyOfRange(line3001, half, line3001.length), lines(3002, 4100));
        Files.write(log, Arrays.copyOfRange(grown, before.length, grown.length), StandardOpenOption.APPEND);
        assertThat(Files.readAllBytes(log)).isEqualTo(grown);
        ingestAndCheck(db, "main", List.of(log), grown);
        assertThat(Store.count(db, "SELECT COUNT(*) FROM generation")).as("still one generation").isOne();

        // logrotate: access.log becomes access.log.1, a new access.log starts; a quoted glob takes both.
        Files.move(log, log.resolveSibling("access.log.1"));
        byte[] fresh = lines(4101, 5000); // holds line 4197, the truncated one
        Files.write(log, fresh);
        Cli.Result run = Cli.run("ingest", "--db", db, "--format", "main", dir.resolve("app") + "/access.log*");
        assertThat(run.exit()).as("%s", run).isZero();
        assertThat(Store.count(db, "SELECT COUNT(*) FROM generation")).as("the rotated file is the same generation").isEqualTo(2);
        List<Line> all = AccessLog.read(concat(grown, fresh), Layout.NGINX_MAIN);
        assertThat(topAll(db)).isEqualTo(new TreeMap<>(AccessLog.totals(all, null, null)));
        assertThat(NginxSampleIngestTest.rejectCounts(db).values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(AccessLog.rejected(all).size());
    }

    @Test
    void twoFilesWithOneSourceLabelThatShareWindowsBothCount(@TempDir Path dir) throws Exception {
        // Odd lines in one file, even lines in the other: every minute has lines of both.
        var one = new ByteArrayOutputStream();
        var two = new ByteArrayOutputStream();
        for (int n = 1; n <= 4000; n++) {
            (n % 2 == 1 ? one : two).writeBytes(lines(n, n));
        }
        Path first = Files.createDirectories(dir.resolve("a")).resolve("one.log");
        Path second = Files.createDirectories(dir.resolve("b")).resolve("two.log");
        Files.write(first, one.toByteArray());
        Files.write(second, two.toByteArray());
        Path db = dir.resolve("db/logpulse");
        Cli.Result run = Cli.run("ingest", "--db", db, "--format", "main", "--source", "web", first, second);
        assertThat(run.exit()).as("%s", run).isZero();

        List<List<Object>> generations = Store.rows(db, "SELECT id, source, path, lines_read FROM generation ORDER BY path");
        assertThat(generations).hasSize(2);
        assertThat(generations).allSatisfy(g -> assertThat(g.get(1)).isEqualTo("web"));
        assertThat(generations.stream().map(g -> g.get(2)).toList())
                .containsExactly(first.toString(), second.toString());
        for (var entry : Map.of(0, one.toByteArray(), 1, two.toByteArray()).entrySet()) {
            List<Line> fileLines = AccessLog.read(entry.getValue(), Layout.NGINX_MAIN);
            List<Object> generation = generations.get(entry.getKey());
            assertThat(generation.get(3)).isEqualTo((long) fileLines.size());
            assertThat(Store.count(db, "SELECT COALESCE(SUM(requests), 0) FROM traffic_block WHERE generation = ?",
                    generation.get(0))).isEqualTo(AccessLog.requests(fileLines).size());
        }
        List<Line> both = AccessLog.read(lines(1, 4000), Layout.NGINX_MAIN);
        assertThat(topAll(db)).isEqualTo(new TreeMap<>(AccessLog.totals(both, null, null)));
    }

    /** Ingests, then checks the store against the test's count of what the files hold. */
    @Test
    void filesOfOneSourceThatStartAlikeButDifferAreBothCountedAndACopyOnce(@TempDir Path dir) throws Exception {
        // Replicas whose first request was the same health check: same source, same first line.
        byte[] shared = lines(1, 1);
        Path first = Files.createDirectories(dir.resolve("a/web")).resolve("access.log");
        Path second = Files.createDirectories(dir.resolve("b/web")).resolve("access.log");
        Files.write(first, concat(shared, lines(2, 50)));
        Files.write(second, concat(shared, lines(51, 80)));
        Path copy = dir.resolve("a/web/access.log.1");
        Files.write(copy, concat(shared, lines(2, 50)));
        Path db = dir.resolve("db/logpulse");

        Cli.Result run = Cli.run("ingest", "--db", db, "--format", "main", first, second, copy);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(Store.count(db, "SELECT COUNT(*) FROM generation")).as("two contents, the copy is the first's").isEqualTo(2);
        long expected = AccessLog.read(concat(shared, lines(2, 50), shared, lines(51, 80)), Layout.NGINX_MAIN).size();
        assertThat(Store.count(db, "SELECT SUM(requests) FROM traffic_block")).isEqualTo(expected);
        assertThat(run.out()).contains("requests counted  " + String.format("%,d", expected));
    }

    private static void ingestAndCheck(Path db, String format, List<Path> files, byte[] content) throws Exception {
        var args = new java.util.ArrayList<Object>(List.of("ingest", "--db", db, "--format", format));
        args.addAll(files);
        Cli.Result run = Cli.run(args.toArray());
        assertThat(run.exit()).as("%s", run).isZero();
        List<Line> lines = AccessLog.read(content, Layout.NGINX_MAIN);
        assertThat(topAll(db)).isEqualTo(new TreeMap<>(AccessLog.totals(lines, null, null)));

        List<Object> generation = Store.rows(db, "SELECT lines_read, bytes_read FROM generation").get(0);
        assertThat(generation).containsExactly((long) lines.size(), (long) content.length);
        Map<String, Long> expectedRejects = AccessLog.rejected(lines).stream()
                .collect(Collectors.groupingBy(l -> "any", TreeMap::new, Collectors.counting()));
        long rejected = NginxSampleIngestTest.rejectCounts(db).values().stream().mapToLong(Long::longValue).sum();
        assertThat(rejected).as("rejected lines of what the file holds now")
                .isEqualTo(expectedRejects.getOrDefault("any", 0L));
        assertThat(Store.rows(db, "SELECT byte_offset FROM reject_sample ORDER BY byte_offset").stream().map(r -> r.get(0)).toList())
                .as("rejected-line samples of what the file holds now")
                .containsExactlyElementsOf(AccessLog.rejected(lines).stream().map(Line::offset).toList());
        assertThat(run.out()).containsPattern("lines rejected +" + rejected + "\\b");
    }

    static Map<String, Totals> topAll(Path db) throws IOException {
        Cli.Result top = Cli.run("top", "--db", db, "--limit", "100000", "--output", "json");
        assertThat(top.exit()).as("%s", top).isZero();
        JsonNode json = JSON.readTree(top.out());
        Map<String, Totals> totals = new TreeMap<>();
        json.get("rows").forEach(r -> totals.put(r.get("ip").asText(), new Totals(r.get("requests").asLong(),
                r.get("bytes").asLong(), r.get("status_2xx").asLong(), r.get("status_3xx").asLong(),
                r.get("status_4xx").asLong(), r.get("status_5xx").asLong())));
        return totals;
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
