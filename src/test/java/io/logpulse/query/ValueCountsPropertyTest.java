package io.logpulse.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.model.Counts;
import io.logpulse.parse.Unescape;
import io.logpulse.testing.Draw;
import io.logpulse.testing.Tries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ValueCounts} against a plain map from name to counts: values given as byte ranges inside
 * larger arrays, repeated, escaped two ways ({@code \"} and {@code \x22} read as one name), empty,
 * and enough of them that the table grows several times between additions to the same value.
 */
class ValueCountsPropertyTest {

    private static final String[] PIECES = {"a", "/", "\"", "\\\"", "\\x22", "é", "", "zz", "\\\\"};

    @Test
    void sumsCountsPerNameAsAMapDoes() {
        Tries.forAll(300, 0x5EED_C0DEL, random -> {
            int distinct = Draw.intBetween(random, 1, random.nextBoolean() ? 40 : 3_000);
            List<byte[]> values = new ArrayList<>();
            for (int v = 0; v < distinct; v++) {
                values.add(value(random));
            }
            int additions = Draw.intBetween(random, 0, 4 * distinct);
            int limit = Draw.intBetween(random, 1, 30);
            long seed = random.nextLong();
            return new Tries.Case(() -> distinct + " values, " + additions + " additions, limit " + limit,
                    () -> check(values, additions, limit, new Random(seed)));
        });
    }

    private static void check(List<byte[]> values, int additions, int limit, Random random) {
        var counts = new ValueCounts();
        Map<String, long[]> expected = new HashMap<>();
        long[] absent = new long[Counts.STRIDE];
        for (int i = 0; i < additions; i++) {
            long[] from = new long[Counts.STRIDE + 3];
            int at = random.nextInt(4);
            Counts.addRequest(from, at, random.nextInt(5_000), 100 + random.nextInt(500));
            if (random.nextInt(20) == 0) {
                counts.addAbsent(from, at);
                Counts.add(absent, 0, from, at);
                continue;
            }
            byte[] value = values.get(random.nextInt(values.size()));
            byte[] padded = new byte[value.length + 7];
            int start = random.nextInt(4);
            System.arraycopy(value, 0, padded, start, value.length);
            padded[start + value.length] = 'X'; // the bytes beyond the range must not count
            counts.add(padded, start, start + value.length, from, at);
            Counts.add(expected.computeIfAbsent(Unescape.decode(value, 0, value.length), k -> new long[Counts.STRIDE]), 0,
                    from, at);
        }
        if (absent[Counts.REQUESTS] > 0) {
            expected.put(ValueCounts.ABSENT, absent);
        }

        long total = expected.values().stream().mapToLong(c -> c[Counts.REQUESTS]).sum();
        assertThat(counts.totalRequests()).isEqualTo(total);
        for (var e : expected.entrySet()) {
            assertThat(counts.requests(e.getKey())).as(e.getKey()).isEqualTo(e.getValue()[Counts.REQUESTS]);
        }
        assertThat(counts.requests("never added")).isZero();

        List<String> expectedTop = expected.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> e.getValue()[Counts.REQUESTS]).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .map(e -> e.getKey() + "=" + List.of(boxed(e.getValue())))
                .toList();
        assertThat(counts.top(limit)).extracting(g -> g.key() + "=" + List.of(g.requests(), g.bytes(), g.status(2),
                g.status(3), g.status(4), g.status(5))).containsExactlyElementsOf(expectedTop);
    }

    private static Long[] boxed(long[] counts) {
        Long[] boxed = new Long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            boxed[i] = counts[i];
        }
        return boxed;
    }

    private static byte[] value(Random random) {
        var text = new StringBuilder();
        int pieces = Draw.intBetween(random, 0, 6);
        for (int p = 0; p < pieces; p++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        text.append(random.nextInt(500));
        return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
