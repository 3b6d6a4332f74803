package io.logpulse.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.testing.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store held by a program that does not serve it to others (an H2 console or script opened it
 * without {@code AUTO_SERVER}): the command says so in one line and exits 1 (H2 reports that case
 * apart from a file changing hands between logpulse's own processes, which they wait out). Nothing
 * is lost: once that program lets go, the same command answers.
 */
@ExtendWith(LiveLogs.class)
class LockedStoreIT {

    private static final Duration COMMAND = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aStoreHeldByAnotherProgramIsReportedAsLockedAndAnswersOnceReleased() throws Exception {
        Path db = dir.resolve("db").resolve("traffic");
        Path file = dir.resolve("logs").resolve("access.log");
        try (var log = new AccessLog(file)) {
            log.append(AccessLog.line("10.0.0.1", "/", 200, 100) + AccessLog.line("10.0.0.2", "/a", 404, 10));
        }
        assertThat(Logpulse.execute(dir, COMMAND, "ingest", "--db", db.toString(), file.toString()).exit()).isZero();

        ChildProcess.Result locked;
        try (Handle holder = Jdbi.create("jdbc:h2:file:" + db.toAbsolutePath()).open()) {
            holder.createQuery("SELECT COUNT(*) FROM traffic_block").mapTo(Long.class).one();
            locked = Logpulse.execute(dir, COMMAND, "top", "--db", db.toString());
        }
        assertThat(locked.exit()).as("exit code").isEqualTo(1);
        assertThat(locked.err()).contains("is locked by another program").doesNotContain("\tat ")
                .hasLineCount(1);

        ChildProcess.Result released = Logpulse.execute(dir, COMMAND, "top", "--db", db.toString());
        assertThat(released.exit()).as("exit code once released; stderr: %s", released.err()).isZero();
        assertThat(released.out()).contains("10.0.0.1").contains("10.0.0.2");
    }
}
