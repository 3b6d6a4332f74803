package io.logpulse.model;

import java.util.Arrays;

/**
 * Per-window counts of one block, sparse: most clients show up in a few windows of a block, so
 * only the windows they used are kept. Mutable, for Flink's window state; public fields so that
 * Flink serializes it as a POJO, not through Kryo.
 */
public final class SlotCounts {

    public static final int SLOTS = 60;
    /** requests, bytes, 2xx, 3xx, 4xx, 5xx */
    static final int VALUES = 6;

    public int size;
    public int[] slots = new int[2];
    public long[] values = new long[2 * VALUES];

    public void add(WindowCell cell, int slot) {
        int at = slotIndex(slot);
        int base = at * VALUES;
        values[base] += cell.requests();
        values[base + 1] += cell.bytes();
        values[base + 2] += cell.status2xx();
        values[base + 3] += cell.status3xx();
        values[base + 4] += cell.status4xx();
        values[base + 5] += cell.status5xx();
    }

    public void addAll(SlotCounts other) {
        for (int i = 0; i < other.size; i++) {
            int base = slotIndex(other.slots[i]) * VALUES;
            for (int v = 0; v < VALUES; v++) {
                values[base + v] += other.values[i * VALUES + v];
            }
        }
    }

    /** Finds or inserts the slot, keeping slots sorted; new lines nearly always hit the last one. */
    private int slotIndex(int slot) {
        int i = size - 1;
        while (i >= 0 && slots[i] > slot) {
            i--;
        }
        if (i >= 0 && slots[i] == slot) {
            return i;
        }
        int at = i + 1;
        if (size == slots.length) {
            slots = Arrays.copyOf(slots, size * 2);
            values = Arrays.copyOf(values, size * 2 * VALUES);
        }
        System.arraycopy(slots, at, slots, at + 1, size - at);
        System.arraycopy(values, at * VALUES, values, (at + 1) * VALUES, (size - at) * VALUES);
        slots[at] = slot;
        Arrays.fill(values, at * VALUES, (at + 1) * VALUES, 0);
        size++;
        return at;
    }

    public long total(int value) {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i * VALUES + value];
        }
        return sum;
    }
}
