package io.logpulse.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.cli.Main;
import io.logpulse.query.lb.Plan;
import io.logpulse.serve.TrafficLogs.Request;
import io.logpulse.serve.TrafficLogs.Totals;
import io.logpulse.store.Database;
import io.logpulse.store.DatabaseLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON endpoints over real HTTP on 127.0.0.1, answered from a real H2 file that a real ingest
 * (Flink, in this JVM) wrote from generated logs; every expected number comes from
 * {@link TrafficLogs}' own reading of those logs.
 */
class DashboardApiTest {

    private static final Instant START = Instant.parse("2025-03-01T01:05:00Z");
    private static final int MINUTES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static List<Request> requests;
    static Database store;
    static DashboardServer server;

    @BeforeAll
    static void ingestAndServe() throws Exception {
        var files = TrafficLogs.write(dir.resolve("logs"), new Random(20250301), START, MINUTES, 800, "lb01", "lb02");
        requests = TrafficLogs.read(files);
        Path db = dir.resolve("db").resolve("traffic");
        var args = new ArrayList<>(List.of("ingest", "--db", db.toString()));
        files.forEach(f -> args.add(f.toString()));
        var err = new StringWriter();
        assertThat(Main.execute(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err)))
                .as("ingest: %s", err).isZero();
        store = Database.openExisting(DatabaseLocation.of(db));
        server = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), store,
                Plan.fromWeights("lb01=3,lb02=1"), new PrintWriter(System.err, true));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    private static long firstMillis() {
        return requests.stream().mapToLong(r -> r.time().toEpochMilli()).min().orElseThrow();
    }

    /** The end of the newest window that holds a request. */
    private static long dataEnd() {
        return requests.stream().mapToLong(r -> TrafficLogs.minute(r.time())).max().orElseThrow() + 60_000;
    }

    record Response(int status, String contentType, JsonNode json, String body) {
    }

    private static Response get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.uri().resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        return new Response(response.statusCode(), type, type.startsWith("application/json") ? JSON.readTree(response.body()) : null,
                response.body());
    }

    private static JsonNode ok(String pathAndQuery) throws IOException, InterruptedException {
        Response response = get(pathAndQuery);
        assertThat(response.status()).as("%s: %s", pathAndQuery, response.body()).isEqualTo(200);
        return response.json();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<Long, Totals> steps(JsonNode timeline) {
        var steps = new TreeMap<Long, Totals>();
        for (JsonNode s : timeline.get("steps")) {
            assertThat(s.get("end_ms").asLong() - s.get("start_ms").asLong()).as("a step's length")
                    .isPositive().isLessThanOrEqualTo(timeline.get("step_ms").asLong());
            steps.put(s.get("start_ms").asLong(), totals(s));
        }
        return steps;
    }

    private static Totals totals(JsonNode n) {
        return new Totals(n.get("requests").asLong(), n.has("bytes") ? n.get("bytes").asLong() : -1, n.get("status_2xx").asLong(),
                n.get("status_3xx").asLong(), n.get("status_4xx").asLong(), n.get("status_5xx").asLong());
    }

    @Test
    void theDefaultRangeIsTheLastThreeHoursOfTheStoredTrafficNotOfTheWallClock() throws Exception {
        JsonNode range = ok("/api/range");
        long firstBlock = Math.floorDiv(firstMillis(), 3_600_000L) * 3_600_000L;
        assertThat(range.get("window_ms").asLong()).isEqualTo(60_000);
        assertThat(range.get("first_ms").asLong()).isEqualTo(firstBlock);
        assertThat(range.get("data_end_ms").asLong()).isEqualTo(dataEnd());
        assertThat(range.get("default_to_ms").asLong()).isEqualTo(dataEnd());
        assertThat(range.get("default_from_ms").asLong()).isEqualTo(Math.max(firstBlock, dataEnd() - 3 * 3_600_000L));
        assertThat(range.get("database").asText()).endsWith("traffic.mv.db");
    }

    @Test
    void theTimelineHasEveryWindowOfTheRangeWithItsStatusClasses() throws Exception {
        JsonNode range = ok("/api/range");
        JsonNode timeline = ok("/api/timeline");
        long from = range.get("default_from_ms").asLong();
        assertThat(timeline.get("from_ms").asLong()).isEqualTo(from);
        assertThat(timeline.get("to_ms").asLong()).isEqualTo(dataEnd());
        assertThat(timeline.get("step_ms").asLong()).isEqualTo(60_000);
        assertThat(steps(timeline)).isEqualTo(TrafficLogs.perStep(requests, from, dataEnd(), 60_000));
        assertThat(timeline.get("requests").asLong()).isEqualTo(requests.size());
        assertThat(timeline.get("notes")).isEmpty();
    }

    @Test
    void aLongRangeIsShownInStepsOfSeveralWindowsThatStillAddUp() throws Exception {
        long from = START.toEpochMilli() - 86_400_000L;
        long to = START.toEpochMilli() + 86_400_000L;
        JsonNode timeline = ok("/api/timeline?from=" + q(Instant.ofEpochMilli(from).toString()) + "&to="
                + q(Instant.ofEpochMilli(to).toString()));
        // 2880 windows of a minute, from 01:05 (off the edges of 4-minute steps, so 721 of them): 5 to a step.
        assertThat(timeline.get("step_ms").asLong()).isEqualTo(300_000);
        assertThat(timeline.get("steps").size()).isLessThanOrEqualTo(DashboardApi.MAX_POINTS);
        assertThat(steps(timeline)).isEqualTo(TrafficLogs.perStep(requests, from, to, 300_000));
        assertThat(timeline.get("notes").toString()).contains("steps of 5m");
    }

    @Test
    void aRangeOffWindowEdgesIsWidenedToWholeWindowsAndSaysSo() throws Exception {
        JsonNode timeline = ok("/api/timeline?from=" + q("2025-03-01T10:30:30+09:00") + "&to=" + q("01/Mar/2025:11:00:10 +0900"));
        long from = Instant.parse("2025-03-01T01:30:00Z").toEpochMilli();
        long to = Instant.parse("2025-03-01T02:01:00Z").toEpochMilli();
        assertThat(timeline.get("from_ms").asLong()).isEqualTo(from);
        assertThat(timeline.get("to_ms").asLong()).isEqualTo(to);
        assertThat(timeline.get("notes").get(0).asText()).contains("does not fall on 1m window edges");
        assertThat(steps(timeline)).isEqualTo(TrafficLogs.perStep(requests, from, to, 60_000));
    }

    @Test
    void topIpsAreTheBusiestClientsWithTheirBytesAndStatusMix() throws Exception {
        Map<String, Totals> shown = assertTop("/api/top-ips", "ip", 7, Request::ip);
        assertThat(shown).containsKey(TrafficLogs.HOSTILE_ADDRESS);
    }

    @Test
    void topPathsComeFromTheRequestStoreExactly() throws Exception {
        Map<String, Totals> shown = assertTop("/api/top-paths", "path", 5, Request::path);
        assertThat(shown).containsKey(TrafficLogs.HOSTILE_PATH);
    }

    /** A top list over an hour against the requests grouped by {@code key}; returns its rows. */
    private static Map<String, Totals> assertTop(String endpoint, String by, int limit, Function<Request, String> key)
            throws Exception {
        long from = Instant.parse("2025-03-01T01:20:00Z").toEpochMilli();
        long to = Instant.parse("2025-03-01T02:20:00Z").toEpochMilli();
        JsonNode top = ok(endpoint + "?limit=" + limit + "&from=" + q(Instant.ofEpochMilli(from).toString()) + "&to="
                + q(Instant.ofEpochMilli(to).toString()));
        var shown = new LinkedHashMap<String, Totals>();
        top.get("rows").forEach(row -> shown.put(row.get("key").asText(), totals(row)));
        var expected = new LinkedHashMap<String, Totals>();
        TrafficLogs.ranked(TrafficLogs.totalsBy(requests, from, to, key), limit)
                .forEach(e -> expected.put(e.getKey(), e.getValue()));
        assertThat(shown).containsExactlyEntriesOf(expected);
        assertThat(top.get("by").asText()).isEqualTo(by);
        assertThat(top.get("limit").asInt()).isEqualTo(limit);
        assertThat(top.get("requests").asLong()).isEqualTo(TrafficLogs.inRange(requests, from, to).size());
        return shown;
    }

    @Test
    void sourcesAreSharedAgainstTheConfiguredWeights() throws Exception {
        JsonNode sources = ok("/api/sources");
        long from = sources.get("from_ms").asLong();
        Map<String, Totals> expected = TrafficLogs.totalsBy(requests, from, sources.get("to_ms").asLong(), Request::source);
        long all = expected.values().stream().mapToLong(Totals::requests).sum();
        var shown = new TreeMap<String, Totals>();
        for (JsonNode b : sources.get("backends")) {
            Totals t = expected.get(b.get("source").asText());
            shown.put(b.get("source").asText(), new Totals(b.get("requests").asLong(), t.bytes(), b.get("status_2xx").asLong(),
                    b.get("status_3xx").asLong(), b.get("status_4xx").asLong(), b.get("status_5xx").asLong()));
            assertThat(b.get("share").asDouble()).as("share of %s", b.get("source"))
                    .isEqualTo(Math.round(10_000.0 * t.requests() / all) / 100.0);
            assertThat(b.get("expected_share").asDouble()).isEqualTo(b.get("source").asText().equals("lb01") ? 75.0 : 25.0);
        }
        assertThat(shown).isEqualTo(expected);
        assertThat(sources.get("expected from").asText()).isEqualTo("--weights lb01=3,lb02=1");
    }

    @Test
    void badParametersAreRefusedWithAMessageNotAnsweredWithADefault() throws Exception {
        Response badTime = get("/api/timeline?from=yesterday");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.json().get("error").asText()).startsWith("from: ").contains("ISO-8601");
        Response typo = get("/api/top-ips?form=" + q("2025-03-01T10:30:00+09:00"));
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().get("error").asText()).contains("unknown parameter 'form'");
        Response backwards = get("/api/sources?from=" + q("2025-03-01T11:00:00+09:00") + "&to=" + q("2025-03-01T10:00:00+09:00"));
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("error").asText()).contains("the range is empty");
        Response noRows = get("/api/top-ips?limit=0");
        assertThat(noRows.status()).isEqualTo(400);
        assertThat(noRows.json().get("error").asText()).contains("limit=0");
    }

    @Test
    void thePageAndUPlotComeFromTheJarUnderAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(server.uri()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardServer.CONTENT_SECURITY_POLICY);
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<script src=\"/vendor/uPlot.iife.min.js\" defer></script>")
                .doesNotContain("http://", "https://");
        Response uplot = get("/vendor/uPlot.iife.min.js");
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get("/dashboard.js").body()).doesNotContain("innerHTML");
        assertThat(get("/vendor/../pom.xml").status()).isEqualTo(404);
        assertThat(get("/api/nothing").status()).isEqualTo(404);
    }

    @Test
    void onlyGetAndHeadAndOnlyFromALoopbackHostName() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(server.uri().resolve("/api/range"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        // A page of another site that rebinds its own name to 127.0.0.1 still sends that name.
        assertThat(statusLine("attacker.example:" + server.address().getPort())).contains(" 403 ");
        assertThat(statusLine("localhost:" + server.address().getPort())).contains(" 200 ");
        assertThat(statusLine("127.0.0.1:" + server.address().getPort())).contains(" 200 ");
    }

    /** A request written by hand, since java.net.http does not let a caller choose the Host header. */
    private static String statusLine(String host) throws IOException {
        try (var socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.getOutputStream().write(("GET /api/range HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return reply.substring(0, reply.indexOf('\r'));
        }
    }

    @Test
    void anEmptyDatabaseSaysSoInsteadOfShowingZeros(@TempDir Path empty) throws Exception {
        DatabaseLocation location = DatabaseLocation.of(empty.resolve("fresh"));
        Database.open(location).close();
        try (var session = Database.openExisting(location);
                var fresh = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), session, null,
                        new PrintWriter(System.err, true))) {
            for (String endpoint : List.of("/api/range", "/api/timeline", "/api/top-ips", "/api/top-paths", "/api/sources")) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(fresh.uri().resolve(endpoint)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(endpoint).isEqualTo(404);
                assertThat(JSON.readTree(response.body()).get("error").asText()).as(endpoint)
                        .isEqualTo("the database holds no traffic yet");
            }
        }
    }

    @Test
    void theAddressOfThePageIsTheOneListenedOn() {
        assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.address().getPort() + "/"));
    }
}
