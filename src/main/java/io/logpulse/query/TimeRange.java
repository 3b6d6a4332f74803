package io.logpulse.query;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A half-open range of instants [from, to), and the offset to show times in (the one the user
 * wrote, so answers read in their own clock).
 */
public record TimeRange(Instant from, Instant to, ZoneOffset displayOffset) {

    public TimeRange {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the range is empty: --from " + from + " is not before --to " + to);
        }
    }

    /**
     * [from, to), an end not given taken from what is stored, [storedFrom, storedTo) in epoch
     * milliseconds. A range that ends up empty is the user's mistake: the message says what is stored.
     */
    public static TimeRange orStored(Instant from, Instant to, long storedFrom, long storedTo, ZoneOffset shownIn,
            String stored) {
        Instant start = from != null ? from : Instant.ofEpochMilli(storedFrom);
        Instant end = to != null ? to : Instant.ofEpochMilli(storedTo);
        if (!start.isBefore(end)) {
            throw new QueryException("the range [" + start.atOffset(shownIn) + ", " + end.atOffset(shownIn)
                    + ") is empty: the stored " + stored + " span [" + Instant.ofEpochMilli(storedFrom).atOffset(shownIn)
                    + ", " + Instant.ofEpochMilli(storedTo).atOffset(shownIn) + ")");
        }
        return new TimeRange(start, end, shownIn);
    }

    public long fromMillis() {
        return from.toEpochMilli();
    }

    public long toMillis() {
        return to.toEpochMilli();
    }

    public String show(Instant instant) {
        return instant.atOffset(displayOffset).toString();
    }

    /** The smallest range of whole windows that holds this one. */
    public TimeRange alignedTo(long windowMillis) {
        long alignedFrom = Math.floorDiv(fromMillis(), windowMillis) * windowMillis;
        long alignedTo = -Math.floorDiv(-toMillis(), windowMillis) * windowMillis;
        return new TimeRange(Instant.ofEpochMilli(alignedFrom), Instant.ofEpochMilli(alignedTo), displayOffset);
    }
}
