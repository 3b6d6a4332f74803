package io.logpulse.pipeline;

import io.logpulse.store.DatabaseLocation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The embedded Flink cluster a command's job runs on, started ahead in a thread of its own. Its
 * settings come from the command line, so it can start while the main thread opens the database,
 * looks at the files and builds the job: a 1,000-line ingest's main thread was ready after 1.09 s
 * and then waited 0.54 s for the cluster to start. Under {@code flink run}, where Flink hands the
 * job an environment of its own, nothing is started ahead and the job runs there.
 */
public final class EmbeddedCluster {

    private static final String EXECUTOR = "logpulse-embedded";
    private static final int MIN_NETWORK_MB = 16;
    private static final AtomicReference<Ahead> AHEAD = new AtomicReference<>();

    /** A cluster started ahead for a job of {@code configuration}. */
    private record Ahead(Configuration configuration, StartedAhead cluster) {
    }

    private EmbeddedCluster() {
    }

    /** Starts, in the background, the cluster a job with these command-line settings will run on. */
    public static void startAhead(int parallelism, JobSpec.Live live, DatabaseLocation database) {
        if (!StreamExecutionEnvironment.areExplicitEnvironmentsAllowed()) {
            return; // under `flink run`: the job goes to Flink's cluster
        }
        Configuration configuration = local(TrafficJob.configuration(parallelism, live, database));
        var ahead = new Ahead(configuration, new StartedAhead(clusterConfiguration(configuration)));
        Ahead previous = AHEAD.getAndSet(ahead);
        if (previous != null) {
            previous.cluster().closeOnceStarted();
        }
        var thread = new Thread(ahead.cluster()::startNow, "logpulse-cluster-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops a cluster started ahead that no job took (the command failed before its job). */
    public static void discardAhead() {
        Ahead ahead = AHEAD.getAndSet(null);
        if (ahead != null) {
            ahead.cluster().closeOnceStarted();
        }
    }

    /**
     * The environment for a job of {@code configuration}: on the cluster started ahead for it if
     * there is one, else as Flink would choose (an embedded cluster started now, or Flink's own under
     * {@code flink run}). The job's end stops the cluster either way.
     */
    static StreamExecutionEnvironment environment(Configuration configuration) {
        Ahead ahead = AHEAD.getAndSet(null);
        if (ahead == null || !ahead.configuration().equals(local(configuration))) {
            if (ahead != null) {
                ahead.cluster().closeOnceStarted();
            }
            return StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        }
        var factory = new PipelineExecutorFactory() {
            @Override
            public String getName() {
                return EXECUTOR;
            }

            @Override
            public boolean isCompatibleWith(Configuration c) {
                return EXECUTOR.equals(c.get(DeploymentOptions.TARGET));
            }

            @Override
            public PipelineExecutor getExecutor(Configuration c) {
                return LocalExecutor.createWithFactory(c, ignored -> ahead.cluster());
            }
        };
        var executors = new PipelineExecutorServiceLoader() {
            @Override
            public PipelineExecutorFactory getExecutorFactory(Configuration c) {
                return factory;
            }

            @Override
            public Stream<String> getExecutorNames() {
                return Stream.of(EXECUTOR);
            }
        };
        return new StreamExecutionEnvironment(executors, ahead.configuration(), EmbeddedCluster.class.getClassLoader());
    }

    /**
     * What Flink's local environment would make of the configuration, spelled out so that the
     * cluster can be sized before the job exists: one slot per reader (per core unless the job says).
     * Network memory too: the job's exchanges carry one record per block and shard of a chunk, and
     * the 64 MB Flink gives an embedded cluster by default took ~0.35 s of its start to allocate.
     * The job needs about 3p(3p + 9) buffers of 32 KB at parallelism p (three keyed inputs of p
     * channels, two exclusive buffers each and eight floating per gate, and their outputs):
     * 3 MB at p = 2, 25 MB at p = 8.
     */
    private static Configuration local(Configuration configuration) {
        var local = new Configuration(configuration);
        int parallelism = local.getOptional(CoreOptions.DEFAULT_PARALLELISM)
                .orElse(Runtime.getRuntime().availableProcessors());
        local.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        local.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        var network = MemorySize.ofMebiBytes(Math.max(MIN_NETWORK_MB, parallelism * parallelism / 2));
        local.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
        local.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
        local.set(DeploymentOptions.TARGET, EXECUTOR);
        local.set(DeploymentOptions.ATTACHED, true);
        return local;
    }

    /** As Flink's PerJobMiniClusterFactory sizes the cluster of a job. */
    private static MiniClusterConfiguration clusterConfiguration(Configuration local) {
        var configuration = new Configuration(local);
        if (!configuration.contains(RestOptions.BIND_PORT)) {
            configuration.set(RestOptions.BIND_PORT, "0");
        }
        return new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(configuration.get(TaskManagerOptions.MINI_CLUSTER_NUM_TASK_MANAGERS))
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .setNumSlotsPerTaskManager(configuration.get(TaskManagerOptions.NUM_TASK_SLOTS))
                .build();
    }

    /**
     * A cluster whose {@link #start()}, called by Flink when the job is submitted, waits for the
     * start begun ahead instead of starting it a second time.
     */
    private static final class StartedAhead extends MiniCluster {
        private final CompletableFuture<Void> started = new CompletableFuture<>();

        StartedAhead(MiniClusterConfiguration configuration) {
            super(configuration);
        }

        void startNow() {
            try {
                super.start();
                started.complete(null);
            } catch (Exception | LinkageError e) {
                started.completeExceptionally(e);
            }
        }

        /** Closing a cluster while it starts would race with its start. */
        void closeOnceStarted() {
            started.whenComplete((ignored, failure) -> closeAsync());
        }

        @Override
        public void start() throws Exception {
            try {
                started.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }
}
