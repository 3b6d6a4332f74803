package io.logpulse.tail;

import static io.logpulse.testing.Draw.size;
import static io.logpulse.testing.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.discover.LogFile;
import io.logpulse.testing.Tries;
import io.logpulse.testing.Tries.Case;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Splits and enumerator state go into Flink checkpoints: what is written must come back equal,
 * whatever the path, source label and format hold (any Unicode, NUL, unpaired surrogates, long
 * nginx format strings), and whatever the offsets are (0, FOLLOW, UNTIL_END_OF_FILE, anything).
 */
class SplitSerializersTest {

    @Test
    void aFileGenerationComesBackEqual() {
        forAll(500, 0x5E71_0001L, random -> {
            FileGeneration split = generation(random);
            return new Case(() -> show(split), () -> {
                var serializer = FileGenerationSerializer.INSTANCE;
                byte[] bytes = serializer.serialize(split);
                FileGeneration back = serializer.deserialize(serializer.getVersion(), bytes);
                assertThat(back).isEqualTo(split);
                assertThat(back.splitId()).isEqualTo(split.splitId());
                assertThat(back.follows()).isEqualTo(split.follows());
            });
        });
    }

    @Test
    void enumeratorStateComesBackEqual() {
        forAll(200, 0x5E71_0002L, random -> {
            List<FileGeneration> pending = generations(random, 6);
            Set<Long> known = longs(random, 60);
            return new Case(() -> "known=" + known + "\npending=" + pending.stream().map(SplitSerializersTest::show)
                    .collect(Collectors.joining("\n  ", "[\n  ", "]")), () -> {
                var state = new TailEnumeratorState(pending, known);
                var serializer = TailEnumeratorStateSerializer.INSTANCE;
                TailEnumeratorState back = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
                assertThat(back.pending()).containsExactlyElementsOf(pending);
                assertThat(back.known()).isEqualTo(new HashSet<>(known));
            });
        });
    }

    @Test
    void emptyEnumeratorStateComesBackEmpty() throws IOException {
        var serializer = TailEnumeratorStateSerializer.INSTANCE;
        var back = serializer.deserialize(serializer.getVersion(),
                serializer.serialize(new TailEnumeratorState(List.of(), Set.of())));
        assertThat(back.pending()).isEmpty();
        assertThat(back.known()).isEmpty();
    }

    @Test
    void anUnknownVersionIsRefusedNotMisread() throws IOException {
        var split = new FileGeneration(1, new LogFile("/a", "b", "main"), "1:2", 0, 10);
        byte[] bytes = FileGenerationSerializer.INSTANCE.serialize(split);
        assertThatThrownBy(() -> FileGenerationSerializer.INSTANCE.deserialize(FileGenerationSerializer.INSTANCE.getVersion() + 1, bytes))
                .isInstanceOf(IOException.class);
        byte[] state = TailEnumeratorStateSerializer.INSTANCE.serialize(new TailEnumeratorState(List.of(split), Set.of(1L)));
        assertThatThrownBy(() -> TailEnumeratorStateSerializer.INSTANCE.deserialize(
                TailEnumeratorStateSerializer.INSTANCE.getVersion() + 1, state)).isInstanceOf(IOException.class);
    }

    // Generators, with extra weight on edge values and on what a serializer gets wrong.

    private static final List<String> NAMED_TEXTS = List.of("", "/var/log/nginx/access.log", "lb01", "main",
            "/tmp/ünïcødé/日志/access.log", "\u0000", "\ud800", "\udfff\ud800", "😀/x.log.gz",
            "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent",
            "x".repeat(4096));

    /** A path, source or format: any UTF-16 (up to 40 chars), printable ASCII (up to 300), or a named one. */
    private static String text(Random random) {
        return switch (random.nextInt(6)) {
            case 0, 1, 2 -> anyChars(random, size(random, 40));
            case 3, 4 -> {
                char[] chars = new char[size(random, 300)];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = (char) random.nextInt(' ', '~' + 1);
                }
                yield new String(chars);
            }
            default -> NAMED_TEXTS.get(random.nextInt(NAMED_TEXTS.size()));
        };
    }

    /** The chars where modified UTF-8 changes its encoding length, NUL, and the ends of the surrogates. */
    private static final char[] EDGE_CHARS = {0, 1, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xD800, 0xDBFF, 0xDC00,
            0xDFFF, 0xE000, 0xFFFE, 0xFFFF, ' ', '/'};

    /** {@code length} chars of all of UTF-16: edge chars, lone surrogates, pairs (which may be cut), any. */
    private static String anyChars(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = switch (random.nextInt(10)) {
                case 0, 1 -> EDGE_CHARS[random.nextInt(EDGE_CHARS.length)];
                case 2 -> (char) random.nextInt(0xD800, 0xE000);
                case 3 -> (char) random.nextInt(0x80);
                default -> (char) random.nextInt(0x10000);
            };
            if (i + 1 < length && random.nextInt(10) == 0) { // a well-formed pair: an emoji or any supplementary char
                String pair = new String(Character.toChars(random.nextInt(0x10000, Character.MAX_CODE_POINT + 1)));
                chars[i] = pair.charAt(0);
                chars[++i] = pair.charAt(1);
            }
        }
        return new String(chars);
    }

    private static FileGeneration generation(Random random) {
        long id = anyLong(random);
        String path = text(random);
        String source = text(random);
        String format = text(random);
        String key = random.nextInt(4) == 0 ? null : longBetween(random, 0, Long.MAX_VALUE) + ":"
                + longBetween(random, 0, Long.MAX_VALUE);
        return new FileGeneration(id, new LogFile(path, source, format), key, offset(random), offset(random));
    }

    /** Up to {@code max} generations; now and then one twice. */
    private static List<FileGeneration> generations(Random random, int max) {
        int size = size(random, max);
        var list = new ArrayList<FileGeneration>(size);
        for (int i = 0; i < size; i++) {
            list.add(i > 0 && random.nextInt(10) == 0 ? list.get(random.nextInt(i)) : generation(random));
        }
        return list;
    }

    /** An offset or end: any from 0 up, or one of the values that mean something. */
    private static long offset(Random random) {
        return random.nextInt(4) < 3 ? longBetween(random, 0, Long.MAX_VALUE)
                : new long[] {0L, FileGeneration.FOLLOW, TailSource.UNTIL_END_OF_FILE}[random.nextInt(3)];
    }

    /** Up to {@code max} distinct longs, any, with extra weight on the edges. */
    private static Set<Long> longs(Random random, int max) {
        int size = size(random, max);
        var set = new LinkedHashSet<Long>();
        for (int i = 0; i < size; i++) {
            set.add(anyLong(random));
        }
        return set;
    }

    private static final long[] EDGE_LONGS = {0, 1, -1, 2, -2, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE,
            Long.MAX_VALUE - 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF_FFFFL};

    /** Any long: an edge value, a small or medium one of either sign, or uniform. */
    private static long anyLong(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> EDGE_LONGS[random.nextInt(EDGE_LONGS.length)];
            case 1, 2 -> (random.nextLong() >> random.nextInt(1, 64));
            default -> random.nextLong();
        };
    }

    /** min..max: the ends and their neighbours, any number of bits above min, or uniform. */
    private static long longBetween(Random random, long min, long max) {
        return switch (random.nextInt(16)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> min + 1;
            case 3 -> max - 1;
            case 4, 5, 6, 7 -> {
                long above = random.nextLong() >>> random.nextInt(1, 64);
                yield above <= max - min ? min + above : min + above % (max - min + 1);
            }
            default -> max == Long.MAX_VALUE && min == 0 ? random.nextLong() & Long.MAX_VALUE
                    : random.nextLong(min, max + 1);
        };
    }

    private static String show(FileGeneration g) {
        return "FileGeneration[generation=" + g.generation() + ", path=" + abbreviated(g.file().path())
                + ", source=" + abbreviated(g.file().source()) + ", format=" + abbreviated(g.file().format())
                + ", fileKey=" + Tries.show(g.fileKey()) + ", offset=" + g.offset() + ", end=" + g.end() + "]";
    }

    /** The text as a Java literal; the 4096 x's in short. */
    private static String abbreviated(String s) {
        return s.equals("x".repeat(4096)) ? "\"x\".repeat(4096)" : Tries.show(s);
    }
}
