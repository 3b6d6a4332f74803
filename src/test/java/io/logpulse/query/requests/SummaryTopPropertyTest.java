package io.logpulse.query.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.model.RequestSegment;
import io.logpulse.model.SegmentEncoder;
import io.logpulse.model.SegmentSummary;
import io.logpulse.parse.LineParser;
import io.logpulse.parse.LogFormat;
import io.logpulse.parse.ParsedLine;
import io.logpulse.query.GroupTotals;
import io.logpulse.query.TimeRange;
import io.logpulse.store.Database;
import io.logpulse.store.DatabaseLocation;
import io.logpulse.store.RequestReader;
import io.logpulse.store.RequestSink;
import io.logpulse.testing.Draw;
import io.logpulse.testing.Tries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A top (and a compare) from the segments' summaries is what a scan of every segment gives, whatever the filter,
 * the range, the overlap of segments written again after a restore, and values with escapes (whose
 * segments have no summary).
 */
class SummaryTopPropertyTest {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    private static final long START = Instant.parse("2025-01-31T00:00:00Z").toEpochMilli();
    private static final String[] AGENTS = {"curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64)", "-", "Go-http-client/1.1",
            "python-requests/2.31", "Wget/1.21", "bot \\x22q\\x22", "bot \\\"q\\\""};
    private static final String[] STATUS_FILTERS = {null, "2xx", "4xx", "5xx", "4xx,5xx", "1xx", "404", "5xx,404"};
    private static final LineParser PARSER = new LineParser(LogFormat.resolve("combined"));

    @TempDir
    Path dir;

    /** One generation's lines, each with its bytes and offset. */
    private record Line(byte[] bytes, long offset, ParsedLine parsed) {
    }

    @Test
    void summaryTopEqualsAFullScan() {
        var tries = new AtomicInteger();
        var summarized = new AtomicInteger();
        Tries.forAll(60, 0x5A_77_10L, random -> {
            long seed = random.nextLong();
            return new Tries.Case(() -> "store seed " + seed, () -> {
                var location = DatabaseLocation.of(dir.resolve("store-" + tries.incrementAndGet()));
                try (Database database = Database.open(location)) {
                    Handle handle = database.handle();
                    var store = new Random(seed);
                    int generations = 1 + store.nextInt(3);
                    for (int g = 1; g <= generations; g++) {
                        handle.execute("INSERT INTO generation (id, source, path, format, lines_read, bytes_read, updated_at) "
                                + "VALUES (?, ?, ?, 'combined', 0, 0, 0)", g, g % 2 == 0 ? "api" : "web", "/logs/" + g);
                        storeGeneration(handle, g, lines(store), store);
                    }
                    var reader = new RequestReader(handle);
                    var scan = new RequestScan(reader);
                    for (int q = 0; q < 20; q++) {
                        RequestFilter filter = filter(store);
                        // Mostly the summarized columns; the others must fall back to a scan.
                        Dimension by = store.nextInt(5) == 0 ? Dimension.values()[store.nextInt(Dimension.values().length)]
                                : new Dimension[] {Dimension.PATH, Dimension.UA, Dimension.IP}[store.nextInt(3)];
                        int limit = 1 + store.nextInt(store.nextBoolean() ? 5 : 40);
                        var counts = SummaryTop.count(reader, scan, filter, by);
                        List<GroupTotals> fromSummaries = counts.map(c -> c.top(limit)).orElse(null);
                        var counter = scanned(scan, filter, by);
                        if (fromSummaries != null) {
                            summarized.incrementAndGet();
                            assertThat(shown(fromSummaries)).as("top %d by %s of %s", limit, by, filter)
                                    .isEqualTo(shown(counter.top(limit)));
                            assertThat(counts.get().total()).as("total of %s", filter).isEqualTo(counter.total());
                        }
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

    /** Stores a generation as chunks of random sizes, some of them written again cut elsewhere (a restore). */
    private static void storeGeneration(Handle handle, long generation, List<Line> lines, Random random) {
        // Short summaries leave out more values with larger thresholds: harder to settle, and wrong if not exact.
        var encoder = new SegmentEncoder(new int[] {1, 3, 8, SegmentSummary.ENTRIES}[random.nextInt(4)]);
        int at = 0;
        while (at < lines.size()) {
            int end = Math.min(lines.size(), at + 1 + Draw.size(random, 400));
            RequestSink.store(handle, List.of(segment(encoder, generation, lines, at, end)));
            if (random.nextInt(6) == 0 && end - at > 1) {
                // Read again from inside this chunk: the new segment replaces those starting inside it
                // and overlaps this one.
                int again = at + 1 + random.nextInt(end - at - 1);
                int againEnd = Math.min(lines.size(), again + 1 + Draw.size(random, 400));
                RequestSink.store(handle, List.of(segment(encoder, generation, lines, again, againEnd)));
                end = Math.max(end, againEnd);
            }
            at = end;
        }
    }

    private static RequestSegment segment(SegmentEncoder encoder, long generation, List<Line> lines, int from, int to) {
        encoder.begin(lines.get(from).offset());
        for (int i = from; i < to; i++) {
            encoder.add(lines.get(i).parsed(), lines.get(i).offset());
        }
        Line last = lines.get(to - 1);
        return encoder.finish(generation, last.offset() + last.bytes().length + 1);
    }

    /** Lines over two hours, paths heavy-tailed (a few busy, many seen once), now and then an agent spelled in two ways (nginx's and Apache's escapes). */
    private static List<Line> lines(Random random) {
        int n = 200 + random.nextInt(3_000);
        int paths = 5 + random.nextInt(300);
        boolean escapes = random.nextInt(3) == 0;
        var lines = new ArrayList<Line>();
        long offset = 0;
        for (int i = 0; i < n; i++) {
            long millis = START + (long) i * 7_200_000 / n + random.nextInt(20_000);
            String time = LOG_TIME.format(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC));
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
            String text = "10.0.0." + random.nextInt(30) + " - - [" + time + "] \"GET /p" + path + quote + " HTTP/1.1\" " + status
                    + " " + random.nextInt(5_000) + " \"-\" \"" + agent + "\"";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            var parsed = new ParsedLine();
            assertThat(PARSER.parse(bytes, 0, bytes.length, parsed)).as(text).isTrue();
            lines.add(new Line(bytes, offset, parsed));
            offset += bytes.length + 1;
        }
        return lines;
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
                sources, status == null ? null : StatusMatch.parse(status), null, null);
    }
}
