package io.logpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.bench.LogGenerator;
import io.logpulse.model.BlockCodec;
import io.logpulse.model.Counts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file larger than a range is read by both readers in ranges of the same generation: the store
 * must hold exactly what one reader reading it whole stores (every (block, generation, shard) row
 * with the same cells, the same lines, bytes, rejects and reject samples), and ingesting it again
 * must overwrite those rows, not add to them.
 */
class RangedIngestTest {

    /** About 35 MB: more than two 16 MiB ranges. */
    static final long LINES = 205_000;

    @Test
    void rangesStoreWhatAWholeReadStoresAndReingestingOverwrites(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("web").resolve("access.log");
        new LogGenerator(LINES, 2_000, 7).write(log);
        assertThat(Files.size(log)).as("cut into at least three ranges").isGreaterThan(2 * 16L * 1024 * 1024);
        Path whole = dir.resolve("whole/logpulse");
        Path ranged = dir.resolve("ranged/logpulse");

        ingest(whole, log, 1);
        Cli.Result run = ingest(ranged, log, 2);

        assertThat(storedCells(ranged)).isEqualTo(storedCells(whole));
        for (String query : List.of("SELECT id, lines_read, bytes_read FROM generation",
                "SELECT generation, reason, lines FROM reject_count ORDER BY reason",
                "SELECT generation, byte_offset, reason, line FROM reject_sample ORDER BY byte_offset")) {
            assertThat(Store.rows(ranged, query)).as(query).isEqualTo(Store.rows(whole, query));
        }
        assertThat(Store.rows(ranged, "SELECT lines_read FROM generation").get(0)).containsExactly(LINES);
        assertThat(run.out()).contains(String.format("%,d lines read", LINES));

        ingest(ranged, log, 2);
        assertThat(storedCells(ranged)).as("re-ingested: overwritten, not added").isEqualTo(storedCells(whole));
        assertThat(Store.rows(ranged, "SELECT lines_read, bytes_read FROM generation"))
                .isEqualTo(Store.rows(whole, "SELECT lines_read, bytes_read FROM generation"));
    }

    private static Cli.Result ingest(Path db, Path log, int parallelism) {
        Cli.Result run = Cli.run("ingest", "--db", db, "--parallelism", parallelism, log);
        assertThat(run.exit()).as("%s", run).isZero();
        return run;
    }

    /**
     * Every stored row's cells, decoded: the order of addresses inside a row depends on which
     * reader's batch came first, the counts must not.
     */
    private static Map<String, String> storedCells(Path db) throws Exception {
        var cells = new TreeMap<String, String>();
        for (List<Object> row : Store.rows(db,
                "SELECT b.block_start, b.generation, b.shard, b.requests, a.addresses FROM traffic_block b "
                        + "JOIN traffic_block_addresses a USING (block_start, generation, shard)")) {
            String key = row.get(0) + "/" + row.get(1) + "/" + row.get(2);
            cells.put(key, "requests " + row.get(3));
            BlockCodec.decode(HexFormat.of().parseHex((String) row.get(4)), (bytes, start, length, slot, counts, at) ->
                    cells.put(key + "/" + new String(bytes, start, length, StandardCharsets.ISO_8859_1) + "/" + slot,
                            Arrays.toString(Arrays.copyOfRange(counts, at, at + Counts.STRIDE))));
        }
        return cells;
    }
}
