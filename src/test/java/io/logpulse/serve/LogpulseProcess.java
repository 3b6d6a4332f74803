package io.logpulse.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.logpulse.testing.ChildProcess;
import io.logpulse.testing.ChildProcess.Output;
import io.logpulse.testing.LogpulseJar;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** {@code java -jar target/logpulse.jar serve ...} (and {@code ingest}) as child processes, as users run them. */
final class LogpulseProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("logpulse: dashboard of .* at (http://\\S+/) \\(Ctrl-C stops\\)");

    private final ChildProcess process;

    private LogpulseProcess(ChildProcess process) {
        this.process = process;
    }

    /** Starts {@code serve ARGS} in {@code dir} (stdout and stderr go to files there). */
    static LogpulseProcess start(Path dir, String... args) throws IOException {
        return new LogpulseProcess(ChildProcess.start(command("serve", List.of(args)), dir, Map.of(),
                Output.in(dir, "serve")));
    }

    /**
     * Runs {@code ingest FILE...} into {@code db} to its end, as its own process: Flink then never runs in
     * the tests' JVM, which the live tests after these share.
     */
    static void ingest(Path dir, Path db, List<Path> files) throws IOException, InterruptedException {
        var args = new ArrayList<String>(List.of("--db", db.toString()));
        files.forEach(f -> args.add(f.toString()));
        ChildProcess.Result ingest = ChildProcess.run(command("ingest", args), dir, Map.of(), Output.fresh(dir, "ingest"),
                LogpulseJar.STARTUP);
        assertThat(ingest.exit()).as("ingest: %s", ingest.err()).isZero();
    }

    private static List<String> command(String name, List<String> args) {
        var all = new ArrayList<String>(List.of(name));
        all.addAll(args);
        return LogpulseJar.built().command(List.of(), all);
    }

    /** The page's address, once {@code serve} says it listens. */
    URI awaitListening() {
        return URI.create(process.awaitStderr(LISTENING, LogpulseJar.STARTUP).group(1));
    }

    String stderr() {
        return process.stderr();
    }

    /**
     * SIGINT, as Ctrl-C in a terminal sends it; returns the exit code. Where this JVM was started with
     * SIGINT ignored (the tests run as a background job of a script: `mvn verify &`), serve inherits
     * that and its JVM cannot take SIGINT at all: then SIGTERM, which serve handles the same way.
     */
    int interrupt() throws IOException, InterruptedException {
        process.signal(interruptIgnored() ? "TERM" : "INT");
        if (!process.process().waitFor(60, TimeUnit.SECONDS)) {
            fail("serve has not ended 60 s after Ctrl-C; its stderr:%n%s%nits threads:%n%s", process.stderr(),
                    process.threads());
        }
        return process.process().exitValue();
    }

    /** Whether this process ignores SIGINT (signal 2: bit 1 of SigIgn in /proc/self/status). */
    private static boolean interruptIgnored() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .anyMatch(line -> (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & 0x2) != 0);
    }

    /** SIGKILL: FileServerGoneIT takes the file's server away with it, no clean shutdown. */
    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
