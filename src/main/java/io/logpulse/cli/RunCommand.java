package io.logpulse.cli;

import io.logpulse.discover.FinderUnion;
import io.logpulse.discover.LogFileFinder;
import io.logpulse.discover.PathPatterns;
import io.logpulse.discover.docker.DockerEndpoint;
import io.logpulse.discover.docker.DockerLogFinder;
import io.logpulse.pipeline.EmbeddedCluster;
import io.logpulse.pipeline.Checkpoints;
import io.logpulse.pipeline.JobSpec;
import io.logpulse.pipeline.TrafficJob;
import io.logpulse.store.Database;
import io.logpulse.store.DatabaseLocation;
import io.logpulse.store.SourceInfoTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Follow access logs like `tail -F` and keep the database current (the main job).%n"
                + "Existing content is read first (backfill) unless --from-end. Rotation (rename and create, "
                + "copytruncate), truncation and new files matching a glob are followed. Offsets and open "
                + "windows are checkpointed: a restart resumes where it stopped, nothing lost, nothing counted twice. "
                + "SIGTERM (docker stop) or Ctrl-C stops with a final savepoint.",
        footer = {"%nExamples:",
                "  logpulse run ~/nginx-log/access.log",
                "  logpulse run --format apache-combined 'lb*/access.log'",
                "  logpulse run @jobs/sample-logs.args          # a job definition: options and paths in a file",
                "  logpulse run --docker                        # every container's bind-mounted access log",
                "%nQuery while it runs, from another shell: logpulse top --from 2025-01-31T03:07:33+09:00"})
final class RunCommand implements Callable<Integer> {

    /** docker stop waits 10 s before SIGKILL: the final savepoint must be taken well within that. */
    static final long STOP_TIMEOUT_SECONDS = 8;
    private static final long STOP_RETRY_MILLIS = 250;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Mixin
    JobOptions job;

    @Option(names = "--from-end", description = "Start files found at the first start at their end, like `tail -f` "
            + "(a restart always resumes from its checkpoint).")
    boolean fromEnd;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", converter = Converters.Length.class,
            defaultValue = "10s", description = "How often offsets and open windows are checkpointed (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--docker", description = "Also follow the access logs of Docker containers, found through their "
            + "bind mounts (-v ~/nginx-log:/var/log/nginx), each labelled with its container's name; containers that "
            + "start later are picked up. Uses DOCKER_HOST (default unix:///var/run/docker.sock). "
            + "See `logpulse containers`.")
    boolean docker;

    @Parameters(arity = "0..*", paramLabel = "PATH_OR_GLOB",
            description = "Files to follow; quote globs ('lb*/access.log') so that new matches are picked up.")
    List<String> paths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        job.checkFormat(spec);
        if (paths.isEmpty() && !docker) {
            throw new ParameterException(spec.commandLine(), "give the files to follow, or --docker");
        }
        DockerEndpoint endpoint = null;
        if (docker) {
            try {
                endpoint = DockerEndpoint.fromEnvironment();
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
        var live = new JobSpec.Live(fromEnd, checkpointInterval, Duration.ofSeconds(1));
        EmbeddedCluster.startAhead(job.parallelism, live, database.location());
        try {
            return open(live, endpoint);
        } finally {
            EmbeddedCluster.discardAhead(); // when the command failed before its job
        }
    }

    private int open(JobSpec.Live live, DockerEndpoint endpoint) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        DatabaseLocation location = database.location();
        // Held open while the job runs: this process then serves the file to the others (H2's
        // AUTO_SERVER) and its writers share it in-process. Were it closed, a query opening and
        // closing the store every second could take over serving it, and the writers of a restarting
        // job, connecting together, would keep H2's lock file too young for one another to open.
        try (Database db = Database.open(location)) {
            return follow(location, live, job.windowOf(db, spec), endpoint, err);
        }
    }

    private int follow(DatabaseLocation location, JobSpec.Live live, Duration windowSize, DockerEndpoint endpoint,
            PrintWriter err) throws Exception {
        for (String path : paths) {
            if (!PathPatterns.isGlob(path) && !Files.exists(Path.of(path))) {
                err.println("logpulse: " + path + " does not exist yet; following it once it appears");
            }
        }
        var finders = new ArrayList<LogFileFinder>();
        if (!paths.isEmpty()) {
            finders.add(new PathPatterns(paths, job.source, job.format));
        }
        if (endpoint != null) {
            finders.add(new DockerLogFinder(endpoint, DockerLogFinder.DEFAULT_RELIST, new SourceInfoTable(location)));
        }
        LogFileFinder files = finders.size() == 1 ? finders.get(0) : new FinderUnion(finders);
        var followed = new JobSpec(files, windowSize, job.outOfOrderness, location, job.parallelism, live,
                job.requestStore());
        Checkpoints.of(location).latest().ifPresent(p -> err.println("logpulse: resuming from " + p));
        Configurator.setLevel("io.logpulse", Level.INFO);
        JobClient client = TrafficJob.start(followed);
        var following = new ArrayList<>(paths);
        if (endpoint != null) {
            following.add("the access logs of Docker's containers at " + endpoint);
        }
        err.println("logpulse: following " + String.join(" ", following) + " into " + location.dataFile()
                + " (SIGTERM or Ctrl-C stops with a savepoint)");
        err.flush();
        Signal.handle(new Signal("TERM"), signal -> stop(client, err));
        Signal.handle(new Signal("INT"), signal -> stop(client, err));
        client.getJobExecutionResult().get();
        err.println("logpulse: stopped");
        err.flush();
        return 0;
    }

    /** Takes a final savepoint and stops; the restart resumes from it. */
    private static void stop(JobClient client, PrintWriter err) {
        Thread stopper = new Thread(() -> {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_SECONDS);
                String savepoint = stopWithSavepoint(client, deadline);
                err.println("logpulse: saved state to " + savepoint);
            } catch (Exception e) {
                err.println("logpulse: could not take a final savepoint (" + e.getMessage()
                        + "); a restart resumes from the last checkpoint");
                client.cancel();
            }
            err.flush();
        }, "logpulse-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /**
     * A savepoint needs every task running: a stop that comes while the job is still being deployed
     * (a {@code docker stop} right after the start) is tried again until the deadline. A failed
     * stop-with-savepoint leaves the job running, so trying again is safe.
     */
    private static String stopWithSavepoint(JobClient client, long deadline) throws Exception {
        while (true) {
            try {
                return client.stopWithSavepoint(false, null, SavepointFormatType.CANONICAL)
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * STOP_RETRY_MILLIS) >= deadline) {
                    throw e;
                }
                Thread.sleep(STOP_RETRY_MILLIS);
            }
        }
    }
}
