package io.logpulse.query.requests;

import io.logpulse.model.CodeSummary;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentSummary;
import io.logpulse.store.RequestReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The stored summaries of one column, by segment, read as a filter counts: a summary counts by status
 * class, so for single codes ({@code 404}) the codes stored beside it are read too and it is decoded
 * with only those codes' requests ({@link CodeSummary}). A segment without them is not summarized then.
 */
final class StoredSummaries {
    private final Map<RequestReader.SegmentKey, byte[]> summaries;
    /** The codes behind each summary when the filter keeps single codes; null otherwise. */
    private final Map<RequestReader.SegmentKey, byte[]> codes;
    private final StatusMatch status;

    private StoredSummaries(Map<RequestReader.SegmentKey, byte[]> summaries, Map<RequestReader.SegmentKey, byte[]> codes,
            StatusMatch status) {
        this.summaries = summaries;
        this.codes = codes;
        this.status = status;
    }

    /** The summaries of {@code column} of the segments in {@code filter}'s range. */
    static StoredSummaries of(RequestReader reader, RequestFilter filter, RequestColumn column) {
        long from = filter.range().fromMillis();
        long to = filter.range().toMillis();
        Map<RequestReader.SegmentKey, byte[]> summaries = RequestReader.byKey(reader.summaries(from, to, column));
        return singleCodes(filter)
                ? new StoredSummaries(summaries, RequestReader.byKey(reader.codeSummaries(from, to, column)), filter.status())
                : new StoredSummaries(summaries, null, null);
    }

    /** Summaries counted by class only: those of an address's slices, which keep no codes. */
    static StoredSummaries ofClasses(List<RequestReader.StoredSummary> stored) {
        return new StoredSummaries(RequestReader.byKey(stored), null, null);
    }

    /**
     * The status classes to count of the summaries {@link #of} reads for {@code filter}; null when
     * summaries cannot tell its requests from the others: with a path prefix, or with single codes
     * about one address (its slices' summaries keep no codes). With single codes, every class: the
     * summaries are decoded with those codes' requests only.
     */
    static boolean[] classes(RequestFilter filter) {
        if (filter.pathPrefix() != null) {
            return null;
        }
        if (singleCodes(filter)) {
            return filter.address() == null ? allClasses() : null;
        }
        return filter.status() == null ? allClasses() : filter.status().wholeClasses();
    }

    private static boolean singleCodes(RequestFilter filter) {
        return filter.status() != null && filter.status().wholeClasses() == null;
    }

    private static boolean[] allClasses() {
        boolean[] all = new boolean[SegmentSummary.CLASSES];
        Arrays.fill(all, true);
        return all;
    }

    boolean has(RequestReader.SegmentKey key) {
        return summaries.containsKey(key) && (codes == null || codes.containsKey(key));
    }

    /** The summary of a segment that {@link #has} one. */
    SegmentSummary decode(RequestReader.SegmentKey key) {
        SegmentSummary summary = SegmentSummary.decode(summaries.get(key));
        return codes == null ? summary : CodeSummary.keeping(summary, codes.get(key), status::test);
    }
}
