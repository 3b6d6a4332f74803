package io.logpulse.model;

/** A line that was not a request: where it was, why, and its first bytes as they were. */
public record RejectSample(long offset, String reason, byte[] line) {
}
