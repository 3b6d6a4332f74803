package io.logpulse.live;

import static io.logpulse.live.LiveLogs.note;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real nginx serves requests the test sends while {@code logpulse run} follows its access log;
 * the log is rotated mid-stream the two ways logrotate does it. Whatever file a line ended up in,
 * the store must count every request the test got an answer to, once.
 */
@ExtendWith(LiveLogs.class)
class NginxRotationIT {

    private static final Duration COUNTED = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Nginx nginx;
    private RunProcess run;
    private Store store;

    @BeforeEach
    void startNginx() throws Exception {
        assumeTrue(Nginx.installed(), "nginx is not installed at " + Nginx.BINARY
                + " (apt-get install nginx; .ci/run installs it): skipping the real-nginx tests");
        nginx = new Nginx(dir.resolve("nginx")).start();
        store = new Store(dir.resolve("db").resolve("traffic"));
    }

    @AfterEach
    void stopAll() throws Exception {
        if (run != null) {
            run.close();
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    private RunProcess startRun(String pathOrGlob) throws IOException {
        run = new RunProcess(dir, List.of("--db", dir.resolve("db").resolve("traffic").toString(), pathOrGlob));
        return run.start().awaitFollowing();
    }

    private void awaitEverySentRequestCounted() {
        await("every request nginx answered is counted, once").atMost(COUNTED).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(store.totalRequests()).isEqualTo(nginx.sent());
                    // Progress (lines read per file) is written by its own sink, a moment apart.
                    assertThat(store.linesRead()).as("lines read").isEqualTo(nginx.sent());
                });
    }

    /** The end state, checked again after everything has settled: nothing more, nothing less, no rejects. */
    private void assertExactCounts() {
        long sent = nginx.sent();
        assertThat(store.totalRequests()).as("requests in traffic_block").isEqualTo(sent);
        assertThat(store.perIp()).as("per client address")
                .containsOnlyKeys("127.0.0.1")
                .hasEntrySatisfying("127.0.0.1", t -> {
                    assertThat(t.requests()).isEqualTo(sent);
                    assertThat(t.status2xx()).isEqualTo(sent);
                    assertThat(t.bytes()).as("bytes: \"ok\\n\" is 3 bytes").isEqualTo(3 * sent);
                });
        assertThat(store.rejected()).as("rejected lines").isZero();
        assertThat(store.linesRead()).as("lines read over every generation").isEqualTo(sent);
    }

    @Test
    void renameAndReopenMidStreamCountsEveryRequestOnce() throws Exception {
        Path log = nginx.accessLog();
        Path rotated = nginx.logs().resolve("access.log.1");
        nginx.send(25, "backfill");
        startRun(log.toString());

        nginx.send(60, "before-rotation");
        awaitEverySentRequestCounted();
        // The file has been followed for longer than the rotation quiet time (5 s) when it is rotated,
        // as any followed log has in real life.
        Thread.sleep(5_000);
        nginx.send(30, "just-before-rotation");

        // logrotate (create): rename, create the new empty file, then signal nginx to reopen. Until
        // nginx has reopened, its lines go to the renamed file, however long logrotate takes to get
        // there (sharedscripts runs postrotate once all logs are rotated): here a second of quiet.
        Files.move(log, rotated);
        Thread.sleep(1_000);
        nginx.send(40, "after-rename-before-reopen");
        Files.createFile(log);
        nginx.send(10, "after-create-before-reopen");
        nginx.reopen();
        nginx.send(50, "after-reopen");
        await("every answered request is in one of the two files").atMost(Duration.ofSeconds(10))
                .until(() -> Nginx.countLines(rotated) + Nginx.countLines(log) == nginx.sent());
        assertThat(Nginx.countLines(rotated)).as("access.log.1 holds at least what was sent before the reopen")
                .isGreaterThanOrEqualTo(25 + 60 + 30 + 40 + 10);

        awaitEverySentRequestCounted();
        note("rename rotation: %d requests sent, %d in access.log.1, %d in access.log", nginx.sent(),
                Nginx.countLines(rotated), Nginx.countLines(log));
        assertThat(Nginx.countLines(log)).as("the reopened access.log got lines").isPositive();

        // The renamed file is released once it has been quiet for a while; the new one is followed on.
        run.awaitStderr("was rotated or removed; finished reading its previous file");
        nginx.send(20, "after-release");
        awaitEverySentRequestCounted();
        assertExactCounts();
        assertThat(store.generations()).as("generations: before and after the rotation").isEqualTo(2);
        assertThat(run.alive()).as("run still running").isTrue();
    }

    @Test
    void copytruncateMidStreamCountsEveryRequestOnce() throws Exception {
        Path log = nginx.accessLog();
        Path copy = nginx.logs().resolve("access.log.1");
        nginx.send(25, "backfill");
        startRun(nginx.logs().resolve("access.log*").toString());

        nginx.send(100, "before-rotation");
        awaitEverySentRequestCounted();

        // Lines logpulse cannot have read when the copy is taken (it is frozen): it must read them from the copy.
        run.suspend();
        try {
            nginx.send(40, "unread-at-copy");
            long beforeCopy = nginx.sent();
            Nginx.awaitLogged(log, beforeCopy);
            // logrotate copytruncate: copy, then truncate in place; nginx keeps its file open (O_APPEND).
            // Sending pauses during copy + truncate only: lines written between them are lost by
            // copytruncate itself, not by logpulse.
            Files.copy(log, copy);
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            assertThat(Nginx.countLines(copy)).isEqualTo(beforeCopy);
        } finally {
            run.resume();
        }
        nginx.send(80, "after-truncate");

        awaitEverySentRequestCounted();
        assertThat(Nginx.countLines(log)).isEqualTo(80);
        run.awaitStderr("was truncated; reading the rest from " + copy);
        nginx.send(20, "after-rotation");
        awaitEverySentRequestCounted();
        assertExactCounts();
        assertThat(store.generations()).as("generations: before and after the truncation").isEqualTo(2);
        assertThat(run.alive()).as("run still running").isTrue();
    }
}
