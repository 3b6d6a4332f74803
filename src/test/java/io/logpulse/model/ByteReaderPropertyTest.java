package io.logpulse.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.testing.Tries;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reading or writing many varints at once gives what reading or writing them one by one does, whatever their sizes. */
class ByteReaderPropertyTest {

    @Test
    void readingManyAtOnceEqualsReadingOneByOne() {
        Tries.forAll(300, 0xB7_7E_5L, random -> {
            long[] written = random.longs(random.nextInt(200)).map(v -> sized(random, v)).toArray();
            return new Tries.Case(() -> Arrays.toString(written), () -> {
                var out = new ByteWriter(16);
                out.writeVarint(7); // a column's mode comes first: the values start inside the array
                for (long v : written) {
                    out.writeVarint(v);
                }
                out.writeVarint(99); // and what follows them must not be read
                byte[] bytes = out.toByteArray();
                var many = new ByteReader(bytes, 1);
                long[] read = new long[written.length];
                many.readVarints(read, written.length);
                assertThat(read).isEqualTo(written);
                assertThat(many.readVarint()).isEqualTo(99);
                assertThat(many.atEnd()).isTrue();
            });
        });
    }

    @Test
    void writingManyAtOnceEqualsWritingOneByOne() {
        Tries.forAll(300, 0xB7_7E_6L, random -> {
            long[] values = random.longs(random.nextInt(200)).map(v -> sized(random, v)).toArray();
            int from = values.length == 0 ? 0 : random.nextInt(values.length);
            int count = values.length == 0 ? 0 : random.nextInt(values.length - from + 1);
            return new Tries.Case(() -> Arrays.toString(values) + " from " + from + " count " + count, () -> {
                var oneByOne = new ByteWriter(16);
                var many = new ByteWriter(16); // small: it must grow on the way
                oneByOne.writeVarint(300);
                many.writeVarint(300);
                for (int i = from; i < from + count; i++) {
                    oneByOne.writeVarint(values[i]);
                }
                many.writeVarints(values, from, count);
                oneByOne.writeVarint(5);
                many.writeVarint(5);
                assertThat(many.toByteArray()).isEqualTo(oneByOne.toByteArray());
            });
        });
    }

    /** One, two, three or more bytes as a varint, negative ones ten. */
    private static long sized(Random random, long v) {
        return switch (random.nextInt(5)) {
            case 0 -> v & 0x7F;
            case 1 -> v & 0x3FFF;
            case 2 -> v & 0x1FFFFF;
            case 3 -> v >>> random.nextInt(64);
            default -> v;
        };
    }
}
