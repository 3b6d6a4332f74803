package io.logpulse.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.store.Database;
import io.logpulse.store.DatabaseLocation;
import io.logpulse.testing.ChildProcess;
import io.logpulse.testing.ChildProcess.Output;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    /**
     * A question holds the store without serving it to others (DatabaseLocation#questionUrl): an
     * ingest and a second question that start meanwhile wait for it to end, then do their work.
     */
    @Test
    void aStoreHeldByAQuestionMakesOthersWaitNotFail() throws Exception {
        Path db = dir.resolve("db").resolve("traffic");
        Path first = dir.resolve("logs").resolve("first.log");
        Path second = dir.resolve("logs").resolve("second.log");
        try (var log = new AccessLog(first)) {
            log.append(AccessLog.line("10.0.0.1", "/", 200, 100));
        }
        try (var log = new AccessLog(second)) {
            log.append(AccessLog.line("10.0.0.3", "/b", 500, 7));
        }
        assertThat(Logpulse.execute(dir, COMMAND, "ingest", "--db", db.toString(), first.toString()).exit()).isZero();

        ChildProcess ingest;
        ChildProcess question;
        try (Database held = Database.openForQuestion(DatabaseLocation.of(db))) {
            held.handle().createQuery("SELECT COUNT(*) FROM traffic_block").mapTo(Long.class).one();
            ingest = start("ingest", "--db", db.toString(), second.toString());
            question = start("top", "--db", db.toString());
            // Both open the store within this time (a JVM start, Flink's for the ingest) and find it held.
            Thread.sleep(6_000);
        }
        try (ingest; question) {
            assertThat(ingest.process().waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(question.process().waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(ingest.process().exitValue()).as("ingest: %s", ingest.stderr()).isZero();
            assertThat(question.process().exitValue()).as("top: %s", question.stderr()).isZero();
            assertThat(question.stdout()).contains("10.0.0.1");
        }
        ChildProcess.Result after = Logpulse.execute(dir, COMMAND, "top", "--db", db.toString());
        assertThat(after.out()).as("%s", after).contains("10.0.0.1").contains("10.0.0.3");
    }

    private ChildProcess start(String... args) throws IOException {
        Output output = Output.in(dir, "held-" + args[0]);
        LiveLogs.register(output.stderr());
        return ChildProcess.start(Logpulse.command(List.of(args)), dir, Map.of(), output);
    }
}
