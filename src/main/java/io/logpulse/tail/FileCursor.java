package io.logpulse.tail;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open file generation being read: hands out chunks of whole lines and keeps the bytes of an
 * unfinished last line until their newline arrives.
 *
 * <p>A bounded read stops at the first line end at or after the split's end, or at the end of the
 * file, where an unterminated last line counts as a line. A following read never hands out an
 * unterminated line: it waits for the newline. When the file it follows is rotated away (renamed,
 * deleted) it reads on through its open handle until the old file has been quiet for a while; when
 * the file shrinks (copytruncate, truncation), it finishes what it had not read yet from the rotated
 * copy if one holds the same generation. Either way the new content is a new generation, which the
 * enumerator finds and hands out from its start.
 *
 * <p>A followed file whose writer has stopped (a stopped container's log, as the enumerator tells
 * through {@link RestingFiles}) is read to its end and then <em>rests</em>: its file is closed and it
 * costs nothing until its writer starts again, when it is opened again and read on from where it
 * was. The split is never released, so its offset stays in the checkpoints and a restarted
 * container's lines are neither lost nor read twice. Plain files are never told to rest.
 */
final class FileCursor implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FileCursor.class);

    /** How much of an over-long line is kept, to show users what it was. */
    static final int OVERSIZED_PREFIX = 1024;

    private final FileGeneration split;
    private final ChunkBuffers buffers;
    private final long rotationQuietMillis;
    private ReadableByteChannel channel;
    /** Set once the generation can no longer grow: read what is left, then finish. */
    private boolean draining;
    private long lastGrowth = System.currentTimeMillis();
    /** Generation offset of {@code carry[0]}: everything before it has been handed out. */
    private long position;
    private byte[] carry = new byte[0];
    private boolean endOfFile;
    private boolean finished;
    private byte[] oversizedPrefix;
    private long oversizedLength;
    /** Whether the enumerator says the file's writer has stopped: rest once at its end. */
    private boolean writerStopped;
    /** Read to the end of a stopped writer's file and closed, until the writer starts again. */
    private boolean resting;

    FileCursor(FileGeneration split, int chunkSize) throws IOException {
        this(split, new ChunkBuffers(chunkSize), 0);
    }

    /** {@code buffers}: where chunk buffers come from; a chunk's buffer goes back after it is decoded. */
    FileCursor(FileGeneration split, ChunkBuffers buffers, long rotationQuietMillis) throws IOException {
        this.split = split;
        this.buffers = buffers;
        this.rotationQuietMillis = rotationQuietMillis;
        this.position = split.offset();
        this.channel = split.follows() ? openFollowed() : openBounded(split);
    }

    private static ReadableByteChannel openBounded(FileGeneration split) throws IOException {
        if (split.file().gzipped()) {
            InputStream in = Fingerprint.open(split.file());
            in.skipNBytes(split.offset());
            return Channels.newChannel(in);
        }
        FileChannel file = FileChannel.open(split.file().asPath(), StandardOpenOption.READ);
        file.position(split.offset());
        return file;
    }

    /**
     * Opens the generation where it is now. After a restore the path may hold newer content: then
     * the generation is looked for among the rotated copies beside it, and only read to its end.
     */
    private ReadableByteChannel openFollowed() throws IOException {
        Path path = split.file().asPath();
        if (Files.exists(path) && RotatedCopies.holds(path, split) && Files.size(path) >= position) {
            return positioned(path);
        }
        draining = true;
        Path copy = RotatedCopies.find(path, split, position);
        if (copy == null) {
            LOG.warn("{}: the content read before the restart is gone (rotated and removed); "
                    + "following its newer content instead", path);
            finished = true;
            return Channels.newChannel(InputStream.nullInputStream());
        }
        return positioned(copy);
    }

    private FileChannel positioned(Path path) throws IOException {
        FileChannel file = FileChannel.open(path, StandardOpenOption.READ);
        file.position(position + carry.length);
        return file;
    }

    FileGeneration split() {
        return split;
    }

    boolean finished() {
        return finished;
    }

    /** Whether the file's writer has stopped ({@link RestingFiles}); set before every {@link #next()}. */
    void writerStopped(boolean stopped) {
        writerStopped = stopped;
    }

    boolean resting() {
        return resting;
    }

    /** The next chunk of whole lines, or null when none is complete yet (or the split is done). */
    LogChunk next() throws IOException {
        if (resting) {
            if (writerStopped) {
                return null;
            }
            wake();
        }
        while (!finished) {
            int carried = carry.length;
            byte[] buffer = buffers.take();
            System.arraycopy(carry, 0, buffer, 0, carried);
            int filled = fill(buffer, carried);
            if (filled > carried) {
                // Any growth counts, whole lines included: a rotated-away file is released only
                // after it has been quiet for a while (its writer may not have reopened yet).
                lastGrowth = System.currentTimeMillis();
            }
            LogChunk chunk = oversizedPrefix != null ? continueOversized(buffer, filled) : cut(buffer, filled);
            if (chunk == null || chunk.data() != buffer) {
                buffers.give(buffer);
            }
            if (chunk != null) {
                return chunk;
            }
            if (filled <= carried) {
                if (split.follows() && !draining) {
                    checkRotation();
                    if (draining) {
                        continue;
                    }
                    if (writerStopped) {
                        rest();
                    }
                }
                return null;
            }
        }
        return null;
    }

    /**
     * At the end of what the file holds: has it shrunk (copytruncate) or has its path moved on to
     * another file (rename and create, delete)?
     */
    private void checkRotation() throws IOException {
        Path path = split.file().asPath();
        long size = ((FileChannel) channel).size();
        if (size < position + carry.length) {
            Path copy = RotatedCopies.find(path, split, position + carry.length);
            LOG.info("{} was truncated; {}", path, copy == null ? "no rotated copy holds the rest"
                    : "reading the rest from " + copy);
            channel.close();
            channel = copy == null ? Channels.newChannel(InputStream.nullInputStream()) : positioned(copy);
            draining = true;
        } else if (!split.fileKey().equals(currentKey(path))
                && System.currentTimeMillis() - lastGrowth >= rotationQuietMillis) {
            LOG.info("{} was rotated or removed; finished reading its previous file", path);
            draining = true;
        }
    }

    /** At the end of a file whose writer has stopped: close it until the writer starts again. */
    private void rest() throws IOException {
        channel.close();
        resting = true;
        LOG.info("{}: its writer stopped; read to byte {}, closed until it starts again", split.file().path(),
                position);
    }

    /** The writer started again: reopen where reading stopped, as after a restore. */
    private void wake() throws IOException {
        resting = false;
        lastGrowth = System.currentTimeMillis();
        channel = openFollowed();
        LOG.info("{}: its writer started again; reading on from byte {}", split.file().path(), position);
    }

    private static String currentKey(Path path) {
        try {
            return Fingerprint.fileKey(path);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether an unterminated last line at the end of the file is final: nothing can complete it. */
    private boolean drainsToEnd() {
        return !split.follows() || draining;
    }

    private int fill(byte[] buffer, int from) throws IOException {
        endOfFile = false;
        boolean boundedBeforeEnd = !split.follows() && position + from < split.end();
        int limit = boundedBeforeEnd ? boundedLimit(buffer.length, split.end() - position, from) : buffer.length;
        ByteBuffer target = ByteBuffer.wrap(buffer, from, limit - from);
        while (target.hasRemaining()) {
            int n = channel.read(target);
            if (n < 0) {
                endOfFile = true;
                break;
            }
            if (n == 0) {
                break;
            }
        }
        return target.position();
    }

    /**
     * How much of a buffer to fill when {@code rest} bytes of a bounded read are left. A range's chunks
     * fall short of a buffer by their cut lines, so one buffer's worth of rest used to leave a sliver
     * (~10 lines of a 16 MB range: a hundred tiny segments in a 10 M-line ingest, each costing every
     * later question a read). A rest just over a buffer is read as two halves instead.
     */
    private static int boundedLimit(int buffer, long rest, int carried) {
        if (rest > buffer && rest <= buffer + buffer / 8 && (rest + 1) / 2 > carried) {
            return (int) ((rest + 1) / 2);
        }
        return (int) Math.min(buffer, rest);
    }

    /** Splits the filled buffer into a chunk of whole lines and the carry of an unfinished one. */
    private LogChunk cut(byte[] buffer, int filled) {
        int lineEnd = lastLineEnd(buffer, filled);
        if (lineEnd >= 0) {
            return emit(buffer, lineEnd + 1, filled);
        }
        if (filled == buffer.length) {
            oversizedPrefix = Arrays.copyOf(buffer, Math.min(OVERSIZED_PREFIX, filled));
            oversizedLength = filled;
            position += filled;
            carry = new byte[0];
            return null;
        }
        carry = Arrays.copyOf(buffer, filled);
        if (endOfFile && drainsToEnd()) {
            finished = true;
            if (filled > 0) {
                long start = position;
                position += filled;
                carry = new byte[0];
                return LogChunk.lines(split, buffer, filled, start);
            }
        }
        return null;
    }

    /**
     * Where the chunk may end. A bounded read owns the lines that start before its end, so the line
     * holding byte {@code end - 1} is its last one, even where it runs past the end.
     */
    private int lastLineEnd(byte[] buffer, int filled) {
        if (!split.follows() && position + filled >= split.end()) {
            int endInBuffer = (int) Math.max(0, split.end() - 1 - position);
            int cut = firstNewline(buffer, endInBuffer, filled);
            if (cut >= 0) {
                return cut;
            }
        }
        return lastNewline(buffer, filled);
    }

    private LogChunk emit(byte[] buffer, int length, int filled) {
        long start = position;
        carry = Arrays.copyOfRange(buffer, length, filled);
        position += length;
        finished = !split.follows() && position >= split.end();
        return LogChunk.lines(split, buffer, length, start);
    }

    /** Skips the rest of a line too long to hold, then reports it as one over-long line. */
    private LogChunk continueOversized(byte[] buffer, int filled) {
        int newline = firstNewline(buffer, 0, filled);
        boolean endsAtEndOfFile = newline < 0 && endOfFile && drainsToEnd();
        if (newline < 0 && !endsAtEndOfFile) {
            oversizedLength += filled;
            position += filled;
            carry = new byte[0];
            return null;
        }
        int consumed = newline >= 0 ? newline + 1 : filled;
        long lineStart = position - oversizedLength;
        LogChunk chunk = LogChunk.oversizedLine(split, oversizedPrefix, lineStart, oversizedLength + consumed);
        oversizedPrefix = null;
        position += consumed;
        carry = Arrays.copyOfRange(buffer, consumed, filled);
        finished = !split.follows() && position >= split.end() || endsAtEndOfFile;
        return chunk;
    }

    private static int lastNewline(byte[] buffer, int to) {
        for (int i = to - 1; i >= 0; i--) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int firstNewline(byte[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
