package io.logpulse.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The built {@code target/logpulse.jar}, run the way users run it: {@code java -jar}, as a child process. */
final class Logpulse {

    private static final AtomicInteger COMMANDS = new AtomicInteger();

    private Logpulse() {
    }

    private static Path snapshot;

    /**
     * A private copy of the packaged jar, made once per test JVM: a child must not see its jar
     * replaced under it by a rebuild while the tests run (a running JVM reads classes from it lazily).
     */
    static synchronized Path jar() {
        if (snapshot == null) {
            String configured = System.getProperty("logpulse.jar");
            Path jar = Path.of(configured != null ? configured : "target/logpulse.jar").toAbsolutePath();
            assertThat(jar).as("the packaged jar (run `mvn package` first; failsafe passes -Dlogpulse.jar)")
                    .isRegularFile();
            try {
                Path copy = Files.createTempFile("logpulse-it-", ".jar");
                copy.toFile().deleteOnExit();
                Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
                snapshot = copy;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + jar, e);
            }
        }
        return snapshot;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> command(List<String> args) {
        return command(List.of(), args);
    }

    static List<String> command(List<String> jvmOptions, List<String> args) {
        var command = new ArrayList<String>(List.of(java()));
        command.addAll(jvmOptions);
        // For debugging a failure: -Dlive.child.jvmArgs='-Dlog4j2.configurationFile=/tmp/debug-log4j2.xml'
        String extra = System.getProperty("live.child.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(args);
        return command;
    }

    /** The outcome of a finished command. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a short command (such as {@code top}) to its end; its output goes to files in {@code dir}. */
    static Result execute(Path dir, Duration timeout, String... args) throws IOException, InterruptedException {
        int n = COMMANDS.incrementAndGet();
        Path out = dir.resolve("cmd-" + n + "-" + args[0] + ".out");
        Path err = dir.resolve("cmd-" + n + "-" + args[0] + ".err");
        LiveLogs.register(err);
        Process process = new ProcessBuilder(command(List.of(args))).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .as("logpulse %s finished within %s", args[0], timeout).isTrue();
        } finally {
            process.destroyForcibly();
            process.waitFor();
        }
        return new Result(process.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
    }
}
