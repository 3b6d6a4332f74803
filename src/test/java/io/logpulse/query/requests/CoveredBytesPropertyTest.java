package io.logpulse.query.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.testing.Draw;
import io.logpulse.testing.Tries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The covered ranges answer as a plain set of every added byte does. */
class CoveredBytesPropertyTest {

    @Test
    void overlapsAndContainsAgreeWithASetOfBytes() {
        Tries.forAll(500, 0xC0BE_4EDL, random -> {
            List<long[]> ranges = new ArrayList<>();
            for (int i = Draw.size(random, 30); i >= 0; i--) {
                long start = random.nextInt(200);
                ranges.add(new long[] {random.nextInt(2), start, start + 1 + random.nextInt(40)});
            }
            return new Tries.Case(() -> ranges.stream().map(r -> r[0] + ":[" + r[1] + "," + r[2] + ")").toList().toString(), () -> {
                var covered = new CoveredBytes();
                BitSet[] bytes = {new BitSet(), new BitSet()};
                for (long[] r : ranges) {
                    int g = (int) r[0];
                    boolean expected = bytes[g].get((int) r[1], (int) r[2]).cardinality() > 0;
                    assertThat(covered.overlaps(g, r[1], r[2])).as("overlaps %s", Arrays.toString(r)).isEqualTo(expected);
                    covered.add(g, r[1], r[2]);
                    bytes[g].set((int) r[1], (int) r[2]);
                    for (int offset = 0; offset < 260; offset++) {
                        assertThat(covered.contains(g, offset)).as("byte %d of %d", offset, g).isEqualTo(bytes[g].get(offset));
                    }
                }
            });
        });
    }
}
