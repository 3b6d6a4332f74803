package io.logpulse.model;

/**
 * All requests of one client address in one file generation within one block of
 * {@link SlotCounts#SLOTS} consecutive windows: the totals, and the per-window counts packed by
 * {@link SlotCodec}. The unit the store writes: a block is written whole, so a replayed block
 * overwrites itself instead of adding to itself.
 */
public record TrafficBlock(long generation, String ip, long blockStart, long requests, long bytes,
        long status2xx, long status3xx, long status4xx, long status5xx, byte[] slots) {
}
