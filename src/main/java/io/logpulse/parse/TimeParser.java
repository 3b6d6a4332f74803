package io.logpulse.parse;

import java.util.Arrays;

/**
 * Reads line timestamps, remembering the last minute seen: consecutive lines almost always share
 * {@code dd/MMM/yyyy:HH:mm} and the offset, so only the seconds need reading. One per {@link LineParser}.
 */
final class TimeParser {
    /** Bytes of {@code 31/Jan/2025:03:07:} and of {@code  +0900} that must match the cached minute. */
    private static final int MINUTE_END = 18;
    private static final int OFFSET_START = 20;

    private final byte[] cachedKey = new byte[CivilTime.LOCAL_LENGTH];
    private boolean cached;
    private long cachedMinuteMillis;
    private int cachedOffsetSeconds;
    private int offsetSeconds;

    /** The offset written in the timestamp last parsed successfully. */
    int offsetSeconds() {
        return offsetSeconds;
    }

    long parseLocal(byte[] b, int s, int e) {
        if (e - s != CivilTime.LOCAL_LENGTH) {
            return CivilTime.INVALID;
        }
        if (cached
                && Arrays.equals(b, s, s + MINUTE_END, cachedKey, 0, MINUTE_END)
                && Arrays.equals(b, s + OFFSET_START, e, cachedKey, OFFSET_START, CivilTime.LOCAL_LENGTH)) {
            int second = CivilTime.digits2(b, s + MINUTE_END);
            if (second < 0 || second > 60) {
                return CivilTime.INVALID;
            }
            offsetSeconds = cachedOffsetSeconds;
            return cachedMinuteMillis + Math.min(second, 59) * 1000L;
        }
        long millis = CivilTime.parseLocal(b, s, e);
        if (millis != CivilTime.INVALID) {
            System.arraycopy(b, s, cachedKey, 0, CivilTime.LOCAL_LENGTH);
            offsetSeconds = cachedOffsetSeconds = CivilTime.localOffsetSeconds(b, s);
            cachedMinuteMillis = millis - Math.min(CivilTime.digits2(b, s + MINUTE_END), 59) * 1000L;
            cached = true;
        }
        return millis;
    }

    long parseIso(byte[] b, int s, int e) {
        long millis = CivilTime.parseIso(b, s, e);
        if (millis != CivilTime.INVALID) {
            offsetSeconds = b[e - 1] == 'Z' ? 0 : CivilTime.isoOffsetSeconds(b, b[e - 3] == ':' ? e - 6 : e - 5, e);
        }
        return millis;
    }
}
