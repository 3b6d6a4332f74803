package io.logpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.cli.ForensicsLog.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill-down commands (top --by and filters, ip, timeline, spikes, requests, compare) over a
 * generated incident, each answer checked against counts made from the generator's own records.
 */
class ForensicsCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path db;
    static ForensicsLog log;

    @BeforeAll
    static void ingest() throws Exception {
        log = ForensicsLog.write(dir);
        db = dir.resolve("db");
        Cli.Result ingest = Cli.run("ingest", "--db", db, log.web, log.api);
        assertThat(ingest.exit()).as(ingest.toString()).isZero();
    }

    @Test
    void topByPathAmongServerErrorsEqualsTheGeneratorsCount() throws Exception {
        JsonNode answer = json("top", "--by", "path", "--status", "5xx", "--limit", "5");
        List<Request> errors = log.requests.stream().filter(r -> r.status() >= 500).toList();
        assertThat(answer.get("requests").asLong()).isEqualTo(errors.size()).isPositive();
        assertThat(keyed(answer, "path")).containsExactlyEntriesOf(top(errors, Request::path, 5));
    }

    @Test
    void topByUserAgentWithAPathPrefixFindsTheBruteForce() throws Exception {
        JsonNode answer = json("top", "--by", "ua", "--path-prefix", "/wp-login", "--limit", "3");
        List<Request> logins = log.requests.stream().filter(r -> r.path().startsWith("/wp-login")).toList();
        assertThat(keyed(answer, "ua")).containsExactlyEntriesOf(top(logins, Request::agent, 3));
        assertThat(answer.get("rows").get(0).get("status_4xx").asLong()).isEqualTo(240);
    }

    @Test
    void topBySourceAndByStatusFilteredBySource() throws Exception {
        assertThat(keyed(json("top", "--by", "source"), "source"))
                .containsExactlyEntriesOf(top(log.requests, Request::source, 10));
        List<Request> api = log.requests.stream().filter(r -> r.source().equals("api")).toList();
        assertThat(keyed(json("top", "--by", "status", "--source", "api", "--limit", "20"), "status"))
                .containsExactlyEntriesOf(top(api, r -> Integer.toString(r.status()), 20));
    }

    @Test
    void topIpsOffTheWindowEdgesAreExactNotWidened() throws Exception {
        Instant from = ForensicsLog.SCRAPE_MINUTE.plusSeconds(17);
        Instant to = ForensicsLog.SCRAPE_MINUTE.plusSeconds(43);
        JsonNode answer = json("top", "--from", from.toString(), "--to", to.toString(), "--limit", "3");
        assertThat(answer.get("notes")).isEmpty();
        assertThat(keyed(answer, "ip")).containsExactlyEntriesOf(top(log.between(from, to), Request::ip, 3));
    }

    @Test
    void ipTellsWhatOneClientDid() throws Exception {
        JsonNode answer = json("ip", ForensicsLog.BRUTE, "--limit", "3");
        List<Request> brute = log.requests.stream().filter(r -> r.ip().equals(ForensicsLog.BRUTE)).toList();
        assertThat(answer.get("requests").asLong()).isEqualTo(240);
        assertThat(answer.get("bytes").asLong()).isEqualTo(240 * 512);
        assertThat(Instant.parse(iso(answer.get("first_seen")))).isEqualTo(brute.get(0).time());
        assertThat(Instant.parse(iso(answer.get("last_seen")))).isEqualTo(brute.get(brute.size() - 1).time());
        assertThat(rowsOf(answer, "status")).containsExactly(Map.entry("401", 180L), Map.entry("404", 60L));
        assertThat(rowsOf(answer, "path")).containsExactly(Map.entry("/wp-login.php", 240L));
        assertThat(rowsOf(answer, "method")).containsExactly(Map.entry("POST", 240L));
        assertThat(rowsOf(answer, "source")).containsExactly(Map.entry("web", 240L));
        assertThat(answer.get("activity").asText()).isNotBlank();
    }

    @Test
    void timelineCountsEveryStepByStatusClass() throws Exception {
        JsonNode answer = json("timeline", "--step", "10m", "--status", "5xx", "--from", ForensicsLog.START.toString(),
                "--to", ForensicsLog.END.toString());
        JsonNode rows = answer.get("rows");
        assertThat(rows).hasSize(18);
        for (JsonNode row : rows) {
            Instant step = Instant.parse(iso(row.get("from")));
            List<Request> inStep = log.between(step, step.plus(Duration.ofMinutes(10))).stream()
                    .filter(r -> r.status() >= 500).toList();
            assertThat(row.get("requests").asLong()).as("5xx from " + step).isEqualTo(inStep.size());
            assertThat(row.get("status_5xx").asLong()).isEqualTo(inStep.size());
            assertThat(row.get("bytes").asLong()).isEqualTo(inStep.stream().mapToLong(Request::bytes).sum());
        }
        assertThat(rows.get(15).get("requests").asLong()).as("the errors from 03:30").isPositive();
        assertThat(rows.get(14).get("requests").asLong()).isZero();
    }

    @Test
    void anUnfilteredTimelineFromTheWindowsAndAnUnalignedOneFromTheStoreAreBothExact() throws Exception {
        for (Instant from : List.of(ForensicsLog.START, ForensicsLog.START.plusSeconds(17))) {
            JsonNode answer = json("timeline", "--step", "30m", "--from", from.toString(), "--to", ForensicsLog.END.toString());
            JsonNode rows = answer.get("rows");
            assertThat(rows).hasSize(6);
            for (JsonNode row : rows) {
                Instant step = Instant.parse(iso(row.get("from")));
                Instant end = step.plus(Duration.ofMinutes(30)).isBefore(ForensicsLog.END) ? step.plus(Duration.ofMinutes(30))
                        : ForensicsLog.END;
                List<Request> inStep = log.between(step, end);
                assertThat(row.get("requests").asLong()).as("from %s, step %s", from, step).isEqualTo(inStep.size());
                assertThat(row.get("status_4xx").asLong()).isEqualTo(inStep.stream().filter(r -> r.status() / 100 == 4).count());
            }
            assertThat(answer.get("requests").asLong()).isEqualTo(log.between(from, ForensicsLog.END).size());
        }
    }

    @Test
    void spikesFlagExactlyTheCellsTheRuleNames() throws Exception {
        JsonNode answer = json("spikes", "--threshold", "300", "--factor", "10", "--floor", "20", "--limit", "100");
        assertThat(spikes(answer)).containsExactlyInAnyOrderElementsOf(expectedSpikes(r -> true, 300, 10, 20))
                .contains(ForensicsLog.SCRAPER + " " + ForensicsLog.SCRAPE_MINUTE + " 500");
    }

    /**
     * With a filter, spikes are counted from the requests the store keeps that pass it: a brute force
     * of 401s on /wp-login.php stands out there, not among all of its client's requests. Every status
     * through the request store gives what the per-window counts give.
     */
    @Test
    void spikesOfAFilterCountOnlyItsRequests() throws Exception {
        List<String> logins = spikes(json("spikes", "--status", "401", "--path-prefix", "/wp-login", "--threshold", "3",
                "--factor", "10", "--floor", "20", "--limit", "100"));
        assertThat(logins).containsExactlyInAnyOrderElementsOf(
                expectedSpikes(r -> r.status() == 401 && r.path().startsWith("/wp-login"), 3, 10, 20))
                .isNotEmpty().allMatch(cell -> cell.startsWith(ForensicsLog.BRUTE + " "));
        List<String> apiErrors = spikes(json("spikes", "--source", "api", "--status", "5xx", "--threshold", "2", "--limit", "1000"));
        assertThat(apiErrors).containsExactlyInAnyOrderElementsOf(
                expectedSpikes(r -> r.source().equals("api") && r.status() >= 500, 2, 10, 20)).isNotEmpty();
        assertThat(spikes(json("spikes", "--status", "1xx,2xx,3xx,4xx,5xx", "--threshold", "100", "--factor", "5", "--limit", "100")))
                .isEqualTo(spikes(json("spikes", "--threshold", "100", "--factor", "5", "--limit", "100"))).isNotEmpty();
    }

    /** A spikes answer's cells, as "ip window requests". */
    private static List<String> spikes(JsonNode answer) {
        List<String> cells = new ArrayList<>();
        answer.get("rows").forEach(row -> cells.add(row.get("ip").asText() + " " + Instant.parse(iso(row.get("window")))
                + " " + row.get("requests").asLong()));
        return cells;
    }

    /** The cells the spike rule names among the generator's requests that {@code kept} keeps, counted by minute. */
    private static List<String> expectedSpikes(Predicate<Request> kept, long threshold, double factor, long floor) {
        Map<String, Map<Instant, Long>> cells = new HashMap<>();
        for (Request r : log.requests) {
            if (kept.test(r)) {
                Instant minute = Instant.ofEpochSecond(Math.floorDiv(r.time().getEpochSecond(), 60) * 60);
                cells.computeIfAbsent(r.ip(), ip -> new HashMap<>()).merge(minute, 1L, Long::sum);
            }
        }
        List<String> expected = new ArrayList<>();
        cells.forEach((ip, windows) -> {
            double median = median(windows.values().stream().mapToLong(Long::longValue).sorted().toArray());
            windows.forEach((minute, n) -> {
                if (n >= threshold || n >= floor && n >= factor * median) {
                    expected.add(ip + " " + minute + " " + n);
                }
            });
        });
        return expected;
    }

    @Test
    void requestsListsTheFirstMatchesInTimeOrderWithFileAndOffset() throws Exception {
        JsonNode answer = json("requests", "--ip", ForensicsLog.HOSTILE, "--limit", "4");
        List<Request> hostile = log.requests.stream().filter(r -> r.ip().equals(ForensicsLog.HOSTILE))
                .sorted(Comparator.comparing(Request::time)).toList();
        assertThat(answer.get("matched").asLong()).isEqualTo(hostile.size());
        assertThat(answer.get("notes").get(0).asText()).contains("first 4 of 12");
        JsonNode rows = answer.get("rows");
        assertThat(rows).hasSize(4);
        for (int i = 0; i < 4; i++) {
            Request r = hostile.get(i);
            JsonNode row = rows.get(i);
            assertThat(Instant.parse(iso(row.get("time")))).isEqualTo(r.time());
            assertThat(row.get("path").asText()).isEqualTo(r.path());
            assertThat(row.get("user_agent").asText()).isEqualTo(r.agent());
            assertThat(row.get("status").asInt()).isEqualTo(r.status());
            assertThat(row.get("source").asText()).isEqualTo(r.source());
            assertThat(Path.of(row.get("file").asText())).isEqualTo(r.file());
            assertThat(row.get("offset").asLong()).isEqualTo(r.offset());
        }
    }

    @Test
    void escapeSequencesFromTheLogNeverReachTheTerminalRaw() {
        Cli.Result table = Cli.run("requests", "--db", db, "--ip", ForensicsLog.HOSTILE);
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out()).contains(ForensicsLog.SCRIPT_PATH).contains("evil\\x1B[2J\\x1B]0;owned\\x07agent")
                .doesNotContain("\u001b").doesNotContain("\u0007");
        Cli.Result top = Cli.run("top", "--db", db, "--by", "ua", "--limit", "50");
        assertThat(top.out()).contains("evil\\x1B[2J").doesNotContain("\u001b");
    }

    @Test
    void compareShowsTheNewScraperAndTheErrorShare() throws Exception {
        Instant baselineFrom = ForensicsLog.START;
        Instant baselineTo = ForensicsLog.START.plusSeconds(60 * 60);
        Instant incidentFrom = ForensicsLog.SCRAPE_MINUTE;
        Instant incidentTo = ForensicsLog.ERRORS_TO;
        JsonNode answer = json("compare", "--baseline", baselineFrom + ".." + baselineTo,
                "--incident", incidentFrom + ".." + incidentTo, "--limit", "5");
        List<Request> baseline = log.between(baselineFrom, baselineTo);
        List<Request> incident = log.between(incidentFrom, incidentTo);
        assertThat(answer.get("baseline_requests").asLong()).isEqualTo(baseline.size());
        assertThat(answer.get("incident_requests").asLong()).isEqualTo(incident.size());
        JsonNode scraper = row(answer, "ip", ForensicsLog.SCRAPER);
        assertThat(scraper.get("baseline_requests").asLong()).isZero();
        assertThat(scraper.get("incident_requests").asLong()).isEqualTo(500);
        assertThat(scraper.get("mark").asText()).isEqualTo("new");
        JsonNode badGateway = row(answer, "status", "502");
        assertThat(badGateway.get("incident_requests").asLong()).isEqualTo(incident.stream().filter(r -> r.status() == 502).count());
    }

    @Test
    void ingestingAgainKeepsEveryRequestOnce() throws Exception {
        Path copy = dir.resolve("again-db");
        assertThat(Cli.run("ingest", "--db", copy, log.web, log.api).exit()).isZero();
        assertThat(Cli.run("ingest", "--db", copy, log.web, log.api).exit()).isZero();
        JsonNode answer = json(copy, "top", "--by", "source");
        assertThat(keyed(answer, "source")).containsExactlyEntriesOf(top(log.requests, Request::source, 10));
    }

    @Test
    void retentionDropsOldRequestsKeepsTheRecentOnesAndTheAnswersSaySo() throws Exception {
        Path kept = dir.resolve("kept-db");
        Cli.Result ingest = Cli.run("ingest", "--db", kept, "--keep", "10m", log.web, log.api);
        assertThat(ingest.exit()).as(ingest.toString()).isZero();
        // Whole segments go (a megabyte of log each): everything in the last 10 minutes stays, the
        // first hours of the 1.4 MB web log are gone.
        Instant recentFrom = log.requests.stream().map(Request::time).max(Comparator.naturalOrder()).orElseThrow()
                .minus(Duration.ofMinutes(10));
        JsonNode recent = json(kept, "requests", "--from", recentFrom.toString(), "--to", ForensicsLog.END.toString(), "--limit", "1");
        assertThat(recent.get("matched").asLong()).isEqualTo(log.between(recentFrom, ForensicsLog.END).size());
        JsonNode all = json(kept, "top", "--by", "source", "--from", ForensicsLog.START.toString(), "--to",
                ForensicsLog.END.toString());
        assertThat(all.get("requests").asLong()).isLessThan(log.requests.size());
        assertThat(all.get("notes").get(0).asText()).contains("no longer kept");
        // The per-window counts are not the request store: they keep everything.
        JsonNode top = json(kept, "top", "--from", ForensicsLog.START.toString(), "--to", ForensicsLog.END.toString());
        assertThat(top.get("requests").asLong()).isEqualTo(log.requests.size());
    }

    @Test
    void withoutARequestStoreTheDrillDownSaysWhyAndTopTimelineAndSpikesStillWork() throws Exception {
        Path bare = dir.resolve("bare-db");
        assertThat(Cli.run("ingest", "--db", bare, "--no-request-store", log.web, log.api).exit()).isZero();
        Cli.Result ip = Cli.run("ip", "--db", bare, ForensicsLog.BRUTE);
        assertThat(ip.exit()).isEqualTo(1);
        assertThat(ip.err()).contains("--no-request-store").doesNotContain("Exception");
        assertThat(json(bare, "top").get("requests").asLong()).isEqualTo(log.requests.size());
        // Whole windows without a filter come from the per-window counts, the range's ends too.
        assertThat(json(bare, "timeline").get("requests").asLong()).isEqualTo(log.requests.size());
        Cli.Result filtered = Cli.run("timeline", "--db", bare, "--status", "5xx");
        assertThat(filtered.exit()).isEqualTo(1);
        assertThat(filtered.err()).contains("--no-request-store").doesNotContain("Exception");
        assertThat(spikes(json(bare, "spikes", "--threshold", "300"))).isNotEmpty();
        // The per-window counts are kept per file, so per source too.
        assertThat(spikes(json(bare, "spikes", "--source", "web", "--threshold", "300", "--limit", "100")))
                .containsExactlyInAnyOrderElementsOf(expectedSpikes(r -> r.source().equals("web"), 300, 10, 20)).isNotEmpty();
        assertThat(spikes(json(bare, "spikes", "--source", "api", "--threshold", "300", "--limit", "100")))
                .containsExactlyInAnyOrderElementsOf(expectedSpikes(r -> r.source().equals("api"), 300, 10, 20));
        Cli.Result filteredSpikes = Cli.run("spikes", "--db", bare, "--status", "401");
        assertThat(filteredSpikes.exit()).isEqualTo(1);
        assertThat(filteredSpikes.err()).contains("--no-request-store").doesNotContain("Exception");
    }

    @Test
    void aBadStatusOrGroupingIsAUsageError() {
        Cli.Result status = Cli.run("top", "--db", db, "--status", "5x");
        assertThat(status.exit()).isEqualTo(2);
        assertThat(status.err()).contains("'5x' is not a status");
        Cli.Result by = Cli.run("top", "--db", db, "--by", "planet");
        assertThat(by.exit()).isEqualTo(2);
        assertThat(by.err()).contains("'planet' is not something to group by");
        Cli.Result period = Cli.run("compare", "--db", db, "--baseline", "2025-03-09T01:00Z", "--incident", "x..y");
        assertThat(period.exit()).isEqualTo(2);
    }

    private static JsonNode json(Object... args) throws Exception {
        return json(db, args);
    }

    private static JsonNode json(Path database, Object... args) throws Exception {
        var all = new ArrayList<Object>(List.of(args));
        all.addAll(List.of("--db", database, "--output", "json"));
        Cli.Result result = Cli.run(all.toArray());
        assertThat(result.exit()).as(result.toString()).isZero();
        return JSON.readTree(result.out());
    }

    /** The answer's rows as key → requests, in the answer's order. */
    private static Map<String, Long> keyed(JsonNode answer, String keyColumn) {
        var rows = new LinkedHashMap<String, Long>();
        answer.get("rows").forEach(row -> rows.put(row.get(keyColumn).asText(), row.get("requests").asLong()));
        return rows;
    }

    /** The generator's count per key, busiest first, ties by key, as the commands rank. */
    private static Map<String, Long> top(List<Request> requests, Function<Request, String> key, int limit) {
        return requests.stream().collect(Collectors.groupingBy(key, Collectors.counting())).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private static List<Map.Entry<String, Long>> rowsOf(JsonNode answer, String what) {
        var rows = new ArrayList<Map.Entry<String, Long>>();
        answer.get("rows").forEach(row -> {
            if (row.get("what").asText().equals(what)) {
                rows.add(Map.entry(row.get("value").asText(), row.get("requests").asLong()));
            }
        });
        return rows;
    }

    private static JsonNode row(JsonNode answer, String what, String value) {
        Predicate<JsonNode> wanted = r -> r.get("what").asText().equals(what) && r.get("value").asText().equals(value);
        for (JsonNode r : answer.get("rows")) {
            if (wanted.test(r)) {
                return r;
            }
        }
        throw new AssertionError("no row " + what + "=" + value + " in " + answer);
    }

    /** An ISO time as the commands print it, with its offset, as an instant string. */
    private static String iso(JsonNode time) {
        return DateTimeFormatter.ISO_INSTANT.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(time.asText()));
    }

    private static double median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
