package io.logpulse.discover.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code java -jar target/logpulse.jar ...} as a child process, the way users run it. */
final class LogpulseJar implements AutoCloseable {

    static final Duration STARTUP = Duration.ofSeconds(90);

    private final Process process;
    private final Path stderr;

    private LogpulseJar(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    static Path jar() {
        String configured = System.getProperty("logpulse.jar");
        Path jar = Path.of(configured != null ? configured : "target/logpulse.jar").toAbsolutePath();
        assertThat(jar).as("the packaged jar (run `mvn package` first; failsafe passes -Dlogpulse.jar)").isRegularFile();
        return jar;
    }

    static List<String> command(List<String> prefix, List<String> args) {
        var command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(args);
        return command;
    }

    /** Starts a long-running command ({@code run}); its stdout and stderr go to files in {@code dir}. */
    static LogpulseJar start(Path dir, Map<String, String> env, String... args) throws IOException {
        Path out = dir.resolve(args[0] + ".out");
        Path err = dir.resolve(args[0] + ".err");
        var builder = new ProcessBuilder(command(List.of(), List.of(args))).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        builder.environment().put("LOGPULSE_DEBUG", "1");
        return new LogpulseJar(builder.start(), err);
    }

    record Result(int exit, String out, String err) {
    }

    /** Runs a short command to its end. {@code prefix}: e.g. setpriv to run it as another user. */
    static Result execute(Path dir, Map<String, String> env, List<String> prefix, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, args[0], ".out");
        Path err = Files.createTempFile(dir, args[0], ".err");
        var builder = new ProcessBuilder(command(prefix, List.of(args))).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("logpulse %s finished", args[0]).isTrue();
        } finally {
            process.destroyForcibly();
            process.waitFor();
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until it has written {@code fragment} on stderr; fails at once if it exits. */
    LogpulseJar awaitStderr(String fragment, Duration atMost) {
        await("logpulse writes '" + fragment + "' on stderr").atMost(atMost).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    String text = stderr();
                    if (!text.contains(fragment)) {
                        assertThat(process.isAlive()).as("logpulse is still running; its stderr:%n%s", text).isTrue();
                    }
                    assertThat(text).contains(fragment);
                });
        return this;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
