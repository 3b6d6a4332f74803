package io.logpulse.query;

import static io.logpulse.testing.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.testing.Tries.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * How a window-aligned range is cut into whole blocks (summed in bulk) and the windows of the
 * blocks at its edges: together they must be exactly the range's windows, each once.
 */
class BlockRangesTest {

    private static final long[] WINDOWS = {1_000, 60_000, 300_000, 3_600_000, 7};

    @Test
    void thePiecesAreExactlyTheRangesWindowsEachOnce() {
        forAll(2000, 0xB10C_0001L, random -> {
            long fromWindow = fromWindow(random);
            int windows = windows(random);
            int windowChoice = random.nextInt(WINDOWS.length);
            return new Case(() -> "fromWindow=" + fromWindow + " windows=" + windows + " windowChoice=" + windowChoice
                    + " (window " + WINDOWS[windowChoice] + " ms)",
                    () -> checkPieces(fromWindow, windows, windowChoice));
        });
    }

    private static void checkPieces(long fromWindow, int windows, int windowChoice) {
        long window = WINDOWS[windowChoice];
        long from = fromWindow * window;
        long to = from + windows * window;
        long block = BlockRanges.blockMillis(window);

        List<Long> covered = new ArrayList<>();
        List<String> order = new ArrayList<>();
        BlockRanges.cut(from, to, window, new BlockRanges.Visitor() {
            @Override
            public void wholeBlocks(long fromBlock, long toBlock) {
                order.add("whole");
                assertThat(Math.floorMod(fromBlock, block)).isZero();
                assertThat(Math.floorMod(toBlock, block)).isZero();
                assertThat(fromBlock).isLessThan(toBlock);
                for (long b = fromBlock; b < toBlock; b += block) {
                    for (int slot = 0; slot < 60; slot++) {
                        covered.add(b + slot * window);
                    }
                }
            }

            @Override
            public void partOfBlock(long blockStart, int fromSlot, int toSlot) {
                order.add("part");
                assertThat(Math.floorMod(blockStart, block)).isZero();
                assertThat(fromSlot).isBetween(0, 59);
                assertThat(toSlot).isBetween(fromSlot + 1, 60);
                for (int slot = fromSlot; slot < toSlot; slot++) {
                    covered.add(blockStart + slot * window);
                }
            }
        });
        assertThat(covered).containsExactlyInAnyOrderElementsOf(
                LongStream.range(0, windows).mapToObj(i -> from + i * window).toList());
        assertThat(order.stream().filter("whole"::equals).count()).as("whole blocks in one piece").isLessThanOrEqualTo(1);
        assertThat(order.stream().filter("part"::equals).count()).as("at most the two edge blocks").isLessThanOrEqualTo(2);
    }

    // Generators, with extra weight on the edges of their ranges and on block edges (every 60 windows).

    /** -20000..20000: the ends, 0, near a block edge, or uniform. */
    private static long fromWindow(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> random.nextBoolean() ? -20_000 : 20_000;
            case 1 -> random.nextInt(-1, 2);
            case 2, 3 -> Math.max(-20_000, Math.min(20_000, 60L * random.nextInt(-334, 335) + random.nextInt(-2, 3)));
            default -> random.nextLong(-20_000, 20_001);
        };
    }

    /** 1..400: the ends, around one or two blocks, small, or uniform. */
    private static int windows(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> random.nextBoolean() ? 1 : 400;
            case 1 -> 60 * random.nextInt(1, 3) + random.nextInt(-2, 3);
            case 2 -> random.nextInt(1, 11);
            default -> random.nextInt(1, 401);
        };
    }
}
