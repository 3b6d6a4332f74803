package io.logpulse.discover;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * A log file to read: where it is, which source (backend, container, directory) its requests belong
 * to, and the format its lines are written in.
 */
public record LogFile(String path, String source, String format) implements Serializable {

    public Path asPath() {
        return Path.of(path);
    }

    public boolean gzipped() {
        return path.endsWith(".gz");
    }
}
