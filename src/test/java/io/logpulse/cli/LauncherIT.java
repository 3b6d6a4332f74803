package io.logpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.testing.ChildProcess;
import io.logpulse.testing.ChildProcess.Output;
import io.logpulse.testing.ChildProcess.Result;
import io.logpulse.testing.LogpulseJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
    static final Path LOG = Path.of("sample-logs/nginx-log/access.log").toAbsolutePath();

    // The built jar itself, not a copy: the class-data archives beside it are tied to its path.
    private final LogpulseJar jar = LogpulseJar.built();

    @TempDir
    Path dir;

    private Map<String, String> env() {
        return Map.of("LOGPULSE_JAR", jar.path().toString());
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        return ChildProcess.run(command, dir, env(), Output.fresh(dir, "cmd"), Duration.ofSeconds(120));
    }

    static List<String> launcher(Object... args) {
        var command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(strings(args));
        return command;
    }

    private List<String> javaJar(Object... args) {
        return jar.command(List.of(), strings(args));
    }

    private static List<String> strings(Object... args) {
        return Stream.of(args).map(Object::toString).toList();
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
            Path file = jar.path().resolveSibling(archive);
            assertThat(file).as("made by `mvn package` (src/build/class-data.sh)").isRegularFile();
            assertThat(Files.getLastModifiedTime(file)).isGreaterThan(Files.getLastModifiedTime(jar.path()));
            // -Xshare:on refuses to start unless the archive maps: a stale or foreign one fails here.
            Result version = run(jar.command(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + file), List.of("--version")));
            assertThat(version.exit()).as("%s: %s", archive, version).isZero();
        }
    }

    /**
     * JDK 17 archives the "queued for compilation" mark of methods the recording left in the JIT's
     * queue, and a JVM mapping the archive never compiles them (JDK-8306460): once, an ingest ran 3x
     * slower with ByteWriter.writeVarint interpreted. The hot methods must be compiled.
     */
    @Test
    void anIngestThroughTheJobArchiveCompilesItsHotMethods() throws Exception {
        var compilations = new HashMap<>(env());
        compilations.put("JAVA_TOOL_OPTIONS", "-XX:+PrintCompilation");
        Result ingest = ChildProcess.run(launcher("ingest", "--db", dir.resolve("db/logpulse"), LOG), dir, compilations,
                Output.fresh(dir, "ingest"), Duration.ofSeconds(120));
        assertThat(ingest.exit()).as("%s", ingest.err()).isZero();
        assertThat(ingest.out()).contains("14,997")
                .contains("io.logpulse.model.ByteWriter::writeVarint", "io.logpulse.parse.LineParser::parse",
                        "io.logpulse.model.SegmentEncoder::add");
    }

    @Test
    void runIsTheLaunchersOwnProcessWithABoundedHeapAndStopsOnSigterm() throws Exception {
        Path db = dir.resolve("db/logpulse");
        try (ChildProcess run = ChildProcess.start(launcher("run", "--db", db, LOG), dir, env(), Output.in(dir, "run"))) {
            // exec: the launcher's process becomes the JVM, so `kill` and `docker stop` reach it directly.
            Path cmdline = Path.of("/proc", String.valueOf(run.process().pid()), "cmdline");
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(cmdline).contains("logpulse.jar"));
            List<String> jvmArguments = List.of(Files.readString(cmdline).split("\0"));
            assertThat(jvmArguments).contains("-Xmx700m", "-XX:+UseParallelGC",
                    "-XX:SharedArchiveFile=" + jar.path().resolveSibling("logpulse-job.jsa"));
            // A query through the launcher while run writes (H2 serves the file to it).
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> run(launcher("top", "--db", db, "-o", "json")).out().contains("\"requests\" : 14997"));
            run.process().destroy();
            assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            // What it wrote on both streams, as a terminal would show it.
            String output = run.stdout() + run.stderr();
            assertThat(run.process().exitValue()).as(output).isZero();
            assertThat(output).contains("saved state to");
        }
    }

    /**
     * The benchmark in one go, small: every tool's row measured, each the median of two runs, and
     * logpulse's top 10 checked against awk's.
     */
    @Test
    void benchRunsInOneGoAndFindsAwksTopTen() throws Exception {
        Result bench = run(launcher("bench", "--lines", 20_000, "--clients", 200, "--repeat", 2, "--dir", dir.resolve("bench"),
                "--output", "json"));
        assertThat(bench.exit()).as(bench.toString()).isZero();
        JsonNode answer = new ObjectMapper().readTree(bench.out());
        assertThat(answer.get("lines").asLong()).isEqualTo(20_000);
        List<String> tools = new ArrayList<>();
        answer.get("rows").forEach(row -> tools.add(row.get("tool").asText()));
        assertThat(tools).contains("wc -l", "awk|sort|uniq (LC_ALL=C, whole file)", "logpulse ingest (request store off)",
                "logpulse ingest (request store on)", "logpulse top (range)", "logpulse spikes", "logpulse compare");
        assertThat(answer.get("notes").toString()).contains("equals the awk pipeline's").contains("median of 2 runs");
        assertThat(bench.err()).contains("running logpulse ingest (request store on) (2 times)");
    }
}
