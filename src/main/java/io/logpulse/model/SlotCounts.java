package io.logpulse.model;

import java.util.Arrays;

/**
 * Per-window counts of one block, sparse: only the windows used are kept, in slot order.
 */
public final class SlotCounts {

    public static final int SLOTS = 60;
    static final int VALUES = Counts.STRIDE;

    int size;
    int[] slots = new int[2];
    long[] values = new long[2 * VALUES];

    /** Adds the counts at {@code values[at, at + Counts.STRIDE)} to window {@code slot}. */
    public void add(int slot, long[] counts, int at) {
        int index = slotIndex(slot); // may grow the arrays: look them up after
        Counts.add(values, index * VALUES, counts, at);
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
