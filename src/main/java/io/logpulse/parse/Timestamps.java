package io.logpulse.parse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** Timestamp helpers shared by the parser and the CLI ({@code --from}/{@code --to}). */
public final class Timestamps {
    private Timestamps() {}

    private static final String ACCEPTED = "use ISO-8601 with an offset (2025-01-31T03:07:33+09:00 or "
            + "2025-01-31T03:07:33Z) or the access-log style 31/Jan/2025:03:07:33 +0900";

    /**
     * {@code 31/Jan/2025:03:07:33 +0900} (exactly {@code [start, end)}) to epoch millis, or
     * {@link Long#MIN_VALUE} if it is not a valid timestamp of that form.
     */
    public static long parseLocalTime(byte[] b, int start, int end) {
        Objects.checkFromToIndex(start, end, b.length);
        return CivilTime.parseLocal(b, start, end);
    }

    /**
     * A time typed by a user: ISO-8601 with an offset or {@code Z} (fractional seconds allowed, a space
     * may replace the {@code T}), or the log's own {@code 31/Jan/2025:03:07:33 +0900}, optionally in [ ].
     *
     * @throws IllegalArgumentException with a message meant for the user
     */
    public static OffsetDateTime parseUserTime(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("No time given: " + ACCEPTED);
        }
        String t = s.strip();
        if (t.length() >= 2 && t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']') {
            t = t.substring(1, t.length() - 1).strip();
        }
        if (t.length() > 2 && t.charAt(2) == '/') {
            return parseLogStyle(s, t);
        }
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException notIso) {
            if (parses(t)) {
                throw new IllegalArgumentException("Time \"" + s + "\" has no UTC offset, so it is ambiguous: "
                        + "add one, e.g. " + t + (t.length() == 10 ? "T00:00:00" : "") + "Z or +09:00");
            }
            throw new IllegalArgumentException("Cannot read time \"" + s + "\": " + ACCEPTED);
        }
    }

    private static OffsetDateTime parseLogStyle(String original, String t) {
        if (t.length() != CivilTime.LOCAL_LENGTH) {
            throw new IllegalArgumentException("Cannot read time \"" + original + "\": " + ACCEPTED);
        }
        // Users type "jan" as often as "Jan"; servers only ever write the latter.
        String normalized = t.substring(0, 3) + Character.toUpperCase(t.charAt(3))
                + t.substring(4, 6).toLowerCase(java.util.Locale.ROOT) + t.substring(6);
        byte[] b = normalized.getBytes(StandardCharsets.ISO_8859_1);
        long millis = CivilTime.parseLocal(b, 0, b.length);
        if (millis == CivilTime.INVALID) {
            throw new IllegalArgumentException("Cannot read time \"" + original
                    + "\": not a real date, time and UTC offset (expected e.g. 31/Jan/2025:03:07:33 +0900)");
        }
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis),
                ZoneOffset.ofTotalSeconds(CivilTime.localOffsetSeconds(b, 0)));
    }

    private static boolean parses(String localDateOrTime) {
        try {
            if (localDateOrTime.length() == 10) {
                LocalDate.parse(localDateOrTime);
            } else {
                LocalDateTime.parse(localDateOrTime);
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
