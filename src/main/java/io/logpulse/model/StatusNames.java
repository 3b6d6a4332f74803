package io.logpulse.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A segment's status codes as text ("200", "404"), numbered in the order they first appear, so that
 * the status column is summarized as the text columns are ({@link SegmentSummary}): a status top
 * groups by these names. The usual codes are looked up in an array: a code costs a load per line.
 */
final class StatusNames {
    private static final int CACHED = 1000;

    private final TextDictionary names = new TextDictionary();
    /** Entry + 1 of each code below {@link #CACHED}; 0 when the segment has not had it yet. */
    private final int[] entries = new int[CACHED];
    private int[] cachedCodes = new int[16];
    private int cached;

    TextDictionary names() {
        return names;
    }

    /** The entry of {@code status}'s name, added if new. */
    int entryOf(long status) {
        if (status >= 0 && status < CACHED) {
            int code = (int) status;
            if (entries[code] == 0) {
                entries[code] = intern(status) + 1;
                if (cached == cachedCodes.length) {
                    cachedCodes = Arrays.copyOf(cachedCodes, cached * 2);
                }
                cachedCodes[cached++] = code;
            }
            return entries[code] - 1;
        }
        return intern(status);
    }

    private int intern(long status) {
        byte[] name = Long.toString(status).getBytes(StandardCharsets.US_ASCII);
        return names.intern(name, 0, name.length);
    }

    void clear() {
        for (int i = 0; i < cached; i++) {
            entries[cachedCodes[i]] = 0;
        }
        cached = 0;
        names.clear();
    }
}
