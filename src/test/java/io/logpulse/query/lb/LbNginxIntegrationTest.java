package io.logpulse.query.lb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The field guide's load-balancer lab with real parts: Debian's nginx on 127.0.0.1 as the proxy, an
 * upstream over three more nginx instances (each its own process, port and access log in its own
 * directory lb01/ lb02/ lb03/), weights 6/2/2. Phase 1: 1,000 requests. Phase 2: lb03 marked
 * {@code down}, nginx reloaded, 400 more. Phase 3: {@code ip_hash}, 300 requests from 30 clients
 * (X-Forwarded-For, taken as the client address by the realip module). Then {@code ingest} and
 * {@code lb}, checked against counts the test takes from the log files itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LbNginxIntegrationTest {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final String[] BACKENDS = {"lb01", "lb02", "lb03"};
    private static final String PROXY_FORMAT = "$remote_addr - $remote_user [$time_local] \"$request\" $status "
            + "$body_bytes_sent \"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\" "
            + "upstream=$upstream_addr urt=$upstream_response_time";
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    private static final Pattern TIME = Pattern.compile("\\[([^\\]]+)]");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private final List<Process> nginxes = new ArrayList<>();
    private final int[] backendPorts = new int[3];
    private int proxyPort;
    private Process proxy;
    private Path db;
    private Path proxyConf;
    private Path downConf;
    private String map;
    /** Phase 2 (lb03 down) starts here, phase 3 (ip_hash) here: whole seconds, after the reload was seen. */
    private Instant downFrom;
    private Instant ipHashFrom;
    private Instant end;

    @BeforeAll
    void labAndIngest() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(NGINX),
                "skipped: " + NGINX + " is missing (apt-get install nginx; .ci/run installs it)");
        for (int i = 0; i < 3; i++) {
            backendPorts[i] = freePort();
            Path home = Files.createDirectories(dir.resolve(BACKENDS[i]));
            nginxes.add(start(home, backendConf(home, BACKENDS[i], backendPorts[i]), backendPorts[i]));
        }
        proxyPort = freePort();
        Path home = Files.createDirectories(dir.resolve("proxy"));
        proxyConf = home.resolve("nginx.conf");
        Files.writeString(proxyConf, proxyConf(home));
        writeUpstream(home, 1, "server 127.0.0.1:%d weight=6;  # lb01\n    server 127.0.0.1:%d weight=2;\n    server 127.0.0.1:%d weight=2;");
        proxy = start(home, proxyConf, proxyPort);
        nginxes.add(proxy);
        map = "127.0.0.1:" + backendPorts[0] + "=lb01,127.0.0.1:" + backendPorts[1] + "=lb02,127.0.0.1:" + backendPorts[2] + "=lb03";

        HttpClient phase1 = client();
        for (int i = 0; i < 1000; i++) {
            assertThat(get(phase1, "/item/" + i, null)).startsWith("lb0");
        }

        writeUpstream(home, 2, "server 127.0.0.1:%d weight=6;\n    server 127.0.0.1:%d weight=2;\n    server 127.0.0.1:%d weight=2 down;");
        downFrom = reload(2);
        // The configuration of phase 2, kept for the checks (the proxy moves on to phase 3).
        Path kept = Files.createDirectories(dir.resolve("phase2"));
        for (String f : List.of("nginx.conf", "upstream.conf", "phase.conf")) {
            Files.copy(home.resolve(f), kept.resolve(f));
        }
        downConf = kept.resolve("nginx.conf");
        HttpClient phase2 = client();
        for (int i = 0; i < 400; i++) {
            assertThat(get(phase2, "/item/" + i, null)).isIn("lb01\n", "lb02\n");
        }

        writeUpstream(home, 3, "ip_hash;\n    server 127.0.0.1:%d;\n    server 127.0.0.1:%d;\n    server 127.0.0.1:%d;");
        ipHashFrom = reload(3);
        HttpClient phase3 = client();
        for (int i = 0; i < 300; i++) {
            get(phase3, "/page/" + i, "10.0." + (i % 30) + "." + (7 + i % 30));
        }
        end = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 2);

        db = dir.resolve("db").resolve("lab");
        var args = new ArrayList<>(List.of("ingest", "--db", db.toString(), "--window", "1s", "--format", "main"));
        for (String b : BACKENDS) {
            args.add(dir.resolve(b).resolve("access.log").toString());
        }
        Run ingest = logpulse(args.toArray(String[]::new));
        assertThat(ingest.code).as(ingest.err).isZero();
    }

    @AfterAll
    void stopAll() throws InterruptedException {
        for (Process p : nginxes) {
            p.destroy();
        }
        for (Process p : nginxes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    @Order(1)
    void phaseOneIsBalancedWithExactlyTheCountsOfTheBackendLogs() throws Exception {
        Map<String, Long> expected = countLines(Instant.EPOCH, downFrom);
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1000);

        JsonNode lb = json("lb", "--db", db.toString(), "--weights", "lb01=6,lb02=2,lb03=2", "--to", downFrom.toString(),
                "--output", "json");
        assertThat(requestsBySource(lb)).isEqualTo(expected);
        assertThat(lb.get("verdict").asText()).startsWith("balanced");
        for (JsonNode row : lb.get("backends")) {
            assertThat(row.get("verdict").asText()).as(row.toString()).isEqualTo("ok");
        }

        // The CSV has what scripts need, with the same numbers.
        Run csv = logpulse("lb", "--db", db.toString(), "--weights", "lb01=6,lb02=2,lb03=2", "--to", downFrom.toString(),
                "--output", "csv");
        List<String> lines = csv.out.lines().toList();
        assertThat(lines.get(0)).startsWith("source,requests,share,expected_share,");
        assertThat(lines).hasSize(4);
        for (String line : lines.subList(1, 4)) {
            String[] cells = line.split(",");
            assertThat(Long.parseLong(cells[1])).isEqualTo(expected.get(cells[0]));
        }
    }

    @Test
    @Order(2)
    void theTimelineShowsTheDownBackendAtZeroAndTheWholeRangeIsFlagged() throws Exception {
        Map<String, Long> all = countLines(Instant.EPOCH, ipHashFrom);
        Map<String, Long> after = countLines(downFrom, ipHashFrom);
        assertThat(after.get("lb03")).isZero();
        assertThat(after.get("lb01") + after.get("lb02")).isEqualTo(400);

        JsonNode lb = json("lb", "--db", db.toString(), "--weights", "lb01=6,lb02=2,lb03=2", "--to", ipHashFrom.toString(),
                "--by", "1s", "--output", "json");
        assertThat(requestsBySource(lb)).isEqualTo(all);
        assertThat(lb.get("verdict").asText()).startsWith("skewed");
        assertThat(row(lb, "lb03").get("verdict").asText()).isEqualTo("under");
        assertThat(notes(lb)).anyMatch(n -> n.startsWith("lb03 got no request from "));

        long later = 0;
        var perSource = new LinkedHashMap<String, Long>();
        for (JsonNode w : lb.get("timeline")) {
            Instant start = OffsetDateTime.parse(w.get("window_start").asText()).toInstant();
            String source = w.get("source").asText();
            perSource.merge(source, w.get("requests").asLong(), Long::sum);
            if (!start.isBefore(downFrom)) {
                if (source.equals("lb03")) {
                    assertThat(w.get("requests").asLong()).as("lb03 at %s", start).isZero();
                }
                later += w.get("requests").asLong();
            }
        }
        assertThat(later).isEqualTo(400);
        assertThat(perSource).isEqualTo(all);

        // Against the configuration as it is now (lb03 down): balanced after the change, flagged over the whole range.
        JsonNode now = json("lb", "--db", db.toString(), "--nginx-conf", downConf.toString(), "--map", map,
                "--from", downFrom.toString(), "--to", ipHashFrom.toString(), "--output", "json");
        assertThat(now.get("verdict").asText()).startsWith("balanced");
        assertThat(row(now, "lb03").get("expected_share").asDouble()).isZero();
        assertThat(row(now, "lb01").get("expected_share").asDouble()).isEqualTo(75.0);
        JsonNode whole = json("lb", "--db", db.toString(), "--nginx-conf", downConf.toString(), "--map", map,
                "--to", ipHashFrom.toString(), "--output", "json");
        assertThat(whole.get("verdict").asText()).startsWith("skewed");
        assertThat(row(whole, "lb03").get("verdict").asText()).isEqualTo("unexpected");
        assertThat(row(whole, "lb03").get("requests").asLong()).isEqualTo(all.get("lb03"));
        assertThat(notes(whole)).anyMatch(n -> n.startsWith("lb03 is down in the configuration but served"));
    }

    @Test
    @Order(3)
    void theProxyLogAgreesAndAddsResponseTimes() throws Exception {
        Map<String, Long> all = countLines(Instant.EPOCH, ipHashFrom);
        JsonNode lb = json("lb", "--db", db.toString(), "--weights", "lb01=6,lb02=2,lb03=2", "--map", map,
                "--to", ipHashFrom.toString(), "--proxy-log", dir.resolve("proxy/access.log").toString(), "--proxy-format", PROXY_FORMAT, "--output", "json");
        for (String b : BACKENDS) {
            assertThat(row(lb, b).get("proxy_requests").asLong()).as(b).isEqualTo(all.get(b));
            assertThat(row(lb, b).get("address").asText()).isEqualTo("127.0.0.1:" + backendPorts[List.of(BACKENDS).indexOf(b)]);
            assertThat(row(lb, b).get("upstream_p50").isNumber()).isTrue();
        }
        assertThat(lb.get("retried").asText()).startsWith("0 requests");

        // The proxy log alone, without any database: the same counts.
        JsonNode alone = json("lb", "--db", dir.resolve("none/db").toString(), "--weights", "lb01=6,lb02=2,lb03=2",
                "--map", map, "--to", downFrom.toString(), "--proxy-log", dir.resolve("proxy/access.log").toString(),
                "--proxy-format", PROXY_FORMAT, "--output", "json");
        assertThat(requestsBySource(alone)).isEqualTo(countLines(Instant.EPOCH, downFrom));
        assertThat(alone.get("verdict").asText()).startsWith("balanced");
    }

    @Test
    @Order(4)
    void ipHashKeepsEveryClientOnOneBackend() throws Exception {
        Map<String, Long> phase3 = countLines(ipHashFrom, end);
        assertThat(phase3.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        assertThat(phase3.values().stream().filter(n -> n > 0).count()).as("ip_hash spread the 30 clients").isGreaterThan(1);

        JsonNode fromProxy = json("lb", "--db", db.toString(), "--nginx-conf", proxyConf.toString(), "--map", map,
                "--from", ipHashFrom.toString(), "--proxy-log", dir.resolve("proxy/access.log").toString(),
                "--proxy-format", PROXY_FORMAT, "--output", "json");
        assertThat(requestsBySource(fromProxy)).isEqualTo(phase3);
        assertThat(fromProxy.get("verdict").asText()).startsWith("n/a");
        assertThat(fromProxy.get("stickiness").get("clients").asInt()).isEqualTo(30);
        assertThat(fromProxy.get("stickiness").get("sticky").asBoolean()).isTrue();
        assertThat(fromProxy.get("stickiness").get("spread")).isEmpty();

        // From X-Forwarded-For in the backend logs, with servers matched to sources by order.
        JsonNode fromBackends = json("lb", "--db", db.toString(), "--nginx-conf", proxyConf.toString(),
                "--from", ipHashFrom.toString(), "--output", "json");
        assertThat(fromBackends.get("stickiness").get("clients").asInt()).isEqualTo(30);
        assertThat(fromBackends.get("stickiness").get("sticky").asBoolean()).isTrue();
        assertThat(notes(fromBackends)).anyMatch(n -> n.startsWith("servers matched to sources by order"));

        // The same check over round-robin traffic does find the client that went everywhere.
        JsonNode roundRobin = json("lb", "--db", db.toString(), "--weights", "lb01=6,lb02=2,lb03=2", "--sticky",
                "--to", downFrom.toString(), "--output", "json");
        assertThat(roundRobin.get("stickiness").get("sticky").asBoolean()).isFalse();
        assertThat(roundRobin.get("stickiness").get("spread").get(0).get("client").asText()).isEqualTo("127.0.0.1");
        assertThat(roundRobin.get("stickiness").get("spread").get(0).get("backends")).hasSize(3);
    }

    // ---- the lab

    private String backendConf(Path home, String name, int port) throws IOException {
        Path conf = home.resolve("nginx.conf");
        Files.writeString(conf, common(home) + """
                http {
                    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                                    '$status $body_bytes_sent "$http_referer" '
                                    '"$http_user_agent" "$http_x_forwarded_for"';
                    access_log %1$s/access.log main;
                %2$s
                    server {
                        listen 127.0.0.1:%3$d;
                        location / { return 200 "%4$s\\n"; }
                    }
                }
                """.formatted(home, temp(home), port, name));
        return conf.toString();
    }

    private String proxyConf(Path home) {
        return common(home) + """
                http {
                    log_format upstreamlog '$remote_addr - $remote_user [$time_local] "$request" '
                                           '$status $body_bytes_sent "$http_referer" '
                                           '"$http_user_agent" "$http_x_forwarded_for" '
                                           'upstream=$upstream_addr urt=$upstream_response_time';
                    access_log %1$s/access.log upstreamlog;
                %2$s
                    # Clients are named by X-Forwarded-For (phase 3), so that ip_hash sees many.
                    set_real_ip_from 127.0.0.0/8;
                    real_ip_header X-Forwarded-For;

                    include upstream.conf;

                    server {
                        listen 127.0.0.1:%3$d;
                        include phase.conf;
                        location / {
                            proxy_pass http://backend-lb;
                            proxy_set_header X-Forwarded-For $remote_addr;
                        }
                    }
                }
                """.formatted(home, temp(home), proxyPort);
    }

    private void writeUpstream(Path home, int phase, String servers) throws IOException {
        Files.writeString(home.resolve("upstream.conf"), "upstream backend-lb {\n    "
                + servers.formatted(backendPorts[0], backendPorts[1], backendPorts[2]) + "\n}\n");
        Files.writeString(home.resolve("phase.conf"), "location = /phase { return 200 \"" + phase + "\"; }\n");
    }

    private static String common(Path home) {
        boolean root = "root".equals(System.getProperty("user.name"));
        return (root ? "user root;\n" : "") + """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 256; }
                """.formatted(home);
    }

    private static String temp(Path home) {
        return """
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                """.formatted(home);
    }

    private Process start(Path home, Object conf, int port) throws Exception {
        Files.createDirectories(home.resolve("tmp"));
        Process p = new ProcessBuilder(NGINX.toString(), "-p", home + "/", "-c", conf.toString(), "-e", home + "/error.log")
                .redirectErrorStream(true).redirectOutput(home.resolve("stdout.log").toFile()).start();
        for (int i = 0; i < 200; i++) {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return p;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("nginx did not start: " + Files.readString(home.resolve("error.log")));
                }
                Thread.sleep(25);
            }
        }
        p.destroy();
        throw new IllegalStateException("nginx did not listen on " + port + " within 5 s");
    }

    /** Reloads the proxy, waits until a new worker answers, and returns the next whole second (+ margin). */
    private Instant reload(int phase) throws Exception {
        Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(proxy.pid())).start();
        assertThat(hup.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hup.exitValue()).isZero();
        for (int i = 0; i < 200; i++) {
            if (get(client(), "/phase", null).equals(Integer.toString(phase))) {
                // Old workers finish what they had; the next phase starts in a window of its own.
                Instant from = Instant.ofEpochSecond(Instant.now().plusMillis(300).getEpochSecond() + 1);
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), from).toMillis()));
                return from;
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException("nginx did not reload into phase " + phase);
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private String get(HttpClient client, String path, String forwardedFor) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + path)).timeout(Duration.ofSeconds(10));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---- independent counts, straight from the backends' log files

    private Map<String, Long> countLines(Instant from, Instant to) throws IOException {
        var counts = new LinkedHashMap<String, Long>();
        for (String b : BACKENDS) {
            long n = 0;
            for (String line : Files.readAllLines(dir.resolve(b).resolve("access.log"), StandardCharsets.UTF_8)) {
                Matcher m = TIME.matcher(line);
                assertThat(m.find()).as(line).isTrue();
                Instant t = OffsetDateTime.parse(m.group(1), LOG_TIME).toInstant();
                if (!t.isBefore(from) && t.isBefore(to)) {
                    n++;
                }
            }
            counts.put(b, n);
        }
        return counts;
    }

    // ---- logpulse

    private record Run(int code, String out, String err) {
    }

    private static Run logpulse(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static JsonNode json(String... args) throws IOException {
        Run run = logpulse(args);
        assertThat(run.code).as("%s%n%s", String.join(" ", args), run.err).isZero();
        return JSON.readTree(run.out);
    }

    private static Map<String, Long> requestsBySource(JsonNode lb) {
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

    private static Set<String> notes(JsonNode lb) {
        var notes = new HashSet<String>();
        lb.get("notes").forEach(n -> notes.add(n.asText()));
        return notes;
    }
}
