package io.logpulse.pipeline;

import io.logpulse.model.GenerationProgress;
import io.logpulse.model.SlotCounts;
import io.logpulse.model.TrafficBlock;
import io.logpulse.model.BlockAccumulator;
import io.logpulse.model.CellBatch;
import io.logpulse.model.RequestSegment;
import io.logpulse.store.DatabaseLocation;
import io.logpulse.store.ProgressSink;
import io.logpulse.store.RequestSink;
import io.logpulse.store.TrafficSink;
import io.logpulse.tail.TailSource;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The logpulse data path as one Flink job, the same for a bounded ingest and for following:
 * <pre>
 * tail (chunks) → parse + count per (ip, window) → keyBy (generation, shard) → block windows → H2
 *                                    ├→ progress and rejects → keyBy generation → totals → H2
 *                                    └→ request segments (the chunk's requests, by column) → H2
 * </pre>
 * Counting per chunk before the keyed exchange is what makes it fast: the exchange carries one
 * record per block and shard of a chunk, not one per line.
 */
public final class TrafficJob {

    static final int CHUNK_BYTES = 1024 * 1024;
    /** A bounded ingest reads its largest file in ranges of this size, so every core parses it. */
    static final long RANGE_BYTES = 16L * 1024 * 1024;
    static final int BATCH_ROWS = 64;
    /** A quiet file must not hold every other file's windows open. */
    static final Duration IDLE_AFTER = Duration.ofSeconds(30);
    static final long POLL_MILLIS = 100;
    static final long DISCOVERY_MILLIS = 1_000;
    /** nginx writes to a renamed log until `nginx -s reopen`; logrotate signals it right away. */
    static final long ROTATION_QUIET_MILLIS = 5_000;
    static final long PROGRESS_DELAY_MILLIS = 1_000;

    /** What a chunk turns into: cell batches on the right; progress or a request segment on the left. */
    private static final TypeInformation<Either<Either<GenerationProgress, RequestSegment>, CellBatch>> DECODED =
            new EitherTypeInfo<>(
                    new EitherTypeInfo<>(TypeInformation.of(GenerationProgress.class), TypeInformation.of(RequestSegment.class)),
                    TypeInformation.of(CellBatch.class));
    private static final OutputTag<GenerationProgress> PROGRESS =
            new OutputTag<>("progress", TypeInformation.of(GenerationProgress.class));
    private static final OutputTag<RequestSegment> SEGMENTS =
            new OutputTag<>("requests", TypeInformation.of(RequestSegment.class));
    /** Segments are ~100 KB each: a few dozen make a batch worth a transaction. */
    static final int SEGMENT_BATCH = 32;
    private static final OutputTag<CellBatch> LATE = new OutputTag<>("late", TypeInformation.of(CellBatch.class));

    private TrafficJob() {
    }

    /** Runs a bounded ingest to its end. */
    public static JobExecutionResult run(JobSpec spec) throws Exception {
        return start(spec).getJobExecutionResult().get();
    }

    /** Starts the job; a followed one resumes from its latest checkpoint or savepoint if it has one. */
    public static JobClient start(JobSpec spec) throws Exception {
        StreamExecutionEnvironment env = EmbeddedCluster.environment(
                configuration(spec.parallelism(), spec.live(), spec.database()));
        build(env, spec);
        return env.executeAsync(spec.follow() ? "logpulse run" : "logpulse ingest");
    }

    /** The job's configuration, from what the command line says: known before the job is built. */
    static Configuration configuration(int parallelism, JobSpec.Live live, DatabaseLocation database) {
        var conf = new Configuration();
        // Records are never changed after they are emitted, so chained operators may share them.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // Every record type has a proper serializer; falling back to Kryo would be a silent slowdown.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (parallelism > 0) {
            conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        }
        // The embedded cluster talks to itself only.
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        if (live != null) {
            Checkpoints checkpoints = Checkpoints.of(database);
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, live.checkpointInterval());
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.checkpointDirectory().toUri().toString());
            conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, checkpoints.savepointDirectory().toUri().toString());
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
            checkpoints.latest().map(Path::toUri).map(Object::toString)
                    .ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path));
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(5));
        } else {
            // A bounded ingest that fails says so at once, with its reason.
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        }
        return conf;
    }

    static void build(StreamExecutionEnvironment env, JobSpec spec) {
        long windowMillis = spec.window().toMillis();
        boolean keepRequests = spec.requests().enabled();
        var source = new TailSource<>(sourceSettings(spec), spec.files(),
                () -> new ChunkAggregator(windowMillis, keepRequests), DECODED);
        WatermarkStrategy<Either<Either<GenerationProgress, RequestSegment>, CellBatch>> watermarks =
                WatermarkStrategy.forBoundedOutOfOrderness(spec.outOfOrderness());
        if (spec.follow()) {
            watermarks = watermarks.withIdleness(IDLE_AFTER);
        }

        SingleOutputStreamOperator<CellBatch> batches = env
                .fromSource(source, watermarks, "tail").uid("tail")
                .process(new SplitChunkOutput()).name("parse and count").uid("parse-and-count");

        WindowedStream<CellBatch, CellKey, TimeWindow> windows = batches
                .keyBy(batch -> new CellKey(batch.generation(), batch.shard()), TypeInformation.of(CellKey.class))
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(windowMillis * SlotCounts.SLOTS)))
                .sideOutputLateData(LATE);
        if (spec.follow()) {
            windows = windows.trigger(new EarlyFiringTrigger(spec.live().freshness().toMillis() / 2));
        }
        SingleOutputStreamOperator<TrafficBlock> blocks = windows
                .aggregate(new BlockAggregate(), new BlockOutput(), TypeInformation.of(BlockAccumulator.class),
                        TypeInformation.of(BlockAccumulator.class), TypeInformation.of(TrafficBlock.class))
                .name("windows per address").uid("windows-per-address");

        long writeDelay = spec.follow() ? spec.live().freshness().toMillis() / 2 : 0;
        blocks.sinkTo(new TrafficSink(spec.database(), BATCH_ROWS, writeDelay)).name("store traffic").uid("store-traffic");
        if (keepRequests) {
            batches.getSideOutput(SEGMENTS)
                    .sinkTo(new RequestSink(spec.database(), SEGMENT_BATCH, writeDelay, spec.requests().keep()))
                    .name("store requests").uid("store-requests");
        }
        // Progress is small and shows a long backfill advancing: written every second either way.
        long progressDelay = spec.follow() ? writeDelay : PROGRESS_DELAY_MILLIS;

        DataStream<GenerationProgress> late = blocks.getSideOutput(LATE)
                .map(batch -> ProgressTotals.late(batch.generation(), batch.requests()))
                .returns(GenerationProgress.class).name("late lines").uid("late-lines");
        batches.getSideOutput(PROGRESS)
                .union(late)
                .keyBy(GenerationProgress::generation, TypeInformation.of(Long.class))
                .process(new ProgressTotals()).name("progress per file").uid("progress-per-file")
                .sinkTo(new ProgressSink(spec.database(), progressDelay)).name("store progress").uid("store-progress");
    }

    private static TailSource.Settings sourceSettings(JobSpec spec) {
        return spec.follow()
                ? TailSource.Settings.following(CHUNK_BYTES, POLL_MILLIS, DISCOVERY_MILLIS, ROTATION_QUIET_MILLIS,
                        spec.live().fromEnd())
                : TailSource.Settings.bounded(CHUNK_BYTES, RANGE_BYTES);
    }

    /** Sends cell batches on, progress reports and request segments to their side outputs. */
    private static final class SplitChunkOutput
            extends ProcessFunction<Either<Either<GenerationProgress, RequestSegment>, CellBatch>, CellBatch> {
        @Override
        public void processElement(Either<Either<GenerationProgress, RequestSegment>, CellBatch> record, Context context,
                Collector<CellBatch> out) {
            if (record.isRight()) {
                out.collect(record.right());
            } else if (record.left().isLeft()) {
                context.output(PROGRESS, record.left().left());
            } else {
                context.output(SEGMENTS, record.left().right());
            }
        }
    }
}
