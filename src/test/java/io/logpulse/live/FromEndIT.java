package io.logpulse.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --from-end} starts at the end of the files it finds, like {@code tail -f}: lines there
 * before the start are not counted, lines appended after are; a restart resumes from its
 * checkpoint (the flag applies to the very first start only).
 */
@ExtendWith(LiveLogs.class)
class FromEndIT {

    private static final Duration COUNTED = Duration.ofSeconds(30);
    private static final String OLD_CLIENT = "10.99.99.99";

    @TempDir
    Path dir;

    private RunProcess run;

    @AfterEach
    void stop() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    private static void awaitExactly(Store store, Tally tally) {
        await("exactly the appended lines are counted").atMost(COUNTED).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().untilAsserted(() -> {
                    assertThat(store.totals()).isEqualTo(tally.sum());
                    assertThat(store.linesRead()).as("lines read: the appended ones only").isEqualTo(tally.total());
                });
        assertThat(store.perIp()).as("per address: none of the lines there before the start")
                .isEqualTo(tally.snapshot()).doesNotContainKey(OLD_CLIENT);
    }

    private void stopWithSigterm() throws InterruptedException {
        run.terminate();
        assertThat(run.process().waitFor(10, TimeUnit.SECONDS)).as("exits within 10 s of SIGTERM").isTrue();
        assertThat(run.process().exitValue()).isZero();
    }

    @Test
    void startsAtTheEndLikeTailFAndARestartResumesFromItsCheckpoint() throws Exception {
        Path db = dir.resolve("db").resolve("traffic");
        Path file = dir.resolve("logs").resolve("access.log");
        var tally = new Tally();
        var random = new Random();
        try (var log = new AccessLog(file); var writer = new BurstWriter(log, tally, random, 10, 100)) {
            var before = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                before.append(AccessLog.line(OLD_CLIENT, "/before-start/" + i, 200, 512));
            }
            log.append(before.toString());
            long size = Files.size(file);

            run = new RunProcess(dir, List.of("--db", db.toString(), "--from-end", file.toString()));
            run.start().awaitStderr("reading " + file + " [logs] from byte " + size + ", following");
            writer.writeLines(40);
            var store = new Store(db);
            awaitExactly(store, tally);

            stopWithSigterm();
            writer.writeLines(25); // while it is down
            run.start().awaitFollowing(); // the same command line, --from-end included
            writer.writeLines(15);
            awaitExactly(store, tally);
            assertThat(store.rejected()).isZero();
        }
    }

    @Test
    void fromEndOnALogWithNoLineYetCountsEverythingWrittenAfterTheFirstStartAcrossARestart() throws Exception {
        Path db = dir.resolve("db").resolve("traffic");
        Path file = dir.resolve("logs").resolve("access.log");
        var tally = new Tally();
        try (var log = new AccessLog(file); var writer = new BurstWriter(log, tally, new Random(), 10, 100)) {
            // A web server that has just started: its log exists and is empty.
            run = new RunProcess(dir, List.of("--db", db.toString(), "--from-end", "--checkpoint-interval", "1s",
                    file.toString()));
            run.start().awaitFollowing();
            stopWithSigterm(); // its final savepoint knows no file: none had a line yet

            writer.writeLines(30); // the first requests arrive while logpulse is down
            run.start().awaitFollowing();
            writer.writeLines(20);
            awaitExactly(new Store(db), tally);
        }
    }
}
