package io.logpulse.discover.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpulse.discover.docker.ContainerInfo.Bind;
import io.logpulse.pipeline.JobSpec;
import io.logpulse.pipeline.TrafficJob;
import io.logpulse.store.Database;
import io.logpulse.store.DatabaseLocation;
import io.logpulse.store.SourceInfoTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole followed job (embedded Flink, H2) with its files found through {@link FakeDockerEngine}:
 * containers that start, stop and restart mid-run. Counts are checked against the lines the test
 * wrote, per container.
 */
class DockerFollowTest {

    private static final Duration COUNTED = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private FakeDockerEngine engine;
    private JobClient job;

    @AfterEach
    void tearDown() throws Exception {
        if (job != null) {
            job.cancel().get();
            // The cancel is acknowledged before the tasks have closed: the sink may still be writing
            // to the database that the temporary directory's deletion is about to remove.
            job.getJobExecutionResult().handle((result, cancelled) -> result).get();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private DatabaseLocation startJob() throws Exception {
        DatabaseLocation location = DatabaseLocation.of(dir.resolve("db").resolve("traffic"));
        Database.open(location).close();
        var live = new JobSpec.Live(false, Duration.ofSeconds(1), Duration.ofSeconds(1));
        var finder = new DockerLogFinder(engine.endpoint(), Duration.ofHours(1), new SourceInfoTable(location));
        var spec = new JobSpec(finder, JobSpec.DEFAULT_WINDOW,
                JobSpec.DEFAULT_OUT_OF_ORDERNESS, location, 1, live, JobSpec.RequestStore.DEFAULT);
        job = TrafficJob.start(spec);
        return location;
    }

    private Path logDirectory(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name.replace("nginx-", "")));
    }

    /** Whether this process has the file open (Linux: /proc/self/fd). */
    private static boolean open(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void containersStartingStoppingAndRestartingMidRunAreCountedExactlyOnce() throws Exception {
        engine = FakeDockerEngine.onUnixSocket(dir.resolve("docker.sock"));
        Path lb01 = logDirectory("nginx-lb01").resolve("access.log");
        Lines.append(lb01, Lines.combinedLines(5, "/before"));
        FakeDockerEngine.Container backend1 = engine.run("nginx-lb01", "phpserver:1.0", Map.of(),
                new Bind(lb01.getParent().toString(), "/var/log/apache2"));
        DatabaseLocation db = startJob();

        await("lb01's first lines").atMost(COUNTED).ignoreExceptions()
                .untilAsserted(() -> assertThat(Traffic.requestsBySource(db)).containsEntry("nginx-lb01", 5L));
        assertThat(open(lb01)).as("a running container's log is held open").isTrue();

        // It writes a few more lines and stops: they are read, then the file is let go.
        Lines.append(lb01, Lines.combinedLines(3, "/last"));
        engine.stop(backend1);
        await("lb01 read to its end").atMost(COUNTED).ignoreExceptions()
                .untilAsserted(() -> assertThat(Traffic.requestsBySource(db)).containsEntry("nginx-lb01", 8L));
        await("lb01's log released").atMost(COUNTED).untilAsserted(() -> assertThat(open(lb01)).isFalse());

        // Another container starts mid-run.
        Path lb02 = logDirectory("nginx-lb02").resolve("access.log");
        Lines.append(lb02, Lines.combinedLines(4, "/two"));
        engine.run("lab-nginx-lb02-1", "phpserver:1.0",
                Map.of("com.docker.compose.project", "lab", "com.docker.compose.service", "nginx-lb02"),
                new Bind(lb02.getParent().toString(), "/var/log/apache2"));
        await("lb02 picked up").atMost(COUNTED).ignoreExceptions()
                .untilAsserted(() -> assertThat(Traffic.requestsBySource(db)).containsEntry("lab-nginx-lb02-1", 4L));

        // lb01 restarts and appends to the same file: read on from where it was, nothing twice.
        engine.start(backend1);
        Lines.append(lb01, Lines.combinedLines(2, "/again"));
        await("lb01 after its restart").atMost(COUNTED).ignoreExceptions()
                .untilAsserted(() -> assertThat(Traffic.requestsBySource(db))
                        .containsExactlyInAnyOrderEntriesOf(Map.of("nginx-lb01", 10L, "lab-nginx-lb02-1", 4L)));
        assertThat(open(lb01)).as("followed again").isTrue();
        assertThat(Traffic.generations(db, "nginx-lb01")).as("one generation: the restart is no new content").isEqualTo(1);
        try (Database database = Database.open(db)) {
            assertThat(SourceInfoTable.of(database, "nginx-lb01")).hasValueSatisfying(info -> {
                assertThat(info.containerId()).isEqualTo(backend1.id());
                assertThat(info.image()).isEqualTo("phpserver:1.0");
                assertThat(info.composeService()).isNull();
            });
            assertThat(SourceInfoTable.of(database, "lab-nginx-lb02-1")).hasValueSatisfying(info -> {
                assertThat(info.image()).isEqualTo("phpserver:1.0");
                assertThat(info.composeProject()).isEqualTo("lab");
                assertThat(info.composeService()).isEqualTo("nginx-lb02");
            });
        }
    }
}
