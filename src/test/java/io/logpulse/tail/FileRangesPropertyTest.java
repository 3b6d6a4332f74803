package io.logpulse.tail;

import static io.logpulse.testing.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.discover.LogFile;
import io.logpulse.testing.Draw;
import io.logpulse.testing.Tries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file cut into ranges and each range read by its own {@link FileCursor} must give the file's
 * bytes exactly once: the ranges tile the file, each starts at a line start, and the chunks of
 * each range, put together in range order, are contiguous from the first byte to the last. Lines
 * are random (empty, short, longer than a range, longer than a chunk), with or without a final
 * newline.
 */
class FileRangesPropertyTest {

    @TempDir
    Path dir;

    record Case(List<Integer> lengths, boolean finalNewline, int rangeBytes, int chunkSize) {

        byte[] content() {
            var out = new ByteArrayOutputStream();
            for (int i = 0; i < lengths.size(); i++) {
                for (int k = 0; k < lengths.get(i); k++) {
                    out.write('a' + (i + k) % 26);
                }
                if (i < lengths.size() - 1 || finalNewline) {
                    out.write('\n');
                }
            }
            return out.toByteArray();
        }
    }

    private static Case randomCase(Random random) {
        int rangeBytes = Draw.intBetween(random, 1, 64);
        int chunkSize = Draw.intBetween(random, 1, 96);
        var lengths = new ArrayList<Integer>();
        int lineCount = 1 + Draw.size(random, 40);
        for (int i = 0; i < lineCount; i++) {
            lengths.add(Draw.size(random, 3 * rangeBytes));
        }
        return new Case(lengths, random.nextBoolean(), rangeBytes, chunkSize);
    }

    @Test
    void rangesTileTheFileAtLineStartsAndTheirReadsGiveEveryByteOnce() {
        forAll(500, 0xF11E_2A9EL, random -> {
            Case c = randomCase(random);
            return new Tries.Case(c::toString, () -> check(c));
        });
    }

    private void check(Case c) throws IOException {
        byte[] content = c.content();
        if (content.length == 0) {
            return; // an empty file has no generation, so no split
        }
        Path file = Files.write(dir.resolve("access.log"), content);
        var whole = new FileGeneration(42, new LogFile(file.toString(), "src", "combined"), "key", 0, content.length);

        List<FileGeneration> ranges = FileRanges.cut(whole, c.rangeBytes());

        long expectedStart = 0;
        var ids = new ArrayList<String>();
        for (FileGeneration range : ranges) {
            assertThat(range.generation()).as("the file's generation").isEqualTo(42);
            assertThat(range.offset()).as("contiguous").isEqualTo(expectedStart);
            assertThat(range.offset() == 0 || content[(int) range.offset() - 1] == '\n').as("a line start").isTrue();
            assertThat(range.end()).isGreaterThan(range.offset());
            ids.add(range.splitId());
            expectedStart = readAll(range, c.chunkSize(), range.offset());
            assertThat(expectedStart).as("a range is read to its end").isEqualTo(range.end());
        }
        assertThat(expectedStart).as("the ranges cover the file").isEqualTo(content.length);
        assertThat(ids).as("one split id per range").doesNotHaveDuplicates();
    }

    /** Reads a range to its end; returns the offset after its last chunk, checking contiguity. */
    private static long readAll(FileGeneration range, int chunkSize, long from) throws IOException {
        long at = from;
        try (var cursor = new FileCursor(range, chunkSize)) {
            while (!cursor.finished()) {
                LogChunk chunk = cursor.next();
                if (chunk == null) {
                    continue;
                }
                assertThat(chunk.startOffset()).as("chunks are contiguous").isEqualTo(at);
                at = chunk.endOffset();
            }
        }
        return at;
    }
}
