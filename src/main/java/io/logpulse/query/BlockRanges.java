package io.logpulse.query;

import io.logpulse.model.SlotCounts;

/**
 * Cuts a window-aligned range [from, to) into what the store can answer cheaply: the blocks wholly
 * inside it (summed by the database) and the windows of the (at most two) blocks cut by its edges
 * (unpacked window by window). Shared by every query that sums traffic over a range.
 */
public final class BlockRanges {

    /** Receives the pieces of a range, whole blocks first, then the edges. */
    public interface Visitor {

        /** Every block that starts in [fromBlock, toBlock) lies wholly inside the range. */
        void wholeBlocks(long fromBlock, long toBlock);

        /** Only the windows [fromSlot, toSlot) of the block that starts at {@code blockStart} are inside. */
        void partOfBlock(long blockStart, int fromSlot, int toSlot);
    }

    private BlockRanges() {
    }

    /** The length of a block: {@link SlotCounts#SLOTS} windows. */
    public static long blockMillis(long windowMillis) {
        return windowMillis * SlotCounts.SLOTS;
    }

    /** Visits the pieces of [from, to); both ends must fall on window edges. */
    public static void cut(long from, long to, long windowMillis, Visitor visitor) {
        long block = blockMillis(windowMillis);
        long firstWhole = -Math.floorDiv(-from, block) * block;
        long endWhole = Math.floorDiv(to, block) * block;
        if (firstWhole < endWhole) {
            visitor.wholeBlocks(firstWhole, endWhole);
            part(visitor, Math.floorDiv(from, block) * block, from, firstWhole, windowMillis);
            part(visitor, endWhole, endWhole, to, windowMillis);
        } else {
            // The whole range lies within one block, or straddles the edge of two.
            long firstBlock = Math.floorDiv(from, block) * block;
            for (long start = firstBlock; start < to; start += block) {
                part(visitor, start, Math.max(from, start), Math.min(to, start + block), windowMillis);
            }
        }
    }

    private static void part(Visitor visitor, long blockStart, long from, long to, long windowMillis) {
        if (from >= to) {
            return;
        }
        visitor.partOfBlock(blockStart, (int) ((from - blockStart) / windowMillis), (int) ((to - blockStart) / windowMillis));
    }
}
