package io.logpulse.query.lb;

import io.logpulse.parse.LineParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a log file (plain or .gz) line by line in one pass through a fixed buffer: memory does not
 * grow with the file. A line longer than {@link LineParser#MAX_LINE_BYTES} is handed over cut (the
 * parser rejects it as too long) and the rest of it is skipped.
 */
final class LogLines {

    /** Receives {@code buf[start, end)}, one line without its '\n'. */
    @FunctionalInterface
    interface Consumer {
        void line(byte[] buf, int start, int end);
    }

    private static final int BUFFER = 1 << 20;

    private LogLines() {
    }

    static void forEach(Path file, Consumer consumer) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            forEach(in, consumer);
        }
    }

    static void forEach(InputStream in, Consumer consumer) throws IOException {
        byte[] buf = new byte[BUFFER];
        int filled = 0;
        boolean skipping = false;
        while (true) {
            int read = in.read(buf, filled, buf.length - filled);
            if (read < 0) {
                break;
            }
            filled += read;
            int lineStart = 0;
            for (int i = 0; i < filled; i++) {
                if (buf[i] == '\n') {
                    if (!skipping) {
                        consumer.line(buf, lineStart, i);
                    }
                    skipping = false;
                    lineStart = i + 1;
                }
            }
            if (lineStart == 0 && filled == buf.length) {
                // A line longer than the buffer: far too long for the parser; report it once, drop the rest.
                if (!skipping) {
                    consumer.line(buf, 0, buf.length);
                }
                skipping = true;
                filled = 0;
                continue;
            }
            System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
            filled -= lineStart;
        }
        if (filled > 0 && !skipping) {
            consumer.line(buf, 0, filled);
        }
    }
}
