package io.logpulse.discover.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker engine for the real-engine tests: the one {@code .ci/run} prepared
 * ({@code LOGPULSE_TEST_DOCKER_HOST}), or one that {@code src/test/resources/docker/engine.sh} starts
 * here (and this JVM stops when it ends), with the local images {@code nginx:1.19} and
 * {@code phpserver:1.0}. Where none can start, {@link #unavailable()} says why, for the skip message.
 */
final class RealEngine {

    static final Path SCRIPT = Path.of("src/test/resources/docker/engine.sh").toAbsolutePath();

    private static RealEngine instance;
    private static String unavailable;

    private final String host;

    private RealEngine(String host) {
        this.host = host;
    }

    /** The engine, or null (then {@link #unavailable()} says why). */
    static synchronized RealEngine get() {
        if (instance != null || unavailable != null) {
            return instance;
        }
        String prepared = System.getenv("LOGPULSE_TEST_DOCKER_HOST");
        try {
            if (prepared != null && !prepared.isBlank()) {
                DockerApi.connect(new DockerEndpoint(prepared)).close();
                instance = new RealEngine(prepared);
            } else {
                instance = start();
            }
            if (instance != null) {
                instance.script("images", 20);
            }
        } catch (DockerUnavailable | IOException | AssertionError e) {
            unavailable = e.getMessage();
            instance = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable = "interrupted";
        }
        return instance;
    }

    static String unavailable() {
        return "no Docker engine could start here (" + unavailable + "); the real-engine tests are skipped. "
                + "`.ci/run` installs docker.io and debootstrap and prepares one; or run "
                + "src/test/resources/docker/engine.sh start && engine.sh images as root";
    }

    private static RealEngine start() throws IOException, InterruptedException {
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IOException(SCRIPT + " is missing");
        }
        Result started = run(List.of("bash", SCRIPT.toString(), "start"), 2);
        if (started.exit != 0) {
            throw new IOException(lastLine(started.err));
        }
        String host = started.out.lines().filter(l -> l.startsWith("DOCKER_HOST=")).findFirst()
                .map(l -> l.substring("DOCKER_HOST=".length())).orElseThrow(() -> new IOException("engine.sh printed no DOCKER_HOST"));
        if (!started.err.contains("reusing")) {
            // Started for this JVM: stopped with it.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(List.of("bash", SCRIPT.toString(), "stop"), 1);
                } catch (IOException | InterruptedException e) {
                    // the JVM is going away
                }
            }));
        }
        return new RealEngine(host);
    }

    String host() {
        return host;
    }

    private void script(String command, int minutes) throws IOException, InterruptedException {
        Result result = run(List.of("bash", SCRIPT.toString(), command), minutes);
        if (result.exit != 0) {
            throw new IOException("engine.sh " + command + ": " + lastLine(result.err));
        }
    }

    /** Runs the docker client against this engine; fails the test if it fails. */
    String docker(String... args) {
        var command = new ArrayList<String>();
        command.add(Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker");
        command.addAll(List.of(args));
        try {
            Result result = run(command, 2);
            assertThat(result.exit).as("docker %s: %s", String.join(" ", args), result.err).isZero();
            return result.out.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #docker} but whatever happens (cleaning up). */
    void dockerQuietly(String... args) {
        var command = new ArrayList<String>();
        command.add(Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker");
        command.addAll(List.of(args));
        try {
            run(command, 2);
        } catch (IOException | InterruptedException e) {
            // best effort
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> command, int minutes) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command);
        Path out = Files.createTempFile("engine", ".out");
        Path err = Files.createTempFile("engine", ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile()));
        if (instance != null) {
            builder.environment().put("DOCKER_HOST", instance.host);
        }
        Process process = builder.start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + minutes + " min");
        }
        try {
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }

    /** A port nothing listens on right now, for a container on the host network. */
    static int freePort() {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
