package io.logpulse.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A 64-bit hash of a byte range, eight bytes at a time. It is stored (in the address filters of the
 * request store), so it must never change.
 */
public final class TextHash {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private TextHash() {
    }

    public static long of(byte[] bytes, int start, int end) {
        long h = (end - start) * MULTIPLIER;
        int i = start;
        for (; i + 8 <= end; i += 8) {
            h = Long.rotateLeft(h ^ ((long) LONGS.get(bytes, i) * MULTIPLIER), 27) * 5 + 0x52DCE729;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (bytes[i] & 0xFFL) << shift;
        }
        h = Long.rotateLeft(h ^ (tail * MULTIPLIER), 27) * 5 + 0x52DCE729;
        // Final mix (murmur3's fmix64): every input bit reaches every output bit.
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
