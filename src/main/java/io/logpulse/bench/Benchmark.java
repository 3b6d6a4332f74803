package io.logpulse.bench;

import io.logpulse.query.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * logpulse beside the tools it replaces, on the same generated log in one run: {@code wc -l} (the
 * read-bandwidth floor), the field guide's awk pipeline, GoAccess when installed, and logpulse's
 * ingest and queries as a user runs them (a fresh JVM each, Flink start included). The answer is
 * checked too: logpulse's top 10 for the range must be awk's.
 */
public final class Benchmark {

    /** A file this short measures an ingest's start and stop; the whole file less it, the ingest once running. */
    private static final int STARTUP_LINES = 1_000;
    /** A two-hour range inside one day, on window edges, where awk's string comparison happens to be right. */
    static final String AWK_FROM = "[31/Jan/2025:03:07:00";
    static final String AWK_TO = "[31/Jan/2025:05:07:00";
    static final String FROM = "31/Jan/2025:03:07:00 +0900";
    static final String TO = "31/Jan/2025:05:07:00 +0900";
    static final String BASELINE = "31/Jan/2025:01:00:00 +0900..31/Jan/2025:03:00:00 +0900";

    /**
     * What to measure; {@code logpulse}: the command that starts logpulse; {@code repeat}: how many times
     * each command runs, in a row, its median kept (GoAccess's once: it takes minutes).
     */
    public record Settings(long lines, int clients, Path directory, List<String> logpulse, int repeat) {
    }

    /** Runs before each run of a step. */
    @FunctionalInterface
    private interface Preparation {
        void prepare() throws IOException;
    }

    private static final Preparation NOTHING = () -> { };

    private final Settings settings;
    private final CommandTimer timer;

    public Benchmark(Settings settings) {
        this.settings = settings;
        this.timer = new CommandTimer(settings.directory());
    }

    public Report run(PrintWriter progress) throws IOException, InterruptedException {
        Path log = settings.directory().resolve("access-" + settings.lines() + "-" + settings.clients() + ".log");
        if (!Files.exists(log)) {
            progress.printf("generating %,d lines from %,d clients into %s%n", settings.lines(), settings.clients(), log);
            progress.flush();
            new LogGenerator(settings.lines(), settings.clients(), 42).write(log);
        }
        double megabytes = Files.size(log) / 1e6;
        String file = quote(log.toString());
        String db = quote(settings.directory().resolve("bench-db").resolve("bench").toString());
        String java = settings.logpulse().stream().map(Benchmark::quote).collect(Collectors.joining(" "));
        String range = "$4>=\"" + AWK_FROM + "\" && $4<\"" + AWK_TO + "\"";

        var runs = new ArrayList<Measured>();
        int times = settings.repeat();
        runs.add(step(progress, "wc -l", "wc -l " + file));
        runs.add(step(progress, "awk|sort|uniq (LC_ALL=C, whole file)",
                "LC_ALL=C awk '{print $1}' " + file + " | LC_ALL=C sort | LC_ALL=C uniq -c | LC_ALL=C sort -rn"));
        Measured awkRange = step(progress, "awk|sort|uniq (LC_ALL=C, range)",
                "LC_ALL=C awk '" + range + "' " + file + " | LC_ALL=C awk '{print $1}' | LC_ALL=C sort | LC_ALL=C uniq -c | LC_ALL=C sort -rn");
        runs.add(awkRange);
        runs.add(step(progress, "awk|sort|uniq (locale, range)",
                "awk '" + range + "' " + file + " | awk '{print $1}' | sort | uniq -c | sort -r"));
        if (commandExists("goaccess")) {
            runs.add(step(progress, "goaccess (batch)", "goaccess " + file
                    + " --log-format=COMBINED --no-global-config -o " + quote(settings.directory().resolve("goaccess.json").toString()),
                    1, NOTHING));
        }
        Path head = firstLines(log, STARTUP_LINES);
        Measured startup = step(progress, "logpulse start and stop (ingest of " + STARTUP_LINES + " lines)",
                java + " ingest --no-request-store --db " + db + " " + quote(head.toString()), times, this::deleteDatabase);
        runs.add(startup);
        Measured ingest = step(progress, "logpulse ingest (request store off)",
                java + " ingest --no-request-store --db " + db + " " + file, times, this::deleteDatabase);
        runs.add(ingest);
        // Once running: what the whole file takes beyond what a few lines take (JVM, Flink and H2 start and stop).
        runs.add(new Measured("  once running (less the " + STARTUP_LINES + "-line ingest)",
                ingest.seconds() - startup.seconds(), -1, 0, ""));
        runs.add(step(progress, "logpulse ingest (request store on)", java + " ingest --db " + db + " " + file, times,
                this::deleteDatabase));
        runs.add(step(progress, "logpulse top (whole day)", java + " top --db " + db + " -n 10 --output csv"));
        Measured top = step(progress, "logpulse top (range)", java + " top --db " + db + " -n 10 --output csv --from '"
                + FROM + "' --to '" + TO + "'");
        runs.add(top);
        String busiest = top.output().lines().skip(1).findFirst().map(l -> l.split(",")[0]).orElse("127.0.0.1");
        String window = " --from '" + FROM + "' --to '" + TO + "'";
        for (String query : List.of("top --by path", "top --by ua --status 4xx", "top --by status",
                "top --status 404", "top --path-prefix /api", "top --path-prefix /api/v1", "ip " + busiest, "timeline", "timeline --status 5xx",
                "spikes", "requests --ip " + busiest + window, "compare --baseline '" + BASELINE + "' --incident '" + FROM
                        + ".." + TO + "'")) {
            runs.add(step(progress, "logpulse " + query.replaceAll(" --from.*| --baseline.*", ""),
                    java + " " + query + " --db " + db + " --output csv"));
        }

        List<String> notes = new ArrayList<>();
        notes.add(checkTopTen(awkRange, top));
        if (times > 1) {
            notes.add("each row is the median of " + times + " runs in a row (GoAccess: one run), with the highest peak RSS");
        }
        notes.add("logpulse started as: " + String.join(" ", settings.logpulse()));
        return report(runs, ingest, megabytes, notes);
    }

    /** The first {@code lines} lines of {@code log}, in a file beside it. */
    private static Path firstLines(Path log, int lines) throws IOException {
        Path head = log.resolveSibling("head-" + lines + "-" + log.getFileName());
        if (!Files.exists(head)) {
            try (Stream<String> all = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                Files.write(head, (Iterable<String>) all.limit(lines)::iterator, StandardCharsets.ISO_8859_1);
            }
        }
        return head;
    }

    private Measured step(PrintWriter progress, String name, String command) throws IOException, InterruptedException {
        return step(progress, name, command, settings.repeat(), NOTHING);
    }

    /**
     * Runs {@code command} {@code times} times, {@code before} before each: the run of median time, with
     * the highest peak RSS of them all. The machine's speed drifts by ±30% within an hour; one run of
     * each side of a ratio could fall in different moments.
     */
    private Measured step(PrintWriter progress, String name, String command, int times, Preparation before)
            throws IOException, InterruptedException {
        progress.printf("running %s%s ...%n", name, times > 1 ? " (" + times + " times)" : "");
        progress.flush();
        var measured = new ArrayList<Measured>();
        for (int i = 0; i < times; i++) {
            before.prepare();
            Measured run = timer.run(name, command);
            if (run.exitCode() != 0) {
                throw new IOException(name + " failed with exit code " + run.exitCode() + ": " + run.output());
            }
            measured.add(run);
        }
        long peak = measured.stream().mapToLong(Measured::peakRssKb).max().orElse(-1);
        measured.sort(Comparator.comparingDouble(Measured::seconds));
        Measured median = measured.get((times - 1) / 2);
        return new Measured(median.name(), median.seconds(), peak, median.exitCode(), median.output());
    }

    /** awk's `uniq -c` lines against logpulse's CSV: the same addresses with the same counts. */
    static String checkTopTen(Measured awk, Measured logpulse) {
        Map<String, Long> expected = awk.output().lines().map(String::trim).filter(l -> !l.isEmpty()).limit(10)
                .map(l -> l.split("\\s+")).collect(Collectors.toMap(p -> p[1], p -> Long.parseLong(p[0]),
                        (a, b) -> a, LinkedHashMap::new));
        Map<String, Long> actual = logpulse.output().lines().skip(1).limit(10).map(l -> l.split(","))
                .collect(Collectors.toMap(p -> p[0], p -> Long.parseLong(p[1]), (a, b) -> a, LinkedHashMap::new));
        long lowest = expected.values().stream().mapToLong(Long::longValue).min().orElse(0);
        // Ties at the tenth place may be ordered differently: compare everything above them.
        boolean same = expected.entrySet().stream().filter(e -> e.getValue() > lowest)
                .allMatch(e -> e.getValue().equals(actual.get(e.getKey())))
                && expected.values().stream().sorted().toList().equals(actual.values().stream().sorted().toList());
        if (!same) {
            throw new IllegalStateException("logpulse's top 10 differs from awk's: awk " + expected + " logpulse " + actual);
        }
        return "top 10 for [" + FROM + ", " + TO + ") equals the awk pipeline's (" + expected.size() + " addresses)";
    }

    private static Report report(List<Measured> runs, Measured ingest, double megabytes, List<String> notes) {
        List<List<Object>> rows = new ArrayList<>();
        for (Measured m : runs) {
            boolean query = m.name().startsWith("logpulse ") && !m.name().startsWith("logpulse ingest");
            rows.add(List.of(m.name(), round(m.seconds(), 2),
                    query ? "-" : (Object) Math.round(linesOf(runs) / m.seconds()),
                    query ? "-" : (Object) round(megabytes / m.seconds(), 1),
                    m.peakRssKb() < 0 ? "-" : (Object) Math.round(m.peakRssKb() / 1024.0),
                    round(m.seconds() / ingest.seconds(), 2)));
        }
        var meta = new LinkedHashMap<String, Object>();
        meta.put("lines", linesOf(runs));
        meta.put("megabytes", round(megabytes, 1));
        meta.put("cores", Runtime.getRuntime().availableProcessors());
        return new Report("logpulse beside the tools it replaces (same file, one run)", meta, notes,
                List.of("tool", "seconds", "lines_per_s", "mb_per_s", "peak_rss_mb", "time_vs_ingest"), rows);
    }

    private static long linesOf(List<Measured> runs) {
        return Long.parseLong(runs.get(0).output().trim().split("\\s+")[0]);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private void deleteDatabase() throws IOException {
        Path dir = settings.directory().resolve("bench-db");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static boolean commandExists(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, name)));
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
