package io.logpulse.query.requests;

import io.logpulse.model.FacetSummary;
import io.logpulse.model.FacetSummary.Decision;
import io.logpulse.model.FacetSummary.Facet;
import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentSummary;
import io.logpulse.store.RequestReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The stored summaries of one column, by segment, read as a filter counts. A summary counts by status
 * class; for single codes ({@code 404}) or a path prefix, the {@link FacetSummary facet} stored beside
 * it is read too and the summary decoded with only the requests of the codes or path heads the filter
 * keeps. A segment without that facet, or whose facet cannot tell (a prefix that goes past a path's
 * head), is not summarized then.
 */
final class StoredSummaries {
    private final Map<RequestReader.SegmentKey, byte[]> summaries;
    /** The facet beside each summary that the filter needs; null when it needs none. */
    private final Map<RequestReader.SegmentKey, byte[]> facets;
    private final Function<byte[], Decision> decide;
    /** The status classes counted of them. */
    private final boolean[] classes;
    /** Summaries decoded with their facet: null for those it cannot tell. */
    private final Map<RequestReader.SegmentKey, SegmentSummary> decoded = new HashMap<>();

    private StoredSummaries(Map<RequestReader.SegmentKey, byte[]> summaries, Map<RequestReader.SegmentKey, byte[]> facets,
            Function<byte[], Decision> decide, boolean[] classes) {
        this.summaries = summaries;
        this.facets = facets;
        this.decide = decide;
        this.classes = classes;
    }

    /** The summaries of {@code column} of the segments in {@code filter}'s range. */
    static StoredSummaries of(RequestReader reader, RequestFilter filter, RequestColumn column) {
        long from = filter.range().fromMillis();
        long to = filter.range().toMillis();
        Map<RequestReader.SegmentKey, byte[]> summaries = RequestReader.byKey(reader.summaries(from, to, column));
        Facet facet = facet(filter);
        if (facet == null) {
            return new StoredSummaries(summaries, null, null, null);
        }
        Map<RequestReader.SegmentKey, byte[]> facets = RequestReader.byKey(reader.facetSummaries(from, to, column, facet));
        if (facet == Facet.STATUS_CODE) {
            return new StoredSummaries(summaries, facets,
                    code -> filter.status().test(FacetSummary.code(code)) ? Decision.KEEP : Decision.DROP, classes(filter));
        }
        byte[] prefix = filter.pathPrefix().getBytes(StandardCharsets.UTF_8);
        return new StoredSummaries(summaries, facets, head -> FacetSummary.prefixKeeps(prefix, head), classes(filter));
    }

    /** Summaries counted by class only: those of an address's slices, which have no facets. */
    static StoredSummaries ofClasses(List<RequestReader.StoredSummary> stored) {
        return new StoredSummaries(RequestReader.byKey(stored), null, null, null);
    }

    /**
     * The status classes to count of the summaries {@link #of} reads for {@code filter}; null when
     * summaries cannot tell its requests from the others: with both single codes and a path prefix
     * (a facet splits by one of them), or with either about one address (its slices have no facets).
     * With single codes, every class: the summaries are decoded with those codes' requests only.
     */
    static boolean[] classes(RequestFilter filter) {
        boolean singleCodes = singleCodes(filter);
        if (filter.pathPrefix() != null && singleCodes || facet(filter) != null && filter.address() != null) {
            return null;
        }
        return filter.status() == null || singleCodes ? allClasses() : filter.status().wholeClasses();
    }

    /** The facet a filter needs the summaries split by; null for none. */
    private static Facet facet(RequestFilter filter) {
        if (filter.pathPrefix() != null) {
            return Facet.PATH_HEAD;
        }
        return singleCodes(filter) ? Facet.STATUS_CODE : null;
    }

    private static boolean singleCodes(RequestFilter filter) {
        return filter.status() != null && filter.status().wholeClasses() == null;
    }

    static boolean[] allClasses() {
        boolean[] all = new boolean[SegmentSummary.CLASSES];
        Arrays.fill(all, true);
        return all;
    }

    boolean has(RequestReader.SegmentKey key) {
        return summaries.containsKey(key) && (facets == null || facets.containsKey(key) && decode(key) != null);
    }

    /** The summary of a segment that {@link #has} one. */
    SegmentSummary decode(RequestReader.SegmentKey key) {
        if (facets == null) {
            return SegmentSummary.decode(summaries.get(key));
        }
        return decoded.computeIfAbsent(key,
                k -> FacetSummary.keeping(SegmentSummary.decode(summaries.get(k)), facets.get(k), decide, classes));
    }
}
