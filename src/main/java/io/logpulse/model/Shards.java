package io.logpulse.model;

/**
 * Client addresses are spread over {@link #COUNT} shards: the store keeps one row per (block,
 * generation, shard) holding all of that shard's addresses, so that a day of traffic from 50,000
 * clients is a few hundred rows to write and read, not hundreds of thousands. The same address
 * always lands in the same shard, from its bytes or from its string.
 */
public final class Shards {

    public static final int COUNT = 16;

    private Shards() {
    }

    public static int of(byte[] bytes, int start, int end) {
        int h = 0x811C9DC5;
        for (int i = start; i < end; i++) {
            h = (h ^ (bytes[i] & 0xff)) * 0x01000193;
        }
        return (h ^ (h >>> 16)) & (COUNT - 1);
    }

    /** For addresses as strings: they are ASCII, so each char is the byte it was read from. */
    public static int of(String address) {
        int h = 0x811C9DC5;
        for (int i = 0; i < address.length(); i++) {
            h = (h ^ (address.charAt(i) & 0xff)) * 0x01000193;
        }
        return (h ^ (h >>> 16)) & (COUNT - 1);
    }
}
