package io.logpulse.query;

import io.logpulse.model.SlotCodec;
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
 * <p>Blocks wholly inside the range are summed by the database; the (at most two) blocks cut by its
 * edges are unpacked window by window. A range that does not fall on window edges cannot be
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
        var requested = new TimeRange(
                from != null ? from : Instant.ofEpochMilli(span.firstBlock()),
                to != null ? to : Instant.ofEpochMilli(span.lastBlock() + block),
                displayOffset);
        TimeRange covered = requested.alignedTo(window);
        Map<String, AddressTotals> totals = sum(covered, block);
        List<AddressTotals> sorted = totals.values().stream()
                .sorted(Comparator.comparingLong(AddressTotals::requests).reversed().thenComparing(AddressTotals::ip))
                .toList();
        long all = sorted.stream().mapToLong(AddressTotals::requests).sum();
        return new Answer(requested, covered, window, all, sorted.subList(0, Math.min(limit, sorted.size())));
    }

    private Map<String, AddressTotals> sum(TimeRange range, long block) {
        long from = range.fromMillis();
        long to = range.toMillis();
        long firstWhole = -Math.floorDiv(-from, block) * block;
        long endWhole = Math.floorDiv(to, block) * block;
        var totals = new HashMap<String, AddressTotals>();
        if (firstWhole < endWhole) {
            reader.sumBlocks(firstWhole, endWhole, (ip, r, b, s2, s3, s4, s5) ->
                    totals.computeIfAbsent(ip, AddressTotals::new).add(r, b, s2, s3, s4, s5));
            addPart(totals, Math.floorDiv(from, block) * block, from, firstWhole, block);
            addPart(totals, endWhole, endWhole, to, block);
        } else {
            // The whole range lies within one block, or straddles the edge of two.
            long firstBlock = Math.floorDiv(from, block) * block;
            for (long start = firstBlock; start < to; start += block) {
                addPart(totals, start, Math.max(from, start), Math.min(to, start + block), block);
            }
        }
        return totals;
    }

    /** Adds the windows of the block at {@code blockStart} that lie in [from, to). */
    private void addPart(Map<String, AddressTotals> totals, long blockStart, long from, long to, long block) {
        if (from >= to) {
            return;
        }
        long window = block / SlotCounts.SLOTS;
        int fromSlot = (int) ((from - blockStart) / window);
        int toSlot = (int) ((to - blockStart) / window);
        reader.eachBlockAt(blockStart, (ip, slots) -> SlotCodec.decode(slots, (slot, r, b, s2, s3, s4, s5) -> {
            if (slot >= fromSlot && slot < toSlot) {
                totals.computeIfAbsent(ip, AddressTotals::new).add(r, b, s2, s3, s4, s5);
            }
        }));
    }
}
