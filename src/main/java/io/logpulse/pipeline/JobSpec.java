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
 * @param live how a followed job runs; null for a bounded ingest
 * @param requests whether and how long every request is kept for drill-down
 */
public record JobSpec(LogFileFinder files, Duration window, Duration outOfOrderness, DatabaseLocation database,
        int parallelism, Live live, RequestStore requests) implements Serializable {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(30);

    /**
     * How a followed job runs.
     *
     * @param fromEnd start files found at the first start at their end, like {@code tail -f}
     * @param checkpointInterval how often offsets and open windows are checkpointed (and the
     *     store flushed with them): the most a crash can make logpulse read again
     * @param freshness how soon a written line shows in the store's open window
     */
    public record Live(boolean fromEnd, Duration checkpointInterval, Duration freshness) implements Serializable {
    }

    /**
     * The request store: every request's fields, kept in segments for drill-down queries.
     *
     * @param keep how far back from the newest stored request segments are kept; null keeps all
     */
    public record RequestStore(boolean enabled, Duration keep) implements Serializable {
        public static final Duration DEFAULT_KEEP = Duration.ofDays(7);
        public static final RequestStore OFF = new RequestStore(false, null);
        public static final RequestStore DEFAULT = new RequestStore(true, DEFAULT_KEEP);
    }

    public boolean follow() {
        return live != null;
    }
}
