package io.logpulse.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * What a segment's {@link SegmentSummary} counts, split by a {@link Facet} of the requests: for the
 * segment's totals, its requests without a value and each value the summary lists (in the summary's
 * order), the counts by status class of each facet value they have; and per facet value thresholds,
 * the most requests of it a value not listed has: in each status class, and in all. With them a question about single status codes
 * ({@code top --status 404}) or a path prefix ({@code top --path-prefix /api}) is answered from
 * summaries too. The summary's own threshold counts every request, and 404s are a tenth of them: it
 * bounds a value's 404s ten times too loosely to settle a top.
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
        /** The path's head ({@link #headLength}): a path prefix up to there is decided by it. */
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

    /** While encoding: counts per slot, facet value and class; the requests of each name not listed, per facet value and bound. */
    private long[] counts = new long[0];
    private int[] unlisted = new int[0];

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
        int cut = Math.min(start + 1, end);
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
     * The facet of a summary of {@code values} values, or an empty array when there are too many facet
     * values. Row {@code r} has the value of entry {@code rowEntries[r] - 1} (0: none), which the summary
     * lists at place {@code listedAt[entry]} (when not listed, -1 - the number of its name: an unlisted
     * name's spellings count together), the facet value of entry
     * {@code rowFacets[r] - 1} of {@code facets} (0: none, counted nowhere), and status {@code rowStatus[r]}.
     */
    byte[] encode(long[] rowEntries, long[] rowFacets, long[] rowStatus, long[] rowBytes, int rows, int[] listedAt,
            int values, TextDictionary facets, ByteWriter out) {
        int n = facets.size();
        if (n > MOST_VALUES) {
            return new byte[0];
        }
        int listed = 0;
        for (int e = 0; e < values; e++) {
            listed = Math.max(listed, listedAt[e] + 1);
        }
        int size = (LISTED + listed) * n * SegmentSummary.STRIDE;
        if (counts.length < size) {
            counts = new long[Math.max(size, counts.length * 2)];
        }
        Arrays.fill(counts, 0, size, 0);
        if (unlisted.length < values * n * BOUNDS) {
            unlisted = new int[values * n * BOUNDS];
        }
        long[] thresholds = new long[n * BOUNDS];
        for (int r = 0; r < rows; r++) {
            int facet = (int) rowFacets[r] - 1;
            if (facet < 0) {
                continue;
            }
            int at = facet * SegmentSummary.STRIDE;
            long status = rowStatus[r];
            long bytes = rowBytes[r];
            SegmentSummary.add(counts, at, status, bytes);
            int entry = (int) rowEntries[r];
            if (entry == 0) {
                SegmentSummary.add(counts, ABSENT * n * SegmentSummary.STRIDE + at, status, bytes);
            } else if (listedAt[entry - 1] >= 0) {
                SegmentSummary.add(counts, (LISTED + listedAt[entry - 1]) * n * SegmentSummary.STRIDE + at, status, bytes);
            } else {
                // Counts only grow: the last of a name's running counts is its count.
                int name = (-1 - listedAt[entry - 1]) * n * BOUNDS;
                int inClass = facet * BOUNDS + SegmentSummary.classOf(status);
                int inAll = facet * BOUNDS + CLASSES;
                thresholds[inClass] = Math.max(thresholds[inClass], ++unlisted[name + inClass]);
                thresholds[inAll] = Math.max(thresholds[inAll], ++unlisted[name + inAll]);
            }
        }
        for (int r = 0; r < rows; r++) {
            int entry = (int) rowEntries[r];
            if (entry > 0 && rowFacets[r] > 0 && listedAt[entry - 1] < 0) {
                int at = ((-1 - listedAt[entry - 1]) * n + (int) rowFacets[r] - 1) * BOUNDS;
                unlisted[at + SegmentSummary.classOf(rowStatus[r])] = 0;
                unlisted[at + CLASSES] = 0;
            }
        }
        out.reset();
        out.writeVarint(n);
        for (int f = 0; f < n; f++) {
            facets.writeEntry(f, out);
            for (int b = 0; b < BOUNDS; b++) {
                out.writeVarint(thresholds[f * BOUNDS + b]);
            }
        }
        out.writeVarint(listed);
        for (int slot = 0; slot < LISTED + listed; slot++) {
            writeSlot(out, slot * n * SegmentSummary.STRIDE, n);
        }
        return out.toByteArray();
    }

    /** A slot's facet values that have requests: how many, then each as its number, its classes as bits, and their counts. */
    private void writeSlot(ByteWriter out, int from, int n) {
        int held = 0;
        for (int f = 0; f < n; f++) {
            held += classes(from + f * SegmentSummary.STRIDE) != 0 ? 1 : 0;
        }
        out.writeVarint(held);
        for (int f = 0; f < n; f++) {
            int at = from + f * SegmentSummary.STRIDE;
            int classes = classes(at);
            if (classes != 0) {
                out.writeVarint(f);
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

    private int classes(int at) {
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
     * more than the summary's own threshold.
     */
    public static SegmentSummary keeping(SegmentSummary summary, byte[] stored, Function<byte[], Decision> decide,
            boolean[] classes) {
        var in = new ByteReader(stored, 0);
        int n = in.readVarintInt();
        boolean[] kept = new boolean[n];
        long threshold = 0;
        for (int f = 0; f < n; f++) {
            int length = in.readVarintInt();
            Decision decision = decide.apply(Arrays.copyOfRange(stored, in.position(), in.position() + length));
            in.skip(length);
            if (decision == Decision.UNKNOWN) {
                return null;
            }
            kept[f] = decision == Decision.KEEP;
            long inClasses = 0;
            for (int c = 0; c < CLASSES; c++) {
                long classThreshold = in.readVarint();
                inClasses += classes[c] ? classThreshold : 0;
            }
            long inAll = in.readVarint();
            threshold += kept[f] ? Math.min(inClasses, inAll) : 0;
        }
        int listed = in.readVarintInt();
        if (listed != summary.listed()) {
            throw new IllegalArgumentException("a facet of " + listed + " values beside a summary of " + summary.listed());
        }
        long[] totals = readSlot(in, kept, new long[SegmentSummary.STRIDE], 0);
        long[] absent = readSlot(in, kept, new long[SegmentSummary.STRIDE], 0);
        long[] listedCounts = new long[listed * SegmentSummary.STRIDE];
        for (int i = 0; i < listed; i++) {
            readSlot(in, kept, listedCounts, i * SegmentSummary.STRIDE);
        }
        return summary.withCounts(Math.min(threshold, summary.threshold()), totals, absent, listedCounts);
    }

    /** Adds one slot's kept facet values to the class counts at {@code into[at, at + STRIDE)}. */
    private static long[] readSlot(ByteReader in, boolean[] kept, long[] into, int at) {
        int held = in.readVarintInt();
        for (int i = 0; i < held; i++) {
            int facet = in.readVarintInt();
            int classes = in.readVarintInt();
            for (int c = 0; c < CLASSES; c++) {
                if ((classes & 1 << c) != 0) {
                    long requests = in.readVarint();
                    long bytes = in.readVarint();
                    if (kept[facet]) {
                        into[at + 2 * c] += requests;
                        into[at + 2 * c + 1] += bytes;
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
