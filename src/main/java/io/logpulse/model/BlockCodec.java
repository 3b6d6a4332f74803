package io.logpulse.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Packs a block's per-address counts into one column: per address its length-prefixed bytes, the
 * number of windows it used, and per window the slot and six unsigned varints. Decoding walks the
 * bytes once, handing out each (address, window) to a visitor.
 */
public final class BlockCodec {

    /** Receives the counts of one address in one window of a block. */
    @FunctionalInterface
    public interface CellVisitor {
        void visit(String ip, int slot, long[] counts, int at);
    }

    private BlockCodec() {
    }

    /** The accumulator as stored: totals, per-window totals ({@link SlotCodec}) and the addresses. */
    public static TrafficBlock block(long generation, int shard, long blockStart, BlockAccumulator acc) {
        long[] totals = new long[Counts.STRIDE];
        var windowTotals = new SlotCounts();
        var out = new ByteArrayOutputStream(acc.cellCount * 12 + acc.ipCount * 16);
        writeVarint(out, acc.ipCount);
        for (int ip = 0; ip < acc.ipCount; ip++) {
            byte[] address = acc.ips[ip].getBytes(StandardCharsets.ISO_8859_1);
            writeVarint(out, address.length);
            out.write(address, 0, address.length);
            int cells = 0;
            for (int c = acc.lastCell[ip]; c >= 0; c = acc.previousCell[c]) {
                cells++;
            }
            writeVarint(out, cells);
            for (int c = acc.lastCell[ip]; c >= 0; c = acc.previousCell[c]) {
                int at = c * Counts.STRIDE;
                out.write(acc.cellSlot[c]);
                for (int v = 0; v < Counts.STRIDE; v++) {
                    writeVarint(out, acc.values[at + v]);
                }
                Counts.add(totals, 0, acc.values, at);
                windowTotals.add(acc.cellSlot[c], acc.values, at);
            }
        }
        return new TrafficBlock(generation, shard, blockStart, totals, SlotCodec.encode(windowTotals), out.toByteArray());
    }

    public static void decode(byte[] packed, CellVisitor visitor) {
        int[] at = {0};
        long[] counts = new long[Counts.STRIDE];
        long addresses = readVarint(packed, at);
        for (long a = 0; a < addresses; a++) {
            int length = (int) readVarint(packed, at);
            String ip = new String(packed, at[0], length, StandardCharsets.ISO_8859_1);
            at[0] += length;
            long cells = readVarint(packed, at);
            for (long c = 0; c < cells; c++) {
                int slot = packed[at[0]++] & 0xff;
                for (int v = 0; v < Counts.STRIDE; v++) {
                    counts[v] = readVarint(packed, at);
                }
                visitor.visit(ip, slot, counts, 0);
            }
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
