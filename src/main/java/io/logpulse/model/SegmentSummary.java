package io.logpulse.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A segment's busiest values of one text column with their counts, so that a top over many segments
 * reads a few kilobytes per segment instead of the whole column ({@code query.requests.SummaryTop}).
 * Stored beside the segment's columns under {@link #columnId}.
 *
 * <p>It holds the {@link #ENTRIES} busiest values (fewer in tests), the segment's totals and the requests without a
 * value, each as requests and bytes per status class ({@link #CLASSES}), and the threshold: the
 * requests of the busiest value left out, which bounds every value it does not list. Values are
 * counted by name (the text they read as), so the bound holds for names whatever their spellings.
 */
public final class SegmentSummary {

    /**
     * The summarized columns: the ones tops and compares are asked of. In the order of their ids
     * ({@link #columnId}): the address came third, the status last. The status is a number, summarized
     * by its codes as text: a segment has a few of them, so its summary lists them all (no threshold)
     * and is small, what a status top and the totals per source read.
     */
    public static final List<RequestColumn> COLUMNS = List.of(RequestColumn.PATH, RequestColumn.USER_AGENT,
            RequestColumn.ADDRESS, RequestColumn.STATUS);
    public static final int ENTRIES = 64;
    /** Status classes 1xx to 5xx, then every other code. */
    public static final int CLASSES = 6;
    /** Per value: requests then bytes of each class. */
    public static final int STRIDE = 2 * CLASSES;

    private final long threshold;
    private final long[] totals;
    private final long[] absent;
    private final byte[] text;
    private final int[] ends;
    private final long[] counts;

    private SegmentSummary(long threshold, long[] totals, long[] absent, byte[] text, int[] ends, long[] counts) {
        this.threshold = threshold;
        this.totals = totals;
        this.absent = absent;
        this.text = text;
        this.ends = ends;
        this.counts = counts;
    }

    /** Where a summary of {@code column} is stored among a segment's columns: after the columns themselves. */
    public static int columnId(RequestColumn column) {
        int index = COLUMNS.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(column + " is not summarized");
        }
        return RequestColumn.values().length + index;
    }

    /** The class index of a status code: 0 for 1xx ... 4 for 5xx, 5 for any other. */
    public static int classOf(long status) {
        return status >= 100 && status < 600 ? (int) (status / 100) - 1 : CLASSES - 1;
    }

    /** Adds one request to the counts at {@code into[at, at + STRIDE)}. */
    static void add(long[] into, int at, long status, long bytes) {
        int c = classOf(status);
        into[at + 2 * c]++;
        into[at + 2 * c + 1] += bytes;
    }

    /**
     * The summary of a column whose dictionary is {@code values} and whose per-entry counts are
     * {@code perEntry[(entry + 1) * STRIDE]} (slot 0: requests without a value), listing at most
     * {@code entries} names. Unless null, {@code listedAt[entry]} is set to the place of the entry's
     * name among the listed ones, or when not listed to -1 - the name's number (an entry's own number
     * unless names have several spellings): {@link FacetSummary} counts by those.
     */
    static byte[] encode(TextDictionary values, long[] perEntry, int entries, ByteWriter out, int[] listedAt) {
        int size = values.size();
        for (int e = 0; e < size; e++) {
            if (!values.readsAsIs(e)) {
                return encodeByName(values, perEntry, entries, out, listedAt);
            }
        }
        return write(perEntry, size, values::writeEntry, entries, out, listedAt);
    }

    /**
     * Servers escape differently ({@code \"} and {@code \x22}): one name may have several entries.
     * They are summed so that the threshold bounds names, and each listed name is written in one
     * spelling that reads as it ({@link #spelling}).
     */
    private static byte[] encodeByName(TextDictionary values, long[] perEntry, int entries, ByteWriter out,
            int[] listedAt) {
        var byName = new LinkedHashMap<String, Integer>();
        long[] counts = new long[perEntry.length];
        System.arraycopy(perEntry, 0, counts, 0, STRIDE);
        int[] nameOf = new int[values.size()];
        for (int e = 0; e < values.size(); e++) {
            int named = nameOf[e] = byName.computeIfAbsent(values.text(e), name -> byName.size());
            for (int v = 0; v < STRIDE; v++) {
                counts[(named + 1) * STRIDE + v] += perEntry[(e + 1) * STRIDE + v];
            }
        }
        byte[][] spellings = byName.keySet().stream().map(SegmentSummary::spelling).toArray(byte[][]::new);
        int[] nameListedAt = listedAt == null ? null : new int[spellings.length];
        byte[] summary = write(counts, spellings.length, (i, into) -> {
            into.writeVarint(spellings[i].length);
            into.write(spellings[i], 0, spellings[i].length);
        }, entries, out, nameListedAt);
        for (int e = 0; listedAt != null && e < nameOf.length; e++) {
            listedAt[e] = nameListedAt[nameOf[e]];
        }
        return summary;
    }

    /** {@code name} as bytes that read as it: UTF-8, with a backslash written as two. */
    public static byte[] spelling(String name) {
        return name.replace("\\", "\\\\").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes a summary of {@code size} values whose counts are {@code counts[(value + 1) * STRIDE]},
     * and unless null sets {@code listedAt[value]} to its place among the listed values or -1 - value.
     */
    private static byte[] write(long[] counts, int size, ValueWriter value, int entries, ByteWriter out, int[] listedAt) {
        long[] busiest = new long[size];
        for (int i = 0; i < size; i++) {
            busiest[i] = requests(counts, (i + 1) * STRIDE) << 32 | i;
        }
        Arrays.sort(busiest);
        int listed = Math.min(entries, size);
        out.reset();
        out.writeVarint(size > listed ? busiest[size - listed - 1] >>> 32 : 0);
        long[] totals = new long[STRIDE];
        for (int i = 0; i <= size; i++) {
            for (int v = 0; v < STRIDE; v++) {
                totals[v] += counts[i * STRIDE + v];
            }
        }
        out.writeVarints(totals, 0, STRIDE);
        out.writeVarints(counts, 0, STRIDE);
        out.writeVarint(listed);
        for (int i = 0; listedAt != null && i < size; i++) {
            listedAt[i] = -1 - i;
        }
        for (int i = size - 1; i >= size - listed; i--) {
            int which = (int) busiest[i];
            if (listedAt != null) {
                listedAt[which] = size - 1 - i;
            }
            value.write(which, out);
            out.writeVarints(counts, (which + 1) * STRIDE, STRIDE);
        }
        return out.toByteArray();
    }

    /** Writes value {@code i} as length and bytes. */
    @FunctionalInterface
    private interface ValueWriter {
        void write(int i, ByteWriter out);
    }

    /**
     * The {@link Counts} of the summary counts at {@code from[at]} (requests and bytes per status
     * class), keeping the classes {@code classes} only, into {@code into}: what a scan with that
     * status filter counts.
     */
    public static long[] toCounts(long[] from, int at, boolean[] classes, long[] into) {
        Arrays.fill(into, 0);
        for (int c = 0; c < CLASSES; c++) {
            if (classes[c]) {
                long requests = from[at + 2 * c];
                into[Counts.REQUESTS] += requests;
                into[Counts.BYTES] += from[at + 2 * c + 1];
                int hundreds = c + 1;
                if (hundreds >= 2 && hundreds <= 5) {
                    into[Counts.status(hundreds)] += requests;
                }
            }
        }
        return into;
    }

    /** Requests of the counts at {@code counts[at, at + STRIDE)}, every class. */
    private static long requests(long[] counts, int at) {
        long sum = 0;
        for (int c = 0; c < CLASSES; c++) {
            sum += counts[at + 2 * c];
        }
        return sum;
    }

    /** This summary's values with other counts and threshold ({@link FacetSummary#keeping}). */
    SegmentSummary withCounts(long threshold, long[] totals, long[] absent, long[] counts) {
        return new SegmentSummary(threshold, totals, absent, text, ends, counts);
    }

    public static SegmentSummary decode(byte[] stored) {
        var in = new ByteReader(stored, 0);
        long threshold = in.readVarint();
        long[] totals = readCounts(in, new long[STRIDE], 0);
        long[] absent = readCounts(in, new long[STRIDE], 0);
        int listed = in.readVarintInt();
        int[] ends = new int[listed + 1];
        long[] counts = new long[listed * STRIDE];
        var text = new ByteWriter(listed * 32);
        for (int i = 0; i < listed; i++) {
            int length = in.readVarintInt();
            text.write(stored, in.position(), in.position() + length);
            in.skip(length);
            ends[i + 1] = text.size();
            readCounts(in, counts, i * STRIDE);
        }
        return new SegmentSummary(threshold, totals, absent, text.toByteArray(), ends, counts);
    }

    private static long[] readCounts(ByteReader in, long[] into, int at) {
        for (int v = 0; v < STRIDE; v++) {
            into[at + v] = in.readVarint();
        }
        return into;
    }

    /** Requests of the busiest value not listed; 0 when every value is. */
    public long threshold() {
        return threshold;
    }

    /** Every request of the segment, by class. */
    public long[] totals() {
        return totals;
    }

    /** Requests without a value, by class. */
    public long[] absent() {
        return absent;
    }

    public int listed() {
        return ends.length - 1;
    }

    /** The bytes of every listed value, one after the other: value {@code i} is {@code [start(i), end(i))}. */
    public byte[] text() {
        return text;
    }

    public int start(int i) {
        return ends[i];
    }

    public int end(int i) {
        return ends[i + 1];
    }

    /** The counts of every listed value: value {@code i}'s at {@code [i * STRIDE, (i + 1) * STRIDE)}. */
    public long[] counts() {
        return counts;
    }
}
