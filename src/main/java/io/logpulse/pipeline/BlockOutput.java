package io.logpulse.pipeline;

import io.logpulse.model.BlockAccumulator;
import io.logpulse.model.BlockCodec;
import io.logpulse.model.TrafficBlock;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns a block's counts into the immutable row the store writes, whole. */
final class BlockOutput extends ProcessWindowFunction<BlockAccumulator, TrafficBlock, CellKey, TimeWindow> {

    @Override
    public void process(CellKey key, Context context, Iterable<BlockAccumulator> results, Collector<TrafficBlock> out) {
        for (BlockAccumulator accumulator : results) {
            out.collect(BlockCodec.block(key.generation(), key.shard(), context.window().getStart(), accumulator));
        }
    }
}
