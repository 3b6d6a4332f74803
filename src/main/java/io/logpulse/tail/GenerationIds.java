package io.logpulse.tail;

import io.logpulse.discover.LogFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generation ids of the files found together. Normally a file's {@link Fingerprint}; but two
 * different files of one source can start with the same line (replicas whose first request was the
 * same health check). Found side by side, their contents are compared: a copy (a {@code .gz} of the
 * same log) keeps the id and is read once; a different file gets an id of its own, salted with its
 * path, instead of being taken for the first and silently skipped.
 */
public final class GenerationIds {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationIds.class);
    static final int COMPARED_BYTES = 64 * 1024;

    private GenerationIds() {
    }

    /**
     * Ids of the files that have one yet (a followed file without a complete first line has none);
     * a file that cannot be read is left out, with a warning.
     */
    public static Map<LogFile, Long> of(List<LogFile> files, boolean acceptPartial) {
        var ids = new LinkedHashMap<LogFile, Long>();
        var firstWithId = new HashMap<Long, LogFile>();
        for (LogFile file : files) {
            java.util.OptionalLong id;
            try {
                id = Fingerprint.of(file, acceptPartial);
            } catch (IOException e) {
                LOG.warn("skipping {}: {}", file.path(), e.getMessage());
                continue;
            }
            if (id.isEmpty()) {
                continue;
            }
            long generation = id.getAsLong();
            LogFile earlier = firstWithId.putIfAbsent(generation, file);
            if (earlier != null && !sameContent(earlier, file)) {
                LOG.warn("{} starts with the same line as {} but holds other lines: counted as a file of its own",
                        file.path(), earlier.path());
                generation = Fingerprint.hash(file.source() + '\0' + file.path(), longBytes(generation), 8);
            }
            ids.put(file, generation);
        }
        return ids;
    }

    /** Whether one file's content is a prefix of the other's, as far as both are compared. */
    private static boolean sameContent(LogFile a, LogFile b) {
        try {
            byte[] left = head(a);
            byte[] right = head(b);
            int common = Math.min(left.length, right.length);
            return Arrays.equals(left, 0, common, right, 0, common);
        } catch (IOException e) {
            return true;
        }
    }

    private static byte[] head(LogFile file) throws IOException {
        try (InputStream in = Fingerprint.open(file)) {
            return in.readNBytes(COMPARED_BYTES);
        }
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }
}
