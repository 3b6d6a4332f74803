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
            List<AddressTotals> rows) {

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
        long window = reader.windowMillis().orElseThrow(() -> new QueryException("the database holds no traffic yet"));
        long block = window * SlotCounts.SLOTS;
        var span = reader.span().orElseThrow(() -> new QueryException("the database holds no traffic yet"));
        Instant start = from != null ? from : Instant.ofEpochMilli(span.firstBlock());
        Instant end = to != null ? to : Instant.ofEpochMilli(span.lastBlock() + block);
        if (!start.isBefore(end)) {
            throw new QueryException("the range [" + start.atOffset(displayOffset) + ", " + end.atOffset(displayOffset)
                    + ") is empty: the stored traffic spans [" + Instant.ofEpochMilli(span.firstBlock()).atOffset(displayOffset)
                    + ", " + Instant.ofEpochMilli(span.lastBlock() + block).atOffset(displayOffset) + ")");
        }
        var requested = new TimeRange(start, end, displayOffset);
        TimeRange covered = requested.alignedTo(window);
        AddressTable totals = sum(covered, block);
        return new Answer(requested, covered, window, totals.totalRequests(), totals.top(limit));
    }

    private AddressTable sum(TimeRange range, long block) {
        long window = block / SlotCounts.SLOTS;
        var totals = new AddressTable();
        BlockRanges.cut(range.fromMillis(), range.toMillis(), window, new BlockRanges.Visitor() {
            @Override
            public void wholeBlocks(long fromBlock, long toBlock) {
                reader.eachAddressTotal(fromBlock, toBlock, totals::add);
            }

            @Override
            public void partOfBlock(long blockStart, int fromSlot, int toSlot) {
                reader.eachCell(blockStart, blockStart + block, (start, ip, slot, counts, at) -> {
                    if (slot >= fromSlot && slot < toSlot) {
                        totals.add(ip, counts, at);
                    }
                });
            }
        });
        return totals;
    }
}
