package io.logpulse.model;

/**
 * The requests of one chunk of lines that fall into one block and one shard, counted per (address,
 * window): cell {@code i} is address {@code ips[i]} in window {@code slots[i]} of the block, with its
 * counts at {@code values[i * Counts.STRIDE]}. One record carries a chunk's worth of cells across the
 * keyed exchange, instead of one record per line or per cell.
 */
public record CellBatch(long generation, int shard, long blockStart, String[] ips, int[] slots, long[] values) {

    public int size() {
        return ips.length;
    }

    public long requests() {
        long sum = 0;
        for (int i = 0; i < ips.length; i++) {
            sum += values[i * Counts.STRIDE + Counts.REQUESTS];
        }
        return sum;
    }
}
