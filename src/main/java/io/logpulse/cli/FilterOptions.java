package io.logpulse.cli;

import io.logpulse.query.QueryException;
import io.logpulse.query.TimeRange;
import io.logpulse.query.requests.RequestFilter;
import io.logpulse.query.requests.StatusMatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --source}, {@code --status}, {@code --path-prefix}: which stored requests a drill-down looks at. */
public final class FilterOptions {

    @Option(names = "--source", paramLabel = "NAME", split = ",",
            description = "Only these sources (file directory or container names), comma-separated.")
    List<String> sources;

    @Option(names = "--status", paramLabel = "S", converter = StatusConverter.class,
            description = "Only these statuses: codes or classes, comma-separated (404, 5xx, 4xx,503).")
    StatusMatch status;

    @Option(names = "--path-prefix", paramLabel = "P", description = "Only paths that start with P (e.g. /api/).")
    String pathPrefix;

    boolean any() {
        return sources != null && !sources.isEmpty() || status != null || pathPrefix != null;
    }

    /** Whether the filters name sources and nothing else: the per-window counts can tell sources apart. */
    boolean onlySources() {
        return any() && status == null && pathPrefix == null;
    }

    RequestFilter filter(TimeRange range, String address) {
        return new RequestFilter(range, sources == null ? Set.of() : Set.copyOf(sources), status, pathPrefix, address);
    }

    /** The filters in force, for the head of a report. */
    Map<String, Object> describe() {
        var shown = new LinkedHashMap<String, Object>();
        if (sources != null && !sources.isEmpty()) {
            shown.put("sources", String.join(",", sources));
        }
        if (status != null) {
            shown.put("status", status.toString());
        }
        if (pathPrefix != null) {
            shown.put("path_prefix", pathPrefix);
        }
        return shown;
    }

    static final class StatusConverter implements ITypeConverter<StatusMatch> {
        @Override
        public StatusMatch convert(String value) {
            try {
                return StatusMatch.parse(value);
            } catch (QueryException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
