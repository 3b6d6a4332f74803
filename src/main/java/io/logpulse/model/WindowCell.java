package io.logpulse.model;

/**
 * The requests of one client address in one window of one file generation, as counted from one
 * chunk of lines: what crosses the keyed exchange instead of every single line.
 */
public record WindowCell(long generation, String ip, long windowStart, int requests, long bytes,
        int status2xx, int status3xx, int status4xx, int status5xx) {
}
