package io.logpulse.pipeline;

import io.logpulse.model.GenerationProgress;
import io.logpulse.model.SlotCounts;
import io.logpulse.model.TrafficBlock;
import io.logpulse.model.WindowCell;
import io.logpulse.store.ProgressSink;
import io.logpulse.store.TrafficSink;
import io.logpulse.tail.TailSource;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The logpulse data path as one Flink job:
 * <pre>
 * tail (chunks) → parse + count per (ip, window) → keyBy (generation, ip) → block windows → H2
 *                                    └→ progress and rejects → keyBy generation → totals → H2
 * </pre>
 * Counting per chunk before the keyed exchange is what makes it fast: the exchange carries one
 * record per client and window of a chunk, not one per line.
 */
public final class TrafficJob {

    static final int CHUNK_BYTES = 1024 * 1024;
    static final int BATCH_ROWS = 20_000;
    static final long LIVE_WRITE_DELAY_MILLIS = 1_000;

    private static final TypeInformation<Either<GenerationProgress, WindowCell>> DECODED =
            new EitherTypeInfo<>(TypeInformation.of(GenerationProgress.class), TypeInformation.of(WindowCell.class));
    private static final OutputTag<GenerationProgress> PROGRESS =
            new OutputTag<>("progress", TypeInformation.of(GenerationProgress.class));
    private static final OutputTag<WindowCell> LATE = new OutputTag<>("late", TypeInformation.of(WindowCell.class));

    private TrafficJob() {
    }

    public static JobExecutionResult run(JobSpec spec) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(spec));
        build(env, spec);
        return env.execute("logpulse " + (spec.follow() ? "run" : "ingest"));
    }

    static Configuration configuration(JobSpec spec) {
        var conf = new Configuration();
        // Records are never changed after they are emitted, so chained operators may share them.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // Every record type has a proper serializer; falling back to Kryo would be a silent slowdown.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (spec.parallelism() > 0) {
            conf.set(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM, spec.parallelism());
        }
        return conf;
    }

    static void build(StreamExecutionEnvironment env, JobSpec spec) {
        long windowMillis = spec.window().toMillis();
        var source = new TailSource<>(sourceSettings(spec), spec.files(), () -> new ChunkAggregator(windowMillis), DECODED);
        WatermarkStrategy<Either<GenerationProgress, WindowCell>> watermarks =
                WatermarkStrategy.forBoundedOutOfOrderness(spec.outOfOrderness());

        SingleOutputStreamOperator<WindowCell> cells = env
                .fromSource(source, watermarks, "tail")
                .process(new SplitProgress())
                .name("parse and count");

        SingleOutputStreamOperator<TrafficBlock> blocks = cells
                .keyBy(cell -> new CellKey(cell.generation(), cell.ip()), TypeInformation.of(CellKey.class))
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(windowMillis * SlotCounts.SLOTS)))
                .sideOutputLateData(LATE)
                .aggregate(new SlotAggregate(windowMillis), new BlockOutput(),
                        TypeInformation.of(SlotCounts.class), TypeInformation.of(SlotCounts.class),
                        TypeInformation.of(TrafficBlock.class))
                .name("windows per address");

        long writeDelay = spec.follow() ? LIVE_WRITE_DELAY_MILLIS : Long.MAX_VALUE;
        blocks.sinkTo(new TrafficSink(spec.database(), BATCH_ROWS, writeDelay)).name("store traffic");

        DataStream<GenerationProgress> late = blocks.getSideOutput(LATE)
                .map(cell -> ProgressTotals.late(cell.generation(), cell.requests()))
                .returns(GenerationProgress.class);
        cells.getSideOutput(PROGRESS)
                .union(late)
                .keyBy(GenerationProgress::generation, TypeInformation.of(Long.class))
                .process(new ProgressTotals())
                .name("progress per file")
                .sinkTo(new ProgressSink(spec.database(), writeDelay)).name("store progress");
    }

    private static TailSource.Settings sourceSettings(JobSpec spec) {
        return spec.follow()
                ? TailSource.Settings.following(CHUNK_BYTES, 100, 1_000)
                : TailSource.Settings.bounded(CHUNK_BYTES);
    }

    /** Sends window cells on and progress reports to their side output. */
    private static final class SplitProgress extends ProcessFunction<Either<GenerationProgress, WindowCell>, WindowCell> {
        @Override
        public void processElement(Either<GenerationProgress, WindowCell> record, Context context, Collector<WindowCell> out) {
            if (record.isRight()) {
                out.collect(record.right());
            } else {
                context.output(PROGRESS, record.left());
            }
        }
    }
}
