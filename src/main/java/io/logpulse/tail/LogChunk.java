package io.logpulse.tail;

/**
 * Bytes read from one file generation, handed from the I/O thread to the task thread.
 *
 * <p>{@code data[0, length)} holds whole lines only, each ending in {@code '\n'} (the final line of a
 * bounded read may lack it), starting at byte {@code startOffset} of the generation. A line too long
 * to hold in memory arrives as its own chunk with {@code oversized} set: {@code data} then holds its
 * first bytes only, and {@code skipped} the total length the line had in the file.
 */
public record LogChunk(FileGeneration split, byte[] data, int length, long startOffset, boolean oversized, long skipped) {

    public static LogChunk lines(FileGeneration split, byte[] data, int length, long startOffset) {
        return new LogChunk(split, data, length, startOffset, false, length);
    }

    public static LogChunk oversizedLine(FileGeneration split, byte[] prefix, long startOffset, long lineLength) {
        return new LogChunk(split, prefix, prefix.length, startOffset, true, lineLength);
    }

    /** The generation offset just past this chunk: where reading resumes after a restore. */
    public long endOffset() {
        return startOffset + skipped;
    }
}
