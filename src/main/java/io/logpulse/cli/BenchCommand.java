package io.logpulse.cli;

import io.logpulse.bench.Benchmark;
import io.logpulse.bench.LiveBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure logpulse beside wc -l, the field guide's awk | sort | uniq -c and GoAccess "
                + "(if installed) on the same generated log: wall time, lines/s, MB/s, peak RSS.",
        footer = {"%nExamples:",
                "  logpulse bench                         # 10 million lines, one day, 50,000 clients",
                "  logpulse bench --lines 1000000 --dir /tmp/logpulse-bench",
                "  logpulse bench --live                  # run: sustained lines/s and p50/p99 line-to-row latency"})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "10000000", description = "Lines to generate (default: ${DEFAULT-VALUE}).")
    long lines;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "50000", description = "Distinct clients, heavy-tailed (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "logpulse-bench",
            description = "Where the log (kept for the next run) and the database go (default: ${DEFAULT-VALUE}).")
    Path directory;

    @Option(names = "--live", description = "Measure `run` instead: a writer appends to a followed log; prints "
            + "sustained throughput and line-to-row latency (p50/p99). --lines is the burst size (default here: 2,000,000).")
    boolean live;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "Runs of each command but GoAccess; the median is shown (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--probes", paramLabel = "N", defaultValue = "50",
            description = "With --live: single lines timed from write to store (default: ${DEFAULT-VALUE}).")
    int probes;

    @Mixin
    OutputOption output;

    /** The default burst for --live is smaller: it is written at once, then followed. */
    private long liveLines() {
        return spec.commandLine().getParseResult().hasMatchedOption("--lines") ? lines : 2_000_000;
    }

    @Override
    public Integer call() throws Exception {
        if (lines < 1 || clients < 1 || repeat < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--lines, --clients and --repeat must be positive");
        }
        Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(jar)) {
            throw new UserException("bench runs logpulse as users do, from its jar: build it with "
                    + "`mvn -B -q package -DskipTests` and run `bin/logpulse bench`");
        }
        Files.createDirectories(directory);
        List<String> logpulse = logpulseCommand(jar);
        var report = live
                ? new LiveBenchmark(new LiveBenchmark.Settings(liveLines(), probes, directory.toAbsolutePath(), logpulse))
                        .run(spec.commandLine().getErr())
                : new Benchmark(new Benchmark.Settings(lines, clients, directory.toAbsolutePath(), logpulse, repeat))
                        .run(spec.commandLine().getErr());
        output.print(report, spec);
        return 0;
    }

    /**
     * How the measured commands start: like this one. Started by bin/logpulse, through it again (its
     * JVM settings are part of what users get); else as {@code java -jar}.
     */
    private static List<String> logpulseCommand(Path jar) {
        String launcher = System.getenv("LOGPULSE_LAUNCHER");
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            return List.of(launcher);
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
    }
}
