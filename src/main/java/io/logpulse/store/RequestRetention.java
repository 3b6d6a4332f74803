package io.logpulse.store;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/**
 * Drops request segments whose newest request is more than the retention older than the newest
 * request stored. Counted from the data, not the clock, so that a backfill of last month's logs keeps
 * them; for a live job the two agree.
 */
public final class RequestRetention {

    static final String KEPT_FROM = "requests_kept_from_ms";

    private RequestRetention() {
    }

    /** Returns the number of segments dropped. */
    public static int prune(Handle handle, Duration keep) {
        Optional<Long> newest = handle.createQuery("SELECT MAX(last_ms) FROM request_segment").mapTo(Long.class).findOne();
        if (newest.isEmpty() || newest.get() == null) {
            return 0;
        }
        long cutoff = newest.get() - keep.toMillis();
        for (String table : RequestSink.SEGMENT_TABLES) {
            handle.execute("DELETE FROM " + table + " WHERE (generation, start_offset) IN "
                    + "(SELECT generation, start_offset FROM request_segment WHERE last_ms < ?)", cutoff);
        }
        int dropped = handle.execute("DELETE FROM request_segment WHERE last_ms < ?", cutoff);
        if (dropped > 0) {
            // Queries must know that the store no longer holds everything before this instant.
            handle.execute("MERGE INTO setting (name, setting_value) KEY (name) VALUES (?, ?)", KEPT_FROM,
                    Long.toString(cutoff));
        }
        return dropped;
    }

    /** Requests before this instant (epoch milliseconds) may have been dropped; empty if none ever were. */
    public static OptionalLong keptFrom(Handle handle) {
        return handle.createQuery("SELECT setting_value FROM setting WHERE name = :name").bind("name", KEPT_FROM)
                .mapTo(Long.class).findOne().map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
