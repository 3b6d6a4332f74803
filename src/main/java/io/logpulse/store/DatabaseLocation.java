package io.logpulse.store;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the H2 database lives. {@code --db logpulse-data/traffic} means the file
 * {@code logpulse-data/traffic.mv.db}; the {@code .mv.db} ending may be given or left out.
 *
 * <p>Kept as a string: it travels inside the Flink job graph, and paths do not serialize.
 *
 * <p>{@code AUTO_SERVER} lets a second process (a {@code top} while {@code run} writes) open the
 * same file: the first process serves it to the others over a loopback socket.
 */
public record DatabaseLocation(String file) implements Serializable {

    public static final Path DEFAULT = Path.of("logpulse-data", "logpulse");
    private static final String H2_SUFFIX = ".mv.db";

    public static DatabaseLocation of(Path given) {
        Path path = given == null ? DEFAULT : given;
        String name = path.getFileName().toString();
        if (name.endsWith(H2_SUFFIX)) {
            path = path.resolveSibling(name.substring(0, name.length() - H2_SUFFIX.length()));
        }
        return new DatabaseLocation(path.toAbsolutePath().normalize().toString());
    }

    public Path dataFile() {
        return Path.of(file + H2_SUFFIX);
    }

    public Path directory() {
        return Path.of(file).getParent();
    }

    public String jdbcUrl() {
        return "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE";
    }

    /**
     * For queries, which leave the file as it is: when a query is the last to close the file, H2
     * would spend up to its compaction time rewriting it first, 0.3-0.56 s measured on a freshly
     * ingested 10 M-request store: a third of a query. H2's background housekeeping may also rewrite
     * sparse chunks while a query has the file open (8 KB once, under load, in
     * NginxSampleIngestTest). The writers compact.
     */
    public String queryUrl() {
        return jdbcUrl() + READ_ONLY_HOUSEKEEPING;
    }

    /**
     * For a question, which holds the file a second or two: {@link #queryUrl} when another process
     * holds the file (its lock file is there: it serves the file, or has just died and left it), but
     * without serving the file itself otherwise. Starting H2's TCP server for others took 40-150 ms of a
     * question's ~0.7 s. The lock stays H2's lock file, as with AUTO_SERVER: a logpulse process that
     * opens the file meanwhile reads there that it is locked, not served, and tries again until the
     * question ends ({@link Database#connect}); a program holding the file otherwise is still told apart.
     */
    public String questionUrl() {
        return Files.exists(lockFile()) ? queryUrl() : "jdbc:h2:file:" + file + ";FILE_LOCK=FILE" + READ_ONLY_HOUSEKEEPING;
    }

    /** H2's lock file (FILE_LOCK=FILE), there while a process has the database open. */
    Path lockFile() {
        return Path.of(file + ".lock.db");
    }

    private static final String READ_ONLY_HOUSEKEEPING = ";MAX_COMPACT_TIME=0;AUTO_COMPACT_FILL_RATE=0";
}
