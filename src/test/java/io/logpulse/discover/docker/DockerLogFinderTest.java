package io.logpulse.discover.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpulse.discover.FinderUnion;
import io.logpulse.discover.LogFile;
import io.logpulse.discover.LogFileFinder;
import io.logpulse.discover.PathPatterns;
import io.logpulse.discover.docker.ContainerInfo.Bind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docker-java against {@link FakeDockerEngine} on a unix socket and over TCP: what {@code run
 * --docker} finds, as containers start, stop, restart and go away, and while the daemon is down.
 */
class DockerLogFinderTest {

    private static final Duration SOON = Duration.ofSeconds(20);
    /** Long enough that only Docker's events can explain a change seen sooner. */
    private static final Duration NO_RELIST = Duration.ofHours(1);

    @TempDir
    Path dir;

    private FakeDockerEngine engine;
    private DockerLogFinder finder;

    @AfterEach
    void tearDown() throws Exception {
        if (finder != null) {
            finder.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    static Stream<String> transports() {
        return Stream.of("unix", "tcp");
    }

    private FakeDockerEngine engine(String transport) throws Exception {
        engine = transport.equals("unix") ? FakeDockerEngine.onUnixSocket(dir.resolve("docker.sock"))
                : FakeDockerEngine.onTcp();
        return engine;
    }

    private DockerLogFinder finder(Duration relist) {
        finder = new DockerLogFinder(engine.endpoint(), relist);
        return finder;
    }

    /** A backend of the field guide's lab: {@code -v `pwd`/lbNN:/var/log/apache2}, with lines in its log. */
    private FakeDockerEngine.Container backend(String name, int lines) throws Exception {
        Path logs = dir.resolve(name.replace("nginx-", ""));
        Lines.append(logs.resolve("access.log"), Lines.combinedLines(lines, "/" + name));
        return engine.run(name, "phpserver:1.0", Map.of(), new Bind(logs.toString(), "/var/log/apache2"));
    }

    private Path logOf(String name) throws Exception {
        return dir.resolve(name.replace("nginx-", "")).resolve("access.log").toRealPath();
    }

    private static List<String> paths(List<LogFile> files) {
        return files.stream().map(LogFile::path).toList();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void findsTheFieldGuidesContainersWithTheirNamesAndFormats(String transport) throws Exception {
        engine(transport);
        Path nginxLog = dir.resolve("nginx-log");
        Lines.append(nginxLog.resolve("access.log"), Lines.mainLines(3, "/"));
        engine.run("eloquent_turing", "nginx:1.19", Map.of(), new Bind(nginxLog.toString(), "/var/log/nginx"));
        backend("nginx-lb01", 2);
        backend("nginx-lb02", 2);
        backend("nginx-lb03", 2);
        engine.run("quirky_hopper", "nginx:1.19", Map.of()); // no bind mount: its log is docker logs only

        LogFileFinder.Listing listing = finder(NO_RELIST).list();

        assertThat(listing.files()).containsExactlyInAnyOrder(
                new LogFile(nginxLog.resolve("access.log").toRealPath().toString(), "eloquent_turing", "main"),
                new LogFile(logOf("nginx-lb01").toString(), "nginx-lb01", "combined"),
                new LogFile(logOf("nginx-lb02").toString(), "nginx-lb02", "combined"),
                new LogFile(logOf("nginx-lb03").toString(), "nginx-lb03", "combined"));
        assertThat(listing.resting()).isEmpty();
        // The API version was agreed on (/version unversioned, the rest under the daemon's 1.41).
        assertThat(engine.requests()).anyMatch(r -> r.startsWith("GET /version") || r.matches("GET /v[0-9.]+/version.*"))
                .anyMatch(r -> r.startsWith("GET /v1.41/containers/json"))
                .anyMatch(r -> r.startsWith("GET /v1.41/events"))
                .noneMatch(r -> !r.startsWith("GET ") && !r.startsWith("HEAD "));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aContainerThatStartsLaterIsFoundThroughDockersEvents(String transport) throws Exception {
        engine(transport);
        backend("nginx-lb01", 1);
        finder(NO_RELIST);
        assertThat(paths(finder.list().files())).containsExactly(logOf("nginx-lb01").toString());

        backend("nginx-lb02", 1);

        await("the new container is found without a periodic listing").atMost(SOON)
                .untilAsserted(() -> assertThat(paths(finder.list().files()))
                        .containsExactlyInAnyOrder(logOf("nginx-lb01").toString(), logOf("nginx-lb02").toString()));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aStoppedContainersLogRestsAndComesBackWhenItStartsAgain(String transport) throws Exception {
        engine(transport);
        FakeDockerEngine.Container lb01 = backend("nginx-lb01", 1);
        backend("nginx-lb02", 1);
        finder(NO_RELIST);
        assertThat(finder.list().files()).hasSize(2);

        engine.stop(lb01);
        await("the stopped container's log rests").atMost(SOON).untilAsserted(() -> {
            LogFileFinder.Listing listing = finder.list();
            assertThat(paths(listing.files())).containsExactly(logOf("nginx-lb02").toString());
            assertThat(listing.resting()).containsExactly(logOf("nginx-lb01").toString());
        });

        engine.start(lb01);
        await("the restarted container's log is followed again, same label").atMost(SOON).untilAsserted(() -> {
            LogFileFinder.Listing listing = finder.list();
            assertThat(listing.files()).contains(new LogFile(logOf("nginx-lb01").toString(), "nginx-lb01", "combined"));
            assertThat(listing.resting()).isEmpty();
        });
    }

    @Test
    void aRemovedContainersLogKeepsRestingAndANewContainerOnTheSameFileKeepsItsLabel() throws Exception {
        engine("unix");
        FakeDockerEngine.Container first = backend("nginx-lb01", 1);
        finder(NO_RELIST);
        assertThat(finder.list().files()).extracting(LogFile::source).containsExactly("nginx-lb01");

        engine.stop(first);
        engine.remove(first);
        await().atMost(SOON).untilAsserted(() -> assertThat(finder.list().resting())
                .containsExactly(logOf("nginx-lb01").toString()));

        // `docker run` again with the same -v and another name: the same file, so the same label.
        engine.run("boring_wozniak", "phpserver:1.0", Map.of(), new Bind(dir.resolve("lb01").toString(), "/var/log/apache2"));
        await().atMost(SOON).untilAsserted(() -> {
            LogFileFinder.Listing listing = finder.list();
            assertThat(listing.files()).containsExactly(
                    new LogFile(logOf("nginx-lb01").toString(), "nginx-lb01", "combined"));
            assertThat(listing.resting()).isEmpty();
        });
    }

    @Test
    void theRelistingSafetyNetCatchesWhatNoEventSaid() throws Exception {
        engine("tcp");
        FakeDockerEngine.Container lb01 = backend("nginx-lb01", 1);
        finder(Duration.ofMillis(200));
        assertThat(finder.list().files()).hasSize(1);

        engine.changeSilently(lb01, "exited");

        await().atMost(SOON).untilAsserted(() -> assertThat(finder.list().resting())
                .containsExactly(logOf("nginx-lb01").toString()));
    }

    @Test
    void theDaemonGoingDownKeepsWhatWasFoundAndItsReturnIsNoticed() throws Exception {
        engine("unix");
        backend("nginx-lb01", 1);
        var explicit = Files.createDirectories(dir.resolve("host")).resolve("access.log");
        Lines.append(explicit, Lines.combined("192.0.2.1", "/"));
        finder(NO_RELIST);
        var union = new FinderUnion(List.of(new PathPatterns(List.of(explicit.toString()), null, "combined"), finder));
        assertThat(paths(union.list().files())).containsExactly(explicit.toString(), logOf("nginx-lb01").toString());

        engine.down();
        try (var log = new CapturedLog()) {
            // Long enough for retries after 1 s and 2 s: each must stay silent.
            long until = System.currentTimeMillis() + 3_500;
            while (System.currentTimeMillis() < until) {
                assertThat(paths(union.list().files())).as("while the daemon is down")
                        .containsExactly(explicit.toString(), logOf("nginx-lb01").toString());
                Thread.sleep(100);
            }
            assertThat(log.lines()).as("logged once when it went down, not at every retry")
                    .filteredOn(line -> line.contains("cannot reach the Docker daemon")).hasSize(1)
                    .first().asString().startsWith("WARN ").contains("retrying in the background");
        }

        engine.up();
        backend("nginx-lb02", 1);
        await("the daemon is reached again after its back-off").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(paths(union.list().files())).containsExactly(explicit.toString(),
                        logOf("nginx-lb01").toString(), logOf("nginx-lb02").toString()));
    }

    @Test
    void aDaemonThatIsNotThereIsOneClearLine() throws Exception {
        var endpoint = new DockerEndpoint("unix://" + dir.resolve("no-such.sock"));

        var error = org.assertj.core.api.Assertions.catchThrowableOfType(DockerUnavailable.class,
                () -> DockerApi.connect(endpoint));

        assertThat(error.reason()).isEqualTo(DockerUnavailable.Reason.UNREACHABLE);
        assertThat(error.getMessage()).isEqualTo("cannot reach the Docker daemon at unix://" + dir.resolve("no-such.sock")
                + " (No such file or directory): is Docker running? Start it (sudo systemctl start docker), "
                + "or point DOCKER_HOST at its socket");
        // And the finder does not throw: it has nothing yet, and says so once.
        finder = new DockerLogFinder(endpoint);
        assertThat(finder.list().files()).isEmpty();
    }

    @Test
    void travelsInsideTheJobGraphAndConnectsWhereItRuns() throws Exception {
        engine("tcp");
        backend("nginx-lb01", 1);
        finder(NO_RELIST);
        finder.list(); // connected here; the connection must not be part of what is shipped

        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(finder);
        }
        DockerLogFinder shipped;
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            shipped = (DockerLogFinder) in.readObject();
        }
        try {
            assertThat(paths(shipped.list().files())).containsExactly(logOf("nginx-lb01").toString());
        } finally {
            shipped.close();
        }
    }
}
