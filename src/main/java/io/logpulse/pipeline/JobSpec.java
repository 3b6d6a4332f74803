package io.logpulse.pipeline;

import io.logpulse.discover.LogFileFinder;
import io.logpulse.store.DatabaseLocation;
import java.io.Serializable;
import java.time.Duration;

/**
 * What one logpulse job does: which files, read to their end or followed, into which windows and
 * which database.
 *
 * @param outOfOrderness how far behind the newest line a line may be written and still count in
 *     its window (nginx writes a line when the request ends, so slow requests come late)
 * @param parallelism readers and aggregators; 0 means one per core
 */
public record JobSpec(LogFileFinder files, boolean follow, Duration window, Duration outOfOrderness,
        DatabaseLocation database, int parallelism) implements Serializable {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(30);
}
