package io.logpulse.discover.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.logpulse.discover.docker.ContainerInfo.Bind;
import io.logpulse.testing.ChildProcess;
import io.logpulse.testing.ChildProcess.Output;
import io.logpulse.testing.LogpulseJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code logpulse containers} run as a user who may not use the Docker socket, or may not read a
 * container's log directory, against {@link FakeDockerEngine}. Root may open anything, so as root
 * the command runs as {@code nobody} (through setpriv); as another user the socket is made unusable.
 */
class DockerPermissionIT {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private Path dir;
    private FakeDockerEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(!ROOT || Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "running as root without setpriv: cannot run logpulse as a user Docker refuses");
        // Not @TempDir: its 0700 directory would keep `nobody` out of everything in it.
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "docker-permission",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        engine = FakeDockerEngine.onUnixSocket(dir.resolve("docker.sock"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** How to run the command as a user who is not root. */
    private static List<String> asAnotherUser() {
        return ROOT ? List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups") : List.of();
    }

    private ChildProcess.Result containersAsAnotherUser(Path socket) throws IOException, InterruptedException {
        var command = new ArrayList<>(asAnotherUser());
        command.addAll(LogpulseJar.built().command("containers"));
        return ChildProcess.run(command, dir, Map.of("DOCKER_HOST", "unix://" + socket), Output.fresh(dir, "containers"),
                Duration.ofSeconds(90));
    }

    @Test
    void aSocketThisUserMayNotOpenIsOneLineThatSaysWhatToDoAndExitCode1() throws Exception {
        Path socket = dir.resolve("docker.sock");
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString(ROOT ? "rw-rw----" : "---------"));

        ChildProcess.Result result = containersAsAnotherUser(socket);

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().filter(l -> !l.isBlank()).toList()).containsExactly("logpulse: permission denied "
                + "on the Docker socket " + socket + ": add your user to the docker group (sudo usermod -aG docker $USER, "
                + "then log in again), or run logpulse as a user who may use Docker");
    }

    @Test
    void aLogDirectoryThisUserCannotReadIsNotFollowableWithTheReason() throws Exception {
        assumeTrue(ROOT, "needs root to make a directory another user cannot read");
        Path socket = dir.resolve("docker.sock");
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path lb01 = Files.createDirectories(dir.resolve("lb01"));
        Lines.append(lb01.resolve("access.log"), Lines.combined("127.0.0.1", "/"));
        Files.setPosixFilePermissions(lb01, PosixFilePermissions.fromString("rwx------"));
        Path lb02 = Files.createDirectories(dir.resolve("lb02"));
        Lines.append(lb02.resolve("access.log"), Lines.combined("127.0.0.1", "/"));
        engine.run("nginx-lb01", "phpserver:1.0", Map.of(), new Bind(lb01.toString(), "/var/log/apache2"));
        engine.run("nginx-lb02", "phpserver:1.0", Map.of(), new Bind(lb02.toString(), "/var/log/apache2"));

        ChildProcess.Result result = containersAsAnotherUser(socket);

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines()).anySatisfy(line -> assertThat(line).startsWith("nginx-lb01")
                .contains("not followable: " + lb01 + " is not readable by user nobody"));
        assertThat(result.out().lines()).anySatisfy(line -> assertThat(line).startsWith("nginx-lb02")
                .contains(lb02.resolve("access.log").toString()).endsWith("following"));
    }
}
