package io.logpulse.query;

import io.logpulse.model.SlotCounts;
import io.logpulse.store.TrafficReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, GroupTotals> totals = sum(covered, block);
        List<GroupTotals> sorted = totals.values().stream()
                .sorted(GroupTotals.BUSIEST_FIRST)
                .toList();
        long all = sorted.stream().mapToLong(GroupTotals::requests).sum();
        return new Answer(requested, covered, window, all, sorted.subList(0, Math.min(limit, sorted.size())));
    }

    private Map<String, GroupTotals> sum(TimeRange range, long block) {
        long window = block / SlotCounts.SLOTS;
        var totals = new HashMap<String, GroupTotals>();
        BlockRanges.cut(range.fromMillis(), range.toMillis(), window, new BlockRanges.Visitor() {
            @Override
            public void wholeBlocks(long fromBlock, long toBlock) {
                reader.eachAddressTotal(fromBlock, toBlock, (ip, counts, at) ->
                        totals.computeIfAbsent(ip, GroupTotals::new).add(counts, at));
            }

            @Override
            public void partOfBlock(long blockStart, int fromSlot, int toSlot) {
                reader.eachCell(blockStart, blockStart + block, (start, ip, slot, counts, at) -> {
                    if (slot >= fromSlot && slot < toSlot) {
                        totals.computeIfAbsent(ip, GroupTotals::new).add(counts, at);
                    }
                });
            }
        });
        return totals;
    }
}
