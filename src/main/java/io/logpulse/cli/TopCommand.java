package io.logpulse.cli;

import io.logpulse.query.GroupTotals;
import io.logpulse.query.Report;
import io.logpulse.query.TimeRange;
import io.logpulse.query.TopQuery;
import io.logpulse.query.requests.Dimension;
import io.logpulse.query.requests.RequestQueries;
import io.logpulse.store.Database;
import io.logpulse.store.RequestReader;
import io.logpulse.store.TrafficReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "top", mixinStandardHelpOptions = true,
        description = {"Client IPs (or paths, statuses, sources, user agents ...) by requests in [--from, --to), "
                + "highest first (ties by name).",
                "Client IPs over whole windows come from the per-window counts; any other grouping, filter or "
                        + "a range off the window edges is answered exactly from the request store."},
        footer = {"%nTimes: ISO-8601 with an offset or Z, or the log's own style:",
                "  --from 2025-01-31T03:07:33+09:00   --from 2025-01-31T18:07:33Z   --from '31/Jan/2025:03:07:33 +0900'",
                "%nExamples (the field guide's awk | sort | uniq -c, done right):",
                "  logpulse top --from '31/Jan/2025:03:07:33 +0900' --to '31/Jan/2025:05:07:33 +0900'",
                "  logpulse top --by path --status 5xx          # which paths fail",
                "  logpulse top --by ua --path-prefix /wp-login  # who knocks on wp-login",
                "  logpulse top --limit 50 --output csv > top.csv"})
final class TopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Mixin
    RangeOptions range;

    @Mixin
    FilterOptions filters;

    @Option(names = "--by", paramLabel = "WHAT", defaultValue = "ip", converter = Converters.DimensionName.class,
            description = "Group by: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = Converters.DimensionNames.class)
    Dimension by;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "10", description = "Rows (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        Limits.check(spec, limit);
        range.check(spec);
        try (Database db = Database.openForQuestion(database.location())) {
            output.print(answer(db), spec);
        }
        return 0;
    }

    private Report answer(Database db) {
        var requests = new RequestQueries(new RequestReader(db.handle()));
        if (by == Dimension.IP && !filters.any()) {
            TopQuery.Answer answer = new TopQuery(new TrafficReader(db.handle()))
                    .top(range.fromInstant(), range.toInstant(), range.shownIn(), limit);
            if (!answer.widened() || !requests.holdsAll(answer.requested())) {
                return report(answer);
            }
            // Off the window edges: the request store answers the very range asked for.
            return report(requests.top(filters.filter(answer.requested(), null), by, limit), filters.describe(), List.of());
        }
        TimeRange asked = requests.range(range.fromInstant(), range.toInstant(), range.shownIn(), 1000);
        var answer = requests.top(filters.filter(asked, null), by, limit);
        return report(answer, filters.describe(), requests.prunedNote(asked).stream().toList());
    }

    static Report report(TopQuery.Answer answer) {
        var notes = new ArrayList<String>();
        if (answer.widened()) {
            notes.add("[" + answer.requested().show(answer.requested().from()) + ", "
                    + answer.requested().show(answer.requested().to()) + ") does not fall on "
                    + Converters.show(Duration.ofMillis(answer.windowMillis()))
                    + " window edges: counted the whole windows [" + answer.covered().show(answer.covered().from()) + ", "
                    + answer.covered().show(answer.covered().to()) + ")");
        }
        return table("top IPs by requests", "ip", answer.covered(),
                Map.of("window", Converters.show(Duration.ofMillis(answer.windowMillis()))), notes,
                answer.totalRequests(), answer.rows());
    }

    static Report report(RequestQueries.TopAnswer answer, Map<String, Object> filters, List<String> notes) {
        return table("top " + answer.by().label() + " by requests (request store)", answer.by().label(), answer.range(),
                filters, notes, answer.total(), answer.rows());
    }

    private static Report table(String title, String keyColumn, TimeRange range, Map<String, Object> extra,
            List<String> notes, long total, List<GroupTotals> groups) {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("from", range.show(range.from()));
        meta.put("to", range.show(range.to()));
        meta.putAll(extra);
        meta.put("requests", total);
        List<List<Object>> rows = new ArrayList<>();
        for (GroupTotals t : groups) {
            rows.add(List.of(t.key(), t.requests(), Converters.percent(t.requests(), total), t.bytes(), t.status(2),
                    t.status(3), t.status(4), t.status(5)));
        }
        return new Report(title, meta, notes,
                List.of(keyColumn, "requests", "percent", "bytes", "status_2xx", "status_3xx", "status_4xx", "status_5xx"),
                rows);
    }
}
