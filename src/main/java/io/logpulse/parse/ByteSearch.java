package io.logpulse.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds bytes eight at a time (SWAR: one long holds eight bytes; a byte equal to the one sought
 * becomes zero after an XOR, and a zero byte is found with two arithmetic operations). Every line
 * is scanned for its end and NUL bytes, then for each field's end: byte by byte this was most of the
 * parser's ~490 ns per line (JFR and a parse-only loop over 1 M lines).
 */
public final class ByteSearch {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteSearch() {
    }

    /** The first index in [from, end) of {@code value}, or {@code end}. */
    public static int indexOf(byte[] bytes, int from, int end, byte value) {
        long pattern = (value & 0xFFL) * ONES;
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long found = zeroBytes((long) LONGS.get(bytes, i) ^ pattern);
            if (found != 0) {
                return i + firstByte(found);
            }
        }
        for (; i < end; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return end;
    }

    /** The first index in [from, end) of {@code one} or {@code other}, or {@code end}. */
    public static int indexOfEither(byte[] bytes, int from, int end, byte one, byte other) {
        long onePattern = (one & 0xFFL) * ONES;
        long otherPattern = (other & 0xFFL) * ONES;
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long found = zeroBytes(word ^ onePattern) | zeroBytes(word ^ otherPattern);
            if (found != 0) {
                return i + firstByte(found);
            }
        }
        for (; i < end; i++) {
            if (bytes[i] == one || bytes[i] == other) {
                return i;
            }
        }
        return end;
    }

    /**
     * The first index in [from, end) of a byte below {@code limit} (unsigned; {@code limit} at most
     * 128), or {@code end}. As cheap as looking for one byte: below 11 are both the line feed and NUL,
     * which a line was scanned for twice.
     */
    public static int indexOfBelow(byte[] bytes, int from, int end, int limit) {
        long pattern = limit * ONES;
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long found = (word - pattern) & ~word & HIGHS;
            if (found != 0) {
                return i + firstByte(found);
            }
        }
        for (; i < end; i++) {
            if ((bytes[i] & 0xFF) < limit) {
                return i;
            }
        }
        return end;
    }

    /**
     * The high bit of each zero byte of {@code word} set. A borrow may also mark a byte above a zero
     * one, never below: the lowest mark is always right, and only the lowest is used.
     */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGHS;
    }

    /**
     * Little-endian: the lowest marked byte is the first in memory. Its mark alone, moved to bit 0 of
     * byte i, times a constant whose byte j is 7 - j, brings i to the top byte. Not
     * Long.numberOfTrailingZeros: the ingest's C1 compiler does not make it an instruction, and its
     * calls were 2.7% of an ingest's CPU (perf).
     */
    private static int firstByte(long marks) {
        return (int) ((((marks & -marks) >>> 7) * 0x0001020304050607L) >>> 56);
    }
}
