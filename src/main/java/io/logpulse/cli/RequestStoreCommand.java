package io.logpulse.cli;

import io.logpulse.query.Report;
import io.logpulse.query.TimeRange;
import io.logpulse.query.requests.RequestQueries;
import io.logpulse.store.Database;
import io.logpulse.store.RequestReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shape of the drill-down commands answered from the request store: a database, a range, the
 * filters and an output format; a missing end of the range is taken from the stored requests.
 */
abstract class RequestStoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Mixin
    RangeOptions range;

    @Mixin
    FilterOptions filters;

    @Mixin
    OutputOption output;

    /** Checks the command's own options; a bad one is a usage error. */
    void checkOptions() {
    }

    /** Ends taken from the store are widened to whole multiples of this. */
    abstract long alignMillis();

    abstract Report answer(Database db, RequestQueries queries, TimeRange asked);

    /** The range asked about, a missing end taken from the stored requests. */
    TimeRange asked(Database db, RequestQueries queries) {
        return queries.range(range.fromInstant(), range.toInstant(), range.shownIn(), alignMillis());
    }

    @Override
    public final Integer call() {
        checkOptions();
        range.check(spec);
        try (Database db = Database.openForQuestion(database.location())) {
            var queries = new RequestQueries(new RequestReader(db.handle()));
            output.print(answer(db, queries, asked(db, queries)), spec);
        }
        return 0;
    }

    /** The head every report of a range starts with: its ends, then the filters in force. */
    Map<String, Object> head(TimeRange r) {
        var meta = rangeHead(r);
        meta.putAll(filters.describe());
        return meta;
    }

    static LinkedHashMap<String, Object> rangeHead(TimeRange r) {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("from", r.show(r.from()));
        meta.put("to", r.show(r.to()));
        return meta;
    }
}
