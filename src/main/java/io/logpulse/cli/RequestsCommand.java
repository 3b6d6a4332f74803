package io.logpulse.cli;

import io.logpulse.query.Report;
import io.logpulse.store.Database;
import io.logpulse.query.TimeRange;
import io.logpulse.query.requests.RequestQueries;
import io.logpulse.query.requests.StoredRequest;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "requests", mixinStandardHelpOptions = true,
        description = {"The requests that match, in time order, each with the file and byte offset of its line: "
                + "the evidence for an incident report.", "Answered exactly from the request store."},
        footer = {"%nExamples:",
                "  logpulse requests --ip 203.0.113.7 --from '31/Jan/2025:03:07:33 +0900' --to '31/Jan/2025:05:07:33 +0900'",
                "  logpulse requests --status 5xx --limit 1000 --output csv > errors.csv",
                "  logpulse requests --path-prefix /wp-login --output json"})
final class RequestsCommand extends RequestStoreCommand {

    @Option(names = "--ip", paramLabel = "ADDRESS", description = "Only requests from this client address.")
    String address;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "100",
            description = "The first N matching requests (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void checkOptions() {
        Limits.check(spec, limit);
    }

    @Override
    long alignMillis() {
        return 1000;
    }

    @Override
    Report answer(Database db, RequestQueries queries, TimeRange asked) {
        var answer = queries.requests(filters.filter(asked, address == null ? null : address.trim()), limit);
        var notes = new ArrayList<String>();
        queries.prunedNote(asked).ifPresent(notes::add);
        if (answer.matched() > answer.requests().size()) {
            notes.add("showing the first " + answer.requests().size() + " of " + answer.matched()
                    + " matching requests: raise --limit or narrow the range");
        }
        return report(answer, notes);
    }

    private Report report(RequestQueries.RequestsAnswer answer, List<String> notes) {
        TimeRange r = answer.range();
        var meta = new LinkedHashMap<String, Object>(rangeHead(r));
        if (address != null) {
            meta.put("ip", address.trim());
        }
        meta.putAll(filters.describe());
        meta.put("matched", answer.matched());
        List<List<Object>> rows = new ArrayList<>();
        for (StoredRequest q : answer.requests()) {
            rows.add(Arrays.asList(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(q.loggedTime()), q.ip(), dash(q.method()), dash(q.path()), dash(q.protocol()),
                    q.status(), q.bytes(), dash(q.referer()), dash(q.userAgent()), q.source(), q.file(), q.offset()));
        }
        return new Report("requests in time order (request store)", meta, notes, List.of("time", "ip", "method", "path",
                "protocol", "status", "bytes", "referer", "user_agent", "source", "file", "offset"), rows);
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }
}
