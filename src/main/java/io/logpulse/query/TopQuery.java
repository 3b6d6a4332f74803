package io.logpulse.query;

import io.logpulse.model.SlotCounts;
import io.logpulse.store.TrafficReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Client addresses by requests in a time range, highest first, ties by address.
 *
 * <p>Blocks wholly inside the range count whole; of the (at most two) blocks cut by its edges only
 * the windows inside the range count. A range that does not fall on window edges cannot be
 * answered exactly from windows: it is widened to whole windows, and the answer says so.
 */
public final class TopQuery {

    /** The answer, with the range it really covers. */
    public record Answer(TimeRange requested, TimeRange covered, long windowMillis, long totalRequests,
            List<GroupTotals> rows) {

        public boolean widened() {
            return !requested.equals(covered);
        }
    }

    private final TrafficReader reader;

    public TopQuery(TrafficReader reader) {
        this.reader = reader;
    }

    /** {@code from}/{@code to} null means from the first or to the last stored window. */
    public Answer top(Instant from, Instant to, ZoneOffset displayOffset, int limit) {
        StoredWindows stored = StoredWindows.of(reader, from, to, displayOffset);
        long window = stored.windowMillis();
        long block = window * SlotCounts.SLOTS;
        TimeRange requested = stored.requested();
        TimeRange covered = stored.covered();
        ValueCounts totals = sum(covered, block);
        return new Answer(requested, covered, window, totals.totalRequests(), totals.top(limit));
    }

    private ValueCounts sum(TimeRange range, long block) {
        long window = block / SlotCounts.SLOTS;
        var totals = new ValueCounts();
        BlockRanges.cut(range.fromMillis(), range.toMillis(), window, new BlockRanges.Visitor() {
            @Override
            public void wholeBlocks(long fromBlock, long toBlock) {
                reader.eachAddressTotal(fromBlock, toBlock, (packed, start, length, counts, at) ->
                        totals.add(packed, start, start + length, counts, at));
            }

            @Override
            public void partOfBlock(long blockStart, int fromSlot, int toSlot) {
                reader.eachCell(blockStart, blockStart + block, rowStart -> (packed, start, length, slot, counts, at) -> {
                    if (slot >= fromSlot && slot < toSlot) {
                        totals.add(packed, start, start + length, counts, at);
                    }
                });
            }
        });
        return totals;
    }
}
