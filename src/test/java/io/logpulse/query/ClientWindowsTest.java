package io.logpulse.query;

import static io.logpulse.testing.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.model.BlockCodec;
import io.logpulse.query.StoredCells.Cell;
import io.logpulse.testing.Draw;
import io.logpulse.testing.Tries.Case;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every client's windows, from rows of several generations read in any order: each window once with
 * the requests of all its rows, for exactly the clients whose busiest window reaches the bar.
 */
class ClientWindowsTest {

    private static final long MINUTE = 60_000;
    private static final long BLOCK = 60 * MINUTE;
    private static final long T = Instant.parse("2025-01-31T00:00:00Z").toEpochMilli();
    private static final String[] IPS = {"192.0.2.1", "192.0.2.10", "2001:db8::1", "caf\u00e9", "x"};
    /** Around the most one stored int holds (2^25 - 1), and past 2^32. */
    private static final long[] BIG = {33_554_431, 33_554_432, 33_554_433, 5_000_000_000L};

    @Test
    void eachClientReachingTheBarGetsEveryWindowOnceWithAllItsRowsSummed() {
        forAll(500, 0xC11E_0001L, random -> {
            List<StoredCells> rows = rows(random);
            long from = T + Draw.intBetween(random, -60, 180) * MINUTE;
            long to = from + Draw.intBetween(random, 1, 240) * MINUTE;
            long least = random.nextInt(10) == 0 ? BIG[random.nextInt(BIG.length)] : Draw.intBetween(random, 1, 60);
            return new Case(() -> "[" + from + ", " + to + ") least " + least + " " + rows,
                    () -> check(rows, from, to, least));
        });
    }

    private static void check(List<StoredCells> rows, long from, long to, long least) {
        var range = new TimeRange(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), ZoneOffset.UTC);
        var clients = new ClientWindows(range, MINUTE);
        for (StoredCells row : rows) {
            BlockCodec.decode(row.packed(), clients.row(row.blockStart()));
        }
        var seen = new TreeMap<String, Map<Long, Long>>();
        clients.eachClientReaching(least, (client, windows, requests, size) -> {
            var own = seen.computeIfAbsent(clients.ip(client), ip -> new TreeMap<>());
            for (int i = 0; i < size; i++) {
                assertThat(own.put(clients.windowStart(windows[i]), requests[i])).as("each window once").isNull();
            }
        });

        var inRange = new TreeMap<String, Map<Long, Long>>();
        for (StoredCells row : rows) {
            for (Cell cell : row.cells()) {
                long window = row.blockStart() + cell.slot() * MINUTE;
                if (window >= from && window < to) {
                    inRange.computeIfAbsent(cell.ip(), ip -> new TreeMap<>()).merge(window, cell.requests(), Long::sum);
                }
            }
        }
        var reaching = new TreeMap<>(inRange);
        reaching.values().removeIf(windows -> Collections.max(windows.values()) < least);
        assertThat(seen).isEqualTo(reaching);
        assertThat(clients.clients()).isEqualTo(inRange.size());
    }

    /** Up to eight rows of three blocks and three generations, in any order. */
    private static List<StoredCells> rows(Random random) {
        var rows = new ArrayList<StoredCells>();
        for (int r = Draw.size(random, 8); r > 0; r--) {
            var cells = new ArrayList<Cell>();
            for (int c = Draw.size(random, 12); c > 0; c--) {
                long requests = random.nextInt(15) == 0 ? BIG[random.nextInt(BIG.length)] : Draw.intBetween(random, 1, 40);
                cells.add(new Cell(IPS[random.nextInt(IPS.length)], Draw.intBetween(random, 0, 59), requests));
            }
            rows.add(new StoredCells(random.nextInt(1, 4), T + random.nextInt(-1, 2) * BLOCK, cells));
        }
        return rows;
    }
}
