package io.logpulse.cli;

import io.logpulse.discover.LogFile;
import io.logpulse.discover.PathPatterns;
import io.logpulse.pipeline.EmbeddedCluster;
import io.logpulse.pipeline.JobSpec;
import io.logpulse.pipeline.TrafficJob;
import io.logpulse.store.Database;
import io.logpulse.store.RequestRetention;
import io.logpulse.store.ProgressReader;
import io.logpulse.store.ProgressReader.GenerationSummary;
import io.logpulse.store.TrafficReader;
import io.logpulse.tail.GenerationIds;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Read access logs to their end (plain or .gz) and store per-IP traffic windows.%n"
                + "Re-ingesting a file, or its grown or rotated version, never counts a line twice.",
        footer = {"%nExamples:",
                "  logpulse ingest ~/nginx-log/access.log",
                "  logpulse ingest --format main /var/log/nginx/access.log /var/log/nginx/access.log.2.gz",
                "  logpulse ingest lb01/access.log lb02/access.log lb03/access.log     # sources lb01, lb02, lb03",
                "  logpulse ingest --format '$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent' app.log"})
final class IngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Mixin
    JobOptions job;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files, .gz allowed; quoted globs are expanded.")
    List<String> files;

    @Override
    public Integer call() throws Exception {
        job.checkFormat(spec);
        EmbeddedCluster.startAhead(job.parallelism, null, database.location());
        try {
            return ingest();
        } finally {
            EmbeddedCluster.discardAhead(); // when the command failed before its job
        }
    }

    private int ingest() throws Exception {
        var finder = new PathPatterns(files, job.source, job.format);
        List<LogFile> found = checkReadable(finder);
        long started = System.nanoTime();
        List<Long> generations = generationsOf(found);
        try (Database db = Database.open(database.location())) {
            var bounded = new JobSpec(finder, job.windowOf(db, spec), job.outOfOrderness, db.location(),
                    job.parallelism, null, job.requestStore());
            try (var progress = IngestProgress.start(db.location(), generations, totalBytes(found),
                    spec.commandLine().getErr())) {
                TrafficJob.run(bounded);
            }
            if (bounded.requests().keep() != null) {
                // The job's writers prune as they go, before the newest request may have arrived.
                RequestRetention.prune(db.handle(), bounded.requests().keep());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            printSummary(new ProgressReader(db.handle()).summaries(generations), seconds);
        }
        return 0;
    }

    /** Every file must be there and readable before anything is written: all or nothing. */
    private List<LogFile> checkReadable(PathPatterns finder) {
        for (String pattern : files) {
            if (PathPatterns.isGlob(pattern)) {
                if (new PathPatterns(List.of(pattern), job.source, job.format).find().isEmpty()) {
                    throw new UserException("no file matches " + pattern);
                }
            } else {
                checkFile(Path.of(pattern));
            }
        }
        List<LogFile> found = finder.find();
        found.forEach(file -> checkFile(file.asPath()));
        return found;
    }

    private static void checkFile(Path file) {
        if (!Files.exists(file)) {
            throw new UserException("cannot read " + file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserException("cannot read " + file + ": not a regular file");
        }
        try (var in = Files.newInputStream(file)) {
            in.read();
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** What the readers will go through: gzip'd files count as what they unpack to, unknown up front. */
    private static long totalBytes(List<LogFile> files) throws IOException {
        long total = 0;
        for (LogFile file : files) {
            if (file.gzipped()) {
                return 0;
            }
            total += Files.size(file.asPath());
        }
        return total;
    }

    private static List<Long> generationsOf(List<LogFile> files) {
        return GenerationIds.of(files, true).values().stream().distinct().toList();
    }

    private void printSummary(List<GenerationSummary> summaries, double seconds) {
        PrintWriter out = spec.commandLine().getOut();
        long lines = summaries.stream().mapToLong(GenerationSummary::lines).sum();
        long requests = summaries.stream().mapToLong(GenerationSummary::requests).sum();
        Map<String, Long> rejects = new TreeMap<>();
        summaries.forEach(s -> s.rejects().forEach((reason, n) -> rejects.merge(reason, n, Long::sum)));
        long rejected = rejects.values().stream().mapToLong(Long::longValue).sum();
        out.printf("ingested %d file%s in %.1f s: %,d lines read (%,.0f lines/s)%n", summaries.size(),
                summaries.size() == 1 ? "" : "s", seconds, lines, lines / Math.max(seconds, 1e-3));
        out.printf("  requests counted  %,d%n", requests);
        out.printf("  lines rejected    %,d%s%n", rejected, rejects.isEmpty() ? "" : "  " + describe(rejects));
        for (GenerationSummary s : summaries) {
            out.printf("  %s  [%s]  %,d lines, %,d requests, %,d rejected%n", TerminalText.safe(s.path()),
                    TerminalText.safe(s.source()), s.lines(), s.requests(), s.rejected());
        }
        if (rejected > 0) {
            out.println("  (rejected lines are kept with their reason in the database: table reject_sample)");
        }
        out.flush();
    }

    private static String describe(Map<String, Long> rejects) {
        var parts = new ArrayList<String>();
        rejects.forEach((reason, n) -> parts.add(reason + " " + n));
        return "(" + String.join(", ", parts) + ")";
    }
}
