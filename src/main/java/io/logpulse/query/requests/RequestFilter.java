package io.logpulse.query.requests;

import io.logpulse.query.TimeRange;
import java.util.Set;

/**
 * Which stored requests a question is about. Every part but the range may be absent (null or empty).
 *
 * @param sources source labels to keep (nginx, lb01 ...); empty keeps all
 * @param pathPrefix keeps paths that start with it, as the client sent them (escapes undone)
 * @param address one client address
 */
public record RequestFilter(TimeRange range, Set<String> sources, StatusMatch status, String pathPrefix,
        String address) {

    public RequestFilter {
        sources = sources == null ? Set.of() : Set.copyOf(sources);
    }

    /** True when the requests of {@code source} are kept. */
    public boolean keepsSource(String source) {
        return sources.isEmpty() || sources.contains(source);
    }
}
