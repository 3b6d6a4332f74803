package io.logpulse.pipeline;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires a block when the watermark passes its end, like Flink's event-time trigger, and also, while
 * it is open, at most once per {@code intervalMillis} after it changed: the open window's counts
 * reach the store within a second or two of the line being written, and a block nobody wrote to
 * is not rewritten.
 */
final class EarlyFiringTrigger extends Trigger<Object, TimeWindow> {

    private static final ValueStateDescriptor<Long> PENDING = new ValueStateDescriptor<>("early-fire-at", Long.class);

    private final long intervalMillis;

    EarlyFiringTrigger(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext context)
            throws Exception {
        if (window.maxTimestamp() <= context.getCurrentWatermark()) {
            return TriggerResult.FIRE; // a late element within allowed lateness: update the block now
        }
        context.registerEventTimeTimer(window.maxTimestamp());
        ValueState<Long> pending = context.getPartitionedState(PENDING);
        if (pending.value() == null) {
            long at = context.getCurrentProcessingTime() + intervalMillis;
            context.registerProcessingTimeTimer(at);
            pending.update(at);
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext context) throws Exception {
        context.getPartitionedState(PENDING).clear();
        return TriggerResult.FIRE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext context) throws Exception {
        if (time != window.maxTimestamp()) {
            return TriggerResult.CONTINUE;
        }
        ValueState<Long> pending = context.getPartitionedState(PENDING);
        if (pending.value() != null) {
            context.deleteProcessingTimeTimer(pending.value());
            pending.clear();
        }
        return TriggerResult.FIRE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext context) throws Exception {
        context.deleteEventTimeTimer(window.maxTimestamp());
        ValueState<Long> pending = context.getPartitionedState(PENDING);
        if (pending.value() != null) {
            context.deleteProcessingTimeTimer(pending.value());
            pending.clear();
        }
    }
}
