package io.logpulse.model;

import static io.logpulse.model.AcceptedLines.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.model.FacetSummary.Decision;
import io.logpulse.model.FacetSummary.Facet;
import io.logpulse.parse.LineParser;
import io.logpulse.parse.LogFormat;
import io.logpulse.parse.ParsedLine;
import io.logpulse.parse.Unescape;
import io.logpulse.testing.Tries;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A summary read with one facet value kept counts, for each value it lists, its total and its requests
 * without a value, what the rows of that facet value hold; and its threshold is the most any value it
 * does not list has of them, or if less that summed over the status classes counted, in each class
 * (or the summary's own, if less still). Names spelled in two ways count as one.
 */
class FacetSummaryPropertyTest {

    private static final String[] PATHS = {"/", "/a", "/a/b", "/a/c?x=1", "/ab", "/a\\x22b/c", "/a\\\"b/d", "/?q", "\\x16\\x03"};
    private static final String[] AGENTS = {"curl/8.5.0", "bot \\x22q\\x22", "bot \\\"q\\\"", "Wget/1.21", "-"};
    private static final int[] STATUSES = {200, 200, 404, 404, 503, 301, 101};

    /** One row as the summaries see it: the text of each summarized column (null: none) and its facets' values. */
    private record Row(Map<RequestColumn, String> values, Map<Facet, String> facets, long status) {
    }

    @Test
    void aFacetValueCountsItsRowsAndBoundsTheUnlisted() {
        LineParser parser = new LineParser(LogFormat.resolve("combined"));
        Tries.forAll(200, 0xFAC3_7L, random -> {
            List<String> lines = lines(random);
            int entries = 1 + random.nextInt(4);
            return new Tries.Case(() -> entries + " listed of\n" + String.join("\n", lines), () -> {
                var encoder = new SegmentEncoder(entries);
                encoder.begin(0); // a segment before, so that what it leaves behind would show
                lines(new Random(1)).forEach(line -> encoder.add(parse(parser, line), 0));
                encoder.finish(1, 1);
                encoder.begin(0);
                var rows = new ArrayList<Row>();
                for (String line : lines) {
                    ParsedLine parsed = parse(parser, line);
                    encoder.add(parsed, 0);
                    rows.add(row(line, parsed.status()));
                }
                RequestSegment segment = encoder.finish(2, 1);
                for (int k = 0; k < SegmentSummary.COLUMNS.size(); k++) {
                    RequestColumn column = SegmentSummary.COLUMNS.get(k);
                    SegmentSummary summary = SegmentSummary.decode(segment.columns()[RequestColumn.values().length + k]);
                    for (Facet facet : Facet.values()) {
                        byte[] stored = segment.facetSummaries()[SegmentEncoder.facetIndex(facet, k)];
                        for (String kept : facetValues(rows, facet)) {
                            check(summary, stored, rows, column, facet, kept, classes(random));
                        }
                    }
                }
            });
        });
    }

    private static void check(SegmentSummary summary, byte[] stored, List<Row> rows, RequestColumn column, Facet facet,
            String kept, boolean[] classes) {
        Function<byte[], Decision> onlyKept = name ->
                new String(name, StandardCharsets.UTF_8).equals(kept) ? Decision.KEEP : Decision.DROP;
        SegmentSummary keeping = FacetSummary.keeping(summary, stored, onlyKept, classes);
        var perClass = new HashMap<String, long[]>();
        var perName = new HashMap<String, Long>();
        long total = 0;
        long absent = 0;
        for (Row row : rows) {
            if (kept.equals(row.facets().get(facet))) {
                total++;
                String value = row.values().get(column);
                if (value == null) {
                    absent++;
                } else {
                    perName.merge(value, 1L, Long::sum);
                    perClass.computeIfAbsent(value, v -> new long[SegmentSummary.CLASSES])[SegmentSummary.classOf(row.status())]++;
                }
            }
        }
        String what = column + " with " + facet + " " + kept;
        assertThat(requests(keeping.totals(), 0)).as("total of " + what).isEqualTo(total);
        assertThat(requests(keeping.absent(), 0)).as("without a value, " + what).isEqualTo(absent);
        Set<String> listed = new LinkedHashSet<>();
        for (int i = 0; i < keeping.listed(); i++) {
            String name = new String(keeping.text(), keeping.start(i), keeping.end(i) - keeping.start(i), StandardCharsets.UTF_8)
                    .replace("\\\\", "\\");
            listed.add(name);
            assertThat(requests(keeping.counts(), i * SegmentSummary.STRIDE)).as(name + ", " + what)
                    .isEqualTo(perName.getOrDefault(name, 0L));
        }
        long inClasses = 0; // in each class counted, the most of the values not listed
        for (int c = 0; c < SegmentSummary.CLASSES; c++) {
            int inClass = c;
            inClasses += !classes[c] ? 0 : perClass.entrySet().stream().filter(e -> !listed.contains(e.getKey()))
                    .mapToLong(e -> e.getValue()[inClass]).max().orElse(0);
        }
        long inAll = perName.entrySet().stream().filter(e -> !listed.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).max().orElse(0);
        long mostUnlisted = Math.min(inClasses, inAll);
        assertThat(keeping.threshold()).as("threshold of " + what).isEqualTo(Math.min(mostUnlisted, summary.threshold()));
    }

    /** Some of the status classes: the thresholds bound the requests of those a question counts. */
    private static boolean[] classes(Random random) {
        boolean[] classes = new boolean[SegmentSummary.CLASSES];
        boolean all = random.nextBoolean();
        for (int c = 0; c < classes.length; c++) {
            classes[c] = all || random.nextBoolean();
        }
        return classes;
    }

    private static long requests(long[] counts, int at) {
        long sum = 0;
        for (int c = 0; c < SegmentSummary.CLASSES; c++) {
            sum += counts[at + 2 * c];
        }
        return sum;
    }

    private static Set<String> facetValues(List<Row> rows, Facet facet) {
        var values = new LinkedHashSet<String>();
        rows.forEach(row -> values.add(row.facets().get(facet)));
        values.remove(null);
        return values;
    }

    /** The row of a line this test wrote: its fields are between its quotes and spaces. */
    private static Row row(String line, long status) {
        String[] quoted = line.split("\" ");
        String request = quoted[0].substring(quoted[0].indexOf('"') + 1);
        String path = text(request.substring(request.indexOf(' ') + 1, request.lastIndexOf(' ')));
        String agent = text(line.substring(line.lastIndexOf(" \"") + 2, line.length() - 1));
        var values = new HashMap<RequestColumn, String>();
        values.put(RequestColumn.ADDRESS, line.substring(0, line.indexOf(' ')));
        values.put(RequestColumn.PATH, path);
        values.put(RequestColumn.USER_AGENT, agent.equals("-") ? null : agent);
        values.put(RequestColumn.STATUS, Long.toString(status));
        var facets = new HashMap<Facet, String>();
        facets.put(Facet.STATUS_CODE, Long.toString(status));
        facets.put(Facet.PATH_HEAD, head(path));
        return new Row(values, facets, status);
    }

    /** A path up to its first '/' or '?' after the first character. */
    private static String head(String path) {
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/' || path.charAt(i) == '?') {
                return path.substring(0, i);
            }
        }
        return path;
    }

    private static String text(String logged) {
        byte[] b = logged.getBytes(StandardCharsets.UTF_8);
        return Unescape.decode(b, 0, b.length);
    }

    private static List<String> lines(Random random) {
        var lines = new ArrayList<String>();
        int count = 1 + random.nextInt(80);
        for (int i = 0; i < count; i++) {
            lines.add("10.0.0." + random.nextInt(1 + random.nextInt(12)) + " - - [01/Jan/2020:00:00:00 +0000] \"GET "
                    + PATHS[random.nextInt(PATHS.length)] + " HTTP/1.1\" " + STATUSES[random.nextInt(STATUSES.length)]
                    + " " + random.nextInt(100) + " \"-\" \"" + AGENTS[random.nextInt(AGENTS.length)] + "\"");
        }
        return lines;
    }
}
