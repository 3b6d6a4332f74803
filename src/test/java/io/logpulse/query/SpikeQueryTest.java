package io.logpulse.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.query.SpikeQuery.Spike;
import io.logpulse.query.StoredCells.Cell;
import io.logpulse.store.Database;
import io.logpulse.store.DatabaseLocation;
import io.logpulse.store.TrafficReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spike rule on stored rows, where one window may be stored by two file generations. */
class SpikeQueryTest {

    private static final long MINUTE = 60_000;
    private static final long T = Instant.parse("2025-01-31T00:00:00Z").toEpochMilli();
    private static final SpikeQuery.Settings RULE = new SpikeQuery.Settings(300, 10, 20);

    @TempDir
    Path dir;

    /** Two generations share the first hour; 192.0.2.1's minute 3 is in both. */
    private static final List<StoredCells> ROWS = List.of(
            new StoredCells(1, T, List.of(
                    new Cell("192.0.2.1", 0, 2), new Cell("192.0.2.1", 1, 2), new Cell("192.0.2.1", 2, 2),
                    new Cell("192.0.2.1", 3, 15),
                    new Cell("192.0.2.2", 0, 1), new Cell("192.0.2.2", 1, 1), new Cell("192.0.2.2", 2, 1),
                    new Cell("192.0.2.2", 3, 20),
                    new Cell("192.0.2.3", 0, 1), new Cell("192.0.2.3", 1, 1), new Cell("192.0.2.3", 2, 1),
                    new Cell("192.0.2.3", 3, 19),
                    new Cell("192.0.2.4", 10, 300),
                    new Cell("192.0.2.5", 10, 299))),
            new StoredCells(2, T, List.of(new Cell("192.0.2.1", 3, 10))),
            new StoredCells(1, T + 60 * MINUTE, List.of(new Cell("192.0.2.4", 0, 300))));

    @Test
    void aWindowTwoGenerationsStoreIsSummedBeforeTheRuleAndTheLimitsCountWhenReached() {
        SpikeQuery.Answer answer = spikes(ROWS, T, T + 120 * MINUTE);

        assertThat(answer.clients()).isEqualTo(5);
        assertThat(answer.spikes()).containsExactly(
                new Spike("192.0.2.4", T + 10 * MINUTE, 300, 300.0, true),
                new Spike("192.0.2.4", T + 60 * MINUTE, 300, 300.0, true),
                // 15 + 10 in minute 3: windows 2, 2, 2, 25, median 2
                new Spike("192.0.2.1", T + 3 * MINUTE, 25, 2.0, false),
                // exactly the floor; 192.0.2.3's 19 is below it, 192.0.2.5's 299 below the threshold
                new Spike("192.0.2.2", T + 3 * MINUTE, 20, 1.0, false));
    }

    @Test
    void onlyTheWindowsInsideTheRangeCount() {
        SpikeQuery.Answer answer = spikes(ROWS, T + 30 * MINUTE, T + 90 * MINUTE);

        assertThat(answer.clients()).isEqualTo(1);
        assertThat(answer.spikes()).containsExactly(new Spike("192.0.2.4", T + 60 * MINUTE, 300, 300.0, true));
    }

    @Test
    void aWindowOfMoreRequestsThanAnIntHoldsIsCountedWhole() {
        SpikeQuery.Answer answer = spikes(List.of(
                new StoredCells(1, T, List.of(new Cell("198.51.100.7", 5, 5_000_000_000L), new Cell("198.51.100.7", 6, 1))),
                new StoredCells(2, T, List.of(new Cell("198.51.100.7", 5, 7)))), T, T + 60 * MINUTE);

        assertThat(answer.spikes()).containsExactly(
                new Spike("198.51.100.7", T + 5 * MINUTE, 5_000_000_007L, 2_500_000_004.0, true));
    }

    private SpikeQuery.Answer spikes(List<StoredCells> rows, long from, long to) {
        try (Database db = Database.open(DatabaseLocation.of(dir.resolve("db")))) {
            for (StoredCells row : rows) {
                db.handle().execute("INSERT INTO traffic_block_addresses (block_start, generation, shard, addresses) "
                        + "VALUES (?, ?, 0, ?)", row.blockStart(), row.generation(), row.packed());
            }
            var range = new TimeRange(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), ZoneOffset.UTC);
            return new SpikeQuery(SpikeQuery.stored(new TrafficReader(db.handle()))).spikes(range, MINUTE, RULE, 100);
        }
    }
}
