package io.logpulse.query;

import java.util.Arrays;

/**
 * A list of ints kept in fixed-size pages: growing copies nothing, so millions of them cost their
 * size once, not the two or three times an array that doubles leaves behind for the collector.
 */
final class IntPages {

    private static final int PAGE_BITS = 16;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private int[][] pages = new int[16][];
    private int size;
    /** The page being filled, and how far: a full one makes {@link #add} start the next. */
    private int[] last;
    private int lastSize = PAGE_SIZE;

    int size() {
        return size;
    }

    void add(int value) {
        if (lastSize == PAGE_SIZE) {
            addPage();
        }
        last[lastSize++] = value;
        size++;
    }

    private void addPage() {
        int page = size >>> PAGE_BITS;
        if (page == pages.length) {
            pages = Arrays.copyOf(pages, page * 2);
        }
        last = pages[page] = new int[PAGE_SIZE];
        lastSize = 0;
    }

    int get(int index) {
        return pages[index >>> PAGE_BITS][index & PAGE_MASK];
    }

    void set(int index, int value) {
        pages[index >>> PAGE_BITS][index & PAGE_MASK] = value;
    }
}
