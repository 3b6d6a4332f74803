package io.logpulse.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a large plain file into byte ranges of whole lines, so that several readers can parse one
 * file: each range starts at the first line start at or after its nominal offset and ends where
 * the next one starts. The ranges are splits of the same generation, so their counts land on the
 * same stored rows as an uncut read would.
 */
final class FileRanges {

    private static final int SCAN_BYTES = 64 * 1024;

    private FileRanges() {
    }

    /** The ranges of {@code split} (offset 0 to its end), each about {@code rangeBytes} long. */
    static List<FileGeneration> cut(FileGeneration split, long rangeBytes) throws IOException {
        var ranges = new ArrayList<FileGeneration>();
        try (FileChannel file = FileChannel.open(split.file().asPath(), StandardOpenOption.READ)) {
            long start = split.offset();
            while (start < split.end()) {
                long end = start + rangeBytes >= split.end() ? split.end() : lineStartAtOrAfter(file, start + rangeBytes);
                ranges.add(new FileGeneration(split.generation(), split.file(), split.fileKey(), start,
                        Math.min(end, split.end())));
                start = end;
            }
        }
        return ranges;
    }

    /** The first byte at or after {@code offset} that starts a line, or the end of the file. */
    static long lineStartAtOrAfter(FileChannel file, long offset) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(SCAN_BYTES);
        // A line starts at offset when the byte before it ends one.
        long position = offset - 1;
        while (true) {
            buffer.clear();
            int read = file.read(buffer, position);
            if (read < 0) {
                return file.size();
            }
            for (int i = 0; i < read; i++) {
                if (buffer.get(i) == '\n') {
                    return position + i + 1;
                }
            }
            position += read;
        }
    }
}
