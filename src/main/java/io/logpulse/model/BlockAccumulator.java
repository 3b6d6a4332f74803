package io.logpulse.model;

import java.util.Arrays;
import java.util.HashMap;

/**
 * A block's counts per (address, window) for one shard, as Flink window state. Cells are kept in flat
 * arrays, and each address's cells are chained, so adding a batch costs a hash lookup per address and
 * a short walk per window, without boxing. Public fields so that Flink serializes it as a POJO; the
 * address index is transient and rebuilt after a restore.
 */
public final class BlockAccumulator {

    public String[] ips = new String[16];
    public int ipCount;
    /** Per address: its most recently added cell, or -1. */
    public int[] lastCell = new int[16];
    /** Per cell: its address, its window, and the previous cell of the same address (or -1). */
    public int[] cellIp = new int[16];
    public int[] cellSlot = new int[16];
    public int[] previousCell = new int[16];
    public long[] values = new long[16 * Counts.STRIDE];
    public int cellCount;

    private transient HashMap<String, Integer> ipIndex;

    public void add(CellBatch batch) {
        String[] batchIps = batch.ips();
        for (int i = 0; i < batchIps.length; i++) {
            int cell = cellOf(addressIndex(batchIps[i]), batch.slots()[i]);
            Counts.add(values, cell * Counts.STRIDE, batch.values(), i * Counts.STRIDE);
        }
    }

    public void addAll(BlockAccumulator other) {
        for (int c = 0; c < other.cellCount; c++) {
            int cell = cellOf(addressIndex(other.ips[other.cellIp[c]]), other.cellSlot[c]);
            Counts.add(values, cell * Counts.STRIDE, other.values, c * Counts.STRIDE);
        }
    }

    private int addressIndex(String ip) {
        if (ipIndex == null) {
            ipIndex = new HashMap<>(Math.max(16, ipCount * 2));
            for (int i = 0; i < ipCount; i++) {
                ipIndex.put(ips[i], i);
            }
        }
        Integer known = ipIndex.get(ip);
        if (known != null) {
            return known;
        }
        if (ipCount == ips.length) {
            ips = Arrays.copyOf(ips, ipCount * 2);
            lastCell = Arrays.copyOf(lastCell, ipCount * 2);
        }
        ips[ipCount] = ip;
        lastCell[ipCount] = -1;
        ipIndex.put(ip, ipCount);
        return ipCount++;
    }

    private int cellOf(int ip, int slot) {
        for (int c = lastCell[ip]; c >= 0; c = previousCell[c]) {
            if (cellSlot[c] == slot) {
                return c;
            }
        }
        if (cellCount == cellIp.length) {
            int capacity = cellCount * 2;
            cellIp = Arrays.copyOf(cellIp, capacity);
            cellSlot = Arrays.copyOf(cellSlot, capacity);
            previousCell = Arrays.copyOf(previousCell, capacity);
            values = Arrays.copyOf(values, capacity * Counts.STRIDE);
        }
        int cell = cellCount++;
        cellIp[cell] = ip;
        cellSlot[cell] = slot;
        previousCell[cell] = lastCell[ip];
        Arrays.fill(values, cell * Counts.STRIDE, (cell + 1) * Counts.STRIDE, 0);
        lastCell[ip] = cell;
        return cell;
    }
}
