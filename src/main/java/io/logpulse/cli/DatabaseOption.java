package io.logpulse.cli;

import io.logpulse.store.DatabaseLocation;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --db}, shared by every command that reads or writes the store. */
public final class DatabaseOption {

    @Option(names = "--db", paramLabel = "PATH",
            description = "H2 database file (default: logpulse-data/logpulse, i.e. logpulse-data/logpulse.mv.db).")
    Path path;

    public DatabaseLocation location() {
        return DatabaseLocation.of(path);
    }
}
