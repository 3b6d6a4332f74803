package io.logpulse.model;

/**
 * How far one file generation has been read and what was rejected in it: lines and bytes read,
 * rejected lines per reason (indexed by {@link RejectCounts#reasons()}), and the first rejected
 * lines per reason as samples. A chunk reports its own share; the pipeline sums the shares.
 */
public record GenerationProgress(long generation, String source, String path, String format,
        long lines, long bytes, long[] rejects, RejectSample[] samples) {
}
