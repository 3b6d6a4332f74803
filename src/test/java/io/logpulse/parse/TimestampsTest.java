package io.logpulse.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    private static final DateTimeFormatter LOG_STYLE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private static long local(String s) {
        byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.ISO_8859_1);
        return Timestamps.parseLocalTime(b, 2, b.length - 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "31/Jan/2025:03:07:33 +0900", "31/Jan/2025:23:59:59 -0500", "01/Feb/2025:00:00:00 +0000",
        "28/Feb/2025:23:59:59 +0000", "29/Feb/2024:12:00:00 +0530", "01/Mar/2024:00:00:00 -1200",
        "31/Dec/1999:23:59:59 +1400", "01/Jan/1970:00:00:00 +0000", "31/Dec/1969:23:59:59 +0000",
        "29/Feb/2000:00:00:00 +0000", "15/Jun/2038:04:14:08 +0100", "01/Jan/0001:00:00:00 +0000",
        "31/Dec/9999:23:59:59 -1800", "30/Apr/2025:10:10:10 +0945", "30/Sep/2025:10:10:10 -0330",
    })
    void localTimeMatchesJavaTime(String s) {
        assertThat(local(s)).isEqualTo(ZonedDateTime.parse(s, LOG_STYLE).toInstant().toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "29/Feb/1900:00:00:00 +0000", "29/Feb/2023:00:00:00 +0000", "31/Jun/2025:00:00:00 +0000",
        "31/Jan/2025:03:07:33 +1801", "31/Jan/2025:03:07:33", "31/Jan/2025:03:07:33 +0900 ", "",
        "31-Jan-2025:03:07:33 +0900", "31/JAN/2025:03:07:33 +0900",
    })
    void invalidLocalTimes(String s) {
        assertThat(local(s)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void calendarArithmeticMatchesJavaTimeForEveryDayOfFourDigitYears() {
        for (java.time.LocalDate d = java.time.LocalDate.of(1, 1, 1); d.getYear() <= 9999; d = d.plusDays(1)) {
            if (CivilTime.daysFromCivil(d.getYear(), d.getMonthValue(), d.getDayOfMonth()) != d.toEpochDay()
                    || CivilTime.daysInMonth(d.getYear(), d.getMonthValue()) != d.lengthOfMonth()) {
                throw new AssertionError("calendar arithmetic differs from java.time on " + d);
            }
        }
    }

    @Test
    void leapSecondIsReadAsTheSecondBefore() {
        assertThat(local("31/Dec/2016:23:59:60 +0000")).isEqualTo(local("31/Dec/2016:23:59:59 +0000"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2025-01-31T03:07:33+09:00          | 2025-01-31T03:07:33+09:00",
        "2025-01-31T03:07:33Z               | 2025-01-31T03:07:33Z",
        "2025-01-31T03:07:33.250Z           | 2025-01-31T03:07:33.250Z",
        "2025-01-31T03:07:33.123456789-05:00 | 2025-01-31T03:07:33.123456789-05:00",
        "2025-01-31 03:07:33+09:00          | 2025-01-31T03:07:33+09:00",
        "  2025-01-31T03:07:33z             | 2025-01-31T03:07:33Z",
        "31/Jan/2025:03:07:33 +0900         | 2025-01-31T03:07:33+09:00",
        "[31/Jan/2025:03:07:33 +0900]       | 2025-01-31T03:07:33+09:00",
        "[ 31/Jan/2025:03:07:33 -0500 ]     | 2025-01-31T03:07:33-05:00",
        "31/jan/2025:03:07:33 +0000         | 2025-01-31T03:07:33Z",
        "01/Mar/2024:00:00:00 +0900         | 2024-03-01T00:00:00+09:00",
    })
    void userTimes(String input, String expected) {
        OffsetDateTime parsed = Timestamps.parseUserTime(input);
        OffsetDateTime want = OffsetDateTime.parse(expected);
        assertThat(parsed).isEqualTo(want);
        assertThat(parsed.getOffset()).isEqualTo(want.getOffset());
    }

    @Test
    void userTimeKeepsTheWrittenOffset() {
        assertThat(Timestamps.parseUserTime("31/Jan/2025:03:07:33 +0900").getOffset()).isEqualTo(ZoneOffset.ofHours(9));
    }

    @Test
    void userTimeErrorsSayWhatIsAccepted() {
        assertThatThrownBy(() -> Timestamps.parseUserTime("yesterday"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read time \"yesterday\": use ISO-8601 with an offset (2025-01-31T03:07:33+09:00 or "
                        + "2025-01-31T03:07:33Z) or the access-log style 31/Jan/2025:03:07:33 +0900");
        assertThatThrownBy(() -> Timestamps.parseUserTime(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("No time given: use ISO-8601");
        assertThatThrownBy(() -> Timestamps.parseUserTime(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("No time given");
        assertThatThrownBy(() -> Timestamps.parseUserTime("2025-01-31T03:07:33"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Time \"2025-01-31T03:07:33\" has no UTC offset, so it is ambiguous: add one, e.g. "
                        + "2025-01-31T03:07:33Z or +09:00");
        assertThatThrownBy(() -> Timestamps.parseUserTime("2025-01-31"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no UTC offset").hasMessageContaining("2025-01-31T00:00:00Z");
        assertThatThrownBy(() -> Timestamps.parseUserTime("2025-02-30T03:07:33Z"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Cannot read time");
        assertThatThrownBy(() -> Timestamps.parseUserTime("30/Feb/2025:03:07:33 +0900"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read time \"30/Feb/2025:03:07:33 +0900\": not a real date, time and UTC offset "
                        + "(expected e.g. 31/Jan/2025:03:07:33 +0900)");
        assertThatThrownBy(() -> Timestamps.parseUserTime("31/Jan/2025:03:07:33"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Cannot read time");
    }
}
