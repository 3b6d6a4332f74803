package io.logpulse.discover;

import java.io.Serializable;
import java.util.List;

/**
 * Finds the log files to read right now. Called once for a bounded ingest, and again and again while
 * following, so that new files (a glob's new match, a container that started) are picked up.
 */
@FunctionalInterface
public interface LogFileFinder extends Serializable {
    List<LogFile> find();
}
