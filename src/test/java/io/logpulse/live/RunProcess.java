package io.logpulse.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.testing.ChildProcess;
import io.logpulse.testing.ChildProcess.Output;
import io.logpulse.testing.LogpulseJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code java -jar logpulse.jar run ...} as a child process that can be started again and again
 * with the same arguments (a restart), killed with SIGKILL or stopped with SIGTERM. Each start
 * writes its own stdout and stderr files in the test's directory.
 */
final class RunProcess implements AutoCloseable {

    private final Path dir;
    private final List<String> args;
    private final List<ChildProcess> all = new ArrayList<>();
    private ChildProcess current;

    RunProcess(Path dir, List<String> runArgs) {
        this.dir = dir;
        this.args = new ArrayList<>(List.of("run"));
        this.args.addAll(runArgs);
    }

    RunProcess start() throws IOException {
        assertThat(current == null || !current.alive()).as("the previous run has ended").isTrue();
        Output output = Output.in(dir, "run-" + (all.size() + 1));
        LiveLogs.register(output.stderr());
        LiveLogs.register(output.stdout());
        // Flink's embedded cluster unpacks its RPC jar (24 MB) and more into java.io.tmpdir, and a
        // killed process never cleans up: keep all of it in the test's directory, which is deleted.
        Path tmp = Files.createDirectories(dir.resolve("java-tmp"));
        current = ChildProcess.start(Logpulse.command(List.of("-Djava.io.tmpdir=" + tmp), args), dir,
                Map.of("LOGPULSE_DEBUG", "1"), output);
        all.add(current);
        return this;
    }

    int starts() {
        return all.size();
    }

    Process process() {
        return current.process();
    }

    boolean alive() {
        return current != null && current.alive();
    }

    /** What the current start wrote on stderr so far. */
    String stderr() {
        return current.stderr();
    }

    /** What every start wrote on stderr, in order. */
    String allStderr() {
        return all.stream().map(ChildProcess::stderr).collect(Collectors.joining());
    }

    /** Waits until the current start has written {@code fragment} to stderr; fails at once if it exits. */
    RunProcess awaitStderr(String fragment) {
        current.awaitStderr(fragment, LogpulseJar.STARTUP);
        return this;
    }

    /** The job was submitted to the embedded cluster (it is not necessarily reading yet). */
    RunProcess awaitFollowing() {
        return awaitStderr("logpulse: following ");
    }

    /** SIGKILL: nothing of the process gets to run any more. */
    void kill() throws InterruptedException {
        current.kill();
    }

    /** SIGSTOP: the process is frozen, mid-whatever, until {@link #resume()}; nothing of it runs. */
    void suspend() throws IOException, InterruptedException {
        current.signal("STOP");
    }

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException {
        current.signal("CONT");
    }

    /** SIGTERM, as {@code docker stop} and systemd send it. */
    void terminate() {
        current.process().destroy();
    }

    /** Kills every start that is still running (SIGKILL) and waits for it to be gone. */
    @Override
    public void close() {
        for (ChildProcess start : all) {
            try {
                start.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
