package io.logpulse.model;

import io.logpulse.parse.Unescape;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * The decoded columns of one {@link RequestSegment}, reused segment after segment. Only the columns a
 * query asks for are decoded; a text value is turned into a String once per segment, when first asked.
 */
public final class SegmentColumns {
    private static final RequestColumn[] COLUMNS = RequestColumn.values();

    private final long[][] numbers = new long[COLUMNS.length][];
    private final Text[] texts = new Text[COLUMNS.length];
    private final boolean[] decoded = new boolean[COLUMNS.length];
    private int rows;

    public SegmentColumns() {
        for (RequestColumn c : COLUMNS) {
            if (c.text()) {
                texts[c.ordinal()] = new Text();
            } else {
                numbers[c.ordinal()] = new long[0];
            }
        }
    }

    /**
     * Decodes the {@code wanted} columns of a segment of {@code rows} requests that starts at
     * {@code startOffset}; {@code stored} holds each column's bytes by {@link RequestColumn#ordinal()}
     * (those not wanted may be null).
     */
    public void decode(int rows, byte[][] stored, long startOffset, Set<RequestColumn> wanted) {
        this.rows = rows;
        for (RequestColumn c : COLUMNS) {
            decoded[c.ordinal()] = wanted.contains(c);
            if (decoded[c.ordinal()]) {
                var in = new ByteReader(stored[c.ordinal()], 0);
                int mode = in.readVarintInt();
                if (mode != SegmentEncoder.PER_ROW && mode != SegmentEncoder.CONSTANT) {
                    throw new IllegalArgumentException("request segment column " + c + " of unknown mode " + mode);
                }
                if (c.text()) {
                    texts[c.ordinal()].decode(in, rows, mode == SegmentEncoder.CONSTANT);
                } else {
                    decodeNumbers(c, in, mode == SegmentEncoder.CONSTANT, startOffset);
                }
            }
        }
    }

    public int rows() {
        return rows;
    }

    /** The value of a numeric column in a row. */
    public long number(RequestColumn c, int row) {
        requireDecoded(c);
        return numbers[c.ordinal()][row];
    }

    /** The dictionary entry of a text column in a row; -1 when the line has no such value. */
    public int entry(RequestColumn c, int row) {
        requireDecoded(c);
        return (int) texts[c.ordinal()].rowEntries[row] - 1;
    }

    /** The number of distinct values of a text column in this segment. */
    public int entries(RequestColumn c) {
        requireDecoded(c);
        return texts[c.ordinal()].entries;
    }

    /** A dictionary entry of a text column, with the server's escapes undone. */
    public String text(RequestColumn c, int entry) {
        requireDecoded(c);
        return texts[c.ordinal()].text(entry);
    }

    /**
     * Whether an entry of a text column, read as {@link #text}, starts with (or, {@code whole}, is)
     * the UTF-8 text {@code value}. A query asks this of every entry of every segment: entries
     * stored as plain ASCII (no escape, so their text is their bytes), up to the prefix's length, are
     * compared as bytes, without making a String of each.
     */
    public boolean textMatches(RequestColumn c, int entry, byte[] value, boolean whole) {
        requireDecoded(c);
        Text text = texts[c.ordinal()];
        int start = text.starts[entry];
        int end = text.ends[entry];
        int length = whole ? end - start : Math.min(end - start, value.length);
        // Only the bytes compared must read as they are: what follows a prefix does not change how it reads.
        if (!Unescape.readsAsIs(text.data, start, start + length)) {
            String decoded = text.text(entry);
            String wanted = new String(value, StandardCharsets.UTF_8);
            return whole ? decoded.equals(wanted) : decoded.startsWith(wanted);
        }
        return length == value.length && Arrays.equals(text.data, start, start + length, value, 0, length);
    }

    /** The bytes holding a text column's entries: entry {@code e} is [{@link #textStarts}[e], {@link #textEnds}[e]). */
    public byte[] textBytes(RequestColumn c) {
        requireDecoded(c);
        return texts[c.ordinal()].data;
    }

    /** Where each entry of a text column starts in {@link #textBytes}; read only. */
    public int[] textStarts(RequestColumn c) {
        return texts[c.ordinal()].starts;
    }

    /** Where each entry of a text column ends in {@link #textBytes}; read only. */
    public int[] textEnds(RequestColumn c) {
        return texts[c.ordinal()].ends;
    }

    /** The value of a text column in a row, null when the line has none. */
    public String textAt(RequestColumn c, int row) {
        int entry = entry(c, row);
        return entry < 0 ? null : text(c, entry);
    }

    private void decodeNumbers(RequestColumn c, ByteReader in, boolean constant, long startOffset) {
        long[] values = numbers[c.ordinal()];
        if (values.length < rows) {
            values = numbers[c.ordinal()] = new long[Math.max(rows, values.length * 2)];
        }
        if (constant) {
            Arrays.fill(values, 0, rows, in.readVarint());
        } else {
            in.readVarints(values, rows);
        }
        switch (c) {
            case OFFSET -> {
                long offset = startOffset;
                for (int r = 0; r < rows; r++) {
                    values[r] = offset += values[r];
                }
            }
            case TIME -> {
                long time = 0;
                for (int r = 0; r < rows; r++) {
                    values[r] = time += unzigzag(values[r]);
                }
            }
            case UTC_OFFSET -> {
                for (int r = 0; r < rows; r++) {
                    values[r] = unzigzag(values[r]);
                }
            }
            case DURATION -> {
                for (int r = 0; r < rows; r++) {
                    values[r]--;
                }
            }
            default -> {
                // stored as they are
            }
        }
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private void requireDecoded(RequestColumn c) {
        if (!decoded[c.ordinal()]) {
            throw new IllegalStateException(c + " was not decoded");
        }
    }

    /** A text column: the dictionary as ranges of the stored bytes, and each row's entry + 1. */
    private static final class Text {
        int entries;
        int[] starts = new int[16];
        int[] ends = new int[16];
        String[] strings = new String[16];
        /** Longs, as the number columns: one varint loop reads both ({@link ByteReader#readVarints}). */
        long[] rowEntries = new long[0];
        byte[] data;

        void decode(ByteReader in, int rows, boolean constant) {
            data = in.data();
            entries = in.readVarintInt();
            if (starts.length < entries) {
                int size = Math.max(entries, starts.length * 2);
                starts = new int[size];
                ends = new int[size];
                strings = new String[size];
            }
            Arrays.fill(strings, 0, entries, null);
            for (int e = 0; e < entries; e++) {
                int length = in.readVarintInt();
                starts[e] = in.position();
                ends[e] = starts[e] + length;
                in.skip(length);
            }
            if (rowEntries.length < rows) {
                rowEntries = new long[Math.max(rows, rowEntries.length * 2)];
            }
            if (constant) {
                Arrays.fill(rowEntries, 0, rows, in.readVarintInt());
            } else {
                in.readVarints(rowEntries, rows);
            }
        }

        String text(int entry) {
            String s = strings[entry];
            if (s == null) {
                s = strings[entry] = Unescape.decode(data, starts[entry], ends[entry]);
            }
            return s;
        }
    }
}
