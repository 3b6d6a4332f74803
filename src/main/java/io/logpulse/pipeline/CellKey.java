package io.logpulse.pipeline;

/** Who a window's counts belong to: one client address in one file generation. */
public record CellKey(long generation, String ip) {
}
