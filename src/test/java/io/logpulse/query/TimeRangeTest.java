package io.logpulse.query;

import static io.logpulse.testing.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.testing.Tries.Case;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TimeRange#alignedTo}: the smallest range of whole windows that holds the range; and
 * {@link TimeRange#orStored}: the ends not given come from the store.
 */
class TimeRangeTest {

    private static final ZoneOffset JST = ZoneOffset.ofHours(9);

    @Test
    void endsNotGivenComeFromTheStoreAndAnEmptyRangeSaysWhatIsStored() {
        long storedFrom = Instant.parse("2025-01-31T00:00:00Z").toEpochMilli();
        long storedTo = Instant.parse("2025-02-01T00:00:00Z").toEpochMilli();
        Instant noon = Instant.parse("2025-01-31T12:00:00Z");
        assertThat(TimeRange.orStored(null, null, storedFrom, storedTo, JST, "requests"))
                .isEqualTo(new TimeRange(Instant.ofEpochMilli(storedFrom), Instant.ofEpochMilli(storedTo), JST));
        assertThat(TimeRange.orStored(noon, null, storedFrom, storedTo, JST, "requests"))
                .isEqualTo(new TimeRange(noon, Instant.ofEpochMilli(storedTo), JST));
        assertThat(TimeRange.orStored(null, noon, storedFrom, storedTo, JST, "requests"))
                .isEqualTo(new TimeRange(Instant.ofEpochMilli(storedFrom), noon, JST));
        assertThatThrownBy(() -> TimeRange.orStored(Instant.parse("2025-02-02T00:00:00Z"), null, storedFrom, storedTo, JST,
                "requests")).isInstanceOf(QueryException.class).hasMessage("the range [2025-02-02T09:00+09:00, "
                        + "2025-02-01T09:00+09:00) is empty: the stored requests span [2025-01-31T09:00+09:00, 2025-02-01T09:00+09:00)");
    }

    @Test
    void widensToTheNearestWindowEdgesAndNoFurther() {
        forAll(2000, 0x71AE_4A01L, random -> {
            // In one try in three each: from on a window edge, the length whole windows; so both ends
            // fall on window edges often enough to check that an aligned range stays as it is.
            long window = window(random);
            long from = onAWindowEdgeAtTimes(random, longBetween(random, -4_000_000_000_000L, 4_000_000_000_000L),
                    window, -4_000_000_000_000L);
            long length = random.nextInt(3) == 0 ? window * longBetween(random, 1, 10_000_000_000L / window)
                    : longBetween(random, 1, 10_000_000_000L);
            return new Case(() -> "from=" + from + " length=" + length + " window=" + window,
                    () -> checkWidening(from, length, window));
        });
    }

    private static void checkWidening(long from, long length, long window) {
        long to = from + length;
        var range = new TimeRange(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), JST);
        TimeRange aligned = range.alignedTo(window);

        // Independently: the window edge at or before from, the window edge at or after to.
        long expectedFrom = from - Math.floorMod(from, window);
        long expectedTo = Math.floorMod(to, window) == 0 ? to : to + window - Math.floorMod(to, window);
        assertThat(aligned.fromMillis()).isEqualTo(expectedFrom);
        assertThat(aligned.toMillis()).isEqualTo(expectedTo);
        assertThat(aligned.fromMillis()).isLessThanOrEqualTo(from).isGreaterThan(from - window);
        assertThat(aligned.toMillis()).isGreaterThanOrEqualTo(to).isLessThan(to + window);
        assertThat(aligned.displayOffset()).isEqualTo(JST);
        assertThat(aligned.alignedTo(window)).as("aligning twice changes nothing").isEqualTo(aligned);
        assertThat(aligned.equals(range)).as("unchanged exactly when both ends are on window edges")
                .isEqualTo(Math.floorMod(from, window) == 0 && Math.floorMod(to, window) == 0);
    }

    @Test
    void examplesInTheLogsOwnClock() {
        var range = new TimeRange(OffsetDateTime.parse("2025-01-31T23:30:10+09:00").toInstant(),
                OffsetDateTime.parse("2025-02-01T00:30:45+09:00").toInstant(), JST);
        TimeRange aligned = range.alignedTo(60_000);
        assertThat(aligned.from()).isEqualTo(OffsetDateTime.parse("2025-01-31T23:30:00+09:00").toInstant());
        assertThat(aligned.to()).isEqualTo(OffsetDateTime.parse("2025-02-01T00:31:00+09:00").toInstant());
        assertThat(aligned.show(aligned.from())).isEqualTo("2025-01-31T23:30+09:00");

        var fiveMinutes = range.alignedTo(300_000);
        assertThat(fiveMinutes.from()).isEqualTo(OffsetDateTime.parse("2025-01-31T23:30:00+09:00").toInstant());
        assertThat(fiveMinutes.to()).isEqualTo(OffsetDateTime.parse("2025-02-01T00:35:00+09:00").toInstant());
    }

    @Test
    void beforeTheEpochRoundsDownNotTowardsZero() {
        Instant from = Instant.parse("1969-12-31T23:59:30.5Z");
        var aligned = new TimeRange(from, from.plusSeconds(1), ZoneOffset.UTC).alignedTo(60_000);
        assertThat(aligned.from()).isEqualTo(Instant.parse("1969-12-31T23:59:00Z"));
        assertThat(aligned.to()).isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
    }

    @Test
    void anAlignedRangeStaysAsItIs() {
        Instant from = Instant.parse("2025-01-31T14:45:00Z");
        var range = new TimeRange(from, from.plus(90, ChronoUnit.MINUTES), ZoneOffset.UTC);
        assertThat(range.alignedTo(60_000)).isEqualTo(range);
    }

    @Test
    void anEmptyOrBackwardRangeIsRefused() {
        Instant t = Instant.parse("2025-01-31T14:45:00Z");
        assertThatThrownBy(() -> new TimeRange(t, t, JST)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeRange(t, t.minusMillis(1), JST)).isInstanceOf(IllegalArgumentException.class);
    }

    // Generators, with extra weight on the edges of their ranges.

    private static final long[] COMMON_WINDOWS = {1L, 1_000L, 10_000L, 30_000L, 60_000L, 300_000L, 900_000L, 3_600_000L};

    /** A window length: half the time a common one, else any from 1 ms to a day. */
    private static long window(Random random) {
        return random.nextBoolean() ? COMMON_WINDOWS[random.nextInt(COMMON_WINDOWS.length)]
                : longBetween(random, 1, 86_400_000L);
    }

    /** The value, or in one try in three the window edge at or before it (the next edge if that is below min). */
    private static long onAWindowEdgeAtTimes(Random random, long value, long window, long min) {
        if (random.nextInt(3) != 0) {
            return value;
        }
        long edge = value - Math.floorMod(value, window);
        return edge < min ? edge + window : edge;
    }

    /** min..max: the ends and their neighbours, 0 and its neighbours if in range, small distances from either end, or uniform. */
    private static long longBetween(Random random, long min, long max) {
        return switch (random.nextInt(16)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> min + 1;
            case 3 -> max - 1;
            case 4 -> Math.max(min, Math.min(max, random.nextLong(-1, 2)));
            case 5, 6 -> Math.min(max, min + (random.nextLong() >>> random.nextInt(1, 64)));
            case 7 -> Math.max(min, max - (random.nextLong() >>> random.nextInt(1, 64)));
            default -> random.nextLong(min, max + 1);
        };
    }
}
