package io.logpulse.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * What a segment's {@link SegmentSummary} counts, split by a {@link Facet} of the requests: for the
 * segment's totals, its requests without a value and each value the summary lists (in the summary's
 * order), the counts by status class of each facet value they have; and per facet value thresholds,
 * the most requests of it a value not listed has, in each status class and in all. With them a
 * question about single status codes ({@code top --status 404}) or a path prefix
 * ({@code top --path-prefix /api}) is answered from summaries too. The summary's own threshold counts
 * every request, and 404s are a tenth of them: it bounds a value's 404s ten times too loosely to
 * settle a top.
 *
 * <p>Stored apart from the summary (under {@link #columnId}) so that the questions that do not need
 * them do not read them. A segment written before they existed, or with more than {@link #MOST_VALUES}
 * facet values, has none and is scanned for such questions. An instance encodes them, segment after
 * segment.
 */
public final class FacetSummary {

    /** What the requests are split by. */
    public enum Facet {
        /** The status code, as text ("404"). */
        STATUS_CODE(AddressFilter.COLUMN_ID + 1),
        /** The path's head ({@link PathHeads}): a path prefix up to there is decided by it. */
        PATH_HEAD(AddressFilter.COLUMN_ID + 1 + SegmentSummary.COLUMNS.size());

        private final int firstId;

        Facet(int firstId) {
            this.firstId = firstId;
        }
    }

    /** What a question makes of a facet value: all its requests pass, none, or it cannot tell. */
    public enum Decision { KEEP, DROP, UNKNOWN }

    /** More facet values than this in one segment (a scanner's thousand paths): none are written. */
    static final int MOST_VALUES = 255;
    private static final int TOTALS = 0;
    private static final int ABSENT = 1;
    private static final int LISTED = 2;
    private static final int CLASSES = SegmentSummary.CLASSES;
    /** Thresholds per facet value: one per class, then one of every class. */
    private static final int BOUNDS = CLASSES + 1;

    private static final int FACETS = Facet.values().length;

    /**
     * While encoding, per facet: counts per slot, facet value and class; the requests of each name
     * not listed, per facet value and bound; the thresholds per facet value and bound.
     */
    private final long[][] counts = new long[FACETS][0];
    private final char[][] unlisted = new char[FACETS][0];
    private final long[][] thresholds = new long[FACETS][];
    /** While counting a facet by value: the requests of each name not listed, per bound. */
    private long[] byName = new long[0];

    /** Where the facet {@code facet} of the summary of {@code column} is stored among a segment's columns. */
    public static int columnId(Facet facet, RequestColumn column) {
        SegmentSummary.columnId(column); // rejects a column that is not summarized
        return facet.firstId + SegmentSummary.COLUMNS.indexOf(column);
    }

    /**
     * The length of a path's head: up to its first '/' or '?' after the first byte. Every path with
     * this head is the head followed by nothing, '/' or '?': a prefix that the head starts with keeps
     * them all, and one that goes past the head with another byte keeps none.
     */
    static int headLength(byte[] path, int start, int end) {
        return headLength(path, start, start, end);
    }

    /** The length of the path from {@code start} up to its first '/' or '?' after {@code path[from]}. */
    static int headLength(byte[] path, int start, int from, int end) {
        int cut = Math.min(from + 1, end);
        while (cut < end && path[cut] != '/' && path[cut] != '?') {
            cut++;
        }
        return cut - start;
    }

    /** Whether a path prefix keeps the paths with head {@code head} ({@link #headLength}). */
    public static Decision prefixKeeps(byte[] prefix, byte[] head) {
        if (startsWith(head, prefix)) {
            return Decision.KEEP;
        }
        if (startsWith(prefix, head) && (prefix[head.length] == '/' || prefix[head.length] == '?')) {
            return Decision.UNKNOWN; // it goes past the head, where the paths differ
        }
        return Decision.DROP;
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        return value.length >= prefix.length && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * The facets of a summary of {@code values} values, by {@link Facet} ordinal; empty where there are
     * too many facet values. Row {@code r} has the value of entry {@code rowEntries[r] - 1} (0: none),
     * which the summary lists at place {@code listedAt[entry]} (when not listed, -1 - the number of its
     * name: an unlisted name's spellings count together), the value of entry {@code rowFacets[f][r] - 1}
     * of facet {@code f}'s {@code facetValues[f]} (0: none, counted nowhere), and a status of class
     * {@code rowClasses[r]} ({@link SegmentSummary#classOf}). Unless {@code groupOf[f]} is null, facet
     * value {@code v} is part of the group {@code groupOf[f][v]} (-1: none), a value of no rows whose
     * thresholds bound a name's requests of all its parts ({@link PathHeads#groups}).
     *
     * <p>Where a facet is a function of the value (a path's head, for the paths; a code, for the
     * codes), {@code facetOfEntry[f][entry]} is the facet value + 1 of each entry, and that facet is
     * counted from the summary's counts by entry, {@code perEntry[(entry + 1) * STRIDE]}, not from
     * the rows. The rows cost: counting every facet of every summary by rows was a sixth of the
     * parsing threads' time.
     */
    byte[][] encode(long[] rowEntries, long[][] rowFacets, TextDictionary[] facetValues, int[][] groupOf, int[] rowClasses,
            long[] rowBytes, int rows, int[] listedAt, int values, long[] perEntry, int[][] facetOfEntry, ByteWriter out) {
        byte[][] encoded = new byte[FACETS][];
        if (rows > Character.MAX_VALUE || Arrays.stream(facetValues).anyMatch(f -> f.size() > MOST_VALUES)) {
            Arrays.fill(encoded, new byte[0]); // a name's counts would not fit in a char
            return encoded;
        }
        int listed = 0;
        for (int e = 0; e < values; e++) {
            listed = Math.max(listed, listedAt[e] + 1);
        }
        for (int f = 0; f < FACETS; f++) {
            int n = facetValues[f].size();
            int size = (LISTED + listed) * n * SegmentSummary.STRIDE;
            if (counts[f].length < size) {
                counts[f] = new long[Math.max(size, counts[f].length * 2)];
            }
            Arrays.fill(counts[f], 0, size, 0);
            if (unlisted[f].length < values * n * BOUNDS) {
                unlisted[f] = new char[values * n * BOUNDS];
            }
            thresholds[f] = new long[n * BOUNDS];
        }
        for (int f = 0; f < FACETS; f++) {
            if (facetOfEntry[f] != null) {
                countByValue(f, facetOfEntry[f], groupOf[f], perEntry, listedAt, values, facetValues[f].size());
            }
        }
        boolean byRows = Arrays.stream(facetOfEntry).anyMatch(Objects::isNull);
        for (int r = 0; byRows && r < rows; r++) {
            int entry = (int) rowEntries[r];
            int place = entry == 0 ? -1 : listedAt[entry - 1];
            int slot = entry == 0 ? ABSENT : place >= 0 ? LISTED + place : -1;
            int c = rowClasses[r];
            long bytes = rowBytes[r];
            for (int f = 0; f < FACETS; f++) {
                int facet = facetOfEntry[f] == null ? (int) rowFacets[f][r] - 1 : -1;
                if (facet < 0) {
                    continue;
                }
                int n = facetValues[f].size();
                long[] counted = counts[f];
                add(counted, (TOTALS * n + facet) * SegmentSummary.STRIDE + 2 * c, bytes);
                if (slot >= 0) {
                    add(counted, (slot * n + facet) * SegmentSummary.STRIDE + 2 * c, bytes);
                } else {
                    // By facet value and bound, then name: the few busy pairs' counts stay in the cache.
                    // Counts only grow: the last of a name's running counts is its count.
                    int name = -1 - place;
                    long[] most = thresholds[f];
                    char[] count = unlisted[f];
                    for (int v = facet; v >= 0; v = groupOf[f] == null ? -1 : groupOf[f][v]) { // and its groups'
                        int inClass = v * BOUNDS + c;
                        int inAll = v * BOUNDS + CLASSES;
                        most[inClass] = Math.max(most[inClass], ++count[inClass * values + name]);
                        most[inAll] = Math.max(most[inAll], ++count[inAll * values + name]);
                    }
                }
            }
        }
        for (int r = 0; byRows && r < rows; r++) {
            int entry = (int) rowEntries[r];
            if (entry > 0 && listedAt[entry - 1] < 0) {
                int name = -1 - listedAt[entry - 1];
                for (int f = 0; f < FACETS; f++) {
                    int facet = facetOfEntry[f] == null ? (int) rowFacets[f][r] - 1 : -1;
                    for (int v = facet; v >= 0; v = groupOf[f] == null ? -1 : groupOf[f][v]) {
                        unlisted[f][(v * BOUNDS + rowClasses[r]) * values + name] = 0;
                        unlisted[f][(v * BOUNDS + CLASSES) * values + name] = 0;
                    }
                }
            }
        }
        for (int f = 0; f < FACETS; f++) {
            encoded[f] = write(f, facetValues[f], listed, out);
        }
        return encoded;
    }

    /**
     * Counts facet {@code f}, a function of the value, from the counts by entry: a name's spellings
     * have one text, so one facet value, and are summed before their threshold is taken.
     */
    private void countByValue(int f, int[] facetOf, int[] groupOf, long[] perEntry, int[] listedAt, int values, int n) {
        long[] counted = counts[f];
        if (byName.length < values * BOUNDS) {
            byName = new long[values * BOUNDS];
        }
        for (int e = 0; e < values; e++) {
            int facet = facetOf[e] - 1;
            int from = (e + 1) * SegmentSummary.STRIDE;
            int place = listedAt[e];
            for (int c = 0; c < CLASSES; c++) {
                long requests = perEntry[from + 2 * c];
                long bytes = perEntry[from + 2 * c + 1];
                counted[facet * SegmentSummary.STRIDE + 2 * c] += requests;
                counted[facet * SegmentSummary.STRIDE + 2 * c + 1] += bytes;
                if (place >= 0) {
                    int at = ((LISTED + place) * n + facet) * SegmentSummary.STRIDE + 2 * c;
                    counted[at] += requests;
                    counted[at + 1] += bytes;
                } else {
                    byName[(-1 - place) * BOUNDS + c] += requests;
                    byName[(-1 - place) * BOUNDS + CLASSES] += requests;
                }
            }
        }
        long[] most = thresholds[f];
        for (int e = 0; e < values; e++) {
            if (listedAt[e] < 0) {
                int name = (-1 - listedAt[e]) * BOUNDS;
                int facet = facetOf[e] - 1;
                for (int b = 0; b < BOUNDS; b++) {
                    most[facet * BOUNDS + b] = Math.max(most[facet * BOUNDS + b], byName[name + b]);
                    byName[name + b] = 0; // the name's other spellings, if any, add nothing more
                }
            }
        }
        for (int v = 0; groupOf != null && v < n; v++) { // a name has one value, so its groups' count is that value's
            for (int g = groupOf[v]; g >= 0; g = groupOf[g]) {
                for (int b = 0; b < BOUNDS; b++) {
                    most[g * BOUNDS + b] = Math.max(most[g * BOUNDS + b], most[v * BOUNDS + b]);
                }
            }
        }
    }

    private byte[] write(int f, TextDictionary facetValues, int listed, ByteWriter out) {
        int n = facetValues.size();
        out.reset();
        out.writeVarint(n);
        for (int v = 0; v < n; v++) {
            facetValues.writeEntry(v, out);
            out.writeVarints(thresholds[f], v * BOUNDS, BOUNDS);
        }
        out.writeVarint(listed);
        for (int slot = 0; slot < LISTED + listed; slot++) {
            writeSlot(out, counts[f], slot * n * SegmentSummary.STRIDE, n);
        }
        return out.toByteArray();
    }

    /** Adds a request of {@code bytes} to the requests at {@code counts[at]} and the bytes after them. */
    private static void add(long[] counts, int at, long bytes) {
        counts[at]++;
        counts[at + 1] += bytes;
    }

    /** A slot's facet values that have requests: how many, then each as its number, its classes as bits, and their counts. */
    private static void writeSlot(ByteWriter out, long[] counts, int from, int n) {
        int held = 0;
        for (int v = 0; v < n; v++) {
            held += classes(counts, from + v * SegmentSummary.STRIDE) != 0 ? 1 : 0;
        }
        out.writeVarint(held);
        for (int v = 0; v < n; v++) {
            int at = from + v * SegmentSummary.STRIDE;
            int classes = classes(counts, at);
            if (classes != 0) {
                out.writeVarint(v);
                out.writeVarint(classes);
                for (int c = 0; c < CLASSES; c++) {
                    if ((classes & 1 << c) != 0) {
                        out.writeVarint(counts[at + 2 * c]);
                        out.writeVarint(counts[at + 2 * c + 1]);
                    }
                }
            }
        }
    }

    private static int classes(long[] counts, int at) {
        int classes = 0;
        for (int c = 0; c < CLASSES; c++) {
            classes |= counts[at + 2 * c] > 0 ? 1 << c : 0;
        }
        return classes;
    }

    /**
     * {@code summary} counting only the requests of the facet values that {@code decide} keeps, from
     * the facet {@code stored} beside it; null when it cannot tell for one of them. A value the summary
     * does not list has, of each kept facet value, at most its threshold of every class, and its
     * thresholds of the status classes {@code classes} that will be counted summed; of them all, no
     * more than the summary's own threshold. A value of no requests is the group of the values under
     * it ({@link PathHeads}): when all of them are kept, its threshold bounds them together.
     */
    public static SegmentSummary keeping(SegmentSummary summary, byte[] stored, Function<byte[], Decision> decide,
            boolean[] classes) {
        var in = new ByteReader(stored, 0);
        int n = in.readVarintInt();
        byte[][] values = new byte[n][];
        Decision[] decisions = new Decision[n];
        long[] bounds = new long[n];
        for (int v = 0; v < n; v++) {
            int length = in.readVarintInt();
            values[v] = Arrays.copyOfRange(stored, in.position(), in.position() + length);
            decisions[v] = decide.apply(values[v]);
            in.skip(length);
            long inClasses = 0;
            for (int c = 0; c < CLASSES; c++) {
                long classThreshold = in.readVarint();
                inClasses += classes[c] ? classThreshold : 0;
            }
            bounds[v] = Math.min(inClasses, in.readVarint());
        }
        int listed = in.readVarintInt();
        if (listed != summary.listed()) {
            throw new IllegalArgumentException("a facet of " + listed + " values beside a summary of " + summary.listed());
        }
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        long[] perValue = readSlot(in, all, new long[n * SegmentSummary.STRIDE], 0, SegmentSummary.STRIDE); // the totals
        boolean[] requested = new boolean[n];
        boolean[] kept = new boolean[n];
        long[] totals = new long[SegmentSummary.STRIDE];
        for (int v = 0; v < n; v++) {
            requested[v] = classes(perValue, v * SegmentSummary.STRIDE) != 0;
            if (requested[v] && decisions[v] == Decision.UNKNOWN) {
                return null;
            }
            kept[v] = requested[v] && decisions[v] == Decision.KEEP;
            for (int i = 0; kept[v] && i < SegmentSummary.STRIDE; i++) {
                totals[i] += perValue[v * SegmentSummary.STRIDE + i];
            }
        }
        long threshold = threshold(values, requested, kept, bounds);
        long[] absent = readSlot(in, kept, new long[SegmentSummary.STRIDE], 0, 0);
        long[] listedCounts = new long[listed * SegmentSummary.STRIDE];
        for (int i = 0; i < listed; i++) {
            readSlot(in, kept, listedCounts, i * SegmentSummary.STRIDE, 0);
        }
        return summary.withCounts(Math.min(threshold, summary.threshold()), totals, absent, listedCounts);
    }

    /**
     * The sum of the kept values' bounds, where the bound of a group (a value of no requests) stands
     * for what the values under it add up to when they are all kept, if it is less. Groups nest
     * ({@code /api} over {@code /api/v1} over {@code /api/v1/items}): each is settled before the
     * group it is in, the longest values first.
     */
    private static long threshold(byte[][] values, boolean[] requested, boolean[] kept, long[] bounds) {
        int n = values.length;
        int[] groups = IntStream.range(0, n).filter(v -> !requested[v]).toArray();
        long[] under = new long[n];
        boolean[] allKept = new boolean[n];
        Arrays.fill(allKept, true);
        long threshold = 0;
        for (int v : IntStream.range(0, n).boxed().sorted(Comparator.comparingInt(v -> -values[v].length)).toList()) {
            long bound = requested[v] ? (kept[v] ? bounds[v] : 0) : allKept[v] ? Math.min(under[v], bounds[v]) : under[v];
            boolean keptAll = requested[v] ? kept[v] : allKept[v];
            int group = groupOf(values, groups, v);
            if (group < 0) {
                threshold += bound;
            } else {
                under[group] += bound;
                allKept[group] &= keptAll;
            }
        }
        return threshold;
    }

    /** The group of {@code groups} that {@code values[v]} is directly under (the longest), or -1. */
    private static int groupOf(byte[][] values, int[] groups, int v) {
        int group = -1;
        for (int g : groups) {
            if (isUnder(values[v], values[g]) && (group < 0 || values[g].length > values[group].length)) {
                group = g;
            }
        }
        return group;
    }

    /** Whether {@code value} is {@code group}, '/' and more. */
    private static boolean isUnder(byte[] value, byte[] group) {
        return value.length > group.length && value[group.length] == '/' && startsWith(value, group);
    }

    /**
     * Adds one slot's kept facet values to the class counts at {@code into[at, at + STRIDE)}, plus
     * {@code perValue} times the value's number (0: all together).
     */
    private static long[] readSlot(ByteReader in, boolean[] kept, long[] into, int at, int perValue) {
        int held = in.readVarintInt();
        for (int i = 0; i < held; i++) {
            int facet = in.readVarintInt();
            int classes = in.readVarintInt();
            for (int c = 0; c < CLASSES; c++) {
                if ((classes & 1 << c) != 0) {
                    long requests = in.readVarint();
                    long bytes = in.readVarint();
                    if (kept[facet]) {
                        into[at + facet * perValue + 2 * c] += requests;
                        into[at + facet * perValue + 2 * c + 1] += bytes;
                    }
                }
            }
        }
        return into;
    }

    /** A status code facet value ("404") as its number. */
    public static long code(byte[] name) {
        return Long.parseLong(new String(name, StandardCharsets.US_ASCII));
    }
}
