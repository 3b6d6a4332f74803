package io.logpulse.pipeline;

import io.logpulse.model.SlotCodec;
import io.logpulse.model.SlotCounts;
import io.logpulse.model.TrafficBlock;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns a block's counts into the immutable row the store writes, whole. */
final class BlockOutput extends ProcessWindowFunction<SlotCounts, TrafficBlock, CellKey, TimeWindow> {

    @Override
    public void process(CellKey key, Context context, Iterable<SlotCounts> results, Collector<TrafficBlock> out) {
        for (SlotCounts counts : results) {
            out.collect(new TrafficBlock(key.generation(), key.ip(), context.window().getStart(),
                    counts.total(0), counts.total(1), counts.total(2), counts.total(3), counts.total(4),
                    counts.total(5), SlotCodec.encode(counts)));
        }
    }
}
