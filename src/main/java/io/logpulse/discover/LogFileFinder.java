package io.logpulse.discover;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * Finds the log files to read right now. Called once for a bounded ingest, and again and again while
 * following, so that new files (a glob's new match, a container that started) are picked up.
 */
@FunctionalInterface
public interface LogFileFinder extends Serializable {
    List<LogFile> find();

    /**
     * What {@link #find()} finds, plus the files found before whose writer is known to have stopped
     * (the log of a container that stopped). The tail source reads such a file to its end and then
     * lets it rest, holding no file open, until the file is no longer reported resting (the container
     * started again), when it reads on from where it was. Plain paths and globs know of no writer:
     * none of their files ever rests, and their reading is exactly as without this.
     */
    default Listing list() {
        return new Listing(find(), Set.of());
    }

    /** The files to read, and the paths of those among the files found before that rest. */
    record Listing(List<LogFile> files, Set<String> resting) implements Serializable {
        public Listing {
            files = List.copyOf(files);
            resting = Set.copyOf(resting);
        }
    }
}
