package io.logpulse.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.logpulse.serve.TrafficLogs.Request;
import io.logpulse.serve.TrafficLogs.Totals;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as a user sees it: logs ingested into a real H2 file and {@code serve}, both by the
 * packaged jar as child processes, and the page loaded in Debian's headless Chromium.
 * The charts draw on a canvas, so the test reads the numbers from the tables the page builds from the
 * same data (and from the chart's own data arrays), and checks them against its own reading of the
 * logs. A client address, a path and a source label are markup; the page must show them as text and
 * run nothing of them. Then more traffic is stored while the page stays open: it must show it without a
 * reload. Ctrl-C ends {@code serve} with exit code 0.
 */
class DashboardIT {

    /** A source label (a directory name) that is also markup. */
    static final String HOSTILE_SOURCE = "<img src=x onerror=document.title='pwned-source'>";
    private static final Instant START = Instant.parse("2025-03-01T01:05:00Z");
    private static final Duration PAGE = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private Path db;
    private LogpulseProcess serve;
    private HeadlessChromium chromium;

    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(HeadlessChromium.installed(), "no Chromium at " + HeadlessChromium.BINARY
                + " (Debian's package chromium; .ci/run installs it): the dashboard's browser test cannot run");
        db = dir.resolve("db").resolve("traffic");
    }

    @AfterEach
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void thePageShowsTheNumbersTheStoreHoldsAsTextAndFollowsNewTraffic() throws Exception {
        var random = new Random(20250301);
        List<Path> files = TrafficLogs.write(dir.resolve("logs"), random, START, 100, 700, "lb01", HOSTILE_SOURCE);
        LogpulseProcess.ingest(dir, db, files);
        serve = LogpulseProcess.start(dir, "--db", db.toString(), "--port", "0");
        URI page = serve.awaitListening();
        assertThat(page.getHost()).as("bound to loopback by default").isEqualTo("127.0.0.1");

        chromium = HeadlessChromium.start(dir);
        chromium.navigate(page.toString());
        List<Request> requests = TrafficLogs.read(files);
        awaitPage(requests, 1);

        // Markup from the logs is text on the page, and nothing of it ran.
        assertThat(chromium.evaluate("document.title").asText()).isEqualTo("logpulse");
        assertThat(chromium.evaluate("document.querySelectorAll('img').length").asInt()).as("img elements").isZero();
        assertThat(chromium.evaluate("document.scripts.length").asInt()).as("script elements: the page's two").isEqualTo(2);
        assertThat(chromium.evaluate("[...document.querySelectorAll('#top-ips-table tbody tr')]"
                + ".map(tr => tr.cells[0].textContent)").toString()).contains(json(TrafficLogs.HOSTILE_ADDRESS));
        assertThat(chromium.evaluate("[...document.querySelectorAll('#top-paths-table tbody tr')]"
                + ".map(tr => tr.cells[0].textContent)").toString()).contains(json(TrafficLogs.HOSTILE_PATH));
        assertThat(chromium.evaluate("[...document.querySelectorAll('#sources-table tbody tr, #sources-chart .bar-label')]"
                + ".map(e => (e.cells ? e.cells[0] : e).textContent)").toString())
                .contains(json(HOSTILE_SOURCE));
        assertThat(chromium.evaluate("document.body.textContent.includes(" + json(TrafficLogs.HOSTILE_ADDRESS) + ")")
                .asBoolean()).isTrue();

        // The chart was drawn from exactly the table's numbers.
        assertThat(chromium.evaluate("document.querySelector('#timeline-chart canvas').width").asInt()).isPositive();
        JsonNode chart = chromium.evaluate("window.logpulseDashboard.timelineChart.data");
        JsonNode table = timelineTable();
        assertThat(chart.get(0)).hasSize(table.size());
        for (int i = 0; i < table.size(); i++) {
            assertThat(chart.get(0).get(i).asLong() * 1000).isEqualTo(table.get(i).get(0).asLong());
            for (int c = 0; c < 4; c++) {
                assertThat(chart.get(1 + c).get(i).asLong()).as("chart series %d at %d", c, i)
                        .isEqualTo(table.get(i).get(3 + c).asLong());
            }
        }

        // More traffic is stored while the page is open (serve holds the file; the ingest reaches it through H2's
        // AUTO_SERVER, as `run` does): the page shows it at its next refresh, without a reload.
        String more = linesAfter(requests, random);
        Files.writeString(files.get(0), more, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        LogpulseProcess.ingest(dir, db, files);
        int refreshesBefore = chromium.evaluate("Number(document.body.dataset.refreshes)").asInt();
        awaitPage(TrafficLogs.read(files), refreshesBefore + 1);
        assertThat(chromium.evaluate("performance.getEntriesByType('navigation').length").asInt()).as("no reload").isEqualTo(1);

        assertThat(chromium.exceptions()).as("uncaught exceptions in the page").isEmpty();
        assertThat(chromium.errors()).as("errors logged by the page or Chromium (CSP refusals, failed requests)").isEmpty();
        assertThat(serve.interrupt()).as("exit code after Ctrl-C: %s", serve.stderr()).isZero();
        assertThat(serve.stderr()).contains("logpulse: stopped");
    }

    /** Twenty more requests from lb01 in the ten minutes after the last one. */
    private static String linesAfter(List<Request> requests, Random random) {
        Instant last = requests.stream().map(Request::time).max(Instant::compareTo).orElseThrow();
        var text = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            Instant time = last.plusSeconds(60 + 30L * i);
            text.append("203.0.113.").append(random.nextInt(3)).append(" - - [")
                    .append(java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
                            .format(time.atOffset(java.time.ZoneOffset.ofHours(9))))
                    .append("] \"GET /later HTTP/1.1\" ").append(i % 4 == 0 ? 500 : 200).append(' ').append(100 + i)
                    .append(" \"-\" \"dashboard-test/1.0\"\n");
        }
        return text.toString();
    }

    /**
     * Waits until the page has refreshed at least {@code refreshes} times with every panel answered and
     * its tables show exactly what {@code requests} make over the default range (the last three hours of
     * stored traffic, which here is all of it from the first stored hour on).
     */
    private void awaitPage(List<Request> requests, int refreshes) {
        long end = requests.stream().mapToLong(r -> TrafficLogs.minute(r.time())).max().orElseThrow() + 60_000;
        long firstBlock = requests.stream().mapToLong(r -> Math.floorDiv(r.time().toEpochMilli(), 3_600_000L) * 3_600_000L)
                .min().orElseThrow();
        long from = Math.max(firstBlock, end - 3 * 3_600_000L);
        await("the page shows the stored numbers").atMost(PAGE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode states = chromium.evaluate("({refreshes: Number(document.body.dataset.refreshes || 0),"
                    + " panels: ['timeline', 'top-ips', 'top-paths', 'sources'].map(id => document.getElementById(id + '-panel').dataset.state"
                    + " + ': ' + document.querySelector('#' + id + '-panel .message').textContent)})");
            assertThat(states.get("refreshes").asInt()).as("refreshes of the page").isGreaterThanOrEqualTo(refreshes);
            assertThat(states.get("panels")).as("panel states").allSatisfy(s -> assertThat(s.asText()).startsWith("ok"));
            assertTimeline(requests, from, end);
            assertTop("top-ips-table", requests, from, end, Request::ip);
            assertTop("top-paths-table", requests, from, end, Request::path);
            assertSources(requests, from, end);
        });
    }

    /** Each row: [data-start, shown time, requests, 2xx, 3xx, 4xx, 5xx, bytes]. */
    private JsonNode timelineTable() throws Exception {
        return chromium.evaluate("[...document.querySelectorAll('#timeline-table tbody tr')]"
                + ".map(tr => [tr.dataset.start].concat([...tr.cells].map(c => c.textContent)))");
    }

    private void assertTimeline(List<Request> requests, long from, long to) throws Exception {
        var shown = new TreeMap<Long, Totals>();
        for (JsonNode row : timelineTable()) {
            shown.put(row.get(0).asLong(), new Totals(row.get(2).asLong(), row.get(7).asLong(), row.get(3).asLong(),
                    row.get(4).asLong(), row.get(5).asLong(), row.get(6).asLong()));
        }
        assertThat(shown).as("timeline table: every minute of the range").isEqualTo(TrafficLogs.perStep(requests, from, to, 60_000));
    }

    /** A top list's table against the requests grouped by {@code key}, busiest first. */
    private void assertTop(String table, List<Request> requests, long from, long to, Function<Request, String> key)
            throws Exception {
        JsonNode rows = chromium.evaluate("[...document.querySelectorAll('#" + table + " tbody tr')]"
                + ".map(tr => [...tr.cells].map(c => c.textContent))");
        long all = TrafficLogs.inRange(requests, from, to).size();
        var shown = new LinkedHashMap<String, Totals>();
        for (JsonNode row : rows) {
            Totals t = new Totals(row.get(1).asLong(), row.get(3).asLong(), row.get(4).asLong(), row.get(5).asLong(),
                    row.get(6).asLong(), row.get(7).asLong());
            shown.put(row.get(0).asText(), t);
            assertThat(row.get(2).asText()).as("percent of %s", row.get(0))
                    .isEqualTo(String.format(Locale.ROOT, "%.1f", 100.0 * t.requests() / all));
        }
        var expected = new LinkedHashMap<String, Totals>();
        TrafficLogs.ranked(TrafficLogs.totalsBy(requests, from, to, key), DashboardApi.DEFAULT_TOP)
                .forEach(e -> expected.put(e.getKey(), e.getValue()));
        assertThat(shown).as("%s, in order", table).containsExactlyEntriesOf(expected);
    }

    private void assertSources(List<Request> requests, long from, long to) throws Exception {
        JsonNode rows = chromium.evaluate("[...document.querySelectorAll('#sources-table tbody tr')]"
                + ".map(tr => [...tr.cells].map(c => c.textContent))");
        Map<String, Totals> expected = TrafficLogs.totalsBy(requests, from, to, Request::source);
        long all = expected.values().stream().mapToLong(Totals::requests).sum();
        var shown = new TreeMap<String, Totals>();
        for (JsonNode row : rows) {
            String source = row.get(0).asText();
            Totals t = expected.get(source);
            assertThat(t).as("a source the logs have: %s", source).isNotNull();
            shown.put(source, new Totals(row.get(1).asLong(), t.bytes(), row.get(5).asLong(), row.get(6).asLong(),
                    row.get(7).asLong(), row.get(8).asLong()));
            assertThat(Double.parseDouble(row.get(2).asText())).as("share of %s", source)
                    .isEqualTo(Math.round(10_000.0 * t.requests() / all) / 100.0);
            assertThat(Double.parseDouble(row.get(3).asText())).as("expected share of %s (equal shares)", source)
                    .isEqualTo(50.0);
        }
        assertThat(shown).as("sources table").isEqualTo(expected);
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
