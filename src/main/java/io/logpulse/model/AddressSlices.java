package io.logpulse.model;

import java.util.Arrays;

/**
 * Picks the client addresses of a segment whose rows are stored a second time, on their own: a slice.
 * A question about one address ({@code logpulse ip}, {@code requests --ip}) reads a slice instead of the
 * segment's whole columns. On a busy log the busiest clients appear in every segment, so their
 * questions used to read the whole store: ~2 s for the busiest of 10 M requests (14% of them). The
 * slices of that store hold a quarter of its requests, its four busiest clients'.
 *
 * <p>An address gets a slice when it has at least {@link #MIN_ROWS} rows and a {@link #SHARE}th of the
 * segment's: at most {@link #SHARE} slices, and the rows stored twice are those of the few clients that
 * make a good part of the traffic. A segment with an escaped address (one that reads as another
 * spelling) gets none: a slice holds every row of its address, whatever its spelling.
 */
public final class AddressSlices {
    public static final int MIN_ROWS = 64;
    public static final int SHARE = 32;
    /**
     * Values a slice's summaries list: one client's top paths stand out within a few dozen of its
     * requests, and `ip` reads every slice's summary.
     */
    public static final int SUMMARY_ENTRIES = 16;
    /** A slice stores what a segment does, with the same ids: its columns, then its summaries. */
    public static final int WIDTH = RequestColumn.values().length + SegmentSummary.COLUMNS.size();
    /**
     * A slice's columns are stored in parts, a row each: the numbers and short texts, the long texts
     * (path, referer, agent), the summaries. `ip` reads the first and the last; a row per column made
     * a 10 M-line ingest write 4 times as many rows, and H2's cost is by the row (93,000 rows of a
     * column each took 1.4-3.8 s to insert, the same bytes in 15,500 rows 0.43-1.4 s).
     */
    public static final int PARTS = 3;
    private static final int SUMMARIES = 2;

    private int count;
    private String[] addresses = new String[0];
    private int[] requests = new int[0];
    private int[][] rows = new int[0][];
    private int[] perEntry = new int[0];
    private int[] sliceOf = new int[0];

    /**
     * Whether a slice has a summary of column {@code c}: of the segment's, those `ip` lists the top of
     * (not its one address, nor the status, which it counts while it scans the times anyway).
     */
    static boolean summarizes(RequestColumn c) {
        return c == RequestColumn.PATH || c == RequestColumn.USER_AGENT;
    }

    /** The part that stores the column (or summary) of id {@code id}. */
    public static int partOf(int id) {
        if (id >= RequestColumn.values().length) {
            return SUMMARIES;
        }
        RequestColumn c = RequestColumn.of(id);
        return c == RequestColumn.PATH || c == RequestColumn.REFERER || c == RequestColumn.USER_AGENT ? 1 : 0;
    }

    /** Where part {@code part} of slice {@code slice} is in {@link RequestSegment#columns}: after the segment's own. */
    public static int partIndex(int slice, int part) {
        return WIDTH + slice * PARTS + part;
    }

    /**
     * Packs a slice's stored columns and summaries ({@code byId[id]}, null or empty when it has none) into its
     * parts: each a count, then id, length and bytes of each of its columns.
     */
    static byte[][] pack(byte[][] byId, ByteWriter out) {
        byte[][] parts = new byte[PARTS][];
        for (int part = 0; part < PARTS; part++) {
            out.reset();
            int held = 0;
            for (int id = 0; id < WIDTH; id++) {
                held += partOf(id) == part && held(byId[id]) ? 1 : 0;
            }
            out.writeVarint(held);
            for (int id = 0; id < WIDTH; id++) {
                if (partOf(id) == part && held(byId[id])) {
                    out.writeVarint(id);
                    out.writeVarint(byId[id].length);
                    out.write(byId[id], 0, byId[id].length);
                }
            }
            parts[part] = out.toByteArray();
        }
        return parts;
    }

    private static boolean held(byte[] column) {
        return column != null && column.length > 0;
    }

    /** Unpacks a part into {@code byId}, each column a copy of its bytes. */
    public static void unpack(byte[] part, byte[][] byId) {
        var in = new ByteReader(part, 0);
        for (int held = in.readVarintInt(); held > 0; held--) {
            int id = in.readVarintInt();
            int length = in.readVarintInt();
            byId[id] = Arrays.copyOfRange(part, in.position(), in.position() + length);
            in.skip(length);
        }
    }

    /** Chooses the slices of a segment of {@code rows} rows whose address entries + 1 are {@code entries}. */
    void choose(long[] entries, int rows, TextDictionary addresses) {
        count = 0;
        int minimum = Math.max(MIN_ROWS, rows / SHARE);
        if (rows < minimum) {
            return;
        }
        int size = addresses.size() + 1;
        if (perEntry.length < size) {
            perEntry = new int[size];
            sliceOf = new int[size];
        } else {
            Arrays.fill(perEntry, 0, size, 0);
        }
        for (int r = 0; r < rows; r++) {
            perEntry[(int) entries[r]]++;
        }
        for (int e = 0; e < addresses.size(); e++) {
            if (!addresses.readsAsIs(e)) {
                return;
            }
        }
        for (int entry = 1; entry < size; entry++) {
            sliceOf[entry] = -1;
            if (perEntry[entry] >= minimum) {
                sliceOf[entry] = add(addresses.text(entry - 1), perEntry[entry]);
            }
        }
        if (count == 0) {
            return;
        }
        int[] filled = new int[count];
        for (int r = 0; r < rows; r++) {
            int entry = (int) entries[r];
            int slice = entry == 0 ? -1 : sliceOf[entry];
            if (slice >= 0) {
                this.rows[slice][filled[slice]++] = r;
            }
        }
    }

    private int add(String address, int requests) {
        if (count == addresses.length) {
            addresses = Arrays.copyOf(addresses, count + 4);
            this.requests = Arrays.copyOf(this.requests, count + 4);
            rows = Arrays.copyOf(rows, count + 4);
        }
        addresses[count] = address;
        this.requests[count] = requests;
        if (rows[count] == null || rows[count].length < requests) {
            rows[count] = new int[Math.max(requests, 256)];
        }
        return count++;
    }

    public int count() {
        return count;
    }

    /** The rows of slice {@code slice}, in order: the first {@link #requests(int)} of this array. */
    int[] rows(int slice) {
        return rows[slice];
    }

    int requests(int slice) {
        return requests[slice];
    }

    String[] addresses() {
        return Arrays.copyOf(addresses, count);
    }

    int[] requests() {
        return Arrays.copyOf(requests, count);
    }
}
