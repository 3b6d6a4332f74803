package io.logpulse.cli;

import io.logpulse.model.Counts;
import io.logpulse.query.Report;
import io.logpulse.query.StoredWindows;
import io.logpulse.query.Sparkline;
import io.logpulse.query.TimeRange;
import io.logpulse.query.TimelineQuery;
import io.logpulse.store.Database;
import io.logpulse.store.TrafficReader;
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
                + "when did the 5xx start?", "Whole windows without filters come from the per-window counts; "
                + "filters, or steps and ranges off the window edges, are answered exactly from the request store."},
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

    /**
     * Without filters the per-window counts can answer: a store ingested with --no-request-store
     * has no requests to take a missing end from, so the stored windows give it.
     */
    @Override
    TimeRange asked(Database db, RequestQueries queries) {
        if (!filters.any() && !queries.holdsAny()) {
            return StoredWindows.of(new TrafficReader(db.handle()), range.fromInstant(), range.toInstant(), range.shownIn())
                    .requested();
        }
        return super.asked(db, queries);
    }

    @Override
    Report answer(Database db, RequestQueries queries, TimeRange asked) {
        Duration stepLength = step != null ? step : RequestQueries.defaultStep(asked, Duration.ofSeconds(1));
        var reader = new TrafficReader(db.handle());
        long window = reader.windowMillis().orElse(Long.MAX_VALUE);
        if (!filters.any() && asked.alignedTo(window).equals(asked) && stepLength.toMillis() % window == 0) {
            // Whole windows and no filter: the per-window totals answer without unpacking a request.
            var answer = new TimelineQuery(reader).timeline(asked, (int) (stepLength.toMillis() / window));
            return report(asked, answer.steps(), stepLength, List.of(), "requests over time");
        }
        Timeline timeline = queries.timeline(filters.filter(asked, null), stepLength);
        return report(asked, timeline.asSteps(), stepLength, queries.prunedNote(asked).stream().toList(),
                "requests over time (request store)");
    }

    private Report report(TimeRange r, List<TimelineQuery.Step> steps, Duration stepLength, List<String> notes,
            String title) {
        var meta = head(r);
        meta.put("step", Converters.show(stepLength));
        meta.put("requests", steps.stream().mapToLong(s -> s.counts()[Counts.REQUESTS]).sum());
        meta.put("trend", Sparkline.of(TimelineQuery.Step.values(steps, Counts.REQUESTS), RequestQueries.DEFAULT_STEPS));
        meta.put("trend_5xx", Sparkline.of(TimelineQuery.Step.values(steps, Counts.status(5)), RequestQueries.DEFAULT_STEPS));
        List<List<Object>> rows = new ArrayList<>();
        for (TimelineQuery.Step s : steps) {
            long[] c = s.counts();
            rows.add(List.of(r.show(Instant.ofEpochMilli(s.start())), c[Counts.REQUESTS], c[Counts.BYTES],
                    c[Counts.status(2)], c[Counts.status(3)], c[Counts.status(4)], c[Counts.status(5)]));
        }
        return new Report(title, meta, notes,
                List.of("from", "requests", "bytes", "status_2xx", "status_3xx", "status_4xx", "status_5xx"), rows);
    }
}
