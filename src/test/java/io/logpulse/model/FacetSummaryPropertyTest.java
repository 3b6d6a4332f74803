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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A summary read with one facet value kept counts, for each value it lists, its total and its requests
 * without a value, what the rows of that facet value hold; and its threshold is the most any value it
 * does not list has of them, or if less that summed over the status classes counted, in each class
 * (or the summary's own, if less still). Names spelled in two ways count as one.
 */
class FacetSummaryPropertyTest {

    private static final String[] PATHS = {"/", "/a", "/a/b", "/a/c?x=1", "/ab", "/a\\x22b/c", "/a\\\"b/d", "/?q", "\\x16\\x03",
        "/s/x/1", "/s/x/2/k", "/s/y", "/s/y?z", "/s//z", "/s/", "/t?u", "/t/v"};
    /**
     * Decided by the heads, parts deeper where /s (and under it /s/x and /s/x/2) is split, and never
     * decided (/a has paths /a and /a/b; /s/y has /s/y?z).
     */
    private static final String[] PREFIXES = {"/", "/a", "/ab", "/s", "/s/", "/s/y", "/s/x", "/s/y?", "/s/x/1", "/s/x/2",
        "/s/x/2/k", "/s/x/2/", "/t", "/t/v", "/a/b", "/z", ""};
    /** The prefixes of one value or group: read with them, a threshold is no looser than theirs. */
    private static final Set<String> GROUPS = Set.of("/s", "/t", "/ab", "/s/x", "/s/x/2");
    /** Every path under /s goes on with '/', and so on down to /s/x/2/k: these are decided wherever /s has paths. */
    private static final Set<String> SPLIT = Set.of("/s/", "/s/y", "/s/x", "/s/x/1", "/s/x/2", "/s/x/2/k");
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
                Map<String, String> heads = headValues(rows.stream().map(row -> row.values().get(RequestColumn.PATH)).toList());
                rows.forEach(row -> row.facets().put(Facet.PATH_HEAD, heads.get(row.values().get(RequestColumn.PATH))));
                RequestSegment segment = encoder.finish(2, 1);
                for (int k = 0; k < SegmentSummary.COLUMNS.size(); k++) {
                    RequestColumn column = SegmentSummary.COLUMNS.get(k);
                    SegmentSummary summary = SegmentSummary.decode(segment.columns()[RequestColumn.values().length + k]);
                    for (Facet facet : Facet.values()) {
                        byte[] stored = segment.facetSummaries()[SegmentEncoder.facetIndex(facet, k)];
                        for (String kept : facetValues(rows, facet)) {
                            boolean[] classes = classes(random);
                            SegmentSummary keeping = FacetSummary.keeping(summary, stored,
                                    name -> new String(name, StandardCharsets.UTF_8).equals(kept) ? Decision.KEEP : Decision.DROP,
                                    classes);
                            check(keeping, summary, rows, row -> kept.equals(row.facets().get(facet)), column,
                                    facet + " " + kept, classes, Bound.EXACT);
                        }
                    }
                    byte[] headFacet = segment.facetSummaries()[SegmentEncoder.facetIndex(Facet.PATH_HEAD, k)];
                    for (String prefix : PREFIXES) {
                        byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
                        boolean[] classes = classes(random);
                        SegmentSummary keeping = FacetSummary.keeping(summary, headFacet, head -> FacetSummary.prefixKeeps(bytes, head),
                                classes);
                        if (keeping != null) {
                            // Those of one head: no looser than its own threshold, its group's where the head is split.
                            Bound bound = GROUPS.contains(prefix) ? Bound.WITHIN : Bound.VALID;
                            check(keeping, summary, rows, row -> row.values().get(RequestColumn.PATH).startsWith(prefix), column,
                                    "paths under " + prefix, classes, bound);
                        }
                        boolean splitHead = rows.stream().anyMatch(row -> row.values().get(RequestColumn.PATH).startsWith("/s/"));
                        assertThat(keeping != null || !splitHead || !SPLIT.contains(prefix))
                                .as("%s decided from the facets", prefix).isTrue();
                    }
                }
            });
        });
    }

    /** How a threshold read with some facet values kept relates to what the rows of those values hold. */
    private enum Bound {
        /** One value kept: the most any value not listed has, by class or in all, whichever is less. */
        EXACT,
        /** The values of one head: no less than what any value not listed has, no more than EXACT. */
        WITHIN,
        /** No less than what any value not listed has. */
        VALID
    }

    /**
     * {@code keeping}, the summary of {@code column} read with some facet values kept, counts what the
     * rows that {@code kept} holds; its threshold is as {@code bound} says.
     */
    private static void check(SegmentSummary keeping, SegmentSummary summary, List<Row> rows, Predicate<Row> kept,
            RequestColumn column, String which, boolean[] classes, Bound bound) {
        var perClass = new HashMap<String, long[]>();
        var perName = new HashMap<String, Long>();
        long total = 0;
        long absent = 0;
        for (Row row : rows) {
            if (kept.test(row)) {
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
        String what = column + " with " + which;
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
        long exact = Math.min(Math.min(inClasses, inAll), summary.threshold());
        if (bound == Bound.EXACT) {
            assertThat(keeping.threshold()).as("threshold of " + what).isEqualTo(exact);
            return;
        }
        long mostCounted = perClass.entrySet().stream().filter(e -> !listed.contains(e.getKey()))
                .mapToLong(e -> counted(e.getValue(), classes)).max().orElse(0);
        assertThat(keeping.threshold()).as("threshold of " + what).isGreaterThanOrEqualTo(mostCounted)
                .isLessThanOrEqualTo(bound == Bound.WITHIN ? exact : Long.MAX_VALUE);
    }

    private static long counted(long[] perClass, boolean[] classes) {
        long sum = 0;
        for (int c = 0; c < SegmentSummary.CLASSES; c++) {
            sum += classes[c] ? perClass[c] : 0;
        }
        return sum;
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
        return new Row(values, facets, status);
    }

    /**
     * Each path's {@link Facet#PATH_HEAD} value in a segment of these paths: its head, and where every
     * path of that value goes on with '/' and it has at most 16 next parts, up to the next part's end,
     * and so on.
     */
    private static Map<String, String> headValues(List<String> paths) {
        var values = new HashMap<String, String>();
        paths.forEach(path -> values.put(path, upTo(path, 0)));
        Set<String> unsettled = new HashSet<>(paths);
        while (!unsettled.isEmpty()) {
            var closed = new HashMap<String, Boolean>();
            var children = new HashMap<String, Set<String>>();
            for (String path : unsettled) {
                String value = values.get(path);
                closed.merge(value, path.length() == value.length() || path.charAt(value.length()) == '?', Boolean::logicalOr);
                children.computeIfAbsent(value, v -> new HashSet<>()).add(upTo(path, value.length()));
            }
            Set<String> split = new HashSet<>();
            for (String path : unsettled) {
                String value = values.get(path);
                if (!closed.get(value) && children.get(value).size() <= 16) {
                    values.put(path, upTo(path, value.length()));
                    split.add(path);
                }
            }
            unsettled = split;
        }
        return values;
    }

    /** A path up to its first '/' or '?' after index {@code from}. */
    private static String upTo(String path, int from) {
        for (int i = from + 1; i < path.length(); i++) {
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
