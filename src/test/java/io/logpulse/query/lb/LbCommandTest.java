package io.logpulse.query.lb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lb} on the load-balancer lab of sample-logs/lb (field guide §2), checked against counts this
 * test takes from the files itself.
 */
class LbCommandTest {

    private static final Path LAB = Path.of("sample-logs", "lb");
    private static final String[] BACKENDS = {"lb01", "lb02", "lb03"};
    private static final String WEIGHTS = "lb01=6,lb02=2,lb03=2";
    private static final String MAP = "127.0.0.1:5001=lb01,127.0.0.1:5002=lb02,127.0.0.1:5003=lb03";
    private static final String PROXY_FORMAT = "$remote_addr - $remote_user [$time_local] \"$request\" $status "
            + "$body_bytes_sent \"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\" "
            + "upstream=$upstream_addr urt=$upstream_response_time";
    private static final Instant CHANGE = OffsetDateTime.parse("2025-02-01T10:40:00+09:00").toInstant();
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    private static final Pattern TIME = Pattern.compile("\\[([^\\]]+)]");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static String db;

    @BeforeAll
    static void ingest() {
        db = dir.resolve("lab").toString();
        var args = new ArrayList<>(List.of("ingest", "--db", db, "--format", "apache-combined"));
        for (String b : BACKENDS) {
            args.add(LAB.resolve(b).resolve("access.log").toString());
        }
        Run run = run(args.toArray(String[]::new));
        assertThat(run.code).as(run.err).isZero();
    }

    @Test
    void theWholeLabIsSkewedAndSaysWhenLb03Stopped() throws IOException {
        JsonNode lb = json("lb", "--db", db, "--weights", WEIGHTS, "--output", "json");
        assertThat(requests(lb)).isEqualTo(count(Instant.MIN, Instant.MAX));
        assertThat(lb.get("verdict").asText()).startsWith("skewed");
        assertThat(row(lb, "lb03").get("verdict").asText()).isEqualTo("under");
        assertThat(row(lb, "lb01").get("verdict").asText()).isEqualTo("over");
        assertThat(row(lb, "lb02").get("verdict").asText()).isEqualTo("ok");
        assertThat(row(lb, "lb01").get("expected_share").asDouble()).isEqualTo(60.0);
        assertThat(lb.get("notes").toString()).contains("lb03 got no request from 2025-02-01T01:40Z on");
    }

    @Test
    void beforeTheChangeItIsBalanced() throws IOException {
        JsonNode lb = json("lb", "--db", db, "--weights", WEIGHTS, "--to", "01/Feb/2025:10:39:00 +0900", "--output", "json");
        assertThat(requests(lb)).isEqualTo(count(Instant.MIN, OffsetDateTime.parse("2025-02-01T10:39:00+09:00").toInstant()));
        assertThat(lb.get("verdict").asText()).startsWith("balanced");
        assertThat(lb.get("from").asText()).isEqualTo("2025-02-01T10:00+09:00");

        // After it, lb03 is down: weight 0 means nothing expected, and 75/25 between the others holds.
        JsonNode after = json("lb", "--db", db, "--weights", "lb01=6,lb02=2,lb03=0", "--from", CHANGE.toString(),
                "--output", "json");
        assertThat(requests(after)).isEqualTo(count(CHANGE, Instant.MAX));
        assertThat(after.get("verdict").asText()).startsWith("balanced");
        assertThat(row(after, "lb01").get("share").asDouble()).isEqualTo(75.0);
    }

    @Test
    void timelineAsCsv() throws IOException {
        Run run = run("lb", "--db", db, "--weights", WEIGHTS, "--by", "10m", "--output", "csv");
        assertThat(run.code).as(run.err).isZero();
        List<String> lines = run.out.lines().toList();
        assertThat(lines.get(0)).isEqualTo("window_start,window_end,source,requests,share,expected_share,window_requests,"
                + "window_verdict,window_p");
        var sums = new LinkedHashMap<String, Long>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            sums.merge(c[2], Long.parseLong(c[3]), Long::sum);
            if (c[0].compareTo("2025-02-01T01:40Z") >= 0 && c[2].equals("lb03")) {
                assertThat(c[3]).as(line).isEqualTo("0");
            }
            if (c[0].equals("2025-02-01T01:40Z")) {
                assertThat(c[7]).as(line).isEqualTo("skewed");
            }
            if (c[0].equals("2025-02-01T01:10Z")) {
                assertThat(c[7]).as(line).isEqualTo("balanced");
            }
        }
        assertThat(lines).hasSize(1 + 5 * 3);
        assertThat(sums).isEqualTo(count(Instant.MIN, Instant.MAX));
    }

    @Test
    void theProxyLogAloneGivesTheSameCountsAndTheRetries() throws IOException {
        Path proxyLog = LAB.resolve("nginx").resolve("access.log");
        JsonNode lb = json("lb", "--db", dir.resolve("absent").toString(), "--weights", WEIGHTS, "--map", MAP,
                "--proxy-log", proxyLog.toString(), "--proxy-format", PROXY_FORMAT, "--output", "json");
        assertThat(requests(lb)).isEqualTo(count(Instant.MIN, Instant.MAX));
        long retried = Files.readAllLines(proxyLog).stream().filter(l -> l.matches(".* upstream=[^ ]+, .*")).count();
        assertThat(retried).isPositive();
        assertThat(lb.get("retried").asText()).startsWith(retried + " requests were retried");
        assertThat(row(lb, "lb03").get("failed_attempts").asLong()).isEqualTo(retried);
        assertThat(row(lb, "lb01").get("upstream_p95").asDouble()).isPositive();

        // With the store: the proxy's counts sit next to the backend logs' and agree.
        JsonNode both = json("lb", "--db", db, "--weights", WEIGHTS, "--proxy-log", proxyLog.toString(),
                "--proxy-format", PROXY_FORMAT, "--output", "json");
        for (String b : BACKENDS) {
            assertThat(row(both, b).get("proxy_requests").asLong()).isEqualTo(row(both, b).get("requests").asLong());
        }
        assertThat(both.get("notes").toString()).contains("proxy addresses matched to --weights by order");
    }

    @Test
    void againstTheConfigurationWithLb03Down() throws IOException {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                http {
                    upstream backend-lb { server 127.0.0.1:5001 weight=6; server 127.0.0.1:5002 weight=2;
                                          server 127.0.0.1:5003 weight=2 down; }
                    server { listen 80 default_server; location / { proxy_pass http://backend-lb; } }
                }
                """);
        JsonNode lb = json("lb", "--db", db, "--nginx-conf", conf.toString(), "--output", "json");
        assertThat(lb.get("verdict").asText()).startsWith("skewed");
        assertThat(row(lb, "lb03").get("verdict").asText()).isEqualTo("unexpected");
        assertThat(row(lb, "lb03").get("role").asText()).isEqualTo("down");
        assertThat(row(lb, "lb01").get("expected_share").asDouble()).isEqualTo(75.0);
        assertThat(lb.get("notes").toString()).contains("lb03 is down in the configuration but served 474 requests");

        Run table = run("lb", "--db", db, "--nginx-conf", conf.toString(), "--from", CHANGE.toString());
        assertThat(table.code).as(table.err).isZero();
        assertThat(table.out).contains("verdict: balanced").containsPattern("(?m)^source +requests +share +expected_share");
    }

    @Test
    void usageErrorsExitWith2AndRuntimeErrorsWith1() throws IOException {
        Path conf = dir.resolve("two.conf");
        Files.writeString(conf, "upstream a { server 127.0.0.1:1; } upstream b { server 127.0.0.1:2; }\n");
        assertError(2, "cannot be used together", "lb", "--db", db, "--weights", WEIGHTS, "--nginx-conf", conf.toString());
        assertError(2, "is not NAME=WEIGHT", "lb", "--db", db, "--weights", "lb01:6");
        assertError(2, "--upstream needs --nginx-conf", "lb", "--db", db, "--upstream", "a");
        assertError(2, "choose one with --upstream", "lb", "--db", db, "--nginx-conf", conf.toString());
        assertError(2, "has no such upstream", "lb", "--db", db, "--nginx-conf", conf.toString(), "--upstream", "c");
        assertError(2, "not a whole number of the database's 1m windows", "lb", "--db", db, "--weights", WEIGHTS, "--by", "90s");
        assertError(2, "--proxy-format needs --proxy-log", "lb", "--db", db, "--proxy-format", "combined");
        assertError(2, "has no $upstream_addr", "lb", "--db", db, "--proxy-log",
                LAB.resolve("nginx/access.log").toString(), "--proxy-format", "combined");
        assertError(2, "is not ADDRESS=SOURCE", "lb", "--db", db, "--map", "lb01");
        assertError(1, "no such file", "lb", "--db", db, "--nginx-conf", dir.resolve("missing.conf").toString());
        assertError(1, "no database at", "lb", "--db", dir.resolve("nothing/here").toString(), "--weights", WEIGHTS);
        assertError(1, "none of the backends (x, y) is a source in the store", "lb", "--db", db, "--weights", "x=1,y=1");
    }

    @Test
    void helpHasAnExample() {
        Run help = run("lb", "--help");
        assertThat(help.code).isZero();
        assertThat(help.out).contains("Examples").contains("logpulse lb --weights lb01=6,lb02=2,lb03=2");
    }

    // ---- helpers

    private static void assertError(int code, String message, String... args) {
        Run run = run(args);
        assertThat(run.code).as("%s%n%s", String.join(" ", args), run.err).isEqualTo(code);
        assertThat(run.err.lines().findFirst().orElse("")).as(String.join(" ", args)).contains(message);
        if (code == 1) {
            assertThat(run.err.lines().count()).as(run.err).isEqualTo(1);
        }
    }

    /** Lines per backend log with a time in [from, to). */
    private static Map<String, Long> count(Instant from, Instant to) throws IOException {
        var counts = new LinkedHashMap<String, Long>();
        for (String b : BACKENDS) {
            long n = 0;
            for (String line : Files.readAllLines(LAB.resolve(b).resolve("access.log"), StandardCharsets.UTF_8)) {
                Matcher m = TIME.matcher(line);
                assertThat(m.find()).isTrue();
                Instant t = OffsetDateTime.parse(m.group(1), LOG_TIME).toInstant();
                if (!t.isBefore(from) && t.isBefore(to)) {
                    n++;
                }
            }
            counts.put(b, n);
        }
        return counts;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static JsonNode json(String... args) throws IOException {
        Run run = run(args);
        assertThat(run.code).as("%s%n%s", String.join(" ", args), run.err).isZero();
        return JSON.readTree(run.out);
    }

    private static Map<String, Long> requests(JsonNode lb) {
        var counts = new LinkedHashMap<String, Long>();
        for (JsonNode row : lb.get("backends")) {
            counts.put(row.get("source").asText(), row.get("requests").asLong());
        }
        return counts;
    }

    private static JsonNode row(JsonNode lb, String source) {
        for (JsonNode row : lb.get("backends")) {
            if (row.get("source").asText().equals(source)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + source + " in " + lb);
    }
}
