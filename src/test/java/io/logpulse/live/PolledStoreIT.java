package io.logpulse.live;

import static io.logpulse.live.LiveLogs.note;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store polled four times a second from another process that opens and closes it each time (a
 * script, {@code watch -n 0.25}, a monitoring probe) while {@code run} starts, writes and restarts.
 * H2 hands a file between processes through a lock file it takes over only once that is 2 s old:
 * a job whose writers connected on their own, after the poller had the file, were starved of it and
 * the job restarted in a loop (a CI run saw nothing counted 30 s after a restart). Every line must
 * be counted within the usual time after every start, and no write may fail.
 */
@ExtendWith(LiveLogs.class)
class PolledStoreIT {

    private static final Duration COUNTED = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int STARTS = 3;

    @TempDir
    Path dir;

    private RunProcess run;
    private Thread poller;
    private volatile boolean polling = true;

    @AfterEach
    void stop() throws Exception {
        polling = false; // not an interrupt: H2 swallows those in its own waits
        if (poller != null) {
            poller.join();
        }
        if (run != null) {
            run.close();
        }
    }

    /** Opens the store, reads it and closes it again, every {@link #POLL}, while {@link #polling}. */
    private Thread poll(Store store, AtomicInteger answers) {
        Thread thread = new Thread(() -> {
            while (polling) {
                try {
                    store.totals();
                    answers.incrementAndGet();
                } catch (RuntimeException notThereYetOrBusy) {
                    // the poller is the stand-in for another program: its own failures are H2's business
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "poller");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Test
    void everyStartCountsEveryLineWhileAnotherProcessKeepsOpeningAndClosingTheStore() throws Exception {
        Path db = dir.resolve("db").resolve("traffic");
        Path file = dir.resolve("logs").resolve("access.log");
        var tally = new Tally();
        var store = new Store(db);
        var answers = new AtomicInteger();
        try (var log = new AccessLog(file); var writer = new BurstWriter(log, tally, new Random(), 10, 100)) {
            run = new RunProcess(dir, List.of("--db", db.toString(), file.toString()));
            poller = poll(store, answers);
            for (int start = 1; start <= STARTS; start++) {
                run.start().awaitFollowing();
                writer.writeLines(30);
                await("every line counted after start " + start).atMost(COUNTED).pollInterval(POLL)
                        .ignoreExceptions().untilAsserted(() -> assertThat(store.totals()).isEqualTo(tally.sum()));
                note("start %d: %d lines counted; the poller has had %d answers", start, tally.total(), answers.get());
                run.terminate();
                assertThat(run.process().waitFor(10, TimeUnit.SECONDS)).as("exits within 10 s of SIGTERM").isTrue();
                assertThat(run.process().exitValue()).isZero();
            }
            assertThat(run.allStderr()).as("no write failed (each would restart the job)").doesNotContain("cannot write");
            assertThat(answers.get()).as("the poller was answered too").isPositive();
        }
    }
}
