package io.logpulse.cli;

import io.logpulse.query.Report;
import io.logpulse.query.TimeRange;
import io.logpulse.query.requests.RequestQueries;
import io.logpulse.store.Database;
import io.logpulse.store.RequestReader;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"What changed between a normal period and an incident: the top client IPs, paths and "
                + "statuses of either, with their requests and share of all requests in both (shares compare "
                + "periods of different lengths). New and gone entries are marked.",
                "Answered exactly from the request store."},
        footer = {"%nPeriods are FROM..TO, each time as for --from/--to.",
                "%nExamples:",
                "  logpulse compare --baseline 2025-01-31T01:00+09:00..2025-01-31T03:00+09:00 \\",
                "                   --incident 2025-01-31T03:07:33+09:00..2025-01-31T05:07:33+09:00",
                "  logpulse compare --baseline ... --incident ... --status 5xx --output json"})
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Mixin
    FilterOptions filters;

    @Option(names = "--baseline", paramLabel = "FROM..TO", required = true, converter = PeriodConverter.class,
            description = "The normal period.")
    Period baseline;

    @Option(names = "--incident", paramLabel = "FROM..TO", required = true, converter = PeriodConverter.class,
            description = "The period to explain.")
    Period incident;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "10",
            description = "Top entries of each period per part (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    OutputOption output;

    /** A period as written: both ends given. */
    record Period(OffsetDateTime from, OffsetDateTime to) {
        TimeRange range() {
            return new TimeRange(from.toInstant(), to.toInstant(), from.getOffset());
        }
    }

    @Override
    public Integer call() {
        Limits.check(spec, limit);
        try (Database db = Database.openForQuestion(database.location())) {
            var queries = new RequestQueries(new RequestReader(db.handle()));
            var answer = queries.compare(filters.filter(baseline.range(), null), filters.filter(incident.range(), null), limit);
            var notes = new ArrayList<String>();
            queries.prunedNote(baseline.range()).ifPresent(notes::add);
            output.print(report(answer, notes), spec);
        }
        return 0;
    }

    private Report report(RequestQueries.CompareAnswer answer, List<String> notes) {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("baseline", show(answer.baseline()));
        meta.put("incident", show(answer.incident()));
        meta.putAll(filters.describe());
        meta.put("baseline_requests", answer.baselineTotal());
        meta.put("incident_requests", answer.incidentTotal());
        List<List<Object>> rows = new ArrayList<>();
        for (RequestQueries.Change c : answer.changes()) {
            double before = Converters.percent(c.baselineRequests(), answer.baselineTotal());
            double after = Converters.percent(c.incidentRequests(), answer.incidentTotal());
            String mark = c.baselineRequests() == 0 ? "new" : c.incidentRequests() == 0 ? "gone" : "";
            rows.add(List.of(c.dimension().label(), c.key(), c.baselineRequests(), before, c.incidentRequests(), after,
                    Math.round((after - before) * 10) / 10.0, mark));
        }
        return new Report("what changed from the baseline to the incident (request store)", meta, notes,
                List.of("what", "value", "baseline_requests", "baseline_percent", "incident_requests", "incident_percent",
                        "change_points", "mark"), rows);
    }

    private static String show(TimeRange range) {
        return range.show(range.from()) + ".." + range.show(range.to());
    }

    static final class PeriodConverter implements ITypeConverter<Period> {
        private final Converters.Time time = new Converters.Time();

        @Override
        public Period convert(String value) {
            int dots = value.indexOf("..");
            if (dots < 0) {
                throw new TypeConversionException("'" + value + "' is not a period: write FROM..TO");
            }
            OffsetDateTime from = time.convert(value.substring(0, dots).trim());
            OffsetDateTime to = time.convert(value.substring(dots + 2).trim());
            if (!from.isBefore(to)) {
                throw new TypeConversionException("the period '" + value + "' is empty: FROM must be before TO");
            }
            return new Period(from, to);
        }
    }
}
