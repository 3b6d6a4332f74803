package io.logpulse.live;

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
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar logpulse.jar run ...} as a child process that can be started again and again
 * with the same arguments (a restart), killed with SIGKILL or stopped with SIGTERM. Each start
 * writes its own stdout and stderr files in the test's directory.
 */
final class RunProcess implements AutoCloseable {

    /** A JVM with an embedded Flink cluster starts in ~4 s on an idle 2-core machine; leave room for a busy one. */
    static final Duration STARTUP = Duration.ofSeconds(90);

    private final Path dir;
    private final List<String> args;
    private final List<Process> all = new ArrayList<>();
    private Process process;
    private Path stdout;
    private Path stderr;
    private int starts;

    RunProcess(Path dir, List<String> runArgs) {
        this.dir = dir;
        this.args = new ArrayList<>(List.of("run"));
        this.args.addAll(runArgs);
    }

    RunProcess start() throws IOException {
        assertThat(process == null || !process.isAlive()).as("the previous run has ended").isTrue();
        starts++;
        stdout = dir.resolve("run-" + starts + ".out");
        stderr = dir.resolve("run-" + starts + ".err");
        LiveLogs.register(stderr);
        LiveLogs.register(stdout);
        // Flink's embedded cluster unpacks its RPC jar (24 MB) and more into java.io.tmpdir, and a
        // killed process never cleans up: keep all of it in the test's directory, which is deleted.
        Path tmp = Files.createDirectories(dir.resolve("java-tmp"));
        var builder = new ProcessBuilder(Logpulse.command(List.of("-Djava.io.tmpdir=" + tmp), args))
                .directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("LOGPULSE_DEBUG", "1");
        process = builder.start();
        all.add(process);
        return this;
    }

    int starts() {
        return starts;
    }

    Process process() {
        return process;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** What the current start wrote on stderr so far. */
    String stderr() {
        return read(stderr);
    }

    /** What every start wrote on stderr, in order. */
    String allStderr() {
        var text = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            text.append(read(dir.resolve("run-" + i + ".err")));
        }
        return text.toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the current start has written {@code fragment} to stderr; fails at once if it exits. */
    RunProcess awaitStderr(String fragment) {
        await("logpulse run writes '" + fragment + "' on stderr").atMost(STARTUP).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    boolean alive = process.isAlive();
                    String text = stderr(); // read after: a process that wrote it and exited is fine
                    if (!text.contains(fragment) && !alive) {
                        // Not an assertion error: awaitility must not wait on for a process that is gone.
                        throw new IllegalStateException("logpulse run exited (code " + process.exitValue()
                                + ") without writing '" + fragment + "' on stderr");
                    }
                    assertThat(text).contains(fragment);
                });
        return this;
    }

    /** The job was submitted to the embedded cluster (it is not necessarily reading yet). */
    RunProcess awaitFollowing() {
        return awaitStderr("logpulse: following ");
    }

    /** SIGKILL: nothing of the process gets to run any more. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed process is gone").isTrue();
    }

    /** SIGSTOP: the process is frozen, mid-whatever, until {@link #resume()}; nothing of it runs. */
    void suspend() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s", name).isTrue();
    }

    /** SIGTERM, as {@code docker stop} and systemd send it. */
    void terminate() {
        process.destroy();
    }

    /** Kills every start that is still running (SIGKILL) and waits for it to be gone. */
    @Override
    public void close() {
        for (Process p : all) {
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
