package io.logpulse.pipeline;

import io.logpulse.model.SlotCounts;
import io.logpulse.model.WindowCell;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds window cells into the per-window counts of their block. */
final class SlotAggregate implements AggregateFunction<WindowCell, SlotCounts, SlotCounts> {

    private final long windowMillis;

    SlotAggregate(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    @Override
    public SlotCounts createAccumulator() {
        return new SlotCounts();
    }

    @Override
    public SlotCounts add(WindowCell cell, SlotCounts counts) {
        int slot = (int) (Math.floorMod(cell.windowStart(), windowMillis * SlotCounts.SLOTS) / windowMillis);
        counts.add(cell, slot);
        return counts;
    }

    /** The accumulator itself: {@link BlockOutput} encodes it before it can change again. */
    @Override
    public SlotCounts getResult(SlotCounts counts) {
        return counts;
    }

    @Override
    public SlotCounts merge(SlotCounts a, SlotCounts b) {
        a.addAll(b);
        return a;
    }
}
