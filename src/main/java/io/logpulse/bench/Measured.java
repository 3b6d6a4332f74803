package io.logpulse.bench;

/** One command's run: wall time, peak resident memory (-1 if unknown), exit code and its output. */
public record Measured(String name, double seconds, long peakRssKb, int exitCode, String output) {
}
