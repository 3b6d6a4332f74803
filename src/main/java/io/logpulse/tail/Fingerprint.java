package io.logpulse.tail;

import io.logpulse.discover.LogFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;

/**
 * The identity of a file generation: a 64-bit hash of its source label and its first line.
 *
 * <p>Content, not the inode, names a generation, because the same content moves between inodes:
 * logrotate renames {@code access.log} to {@code access.log.1} (same inode) and later compresses it
 * to {@code access.log.2.gz} (new inode, same lines). Device and inode are still kept in the split to
 * notice a rename while following. The source label is part of the hash so that two backends whose
 * first lines happen to match byte for byte stay apart.
 */
public final class Fingerprint {

    /** Enough of a first line to be unique (IP, timestamp, request, agent) without reading far. */
    static final int FIRST_LINE_BYTES = 1024;

    private Fingerprint() {
    }

    /**
     * The generation id of what the file holds now; empty while it has no complete first line yet,
     * unless {@code acceptPartial}, where whatever bytes it has name it (a finished file whose only
     * line lacks a newline).
     */
    public static OptionalLong of(LogFile file, boolean acceptPartial) throws IOException {
        byte[] head = new byte[FIRST_LINE_BYTES];
        int length = 0;
        try (InputStream in = open(file)) {
            int n;
            while (length < head.length && (n = in.read(head, length, head.length - length)) > 0) {
                length += n;
            }
        }
        int lineEnd = indexOf(head, length, (byte) '\n');
        if (lineEnd < 0 && length < head.length && !acceptPartial) {
            return OptionalLong.empty();
        }
        int hashed = lineEnd >= 0 ? lineEnd : length;
        if (hashed == 0 && lineEnd < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(hash(file.source(), head, hashed));
    }

    static long hash(String source, byte[] firstLine, int length) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(source.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(firstLine, 0, length);
            byte[] d = digest.digest();
            long id = 0;
            for (int i = 0; i < 8; i++) {
                id = (id << 8) | (d[i] & 0xff);
            }
            return id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Device and inode, which stay with a file across renames: how a rotation is noticed. */
    public static String fileKey(Path path) throws IOException {
        var attributes = Files.readAttributes(path, "unix:dev,ino");
        return attributes.get("dev") + ":" + attributes.get("ino");
    }

    /** The offset just past the file's last newline: where {@code tail -f} starts. */
    static long endOfLastLine(Path path) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(path)) {
            long size = channel.size();
            var buffer = java.nio.ByteBuffer.allocate(64 * 1024);
            for (long end = size; end > 0; ) {
                long start = Math.max(0, end - buffer.capacity());
                buffer.clear().limit((int) (end - start));
                channel.read(buffer, start);
                for (int i = (int) (end - start) - 1; i >= 0; i--) {
                    if (buffer.get(i) == '\n') {
                        return start + i + 1;
                    }
                }
                end = start;
            }
            return 0;
        }
    }

    static InputStream open(LogFile file) throws IOException {
        InputStream in = Files.newInputStream(file.asPath());
        return file.gzipped() ? new GZIPInputStream(in, 64 * 1024) : in;
    }

    private static int indexOf(byte[] bytes, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
