package io.logpulse.query.requests;

import io.logpulse.model.Counts;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentSummary;
import io.logpulse.query.GroupTotals;
import io.logpulse.query.ValueCounts;
import io.logpulse.store.RequestReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A top by path or user agent from the segments' {@link SegmentSummary summaries} where they settle
 * it, the threshold algorithm's way: a segment that does not list a value holds at most its threshold
 * of it. The segments at the range's ends, those that share lines with another and those without a
 * summary are scanned as usual. The answer stands only if each value of it is listed by every
 * summarized segment that could hold more of it (so its counts are exact), and no other value can
 * reach the last one's requests even with every threshold it may have missed; otherwise the whole
 * range is scanned. On a busy log, the top values are in every segment's summary and the thresholds
 * are a few requests: a few kilobytes are read per segment instead of its whole column.
 *
 * <p>For one client address, the summaries are those of its {@link io.logpulse.model.AddressSlices
 * slices}, of its requests only; the segments where it has none are scanned.
 */
final class SummaryTop {

    private final GroupCounter counter;
    /** Per value, the thresholds of the summaries that list it: all of them when its counts are exact. */
    private final ValueCounts presence;
    /** The sum of every summary's threshold: the most a value no summary listed may hold. */
    private final long missable;
    private final long total;

    private SummaryTop(GroupCounter counter, ValueCounts presence, long missable, long total) {
        this.counter = counter;
        this.presence = presence;
        this.missable = missable;
        this.total = total;
    }

    /**
     * The counts by {@code by} of the requests {@code filter} keeps, from the summaries where
     * there are some; empty when this filter or grouping cannot use them, or no segment has one.
     */
    static Optional<SummaryTop> count(RequestReader reader, RequestScan scan, RequestFilter filter, Dimension by) {
        return count(reader, scan, filter, List.of(by), Set.of(), NO_MORE).map(s -> s.tops().get(0));
    }

    /** The tops of several groupings, and the segments their summaries stand for. */
    record Summarized(List<SummaryTop> tops, List<RequestReader.Segment> segments) {
    }

    private static final RequestScan.Matches NO_MORE = (segment, origin, columns, rows, count) -> { };

    /**
     * The counts by each of {@code by}, as {@link #count(RequestReader, RequestScan, RequestFilter, Dimension)},
     * from the segments that have summaries of all of them. The others are scanned once for all,
     * their matching rows handed to {@code more} too (which reads {@code moreColumns}); the
     * summarized segments are not, and are returned for the caller to scan for what else it counts.
     */
    static Optional<Summarized> count(RequestReader reader, RequestScan scan, RequestFilter filter, List<Dimension> by,
            Set<RequestColumn> moreColumns, RequestScan.Matches more) {
        boolean[] classes = StoredSummaries.classes(filter);
        if (classes == null || by.stream().anyMatch(d -> d.summarizedBy() == null)) {
            return Optional.empty();
        }
        List<RequestReader.Segment> segments = scan.segments(filter);
        List<RequestReader.Segment> candidates = candidates(scan, filter, segment -> true);
        List<StoredSummaries> stored = storedSummaries(reader, filter, by);
        Set<RequestReader.SegmentKey> summarized = new HashSet<>();
        for (RequestReader.Segment segment : candidates) {
            if (stored.stream().allMatch(summaries -> summaries.has(segment.key()))) {
                summarized.add(segment.key());
            }
        }
        if (summarized.isEmpty()) {
            return Optional.empty();
        }

        List<GroupCounter> counters = by.stream().map(GroupCounter::new).toList();
        EnumSet<RequestColumn> columns = EnumSet.noneOf(RequestColumn.class);
        columns.addAll(moreColumns);
        counters.forEach(c -> columns.addAll(c.columns()));
        scan.scan(filter, columns, (segment, origin, decoded, rows, count) -> {
            counters.forEach(c -> c.accept(segment, origin, decoded, rows, count));
            more.accept(segment, origin, decoded, rows, count);
        }, segments.stream().filter(segment -> !summarized.contains(segment.key())).toList());
        List<SummaryTop> tops = new ArrayList<>();
        for (int d = 0; d < by.size(); d++) {
            tops.add(merged(counters.get(d), stored.get(d), summarized, classes, scan));
        }
        return Optional.of(new Summarized(tops,
                segments.stream().filter(segment -> summarized.contains(segment.key())).toList()));
    }

    /**
     * The segments of {@code filter} whose summaries may stand for them, if they have some: those
     * that share no line with another, lie inside the range, are of a kept source, and pass {@code also}.
     */
    static List<RequestReader.Segment> candidates(RequestScan scan, RequestFilter filter,
            Predicate<RequestReader.Segment> also) {
        long from = filter.range().fromMillis();
        long to = filter.range().toMillis();
        return alone(scan.segments(filter)).stream()
                .filter(segment -> segment.firstMillis() >= from && segment.lastMillis() < to
                        && filter.keepsSource(scan.origin(segment.generation()).source()) && also.test(segment))
                .toList();
    }

    /** The stored summaries of each of {@code by}: the segments', or with an address its slices'. */
    private static List<StoredSummaries> storedSummaries(RequestReader reader, RequestFilter filter, List<Dimension> by) {
        List<RequestColumn> columns = by.stream().map(Dimension::summarizedBy).toList();
        if (filter.address() == null) {
            return columns.stream().map(column -> StoredSummaries.of(reader, filter, column)).toList();
        }
        return reader.sliceSummaries(filter.address(), filter.range().fromMillis(), filter.range().toMillis(), columns)
                .stream().map(StoredSummaries::ofClasses).toList();
    }

    /**
     * The top of {@code counter}'s scanned counts and the {@code summarized} segments' summaries: of
     * their values, or by source the totals of each under its file's.
     */
    private static SummaryTop merged(GroupCounter counter, StoredSummaries stored,
            Set<RequestReader.SegmentKey> summarized, boolean[] classes, RequestScan scan) {
        long total = counter.total();
        var presence = new ValueCounts();
        long[] threshold = new long[Counts.STRIDE];
        long[] totals = new long[Counts.STRIDE];
        long missable = 0;
        for (RequestReader.SegmentKey key : summarized) {
            SegmentSummary summary = stored.decode(key);
            SegmentSummary.toCounts(summary.totals(), 0, classes, totals);
            total += totals[Counts.REQUESTS];
            if (counter.by() == Dimension.SOURCE) {
                counter.addTotals(scan.origin(key.generation()).source(), totals);
                continue;
            }
            counter.addSummary(summary, classes);
            threshold[Counts.REQUESTS] = summary.threshold();
            if (summary.threshold() > 0) {
                missable += summary.threshold();
                for (int i = 0; i < summary.listed(); i++) {
                    presence.add(summary.text(), summary.start(i), summary.end(i), threshold, 0);
                }
            }
        }
        return new SummaryTop(counter, presence, missable, total);
    }

    /** Every request the filter keeps. */
    long total() {
        return total;
    }

    /** The requests of value {@code key}, when the summaries give it exactly; -1 when they do not. */
    long exactRequests(String key) {
        return mayHoldMore(key) == 0 ? counter.requests(key) : -1;
    }

    /**
     * The first {@code limit} values when they are exact and nothing left out can reach the last of
     * them; null otherwise. A value may hold up to {@code missable} (every threshold) more than
     * counted, less the thresholds of the summaries that list it. The values after the answer are
     * checked one by one until even that bound of theirs falls short.
     */
    List<GroupTotals> top(int limit) {
        int asked = limit;
        while (true) {
            asked = asked >= MOST_CHECKED ? Integer.MAX_VALUE : asked * 4 + 1;
            List<GroupTotals> top = counter.top(asked);
            List<GroupTotals> answer = top.subList(0, Math.min(limit, top.size()));
            if (missable == 0) {
                return answer;
            }
            if (answer.size() < limit || answer.stream().anyMatch(g -> mayHoldMore(g.key()) > 0)) {
                return null;
            }
            long last = answer.get(limit - 1).requests();
            for (GroupTotals other : top.subList(limit, top.size())) {
                if (other.requests() + mayHoldMore(other.key()) >= last) {
                    return null; // it might reach the answer (a tie is decided by name): scan
                }
            }
            boolean everyValue = top.size() < asked;
            long beyond = everyValue ? 0 : top.get(top.size() - 1).requests();
            if (beyond + missable < last) {
                return answer; // values after these and values no summary listed fall short too
            }
            if (everyValue) {
                return null;
            }
        }
    }

    /** Values this many places past the answer are the most checked one by one before scanning instead. */
    private static final int MOST_CHECKED = 100_000;

    /** How many more requests than counted a value may have: the thresholds of the summaries that do not list it. */
    private long mayHoldMore(String key) {
        if (key.equals(ValueCounts.ABSENT)) {
            return 0; // every summary counts the requests without a value
        }
        byte[] name = SegmentSummary.spelling(key);
        return missable - presence.requestsOf(name, 0, name.length);
    }

    /** The segments that share no byte with another segment of their generation. */
    private static List<RequestReader.Segment> alone(List<RequestReader.Segment> segments) {
        var byStart = new ArrayList<>(segments);
        byStart.sort(Comparator.comparingLong(RequestReader.Segment::generation)
                .thenComparingLong(RequestReader.Segment::startOffset));
        var alone = new ArrayList<RequestReader.Segment>();
        long reachedTo = Long.MIN_VALUE; // the furthest end of the generation's segments before this one
        for (int i = 0; i < byStart.size(); i++) {
            RequestReader.Segment s = byStart.get(i);
            if (i > 0 && byStart.get(i - 1).generation() != s.generation()) {
                reachedTo = Long.MIN_VALUE;
            }
            RequestReader.Segment next = i + 1 < byStart.size() ? byStart.get(i + 1) : null;
            boolean overlapsNext = next != null && next.generation() == s.generation() && next.startOffset() < s.endOffset();
            if (reachedTo <= s.startOffset() && !overlapsNext) {
                alone.add(s);
            }
            reachedTo = Math.max(reachedTo, s.endOffset());
        }
        return alone;
    }
}
