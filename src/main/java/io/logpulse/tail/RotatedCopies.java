package io.logpulse.tail;

import io.logpulse.discover.LogFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Where a generation went when its path moved on: logrotate names the old file after the current
 * one ({@code access.log.1}, {@code access.log-20250131}) in the same directory. A copy is the
 * generation's if it starts with the same first line.
 */
final class RotatedCopies {

    private RotatedCopies() {
    }

    /** Whether the file at {@code path} still holds the split's generation. */
    static boolean holds(Path path, FileGeneration split) {
        return split.generation() == fingerprint(path, split.file());
    }

    /** A rotated copy beside {@code path} that holds the generation and at least {@code minSize} bytes. */
    static Path find(Path path, FileGeneration split, long minSize) throws IOException {
        Path directory = path.toAbsolutePath().getParent();
        String name = path.getFileName().toString();
        try (Stream<Path> siblings = Files.list(directory)) {
            return siblings
                    .filter(p -> isRotatedName(p.getFileName().toString(), name))
                    .filter(Files::isRegularFile)
                    .filter(p -> size(p) >= minSize)
                    .filter(p -> holds(p, split))
                    .findFirst()
                    .orElse(null);
        }
    }

    private static boolean isRotatedName(String candidate, String name) {
        return candidate.length() > name.length() && candidate.startsWith(name)
                && (candidate.charAt(name.length()) == '.' || candidate.charAt(name.length()) == '-')
                && !candidate.endsWith(".gz");
    }

    private static long fingerprint(Path path, LogFile like) {
        try {
            OptionalLong id = Fingerprint.of(new LogFile(path.toString(), like.source(), like.format()), false);
            return id.orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
