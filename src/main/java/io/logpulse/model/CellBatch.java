package io.logpulse.model;

import java.nio.charset.StandardCharsets;

/**
 * The requests of one chunk of lines that fall into one block and one shard, counted per (address,
 * window): cell {@code i} is the address {@code addresses[addressEnds[i - 1], addressEnds[i])} (from 0
 * for the first) in window {@code slots[i]} of the block, with its counts at
 * {@code values[i * Counts.STRIDE]}. One record carries a chunk's worth of cells across the keyed
 * exchange, instead of one record per line or per cell; the addresses stay bytes, as logged, because
 * a String per cell was made, serialized char by char, and hashed again on the other side.
 */
public record CellBatch(long generation, int shard, long blockStart, byte[] addresses, int[] addressEnds, int[] slots,
        long[] values) {

    /** A batch from addresses given as text (ISO-8859-1: one char per logged byte). */
    public static CellBatch of(long generation, int shard, long blockStart, String[] ips, int[] slots, long[] values) {
        var bytes = new ByteWriter(16 * ips.length);
        int[] ends = new int[ips.length];
        for (int i = 0; i < ips.length; i++) {
            byte[] ip = ips[i].getBytes(StandardCharsets.ISO_8859_1);
            bytes.write(ip, 0, ip.length);
            ends[i] = bytes.size();
        }
        return new CellBatch(generation, shard, blockStart, bytes.toByteArray(), ends, slots, values);
    }

    public int size() {
        return slots.length;
    }

    public int addressStart(int cell) {
        return cell == 0 ? 0 : addressEnds[cell - 1];
    }

    public long requests() {
        long sum = 0;
        for (int i = 0; i < slots.length; i++) {
            sum += values[i * Counts.STRIDE + Counts.REQUESTS];
        }
        return sum;
    }
}
