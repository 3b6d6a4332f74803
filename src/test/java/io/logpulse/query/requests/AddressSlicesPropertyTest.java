package io.logpulse.query.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.model.SegmentEncoder;
import io.logpulse.query.GroupTotals;
import io.logpulse.query.TimeRange;
import io.logpulse.query.TimelineQuery;
import io.logpulse.store.Database;
import io.logpulse.store.DatabaseLocation;
import io.logpulse.store.RequestReader;
import io.logpulse.store.RequestRetention;
import io.logpulse.store.RequestSink;
import io.logpulse.testing.Tries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A question about one client address answers the same from its slices ({@link io.logpulse.model.AddressSlices})
 * and their summaries as from whole segments: one store is written twice, and the second copy's
 * slices are dropped, which leaves the queries nothing but the segments.
 */
class AddressSlicesPropertyTest {

    /** Heavy-tailed: the first is in about 40% of the lines, the last few in one or two each per segment. */
    private static final String[] ADDRESSES = {"10.0.0.1", "2001:db8::7", "192.0.2.44", "198.51.100.3", "203.0.113.9",
            "10.0.0.10", "10.0.0.11", "10.0.0.12", "10.0.0.13", "10.0.0.14", "10.0.0.15", "10.0.0.16"};
    private static final String[] AGENTS = {"curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64)", "-", "python-requests/2.31"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "HEAD"};
    private static final String[] STATUS_FILTERS = {null, null, "2xx", "4xx,5xx", "404", "1xx"};

    @TempDir
    Path dir;

    @Test
    void answersFromSlicesEqualAnswersFromWholeSegments() {
        var stores = new AtomicInteger();
        var fromSlices = new AtomicInteger();
        var settledBySummaries = new AtomicInteger();
        Tries.forAll(30, 0x511CE5L, random -> {
            long seed = random.nextLong();
            return new Tries.Case(() -> "store seed " + seed, () -> {
                int n = stores.incrementAndGet();
                try (Database sliced = Database.open(DatabaseLocation.of(dir.resolve("sliced-" + n)));
                        Database whole = Database.open(DatabaseLocation.of(dir.resolve("whole-" + n)))) {
                    var store = new Random(seed);
                    int generations = 1 + store.nextInt(2);
                    for (int g = 1; g <= generations; g++) {
                        List<StoredLines.Line> lines = lines(store);
                        long chunking = store.nextLong();
                        for (Database db : List.of(sliced, whole)) {
                            StoredLines.addGeneration(db.handle(), g, g == 1 ? "web" : "api");
                            StoredLines.store(db.handle(), g, lines, new Random(chunking), 1_000);
                        }
                    }
                    assertNoOrphanSlices(sliced.handle());
                    whole.handle().execute("DELETE FROM request_slice");
                    whole.handle().execute("DELETE FROM request_slice_data");
                    var withSlices = new RequestQueries(new RequestReader(sliced.handle()));
                    var withoutSlices = new RequestQueries(new RequestReader(whole.handle()));
                    var reader = new RequestReader(sliced.handle());
                    var scan = new RequestScan(reader);
                    for (int q = 0; q < 12; q++) {
                        String address = ADDRESSES[(int) (ADDRESSES.length * Math.pow(store.nextDouble(), 3))];
                        RequestFilter filter = filter(store, address);
                        if (slices(sliced.handle(), address) > 0) {
                            fromSlices.incrementAndGet();
                        }
                        Duration step = List.of(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1))
                                .get(store.nextInt(3));
                        int limit = 1 + store.nextInt(store.nextBoolean() ? 3 : 20);
                        assertThat(shown(withSlices.address(filter, step, limit))).as("ip %s, %s", address, filter)
                                .isEqualTo(shown(withoutSlices.address(filter, step, limit)));
                        RequestQueries.RequestsAnswer requests = withSlices.requests(filter, limit);
                        RequestQueries.RequestsAnswer expected = withoutSlices.requests(filter, limit);
                        assertThat(requests.matched()).as("requests --ip %s, %s", address, filter).isEqualTo(expected.matched());
                        assertThat(requests.requests()).as("requests --ip %s, %s", address, filter)
                                .isEqualTo(expected.requests());
                        Dimension by = store.nextBoolean() ? Dimension.PATH : Dimension.UA;
                        List<GroupTotals> summarized = SummaryTop.count(reader, scan, filter, by).map(s -> s.top(limit)).orElse(null);
                        if (summarized != null) {
                            settledBySummaries.incrementAndGet();
                            assertThat(shown(summarized)).as("top by %s of %s from slice summaries", by, filter)
                                    .isEqualTo(shown(withoutSlices.top(filter, by, limit).rows()));
                        }
                    }
                }
            });
        });
        // The slices and their summaries must answer often enough for this test to be about them.
        assertThat(fromSlices.get()).as("questions about an address with slices, of %d", 30 * 12).isGreaterThan(100);
        assertThat(settledBySummaries.get()).as("tops settled by slice summaries, of %d", 30 * 12).isGreaterThan(30);
    }

    @Test
    void slicesGoWithTheSegmentsTheRetentionDrops() {
        try (Database db = Database.open(DatabaseLocation.of(dir.resolve("pruned")))) {
            var random = new Random(7);
            StoredLines.addGeneration(db.handle(), 1, "web");
            StoredLines.store(db.handle(), 1, lines(random), random, 1_000);
            int before = slices(db.handle(), ADDRESSES[0]);
            assertThat(RequestRetention.prune(db.handle(), Duration.ofMinutes(30))).isPositive();
            int after = slices(db.handle(), ADDRESSES[0]);
            assertThat(after).as("slices of %s kept of %d", ADDRESSES[0], before).isPositive().isLessThan(before);
            assertNoOrphanSlices(db.handle());
        }
    }

    @Test
    void aSegmentWrittenAgainOverAnotherTakesItsPlaceSlicesIncluded() {
        try (Database db = Database.open(DatabaseLocation.of(dir.resolve("rewritten")))) {
            List<StoredLines.Line> lines = lines(new Random(11));
            var encoder = new SegmentEncoder();
            StoredLines.addGeneration(db.handle(), 1, "web");
            RequestSink.store(db.handle(), List.of(StoredLines.segment(encoder, 1, lines, lines.size() / 4, lines.size() / 2)));
            assertThat(slices(db.handle(), ADDRESSES[0])).isOne();
            // Read again from the start (a re-ingest): one segment over both, which replaces the first.
            RequestSink.store(db.handle(), List.of(StoredLines.segment(encoder, 1, lines, 0, lines.size())));
            assertThat(slices(db.handle(), ADDRESSES[0])).isOne();
            assertNoOrphanSlices(db.handle());
        }
    }

    /** Every slice, and every column of one, belongs to a stored segment. */
    private static void assertNoOrphanSlices(Handle handle) {
        for (String table : List.of("request_slice", "request_slice_data")) {
            assertThat(handle.createQuery("SELECT COUNT(*) FROM " + table + " l WHERE NOT EXISTS (SELECT 1 FROM "
                    + "request_segment s WHERE s.generation = l.generation AND s.start_offset = l.start_offset)")
                    .mapTo(Integer.class).one()).as("rows of %s without their segment", table).isZero();
        }
    }

    private static int slices(Handle handle, String address) {
        return handle.createQuery("SELECT COUNT(*) FROM request_slice WHERE address = :a").bind("a", address)
                .mapTo(Integer.class).one();
    }

    /**
     * Lines over two hours from heavy-tailed addresses, paths and agents. Now and then the busiest
     * address is written escaped ({@code \x31} for its first digit): one client in two spellings,
     * which must keep its segment from having slices.
     */
    private static List<StoredLines.Line> lines(Random random) {
        int paths = 5 + random.nextInt(200);
        boolean escapes = random.nextInt(4) == 0;
        return StoredLines.over2Hours(random, 500 + random.nextInt(5_000), i -> {
            String address = ADDRESSES[(int) (ADDRESSES.length * Math.pow(random.nextDouble(), 3))];
            if (escapes && address.equals("10.0.0.1") && random.nextInt(50) == 0) {
                address = "\\x310.0.0.1";
            }
            int path = (int) Math.min(paths - 1, Math.floor(paths * Math.pow(random.nextDouble(), 2)));
            int status = switch (random.nextInt(10)) {
                case 0 -> 101;
                case 1, 2 -> 404;
                case 3 -> 503;
                default -> 200;
            };
            return address + " - - [time] \"" + METHODS[random.nextInt(METHODS.length)] + " /p" + path
                    + (random.nextInt(5) == 0 ? "?q=" + random.nextInt(1_000) : "") + " HTTP/1.1\" " + status + " "
                    + random.nextInt(5_000) + " \"-\" \"" + AGENTS[random.nextInt(AGENTS.length)] + "\"";
        });
    }

    /** A range cut at whole minutes (the steps start there), now and then inside a segment; a source, status or path filter now and then. */
    private static RequestFilter filter(Random random, String address) {
        long from = StoredLines.START - 60_000 + random.nextInt(3) * 60_000L * random.nextInt(60);
        long to = random.nextInt(3) == 0 ? StoredLines.START + 8_040_000 : from + 60_000L * (1 + random.nextInt(130));
        String status = STATUS_FILTERS[random.nextInt(STATUS_FILTERS.length)];
        Set<String> sources = random.nextInt(4) == 0 ? Set.of("api") : Set.of();
        String pathPrefix = random.nextInt(6) == 0 ? "/p1" : null;
        return new RequestFilter(new TimeRange(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), ZoneOffset.UTC),
                sources, status == null ? null : StatusMatch.parse(status), pathPrefix, address);
    }

    private static String shown(RequestQueries.AddressAnswer answer) {
        Timeline timeline = answer.timeline();
        return timeline.firstMillis() + " " + timeline.lastMillis() + " "
                + timeline.asSteps().stream().map(TimelineQuery.Step::counts).map(Arrays::toString).toList()
                + " statuses " + shown(answer.statuses()) + " paths " + shown(answer.paths()) + " agents "
                + shown(answer.userAgents()) + " sources " + shown(answer.sources()) + " methods " + shown(answer.methods());
    }

    private static List<String> shown(List<GroupTotals> rows) {
        return rows.stream().map(g -> g.key() + " " + g.requests() + " " + g.bytes() + " " + g.status(2) + "/"
                + g.status(3) + "/" + g.status(4) + "/" + g.status(5)).toList();
    }
}
