package io.logpulse.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.model.BlockAccumulator;
import io.logpulse.model.BlockCodec;
import io.logpulse.model.CellBatch;
import io.logpulse.model.Counts;
import io.logpulse.model.TrafficBlock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blocks read ahead come back exactly as written, though the buffers they are read into are
 * reused from row to row: rows from a few bytes to several times a buffer's first size, long ones
 * before short ones.
 */
class TrafficReaderTest {

    private static final long BLOCK = 3_600_000;
    private static final int ROWS = 80;

    @Test
    void everyCellAndAddressTotalComesBackAsWritten(@TempDir Path dir) {
        var random = new Random(0x7EAD_AEADL);
        var cells = new TreeMap<String, Long>();
        var totals = new TreeMap<String, Long>();
        try (Database db = Database.open(DatabaseLocation.of(dir.resolve("db")))) {
            for (int row = 0; row < ROWS; row++) {
                TrafficBlock block = block(row, random.nextInt(4) == 0 ? 8_000 : random.nextInt(40));
                write(db, block);
                BlockCodec.decode(block.addresses(), (packed, start, length, slot, counts, at) -> {
                    String ip = new String(packed, start, length, StandardCharsets.ISO_8859_1);
                    cells.merge(block.blockStart() + "/" + ip + "/" + slot, counts[at + Counts.REQUESTS], Long::sum);
                    totals.merge(ip, counts[at + Counts.REQUESTS], Long::sum);
                });
            }

            var reader = new TrafficReader(db.handle());
            var readCells = new TreeMap<String, Long>();
            reader.eachCell(0, ROWS * BLOCK, blockStart -> (packed, start, length, slot, counts, at) -> readCells.merge(
                    blockStart + "/" + new String(packed, start, length, StandardCharsets.ISO_8859_1) + "/" + slot,
                    counts[at + Counts.REQUESTS], Long::sum));
            var readTotals = new TreeMap<String, Long>();
            reader.eachAddressTotal(0, ROWS * BLOCK, (packed, start, length, counts, at) -> readTotals.merge(
                    new String(packed, start, length, StandardCharsets.ISO_8859_1), counts[at + Counts.REQUESTS], Long::sum));

            assertThat(readCells).isEqualTo(cells);
            assertThat(readTotals).isEqualTo(totals);
        }
        assertThat(cells.size()).as("some rows are far longer than a first buffer (64 KB)").isGreaterThan(8_000);
    }

    /** Row {@code row}'s block: {@code size} cells of addresses numbered from the row, a request more per cell. */
    private static TrafficBlock block(int row, int size) {
        String[] ips = new String[size];
        int[] slots = new int[size];
        long[] values = new long[size * Counts.STRIDE];
        for (int c = 0; c < size; c++) {
            ips[c] = "10." + row + "." + c / 60 + "." + c % 7;
            slots[c] = c % 60;
            values[c * Counts.STRIDE + Counts.REQUESTS] = c + 1;
        }
        var accumulator = new BlockAccumulator();
        accumulator.add(CellBatch.of(1, 0, row * BLOCK, ips, slots, values));
        return BlockCodec.block(1, 0, row * BLOCK, accumulator);
    }

    private static void write(Database db, TrafficBlock block) {
        long[] t = block.totals();
        db.handle().execute("INSERT INTO traffic_block (block_start, generation, shard, requests, bytes, status_2xx, "
                        + "status_3xx, status_4xx, status_5xx, slots, address_totals) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
                block.blockStart(), block.generation(), t[0], t[1], t[2], t[3], t[4], t[5], block.slots(), block.addressTotals());
        db.handle().execute("INSERT INTO traffic_block_addresses (block_start, generation, shard, addresses) VALUES (?, ?, 0, ?)",
                block.blockStart(), block.generation(), block.addresses());
    }
}
