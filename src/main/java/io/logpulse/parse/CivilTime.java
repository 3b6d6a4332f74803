package io.logpulse.parse;

/**
 * Allocation-free reading of the two timestamp layouts servers write, with the calendar arithmetic done
 * by hand (days-from-civil) because java.time allocates and is several times slower on the hot path.
 */
final class CivilTime {
    private CivilTime() {}

    static final long INVALID = Long.MIN_VALUE;
    static final int BAD_OFFSET = Integer.MIN_VALUE;
    /** {@code 31/Jan/2025:03:07:33 +0900}. */
    static final int LOCAL_LENGTH = 26;
    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    /** {@code dd/MMM/yyyy:HH:mm:ss ±hhmm} to epoch millis, or {@link #INVALID}. */
    static long parseLocal(byte[] b, int s, int e) {
        if (e - s != LOCAL_LENGTH || b[s + 2] != '/' || b[s + 6] != '/' || b[s + 11] != ':' || b[s + 14] != ':'
                || b[s + 17] != ':' || b[s + 20] != ' ') {
            return INVALID;
        }
        return toEpochMillis(digits4(b, s + 7), month(b, s + 3), digits2(b, s), digits2(b, s + 12),
                digits2(b, s + 15), digits2(b, s + 18), 0, localOffsetSeconds(b, s));
    }

    /** The offset of a {@link #parseLocal} timestamp starting at {@code s}, or {@link #BAD_OFFSET}. */
    static int localOffsetSeconds(byte[] b, int s) {
        return offsetSeconds(b, s + 21, false);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm|±hhmm)} (nginx {@code $time_iso8601}) to epoch millis,
     * or {@link #INVALID}.
     */
    static long parseIso(byte[] b, int s, int e) {
        if (e - s < 20 || b[s + 4] != '-' || b[s + 7] != '-' || (b[s + 10] != 'T' && b[s + 10] != ' ')
                || b[s + 13] != ':' || b[s + 16] != ':') {
            return INVALID;
        }
        int i = s + 19;
        int millis = 0;
        if (b[i] == '.') {
            int first = ++i;
            for (int scale = 100; i < e && isDigit(b[i]); i++, scale /= 10) {
                millis += (b[i] - '0') * scale;
            }
            if (i == first) {
                return INVALID;
            }
        }
        return toEpochMillis(digits4(b, s), digits2(b, s + 5), digits2(b, s + 8), digits2(b, s + 11),
                digits2(b, s + 14), digits2(b, s + 17), millis, isoOffsetSeconds(b, i, e));
    }

    /** The zone of an ISO timestamp, which occupies exactly {@code [i, e)}. */
    static int isoOffsetSeconds(byte[] b, int i, int e) {
        return switch (e - i) {
            case 1 -> b[i] == 'Z' ? 0 : BAD_OFFSET;
            case 5 -> offsetSeconds(b, i, false);
            case 6 -> offsetSeconds(b, i, true);
            default -> BAD_OFFSET;
        };
    }

    /** {@code ±hhmm} or {@code ±hh:mm} at {@code i}, at most 18 hours either way. */
    static int offsetSeconds(byte[] b, int i, boolean colon) {
        int sign = b[i] == '+' ? 1 : b[i] == '-' ? -1 : 0;
        int hours = digits2(b, i + 1);
        if (colon && b[i + 3] != ':') {
            return BAD_OFFSET;
        }
        int minutes = digits2(b, colon ? i + 4 : i + 3);
        if (sign == 0 || hours < 0 || minutes < 0 || minutes > 59) {
            return BAD_OFFSET;
        }
        int seconds = hours * 3600 + minutes * 60;
        return seconds > MAX_OFFSET_SECONDS ? BAD_OFFSET : sign * seconds;
    }

    /** Validates every component; a negative one means it did not parse. A leap second (:60) is read as :59. */
    static long toEpochMillis(int year, int month, int day, int hour, int minute, int second, int millis,
                              int offsetSeconds) {
        if (year < 0 || month < 1 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 60 || offsetSeconds == BAD_OFFSET) {
            return INVALID;
        }
        long epochSecond = daysFromCivil(year, month, day) * 86_400L + hour * 3600 + minute * 60
                + Math.min(second, 59) - offsetSeconds;
        return epochSecond * 1000 + millis;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        int monthFromMarch = (month + 9) % 12;
        long dayOfYear = (153L * monthFromMarch + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** English three-letter month as servers write it ({@code Jan}), 1..12, or -1. */
    static int month(byte[] b, int i) {
        return switch ((b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF)) {
            case 'J' << 16 | 'a' << 8 | 'n' -> 1;
            case 'F' << 16 | 'e' << 8 | 'b' -> 2;
            case 'M' << 16 | 'a' << 8 | 'r' -> 3;
            case 'A' << 16 | 'p' << 8 | 'r' -> 4;
            case 'M' << 16 | 'a' << 8 | 'y' -> 5;
            case 'J' << 16 | 'u' << 8 | 'n' -> 6;
            case 'J' << 16 | 'u' << 8 | 'l' -> 7;
            case 'A' << 16 | 'u' << 8 | 'g' -> 8;
            case 'S' << 16 | 'e' << 8 | 'p' -> 9;
            case 'O' << 16 | 'c' << 8 | 't' -> 10;
            case 'N' << 16 | 'o' << 8 | 'v' -> 11;
            case 'D' << 16 | 'e' << 8 | 'c' -> 12;
            default -> -1;
        };
    }

    static int digits2(byte[] b, int i) {
        int hi = b[i] - '0';
        int lo = b[i + 1] - '0';
        return (hi | lo) < 0 || hi > 9 || lo > 9 ? -1 : hi * 10 + lo;
    }

    static int digits4(byte[] b, int i) {
        int hi = digits2(b, i);
        int lo = digits2(b, i + 2);
        return (hi | lo) < 0 ? -1 : hi * 100 + lo;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
