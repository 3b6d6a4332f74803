package io.logpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/logpulse against {@code java -jar} on the built jar: the same output and exit codes, the JVM
 * settings it promises per kind of command, class-data archives that the JVM can really map, and
 * signals reaching the JVM itself.
 */
class LauncherIT {

    static final Path LAUNCHER = Path.of("bin/logpulse").toAbsolutePath();
    static final Path JAR = Path.of(System.getProperty("logpulse.jar", "target/logpulse.jar")).toAbsolutePath();
    static final Path LOG = Path.of("sample-logs/nginx-log/access.log").toAbsolutePath();

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command);
        builder.environment().put("LOGPULSE_JAR", JAR.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        var err = new StringBuilder();
        var errReader = new Thread(() -> {
            try {
                err.append(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.append(e);
            }
        });
        errReader.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        errReader.join();
        return new Result(process.exitValue(), out, err.toString());
    }

    static List<String> launcher(Object... args) {
        var command = new ArrayList<>(List.of(LAUNCHER.toString()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        return command;
    }

    static List<String> javaJar(Object... args) {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        return command;
    }

    @Test
    void answersAndExitCodesAreThoseOfTheJar() throws Exception {
        Path db = dir.resolve("db/logpulse");
        Result ingest = run(launcher("ingest", "--db", db, LOG));
        assertThat(ingest.exit()).as("%s", ingest).isZero();
        assertThat(ingest.out()).contains("14,997");

        for (Object[] args : List.of(new Object[] {"top", "--db", db, "-o", "csv", "-n", "20"},
                new Object[] {"timeline", "--db", db, "-o", "json"},
                new Object[] {"ip", "--db", db, "203.0.113.45"},
                new Object[] {"--version"},
                new Object[] {"top", "--db", dir.resolve("missing/logpulse")},
                new Object[] {"top", "--db", db, "--from", "yesterday-ish"})) {
            Result viaLauncher = run(launcher(args));
            Result viaJar = run(javaJar(args));
            assertThat(viaLauncher).as("%s", List.of(args)).isEqualTo(viaJar);
        }
        assertThat(run(launcher("top", "--db", dir.resolve("missing/logpulse"))).exit()).isEqualTo(1);
        assertThat(run(launcher("top", "--db", db, "--from", "yesterday-ish")).exit()).isEqualTo(2);
    }

    @Test
    void theClassDataArchivesMatchTheJar() throws Exception {
        for (String archive : List.of("logpulse-job.jsa", "logpulse-query.jsa")) {
            Path file = JAR.resolveSibling(archive);
            assertThat(file).as("made by `mvn package` (src/build/class-data.sh)").isRegularFile();
            assertThat(Files.getLastModifiedTime(file)).isGreaterThan(Files.getLastModifiedTime(JAR));
            // -Xshare:on refuses to start unless the archive maps: a stale or foreign one fails here.
            List<String> command = javaJar("--version");
            command.addAll(1, List.of("-Xshare:on", "-XX:SharedArchiveFile=" + file));
            Result version = run(command);
            assertThat(version.exit()).as("%s: %s", archive, version).isZero();
        }
    }

    @Test
    void runIsTheLaunchersOwnProcessWithABoundedHeapAndStopsOnSigterm() throws Exception {
        Path db = dir.resolve("db/logpulse");
        var builder = new ProcessBuilder(launcher("run", "--db", db, LOG)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.out").toFile());
        builder.environment().put("LOGPULSE_JAR", JAR.toString());
        Process run = builder.start();
        try {
            // exec: the launcher's process becomes the JVM, so `kill` and `docker stop` reach it directly.
            Path cmdline = Path.of("/proc", String.valueOf(run.pid()), "cmdline");
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(cmdline).contains("logpulse.jar"));
            List<String> jvmArguments = List.of(Files.readString(cmdline).split("\0"));
            assertThat(jvmArguments).contains("-Xmx700m", "-XX:+UseParallelGC",
                    "-XX:SharedArchiveFile=" + JAR.resolveSibling("logpulse-job.jsa"));
            // A query through the launcher while run writes (H2 serves the file to it).
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> run(launcher("top", "--db", db, "-o", "json")).out().contains("\"requests\" : 14997"));
            run.destroy();
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(Files.readString(dir.resolve("run.out"))).isZero();
            assertThat(Files.readString(dir.resolve("run.out"))).contains("saved state to");
        } finally {
            run.destroyForcibly();
        }
    }
}
