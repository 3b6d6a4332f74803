package io.logpulse.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpulse.model.Counts;
import io.logpulse.parse.Timestamps;
import io.logpulse.query.GroupTotals;
import io.logpulse.query.QueryException;
import io.logpulse.query.TimeRange;
import io.logpulse.query.TimelineQuery;
import io.logpulse.query.TopQuery;
import io.logpulse.query.lb.LbQuery;
import io.logpulse.query.lb.LbReports;
import io.logpulse.query.lb.Plan;
import io.logpulse.query.requests.Dimension;
import io.logpulse.query.requests.RequestFilter;
import io.logpulse.query.requests.RequestQueries;
import io.logpulse.store.Database;
import io.logpulse.store.RequestReader;
import io.logpulse.store.TrafficReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The answers behind the dashboard's panels, as JSON-ready values. Every panel takes the same range
 * ({@code from}, {@code to}: ISO-8601 with an offset, or the log's own style); without one it shows
 * the last {@link #DEFAULT_LAST} of the stored traffic: logs may be from any time, so "last" is
 * counted back from the newest stored request, not from the wall clock.
 *
 * <p>Times go out as epoch milliseconds ({@code *_ms}, for the page) and ISO-8601 in UTC (for people
 * reading the JSON); the page shows them in the browser's time zone.
 */
final class DashboardApi {

    static final Duration DEFAULT_LAST = Duration.ofHours(3);
    /** Points on the timeline chart at most: a longer range is shown in steps of several windows. */
    static final int MAX_POINTS = 720;
    static final int DEFAULT_TOP = 20;
    static final int MAX_TOP = 1000;

    static final Set<String> RANGE = Set.of("from", "to");
    static final Set<String> RANGE_AND_LIMIT = Set.of("from", "to", "limit");

    private final Database store;
    private final Plan plan;

    /**
     * {@code plan}: the expected shares of the sources ({@code --weights}); null for equal shares. Called
     * from one thread at a time: the store is one connection. (When another process served the file to
     * it and ends, H2 connects again by itself: AUTO_SERVER implies AUTO_RECONNECT outside transactions.)
     */
    DashboardApi(Database store, Plan plan) {
        this.store = store;
        this.plan = plan;
    }

    /** What the store holds: for the header, and for the page to choose ranges. */
    record Stored(String database, long windowMs, long firstMs, long dataEndMs, long defaultFromMs, long defaultToMs) {
    }

    Stored stored() {
        var reader = new TrafficReader(store.handle());
        long window = window(reader);
        long first = reader.span().orElseThrow(DashboardApi::empty).firstBlock();
        TimeRange last = range(reader, new Params(Map.of()));
        return new Stored(store.location().dataFile().toString(), window, first, last.toMillis(), last.fromMillis(),
                last.toMillis());
    }

    record TimelineStep(long startMs, long endMs, long requests, long bytes, @JsonProperty("status_2xx") long status2xx,
            @JsonProperty("status_3xx") long status3xx, @JsonProperty("status_4xx") long status4xx,
            @JsonProperty("status_5xx") long status5xx) {

        static TimelineStep of(TimelineQuery.Step step) {
            long[] c = step.counts();
            return new TimelineStep(step.start(), step.end(), c[Counts.REQUESTS], c[Counts.BYTES], c[Counts.status(2)],
                    c[Counts.status(3)], c[Counts.status(4)], c[Counts.status(5)]);
        }
    }

    record Timeline(String from, String to, long fromMs, long toMs, long windowMs, long stepMs, long requests,
            List<String> notes, List<TimelineStep> steps) {
    }

    Timeline timeline(Params params) {
        var reader = new TrafficReader(store.handle());
        TimeRange range = range(reader, params);
        long window = window(reader);
        TimeRange aligned = range.alignedTo(window);
        long windows = (aligned.toMillis() - aligned.fromMillis()) / window;
        // Steps are aligned to the epoch, so a range off their edges has one step more than it holds whole.
        int perStep = (int) Math.max(1, (windows + MAX_POINTS - 2) / (MAX_POINTS - 1));
        TimelineQuery.Answer answer = new TimelineQuery(reader).timeline(range, perStep);
        var notes = new ArrayList<String>();
        widened(answer.requested(), answer.covered(), window).ifPresent(notes::add);
        if (perStep > 1) {
            notes.add("steps of " + LbQuery.showDuration(answer.stepMillis()) + " (" + perStep + " windows of "
                    + LbQuery.showDuration(window) + ") keep the chart at most " + MAX_POINTS + " points");
        }
        List<TimelineStep> steps = answer.steps().stream().map(TimelineStep::of).toList();
        return new Timeline(show(answer.covered().from()), show(answer.covered().to()), answer.covered().fromMillis(),
                answer.covered().toMillis(), window, answer.stepMillis(), answer.totalRequests(), notes, steps);
    }

    /** One group of a top list (a client address, a path) with its totals. */
    record Group(String key, long requests, long bytes, @JsonProperty("status_2xx") long status2xx,
            @JsonProperty("status_3xx") long status3xx, @JsonProperty("status_4xx") long status4xx,
            @JsonProperty("status_5xx") long status5xx) {

        static Group of(GroupTotals t) {
            return new Group(t.key(), t.requests(), t.bytes(), t.status(2), t.status(3), t.status(4), t.status(5));
        }
    }

    /** A top list: {@code by} says what the groups are ({@code ip}, {@code path}); {@code requests} counts all. */
    record Top(String by, String from, String to, long fromMs, long toMs, long requests, int limit, List<String> notes,
            List<Group> rows) {

        static Top of(String by, TimeRange covered, long requests, int limit, List<String> notes, List<GroupTotals> rows) {
            return new Top(by, show(covered.from()), show(covered.to()), covered.fromMillis(), covered.toMillis(), requests,
                    limit, notes, rows.stream().map(Group::of).toList());
        }
    }

    /** The busiest client addresses, from the per-window counts. */
    Top topIps(Params params) {
        int limit = params.intBetween("limit", DEFAULT_TOP, 1, MAX_TOP);
        var reader = new TrafficReader(store.handle());
        TimeRange range = range(reader, params);
        TopQuery.Answer answer = new TopQuery(reader).top(range.from(), range.to(), ZoneOffset.UTC, limit);
        return Top.of("ip", answer.covered(), answer.totalRequests(), limit,
                widened(answer.requested(), answer.covered(), answer.windowMillis()).stream().toList(), answer.rows());
    }

    /**
     * The most requested paths, from the request store (exact to the millisecond, unlike the windows; the
     * page asks for whole windows, so its panels agree).
     */
    Top topPaths(Params params) {
        int limit = params.intBetween("limit", DEFAULT_TOP, 1, MAX_TOP);
        Handle handle = store.handle();
        TimeRange range = range(new TrafficReader(handle), params);
        var reader = new RequestReader(handle);
        if (reader.span().isEmpty()) {
            throw new QueryException("the request store is empty: the logs were ingested with --no-request-store, "
                    + "or their requests are older than --keep");
        }
        var queries = new RequestQueries(reader);
        RequestQueries.TopAnswer answer = queries.top(new RequestFilter(range, Set.of(), null, null, null), Dimension.PATH,
                limit);
        return Top.of("path", range, answer.total(), limit, queries.prunedNote(range).stream().toList(), answer.rows());
    }

    /** Shares per source against the expected ones: {@code lb}'s JSON document, with the range in milliseconds. */
    Map<String, Object> sources(Params params) {
        Handle handle = store.handle();
        TimeRange range = range(new TrafficReader(handle), params);
        var request = new LbQuery.Request(range.from(), range.to(), ZoneOffset.UTC, plan, Map.of(), false, null, null,
                null, false);
        var answer = new LbQuery(handle).run(request);
        var document = new LinkedHashMap<String, Object>();
        document.put("from_ms", answer.covered().fromMillis());
        document.put("to_ms", answer.covered().toMillis());
        document.putAll(LbReports.document(answer));
        return document;
    }

    /**
     * The asked range; without {@code to}, up to the end of the newest stored window with a request;
     * without {@code from}, {@link #DEFAULT_LAST} before {@code to} (not before the first stored window).
     */
    private static TimeRange range(TrafficReader reader, Params params) {
        Instant from = instant(params, "from");
        Instant to = instant(params, "to");
        if (to == null) {
            to = Instant.ofEpochMilli(reader.dataEnd().orElseThrow(DashboardApi::empty));
        }
        if (from == null) {
            long first = reader.span().orElseThrow(DashboardApi::empty).firstBlock();
            from = Instant.ofEpochMilli(Math.max(first, to.toEpochMilli() - DEFAULT_LAST.toMillis()));
        }
        if (!from.isBefore(to)) {
            throw new ApiException(ApiException.BAD_REQUEST, "the range is empty: from " + show(from) + " is not before to "
                    + show(to));
        }
        return new TimeRange(from, to, ZoneOffset.UTC);
    }

    private static Instant instant(Params params, String name) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Timestamps.parseUserTime(value).toInstant();
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiException.BAD_REQUEST, name + ": " + e.getMessage());
        }
    }

    private static long window(TrafficReader reader) {
        return reader.windowMillis().orElseThrow(DashboardApi::empty);
    }

    private static QueryException empty() {
        return new QueryException("the database holds no traffic yet");
    }

    private static java.util.Optional<String> widened(TimeRange requested, TimeRange covered, long window) {
        if (requested.equals(covered)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("[" + show(requested.from()) + ", " + show(requested.to()) + ") does not fall on "
                + LbQuery.showDuration(window) + " window edges: counted the whole windows [" + show(covered.from()) + ", "
                + show(covered.to()) + ")");
    }

    private static String show(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toString();
    }
}
