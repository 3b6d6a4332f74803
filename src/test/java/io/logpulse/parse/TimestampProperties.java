package io.logpulse.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class TimestampProperties {
    private static final DateTimeFormatter LOG_STYLE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    /** 0001-01-02 .. 9999-12-30, so that any offset keeps the local date within four-digit years. */
    private static final long FIRST = -62_135_510_400L;
    private static final long LAST = 253_402_128_000L;

    @Property(tries = 3000)
    void localTimeAgreesWithJavaTime(@ForAll @LongRange(min = FIRST, max = LAST) long epochSecond,
                                     @ForAll("offsets") ZoneOffset offset) {
        String text = OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), offset).format(LOG_STYLE);
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);

        assertThat(Timestamps.parseLocalTime(b, 0, b.length)).as(text).isEqualTo(epochSecond * 1000);
        assertThat(CivilTime.localOffsetSeconds(b, 0)).isEqualTo(offset.getTotalSeconds());
        assertThat(Timestamps.parseUserTime(text).toInstant()).isEqualTo(Instant.ofEpochSecond(epochSecond));
    }

    @Property(tries = 2000)
    void isoTimeAgreesWithJavaTime(@ForAll @LongRange(min = FIRST, max = LAST) long epochSecond,
                                   @ForAll @IntRange(min = 0, max = 999) int millis,
                                   @ForAll("offsets") ZoneOffset offset) {
        OffsetDateTime time = OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond, millis * 1_000_000L), offset);
        for (String text : List.of(time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                time.withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            long expected = time.withNano(text.contains(".") ? time.getNano() : 0).toInstant().toEpochMilli();
            assertThat(CivilTime.parseIso(b, 0, b.length)).as(text).isEqualTo(expected);
        }
    }

    @Property(tries = 2000)
    void daysFromCivilAgreesWithJavaTime(@ForAll @IntRange(min = -20_000, max = 20_000) int year,
                                         @ForAll @IntRange(min = 1, max = 12) int month,
                                         @ForAll @IntRange(min = 1, max = 31) int day) {
        int d = Math.min(day, CivilTime.daysInMonth(year, month));
        assertThat(CivilTime.daysFromCivil(year, month, d)).isEqualTo(LocalDate.of(year, month, d).toEpochDay());
        assertThat(CivilTime.daysInMonth(year, month)).isEqualTo(LocalDate.of(year, month, 1).lengthOfMonth());
    }

    /** Lines arrive a few seconds apart, sometimes with a changed offset: the minute cache must never go stale. */
    @Property(tries = 300)
    void cachedMinuteNeverGoesStale(@ForAll @LongRange(min = 946_684_800L, max = 4_102_444_800L) long start,
                                    @ForAll @Size(min = 1, max = 60) List<@IntRange(min = -5, max = 90) Integer> steps,
                                    @ForAll @Size(min = 1, max = 3) List<@net.jqwik.api.From("offsets") ZoneOffset> offsets) {
        LineParser parser = new LineParser(LogFormat.resolve("common"));
        ParsedLine out = new ParsedLine();
        long second = start;
        for (int i = 0; i < steps.size(); i++) {
            second += steps.get(i);
            ZoneOffset offset = offsets.get(i % offsets.size());
            String time = OffsetDateTime.ofInstant(Instant.ofEpochSecond(second), offset).format(LOG_STYLE);
            byte[] line = ("10.0.0.1 - - [" + time + "] \"GET / HTTP/1.1\" 200 1").getBytes(StandardCharsets.US_ASCII);

            assertThat(parser.parse(line, 0, line.length, out)).as(time).isTrue();
            assertThat(out.epochMillis()).as(time).isEqualTo(second * 1000);
            assertThat(out.utcOffsetSeconds()).as(time).isEqualTo(offset.getTotalSeconds());
        }
    }

    @Provide
    Arbitrary<ZoneOffset> offsets() {
        Arbitrary<ZoneOffset> anyMinute = Arbitraries.integers().between(-18 * 60, 18 * 60)
                .map(minutes -> ZoneOffset.ofTotalSeconds(minutes * 60));
        Arbitrary<ZoneOffset> common = Arbitraries.of(ZoneOffset.UTC, ZoneOffset.ofHours(9), ZoneOffset.ofHours(-5),
                ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHoursMinutes(-3, -30), ZoneOffset.ofHours(14),
                ZoneOffset.ofHours(-12), ZoneOffset.ofHours(18), ZoneOffset.ofHours(-18));
        return Arbitraries.oneOf(anyMinute, common);
    }
}
