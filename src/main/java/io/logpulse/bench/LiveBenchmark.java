package io.logpulse.bench;

import io.logpulse.query.Report;
import io.logpulse.store.DatabaseLocation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code run} as users run it, measured from outside: a writer appends to a log that a logpulse
 * child process follows, and the store is read as another process would read it. Throughput is how
 * fast a burst of lines becomes counted requests; latency is how long one line takes from being
 * written to being visible in its open window.
 */
public final class LiveBenchmark {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final long TIMEOUT_MILLIS = 600_000;

    /** What to measure: a burst of {@code lines}, then {@code probes} single lines one by one. */
    public record Settings(long lines, int probes, Path directory, List<String> logpulse) {
    }

    private final Settings settings;

    public LiveBenchmark(Settings settings) {
        this.settings = settings;
    }

    public Report run(PrintWriter progress) throws Exception {
        Path dir = Files.createDirectories(settings.directory().resolve("live"));
        Path log = dir.resolve("web").resolve("access.log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        Path db = dir.resolve("db").resolve("live");
        deleteTree(dir.resolve("db"));
        var location = DatabaseLocation.of(db);
        Jdbi store = Jdbi.create(location.jdbcUrl());

        append(log, line("10.250.0.1", Instant.now()));
        var command = new ArrayList<>(settings.logpulse());
        command.addAll(List.of("run", "--db", db.toString(), "--format", "combined", log.toString()));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
        try {
            progress.println("waiting for `run` to start and count the first line ...");
            progress.flush();
            // `run` opens the database first and so serves it to this process, as to any `top`.
            awaitLog(dir.resolve("run.log"), "logpulse: following");
            awaitTotal(store, 1);

            progress.printf("appending %,d lines as fast as possible ...%n", settings.lines());
            progress.flush();
            long burstStart = System.nanoTime();
            double writeSeconds = appendBurst(log, settings.lines());
            awaitTotal(store, 1 + settings.lines());
            double burstSeconds = (System.nanoTime() - burstStart) / 1e9;

            progress.printf("measuring %d single lines from write to store ...%n", settings.probes());
            progress.flush();
            List<Double> latencies = new ArrayList<>();
            long expected = 1 + settings.lines();
            for (int i = 0; i < settings.probes(); i++) {
                String ip = "10.251." + (i / 250) + "." + (1 + i % 250);
                long written = System.nanoTime();
                append(log, line(ip, Instant.now()));
                expected++;
                awaitTotal(store, expected);
                latencies.add((System.nanoTime() - written) / 1e9);
                Thread.sleep(200);
            }
            return report(writeSeconds, burstSeconds, latencies);
        } finally {
            run.destroy(); // SIGTERM: a final savepoint, as docker stop would ask
            if (!run.waitFor(15, TimeUnit.SECONDS)) {
                run.destroyForcibly();
            }
        }
    }

    private Report report(double writeSeconds, double burstSeconds, List<Double> latencies) {
        List<Double> sorted = latencies.stream().sorted().toList();
        var meta = new LinkedHashMap<String, Object>();
        meta.put("burst_lines", settings.lines());
        meta.put("probes", settings.probes());
        List<List<Object>> rows = List.of(
                List.of("writer append rate (lines/s)", Math.round(settings.lines() / writeSeconds)),
                List.of("sustained tail throughput: burst written -> all counted in H2 (lines/s)",
                        Math.round(settings.lines() / burstSeconds)),
                List.of("line-to-row latency p50 (s)", round(percentile(sorted, 0.50))),
                List.of("line-to-row latency p99 (s)", round(percentile(sorted, 0.99))),
                List.of("line-to-row latency max (s)", round(sorted.get(sorted.size() - 1))));
        return new Report("logpulse run, followed live (a child process, read from another)", meta, List.of(),
                List.of("measure", "value"), rows);
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static void awaitLog(Path log, String text) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!(Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("`run` did not start: see " + log);
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the store counts at least {@code requests} requests in all. */
    private static void awaitTotal(Jdbi store, long requests) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            try {
                long total = store.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(requests), 0) FROM traffic_block")
                        .mapTo(Long.class).one());
                if (total >= requests) {
                    return;
                }
            } catch (RuntimeException e) {
                // the schema may not exist yet while `run` starts
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("`run` did not count " + requests + " requests within " + TIMEOUT_MILLIS / 1000 + " s");
    }

    /** Appends the burst in 1 MiB writes, one distinct client per thousand lines, stamped now. */
    private static double appendBurst(Path log, long lines) throws IOException {
        long start = System.nanoTime();
        var buffer = new StringBuilder(1 << 20);
        try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
            long second = -1;
            String time = null;
            for (long i = 0; i < lines; i++) {
                long now = System.currentTimeMillis() / 1000;
                if (now != second) {
                    second = now;
                    time = TIME.format(Instant.ofEpochSecond(now));
                }
                long client = i / 1000;
                buffer.append("10.").append(client >> 16 & 0xff).append('.').append(client >> 8 & 0xff).append('.')
                        .append(client & 0xff).append(" - - [").append(time)
                        .append("] \"GET /live HTTP/1.1\" 200 512 \"-\" \"bench\"\n");
                if (buffer.length() > (1 << 20) - 256) {
                    out.write(buffer.toString().getBytes(StandardCharsets.ISO_8859_1));
                    buffer.setLength(0);
                }
            }
            out.write(buffer.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static String line(String ip, Instant time) {
        return ip + " - - [" + TIME.format(time) + "] \"GET /probe HTTP/1.1\" 200 512 \"-\" \"bench\"\n";
    }

    private static void append(Path log, String line) throws IOException {
        Files.writeString(log, line, StandardCharsets.ISO_8859_1, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
