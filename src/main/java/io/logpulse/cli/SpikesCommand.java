package io.logpulse.cli;

import io.logpulse.query.Report;
import io.logpulse.query.SpikeQuery;
import io.logpulse.query.StoredWindows;
import io.logpulse.query.TimeRange;
import io.logpulse.query.requests.RequestQueries;
import io.logpulse.store.Database;
import io.logpulse.store.RequestReader;
import io.logpulse.store.TrafficReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "spikes", mixinStandardHelpOptions = true,
        description = {"Client × window cells far above normal in [--from, --to): a scraper, a brute force, a stuck "
                + "client. A cell is a spike when it reaches --threshold requests, or --factor times the median of "
                + "that client's busy windows (and at least --floor requests).",
                "Answered from the per-window counts: works without the request store, with --source too. With "
                        + "--status or --path-prefix, from the requests the store keeps that pass them."},
        footer = {"%nExamples:",
                "  logpulse spikes",
                "  logpulse spikes --threshold 600 --factor 20 --from '31/Jan/2025:03:00:00 +0900'",
                "  logpulse spikes --status 401,403 --path-prefix /wp-login --threshold 30   # a brute force",
                "  logpulse ip 203.0.113.7     # then: what did it do?"})
final class SpikesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Mixin
    RangeOptions range;

    @Mixin
    FilterOptions filters;

    @Option(names = "--threshold", paramLabel = "N", defaultValue = "300",
            description = "Requests in one window that are a spike whatever the client's normal (default: ${DEFAULT-VALUE}).")
    long threshold;

    @Option(names = "--factor", paramLabel = "K", defaultValue = "10",
            description = "Times the client's median window that is a spike (default: ${DEFAULT-VALUE}).")
    double factor;

    @Option(names = "--floor", paramLabel = "N", defaultValue = "20",
            description = "Fewest requests for the --factor rule, so that 1 -> 10 is no spike (default: ${DEFAULT-VALUE}).")
    long floor;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "Rows (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        Limits.check(spec, limit);
        if (threshold < 1 || factor <= 1 || floor < 1) {
            throw new ParameterException(spec.commandLine(), "--threshold and --floor must be at least 1, --factor above 1");
        }
        range.check(spec);
        try (Database db = Database.openForQuestion(database.location())) {
            var reader = new TrafficReader(db.handle());
            var stored = StoredWindows.of(reader, range.fromInstant(), range.toInstant(), range.shownIn());
            long window = stored.windowMillis();
            TimeRange covered = stored.covered();
            List<String> notes = new ArrayList<>();
            if (!covered.equals(stored.requested())) {
                notes.add("the range does not fall on " + Converters.show(Duration.ofMillis(window))
                        + " window edges: looked at the whole windows it touches");
            }
            var answer = new SpikeQuery(cells(db, reader, covered, notes))
                    .spikes(covered, window, new SpikeQuery.Settings(threshold, factor, floor), limit);
            output.print(report(answer, notes), spec);
        }
        return 0;
    }

    /**
     * The counts per client and window to look at: the stored ones, of some sources' files (they are
     * kept per file), or those of the requests that pass a status or path filter.
     */
    private SpikeQuery.Cells cells(Database db, TrafficReader reader, TimeRange covered, List<String> notes) {
        if (!filters.any()) {
            return SpikeQuery.stored(reader);
        }
        if (filters.onlySources()) {
            Set<Long> generations = reader.generationsOf(filters.sources);
            return SpikeQuery.stored(reader, generations::contains);
        }
        var requests = new RequestQueries(new RequestReader(db.handle()));
        requests.requireRequests();
        requests.prunedNote(covered).ifPresent(notes::add);
        return (range, windowMillis, rows) -> requests.clientWindows(filters.filter(range, null), windowMillis, rows);
    }

    private Report report(SpikeQuery.Answer answer, List<String> notes) {
        TimeRange r = answer.range();
        var meta = RequestStoreCommand.rangeHead(r);
        meta.putAll(filters.describe());
        meta.put("window", Converters.show(Duration.ofMillis(answer.windowMillis())));
        meta.put("clients", answer.clients());
        meta.put("rule", "requests >= " + threshold + ", or >= " + factor + " x the client's median and >= " + floor);
        List<List<Object>> rows = new ArrayList<>();
        for (SpikeQuery.Spike s : answer.spikes()) {
            rows.add(List.of(s.ip(), r.show(Instant.ofEpochMilli(s.windowStart())), s.requests(), s.medianRequests(),
                    Math.round(s.timesMedian() * 10) / 10.0, s.overThreshold() ? "threshold" : "factor"));
        }
        List<String> allNotes = new ArrayList<>(notes);
        if (rows.isEmpty()) {
            allNotes.add("no spikes by this rule; lower --threshold or --factor to see more");
        }
        return new Report("spikes: clients far above their normal", meta, allNotes,
                List.of("ip", "window", "requests", "ip_median", "times_median", "rule"), rows);
    }
}
