package io.logpulse.query;

import io.logpulse.model.Counts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sums counts per client address with the addresses kept as bytes, as the store packs them. A
 * whole-day {@code top} adds about a million (address, block) totals; a HashMap keyed by a new
 * String for each was 75 % of the query's samples in JFR. Strings are made for the rows shown only.
 */
final class AddressTable {

    private int capacity;
    private int size;
    private int[] keyStart;
    private int[] keyLength;
    private int[] keyHash;
    private long[] counts;
    private byte[] arena = new byte[64 * 1024];
    private int arenaLength;

    AddressTable() {
        allocate(4096);
    }

    /** Adds the counts at {@code values[at]} to the address {@code bytes[start, start + length)}. */
    void add(byte[] bytes, int start, int length, long[] values, int at) {
        int hash = hash(bytes, start, length);
        int entry = find(bytes, start, length, hash);
        if (keyLength[entry] < 0) {
            entry = claim(entry, bytes, start, length, hash);
        }
        Counts.add(counts, entry * Counts.STRIDE, values, at);
    }

    void add(String address, long[] values, int at) {
        byte[] bytes = address.getBytes(StandardCharsets.ISO_8859_1);
        add(bytes, 0, bytes.length, values, at);
    }

    long totalRequests() {
        long sum = 0;
        for (int entry = 0; entry < capacity; entry++) {
            if (keyLength[entry] >= 0) {
                sum += counts[entry * Counts.STRIDE + Counts.REQUESTS];
            }
        }
        return sum;
    }

    /** The {@code limit} addresses with the most requests, highest first, ties by address. */
    List<AddressTotals> top(int limit) {
        Comparator<Integer> order = Comparator.<Integer>comparingLong(e -> -counts[e * Counts.STRIDE + Counts.REQUESTS])
                .thenComparing((a, b) -> Arrays.compareUnsigned(arena, keyStart[a], keyStart[a] + keyLength[a],
                        arena, keyStart[b], keyStart[b] + keyLength[b]));
        var worstFirst = new PriorityQueue<Integer>(order.reversed());
        for (int entry = 0; entry < capacity; entry++) {
            if (keyLength[entry] >= 0) {
                worstFirst.add(entry);
                if (worstFirst.size() > limit) {
                    worstFirst.poll();
                }
            }
        }
        var rows = new ArrayList<AddressTotals>(worstFirst.size());
        while (!worstFirst.isEmpty()) {
            int entry = worstFirst.poll();
            var row = new AddressTotals(new String(arena, keyStart[entry], keyLength[entry], StandardCharsets.ISO_8859_1));
            row.add(counts, entry * Counts.STRIDE);
            rows.add(row);
        }
        Collections.reverse(rows);
        return rows;
    }

    private int find(byte[] bytes, int start, int length, int hash) {
        int mask = capacity - 1;
        int entry = hash & mask;
        while (keyLength[entry] >= 0) {
            if (keyHash[entry] == hash && keyLength[entry] == length
                    && Arrays.equals(arena, keyStart[entry], keyStart[entry] + length, bytes, start, start + length)) {
                return entry;
            }
            entry = (entry + 1) & mask;
        }
        return entry;
    }

    private int claim(int entry, byte[] bytes, int start, int length, int hash) {
        if (size * 2 >= capacity) {
            grow();
            entry = find(bytes, start, length, hash);
        }
        if (arenaLength + length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLength + length));
        }
        System.arraycopy(bytes, start, arena, arenaLength, length);
        keyStart[entry] = arenaLength;
        keyLength[entry] = length;
        keyHash[entry] = hash;
        arenaLength += length;
        size++;
        return entry;
    }

    /** Doubles the table; entries keep their arena bytes and counts, only their places move. */
    private void grow() {
        int[] oldStart = keyStart, oldLength = keyLength, oldHash = keyHash;
        long[] oldCounts = counts;
        int oldCapacity = capacity;
        allocate(capacity * 2);
        int mask = capacity - 1;
        for (int from = 0; from < oldCapacity; from++) {
            if (oldLength[from] >= 0) {
                int to = oldHash[from] & mask;
                while (keyLength[to] >= 0) {
                    to = (to + 1) & mask;
                }
                keyStart[to] = oldStart[from];
                keyLength[to] = oldLength[from];
                keyHash[to] = oldHash[from];
                System.arraycopy(oldCounts, from * Counts.STRIDE, counts, to * Counts.STRIDE, Counts.STRIDE);
            }
        }
    }

    private void allocate(int newCapacity) {
        capacity = newCapacity;
        keyStart = new int[capacity];
        keyLength = new int[capacity];
        Arrays.fill(keyLength, -1);
        keyHash = new int[capacity];
        counts = new long[capacity * Counts.STRIDE];
    }

    /**
     * Murmur3's finalizer over a polynomial hash: dotted addresses differ in few digits, and the
     * polynomial alone clustered them into long probe runs (find() was 70 % of the query's samples).
     */
    private static int hash(byte[] bytes, int start, int length) {
        int h = 0;
        for (int i = start; i < start + length; i++) {
            h = 31 * h + bytes[i];
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
