package io.logpulse.model;

import static io.logpulse.testing.Draw.size;
import static io.logpulse.testing.Draw.intBetween;
import static io.logpulse.testing.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.testing.Tries;
import io.logpulse.testing.Tries.Case;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The block storage format against a plain map model. Counts land in random windows (slots) in
 * random order (a late line's window comes after later windows), the same window again and again,
 * values from 0 to large. {@link SlotCounts} + {@link SlotCodec} (per-window totals) and
 * {@link BlockAccumulator} + {@link BlockCodec} (per address and window) must give back exactly
 * what went in: each window once, in ascending order for the totals, with block totals equal to
 * the sums, and merging two accumulators equal to counting everything in one.
 */
class SlotCodecTest {

    /** Counts of one address in one window. */
    record Cell(String ip, int slot, long[] counts) {
    }

    @Test
    void windowTotalsMatchTheModelAndSurviveTheCodec() {
        forAll(300, 0x5107_0001L, random -> {
            List<Cell> cells = cells(random);
            return new Case(() -> show(cells), () -> {
                TreeMap<Integer, List<Long>> model = perSlot(cells);
                var counts = new SlotCounts();
                cells.forEach(c -> counts.add(c.slot(), c.counts(), 0));

                assertThat(counts.size).isEqualTo(model.size());
                assertThat(Arrays.stream(counts.slots, 0, counts.size).boxed().toList()).as("slots kept sorted, each once")
                        .containsExactlyElementsOf(model.keySet());
                for (int v = 0; v < Counts.STRIDE; v++) {
                    int value = v;
                    assertThat(counts.total(v)).as("total of value %d", v)
                            .isEqualTo(model.values().stream().mapToLong(l -> l.get(value)).sum());
                }
                assertThat(decodeSlots(SlotCodec.encode(counts))).isEqualTo(model);
            });
        });
    }

    @Test
    void aBlockGivesBackEveryAddressAndWindow() {
        forAll(300, 0x5107_0002L, random -> {
            List<Cell> cells = cells(random);
            int splitAt = intBetween(random, 0, 150);
            return new Case(() -> "splitAt=" + splitAt + " cells=" + show(cells), () -> {
                int at = Math.min(splitAt, cells.size());
                var whole = new BlockAccumulator();
                batches(cells).forEach(whole::add);
                var first = new BlockAccumulator();
                var second = new BlockAccumulator();
                batches(cells.subList(0, at)).forEach(first::add);
                batches(cells.subList(at, cells.size())).forEach(second::add);
                first.addAll(second);

                for (BlockAccumulator acc : List.of(whole, first)) {
                    TrafficBlock block = BlockCodec.block(7, 3, 3_600_000L, acc);
                    assertThat(block.generation()).isEqualTo(7);
                    assertThat(block.shard()).isEqualTo(3);
                    assertThat(block.blockStart()).isEqualTo(3_600_000L);
                    assertThat(decodeAddresses(block.addresses())).isEqualTo(perAddressAndSlot(cells));
                    assertThat(decodeAddressTotals(block.addresses())).as("per-address totals of whole blocks")
                            .isEqualTo(perAddress(cells));
                    assertThat(decodeAddressTotals(block.addressTotals())).as("the same from the totals-only packing")
                            .isEqualTo(perAddress(cells));
                    assertThat(decodeAddresses(block.addressTotals())).as("which holds no window").isEmpty();
                    assertThat(decodeSlots(block.slots())).isEqualTo(perSlot(cells));
                    long[] totals = new long[Counts.STRIDE];
                    cells.forEach(c -> Counts.add(totals, 0, c.counts(), 0));
                    assertThat(block.totals()).containsExactly(totals);
                }
            });
        });
    }

    @Test
    void nothingEncodesToNothing() {
        assertThat(SlotCodec.encode(new SlotCounts())).isEmpty();
        assertThat(decodeSlots(new byte[0])).isEmpty();
        TrafficBlock empty = BlockCodec.block(1, 0, 0, new BlockAccumulator());
        assertThat(decodeAddresses(empty.addresses())).isEmpty();
        assertThat(empty.totals()).containsOnly(0L);
    }

    @Test
    void oneRequestTakesSevenBytes() {
        var counts = new SlotCounts();
        counts.add(37, new long[] {1, 100, 1, 0, 0, 0}, 0);
        // slot, requests, bytes (100 < 128: one byte), four status counts
        assertThat(SlotCodec.encode(counts)).containsExactly(37, 1, 100, 1, 0, 0, 0);
    }

    /** The cells as the pipeline hands them over: in batches of a few, in the order given. */
    private static List<CellBatch> batches(List<Cell> cells) {
        var batches = new ArrayList<CellBatch>();
        for (int from = 0; from < cells.size(); from += 7) {
            List<Cell> part = cells.subList(from, Math.min(cells.size(), from + 7));
            long[] values = new long[part.size() * Counts.STRIDE];
            for (int i = 0; i < part.size(); i++) {
                System.arraycopy(part.get(i).counts(), 0, values, i * Counts.STRIDE, Counts.STRIDE);
            }
            batches.add(CellBatch.of(7, 3, 3_600_000L, part.stream().map(Cell::ip).toArray(String[]::new),
                    part.stream().mapToInt(Cell::slot).toArray(), values));
        }
        return batches;
    }

    private static TreeMap<Integer, List<Long>> perSlot(List<Cell> cells) {
        var model = new TreeMap<Integer, long[]>();
        cells.forEach(c -> Counts.add(model.computeIfAbsent(c.slot(), s -> new long[Counts.STRIDE]), 0, c.counts(), 0));
        var lists = new TreeMap<Integer, List<Long>>();
        model.forEach((slot, sums) -> lists.put(slot, Arrays.stream(sums).boxed().toList()));
        return lists;
    }

    private static Map<String, Map<Integer, List<Long>>> perAddressAndSlot(List<Cell> cells) {
        var model = new TreeMap<String, Map<Integer, List<Long>>>();
        for (Cell c : cells) {
            model.computeIfAbsent(c.ip(), ip -> new TreeMap<>()).merge(c.slot(), Arrays.stream(c.counts()).boxed().toList(),
                    (a, b) -> java.util.stream.IntStream.range(0, Counts.STRIDE).mapToObj(i -> a.get(i) + b.get(i)).toList());
        }
        return model;
    }

    private static Map<String, List<Long>> perAddress(List<Cell> cells) {
        var model = new TreeMap<String, long[]>();
        cells.forEach(c -> Counts.add(model.computeIfAbsent(c.ip(), ip -> new long[Counts.STRIDE]), 0, c.counts(), 0));
        var lists = new TreeMap<String, List<Long>>();
        model.forEach((ip, sums) -> lists.put(ip, Arrays.stream(sums).boxed().toList()));
        return lists;
    }

    private static Map<String, List<Long>> decodeAddressTotals(byte[] packed) {
        var decoded = new TreeMap<String, List<Long>>();
        BlockCodec.decodeTotals(packed, (bytes, start, length, counts, at) -> {
            String ip = new String(bytes, start, length, StandardCharsets.ISO_8859_1);
            assertThat(decoded.put(ip, Arrays.stream(counts, at, at + Counts.STRIDE).boxed().toList())).as("%s once", ip).isNull();
        });
        return decoded;
    }

    /** Decodes per-window totals, checking that windows come in ascending order, each once. */
    private static TreeMap<Integer, List<Long>> decodeSlots(byte[] packed) {
        var decoded = new TreeMap<Integer, List<Long>>();
        var order = new ArrayList<Integer>();
        SlotCodec.decode(packed, (slot, requests, bytes, s2, s3, s4, s5) -> {
            order.add(slot);
            decoded.put(slot, List.of(requests, bytes, s2, s3, s4, s5));
        });
        assertThat(order).as("slots in ascending order, each once").isSorted().doesNotHaveDuplicates();
        return decoded;
    }

    /** Decodes per address and window, checking that no (address, window) comes twice. */
    private static Map<String, Map<Integer, List<Long>>> decodeAddresses(byte[] packed) {
        var decoded = new TreeMap<String, Map<Integer, List<Long>>>();
        BlockCodec.decode(packed, (bytes, start, length, slot, counts, at) -> {
            String ip = new String(bytes, start, length, StandardCharsets.ISO_8859_1);
            List<Long> values = Arrays.stream(counts, at, at + Counts.STRIDE).boxed().toList();
            assertThat(decoded.computeIfAbsent(ip, k -> new TreeMap<>()).put(slot, values))
                    .as("%s in window %d once", ip, slot).isNull();
        });
        return decoded;
    }

    // Generators. Each draws only from the domain its property names, with extra weight on edge values.

    private static final String[] IPS = {"192.0.2.1", "192.0.2.10", "2001:db8::1", "198.51.100.23",
            "203.0.113.45", "10.0.0.2", "x"};
    private static final int[] EDGE_SLOTS = {0, 1, 58, 59};

    /** Up to 150 cells, each in a random window and for one of a few addresses, in random order. */
    private static List<Cell> cells(Random random) {
        int size = size(random, 150);
        var cells = new ArrayList<Cell>(size);
        for (int i = 0; i < size; i++) {
            String ip = IPS[random.nextInt(IPS.length)];
            int slot = random.nextInt(4) < 3 ? intBetween(random, 0, SlotCounts.SLOTS - 1)
                    : EDGE_SLOTS[random.nextInt(EDGE_SLOTS.length)];
            long requests = small(random);
            long bytes = random.nextInt(5) < 4 ? longBetween(random, 0, 100_000) : longBetween(random, 0, 1L << 52);
            cells.add(new Cell(ip, slot, new long[] {requests, bytes, small(random), small(random), small(random),
                    small(random)}));
        }
        return cells;
    }

    /** A count: mostly 0..200, one in five up to {@link Integer#MAX_VALUE}. */
    private static long small(Random random) {
        return random.nextInt(5) < 4 ? longBetween(random, 0, 200) : longBetween(random, 0, Integer.MAX_VALUE);
    }

    /** min..max: the ends and their neighbours, small distances from min, or uniform. */
    private static long longBetween(Random random, long min, long max) {
        return switch (random.nextInt(16)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> min + 1;
            case 3 -> max - 1;
            case 4, 5, 6, 7 -> min + (random.nextLong() >>> random.nextInt(1, 64)) % (max - min + 1);
            default -> random.nextLong(min, max + 1);
        };
    }

    private static String show(List<Cell> cells) {
        return cells.size() + " cells (ip slot counts):" + cells.stream()
                .map(c -> "\n  " + Tries.show(c.ip()) + " " + c.slot() + " " + Arrays.toString(c.counts()))
                .collect(Collectors.joining());
    }
}
