package io.logpulse.pipeline;

import io.logpulse.model.BlockAccumulator;
import io.logpulse.model.CellBatch;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds cell batches into their block's per-(address, window) counts. */
final class BlockAggregate implements AggregateFunction<CellBatch, BlockAccumulator, BlockAccumulator> {

    @Override
    public BlockAccumulator createAccumulator() {
        return new BlockAccumulator();
    }

    @Override
    public BlockAccumulator add(CellBatch batch, BlockAccumulator accumulator) {
        accumulator.add(batch);
        return accumulator;
    }

    /** The accumulator itself: {@link BlockOutput} encodes it before it can change again. */
    @Override
    public BlockAccumulator getResult(BlockAccumulator accumulator) {
        return accumulator;
    }

    @Override
    public BlockAccumulator merge(BlockAccumulator a, BlockAccumulator b) {
        a.addAll(b);
        return a;
    }
}
