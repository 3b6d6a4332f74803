package io.logpulse.model;

import io.logpulse.model.FacetSummary.Facet;
import io.logpulse.parse.Field;
import io.logpulse.parse.ParsedLine;
import java.util.Arrays;

/**
 * Builds the {@link RequestSegment} of one chunk while its lines are parsed. Each row's values are
 * kept as they arrive, straight from the parser's buffer; the columns are written when the chunk
 * ends. The encoder is reused chunk after chunk.
 *
 * <p>Each column is stored on its own, so a query reads only the columns it needs. A column starts
 * with its mode: {@link #PER_ROW}, a value per row; or {@link #CONSTANT}, one value for every row
 * (a field the format does not have, one protocol, one offset): a byte or two instead of a byte per
 * row. Text columns put their dictionary (entry count, then length and bytes of each) before the
 * values, which are entry numbers, 0 meaning none. After the columns come the segment's
 * {@link SegmentSummary summaries}, empty where a column has none, then its {@link AddressSlices}:
 * the rows of each of its busiest client addresses again, as columns of the same format and
 * summaries of their own, packed into a few parts.
 */
public final class SegmentEncoder {
    public static final int PER_ROW = 1;
    public static final int CONSTANT = 2;
    private static final RequestColumn[] COLUMNS = RequestColumn.values();
    private static final int[] SUMMARIZED = SegmentSummary.COLUMNS.stream().mapToInt(RequestColumn::ordinal).toArray();

    private final TextDictionary[] dictionaries = new TextDictionary[COLUMNS.length];
    /**
     * Each row's value of each column, by column ordinal: the offset and epoch milliseconds as they
     * are (stored as differences), text columns' dictionary entry + 1, the others as stored.
     */
    private final long[][] values = new long[COLUMNS.length][];
    private final ByteWriter out = new ByteWriter(1 << 16);
    /** Per summarized column ({@link SegmentSummary#COLUMNS}): counts per dictionary entry + 1. */
    private final int summaryEntries;
    private final long[][] summaryCounts = new long[SegmentSummary.COLUMNS.size()][SegmentSummary.STRIDE * 1024];
    /** The values each summary lists: a text column's dictionary, or for the status the codes as text. */
    private final TextDictionary[] summaryValues = new TextDictionary[SegmentSummary.COLUMNS.size()];
    private final StatusNames statusNames = new StatusNames();
    private final AddressSlices slices = new AddressSlices();
    /**
     * While summaries are written: each row's status as its entry + 1 among the segment's codes, its
     * status class, and its path's head as its entry + 1 among the segment's heads ({@link PathHeads};
     * 0: no path); each path entry's head; and each value's place in a summary.
     */
    private long[] statusEntries = new long[0];
    private int[] statusClasses = new int[0];
    private long[] pathHeads = new long[0];
    private final PathHeads headValues = new PathHeads();
    private int[] headOfPath = new int[0];
    private int[] ownCodes = new int[0];
    private int[] listedAt = new int[0];
    private final FacetSummary facetSummary = new FacetSummary();
    /** The rows a column is written for, and their values as stored; reused. */
    private int[] allRows = new int[0];
    private long[] written = new long[0];
    /** While a slice's text column is written: an entry + 1 to its number + 1 in the slice, 0 if unused yet; and the reverse. */
    private int[] sliceEntries = new int[0];
    private int[] sliceOrder = new int[0];
    private int sliceUsed;
    /** A slice's summary: its values, numbered as in the slice, and their counts. */
    private final TextDictionary sliceValues = new TextDictionary();
    private long[] sliceCounts = new long[0];
    private long startOffset;
    private long firstMillis;
    private long lastMillis;
    private int rows;

    public SegmentEncoder() {
        this(SegmentSummary.ENTRIES);
    }

    /** An encoder whose summaries list {@code summaryEntries} values (tests try small ones). */
    public SegmentEncoder(int summaryEntries) {
        this.summaryEntries = summaryEntries;
        for (RequestColumn c : COLUMNS) {
            values[c.ordinal()] = new long[1024];
            if (c.text()) {
                dictionaries[c.ordinal()] = new TextDictionary();
            }
        }
        for (int k = 0; k < summaryValues.length; k++) {
            summaryValues[k] = SUMMARIZED[k] == RequestColumn.STATUS.ordinal() ? statusNames.names()
                    : dictionaries[SUMMARIZED[k]];
        }
    }

    /** Starts the segment of a chunk that begins at {@code offset} of its generation. */
    public void begin(long offset) {
        startOffset = offset;
        firstMillis = Long.MAX_VALUE;
        lastMillis = Long.MIN_VALUE;
        rows = 0;
        for (int k = 0; k < summaryCounts.length; k++) {
            int used = (summaryValues[k].size() + 1) * SegmentSummary.STRIDE;
            Arrays.fill(summaryCounts[k], 0, used, 0);
        }
        for (TextDictionary dictionary : dictionaries) {
            if (dictionary != null) {
                dictionary.clear();
            }
        }
        statusNames.clear();
    }

    /** Adds an accepted line that starts at {@code offset} of the generation. */
    public void add(ParsedLine line, long offset) {
        if (rows == values[0].length) {
            for (int c = 0; c < COLUMNS.length; c++) {
                values[c] = Arrays.copyOf(values[c], rows * 2);
            }
        }
        long millis = line.epochMillis();
        values[RequestColumn.OFFSET.ordinal()][rows] = offset;
        values[RequestColumn.TIME.ordinal()][rows] = millis;
        values[RequestColumn.UTC_OFFSET.ordinal()][rows] = zigzag(line.utcOffsetSeconds());
        values[RequestColumn.STATUS.ordinal()][rows] = line.status();
        values[RequestColumn.BYTES.ordinal()][rows] = line.bodyBytes();
        values[RequestColumn.DURATION.ordinal()][rows] = line.requestTimeMicros() + 1;
        firstMillis = Math.min(firstMillis, millis);
        lastMillis = Math.max(lastMillis, millis);
        for (RequestColumn c : COLUMNS) {
            if (c.text()) {
                values[c.ordinal()][rows] = entryOf(c, line);
            }
        }
        for (int k = 0; k < summaryCounts.length; k++) {
            countForSummary(k, line);
        }
        rows++;
    }

    /** The segment of the rows added since {@link #begin}, or null if there were none. */
    public RequestSegment finish(long generation, long endOffset) {
        if (rows == 0) {
            return null;
        }
        if (allRows.length < rows) {
            allRows = new int[values[0].length];
            for (int r = 0; r < allRows.length; r++) {
                allRows[r] = r;
            }
        }
        slices.choose(values[RequestColumn.ADDRESS.ordinal()], rows, dictionaries[RequestColumn.ADDRESS.ordinal()]);
        byte[][] stored = new byte[AddressSlices.partIndex(slices.count(), 0)][];
        for (RequestColumn c : COLUMNS) {
            stored[c.ordinal()] = write(c, allRows, rows, false);
        }
        byte[][] facets = summarize(stored);
        for (TextDictionary dictionary : dictionaries) {
            if (dictionary != null && sliceEntries.length <= dictionary.size()) {
                sliceEntries = new int[dictionary.size() + 1];
                sliceOrder = new int[dictionary.size() + 1];
            }
        }
        byte[][] slice = new byte[AddressSlices.WIDTH][];
        for (int s = 0; s < slices.count(); s++) {
            for (RequestColumn c : COLUMNS) {
                slice[c.ordinal()] = write(c, slices.rows(s), slices.requests(s), true);
                if (AddressSlices.summarizes(c)) {
                    slice[SegmentSummary.columnId(c)] = sliceSummary(c, slices.rows(s), slices.requests(s));
                }
            }
            System.arraycopy(AddressSlices.pack(slice, out), 0, stored, AddressSlices.partIndex(s, 0), AddressSlices.PARTS);
        }
        byte[] filter = AddressFilter.of(dictionaries[RequestColumn.ADDRESS.ordinal()]);
        return new RequestSegment(generation, startOffset, endOffset, firstMillis, lastMillis, rows, filter, stored,
                facets, slices.addresses(), slices.requests());
    }

    /**
     * Writes the summaries into {@code stored}'s slots after the columns, and returns their facets
     * ({@link FacetSummary}, by {@link #facetIndex}), counted once the listed values are known.
     */
    private byte[][] summarize(byte[][] stored) {
        if (statusEntries.length < rows) {
            statusEntries = new long[values[0].length];
            statusClasses = new int[values[0].length];
            pathHeads = new long[values[0].length];
        }
        long[] statuses = values[RequestColumn.STATUS.ordinal()];
        for (int r = 0; r < rows; r++) {
            statusEntries[r] = statusNames.entryOf(statuses[r]) + 1;
            statusClasses[r] = SegmentSummary.classOf(statuses[r]);
        }
        TextDictionary paths = dictionaries[RequestColumn.PATH.ordinal()];
        if (headOfPath.length < paths.size()) {
            headOfPath = new int[Math.max(paths.size(), headOfPath.length * 2)];
        }
        headValues.of(paths, headOfPath);
        long[] pathEntries = values[RequestColumn.PATH.ordinal()];
        for (int r = 0; r < rows; r++) {
            pathHeads[r] = pathEntries[r] == 0 ? 0 : headOfPath[(int) pathEntries[r] - 1];
        }
        byte[][] facets = new byte[Facet.values().length * SUMMARIZED.length][];
        long[][] rowFacets = {statusEntries, pathHeads}; // in the order of Facet
        TextDictionary[] facetValues = {statusNames.names(), headValues.values()};
        int[][] groupOf = {null, headValues.groups()};
        for (int k = 0; k < SUMMARIZED.length; k++) {
            if (listedAt.length < summaryValues[k].size()) {
                listedAt = new int[Math.max(summaryValues[k].size(), listedAt.length * 2)];
            }
            stored[COLUMNS.length + k] = SegmentSummary.encode(summaryValues[k], summaryCounts[k], summaryEntries, out, listedAt);
            long[] rowEntries = SUMMARIZED[k] == RequestColumn.STATUS.ordinal() ? statusEntries : values[SUMMARIZED[k]];
            int[][] facetOfEntry = { // a status is its own code; a path has one head
                SUMMARIZED[k] == RequestColumn.STATUS.ordinal() ? statusCodes(summaryValues[k].size()) : null,
                SUMMARIZED[k] == RequestColumn.PATH.ordinal() ? headOfPath : null};
            byte[][] encoded = facetSummary.encode(rowEntries, rowFacets, facetValues, groupOf, statusClasses,
                    values[RequestColumn.BYTES.ordinal()], rows, listedAt, summaryValues[k].size(), summaryCounts[k],
                    facetOfEntry, out);
            for (Facet facet : Facet.values()) {
                facets[facetIndex(facet, k)] = encoded[facet.ordinal()];
            }
        }
        return facets;
    }

    /** Each status entry's code entry + 1: itself. */
    private int[] statusCodes(int codes) {
        if (ownCodes.length < codes) {
            ownCodes = new int[Math.max(codes, ownCodes.length * 2)];
            for (int e = 0; e < ownCodes.length; e++) {
                ownCodes[e] = e + 1;
            }
        }
        return ownCodes;
    }

    /** Where {@link RequestSegment#facetSummaries} holds facet {@code facet} of summary {@code k}. */
    public static int facetIndex(Facet facet, int k) {
        return facet.ordinal() * SUMMARIZED.length + k;
    }

    /**
     * Column {@code c} of the rows {@code which[0, count)}. A slice ({@code slice}) numbers its own text
     * entries in the order its rows use them, so that its dictionary holds only those.
     */
    private byte[] write(RequestColumn c, int[] which, int count, boolean slice) {
        int i = c.ordinal();
        long[] column = values[i];
        if (written.length < count) {
            written = new long[Math.max(count, written.length * 2)];
        }
        TextDictionary dictionary = dictionaries[i];
        int used = 0;
        // One plain loop per kind of column: a switch per row cost a tenth of an ingest's parsing threads.
        if (c == RequestColumn.OFFSET || c == RequestColumn.TIME) {
            boolean zigzag = c == RequestColumn.TIME;
            long previous = zigzag ? 0 : startOffset;
            for (int k = 0; k < count; k++) {
                long value = column[which[k]];
                written[k] = zigzag ? zigzag(value - previous) : value - previous;
                previous = value;
            }
        } else if (slice && dictionary != null) {
            for (int k = 0; k < count; k++) {
                int entry = (int) column[which[k]];
                if (entry > 0 && sliceEntries[entry] == 0) {
                    sliceOrder[used] = entry - 1;
                    sliceEntries[entry] = ++used;
                }
                written[k] = sliceEntries[entry];
            }
            for (int e = 0; e < used; e++) {
                sliceEntries[sliceOrder[e] + 1] = 0; // cleared for the next slice column
            }
        } else {
            for (int k = 0; k < count; k++) {
                written[k] = column[which[k]];
            }
        }
        boolean constant = true;
        for (int k = 1; k < count && constant; k++) {
            constant = written[k] == written[0];
        }
        out.reset();
        out.writeVarint(constant ? CONSTANT : PER_ROW);
        if (dictionary != null && !slice) {
            dictionary.writeTo(out);
        } else if (dictionary != null) {
            out.writeVarint(used);
            for (int e = 0; e < used; e++) {
                dictionary.writeEntry(sliceOrder[e], out);
            }
        }
        out.writeVarints(written, 0, constant ? 1 : count);
        sliceUsed = used;
        return out.toByteArray();
    }

    /**
     * The summary of text column {@code c} over a slice's rows {@code which[0, count)}, just
     * {@link #write}n: its entries are in {@link #sliceOrder}, each row's in {@link #written}.
     */
    private byte[] sliceSummary(RequestColumn c, int[] which, int count) {
        TextDictionary segmentValues = dictionaries[c.ordinal()];
        sliceValues.clear();
        for (int e = 0; e < sliceUsed; e++) {
            sliceValues.intern(segmentValues, sliceOrder[e]); // numbered e, as in the slice
        }
        int size = (sliceUsed + 1) * SegmentSummary.STRIDE;
        if (sliceCounts.length < size) {
            sliceCounts = new long[Math.max(size, sliceCounts.length * 2)];
        }
        Arrays.fill(sliceCounts, 0, size, 0);
        for (int k = 0; k < count; k++) {
            int r = which[k];
            SegmentSummary.add(sliceCounts, (int) written[k] * SegmentSummary.STRIDE,
                    values[RequestColumn.STATUS.ordinal()][r], values[RequestColumn.BYTES.ordinal()][r]);
        }
        return SegmentSummary.encode(sliceValues, sliceCounts, Math.min(summaryEntries, AddressSlices.SUMMARY_ENTRIES), out,
                null);
    }

    /** Counts the line under its value of summarized column {@code k}: the entry {@link #add} just kept, or its status's. */
    private void countForSummary(int k, ParsedLine line) {
        int column = SUMMARIZED[k];
        int entry = column == RequestColumn.STATUS.ordinal() ? statusNames.entryOf(line.status()) + 1
                : (int) values[column][rows];
        int at = entry * SegmentSummary.STRIDE;
        long[] counts = summaryCounts[k];
        if (counts.length < at + SegmentSummary.STRIDE) {
            counts = summaryCounts[k] = Arrays.copyOf(counts, Math.max(at + SegmentSummary.STRIDE, counts.length * 2));
        }
        SegmentSummary.add(counts, at, line.status(), line.bodyBytes());
    }

    /** The dictionary entry + 1 of a text field of the line; 0 when it has none. */
    private int entryOf(RequestColumn c, ParsedLine line) {
        Field field = c.field();
        int start = line.start(field);
        int end = line.end(field);
        if (start < 0 && c == RequestColumn.PATH && line.start(Field.METHOD) < 0) {
            // Not an HTTP request line: the whole request is what was asked for.
            start = line.start(Field.REQUEST);
            end = line.end(Field.REQUEST);
        }
        if (start < 0 || end - start == 1 && line.buffer()[start] == '-') {
            return 0;
        }
        return dictionaries[c.ordinal()].intern(line.buffer(), start, end) + 1;
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }
}
