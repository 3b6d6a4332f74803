package io.logpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.cli.AccessLog.Layout;
import io.logpulse.cli.AccessLog.Line;
import io.logpulse.cli.AccessLog.Totals;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file no one should have to read, ingested with the default format (recognised from its first
 * line, a plain {@code combined} one): binary bytes
 * with NUL, an empty line, a 200 KB line in the middle, a 1.5 MB line (longer than a read chunk),
 * ANSI escape sequences in user agents and paths, ESC where the address belongs, CRLF, and no newline
 * at the end; in a directory whose name (the source label) holds terminal control characters. Nothing
 * may crash, every count must be right, and nothing may reach the terminal raw.
 */
class HostileInputTest {

    static final String SOURCE = "evil\u001b]0;pwned\u0007src";

    @TempDir
    static Path dir;
    static Path file;
    static Path db;
    static byte[] content;
    static List<Line> lines;
    static Cli.Result ingest;

    /** The lines and what the test expects of each: null for a request, else the reject reason. */
    static final Map<Integer, String> EXPECTED_REJECTS = new TreeMap<>();

    @BeforeAll
    static void ingest() throws Exception {
        var out = new ByteArrayOutputStream();
        int[] number = {0};
        java.util.function.BiConsumer<byte[], String> line = (bytes, reject) -> {
            number[0]++;
            out.writeBytes(bytes);
            out.write('\n');
            if (reject != null) {
                EXPECTED_REJECTS.put(number[0], reject);
            }
        };
        line.accept(request("192.0.2.1", "10:58:05", "GET / HTTP/1.1", 200, 512, "curl/8.5.0"), null);
        line.accept(new byte[] {0x00, 0x01, (byte) 0xFF, 0x1B, '[', '2', 'J', 0x00, 0x7F, (byte) 0x80, ' ', '"', 0x00}, "binary");
        line.accept(request("192.0.2.2", "10:58:59", "GET /\u001b[2J HTTP/1.1", 404, 153,
                "\u001b[2J\u001b[31mHACKED\u001b[0m\u001b]0;owned\u0007"), null);
        line.accept(new byte[0], "empty-line");
        byte[] big = ("192.0.2.9 - - [01/Feb/2025:10:59:00 +0000] \"GET /" + "a".repeat(200 * 1024))
                .getBytes(StandardCharsets.US_ASCII);
        line.accept(big, "too-long");
        line.accept(request("2001:db8::1", "10:59:30", "GET /x HTTP/1.1", 301, 169, "Mozilla/5.0"), null);
        line.accept((new String(request("192.0.2.3", "10:59:59", "POST /api HTTP/1.1", 201, 7, "okhttp/4.12.0"),
                StandardCharsets.ISO_8859_1) + "\r").getBytes(StandardCharsets.ISO_8859_1), null);
        // Longer than a read chunk (1 MiB): it never is in memory whole.
        byte[] huge = ("192.0.2.10 - - [01/Feb/2025:11:00:00 +0000] \"GET /" + "b".repeat(1536 * 1024))
                .getBytes(StandardCharsets.US_ASCII);
        line.accept(huge, "too-long");
        line.accept(("\u001b[31m" + new String(request("192.0.2.66", "11:00:01", "GET / HTTP/1.1", 200, 1, "x"),
                StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1), "bad-address");
        for (int i = 0; i < 5; i++) {
            line.accept(request("192.0.2.1", "11:00:0" + i, "GET /p/" + i + " HTTP/1.1", 500 - i * 100, i, "curl/8.5.0"), null);
        }
        line.accept(request("2001:db8::1", "11:01:00", "HEAD / HTTP/1.1", 200, 0, "Mozilla/5.0"), null);
        // The last line, with no newline after it.
        out.writeBytes(request("192.0.2.4", "11:02:00", "GET /last HTTP/1.1", 200, 42, "\u001b[0m"));
        number[0]++;
        content = out.toByteArray();

        file = Files.createDirectories(dir.resolve(SOURCE)).resolve("access.log");
        Files.write(file, content);
        lines = AccessLog.read(content, Layout.NGINX_COMBINED);
        db = dir.resolve("db/logpulse");
        ingest = Cli.run("ingest", "--db", db, file);
    }

    static byte[] request(String ip, String time, String request, int status, long bytes, String agent) {
        return (ip + " - - [01/Feb/2025:" + time + " +0000] \"" + request + "\" " + status + " " + bytes + " \"-\" \""
                + agent + "\"").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theTestsOwnReadingSeesWhatWasWritten() {
        assertThat(content[content.length - 1]).as("no newline at the end").isNotEqualTo((byte) '\n');
        assertThat(lines).hasSize(16);
        assertThat(AccessLog.rejected(lines).stream().map(Line::number).toList())
                .containsExactlyElementsOf(EXPECTED_REJECTS.keySet());
        assertThat(lines.get(lines.size() - 1).ip()).isEqualTo("192.0.2.4");
    }

    @Test
    void ingestSucceedsAndSummarisesWithoutControlCharacters() {
        assertThat(ingest.exit()).as("%s", ingest).isZero();
        assertThat(ingest.out()).contains(String.format("%,d lines read", lines.size()))
                .containsPattern("requests counted +" + AccessLog.requests(lines).size() + "\\b")
                .containsPattern("lines rejected +" + EXPECTED_REJECTS.size() + "\\b");
        assertThat(ingest.out() + ingest.err()).as("no raw control characters reach the terminal")
                .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u0000");
    }

    @Test
    void everyRejectIsCountedPerReasonAndKeptFromItsFirstByte() throws Exception {
        List<List<Object>> generation = Store.rows(db, "SELECT id, source, lines_read, bytes_read FROM generation");
        assertThat(generation).hasSize(1);
        assertThat(generation.get(0).subList(1, 4)).containsExactly(SOURCE, (long) lines.size(), (long) content.length);
        assertThat(Store.rows(db, "SELECT format FROM generation").get(0)).containsExactly("combined");

        Map<String, Long> expected = new TreeMap<>();
        EXPECTED_REJECTS.values().forEach(reason -> expected.merge(reason, 1L, Long::sum));
        assertThat(NginxSampleIngestTest.rejectCounts(db)).isEqualTo(expected);

        List<List<Object>> samples = Store.rows(db, "SELECT byte_offset, reason, line FROM reject_sample ORDER BY byte_offset");
        assertThat(samples).hasSize(EXPECTED_REJECTS.size());
        int i = 0;
        for (var reject : EXPECTED_REJECTS.entrySet()) {
            Line line = lines.get(reject.getKey() - 1);
            List<Object> sample = samples.get(i++);
            assertThat(sample.get(0)).as("offset of line %d", line.number()).isEqualTo(line.offset());
            assertThat(sample.get(1)).as("reason of line %d", line.number()).isEqualTo(reject.getValue());
            assertThat(sample.get(2)).as("bytes of line %d", line.number())
                    .isEqualTo(HexFormat.of().formatHex(Arrays.copyOf(line.raw(), Math.min(1024, line.raw().length))));
        }
    }

    @Test
    void requestsAroundTheJunkAreAllCounted() throws Exception {
        Cli.Result top = Cli.run("top", "--db", db, "--limit", "100", "--output", "json");
        assertThat(top.exit()).as("%s", top).isZero();
        JsonNode json = new ObjectMapper().readTree(top.out());
        Map<String, Totals> actual = new TreeMap<>();
        json.get("rows").forEach(r -> actual.put(r.get("ip").asText(), new Totals(r.get("requests").asLong(),
                r.get("bytes").asLong(), r.get("status_2xx").asLong(), r.get("status_3xx").asLong(),
                r.get("status_4xx").asLong(), r.get("status_5xx").asLong())));
        assertThat(actual).isEqualTo(new TreeMap<>(AccessLog.totals(lines, null, null)));
        assertThat(actual).containsKey("192.0.2.4").doesNotContainKeys("192.0.2.9", "192.0.2.10", "192.0.2.66");

        Cli.Result table = Cli.run("top", "--db", db);
        assertThat(table.exit()).isZero();
        assertThat(table.out()).doesNotContain("\u001b");
    }
}
