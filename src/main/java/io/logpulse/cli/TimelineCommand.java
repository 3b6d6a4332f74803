package io.logpulse.cli;

import io.logpulse.model.Counts;
import io.logpulse.query.Report;
import io.logpulse.query.Sparkline;
import io.logpulse.query.TimeRange;
import io.logpulse.query.requests.RequestQueries;
import io.logpulse.query.requests.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = {"Requests per step of time in [--from, --to), by status class, with a sparkline: "
                + "when did the 5xx start?", "Answered exactly from the request store."},
        footer = {"%nExamples:",
                "  logpulse timeline --status 5xx",
                "  logpulse timeline --from '31/Jan/2025:03:00:00 +0900' --to '31/Jan/2025:06:00:00 +0900' --step 5m",
                "  logpulse timeline --path-prefix /api/ --output csv > api.csv"})
final class TimelineCommand extends RequestStoreCommand {

    @Option(names = "--step", paramLabel = "DURATION", converter = Converters.Length.class,
            description = "Length of a row (default: at most 60 rows over the range).")
    Duration step;

    @Override
    long alignMillis() {
        return 60_000;
    }

    @Override
    Report answer(RequestQueries queries, TimeRange asked) {
        Duration stepLength = step != null ? step : RequestQueries.defaultStep(asked, Duration.ofSeconds(1));
        Timeline timeline = queries.timeline(filters.filter(asked, null), stepLength);
        return report(asked, timeline, stepLength, queries.prunedNote(asked).stream().toList());
    }

    private Report report(TimeRange r, Timeline timeline, Duration stepLength, List<String> notes) {
        var meta = head(r);
        meta.put("step", Converters.show(stepLength));
        meta.put("requests", timeline.total(Counts.REQUESTS));
        meta.put("trend", Sparkline.of(timeline.perStep(Counts.REQUESTS), RequestQueries.DEFAULT_STEPS));
        meta.put("trend_5xx", Sparkline.of(timeline.perStep(Counts.status(5)), RequestQueries.DEFAULT_STEPS));
        List<List<Object>> rows = new ArrayList<>();
        for (int s = 0; s < timeline.steps(); s++) {
            rows.add(List.of(r.show(Instant.ofEpochMilli(timeline.stepStart(s))), timeline.value(s, Counts.REQUESTS),
                    timeline.value(s, Counts.BYTES), timeline.value(s, Counts.status(2)), timeline.value(s, Counts.status(3)),
                    timeline.value(s, Counts.status(4)), timeline.value(s, Counts.status(5))));
        }
        return new Report("requests over time (request store)", meta, notes,
                List.of("from", "requests", "bytes", "status_2xx", "status_3xx", "status_4xx", "status_5xx"), rows);
    }
}
