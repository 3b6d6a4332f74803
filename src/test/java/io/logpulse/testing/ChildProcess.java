package io.logpulse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command run by a test as a child process (such as {@link LogpulseJar#command}), with its stdout and
 * stderr in files: the test reads them while it runs, and after it has ended or been killed.
 */
public final class ChildProcess implements AutoCloseable {

    /** The outcome of a command run to its end. */
    public record Result(int exit, String out, String err) {
    }

    /** The files a child's stdout and stderr go to. */
    public record Output(Path stdout, Path stderr) {

        /** {@code NAME.out} and {@code NAME.err} in {@code dir}. */
        public static Output in(Path dir, String name) {
            return new Output(dir.resolve(name + ".out"), dir.resolve(name + ".err"));
        }

        /** New files {@code PREFIX-*.out} and {@code .err} in {@code dir}: each run of a command keeps its own. */
        public static Output fresh(Path dir, String prefix) throws IOException {
            Path out = Files.createTempFile(dir, prefix + "-", ".out");
            String name = out.getFileName().toString();
            return new Output(out, out.resolveSibling(name.substring(0, name.length() - ".out".length()) + ".err"));
        }
    }

    private final Process process;
    private final Output output;

    private ChildProcess(Process process, Output output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code command} in {@code dir}, with {@code env} added to the tests' environment. */
    public static ChildProcess start(List<String> command, Path dir, Map<String, String> env, Output output)
            throws IOException {
        var builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(output.stdout().toFile()).redirectError(output.stderr().toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        // Nothing is ever typed to a child: one that reads stdin gets its end at once instead of waiting.
        process.getOutputStream().close();
        return new ChildProcess(process, output);
    }

    /** Runs {@code command} to its end; a child still running after {@code timeout} fails the test, killed. */
    public static Result run(List<String> command, Path dir, Map<String, String> env, Output output, Duration timeout)
            throws IOException, InterruptedException {
        try (ChildProcess child = start(command, dir, env, output)) {
            assertThat(child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .as("%s finished within %s", command, timeout).isTrue();
            return new Result(child.process.exitValue(), child.stdout(), child.stderr());
        }
    }

    public Process process() {
        return process;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** What it wrote on stdout so far. */
    public String stdout() {
        return read(output.stdout());
    }

    /** What it wrote on stderr so far. */
    public String stderr() {
        return read(output.stderr());
    }

    private static String read(Path file) {
        try {
            // Leniently decoded: a child may write any bytes.
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until it has written {@code fragment} on stderr; fails at once if it exits without. */
    public ChildProcess awaitStderr(String fragment, Duration atMost) {
        awaitStderr("'" + fragment + "'", Pattern.compile(Pattern.quote(fragment)), atMost);
        return this;
    }

    /** The first match of {@code pattern} on its stderr, once there is one; fails at once if it exits without. */
    public MatchResult awaitStderr(Pattern pattern, Duration atMost) {
        return awaitStderr("/" + pattern + "/", pattern, atMost);
    }

    private MatchResult awaitStderr(String what, Pattern pattern, Duration atMost) {
        MatchResult[] found = {null};
        await(what + " in " + output.stderr()).atMost(atMost).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            boolean alive = process.isAlive();
            String text = stderr(); // read after: a child that wrote it and then exited is fine
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                found[0] = matcher.toMatchResult();
                return;
            }
            if (!alive) {
                // Not an assertion error: awaitility must not wait on for a process that is gone.
                throw new IllegalStateException("the child exited (code " + process.exitValue() + ") without writing "
                        + what + " on stderr:\n" + text);
            }
            throw new AssertionError("no " + what + " on stderr yet:\n" + text);
        });
        return found[0];
    }

    /** Sends signal {@code name} (such as INT, STOP, CONT) with kill(1). */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s", name).isTrue();
    }

    /**
     * What each thread of this process (a JVM) is doing, from the JDK's jstack: for the failure
     * message of a test that finds it stuck, since the process is killed after the test.
     */
    public String threads() throws InterruptedException {
        Path jstack = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jstack");
        try {
            Process dump = new ProcessBuilder(jstack.toString(), Long.toString(process.pid())).redirectErrorStream(true).start();
            String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            return threads;
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: nothing of the process gets to run any more. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed process is gone").isTrue();
    }

    /** SIGTERM, as {@code docker stop} sends it, and SIGKILL if it has not ended 20 s later. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** SIGKILL, waiting a while for it to be gone; no assertion, so that it never hides a test's own failure. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
