package io.logpulse.query;

import io.logpulse.model.BlockAccumulator;
import io.logpulse.model.BlockCodec;
import io.logpulse.model.CellBatch;
import io.logpulse.model.Counts;
import java.util.List;

/** One stored row's per-address cells, packed as the sink stores them. */
record StoredCells(long generation, long blockStart, List<Cell> cells) {

    /** {@code requests} of {@code ip} in window {@code slot} (all answered 2xx). */
    record Cell(String ip, int slot, long requests) {
    }

    byte[] packed() {
        long[] values = new long[cells.size() * Counts.STRIDE];
        for (int i = 0; i < cells.size(); i++) {
            values[i * Counts.STRIDE + Counts.REQUESTS] = cells.get(i).requests();
            values[i * Counts.STRIDE + Counts.status(2)] = cells.get(i).requests();
        }
        var accumulator = new BlockAccumulator();
        accumulator.add(CellBatch.of(generation, 0, blockStart, cells.stream().map(Cell::ip).toArray(String[]::new),
                cells.stream().mapToInt(Cell::slot).toArray(), values));
        return BlockCodec.block(generation, 0, blockStart, accumulator).addresses();
    }
}
