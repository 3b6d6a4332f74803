package io.logpulse.cli;

import io.logpulse.query.AddressTotals;
import io.logpulse.query.Report;
import io.logpulse.query.TopQuery;
import io.logpulse.store.Database;
import io.logpulse.store.TrafficReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "top", mixinStandardHelpOptions = true,
        description = "Client IPs by requests in [--from, --to), highest first (ties by IP).",
        footer = {"%nTimes: ISO-8601 with an offset or Z, or the log's own style:",
                "  --from 2025-01-31T03:07:33+09:00   --from 2025-01-31T18:07:33Z   --from '31/Jan/2025:03:07:33 +0900'",
                "%nExamples (the field guide's awk | sort | uniq -c, done right):",
                "  logpulse top --from '31/Jan/2025:03:07:33 +0900' --to '31/Jan/2025:05:07:33 +0900'",
                "  logpulse top --limit 50 --output csv > top.csv"})
final class TopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Mixin
    RangeOptions range;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "10", description = "Rows (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
        }
        range.check(spec);
        try (Database db = Database.openExisting(database.location())) {
            TopQuery.Answer answer = new TopQuery(new TrafficReader(db.handle()))
                    .top(range.fromInstant(), range.toInstant(), range.shownIn(), limit);
            output.print(report(answer), spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        return 0;
    }

    static Report report(TopQuery.Answer answer) {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("from", answer.covered().show(answer.covered().from()));
        meta.put("to", answer.covered().show(answer.covered().to()));
        meta.put("window", Converters.show(Duration.ofMillis(answer.windowMillis())));
        meta.put("requests", answer.totalRequests());
        var notes = new ArrayList<String>();
        if (answer.widened()) {
            notes.add("[" + answer.requested().show(answer.requested().from()) + ", "
                    + answer.requested().show(answer.requested().to()) + ") does not fall on "
                    + Converters.show(Duration.ofMillis(answer.windowMillis()))
                    + " window edges: counted the whole windows [" + meta.get("from") + ", " + meta.get("to") + ")");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (AddressTotals t : answer.rows()) {
            double percent = answer.totalRequests() == 0 ? 0 : Math.round(1000.0 * t.requests() / answer.totalRequests()) / 10.0;
            rows.add(List.of(t.ip(), t.requests(), percent, t.bytes(), t.status(2), t.status(3), t.status(4), t.status(5)));
        }
        return new Report("top IPs by requests", meta, notes,
                List.of("ip", "requests", "percent", "bytes", "status_2xx", "status_3xx", "status_4xx", "status_5xx"), rows);
    }
}
