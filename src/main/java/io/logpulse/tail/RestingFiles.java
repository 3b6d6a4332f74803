package io.logpulse.tail;

import java.util.Set;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * From the enumerator to every reader: the paths whose writer has stopped (a stopped container's
 * log). Always the whole set, so the latest event is all a reader needs: a followed file on it is
 * read to its end and then rests, closed, until a later event no longer lists it.
 */
record RestingFiles(Set<String> paths) implements SourceEvent {

    RestingFiles {
        paths = Set.copyOf(paths);
    }
}
