package io.logpulse.model;

/**
 * All requests of one shard of client addresses in one file generation within one block of
 * {@link SlotCounts#SLOTS} consecutive windows: the totals, the per-window totals packed by
 * {@link SlotCodec}, and every address's per-window counts packed by {@link BlockCodec}, and again
 * with its totals only. The unit the
 * store writes: a block is written whole, so a replayed block overwrites itself instead of adding.
 */
public record TrafficBlock(long generation, int shard, long blockStart, long[] totals, byte[] slots, byte[] addresses,
        byte[] addressTotals) {
}
