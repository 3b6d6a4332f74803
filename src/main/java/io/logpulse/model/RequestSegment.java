package io.logpulse.model;

/**
 * The requests of one chunk of a file generation, stored column by column ({@link RequestColumn}, as
 * {@link SegmentEncoder} writes them) so that a query reads and decodes only the columns it needs. {@code [startOffset, endOffset)} is the part of the
 * generation it covers: a segment written again over the same bytes replaces what was there.
 *
 * @param addressFilter a Bloom filter of the client addresses it holds ({@link AddressFilter}), so that
 *     a question about one address skips the segments without it
 * @param columns the stored columns by id, the segment's then its summaries'; then the parts of its slices ({@link AddressSlices#partIndex})
 * @param facetSummaries each summary's facets ({@link FacetSummary}) at {@link SegmentEncoder#facetIndex}; empty where it has none
 * @param sliceAddresses the address of each {@link AddressSlices slice}
 * @param sliceRequests the rows of each slice
 */
public record RequestSegment(long generation, long startOffset, long endOffset, long firstMillis, long lastMillis,
        int requests, byte[] addressFilter, byte[][] columns, byte[][] facetSummaries, String[] sliceAddresses, int[] sliceRequests) {
}
