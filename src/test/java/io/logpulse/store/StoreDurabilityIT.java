package io.logpulse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpulse.testing.ChildProcess;
import io.logpulse.testing.ChildProcess.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code CHECKPOINT SYNC} made durable survives {@code kill -9}, with the H2 version and URL
 * logpulse uses. Every sink's exactly-once rests on it: a Flink checkpoint completes once the sinks
 * have synced, and a restore never writes those rows again. H2 2.5.250 and 2.5.252 fail this (rows
 * lost in about one kill in five, while a second connection writes); CrashRecoveryIT found it as
 * requests missing from the request store.
 */
class StoreDurabilityIT {

    private static final int KILLS = 10;
    private static final Pattern SYNCED = Pattern.compile("synced (\\d+)\\n");

    @TempDir
    Path dir;

    @Test
    void rowsSyncedBeforeAKillAreThereAfterIt() throws Exception {
        long seed = Long.getLong("durability.seed", System.nanoTime());
        var random = new Random(seed);
        Path database = dir.resolve("durable");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var jdbi = Jdbi.create(new DatabaseLocation(database.toString()).jdbcUrl());
        for (int kill = 1; kill <= KILLS; kill++) {
            List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"),
                    SyncingWriter.class.getName(), database.toString(), Long.toString(random.nextLong()));
            long synced;
            try (var writer = ChildProcess.start(command, dir, Map.of(), Output.in(dir, "writer-" + kill))) {
                await("a first sync").atMost(Duration.ofSeconds(60)).until(() -> SYNCED.matcher(writer.stdout()).find()
                        || !writer.alive());
                assertThat(writer.alive()).as("the writer runs (stderr: %s)", writer.stderr()).isTrue();
                Thread.sleep(random.nextInt(2_500));
                writer.kill();
                synced = lastSynced(writer.stdout());
            }
            // The killed writer's lock file: H2 would find it stale after ~4 s of watching it; what is
            // tested here is what the data file kept, not that wait.
            Files.delete(dir.resolve("durable.lock.db"));
            long kept = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM synced_row WHERE id <= :synced")
                    .bind("synced", synced).mapTo(Long.class).one());
            assertThat(kept).as("rows 1..%d, synced before kill -9 #%d (seed %d, rerun with -Ddurability.seed=%d)",
                    synced, kill, seed, seed).isEqualTo(synced);
        }
    }

    private static long lastSynced(String stdout) {
        long last = 0;
        for (Matcher m = SYNCED.matcher(stdout); m.find();) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }
}
