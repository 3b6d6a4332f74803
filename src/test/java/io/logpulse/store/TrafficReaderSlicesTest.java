package io.logpulse.store;

import static io.logpulse.testing.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.testing.Draw;
import io.logpulse.testing.Tries;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The slices a read-ahead cuts a block range into: they tile it, in order, each non-empty, few enough. */
class TrafficReaderSlicesTest {

    private static long end(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextBoolean() ? Long.MIN_VALUE + random.nextInt(10) : Long.MAX_VALUE - random.nextInt(10);
            case 1 -> Draw.intBetween(random, -20, 20);
            default -> 1_738_000_000_000L + random.nextLong() % 100_000_000_000L;
        };
    }

    @Test
    void slicesTileTheRangeInOrder() {
        forAll(3000, 0x511C_E5EDL, random -> {
            long from = end(random);
            long to = end(random);
            int count = Draw.intBetween(random, 1, 12);
            return new Tries.Case(() -> "[" + from + ", " + to + ") in " + count, () -> {
                List<long[]> slices = TrafficReader.slices(from, to, count);
                if (from >= to) {
                    assertThat(slices).isEmpty();
                    return;
                }
                assertThat(slices).hasSizeBetween(1, count);
                long expectedStart = from;
                for (long[] slice : slices) {
                    assertThat(slice[0]).isEqualTo(expectedStart);
                    assertThat(slice[1]).isGreaterThan(slice[0]).isLessThanOrEqualTo(to);
                    expectedStart = slice[1];
                }
                assertThat(expectedStart).isEqualTo(to);
            });
        });
    }
}
