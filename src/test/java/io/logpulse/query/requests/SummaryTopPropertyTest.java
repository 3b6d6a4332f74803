package io.logpulse.query.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.model.FacetSummary;
import io.logpulse.model.FacetSummary.Facet;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentSummary;
import io.logpulse.query.GroupTotals;
import io.logpulse.query.TimeRange;
import io.logpulse.store.Database;
import io.logpulse.store.DatabaseLocation;
import io.logpulse.store.RequestReader;
import io.logpulse.testing.Tries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A top, a compare and a timeline from the segments' summaries (for single status codes or a path prefix,
 * with the facets beside them) are what a scan of every segment gives (and requests' two passes what one gives), whatever the filter,
 * the range, the overlap of segments written again after a restore, and values with escapes (whose
 * segments have no summary).
 */
class SummaryTopPropertyTest {

    private static final long START = StoredLines.START;
    private static final String[] AGENTS = {"curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64)", "-", "Go-http-client/1.1",
            "python-requests/2.31", "Wget/1.21", "bot \\x22q\\x22", "bot \\\"q\\\""};
    /** The groupings summaries can answer: by source from any summary's totals. */
    private static final Dimension[] SUMMARIZED = {Dimension.PATH, Dimension.UA, Dimension.IP, Dimension.STATUS,
            Dimension.SOURCE};
    private static final String[] STATUS_FILTERS = {null, "2xx", "4xx", "5xx", "4xx,5xx", "1xx", "404", "5xx,404",
            "101,200", "503"};
    /**
     * Paths are /p7, /a/p7, /a?x=7, /b/c/7, /v/1/7, /v/2/7 or /n/m/o/7: heads /b, /v and /n are split
     * where every path goes on with '/', and /n/m and /n/m/o below it.
     */
    private static final String[] DIRECTORIES = {"/p", "/a/p", "/a?x=", "/b/c/", "/v/1/", "/v/2/", "/n/m/o/"};
    /** Decided by heads, past a head (decided where it is split), parts past the last split (never), none matching. */
    private static final String[] PATH_PREFIXES = {"/p", "/p1", "/a", "/a/", "/a/p1", "/b", "/", "/zz", "/a?x=1", "",
        "/v/1", "/v/", "/b/c", "/b/d", "/v/2/3", "/n/m", "/n/m/o", "/n/m/o/", "/n/m/o/7"};

    @TempDir
    Path dir;

    @Test
    void summaryTopEqualsAFullScan() {
        var tries = new AtomicInteger();
        var summarized = new AtomicInteger();
        var singleCodesSummarized = new AtomicInteger();
        var prefixesSummarized = new AtomicInteger();
        var byDimension = new ConcurrentHashMap<Dimension, Integer>();
        var timelinesSummarized = new AtomicInteger();
        var codesWithPrefixSummarized = new AtomicInteger(); // from the status summaries' path facets
        Tries.forAll(60, 0x5A_77_10L, random -> {
            long seed = random.nextLong();
            return new Tries.Case(() -> "store seed " + seed, () -> {
                var location = DatabaseLocation.of(dir.resolve("store-" + tries.incrementAndGet()));
                try (Database database = Database.open(location)) {
                    Handle handle = database.handle();
                    var store = new Random(seed);
                    int generations = 1 + store.nextInt(3);
                    for (int g = 1; g <= generations; g++) {
                        StoredLines.addGeneration(handle, g, g % 2 == 0 ? "api" : "web");
                        StoredLines.store(handle, g, lines(store), store, 400);
                    }
                    if (store.nextInt(3) == 0) { // a generation stored before segments had facets
                        for (RequestColumn column : SegmentSummary.COLUMNS) {
                            handle.execute("DELETE FROM request_data WHERE generation = ? AND column_id IN (?, ?)",
                                    1 + store.nextInt(generations), FacetSummary.columnId(Facet.STATUS_CODE, column),
                                    FacetSummary.columnId(Facet.PATH_HEAD, column));
                        }
                    }
                    var reader = new RequestReader(handle);
                    var scan = new RequestScan(reader);
                    for (int q = 0; q < 20; q++) {
                        RequestFilter filter = filter(store);
                        // Mostly the summarized columns; the others must fall back to a scan.
                        Dimension by = store.nextInt(5) == 0 ? Dimension.values()[store.nextInt(Dimension.values().length)]
                                : SUMMARIZED[store.nextInt(SUMMARIZED.length)];
                        int limit = 1 + store.nextInt(store.nextBoolean() ? 5 : 40);
                        var counts = SummaryTop.count(reader, scan, filter, by);
                        List<GroupTotals> fromSummaries = counts.map(c -> c.top(limit)).orElse(null);
                        var counter = scanned(scan, filter, by);
                        if (fromSummaries != null) {
                            summarized.incrementAndGet();
                            byDimension.merge(by, 1, Integer::sum);
                            if (filter.status() != null && filter.status().wholeClasses() == null) {
                                singleCodesSummarized.incrementAndGet();
                            }
                            if (filter.pathPrefix() != null) {
                                prefixesSummarized.incrementAndGet();
                            }
                            assertThat(shown(fromSummaries)).as("top %d by %s of %s", limit, by, filter)
                                    .isEqualTo(shown(counter.top(limit)));
                            assertThat(counts.get().total()).as("total of %s", filter).isEqualTo(counter.total());
                        }
                    }
                    for (int q = 0; q < 5; q++) {
                        RequestFilter filter = filter(store);
                        // Up to ~60 steps, as timeline gives by default, of lengths that fall anywhere.
                        long length = filter.range().toMillis() - filter.range().fromMillis();
                        long step = Math.max(1, length / (1 + store.nextInt(60)) + store.nextInt(3) * (long) store.nextInt(100_000));
                        Timeline fromSummaries = new RequestQueries(reader).timeline(filter, Duration.ofMillis(step));
                        var scanned = new Timeline(filter.range(), step);
                        scan.scan(filter, scanned.columns(), scanned);
                        assertThat(fromSummaries.asSteps()).as("timeline of %s by %d ms", filter, step)
                                .usingRecursiveFieldByFieldElementComparator().isEqualTo(scanned.asSteps());
                        if (fromSummaries.totalsAdded()) {
                            timelinesSummarized.incrementAndGet();
                            boolean singleCodes = filter.status() != null && filter.status().wholeClasses() == null;
                            codesWithPrefixSummarized.addAndGet(singleCodes && filter.pathPrefix() != null ? 1 : 0);
                        }
                    }
                    for (int q = 0; q < 5; q++) {
                        // requests reads every column only of the segments holding the first: as one full scan.
                        RequestFilter filter = filter(store);
                        int limit = 1 + store.nextInt(store.nextBoolean() ? 3 : 60);
                        RequestQueries.RequestsAnswer answer = new RequestQueries(reader).requests(filter, limit);
                        var everyColumn = new EarliestRequests(limit);
                        scan.scan(filter, everyColumn.columns(), everyColumn);
                        assertThat(answer.requests()).as("requests -n %d of %s", limit, filter)
                                .isEqualTo(everyColumn.inTimeOrder());
                        assertThat(answer.matched()).as("requests matched of %s", filter)
                                .isEqualTo(scanned(scan, filter, Dimension.STATUS).total());
                    }
                    for (int q = 0; q < 5; q++) {
                        RequestFilter baseline = filter(store);
                        RequestFilter incident = filter(store);
                        int limit = 1 + store.nextInt(10);
                        assertThat(shown(new RequestQueries(reader).compare(baseline, incident, limit)))
                                .as("compare %s with %s, %d", baseline, incident, limit)
                                .isEqualTo(shown(scannedCompare(scan, baseline, incident, limit)));
                    }
                }
            });
        });
        // The summaries must answer often enough for this test to be about them.
        assertThat(summarized.get()).as("answers from summaries, of %d", 60 * 20).isGreaterThan(100);
        assertThat(singleCodesSummarized.get()).as("answers for single status codes from summaries").isGreaterThan(50);
        assertThat(prefixesSummarized.get()).as("answers for path prefixes from summaries").isGreaterThan(50);
        assertThat(timelinesSummarized.get()).as("timelines with summarized segments, of %d", 60 * 5).isGreaterThan(30);
        assertThat(codesWithPrefixSummarized.get()).as("of them, with single codes and a path prefix").isGreaterThan(5);
        for (Dimension by : SUMMARIZED) {
            assertThat(byDimension.getOrDefault(by, 0)).as("answers by %s from summaries", by).isGreaterThan(20);
        }
    }

    /**
     * requests reads the segments that summaries count in time order only until they hold the first
     * matches, then those that start no later than the last of them: one that starts at that very
     * second may hold requests that tie with it and come first (an earlier generation).
     */
    @Test
    void requestsReadsTheSegmentsThatTieWithTheLastOfTheFirst() {
        var location = DatabaseLocation.of(dir.resolve("ties"));
        try (Database database = Database.open(location)) {
            Handle handle = database.handle();
            var random = new Random(7);
            String atTen = "10.0.0.1 - - [31/Jan/2025:10:00:00 +0000] \"GET /x HTTP/1.1\" 200 10 \"-\" \"curl\"";
            String before = atTen.replace("10:00:00", "09:59:59");
            StoredLines.addGeneration(handle, 1, "web");
            StoredLines.store(handle, 1, StoredLines.over2Hours(random, 30, i -> atTen), random, 10);
            StoredLines.addGeneration(handle, 2, "web");
            StoredLines.store(handle, 2, StoredLines.over2Hours(random, 31, i -> i == 0 ? before : atTen), random, 10);
            var reader = new RequestReader(handle);
            RequestFilter filter = new RequestFilter(new TimeRange(Instant.ofEpochMilli(START), Instant.ofEpochMilli(START
                    + 86_400_000), ZoneOffset.UTC), Set.of(), null, null, null);
            var everyColumn = new EarliestRequests(5);
            new RequestScan(reader).scan(filter, everyColumn.columns(), everyColumn);
            RequestQueries.RequestsAnswer answer = new RequestQueries(reader).requests(filter, 5);
            assertThat(answer.requests()).isEqualTo(everyColumn.inTimeOrder());
            assertThat(answer.requests()).extracting(StoredRequest::generation).containsExactly(2L, 1L, 1L, 1L, 1L);
            assertThat(answer.matched()).isEqualTo(61);
        }
    }

    private static GroupCounter scanned(RequestScan scan, RequestFilter filter, Dimension by) {
        var counter = new GroupCounter(by);
        scan.scan(filter, counter.columns(), counter);
        return counter;
    }

    /** A compare from full scans: each grouping's top of either range, with both ranges' requests. */
    private static RequestQueries.CompareAnswer scannedCompare(RequestScan scan, RequestFilter baseline,
            RequestFilter incident, int limit) {
        var changes = new ArrayList<RequestQueries.Change>();
        long[] totals = new long[2];
        for (Dimension d : List.of(Dimension.IP, Dimension.PATH, Dimension.STATUS)) {
            GroupCounter before = scanned(scan, baseline, d);
            GroupCounter after = scanned(scan, incident, d);
            var keys = new LinkedHashSet<String>();
            after.top(limit).forEach(g -> keys.add(g.key()));
            before.top(limit).forEach(g -> keys.add(g.key()));
            keys.forEach(key -> changes.add(new RequestQueries.Change(d, key, before.requests(key), after.requests(key))));
            totals[0] = before.total();
            totals[1] = after.total();
        }
        return new RequestQueries.CompareAnswer(baseline.range(), incident.range(), totals[0], totals[1], changes);
    }

    private static String shown(RequestQueries.CompareAnswer answer) {
        return answer.baselineTotal() + " " + answer.incidentTotal() + " " + answer.changes();
    }

    private static List<String> shown(List<GroupTotals> rows) {
        return rows.stream().map(g -> g.key() + " " + g.requests() + " " + g.bytes() + " " + g.status(2) + "/"
                + g.status(3) + "/" + g.status(4) + "/" + g.status(5)).toList();
    }

    /** Lines over two hours, paths heavy-tailed (a few busy, many seen once), now and then an agent spelled in two ways (nginx's and Apache's escapes). */
    private static List<StoredLines.Line> lines(Random random) {
        int paths = 5 + random.nextInt(300);
        boolean escapes = random.nextInt(3) == 0;
        return StoredLines.over2Hours(random, 200 + random.nextInt(3_000), i -> {
            int path = (int) Math.min(paths - 1, Math.floor(paths * Math.pow(random.nextDouble(), 3)));
            String agent = AGENTS[random.nextInt(escapes ? AGENTS.length : AGENTS.length - 2)];
            int status = switch (random.nextInt(10)) {
                case 0 -> 101;
                case 1, 2 -> 404;
                case 3 -> 503;
                case 4 -> 301;
                default -> 200;
            };
            // One name, two spellings: nginx's \x22 and Apache's \".
            String quote = escapes && random.nextInt(4) == 0 ? (random.nextBoolean() ? "\\x22" : "\\\"") : "";
            return "10.0.0." + random.nextInt(30) + " - - [time] \"GET " + DIRECTORIES[path % DIRECTORIES.length] + path + quote + " HTTP/1.1\" " + status
                    + " " + random.nextInt(5_000) + " \"-\" \"" + agent + "\"";
        });
    }

    private static RequestFilter filter(Random random) {
        long from = START - 60_000 + random.nextInt(3) * (long) random.nextInt(4_000_000);
        long to = random.nextInt(3) == 0 ? START + 8_000_000 : from + 1 + random.nextInt(8_000_000);
        String status = STATUS_FILTERS[random.nextInt(STATUS_FILTERS.length)];
        Set<String> sources = switch (random.nextInt(4)) {
            case 0 -> Set.of("web");
            case 1 -> Set.of("api");
            default -> Set.of();
        };
        return new RequestFilter(new TimeRange(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), ZoneOffset.UTC),
                sources, status == null ? null : StatusMatch.parse(status),
                random.nextInt(3) == 0 ? PATH_PREFIXES[random.nextInt(PATH_PREFIXES.length)] : null, null);
    }
}
