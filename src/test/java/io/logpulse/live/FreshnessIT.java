package io.logpulse.live;

import static io.logpulse.live.LiveLogs.note;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpulse.testing.LogpulseJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open window's partial counts reach the store while the window is open (early firing), not
 * when it closes at the end of its hour-long block: a line is visible in H2 within seconds, with
 * no restart. The test asserts only that every line becomes visible within a generous bound; the
 * latency itself (designed to be about 2 s at most) is measured and logged, never asserted.
 */
@ExtendWith(LiveLogs.class)
class FreshnessIT {

    /** Generous: "visible at all, without a restart", not a latency target. */
    private static final Duration VISIBLE = Duration.ofSeconds(15);
    private static final int MEASURED_LINES = 100;

    @TempDir
    Path dir;

    private RunProcess run;

    @AfterEach
    void stop() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void linesAreVisibleInTheOpenWindowWithinSecondsWithoutARestart() throws Exception {
        Path db = dir.resolve("db").resolve("traffic");
        Path file = dir.resolve("logs").resolve("access.log");
        var random = new Random();
        try (var log = new AccessLog(file)) {
            run = new RunProcess(dir, List.of("--db", db.toString(), file.toString()));
            run.start().awaitFollowing();
            var store = new Store(db);

            // The first line also waits for the job to be deployed: it is not measured.
            log.append(AccessLog.line("10.1.0.1", "/warm-up", 200, 10));
            await("the first line is counted").atMost(LogpulseJar.STARTUP).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> store.totalRequests() == 1);

            long[] written = new long[MEASURED_LINES];
            long[] visible = new long[MEASURED_LINES];
            Arrays.fill(visible, -1);
            try (Handle handle = store.open()) {
                int next = 0;
                long nextWrite = System.nanoTime();
                long deadline = Long.MAX_VALUE;
                int seen = 0;
                while (seen < MEASURED_LINES && System.nanoTime() < deadline) {
                    long now = System.nanoTime();
                    if (next < MEASURED_LINES && now >= nextWrite) {
                        log.append(AccessLog.line("10.1.0." + (2 + next % 5), "/fresh/" + next, 200, 100));
                        written[next++] = System.nanoTime();
                        nextWrite = System.nanoTime() + 30_000_000L + random.nextInt(120) * 1_000_000L;
                        if (next == MEASURED_LINES) {
                            deadline = System.nanoTime() + VISIBLE.toNanos();
                        }
                    }
                    long counted = Store.totalRequests(handle) - 1;
                    long at = System.nanoTime();
                    for (; seen < Math.min(counted, next); seen++) {
                        visible[seen] = at;
                    }
                    Thread.sleep(10);
                }
            }

            long missing = Arrays.stream(visible).filter(v -> v < 0).count();
            assertThat(missing).as("lines not visible in H2 %s after the last was written", VISIBLE).isZero();
            assertThat(run.alive()).as("run is still the process that started (no restart)").isTrue();
            assertThat(run.starts()).isEqualTo(1);
            assertThat(store.totalRequests()).isEqualTo(MEASURED_LINES + 1);

            long[] millis = new long[MEASURED_LINES];
            for (int i = 0; i < MEASURED_LINES; i++) {
                millis[i] = (visible[i] - written[i]) / 1_000_000;
            }
            Arrays.sort(millis);
            note("freshness (line written -> visible in H2 from another process), %d lines: min %d ms, p50 %d ms, "
                    + "p90 %d ms, p99 %d ms, max %d ms (logged, not asserted; the design aims at <= 2 s)",
                    MEASURED_LINES, millis[0], percentile(millis, 50), percentile(millis, 90), percentile(millis, 99),
                    millis[MEASURED_LINES - 1]);
            assertThat(Files.size(file)).isPositive();
        }
    }

    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
