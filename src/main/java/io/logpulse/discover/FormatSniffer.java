package io.logpulse.discover;

import io.logpulse.parse.FormatDetector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** Reads a file's first lines and asks {@link FormatDetector} what format they are in. */
final class FormatSniffer {

    static final int SAMPLE_BYTES = 64 * 1024;
    static final int SAMPLE_LINES = 50;

    private FormatSniffer() {
    }

    static Optional<String> detect(Path file) {
        try {
            return FormatDetector.detect(firstLines(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static List<byte[]> firstLines(Path file) throws IOException {
        byte[] head;
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            head = in.readNBytes(SAMPLE_BYTES);
        }
        var lines = new ArrayList<byte[]>();
        int start = 0;
        for (int i = 0; i < head.length && lines.size() < SAMPLE_LINES; i++) {
            if (head[i] == '\n') {
                lines.add(Arrays.copyOfRange(head, start, i));
                start = i + 1;
            }
        }
        return lines;
    }
}
