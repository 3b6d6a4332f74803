package io.logpulse.query.requests;

import io.logpulse.model.BlockCodec;
import io.logpulse.model.Counts;
import io.logpulse.model.FacetSummary;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentSummary;
import io.logpulse.query.BlockRanges;
import io.logpulse.query.GroupTotals;
import io.logpulse.query.QueryException;
import io.logpulse.query.TimeRange;
import io.logpulse.store.RequestReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The drill-down questions, answered exactly from the request store: any range, to the millisecond,
 * with filters on source, status, path prefix and client address.
 */
public final class RequestQueries {

    /** Steps a timeline is cut into by default: a terminal's width of sparkline, a screen of rows. */
    public static final int DEFAULT_STEPS = 60;
    private static final List<Duration> STEPS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3),
            Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(7));

    public record TopAnswer(TimeRange range, Dimension by, long total, List<GroupTotals> rows) {
    }

    public record AddressAnswer(String address, TimeRange range, Timeline timeline, List<GroupTotals> statuses,
            List<GroupTotals> paths, List<GroupTotals> userAgents, List<GroupTotals> sources, List<GroupTotals> methods) {
    }

    public record RequestsAnswer(TimeRange range, long matched, List<StoredRequest> requests) {
    }

    /** How one group's share of the traffic moved from the baseline to the incident. */
    public record Change(Dimension dimension, String key, long baselineRequests, long incidentRequests) {
    }

    public record CompareAnswer(TimeRange baseline, TimeRange incident, long baselineTotal, long incidentTotal,
            List<Change> changes) {
    }

    private final RequestReader reader;
    private final RequestScan scan;

    public RequestQueries(RequestReader reader) {
        this.reader = reader;
        this.scan = new RequestScan(reader);
    }

    /**
     * The range asked for, a missing end taken from the stored requests. Ends taken from the store
     * are widened to whole {@code alignMillis} so that steps fall on round times.
     */
    public TimeRange range(Instant from, Instant to, ZoneOffset shownIn, long alignMillis) {
        RequestReader.Span span = reader.span().orElseThrow(RequestQueries::empty);
        return TimeRange.orStored(from, to, Math.floorDiv(span.firstMillis(), alignMillis) * alignMillis,
                (Math.floorDiv(span.lastMillis(), alignMillis) + 1) * alignMillis, shownIn, "requests");
    }

    /** Fails with a clear message when the store holds no request. */
    public void requireRequests() {
        if (!holdsAny()) {
            throw empty();
        }
    }

    private static QueryException empty() {
        return new QueryException("the request store is empty: nothing was ingested yet, or only with --no-request-store");
    }

    /** True when the store holds a request. */
    public boolean holdsAny() {
        return reader.span().isPresent();
    }

    /** True when the store holds every request of {@code range}: there are some, and none were pruned from it. */
    public boolean holdsAll(TimeRange range) {
        return holdsAny() && reader.keptFrom().stream().allMatch(kept -> range.fromMillis() >= kept);
    }

    /** A note for answers over a range the retention has cut into; empty when it has not. */
    public Optional<String> prunedNote(TimeRange range) {
        return reader.keptFrom().stream().filter(kept -> range.fromMillis() < kept).boxed().findFirst()
                .map(kept -> "requests before " + range.show(Instant.ofEpochMilli(kept))
                        + " are no longer kept (--keep): they are not counted here");
    }

    /** The step a timeline of {@code range} gets by default: the smallest round one giving at most 60 steps. */
    public static Duration defaultStep(TimeRange range, Duration atLeast) {
        long length = range.toMillis() - range.fromMillis();
        return STEPS.stream().filter(step -> step.compareTo(atLeast) >= 0)
                .filter(step -> length / step.toMillis() <= DEFAULT_STEPS).findFirst()
                .orElse(STEPS.get(STEPS.size() - 1));
    }

    public TopAnswer top(RequestFilter filter, Dimension by, int limit) {
        Optional<SummaryTop> summarized = SummaryTop.count(reader, scan, filter, by);
        List<GroupTotals> settled = summarized.map(s -> s.top(limit)).orElse(null);
        if (settled != null) {
            return new TopAnswer(filter.range(), by, summarized.get().total(), settled);
        }
        var counter = new GroupCounter(by);
        scan.scan(filter, counter.columns(), counter);
        return new TopAnswer(filter.range(), by, counter.total(), counter.top(limit));
    }

    /**
     * Each client's requests per window of {@code windowMillis} among those {@code filter} keeps, as
     * cells of the rows of their blocks ({@link io.logpulse.query.SpikeQuery.Cells}), for spikes of
     * a filter's requests: a segment's matching rows are sorted by block, address and window, and
     * each (address, window) handed over once with its count.
     */
    public void clientWindows(RequestFilter filter, long windowMillis, LongFunction<BlockCodec.CellVisitor> rows) {
        long blockMillis = BlockRanges.blockMillis(windowMillis);
        long[] counts = new long[Counts.STRIDE];
        long[][] keys = {new long[0]};
        scan.scan(filter, EnumSet.of(RequestColumn.ADDRESS, RequestColumn.TIME), (segment, origin, columns, matched, count) -> {
            if (keys[0].length < count) {
                keys[0] = new long[Math.max(count, keys[0].length * 2)];
            }
            long[] cells = keys[0];
            long firstBlock = Long.MAX_VALUE;
            for (int i = 0; i < count; i++) {
                firstBlock = Math.min(firstBlock, Math.floorDiv(columns.number(RequestColumn.TIME, matched[i]), blockMillis));
            }
            int n = 0;
            for (int i = 0; i < count; i++) {
                long time = columns.number(RequestColumn.TIME, matched[i]);
                long block = Math.floorDiv(time, blockMillis);
                int entry = columns.entry(RequestColumn.ADDRESS, matched[i]);
                if (entry >= 0) { // block, then address, then window: a row's cells of one address in a run
                    cells[n++] = (block - firstBlock) << 40 | (long) entry << 8 | (time - block * blockMillis) / windowMillis;
                }
            }
            Arrays.sort(cells, 0, n);
            byte[] text = columns.textBytes(RequestColumn.ADDRESS);
            int[] starts = columns.textStarts(RequestColumn.ADDRESS);
            int[] ends = columns.textEnds(RequestColumn.ADDRESS);
            BlockCodec.CellVisitor row = null;
            long rowBlock = -1;
            for (int i = 0, j; i < n; i = j) {
                j = i + 1;
                while (j < n && cells[j] == cells[i]) {
                    j++;
                }
                long block = cells[i] >>> 40;
                if (row == null || block != rowBlock) {
                    rowBlock = block;
                    row = rows.apply((firstBlock + block) * blockMillis);
                }
                int entry = (int) (cells[i] >>> 8 & 0xFFFF_FFFFL);
                counts[Counts.REQUESTS] = j - i;
                row.visit(text, starts[entry], ends[entry] - starts[entry], (int) (cells[i] & 0xFF), counts, 0);
            }
        });
    }

    /**
     * Matching requests per step. Without an address or a path prefix, a segment inside one step adds
     * its status summary's totals (of single codes, those of its codes) to that step instead of being
     * scanned: a whole day is then ~1,700 summaries of a few hundred bytes, and the few dozen segments
     * across step edges.
     */
    public Timeline timeline(RequestFilter filter, Duration step) {
        var timeline = new Timeline(filter.range(), step.toMillis());
        Map<RequestReader.Segment, long[]> summarized = summarizedTotals(filter, timeline::withinOneStep);
        summarized.forEach((segment, counts) -> timeline.addTotals(segment.firstMillis(), counts));
        scan.scan(filter, timeline.columns(), timeline,
                scan.segments(filter).stream().filter(segment -> !summarized.containsKey(segment)).toList());
        return timeline;
    }

    /**
     * The counts that a scan with {@code filter} would make of each segment that {@code also} keeps and
     * whose status summary (with the facet the filter needs) gives them; none with an address.
     */
    private Map<RequestReader.Segment, long[]> summarizedTotals(RequestFilter filter, Predicate<RequestReader.Segment> also) {
        boolean[] classes = filter.address() == null ? StoredSummaries.classes(filter) : null;
        var totals = new HashMap<RequestReader.Segment, long[]>();
        if (classes != null) {
            StoredSummaries summaries = StoredSummaries.of(reader, filter, RequestColumn.STATUS);
            for (RequestReader.Segment segment : SummaryTop.candidates(scan, filter, also)) {
                if (summaries.has(segment.key())) {
                    totals.put(segment, SegmentSummary.toCounts(summaries.decode(segment.key()).totals(), 0, classes,
                            new long[Counts.STRIDE]));
                }
            }
        } else if (filter.address() == null && filter.pathPrefix() != null) {
            // Single codes and a path prefix: the status summary read with the prefix lists codes; where
            // it lists every code the prefix keeps (a threshold of 0), the codes asked for add up.
            var anyStatus = new RequestFilter(filter.range(), filter.sources(), null, filter.pathPrefix(), null);
            StoredSummaries summaries = StoredSummaries.of(reader, anyStatus, RequestColumn.STATUS);
            for (RequestReader.Segment segment : SummaryTop.candidates(scan, filter, also)) {
                SegmentSummary codes = summaries.has(segment.key()) ? summaries.decode(segment.key()) : null;
                if (codes != null && codes.threshold() == 0) {
                    totals.put(segment, codesCounts(codes, filter.status()));
                }
            }
        }
        return totals;
    }

    /** The counts of the codes that {@code status} keeps, of a status summary that lists every code. */
    private static long[] codesCounts(SegmentSummary codes, StatusMatch status) {
        long[] counts = new long[Counts.STRIDE];
        long[] one = new long[Counts.STRIDE];
        boolean[] every = StoredSummaries.allClasses();
        for (int i = 0; i < codes.listed(); i++) {
            long code = FacetSummary.code(Arrays.copyOfRange(codes.text(), codes.start(i), codes.end(i)));
            if (status.test(code)) {
                Counts.add(counts, 0, SegmentSummary.toCounts(codes.counts(), i * SegmentSummary.STRIDE, every, one), 0);
            }
        }
        return counts;
    }

    /**
     * Everything one client did: when, how often, with which answers, on which paths, as which agents.
     * Its top paths and agents come from the summaries of its slices where they settle them. Its
     * other requests are scanned once for everything (its slices' rows where it has some).
     */
    public AddressAnswer address(RequestFilter filter, Duration step, int limit) {
        var timeline = new Timeline(filter.range(), step.toMillis());
        var statuses = new GroupCounter(Dimension.STATUS);
        var sources = new GroupCounter(Dimension.SOURCE);
        var methods = new GroupCounter(Dimension.METHOD);
        List<RequestScan.Matches> each = List.of(timeline, statuses, sources, methods);
        var columns = EnumSet.copyOf(timeline.columns());
        List.of(statuses, sources, methods).forEach(c -> columns.addAll(c.columns()));
        RequestScan.Matches counted = (segment, origin, decoded, rows, count) ->
                each.forEach(m -> m.accept(segment, origin, decoded, rows, count));
        List<Dimension> summarizable = List.of(Dimension.PATH, Dimension.UA);
        Optional<SummaryTop.Summarized> summarized = SummaryTop.count(reader, scan, filter, summarizable, columns, counted);
        List<GroupTotals> paths;
        List<GroupTotals> agents;
        if (summarized.isPresent()) {
            scan.scan(filter, columns, counted, summarized.get().segments());
            paths = summarized.get().tops().get(0).top(limit);
            agents = summarized.get().tops().get(1).top(limit);
            if (paths == null) {
                paths = count(filter, List.of(Dimension.PATH)).get(0).top(limit);
            }
            if (agents == null) {
                agents = count(filter, List.of(Dimension.UA)).get(0).top(limit);
            }
        } else {
            List<GroupCounter> pathsAndAgents = summarizable.stream().map(GroupCounter::new).toList();
            pathsAndAgents.forEach(c -> columns.addAll(c.columns()));
            scan.scan(filter, columns, (segment, origin, decoded, rows, count) -> {
                counted.accept(segment, origin, decoded, rows, count);
                pathsAndAgents.forEach(c -> c.accept(segment, origin, decoded, rows, count));
            });
            paths = pathsAndAgents.get(0).top(limit);
            agents = pathsAndAgents.get(1).top(limit);
        }
        return new AddressAnswer(filter.address(), filter.range(), timeline, statuses.top(limit), paths, agents,
                sources.top(limit), methods.top(limit));
    }

    /**
     * The first {@code limit} matching requests in time order, and how many matched in all: the times
     * (and the filter's columns) of the segments that may hold one of the first, or whose matches no
     * summary counts, then every column of the segments that hold one of the first.
     */
    public RequestsAnswer requests(RequestFilter filter, int limit) {
        var times = new EarliestTimes(limit);
        Map<RequestReader.Segment, long[]> counted = summarizedTotals(filter, segment -> true);
        // The segments whose summaries count their matches are read in time order only until they
        // hold the first matches; the others are all read, to count theirs.
        var byTime = new ArrayList<RequestReader.Segment>();
        var first = new ArrayList<RequestReader.Segment>();
        scan.segments(filter).forEach(segment -> (counted.containsKey(segment) ? byTime : first).add(segment));
        byTime.sort(Comparator.comparingLong(RequestReader.Segment::firstMillis));
        long held = 0;
        int taken = 0;
        while (taken < byTime.size() && held < limit) {
            held += counted.get(byTime.get(taken))[Counts.REQUESTS];
            first.add(byTime.get(taken++));
        }
        scan.scan(filter, Set.of(RequestColumn.TIME), times, first);
        // Later segments may still start before the last of the first matches found so far.
        var more = new ArrayList<RequestReader.Segment>();
        long countedOnly = 0;
        for (RequestReader.Segment segment : byTime.subList(taken, byTime.size())) {
            if (segment.firstMillis() <= times.last()) {
                more.add(segment);
            } else {
                countedOnly += counted.get(segment)[Counts.REQUESTS];
            }
        }
        scan.scan(filter, Set.of(RequestColumn.TIME), times, more);
        long matched = times.matched() + countedOnly;
        var scanned = new ArrayList<>(first);
        scanned.addAll(more);
        var earliest = new EarliestRequests(limit);
        scan.scan(filter, earliest.columns(), earliest, times.holdingTheFirst(scanned));
        return new RequestsAnswer(filter.range(), matched, earliest.inTimeOrder());
    }

    /**
     * What changed between two ranges: for client addresses, paths and statuses, the top {@code limit}
     * of either range with their requests in both. A grouping the segments' summaries give exactly in
     * both ranges comes from them; the others from one scan of each range.
     */
    public CompareAnswer compare(RequestFilter baseline, RequestFilter incident, int limit) {
        List<Dimension> dimensions = List.of(Dimension.IP, Dimension.PATH, Dimension.STATUS);
        var changes = new ArrayList<List<Change>>();
        var scanned = new ArrayList<Dimension>();
        long baselineTotal = -1;
        long incidentTotal = -1;
        for (Dimension d : dimensions) {
            Optional<SummaryTop> before = SummaryTop.count(reader, scan, baseline, d);
            Optional<SummaryTop> after = before.isEmpty() ? Optional.empty() : SummaryTop.count(reader, scan, incident, d);
            List<Change> fromSummaries = after.isEmpty() ? null : changes(d, before.get(), after.get(), limit);
            changes.add(fromSummaries);
            if (fromSummaries == null) {
                scanned.add(d);
            } else {
                baselineTotal = before.get().total();
                incidentTotal = after.get().total();
            }
        }
        if (!scanned.isEmpty()) {
            List<GroupCounter> before = count(baseline, scanned);
            List<GroupCounter> after = count(incident, scanned);
            for (int i = 0; i < scanned.size(); i++) {
                GroupCounter b = before.get(i);
                GroupCounter a = after.get(i);
                changes.set(dimensions.indexOf(scanned.get(i)), keys(a.top(limit), b.top(limit)).stream()
                        .map(key -> new Change(b.by(), key, b.requests(key), a.requests(key))).toList());
            }
            baselineTotal = before.get(0).total();
            incidentTotal = after.get(0).total();
        }
        return new CompareAnswer(baseline.range(), incident.range(), baselineTotal, incidentTotal,
                changes.stream().flatMap(List::stream).toList());
    }

    /** The values a compare shows: the incident's top, then the baseline's not among them. */
    private static Set<String> keys(List<GroupTotals> incidentTop, List<GroupTotals> baselineTop) {
        var keys = new LinkedHashSet<String>();
        incidentTop.forEach(g -> keys.add(g.key()));
        baselineTop.forEach(g -> keys.add(g.key()));
        return keys;
    }

    /** The changes of one grouping from summaries, or null when they do not give every count exactly. */
    private static List<Change> changes(Dimension d, SummaryTop before, SummaryTop after, int limit) {
        List<GroupTotals> topAfter = after.top(limit);
        List<GroupTotals> topBefore = topAfter == null ? null : before.top(limit);
        if (topBefore == null) {
            return null;
        }
        var changes = new ArrayList<Change>();
        for (String key : keys(topAfter, topBefore)) {
            long b = before.exactRequests(key);
            long a = after.exactRequests(key);
            if (b < 0 || a < 0) {
                return null;
            }
            changes.add(new Change(d, key, b, a));
        }
        return changes;
    }

    private List<GroupCounter> count(RequestFilter filter, List<Dimension> dimensions) {
        List<GroupCounter> counters = dimensions.stream().map(GroupCounter::new).toList();
        EnumSet<RequestColumn> columns = EnumSet.noneOf(RequestColumn.class);
        counters.forEach(c -> columns.addAll(c.columns()));
        scan.scan(filter, columns, (segment, origin, decoded, rows, count) ->
                counters.forEach(c -> c.accept(segment, origin, decoded, rows, count)));
        return counters;
    }
}
