package io.logpulse.cli;

import io.logpulse.model.Counts;
import io.logpulse.query.GroupTotals;
import io.logpulse.query.Report;
import io.logpulse.store.Database;
import io.logpulse.query.Sparkline;
import io.logpulse.query.TimeRange;
import io.logpulse.query.TimelineQuery;
import io.logpulse.query.requests.RequestQueries;
import io.logpulse.query.requests.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ip", mixinStandardHelpOptions = true,
        description = {"What one client address did in [--from, --to): first and last seen, activity over time "
                + "(a sparkline), its busiest steps, status mix, top paths, user agents, sources and methods.",
                "Answered exactly from the request store."},
        footer = {"%nExamples:",
                "  logpulse ip 203.0.113.7",
                "  logpulse ip 203.0.113.7 --from '31/Jan/2025:03:07:33 +0900' --to '31/Jan/2025:05:07:33 +0900'",
                "  logpulse ip 203.0.113.7 --status 4xx --output json"})
final class IpCommand extends RequestStoreCommand {

    @Parameters(paramLabel = "ADDRESS", description = "The client address, as the log writes it (IPv4 or IPv6).")
    String address;

    @Option(names = "--step", paramLabel = "DURATION", converter = Converters.Length.class,
            description = "Step of the activity line (default: at most 60 steps over the range).")
    Duration step;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "5",
            description = "Rows per part: statuses, paths, agents ... (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void checkOptions() {
        Limits.check(spec, limit);
    }

    @Override
    long alignMillis() {
        return 60_000;
    }

    @Override
    Report answer(Database db, RequestQueries queries, TimeRange asked) {
        Duration stepLength = step != null ? step : RequestQueries.defaultStep(asked, Duration.ofSeconds(1));
        var answer = queries.address(filters.filter(asked, address.trim()), stepLength, limit);
        return report(answer, stepLength, queries.prunedNote(asked).stream().toList());
    }

    private Report report(RequestQueries.AddressAnswer answer, Duration stepLength, List<String> notes) {
        Timeline timeline = answer.timeline();
        TimeRange r = answer.range();
        var meta = new LinkedHashMap<String, Object>();
        meta.put("address", answer.address());
        meta.putAll(head(r));
        long requests = timeline.total(Counts.REQUESTS);
        meta.put("requests", requests);
        meta.put("bytes", timeline.total(Counts.BYTES));
        timeline.firstMillis().ifPresent(t -> meta.put("first_seen", r.show(Instant.ofEpochMilli(t))));
        timeline.lastMillis().ifPresent(t -> meta.put("last_seen", r.show(Instant.ofEpochMilli(t))));
        meta.put("step", Converters.show(stepLength));
        long[] perStep = TimelineQuery.Step.values(timeline.asSteps(), Counts.REQUESTS);
        meta.put("activity", Sparkline.of(perStep, RequestQueries.DEFAULT_STEPS));
        List<List<Object>> rows = new ArrayList<>();
        IntStream.range(0, perStep.length).boxed().filter(s -> perStep[s] > 0)
                .sorted(Comparator.comparingLong((Integer s) -> perStep[s]).reversed().thenComparing(s -> s))
                .limit(limit)
                .forEach(s -> rows.add(List.of("step", r.show(Instant.ofEpochMilli(timeline.stepStart(s))), perStep[s],
                        Converters.percent(perStep[s], requests))));
        addPart(rows, "status", answer.statuses(), requests);
        addPart(rows, "path", answer.paths(), requests);
        addPart(rows, "user_agent", answer.userAgents(), requests);
        addPart(rows, "source", answer.sources(), requests);
        addPart(rows, "method", answer.methods(), requests);
        return new Report("what " + answer.address() + " did (request store)", meta, notes,
                List.of("what", "value", "requests", "percent"), rows);
    }

    private static void addPart(List<List<Object>> rows, String what, List<GroupTotals> groups, long requests) {
        for (GroupTotals g : groups) {
            rows.add(List.of(what, g.key(), g.requests(), Converters.percent(g.requests(), requests)));
        }
    }
}
