package io.logpulse.model;

import io.logpulse.parse.Field;
import io.logpulse.parse.ParsedLine;
import java.util.Arrays;

/**
 * Builds the {@link RequestSegment} of one chunk while its lines are parsed. Each column is written
 * as the rows arrive, straight from the parser's buffer; the encoder is reused chunk after chunk.
 *
 * <p>Each column is stored on its own, so a query reads only the columns it needs. A column starts
 * with its mode: {@link #PER_ROW}, a value per row; or {@link #CONSTANT}, one value for every row
 * (a field the format does not have, one protocol, one offset): a byte or two instead of a byte per
 * row. Text columns put their dictionary (entry count, then length and bytes of each) before the
 * values, which are entry numbers, 0 meaning none. After the columns come the segment's
 * {@link SegmentSummary summaries}, empty where a column has none.
 */
public final class SegmentEncoder {
    public static final int PER_ROW = 1;
    public static final int CONSTANT = 2;
    private static final RequestColumn[] COLUMNS = RequestColumn.values();
    private static final int[] SUMMARIZED = SegmentSummary.COLUMNS.stream().mapToInt(RequestColumn::ordinal).toArray();

    private final ByteWriter[] columns = new ByteWriter[COLUMNS.length];
    private final TextDictionary[] dictionaries = new TextDictionary[COLUMNS.length];
    private final long[] firstValues = new long[COLUMNS.length];
    /** The value each column got from the row being added. */
    private final long[] lastEntries = new long[COLUMNS.length];
    private final boolean[] constant = new boolean[COLUMNS.length];
    private final ByteWriter out = new ByteWriter(1 << 16);
    /** Per summarized column ({@link SegmentSummary#COLUMNS}): counts per dictionary entry + 1. */
    private final int summaryEntries;
    private final long[][] summaryCounts = new long[SegmentSummary.COLUMNS.size()][SegmentSummary.STRIDE * 1024];
    private long startOffset;
    private long previousOffset;
    private long previousMillis;
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
            columns[c.ordinal()] = new ByteWriter(1 << 12);
            if (c.text()) {
                dictionaries[c.ordinal()] = new TextDictionary();
            }
        }
    }

    /** Starts the segment of a chunk that begins at {@code offset} of its generation. */
    public void begin(long offset) {
        startOffset = offset;
        previousOffset = offset;
        previousMillis = 0;
        firstMillis = Long.MAX_VALUE;
        lastMillis = Long.MIN_VALUE;
        rows = 0;
        for (int k = 0; k < summaryCounts.length; k++) {
            int used = (dictionaries[SUMMARIZED[k]].size() + 1) * SegmentSummary.STRIDE;
            Arrays.fill(summaryCounts[k], 0, used, 0);
        }
        for (RequestColumn c : COLUMNS) {
            columns[c.ordinal()].reset();
            constant[c.ordinal()] = true;
            if (c.text()) {
                dictionaries[c.ordinal()].clear();
            }
        }
    }

    /** Adds an accepted line that starts at {@code offset} of the generation. */
    public void add(ParsedLine line, long offset) {
        long millis = line.epochMillis();
        put(RequestColumn.OFFSET, offset - previousOffset);
        put(RequestColumn.TIME, zigzag(millis - previousMillis));
        put(RequestColumn.UTC_OFFSET, zigzag(line.utcOffsetSeconds()));
        put(RequestColumn.STATUS, line.status());
        put(RequestColumn.BYTES, line.bodyBytes());
        put(RequestColumn.DURATION, line.requestTimeMicros() + 1);
        previousOffset = offset;
        previousMillis = millis;
        firstMillis = Math.min(firstMillis, millis);
        lastMillis = Math.max(lastMillis, millis);
        for (RequestColumn c : COLUMNS) {
            if (c.text()) {
                put(c, entryOf(c, line));
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
        byte[][] stored = new byte[COLUMNS.length + SegmentSummary.COLUMNS.size()][];
        for (RequestColumn c : COLUMNS) {
            int i = c.ordinal();
            out.reset();
            out.writeVarint(constant[i] ? CONSTANT : PER_ROW);
            if (c.text()) {
                dictionaries[i].writeTo(out);
            }
            if (constant[i]) {
                out.writeVarint(firstValues[i]);
            } else {
                out.write(columns[i]);
            }
            stored[i] = out.toByteArray();
        }
        for (int k = 0; k < summaryCounts.length; k++) {
            stored[COLUMNS.length + k] = SegmentSummary.encode(dictionaries[SUMMARIZED[k]],
                    summaryCounts[k], summaryEntries, out);
        }
        byte[] filter = AddressFilter.of(dictionaries[RequestColumn.ADDRESS.ordinal()]);
        return new RequestSegment(generation, startOffset, endOffset, firstMillis, lastMillis, rows, filter, stored);
    }

    /** Counts the line under its value of summarized column {@code k}: the entry {@link #put} just wrote. */
    private void countForSummary(int k, ParsedLine line) {
        int at = (int) lastEntries[SUMMARIZED[k]] * SegmentSummary.STRIDE;
        long[] counts = summaryCounts[k];
        if (counts.length < at + SegmentSummary.STRIDE) {
            counts = summaryCounts[k] = Arrays.copyOf(counts, Math.max(at + SegmentSummary.STRIDE, counts.length * 2));
        }
        SegmentSummary.add(counts, at, line.status(), line.bodyBytes());
    }

    private void put(RequestColumn c, long value) {
        int i = c.ordinal();
        columns[i].writeVarint(value);
        lastEntries[i] = value;
        if (rows == 0) {
            firstValues[i] = value;
        } else if (constant[i] && value != firstValues[i]) {
            constant[i] = false;
        }
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
