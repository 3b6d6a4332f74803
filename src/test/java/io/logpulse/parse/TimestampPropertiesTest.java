package io.logpulse.parse;

import static io.logpulse.testing.Draw.intBetween;
import static io.logpulse.testing.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.testing.Tries;
import io.logpulse.testing.Tries.Case;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Timestamp reading checked against java.time over generated instants, offsets and dates. Every property
 * runs a fixed number of tries from a fixed seed (see {@link Tries}); generators put extra weight on the
 * ends of each range and on the values calendar code gets wrong.
 */
class TimestampPropertiesTest {
    private static final DateTimeFormatter LOG_STYLE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    /** 0001-01-02 .. 9999-12-30, so that any offset keeps the local date within four-digit years. */
    private static final long FIRST = -62_135_510_400L;
    private static final long LAST = 253_402_128_000L;

    @Test
    void localTimeAgreesWithJavaTime() {
        forAll(10_000, 0x71AE_0001L, random -> {
            long epochSecond = longBetween(random, FIRST, LAST);
            ZoneOffset offset = offset(random);
            return new Case(() -> "epochSecond=" + epochSecond + " offset=" + offset, () -> {
                String text = OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), offset).format(LOG_STYLE);
                byte[] b = text.getBytes(StandardCharsets.US_ASCII);

                assertThat(Timestamps.parseLocalTime(b, 0, b.length)).as(text).isEqualTo(epochSecond * 1000);
                assertThat(CivilTime.localOffsetSeconds(b, 0)).as(text).isEqualTo(offset.getTotalSeconds());
                assertThat(Timestamps.parseUserTime(text).toInstant()).as(text).isEqualTo(Instant.ofEpochSecond(epochSecond));
            });
        });
    }

    @Test
    void isoTimeAgreesWithJavaTime() {
        forAll(10_000, 0x71AE_0002L, random -> {
            long epochSecond = longBetween(random, FIRST, LAST);
            int millis = millis(random);
            ZoneOffset offset = offset(random);
            return new Case(() -> "epochSecond=" + epochSecond + " millis=" + millis + " offset=" + offset, () -> {
                OffsetDateTime time = OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond, millis * 1_000_000L), offset);
                for (String text : List.of(time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                        time.withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))) {
                    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
                    long expected = time.withNano(text.contains(".") ? time.getNano() : 0).toInstant().toEpochMilli();
                    assertThat(CivilTime.parseIso(b, 0, b.length)).as(text).isEqualTo(expected);
                }
            });
        });
    }

    @Test
    void daysFromCivilAgreesWithJavaTime() {
        forAll(10_000, 0x71AE_0003L, random -> {
            int year = year(random);
            int month = intBetween(random, 1, 12);
            int day = intBetween(random, 1, 31);
            return new Case(() -> "year=" + year + " month=" + month + " day=" + day, () -> {
                int d = Math.min(day, CivilTime.daysInMonth(year, month));
                assertThat(CivilTime.daysFromCivil(year, month, d)).as("%d-%d-%d", year, month, d)
                        .isEqualTo(LocalDate.of(year, month, d).toEpochDay());
                assertThat(CivilTime.daysInMonth(year, month)).as("%d-%d", year, month)
                        .isEqualTo(LocalDate.of(year, month, 1).lengthOfMonth());
            });
        });
    }

    /** Lines arrive a few seconds apart, sometimes with a changed offset: the minute cache must never go stale. */
    @Test
    void cachedMinuteNeverGoesStale() {
        forAll(3_000, 0x71AE_0004L, random -> {
            long start = longBetween(random, 946_684_800L, 4_102_444_800L);
            List<Integer> steps = steps(random);
            List<ZoneOffset> offsets = offsets(random);
            return new Case(() -> "start=" + start + " steps=" + steps + " offsets=" + offsets, () -> {
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
            });
        });
    }

    // Generators. Each draws only from the domain its property names, with extra weight on edge values.

    /** min..max: the ends and their neighbours, small distances from either end, or uniform. */
    private static long longBetween(Random random, long min, long max) {
        return switch (random.nextInt(16)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> min + 1;
            case 3 -> max - 1;
            case 4, 5 -> Math.min(max, min + (random.nextLong() >>> random.nextInt(1, 64)));
            case 6, 7 -> Math.max(min, max - (random.nextLong() >>> random.nextInt(1, 64)));
            default -> random.nextLong(min, max + 1);
        };
    }

    private static final int[] MILLIS = {0, 1, 9, 10, 99, 100, 120, 123, 500, 900, 990, 999};

    /** 0..999, often with trailing zeros, which ISO-8601 printing drops. */
    private static int millis(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> MILLIS[random.nextInt(MILLIS.length)];
            case 1 -> random.nextInt(10) * 100;
            case 2 -> random.nextInt(100) * 10;
            default -> random.nextInt(1000);
        };
    }

    private static final int[] YEARS = {-20_000, 20_000, -19_999, 19_999, -1, 0, 1, 4, -4, 100, -100, 400, -400, 1600,
            1900, 1969, 1970, 2000, 2100, 9999, 10_000};

    /** -20000..20000, often a leap-rule edge (multiples of 4, 100 and 400, and their neighbours). */
    private static int year(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> YEARS[random.nextInt(YEARS.length)];
            case 1 -> random.nextInt(-50, 51) * 400 + random.nextInt(-1, 2);
            case 2 -> random.nextInt(-200, 201) * 100 + random.nextInt(-1, 2);
            case 3 -> random.nextInt(-5000, 5001) * 4;
            default -> random.nextInt(-20_000, 20_001);
        };
    }

    private static final List<ZoneOffset> COMMON_OFFSETS = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(9),
            ZoneOffset.ofHours(-5), ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHoursMinutes(-3, -30),
            ZoneOffset.ofHours(14), ZoneOffset.ofHours(-12), ZoneOffset.ofHours(18), ZoneOffset.ofHours(-18));

    /** Any whole minute from -18:00 to +18:00, or an offset in use. */
    private static ZoneOffset offset(Random random) {
        return random.nextBoolean()
                ? ZoneOffset.ofTotalSeconds(intBetween(random, -18 * 60, 18 * 60) * 60)
                : COMMON_OFFSETS.get(random.nextInt(COMMON_OFFSETS.size()));
    }

    /**
     * One to three offsets; in a third of the tries they are neighbours (a minute or an hour apart, or equal),
     * so that the local minute written can stay the same while the offset changes.
     */
    private static List<ZoneOffset> offsets(Random random) {
        int size = intBetween(random, 1, 3);
        List<ZoneOffset> offsets = new ArrayList<>(size);
        offsets.add(offset(random));
        boolean neighbours = random.nextInt(3) == 0;
        int[] deltas = {-3600, -60, 0, 60, 3600};
        while (offsets.size() < size) {
            if (neighbours) {
                int seconds = offsets.get(0).getTotalSeconds() + deltas[random.nextInt(deltas.length)];
                offsets.add(ZoneOffset.ofTotalSeconds(Math.max(-18 * 3600, Math.min(18 * 3600, seconds))));
            } else {
                offsets.add(offset(random));
            }
        }
        return offsets;
    }

    /** One to sixty steps of -5..90 seconds, often small ones that stay within the minute. */
    private static List<Integer> steps(Random random) {
        int size = switch (random.nextInt(10)) {
            case 0 -> 1;
            case 1 -> 60;
            default -> random.nextInt(1, 61);
        };
        List<Integer> steps = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            steps.add(random.nextInt(3) == 0 ? random.nextInt(-5, 6) : intBetween(random, -5, 90));
        }
        return steps;
    }
}
