package io.logpulse.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.testing.Draw;
import io.logpulse.testing.Tries;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TextDictionary#internAll} must number values exactly as interning them one after the other
 * does: with values repeated inside one batch, values new and old mixed, batches large enough to
 * make the table grow in the middle, and a small alphabet so that hashes share slots.
 */
class TextDictionaryPropertyTest {

    @Test
    void internAllNumbersValuesAsInterningOneByOneDoes() {
        Tries.forAll(400, 0x1D1C7L, random -> {
            int batches = Draw.intBetween(random, 1, 12);
            int distinct = Draw.intBetween(random, 1, random.nextBoolean() ? 20 : 5_000);
            long seed = random.nextLong();
            return new Tries.Case(() -> batches + " batches over " + distinct + " values",
                    () -> check(batches, distinct, new Random(seed)));
        });
    }

    private static void check(int batches, int distinct, Random random) {
        var batched = new TextDictionary();
        var oneByOne = new TextDictionary();
        for (int b = 0; b < batches; b++) {
            int entries = Draw.intBetween(random, 0, 3_000);
            // A segment's dictionary: values one after the other, some of them twice.
            var bytes = new ByteWriter(64);
            int[] starts = new int[entries];
            int[] ends = new int[entries];
            for (int e = 0; e < entries; e++) {
                byte[] value = ("/p" + random.nextInt(distinct)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                if (random.nextInt(50) == 0) {
                    value = new byte[0];
                }
                starts[e] = bytes.size();
                bytes.write(value, 0, value.length);
                ends[e] = bytes.size();
            }
            byte[] data = bytes.toByteArray();
            int count = entries == 0 ? 0 : Draw.intBetween(random, 0, entries);
            int[] which = new int[count];
            for (int i = 0; i < count; i++) {
                which[i] = random.nextInt(entries);
            }
            int[] numbers = new int[count + 3];
            Arrays.fill(numbers, -7);
            batched.internAll(data, starts, ends, which, count, numbers);
            for (int i = 0; i < count; i++) {
                assertThat(numbers[i]).as("value %d of batch %d", i, b)
                        .isEqualTo(oneByOne.intern(data, starts[which[i]], ends[which[i]]));
            }
            assertThat(numbers[count]).isEqualTo(-7);
            assertThat(batched.size()).isEqualTo(oneByOne.size());
        }
        for (int e = 0; e < batched.size(); e++) {
            assertThat(batched.text(e)).isEqualTo(oneByOne.text(e));
        }
    }
}
