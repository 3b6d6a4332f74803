package io.logpulse.pipeline;

import io.logpulse.model.GenerationProgress;
import io.logpulse.model.RejectCounts;
import io.logpulse.model.RejectSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sums the chunks' progress reports of each file generation (of all its ranges, when a large file
 * is read in ranges) into its running totals, kept in Flink state so that a restore continues from
 * the checkpoint instead of starting over, and emits the totals after every change (the store
 * keeps only the latest per generation).
 */
final class ProgressTotals extends KeyedProcessFunction<Long, GenerationProgress, GenerationProgress> {

    /** Rejected lines kept per generation and reason: enough to see what went wrong. */
    static final int SAMPLES_PER_REASON = 20;

    private transient ValueState<GenerationProgress> totals;

    @Override
    public void open(OpenContext context) {
        totals = getRuntimeContext().getState(new ValueStateDescriptor<>("totals", GenerationProgress.class));
    }

    @Override
    public void processElement(GenerationProgress report, Context context, Collector<GenerationProgress> out)
            throws Exception {
        GenerationProgress sum = merge(totals.value(), report);
        totals.update(sum);
        out.collect(sum);
    }

    static GenerationProgress merge(GenerationProgress total, GenerationProgress report) {
        if (total == null) {
            total = new GenerationProgress(report.generation(), null, null, null, 0, 0, RejectCounts.empty(),
                    new RejectSample[0]);
        }
        long[] rejects = Arrays.copyOf(total.rejects(), total.rejects().length);
        for (int i = 0; i < rejects.length; i++) {
            rejects[i] += report.rejects()[i];
        }
        // The first lines of the file, whatever order its ranges are read in.
        var candidates = new ArrayList<>(Arrays.asList(total.samples()));
        candidates.addAll(Arrays.asList(report.samples()));
        candidates.sort(Comparator.comparingLong(RejectSample::offset));
        var perReason = new HashMap<String, Integer>();
        var samples = new ArrayList<RejectSample>();
        for (RejectSample sample : candidates) {
            if (perReason.merge(sample.reason(), 1, Integer::sum) <= SAMPLES_PER_REASON) {
                samples.add(sample);
            }
        }
        return new GenerationProgress(total.generation(),
                report.source() != null ? report.source() : total.source(),
                report.path() != null ? report.path() : total.path(),
                report.format() != null ? report.format() : total.format(),
                total.lines() + report.lines(), total.bytes() + report.bytes(), rejects,
                samples.toArray(RejectSample[]::new));
    }

    /** A request that reached its window after the window was closed for good. */
    static GenerationProgress late(long generation, long requests) {
        long[] rejects = RejectCounts.empty();
        rejects[RejectCounts.lateIndex()] = requests;
        return new GenerationProgress(generation, null, null, null, 0, 0, rejects, new RejectSample[0]);
    }
}
