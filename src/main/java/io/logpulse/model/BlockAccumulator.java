package io.logpulse.model;

import java.util.Arrays;

/**
 * A block's counts per (address, window) for one shard, as Flink window state. Cells are kept in flat
 * arrays, and each address's cells are chained, so adding a batch costs a hash lookup per address and
 * a short walk per window, without boxing. The addresses are kept as the bytes logged, one after the
 * other. Public fields so that Flink serializes it as a POJO; the address index is transient and
 * rebuilt after a restore.
 */
public final class BlockAccumulator {

    /** Address {@code i} is {@code addresses[addressEnds[i - 1], addressEnds[i])} (from 0 for the first). */
    public byte[] addresses = new byte[256];
    public int[] addressEnds = new int[16];
    public int ipCount;
    /** Per address: its most recently added cell, or -1. */
    public int[] lastCell = new int[16];
    /** Per cell: its address, its window, and the previous cell of the same address (or -1). */
    public int[] cellIp = new int[16];
    public int[] cellSlot = new int[16];
    public int[] previousCell = new int[16];
    public long[] values = new long[16 * Counts.STRIDE];
    public int cellCount;

    private transient TextDictionary ipIndex;

    public void add(CellBatch batch) {
        byte[] batchAddresses = batch.addresses();
        for (int i = 0; i < batch.size(); i++) {
            int cell = cellOf(addressIndex(batchAddresses, batch.addressStart(i), batch.addressEnds()[i]), batch.slots()[i]);
            Counts.add(values, cell * Counts.STRIDE, batch.values(), i * Counts.STRIDE);
        }
    }

    public void addAll(BlockAccumulator other) {
        for (int c = 0; c < other.cellCount; c++) {
            int ip = other.cellIp[c];
            int cell = cellOf(addressIndex(other.addresses, other.addressStart(ip), other.addressEnds[ip]), other.cellSlot[c]);
            Counts.add(values, cell * Counts.STRIDE, other.values, c * Counts.STRIDE);
        }
    }

    public int addressStart(int ip) {
        return ip == 0 ? 0 : addressEnds[ip - 1];
    }

    private int addressIndex(byte[] bytes, int start, int end) {
        if (ipIndex == null) {
            // Numbers in the order added: the same as the addresses' here.
            ipIndex = new TextDictionary();
            for (int i = 0; i < ipCount; i++) {
                ipIndex.intern(addresses, addressStart(i), addressEnds[i]);
            }
        }
        int ip = ipIndex.intern(bytes, start, end);
        if (ip < ipCount) {
            return ip;
        }
        if (ipCount == addressEnds.length) {
            addressEnds = Arrays.copyOf(addressEnds, ipCount * 2);
            lastCell = Arrays.copyOf(lastCell, ipCount * 2);
        }
        int from = addressStart(ipCount);
        int length = end - start;
        if (from + length > addresses.length) {
            addresses = Arrays.copyOf(addresses, Math.max(addresses.length * 2, from + length));
        }
        System.arraycopy(bytes, start, addresses, from, length);
        addressEnds[ipCount] = from + length;
        lastCell[ipCount] = -1;
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
