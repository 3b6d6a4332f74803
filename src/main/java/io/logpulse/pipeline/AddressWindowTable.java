package io.logpulse.pipeline;

import io.logpulse.model.CellBatch;
import io.logpulse.model.Counts;
import io.logpulse.model.Shards;
import io.logpulse.model.SlotCounts;
import io.logpulse.parse.ParsedLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.function.ObjLongConsumer;

/**
 * Counts one chunk's requests per (client address, window) without allocating per line: addresses
 * stay bytes in an arena until the chunk is drained. This is what shrinks a chunk of thousands of
 * lines into a few records (one per block and shard) before the keyed exchange.
 */
final class AddressWindowTable {

    private int capacity;
    private int size;
    private int[] keyStart;
    private int[] keyLength;
    private int[] keyHash;
    private long[] window;
    private int[] requests;
    private long[] bytes;
    private int[] statusClasses;
    private long[] maxTimestamp;
    private int[] used;
    private byte[] arena = new byte[16 * 1024];
    private int arenaLength;

    AddressWindowTable() {
        allocate(1024);
    }

    void add(ParsedLine line, long windowMillis) {
        byte[] buffer = line.buffer();
        int start = line.addressStart();
        int length = line.addressEnd() - start;
        long timestamp = line.epochMillis();
        long windowStart = Math.floorDiv(timestamp, windowMillis) * windowMillis;
        int hash = hash(buffer, start, length, windowStart);
        if (size * 2 >= capacity) {
            grow();
        }
        int slot = find(buffer, start, length, windowStart, hash);
        if (requests[slot] == 0) {
            claim(slot, buffer, start, length, windowStart, hash);
        }
        requests[slot]++;
        bytes[slot] += line.bodyBytes();
        int statusClass = line.status() / 100;
        if (statusClass >= 2 && statusClass <= 5) {
            statusClasses[slot * 4 + statusClass - 2]++;
        }
        if (timestamp > maxTimestamp[slot]) {
            maxTimestamp[slot] = timestamp;
        }
    }

    /**
     * Hands the cells to the consumer grouped by (block, shard), each batch with the latest event
     * time it holds, then empties the table.
     */
    void drain(long generation, long windowMillis, ObjLongConsumer<CellBatch> consumer) {
        long blockMillis = windowMillis * SlotCounts.SLOTS;
        var groups = new HashMap<Long, List<Integer>>();
        for (int i = 0; i < size; i++) {
            int cell = used[i];
            long block = Math.floorDiv(window[cell], blockMillis);
            int shard = Shards.of(arena, keyStart[cell], keyStart[cell] + keyLength[cell]);
            groups.computeIfAbsent(block * Shards.COUNT + shard, k -> new ArrayList<>()).add(cell);
        }
        for (var group : groups.entrySet()) {
            long blockStart = Math.floorDiv(group.getKey(), Shards.COUNT) * blockMillis;
            int shard = (int) Math.floorMod(group.getKey(), (long) Shards.COUNT);
            consumer.accept(batch(generation, shard, blockStart, windowMillis, group.getValue()), latest(group.getValue()));
        }
        for (int i = 0; i < size; i++) {
            requests[used[i]] = 0;
        }
        size = 0;
        arenaLength = 0;
    }

    private CellBatch batch(long generation, int shard, long blockStart, long windowMillis, List<Integer> cells) {
        int n = cells.size();
        int addressBytes = 0;
        for (int cell : cells) {
            addressBytes += keyLength[cell];
        }
        byte[] addresses = new byte[addressBytes];
        int[] addressEnds = new int[n];
        int[] slots = new int[n];
        long[] values = new long[n * Counts.STRIDE];
        int end = 0;
        for (int i = 0; i < n; i++) {
            int cell = cells.get(i);
            System.arraycopy(arena, keyStart[cell], addresses, end, keyLength[cell]);
            end += keyLength[cell];
            addressEnds[i] = end;
            slots[i] = (int) ((window[cell] - blockStart) / windowMillis);
            int at = i * Counts.STRIDE;
            values[at + Counts.REQUESTS] = requests[cell];
            values[at + Counts.BYTES] = bytes[cell];
            for (int c = 0; c < 4; c++) {
                values[at + Counts.STATUS_2XX + c] = statusClasses[cell * 4 + c];
            }
        }
        return new CellBatch(generation, shard, blockStart, addresses, addressEnds, slots, values);
    }

    private long latest(List<Integer> cells) {
        long latest = Long.MIN_VALUE;
        for (int cell : cells) {
            latest = Math.max(latest, maxTimestamp[cell]);
        }
        return latest;
    }

    private int find(byte[] buffer, int start, int length, long windowStart, int hash) {
        int mask = capacity - 1;
        int slot = hash & mask;
        while (requests[slot] != 0) {
            if (keyHash[slot] == hash && window[slot] == windowStart && keyLength[slot] == length
                    && Arrays.equals(arena, keyStart[slot], keyStart[slot] + length, buffer, start, start + length)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void claim(int slot, byte[] buffer, int start, int length, long windowStart, int hash) {
        if (arenaLength + length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLength + length));
        }
        System.arraycopy(buffer, start, arena, arenaLength, length);
        keyStart[slot] = arenaLength;
        keyLength[slot] = length;
        keyHash[slot] = hash;
        window[slot] = windowStart;
        bytes[slot] = 0;
        Arrays.fill(statusClasses, slot * 4, slot * 4 + 4, 0);
        maxTimestamp[slot] = Long.MIN_VALUE;
        arenaLength += length;
        used[size++] = slot;
    }

    /** Doubles the table; cells keep their arena bytes, only their places move. */
    private void grow() {
        int[] oldStart = keyStart, oldLength = keyLength, oldHash = keyHash, oldRequests = requests;
        int[] oldStatus = statusClasses, oldUsed = used;
        long[] oldWindow = window, oldBytes = bytes, oldMax = maxTimestamp;
        allocate(capacity * 2);
        int mask = capacity - 1;
        for (int i = 0; i < size; i++) {
            int from = oldUsed[i];
            int to = oldHash[from] & mask;
            while (requests[to] != 0) {
                to = (to + 1) & mask;
            }
            keyStart[to] = oldStart[from];
            keyLength[to] = oldLength[from];
            keyHash[to] = oldHash[from];
            window[to] = oldWindow[from];
            requests[to] = oldRequests[from];
            bytes[to] = oldBytes[from];
            System.arraycopy(oldStatus, from * 4, statusClasses, to * 4, 4);
            maxTimestamp[to] = oldMax[from];
            used[i] = to;
        }
    }

    private void allocate(int newCapacity) {
        capacity = newCapacity;
        keyStart = new int[capacity];
        keyLength = new int[capacity];
        keyHash = new int[capacity];
        window = new long[capacity];
        requests = new int[capacity];
        bytes = new long[capacity];
        statusClasses = new int[capacity * 4];
        maxTimestamp = new long[capacity];
        used = new int[capacity];
    }

    private static int hash(byte[] buffer, int start, int length, long windowStart) {
        int h = (int) (windowStart ^ (windowStart >>> 32));
        for (int i = start; i < start + length; i++) {
            h = 31 * h + buffer[i];
        }
        return h ^ (h >>> 16);
    }
}
