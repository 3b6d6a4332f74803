package io.logpulse.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Packs a block's per-address counts into one column: per address its length-prefixed bytes, its
 * totals over the block (six unsigned varints), and, behind their byte length, the windows it used,
 * each as a slot and six varints. A query over whole blocks reads the totals and skips the windows;
 * only the blocks cut by a range's edges are read window by window.
 */
public final class BlockCodec {

    /** Receives the counts of one address in one window of a block. */
    @FunctionalInterface
    public interface CellVisitor {
        void visit(String ip, int slot, long[] counts, int at);
    }

    /**
     * Receives one address's totals over a whole block, the address as the bytes
     * {@code packed[addressStart, addressStart + addressLength)}: a query over many blocks sums
     * without making a String per address and block.
     */
    @FunctionalInterface
    public interface TotalsVisitor {
        void visit(byte[] packed, int addressStart, int addressLength, long[] counts, int at);
    }

    private BlockCodec() {
    }

    /** The accumulator as stored: totals, per-window totals ({@link SlotCodec}) and the addresses. */
    public static TrafficBlock block(long generation, int shard, long blockStart, BlockAccumulator acc) {
        long[] totals = new long[Counts.STRIDE];
        var windowTotals = new SlotCounts();
        var out = new ByteArrayOutputStream(acc.cellCount * 12 + acc.ipCount * 24);
        var cells = new ByteArrayOutputStream(256);
        long[] addressTotals = new long[Counts.STRIDE];
        writeVarint(out, acc.ipCount);
        for (int ip = 0; ip < acc.ipCount; ip++) {
            byte[] address = acc.ips[ip].getBytes(StandardCharsets.ISO_8859_1);
            java.util.Arrays.fill(addressTotals, 0);
            cells.reset();
            for (int c = acc.lastCell[ip]; c >= 0; c = acc.previousCell[c]) {
                int at = c * Counts.STRIDE;
                cells.write(acc.cellSlot[c]);
                for (int v = 0; v < Counts.STRIDE; v++) {
                    writeVarint(cells, acc.values[at + v]);
                }
                Counts.add(addressTotals, 0, acc.values, at);
                windowTotals.add(acc.cellSlot[c], acc.values, at);
            }
            Counts.add(totals, 0, addressTotals, 0);
            writeVarint(out, address.length);
            out.write(address, 0, address.length);
            for (int v = 0; v < Counts.STRIDE; v++) {
                writeVarint(out, addressTotals[v]);
            }
            writeVarint(out, cells.size());
            out.write(cells.toByteArray(), 0, cells.size());
        }
        return new TrafficBlock(generation, shard, blockStart, totals, SlotCodec.encode(windowTotals), out.toByteArray());
    }

    /** Every (address, window) of the block. */
    public static void decode(byte[] packed, CellVisitor visitor) {
        int[] at = {0};
        long[] counts = new long[Counts.STRIDE];
        long addresses = readVarint(packed, at);
        for (long a = 0; a < addresses; a++) {
            String ip = readAddress(packed, at);
            skipTotals(packed, at);
            int end = (int) readVarint(packed, at) + at[0];
            while (at[0] < end) {
                int slot = packed[at[0]++] & 0xff;
                for (int v = 0; v < Counts.STRIDE; v++) {
                    counts[v] = readVarint(packed, at);
                }
                visitor.visit(ip, slot, counts, 0);
            }
        }
    }

    /** Every address's totals over the whole block, skipping its windows. */
    public static void decodeTotals(byte[] packed, TotalsVisitor visitor) {
        int[] at = {0};
        long[] counts = new long[Counts.STRIDE];
        long addresses = readVarint(packed, at);
        for (long a = 0; a < addresses; a++) {
            int length = (int) readVarint(packed, at);
            int start = at[0];
            at[0] += length;
            for (int v = 0; v < Counts.STRIDE; v++) {
                counts[v] = readVarint(packed, at);
            }
            int cellBytes = (int) readVarint(packed, at); // read before adding: it moves at[0]
            at[0] += cellBytes;
            visitor.visit(packed, start, length, counts, 0);
        }
    }

    private static String readAddress(byte[] packed, int[] at) {
        int length = (int) readVarint(packed, at);
        String ip = new String(packed, at[0], length, StandardCharsets.ISO_8859_1);
        at[0] += length;
        return ip;
    }

    private static void skipTotals(byte[] packed, int[] at) {
        for (int v = 0; v < Counts.STRIDE; v++) {
            readVarint(packed, at);
        }
    }

    static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    static long readVarint(byte[] in, int[] at) {
        long value = 0;
        int shift = 0;
        while (true) {
            byte b = in[at[0]++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
            shift += 7;
        }
    }
}
