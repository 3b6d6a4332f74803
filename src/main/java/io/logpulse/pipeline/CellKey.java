package io.logpulse.pipeline;

/** Who a block's counts belong to: one shard of client addresses in one file generation. */
public record CellKey(long generation, int shard) {
}
