package io.logpulse.parse;

import static io.logpulse.testing.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.testing.Draw;
import io.logpulse.testing.Tries;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The eight-at-a-time search against a byte-by-byte one, on arrays drawn from a small alphabet (so
 * matches are close together, the case where a borrow marks a byte after the true match) that
 * holds bytes with the high bit set, zeros and 0x01/0x80 neighbours, at every alignment and length.
 */
class ByteSearchPropertyTest {

    private static final byte[] ALPHABET = {0, 1, '\n', ' ', '"', '\\', (byte) 0x80, (byte) 0xFF, (byte) 0x7F, 'a', '\t',
        0x0B, 0x0A};
    /** Limits for {@link ByteSearch#indexOfBelow}: the line parser's 11, its neighbours, and the ends of the range. */
    private static final int[] LIMITS = {11, 10, 12, 1, 2, 0x20, 0x7F, 0x80};

    private static byte[] bytes(Random random) {
        byte[] bytes = new byte[Draw.size(random, 70)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = ALPHABET[random.nextInt(random.nextBoolean() ? 3 : ALPHABET.length)];
        }
        return bytes;
    }

    private static int naive(byte[] bytes, int from, int end, byte one, byte other) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == one || bytes[i] == other) {
                return i;
            }
        }
        return end;
    }

    private static int naiveBelow(byte[] bytes, int from, int end, int limit) {
        for (int i = from; i < end; i++) {
            if (Byte.toUnsignedInt(bytes[i]) < limit) {
                return i;
            }
        }
        return end;
    }

    @Test
    void findsTheFirstMatchLikeAByteByByteScan() {
        forAll(3000, 0xB17E_5EA2L, random -> {
            byte[] bytes = bytes(random);
            int from = Draw.intBetween(random, 0, bytes.length);
            int end = Draw.intBetween(random, from, bytes.length);
            byte one = ALPHABET[random.nextInt(ALPHABET.length)];
            byte other = ALPHABET[random.nextInt(ALPHABET.length)];
            int limit = LIMITS[random.nextInt(LIMITS.length)];
            return new Tries.Case(() -> Tries.show(bytes) + " [" + from + ", " + end + ") " + one + "/" + other + " <" + limit, () -> {
                assertThat(ByteSearch.indexOf(bytes, from, end, one)).isEqualTo(naive(bytes, from, end, one, one));
                assertThat(ByteSearch.indexOfEither(bytes, from, end, one, other))
                        .isEqualTo(naive(bytes, from, end, one, other));
                assertThat(ByteSearch.indexOfBelow(bytes, from, end, limit)).as("below %d", limit)
                        .isEqualTo(naiveBelow(bytes, from, end, limit));
            });
        });
    }
}
