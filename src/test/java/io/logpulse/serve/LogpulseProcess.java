package io.logpulse.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code java -jar target/logpulse.jar serve ...} (and {@code ingest}) as child processes, as users run them. */
final class LogpulseProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("logpulse: dashboard of .* at (http://\\S+/) \\(Ctrl-C stops\\)");

    private final Process process;
    private final Path stderr;

    private LogpulseProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** Starts {@code serve ARGS} in {@code dir} (stdout and stderr go to files there). */
    static LogpulseProcess start(Path dir, String... args) throws IOException {
        Path stderr = dir.resolve("serve.err");
        Process process = new ProcessBuilder(command("serve", args)).directory(dir.toFile())
                .redirectOutput(dir.resolve("serve.out").toFile()).redirectError(stderr.toFile()).start();
        return new LogpulseProcess(process, stderr);
    }

    /**
     * Runs {@code ingest FILE...} into {@code db} to its end, as its own process: Flink then never runs in
     * the tests' JVM, which the live tests after these share.
     */
    static void ingest(Path dir, Path db, List<Path> files) throws IOException, InterruptedException {
        var args = new ArrayList<String>(List.of("--db", db.toString()));
        files.forEach(f -> args.add(f.toString()));
        Path err = Files.createTempFile(dir, "ingest", ".err");
        Process process = new ProcessBuilder(command("ingest", args.toArray(String[]::new))).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            assertThat(process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).as("ingest finished").isTrue();
        } finally {
            process.destroyForcibly();
            process.waitFor();
        }
        assertThat(process.exitValue()).as("ingest: %s", Files.readString(err, StandardCharsets.UTF_8)).isZero();
    }

    private static List<String> command(String name, String... args) {
        String configured = System.getProperty("logpulse.jar");
        Path jar = Path.of(configured != null ? configured : "target/logpulse.jar").toAbsolutePath();
        assertThat(jar).as("the packaged jar (run `mvn package` first; failsafe passes -Dlogpulse.jar)").isRegularFile();
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), name));
        command.addAll(List.of(args));
        return command;
    }

    /** The page's address, once {@code serve} says it listens. */
    URI awaitListening() {
        Matcher[] found = {null};
        await("serve says where it listens").atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(() -> {
            String text = stderr();
            if (!process.isAlive() && !LISTENING.matcher(text).find()) {
                throw new IllegalStateException("serve exited with " + process.exitValue() + ": " + text);
            }
            Matcher m = LISTENING.matcher(text);
            found[0] = m.find() ? m : null;
            return found[0] != null;
        });
        return URI.create(found[0].group(1));
    }

    String stderr() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
    }

    /** SIGINT, as Ctrl-C in a terminal sends it; returns the exit code. */
    int interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -INT").isTrue();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("serve ends after Ctrl-C").isTrue();
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
