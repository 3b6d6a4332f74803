package io.logpulse.live;

import static io.logpulse.live.LiveLogs.note;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpulse.pipeline.Checkpoints;
import io.logpulse.store.DatabaseLocation;
import io.logpulse.testing.LogpulseJar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} as a child process under a writer that never stops: killed with SIGKILL at random
 * moments and restarted, again and again, or stopped with SIGTERM. Whatever happened, the store
 * ends with exactly what was written: nothing lost, nothing counted twice.
 */
@ExtendWith(LiveLogs.class)
class CrashRecoveryIT {

    private static final int KILLS = 10;
    private static final Duration CAUGHT_UP = Duration.ofSeconds(90);
    private static final Pattern RESUMING = Pattern.compile("logpulse: resuming from (\\S+)");

    @TempDir
    Path dir;

    private RunProcess run;
    private BurstWriter writer;

    @AfterEach
    void stopAll() throws Exception {
        if (writer != null) {
            writer.close();
        }
        if (run != null) {
            run.close();
        }
    }

    private static Random seeded(String test) {
        long seed = Long.getLong("live.seed", System.nanoTime());
        note("%s: random seed %d (rerun with -Dlive.seed=%d)", test, seed, seed);
        return new Random(seed);
    }

    static void awaitExactly(Store store, Tally tally, Duration timeout) {
        try {
            await("the store holds exactly what was written").atMost(timeout).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        assertThat(store.totals()).isEqualTo(tally.sum());
                        // Progress (lines read per file) is written by its own sink, a moment apart.
                        assertThat(store.linesRead()).as("lines read over every generation").isEqualTo(tally.total());
                    });
            assertThat(store.perIp()).as("per client address").isEqualTo(tally.snapshot());
        } catch (ConditionTimeoutException e) {
            String stored;
            try {
                stored = store.totals() + ", per address " + store.perIp() + ", lines read " + store.linesRead()
                        + ", rejected " + store.rejected();
            } catch (RuntimeException readFailure) {
                stored = "(cannot read the store: " + readFailure + ")";
            }
            throw new AssertionError("the store never held exactly what was written within " + timeout
                    + "\n written: " + tally.sum() + ", per address " + tally.snapshot() + " (" + tally.total()
                    + " lines)\n stored:  " + stored, e);
        }
        assertThat(store.rejected()).as("rejected lines").isZero();
        try {
            await("the request store holds every request once").atMost(timeout).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(store.perIpInRequestStore()).isEqualTo(tally.snapshot()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the request store never held every request once within " + timeout
                    + "\n written: " + tally.snapshot() + "\n stored:  " + store.perIpInRequestStore()
                    + store.requestCoverage(), e);
        }
    }

    @Test
    void killedAtRandomMomentsAndRestartedCountsEveryLineExactlyOnce() throws Exception {
        Random random = seeded("crash");
        Path log = dir.resolve("logs").resolve("access.log");
        Path db = dir.resolve("db").resolve("traffic");
        var tally = new Tally();
        writer = new BurstWriter(new AccessLog(log), tally, new Random(random.nextLong()), 10, 200);
        writer.writeLines(300); // a backfill, there before the first start
        run = new RunProcess(dir, List.of("--db", db.toString(), "--checkpoint-interval", "1s", log.toString()));
        writer.start();

        for (int i = 1; i <= KILLS; i++) {
            run.start();
            String when;
            if (i % 4 == 3) {
                // Now and then while the JVM and the embedded cluster are still starting.
                long delay = 300 + random.nextInt(2_500);
                Thread.sleep(delay);
                when = delay + " ms after the start";
            } else {
                run.awaitFollowing();
                if (i == KILLS / 2) {
                    // The rotation below happens while logpulse is down. A run that never completed a
                    // checkpoint starts afresh, reading the files it is given (access.log, not
                    // access.log.1): the lines rotated away would be lost by design, not by a fault.
                    var checkpoints = Checkpoints.of(DatabaseLocation.of(db));
                    await("a completed checkpoint before the rotation").atMost(LogpulseJar.STARTUP)
                            .until(() -> checkpoints.latest().isPresent());
                }
                long delay = random.nextInt(3_000);
                Thread.sleep(delay);
                when = delay + " ms after the job was submitted";
            }
            run.kill();
            note("kill -9 #%d, %s (%d lines written so far)", i, when, tally.total());
            if (i == KILLS / 2) {
                writer.rotateTo(log.resolveSibling("access.log.1"));
                note("rotated access.log to access.log.1 (rename and create) while logpulse was down");
            }
        }

        run.start().awaitFollowing();
        Thread.sleep(2_000);
        writer.stop();
        note("writer stopped: %d lines; waiting for the last run to catch up", tally.total());
        awaitExactly(new Store(db), tally, CAUGHT_UP);

        long resumed = RESUMING.matcher(run.allStderr()).results().count();
        long distinct = RESUMING.matcher(run.allStderr()).results().map(r -> r.group(1)).distinct().count();
        note("%d starts, %d resumed from a checkpoint, %d distinct checkpoints", run.starts(), resumed, distinct);
        assertThat(resumed).as("restarts that resumed from a checkpoint").isPositive();
        assertThat(run.allStderr()).doesNotContain("the content read before the restart is gone");
    }

    /** SIGTERM, then the contract: exit code 0 within 10 s (docker stop's grace period), a final savepoint. */
    private Path sigtermStopsWithinTenSeconds(String when) throws InterruptedException {
        long start = System.nanoTime();
        run.terminate();
        boolean exited = run.process().waitFor(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        note("SIGTERM %s: exited %s after %d ms", when, exited, millis);
        assertThat(exited).as("run exits within 10 s of SIGTERM (%s)", when).isTrue();
        assertThat(run.process().exitValue()).as("exit code after SIGTERM (%s)", when).isZero();
        Matcher saved = Pattern.compile("logpulse: saved state to (\\S+)").matcher(run.stderr());
        assertThat(saved.find()).as("a final savepoint was taken (%s)", when).isTrue();
        assertThat(run.stderr()).contains("logpulse: stopped");
        return Path.of(java.net.URI.create(saved.group(1)));
    }

    @Test
    void sigtermStopsWithinTenSecondsWithExitZeroAndTheRestartLosesNothing() throws Exception {
        Random random = seeded("sigterm");
        Path log = dir.resolve("logs").resolve("access.log");
        Path db = dir.resolve("db").resolve("traffic");
        var tally = new Tally();
        var store = new Store(db);
        writer = new BurstWriter(new AccessLog(log), tally, random, 30, 100);
        writer.writeLines(200);
        run = new RunProcess(dir, List.of("--db", db.toString(), log.toString()));

        // docker stop right after docker start: the job is submitted, its tasks are still being deployed.
        run.start().awaitFollowing();
        Path first = sigtermStopsWithinTenSeconds("right after the start");

        writer.start();
        run.start().awaitFollowing();
        assertThat(run.stderr()).contains("logpulse: resuming from " + first);
        // Stop while it is busy: reading, with windows open and lines still coming.
        await("logpulse counts").atMost(LogpulseJar.STARTUP).ignoreExceptions()
                .until(() -> store.totalRequests() >= 200);
        Thread.sleep(1_000);
        Path second = sigtermStopsWithinTenSeconds("while busy");

        Thread.sleep(1_000); // lines written while logpulse is down
        writer.stop();
        run.start().awaitFollowing();
        assertThat(run.stderr()).contains("logpulse: resuming from " + second);
        awaitExactly(store, tally, CAUGHT_UP);
        note("after the restart: %d lines, all counted once", tally.total());
    }
}
