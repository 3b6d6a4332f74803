package io.logpulse.cli;

import io.logpulse.store.DatabaseLocation;
import io.logpulse.store.ProgressReader;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * A progress line for long ingests, on a terminal only: percent of bytes, lines/s and time left,
 * read from what the job has already written to the store (its per-file progress), so it shows
 * the truth, not an estimate of the reader. Quiet when stderr is not a terminal.
 */
final class IngestProgress implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 500;

    private final ScheduledExecutorService timer;
    private final PrintWriter err;
    private boolean printed;

    private IngestProgress(ScheduledExecutorService timer, PrintWriter err) {
        this.timer = timer;
        this.err = err;
    }

    static IngestProgress start(DatabaseLocation database, List<Long> generations, long totalBytes, PrintWriter err) {
        if (System.console() == null || generations.isEmpty()) {
            return new IngestProgress(null, err);
        }
        var timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "logpulse-progress");
            thread.setDaemon(true);
            return thread;
        });
        var progress = new IngestProgress(timer, err);
        long started = System.nanoTime();
        Jdbi jdbi = Jdbi.create(database.jdbcUrl());
        timer.scheduleWithFixedDelay(() -> progress.show(jdbi, generations, totalBytes, started),
                INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return progress;
    }

    private void show(Jdbi jdbi, List<Long> generations, long totalBytes, long started) {
        try {
            long[] read = jdbi.withHandle(h -> new ProgressReader(h).readSoFar(generations));
            double seconds = (System.nanoTime() - started) / 1e9;
            double fraction = totalBytes > 0 ? Math.min(1, (double) read[1] / totalBytes) : 0;
            String eta = fraction > 0.01 ? String.format(" ETA %.0fs", seconds / fraction - seconds) : "";
            int width = 30;
            int filled = (int) (fraction * width);
            String bar = totalBytes > 0 ? String.format("[%s%s] %3.0f%%  ", "#".repeat(filled), " ".repeat(width - filled),
                    fraction * 100) : "";
            err.printf("\r%s%,d lines  %,.0f lines/s%s   ", bar, read[0], read[0] / Math.max(seconds, 1e-3), eta);
            err.flush();
            printed = true;
        } catch (RuntimeException e) {
            // The store may be busy with the job's own writes: show the next reading instead.
        }
    }

    @Override
    public void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (printed) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
        }
    }
}
