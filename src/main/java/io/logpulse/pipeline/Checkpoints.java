package io.logpulse.pipeline;

import io.logpulse.store.DatabaseLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a followed job keeps its checkpoints and savepoints (beside its database, one folder per
 * database), and which one a plain restart resumes from: the newest complete one.
 */
public record Checkpoints(Path root) {

    public static Checkpoints of(DatabaseLocation database) {
        Path file = Path.of(database.file());
        return new Checkpoints(file.resolveSibling(file.getFileName() + "-state"));
    }

    public Path checkpointDirectory() {
        return root.resolve("checkpoints");
    }

    public Path savepointDirectory() {
        return root.resolve("savepoints");
    }

    /** The newest checkpoint or savepoint whose metadata was written (Flink writes it last). */
    public Optional<Path> latest() {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(root, 4)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .max(Comparator.comparingLong(Checkpoints::modified))
                    .map(Path::getParent);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
