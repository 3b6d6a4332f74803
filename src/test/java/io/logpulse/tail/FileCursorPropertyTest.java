package io.logpulse.tail;

import static io.logpulse.testing.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.discover.LogFile;
import io.logpulse.testing.Tries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Model-based properties of {@link FileCursor}: a file is a random sequence of lines (empty ones,
 * short ones, ones around and far beyond the chunk size, with or without a final newline); the
 * model splits the file's bytes at {@code '\n'} by itself and says which lines a split owns. The
 * chunks the cursor hands out, put together, must give exactly those lines: each once, in order,
 * contiguous, over-long lines as one over-long report with their true start and length.
 *
 * <p>Boundary, documented in the test: an <em>unterminated</em> last line of exactly the chunk size
 * may come either as a normal line or as an over-long one (the cursor cannot tell a full buffer from
 * a complete line without reading on); every other line's kind is fixed by its length.
 */
class FileCursorPropertyTest {

    /** A random file: line lengths, the bytes' seed, the final newline, the chunk size, where to read. */
    record Case(int chunkSize, List<Integer> lengths, long seed, boolean finalNewline, int startPick,
            int endMode, int endPick, boolean gzip) {

        byte[] content() {
            var random = new Random(seed);
            var out = new ByteArrayOutputStream();
            for (int i = 0; i < lengths.size(); i++) {
                for (int k = 0; k < lengths.get(i); k++) {
                    out.write(randomByte(random));
                }
                if (i < lengths.size() - 1 || finalNewline) {
                    out.write('\n');
                }
            }
            return out.toByteArray();
        }

        private static int randomByte(Random random) {
            int pick = random.nextInt(20);
            int b = switch (pick) {
                case 0 -> '\r';
                case 1 -> 0;
                case 2 -> 0xFF;
                case 3, 4 -> random.nextInt(256);
                default -> 0x20 + random.nextInt(0x5F);
            };
            return b == '\n' ? 'x' : b;
        }
    }

    /** A line of the model: where it starts, its bytes in the file (with its newline, if any). */
    record Line(long start, int length, boolean terminated) {
    }

    /** A line as the cursor reported it. */
    record Seen(long start, long length, boolean oversized, byte[] bytes) {
    }

    /** A random file and where to read it: the chunk size first, the line lengths around it. */
    private static Case randomCase(Random random) {
        int pick = random.nextInt(10);
        int chunk = pick < 7 ? intBetween(random, 1, 64) : pick < 9 ? intBetween(random, 65, 400)
                : intBetween(random, 1024, 1400);
        int lineCount = size(random, 1, 25);
        var lengths = new ArrayList<Integer>(lineCount);
        for (int i = 0; i < lineCount; i++) {
            lengths.add(lineLength(random, chunk));
        }
        return new Case(chunk, lengths, anyLong(random), random.nextBoolean(), intBetween(random, 0, Integer.MAX_VALUE),
                intBetween(random, 0, 9), intBetween(random, 0, Integer.MAX_VALUE), random.nextInt(5) == 0);
    }

    /** A line's length for a chunk size: empty, short, around the chunk size, or well beyond it. */
    private static int lineLength(Random random, int chunk) {
        int pick = random.nextInt(12);
        if (pick < 2) {
            return 0;
        } else if (pick < 7) {
            return intBetween(random, 1, Math.max(1, chunk / 2));
        } else if (pick < 10) {
            return intBetween(random, Math.max(0, chunk - 2), chunk + 1);
        } else {
            return intBetween(random, chunk + 2, 3 * chunk + 2);
        }
    }

    /** min..max (max may be Integer.MAX_VALUE), either end in about one try in ten. */
    private static int intBetween(Random random, int min, int max) {
        return switch (random.nextInt(20)) {
            case 0 -> min;
            case 1 -> max;
            default -> (int) random.nextLong(min, (long) max + 1);
        };
    }

    /** min..max, often min, max or short. */
    private static int size(Random random, int min, int max) {
        return switch (random.nextInt(20)) {
            case 0 -> min;
            case 1 -> max;
            case 2, 3, 4, 5 -> random.nextInt(min, Math.min(min + 3, max) + 1);
            default -> random.nextInt(min, max + 1);
        };
    }

    private static final long[] EDGE_LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};

    /** Any long, now and then an edge value. */
    private static long anyLong(Random random) {
        return random.nextInt(10) == 0 ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)] : random.nextLong();
    }

    @Test
    void boundedReadHandsOutExactlyTheLinesThatStartBeforeTheEnd() {
        forAll(600, 0xF11E_0001L, random -> {
            Case c = randomCase(random);
            return new Tries.Case(c::toString, () -> boundedRead(c));
        });
    }

    /**
     * A range of exactly a number of buffers: its chunks fall short of a buffer by their cut lines,
     * and the rest, just over a buffer, comes as two halves rather than a buffer and a sliver.
     */
    @Test
    void aRangeEndsWithoutASliverOfAChunk() throws IOException {
        int chunkSize = 4096;
        byte[] line = "203.0.113.7 - - [31/Jan/2025:03:07:33 +0900] \"GET /index.html HTTP/1.1\" 200 512\n"
                .getBytes(StandardCharsets.US_ASCII);
        var content = new ByteArrayOutputStream();
        while (content.size() < 16 * chunkSize) {
            content.write(line);
        }
        Path file = write(content.toByteArray(), false);
        try {
            long end;
            try (var channel = FileChannel.open(file)) {
                end = FileRanges.lineStartAtOrAfter(channel, 16 * chunkSize);
            }
            var split = new FileGeneration(42, new LogFile(file.toString(), "src", "main"), null, 0, end);
            List<Integer> lengths = new ArrayList<>();
            try (var cursor = new FileCursor(split, chunkSize)) {
                while (!cursor.finished()) {
                    LogChunk chunk = cursor.next();
                    if (chunk != null) {
                        lengths.add(chunk.length());
                    }
                }
            }
            assertThat(lengths.stream().mapToLong(Integer::longValue).sum()).isEqualTo(end);
            assertThat(lengths).allSatisfy(length -> assertThat(length).isBetween(chunkSize / 4, chunkSize));
        } finally {
            Files.delete(file);
        }
    }

    private static void boundedRead(Case c) throws IOException {
        byte[] content = c.content();
        List<Line> lines = linesOf(content);
        if (lines.isEmpty()) {
            return; // an empty file has no generation, so no split
        }
        Line first = lines.get(c.startPick() % lines.size());
        long offset = first.start();
        long end = switch (c.endMode()) {
            case 0 -> content.length;
            case 1 -> TailSource.UNTIL_END_OF_FILE;
            case 2 -> content.length + 1 + c.endPick() % 100;
            default -> offset + 1 + c.endPick() % (content.length - offset);
        };
        List<Line> owned = lines.stream().filter(l -> l.start() >= offset && l.start() < end).toList();
        // The owned lines are the run from the start to the line that holds byte end-1 (or the file's end).
        assertThat(owned).isNotEmpty();
        Line last = owned.get(owned.size() - 1);
        if (end <= content.length) {
            assertThat(last.start()).isLessThanOrEqualTo(end - 1);
            assertThat(last.start() + last.length()).isGreaterThan(end - 1);
        } else {
            assertThat(last.start() + last.length()).isEqualTo(content.length);
        }

        Path file = write(content, c.gzip());
        try {
            var split = new FileGeneration(42, new LogFile(file.toString(), "src", "main"), null, offset, end);
            List<LogChunk> chunks = new ArrayList<>();
            try (var cursor = new FileCursor(split, c.chunkSize())) {
                int calls = 0;
                while (!cursor.finished()) {
                    assertThat(++calls).as("a bounded read of a file that does not change must finish")
                            .isLessThan(content.length + 20);
                    LogChunk chunk = cursor.next();
                    if (chunk != null) {
                        assertThat(chunk.split()).isEqualTo(split);
                        chunks.add(chunk);
                    }
                }
                assertThat(cursor.next()).as("nothing after the split is finished").isNull();
            }
            // Checked only now that every chunk has been handed out: a chunk must not share a buffer
            // that a later read overwrites (chunks cross from the I/O thread to the task thread).
            List<Seen> seen = reported(chunks, offset, c.chunkSize());
            assertSameLines(seen, owned, content, c.chunkSize());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void followingHandsOutOnlyFinishedLinesAndGoesOnWhenTheRestArrives() {
        forAll(250, 0xF11E_0002L, random -> {
            Case c = randomCase(random);
            int cutPick = intBetween(random, 0, Integer.MAX_VALUE);
            return new Tries.Case(() -> c + " cutPick=" + cutPick, () -> following(c, cutPick));
        });
    }

    private static void following(Case c, int cutPick) throws IOException {
        byte[] content = c.content();
        List<Line> lines = linesOf(content);
        if (lines.isEmpty()) {
            return;
        }
        // A followed file gets its split once its first line is there (or its first 1 KiB): the
        // enumerator names the generation after it. Start at a line start, stop writing anywhere after.
        int named = Math.min(lines.get(0).length(), Fingerprint.FIRST_LINE_BYTES);
        if (!lines.get(0).terminated() && named < Fingerprint.FIRST_LINE_BYTES) {
            return; // never followed: its first line never ends
        }
        long offset = lines.get(c.startPick() % lines.size()).start();
        int from = (int) Math.max(offset, named);
        int cut = from + cutPick % (content.length - from + 1);
        Path file = write(Arrays.copyOfRange(content, 0, cut), false);
        try {
            var logFile = new LogFile(file.toString(), "src", "main");
            var split = new FileGeneration(Fingerprint.of(logFile, false).orElseThrow(), logFile,
                    Fingerprint.fileKey(file), offset, FileGeneration.FOLLOW);
            try (var cursor = new FileCursor(split, c.chunkSize())) {
                List<LogChunk> before = drainUntilNothingNew(cursor, content.length);
                List<Line> completeBefore = lines.stream()
                        .filter(l -> l.start() >= offset && l.terminated() && l.start() + l.length() <= cut).toList();
                long resumeAt = completeBefore.isEmpty() ? offset
                        : completeBefore.get(completeBefore.size() - 1).start() + completeBefore.get(completeBefore.size() - 1).length();
                assertSameLines(reported(before, offset, c.chunkSize()), completeBefore, content, c.chunkSize());

                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                    out.write(content, cut, content.length - cut);
                }
                List<LogChunk> after = drainUntilNothingNew(cursor, content.length);
                List<Line> completeAfter = lines.stream()
                        .filter(l -> l.start() >= resumeAt && l.terminated()).toList();
                assertSameLines(reported(after, resumeAt, c.chunkSize()), completeAfter, content, c.chunkSize());
                assertThat(cursor.finished()).as("a followed file is never finished").isFalse();
            }
        } finally {
            Files.delete(file);
        }
    }

    private static List<LogChunk> drainUntilNothingNew(FileCursor cursor, int contentLength) throws IOException {
        List<LogChunk> chunks = new ArrayList<>();
        for (int calls = 0; ; calls++) {
            assertThat(calls).as("reading what is there must come to an end").isLessThan(contentLength + 20);
            LogChunk chunk = cursor.next();
            if (chunk == null) {
                return chunks;
            }
            chunks.add(chunk);
        }
    }

    /** The model: the file's bytes split at '\n'; a last line without '\n' is a line if it has bytes. */
    static List<Line> linesOf(byte[] content) {
        var lines = new ArrayList<Line>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                lines.add(new Line(start, i + 1 - start, true));
                start = i + 1;
            }
        }
        if (start < content.length) {
            lines.add(new Line(start, content.length - start, false));
        }
        return lines;
    }

    /** The lines the chunks hold, checking that the chunks follow each other without gap or overlap. */
    private static List<Seen> reported(List<LogChunk> chunks, long offset, int chunkSize) {
        var seen = new ArrayList<Seen>();
        long next = offset;
        for (LogChunk chunk : chunks) {
            assertThat(chunk.startOffset()).as("chunks are contiguous").isEqualTo(next);
            if (chunk.oversized()) {
                seen.add(new Seen(chunk.startOffset(), chunk.skipped(), true,
                        Arrays.copyOf(chunk.data(), chunk.length())));
            } else {
                assertThat(chunk.length()).as("a chunk of lines holds something").isPositive();
                assertThat(chunk.length()).as("a chunk of lines fits the chunk size").isLessThanOrEqualTo(chunkSize);
                assertThat(chunk.skipped()).isEqualTo(chunk.length());
                int lineStart = 0;
                for (int i = 0; i < chunk.length(); i++) {
                    if (chunk.data()[i] == '\n') {
                        seen.add(new Seen(chunk.startOffset() + lineStart, i + 1 - lineStart, false,
                                Arrays.copyOfRange(chunk.data(), lineStart, i + 1)));
                        lineStart = i + 1;
                    }
                }
                if (lineStart < chunk.length()) {
                    seen.add(new Seen(chunk.startOffset() + lineStart, chunk.length() - lineStart, false,
                            Arrays.copyOfRange(chunk.data(), lineStart, chunk.length())));
                }
            }
            next = chunk.endOffset();
        }
        return seen;
    }

    private static void assertSameLines(List<Seen> seen, List<Line> expected, byte[] content, int chunkSize) {
        assertThat(seen.stream().map(s -> s.start() + "+" + s.length()).toList())
                .as("lines handed out (start+length)")
                .isEqualTo(expected.stream().map(l -> l.start() + "+" + l.length()).toList());
        for (int i = 0; i < expected.size(); i++) {
            Line line = expected.get(i);
            Seen s = seen.get(i);
            byte[] inFile = Arrays.copyOfRange(content, (int) line.start(), (int) line.start() + line.length());
            boolean mustBeOversized = line.length() > chunkSize;
            boolean mayBeOversized = mustBeOversized || !line.terminated() && line.length() == chunkSize;
            if (s.oversized()) {
                assertThat(mayBeOversized).as("line at %d (%d bytes, chunk %d) reported as over-long",
                        line.start(), line.length(), chunkSize).isTrue();
                assertThat(s.bytes().length).as("over-long line's prefix size").isPositive()
                        .isLessThanOrEqualTo(FileCursor.OVERSIZED_PREFIX)
                        .isLessThanOrEqualTo(line.length())
                        .isGreaterThanOrEqualTo(Math.min(FileCursor.OVERSIZED_PREFIX, chunkSize));
                assertThat(Arrays.equals(s.bytes(), Arrays.copyOf(inFile, Math.min(s.bytes().length, inFile.length))))
                        .as("over-long line at %d (%d bytes): its %d-byte prefix is its first bytes",
                                line.start(), line.length(), s.bytes().length)
                        .isTrue();
            } else {
                assertThat(mustBeOversized).as("line at %d (%d bytes, chunk %d) reported whole",
                        line.start(), line.length(), chunkSize).isFalse();
                assertThat(Arrays.equals(s.bytes(), inFile)).as("bytes of the line at %d", line.start()).isTrue();
            }
        }
    }

    private static Path write(byte[] content, boolean gzip) throws IOException {
        Path file = Files.createTempFile("cursor", gzip ? ".log.gz" : ".log");
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }
}
