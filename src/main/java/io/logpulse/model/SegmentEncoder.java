package io.logpulse.model;

import io.logpulse.parse.Field;
import io.logpulse.parse.ParsedLine;

/**
 * Builds the {@link RequestSegment} of one chunk while its lines are parsed. Each column is written
 * as the rows arrive, straight from the parser's buffer; the encoder is reused chunk after chunk.
 *
 * <p>Stored layout: version, row count, then per column its byte length and bytes, so a reader skips
 * the columns it does not need.
 */
public final class SegmentEncoder {
    public static final int VERSION = 1;
    private static final RequestColumn[] COLUMNS = RequestColumn.values();

    private final ByteWriter[] columns = new ByteWriter[COLUMNS.length];
    private final TextDictionary[] dictionaries = new TextDictionary[COLUMNS.length];
    private final ByteWriter out = new ByteWriter(1 << 16);
    private final ByteWriter textColumn = new ByteWriter(1 << 12);
    private long startOffset;
    private long previousOffset;
    private long previousMillis;
    private long previousUtcOffset;
    private long firstMillis;
    private long lastMillis;
    private int rows;

    public SegmentEncoder() {
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
        previousUtcOffset = 0;
        firstMillis = Long.MAX_VALUE;
        lastMillis = Long.MIN_VALUE;
        rows = 0;
        for (RequestColumn c : COLUMNS) {
            columns[c.ordinal()].reset();
            if (c.text()) {
                dictionaries[c.ordinal()].clear();
            }
        }
    }

    /** Adds an accepted line that starts at {@code offset} of the generation. */
    public void add(ParsedLine line, long offset) {
        long millis = line.epochMillis();
        column(RequestColumn.OFFSET).writeVarint(offset - previousOffset);
        column(RequestColumn.TIME).writeZigzag(millis - previousMillis);
        column(RequestColumn.UTC_OFFSET).writeZigzag(line.utcOffsetSeconds() - previousUtcOffset);
        column(RequestColumn.STATUS).writeVarint(line.status());
        column(RequestColumn.BYTES).writeVarint(line.bodyBytes());
        column(RequestColumn.DURATION).writeVarint(line.requestTimeMicros() + 1);
        previousOffset = offset;
        previousMillis = millis;
        previousUtcOffset = line.utcOffsetSeconds();
        firstMillis = Math.min(firstMillis, millis);
        lastMillis = Math.max(lastMillis, millis);
        for (RequestColumn c : COLUMNS) {
            if (c.text()) {
                addText(c, line);
            }
        }
        rows++;
    }

    /** The segment of the rows added since {@link #begin}, or null if there were none. */
    public RequestSegment finish(long generation, long endOffset) {
        if (rows == 0) {
            return null;
        }
        out.reset();
        out.writeVarint(VERSION);
        out.writeVarint(rows);
        for (RequestColumn c : COLUMNS) {
            ByteWriter values = columns[c.ordinal()];
            if (c.text()) {
                textColumn.reset();
                dictionaries[c.ordinal()].writeTo(textColumn);
                textColumn.write(values);
                values = textColumn;
            }
            out.writeVarint(values.size());
            out.write(values);
        }
        byte[] filter = AddressFilter.of(dictionaries[RequestColumn.ADDRESS.ordinal()]);
        return new RequestSegment(generation, startOffset, endOffset, firstMillis, lastMillis, rows, filter,
                out.toByteArray());
    }

    private void addText(RequestColumn c, ParsedLine line) {
        Field field = c.field();
        int start = line.start(field);
        int end = line.end(field);
        if (start < 0 && c == RequestColumn.PATH && line.start(Field.METHOD) < 0) {
            // Not an HTTP request line: the whole request is what was asked for.
            start = line.start(Field.REQUEST);
            end = line.end(Field.REQUEST);
        }
        ByteWriter rowsOut = column(c);
        if (start < 0 || end - start == 1 && line.buffer()[start] == '-') {
            rowsOut.writeVarint(0);
        } else {
            rowsOut.writeVarint(dictionaries[c.ordinal()].intern(line.buffer(), start, end) + 1);
        }
    }

    private ByteWriter column(RequestColumn c) {
        return columns[c.ordinal()];
    }
}
