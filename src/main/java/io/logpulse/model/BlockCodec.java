package io.logpulse.model;

import java.util.Arrays;

/**
 * Packs a block's per-address counts into one column: per address its length-prefixed bytes, its
 * totals over the block (six unsigned varints), and, behind their byte length, the windows it used,
 * each as a slot and six varints. A query over whole blocks reads the totals and skips the windows;
 * only the blocks cut by a range's edges are read window by window.
 *
 * <p>The same block is also packed without its windows (every window section empty, same format):
 * the windows are ~70% of the bytes, and reading them from H2 only to skip them was most of a whole
 * day's {@code top}.
 */
public final class BlockCodec {

    /**
     * Receives the counts of one address in one window of a block, the address as the bytes
     * {@code packed[addressStart, addressStart + addressLength)}. An address's windows come one after
     * another, so a visitor can look the address up once for all of them (by {@code addressStart}).
     */
    @FunctionalInterface
    public interface CellVisitor {
        void visit(byte[] packed, int addressStart, int addressLength, int slot, long[] counts, int at);
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
        var out = new ByteWriter(acc.cellCount * 12 + acc.ipCount * 24);
        var totalsOnly = new ByteWriter(acc.ipCount * 24);
        var cells = new ByteWriter(256);
        long[] addressTotals = new long[Counts.STRIDE];
        out.writeVarint(acc.ipCount);
        totalsOnly.writeVarint(acc.ipCount);
        for (int ip = 0; ip < acc.ipCount; ip++) {
            int addressStart = acc.addressStart(ip);
            int addressEnd = acc.addressEnds[ip];
            Arrays.fill(addressTotals, 0);
            cells.reset();
            for (int c = acc.lastCell[ip]; c >= 0; c = acc.previousCell[c]) {
                int at = c * Counts.STRIDE;
                cells.writeByte(acc.cellSlot[c]);
                cells.writeVarints(acc.values, at, Counts.STRIDE);
                Counts.add(addressTotals, 0, acc.values, at);
                windowTotals.add(acc.cellSlot[c], acc.values, at);
            }
            Counts.add(totals, 0, addressTotals, 0);
            writeAddress(out, acc.addresses, addressStart, addressEnd, addressTotals);
            out.writeVarint(cells.size());
            out.write(cells);
            writeAddress(totalsOnly, acc.addresses, addressStart, addressEnd, addressTotals);
            totalsOnly.writeVarint(0);
        }
        return new TrafficBlock(generation, shard, blockStart, totals, SlotCodec.encode(windowTotals), out.toByteArray(),
                totalsOnly.toByteArray());
    }

    private static void writeAddress(ByteWriter out, byte[] addresses, int start, int end, long[] addressTotals) {
        out.writeVarint(end - start);
        out.write(addresses, start, end);
        out.writeVarints(addressTotals, 0, Counts.STRIDE);
    }

    /** Every (address, window) of the block. */
    public static void decode(byte[] packed, CellVisitor visitor) {
        var in = new ByteReader(packed, 0);
        long[] counts = new long[Counts.STRIDE];
        long addresses = in.readVarint();
        for (long a = 0; a < addresses; a++) {
            int length = in.readVarintInt();
            int start = in.position();
            in.skip(length);
            for (int v = 0; v < Counts.STRIDE; v++) {
                in.readVarint(); // the totals: the windows follow
            }
            int end = in.readVarintInt() + in.position();
            while (in.position() < end) {
                int slot = in.readUnsignedByte();
                for (int v = 0; v < Counts.STRIDE; v++) {
                    counts[v] = in.readVarint();
                }
                visitor.visit(packed, start, length, slot, counts, 0);
            }
        }
    }

    /** Every address's totals over the whole block, skipping its windows (of either packing). */
    public static void decodeTotals(byte[] packed, TotalsVisitor visitor) {
        var in = new ByteReader(packed, 0);
        long[] counts = new long[Counts.STRIDE];
        long addresses = in.readVarint();
        for (long a = 0; a < addresses; a++) {
            int length = in.readVarintInt();
            int start = in.position();
            in.skip(length);
            for (int v = 0; v < Counts.STRIDE; v++) {
                counts[v] = in.readVarint();
            }
            in.skip(in.readVarintInt());
            visitor.visit(packed, start, length, counts, 0);
        }
    }
}
