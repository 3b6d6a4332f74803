package io.logpulse.query.requests;

import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentColumns;
import io.logpulse.store.RequestReader;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks the stored requests that pass a filter, segment by segment: picks the segments by time span,
 * source and address filter, decodes only the columns asked for plus those the filter needs, and
 * hands over each segment's matching rows. Per-value tests (path prefix, address) run once per
 * distinct value of a segment, not per row.
 *
 * <p>Two stored segments may hold the same lines: a job restored from a checkpoint reads again from
 * there and may cut its chunks elsewhere; the store keeps an older segment that reaches back before
 * the new one rather than lose its first lines. A line is counted once: from the first segment
 * scanned that holds it.
 */
public final class RequestScan {

    /** Receives the rows of one segment that pass the filter: {@code rows[0, count)}. */
    @FunctionalInterface
    public interface Matches {
        void accept(RequestReader.Segment segment, RequestReader.Origin origin, SegmentColumns columns, int[] rows, int count);
    }

    private final RequestReader reader;
    private final Map<Long, RequestReader.Origin> origins;
    private final SegmentColumns columns = new SegmentColumns();
    private int[] rows = new int[1024];
    private boolean[] pathKept = new boolean[1024];
    private boolean[] addressKept = new boolean[1024];

    public RequestScan(RequestReader reader) {
        this.reader = reader;
        this.origins = reader.origins();
    }

    public RequestReader.Origin origin(long generation) {
        return origins.getOrDefault(generation, new RequestReader.Origin("?", "?"));
    }

    public void scan(RequestFilter filter, Set<RequestColumn> wanted, Matches matches) {
        EnumSet<RequestColumn> decode = EnumSet.of(RequestColumn.TIME);
        decode.addAll(wanted);
        if (filter.status() != null) {
            decode.add(RequestColumn.STATUS);
        }
        if (filter.pathPrefix() != null) {
            decode.add(RequestColumn.PATH);
        }
        if (filter.address() != null) {
            decode.add(RequestColumn.ADDRESS);
        }
        long from = filter.range().fromMillis();
        long to = filter.range().toMillis();
        var covered = new CoveredBytes();
        for (RequestReader.Segment segment : reader.segments(from, to, filter.address())) {
            RequestReader.Origin origin = origin(segment.generation());
            if (!filter.sources().isEmpty() && !filter.sources().contains(origin.source())) {
                continue;
            }
            boolean overlaps = covered.overlaps(segment.generation(), segment.startOffset(), segment.endOffset());
            EnumSet<RequestColumn> needed = decode;
            if (overlaps) {
                needed = EnumSet.copyOf(decode);
                needed.add(RequestColumn.OFFSET);
            }
            columns.decode(segment.requests(), reader.columns(segment, needed), segment.startOffset(), needed);
            int count = select(filter, from, to);
            if (overlaps) {
                count = dropSeen(covered, segment.generation(), count);
            }
            covered.add(segment.generation(), segment.startOffset(), segment.endOffset());
            if (count > 0) {
                matches.accept(segment, origin, columns, rows, count);
            }
        }
    }

    private int select(RequestFilter filter, long from, long to) {
        int n = columns.rows();
        if (rows.length < n) {
            rows = new int[Math.max(n, rows.length * 2)];
        }
        boolean[] paths = null;
        if (filter.pathPrefix() != null) {
            paths = pathKept = keptEntries(RequestColumn.PATH, pathKept, value -> value.startsWith(filter.pathPrefix()));
        }
        boolean[] addresses = null;
        if (filter.address() != null) {
            addresses = addressKept = keptEntries(RequestColumn.ADDRESS, addressKept, filter.address()::equals);
        }
        int count = 0;
        for (int r = 0; r < n; r++) {
            long time = columns.number(RequestColumn.TIME, r);
            if (time < from || time >= to
                    || filter.status() != null && !filter.status().test(columns.number(RequestColumn.STATUS, r))
                    || paths != null && !kept(paths, columns.entry(RequestColumn.PATH, r))
                    || addresses != null && !kept(addresses, columns.entry(RequestColumn.ADDRESS, r))) {
                continue;
            }
            rows[count++] = r;
        }
        return count;
    }

    /** Keeps the selected rows whose lines no segment scanned before held. */
    private int dropSeen(CoveredBytes covered, long generation, int count) {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (!covered.contains(generation, columns.number(RequestColumn.OFFSET, rows[i]))) {
                rows[kept++] = rows[i];
            }
        }
        return kept;
    }

    private boolean[] keptEntries(RequestColumn column, boolean[] kept, Predicate<String> test) {
        int entries = columns.entries(column);
        if (kept.length < entries) {
            kept = new boolean[Math.max(entries, kept.length * 2)];
        }
        for (int e = 0; e < entries; e++) {
            kept[e] = test.test(columns.text(column, e));
        }
        return kept;
    }

    private static boolean kept(boolean[] entries, int entry) {
        return entry >= 0 && entries[entry];
    }
}
