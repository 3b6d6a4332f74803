package io.logpulse.query;

import io.logpulse.model.SlotCounts;
import io.logpulse.store.TrafficReader;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The window size of the stored per-window counts and the range a question asks about, with a missing
 * end taken from the stored blocks.
 */
public record StoredWindows(long windowMillis, TimeRange requested) {

    public static StoredWindows of(TrafficReader reader, Instant from, Instant to, ZoneOffset displayOffset) {
        long window = reader.windowMillis().orElseThrow(() -> new QueryException("the database holds no traffic yet"));
        long block = window * SlotCounts.SLOTS;
        var span = reader.span().orElseThrow(() -> new QueryException("the database holds no traffic yet"));
        return new StoredWindows(window, TimeRange.orStored(from, to, span.firstBlock(), span.lastBlock() + block,
                displayOffset, "traffic blocks"));
    }

    /** The smallest range of whole windows holding the one requested. */
    public TimeRange covered() {
        return requested.alignedTo(windowMillis);
    }
}
