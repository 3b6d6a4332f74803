package io.logpulse.model;

import java.nio.charset.StandardCharsets;

/**
 * A Bloom filter over the client addresses of a segment: about 10 bits and 4 probes per address, so a
 * segment without the address is skipped ~99% of the time. Probes come from the stored
 * {@link TextHash}, so the layout must not change.
 */
public final class AddressFilter {
    /**
     * Where a segment's filter is stored among its columns (request_data.column_id), clear of the
     * columns' and summaries' ids. Not in the segment's own row: picking segments by time would read
     * every filter (6.6 MB for a day of 10 M requests) to skip it.
     */
    public static final int COLUMN_ID = 64;
    private static final int BITS_PER_ENTRY = 10;
    private static final int PROBES = 4;

    private AddressFilter() {
    }

    static byte[] of(TextDictionary addresses) {
        int wanted = Math.max(64, addresses.size() * BITS_PER_ENTRY);
        int bits = Integer.highestOneBit(wanted - 1) << 1;
        byte[] filter = new byte[bits / 8];
        for (int e = 0; e < addresses.size(); e++) {
            long hash = addresses.hash(e);
            for (int p = 0; p < PROBES; p++) {
                int bit = probe(hash, p, bits);
                filter[bit >>> 3] |= (byte) (1 << (bit & 7));
            }
        }
        return filter;
    }

    /** False when the segment certainly does not hold {@code address}. */
    public static boolean mayContain(byte[] filter, String address) {
        byte[] bytes = address.getBytes(StandardCharsets.UTF_8);
        long hash = TextHash.of(bytes, 0, bytes.length);
        int bits = filter.length * 8;
        for (int p = 0; p < PROBES; p++) {
            int bit = probe(hash, p, bits);
            if ((filter[bit >>> 3] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    private static int probe(long hash, int p, int bits) {
        int h1 = (int) hash;
        int h2 = (int) (hash >>> 32) | 1;
        return (h1 + p * h2) & (bits - 1);
    }
}
