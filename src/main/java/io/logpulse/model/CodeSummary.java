package io.logpulse.model;

import java.util.function.LongPredicate;

/**
 * The counts per status code behind a segment's {@link SegmentSummary}, which counts by status class:
 * for the segment's totals, its requests without a value and each value the summary lists (in the
 * summary's order), the requests and bytes of each code they have; and per code a threshold, the most
 * requests of that code a value not listed has. With them a question about single codes
 * ({@code top --status 404}) is answered from summaries too: the summary's own threshold counts every
 * code, and 404s are a tenth of the requests, so it bounds a value's 404s ten times too loosely to
 * settle a top. Stored apart from the summary (under {@link #columnId}) so that the questions that do
 * not need them do not read them; a segment written before they existed has none and is scanned for
 * such questions. An instance encodes them, segment after segment.
 */
public final class CodeSummary {
    /** Where the first is stored among a segment's columns (request_data.column_id): after the address filter. */
    private static final int FIRST_ID = AddressFilter.COLUMN_ID + 1;
    private static final int TOTALS = 0;
    private static final int ABSENT = 1;
    private static final int LISTED = 2;

    /** While encoding: the requests of each value the summary does not list, per code; zero between segments. */
    private int[] unlisted = new int[0];

    /** Where the codes behind the summary of {@code column} are stored among a segment's columns. */
    public static int columnId(RequestColumn column) {
        SegmentSummary.columnId(column); // rejects a column that is not summarized
        return FIRST_ID + SegmentSummary.COLUMNS.indexOf(column);
    }

    /**
     * The codes behind a summary of {@code values} values. Row {@code r} has the value of entry
     * {@code rowEntries[r] - 1} (0: none), which the summary lists at place {@code listedAt[entry]}
     * (-1: not listed), and the status named by entry {@code rowCodes[r] - 1} of {@code codes}.
     */
    byte[] encode(long[] rowEntries, long[] rowCodes, long[] rowBytes, int rows, int[] listedAt, int values,
            TextDictionary codes, ByteWriter out) {
        int listed = 0;
        for (int e = 0; e < values; e++) {
            listed = Math.max(listed, listedAt[e] + 1);
        }
        int n = codes.size();
        long[] counts = new long[(LISTED + listed) * n * 2];
        long[] thresholds = new long[n];
        if (unlisted.length < values * n) {
            unlisted = new int[values * n];
        }
        for (int r = 0; r < rows; r++) {
            int code = (int) rowCodes[r] - 1;
            long bytes = rowBytes[r];
            add(counts, (TOTALS * n + code) * 2, bytes);
            int entry = (int) rowEntries[r];
            if (entry == 0) {
                add(counts, (ABSENT * n + code) * 2, bytes);
            } else if (listedAt[entry - 1] >= 0) {
                add(counts, ((LISTED + listedAt[entry - 1]) * n + code) * 2, bytes);
            } else {
                // Counts only grow: the last of a value's running counts is its count.
                thresholds[code] = Math.max(thresholds[code], ++unlisted[(entry - 1) * n + code]);
            }
        }
        for (int r = 0; r < rows; r++) {
            int entry = (int) rowEntries[r];
            if (entry > 0) {
                unlisted[(entry - 1) * n + (int) rowCodes[r] - 1] = 0;
            }
        }
        out.reset();
        out.writeVarint(n);
        for (int e = 0; e < n; e++) {
            out.writeVarint(Long.parseLong(codes.text(e)));
            out.writeVarint(thresholds[e]);
        }
        out.writeVarint(listed);
        for (int slot = 0; slot < LISTED + listed; slot++) {
            int at = slot * n * 2;
            int held = 0;
            for (int code = 0; code < n; code++) {
                held += counts[at + code * 2] > 0 ? 1 : 0;
            }
            out.writeVarint(held);
            for (int code = 0; code < n; code++) {
                if (counts[at + code * 2] > 0) {
                    out.writeVarint(code);
                    out.writeVarint(counts[at + code * 2]);
                    out.writeVarint(counts[at + code * 2 + 1]);
                }
            }
        }
        return out.toByteArray();
    }

    private static void add(long[] counts, int at, long bytes) {
        counts[at]++;
        counts[at + 1] += bytes;
    }

    /**
     * {@code summary} counting only the requests whose status {@code keep} accepts, each code under
     * its class, from the codes {@code stored} beside it. A value it does not list has at most the
     * kept codes' thresholds, and no more than the summary's own.
     */
    public static SegmentSummary keeping(SegmentSummary summary, byte[] stored, LongPredicate keep) {
        var in = new ByteReader(stored, 0);
        int n = in.readVarintInt();
        int[] classes = new int[n];
        boolean[] kept = new boolean[n];
        long threshold = 0;
        for (int code = 0; code < n; code++) {
            long status = in.readVarint();
            long codeThreshold = in.readVarint();
            kept[code] = keep.test(status);
            classes[code] = SegmentSummary.classOf(status);
            threshold += kept[code] ? codeThreshold : 0;
        }
        int listed = in.readVarintInt();
        if (listed != summary.listed()) {
            throw new IllegalArgumentException("status codes of " + listed + " values beside a summary of " + summary.listed());
        }
        long[] totals = read(in, kept, classes, new long[SegmentSummary.STRIDE], 0);
        long[] absent = read(in, kept, classes, new long[SegmentSummary.STRIDE], 0);
        long[] counts = new long[listed * SegmentSummary.STRIDE];
        for (int i = 0; i < listed; i++) {
            read(in, kept, classes, counts, i * SegmentSummary.STRIDE);
        }
        return summary.withCounts(Math.min(threshold, summary.threshold()), totals, absent, counts);
    }

    /** Adds one slot's kept codes to the class counts at {@code into[at, at + STRIDE)}. */
    private static long[] read(ByteReader in, boolean[] kept, int[] classes, long[] into, int at) {
        int held = in.readVarintInt();
        for (int i = 0; i < held; i++) {
            int code = in.readVarintInt();
            long requests = in.readVarint();
            long bytes = in.readVarint();
            if (kept[code]) {
                into[at + 2 * classes[code]] += requests;
                into[at + 2 * classes[code] + 1] += bytes;
            }
        }
        return into;
    }
}
