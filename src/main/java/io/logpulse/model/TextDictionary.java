package io.logpulse.model;

import io.logpulse.parse.Unescape;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns byte ranges: each distinct value is kept once and referred to by number. The request store
 * uses one per text column of a segment, fed from the parser's buffer; queries use one to group by raw
 * values across segments. A value costs a hash and, when seen before, one comparison: no String is
 * made.
 */
public final class TextDictionary {
    private static final int MIN_SLOTS = 64;

    private int[] slots = new int[MIN_SLOTS]; // entry number + 1; 0 is empty
    private byte[] arena = new byte[4096];
    private int arenaSize;
    private int[] starts = new int[64];
    private long[] hashes = new long[64];
    private int size;
    /** {@link #internAll}'s per-value hashes and candidate entries, kept for the next batch. */
    private long[] batchHashes = new long[0];
    private int[] batchEntries = new int[0];

    /** The number of the value {@code bytes[start, end)}, added if new. */
    public int intern(byte[] bytes, int start, int end) {
        // The request store interns every text field of every line here: kept in one method, which
        // the ingest's C1-compiled code calls without a second call inside (a split cost ~11 s of CPU
        // in a 10 M-line ingest with the request store: 29 s of user time instead of 18 s).
        long hash = TextHash.of(bytes, start, end);
        int mask = slots.length - 1;
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot] - 1;
            if (entry < 0) {
                return add(bytes, start, end, hash, slot);
            }
            if (hashes[entry] == hash && Arrays.equals(arena, starts[entry], starts[entry + 1], bytes, start, end)) {
                return entry;
            }
        }
    }

    /** The number of entry {@code entry} of {@code other}'s value, added if new. */
    int intern(TextDictionary other, int entry) {
        return intern(other.arena, other.starts[entry], other.starts[entry + 1]);
    }

    /**
     * The numbers of many values at once, added if new: value {@code i} is
     * {@code bytes[starts[which[i]], ends[which[i]])} and its number goes to {@code numbers[i]}.
     *
     * <p>Interning one value after the other waits on a cache miss at each step of each lookup (slot,
     * hash, start, bytes): in a query merging millions of segment entries into half a million values
     * that was ~45% of the time. Here each step is done for all the values before the next, so that
     * the loads of one step are independent of each other and the processor overlaps their misses.
     * A value whose first slot does not hold it is interned one by one, as usual.
     */
    public void internAll(byte[] bytes, int[] starts, int[] ends, int[] which, int count, int[] numbers) {
        if (batchHashes.length < count) {
            batchHashes = new long[Math.max(count, batchHashes.length * 2)];
            batchEntries = new int[batchHashes.length];
        }
        int mask = slots.length - 1;
        for (int i = 0; i < count; i++) {
            int w = which[i];
            long hash = TextHash.of(bytes, starts[w], ends[w]);
            batchHashes[i] = hash;
            batchEntries[i] = slots[(int) hash & mask] - 1;
        }
        for (int i = 0; i < count; i++) {
            int entry = batchEntries[i];
            if (entry >= 0 && hashes[entry] != batchHashes[i]) {
                batchEntries[i] = -1;
            }
        }
        for (int i = 0; i < count; i++) {
            int w = which[i];
            int entry = batchEntries[i];
            // Entry numbers never change: a candidate found before other values were added still holds.
            numbers[i] = entry >= 0 && Arrays.equals(arena, this.starts[entry], this.starts[entry + 1], bytes, starts[w], ends[w])
                    ? entry : intern(bytes, starts[w], ends[w]);
        }
    }

    /** The number of the value {@code bytes[start, end)}, or -1 if it is not held. */
    public int find(byte[] bytes, int start, int end) {
        long hash = TextHash.of(bytes, start, end);
        int mask = slots.length - 1;
        int entry;
        for (int slot = (int) hash & mask; (entry = slots[slot] - 1) >= 0; slot = (slot + 1) & mask) {
            if (hashes[entry] == hash && Arrays.equals(arena, starts[entry], starts[entry + 1], bytes, start, end)) {
                return entry;
            }
        }
        return -1;
    }

    public int size() {
        return size;
    }

    long hash(int entry) {
        return hashes[entry];
    }

    /** Entry count, then each entry as length and bytes. */
    void writeTo(ByteWriter out) {
        out.writeVarint(size);
        for (int e = 0; e < size; e++) {
            writeEntry(e, out);
        }
    }

    /** Entry {@code entry} as length and bytes. */
    void writeEntry(int entry, ByteWriter out) {
        out.writeVarint(starts[entry + 1] - starts[entry]);
        out.write(arena, starts[entry], starts[entry + 1]);
    }

    /** The bytes that hold the entries: entry {@code e} is {@code arena()[start(e), start(e + 1))}. */
    byte[] arena() {
        return arena;
    }

    int start(int entry) {
        return starts[entry];
    }

    /** True when entry {@code entry} reads as its bytes ({@link Unescape#readsAsIs}). */
    public boolean readsAsIs(int entry) {
        return Unescape.readsAsIs(arena, starts[entry], starts[entry + 1]);
    }

    /** Entry {@code entry} read as logged text (server escapes undone). */
    public String text(int entry) {
        return Unescape.decode(arena, starts[entry], starts[entry + 1]);
    }

    /** Entry {@code entry} with each byte as one char (ISO-8859-1): how client addresses are stored. */
    public String latin1(int entry) {
        return new String(arena, starts[entry], starts[entry + 1] - starts[entry], StandardCharsets.ISO_8859_1);
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(slots, 0);
            size = 0;
            arenaSize = 0;
        }
    }

    private int add(byte[] bytes, int start, int end, long hash, int slot) {
        int length = end - start;
        if (arenaSize + length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + length));
        }
        System.arraycopy(bytes, start, arena, arenaSize, length);
        arenaSize += length;
        if (size + 2 > starts.length) {
            starts = Arrays.copyOf(starts, starts.length * 2);
            hashes = Arrays.copyOf(hashes, hashes.length * 2);
        }
        int entry = size++;
        hashes[entry] = hash;
        starts[entry + 1] = arenaSize;
        slots[slot] = entry + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return entry;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int e = 0; e < size; e++) {
            int slot = (int) hashes[e] & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = e + 1;
        }
    }
}
