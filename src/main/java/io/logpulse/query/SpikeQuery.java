package io.logpulse.query;

import io.logpulse.model.BlockCodec;
import io.logpulse.store.TrafficReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * Client × window cells far above normal: a scraper, a brute force, a stuck client. A cell is a spike
 * when its requests reach the absolute {@code threshold}, or reach {@code factor} times the median of
 * that client's busy windows in the range (windows with at least one request) and at least
 * {@code floor} requests (so that 1 → 10 does not count). Answered from the per-window counts, so it
 * needs no request store, of some sources too; with a filter of statuses or paths (401s on
 * {@code /wp-login.php}: a brute force), from the requests the store keeps, counted into windows of
 * the same length.
 */
public final class SpikeQuery {

    public record Settings(long threshold, double factor, long floor) {
    }

    /** A spike: {@code ip} made {@code requests} in the window starting at {@code windowStart}. */
    public record Spike(String ip, long windowStart, long requests, double medianRequests, boolean overThreshold) {

        public double timesMedian() {
            return medianRequests == 0 ? 0 : requests / medianRequests;
        }
    }

    public record Answer(TimeRange range, long windowMillis, int clients, List<Spike> spikes) {
    }

    /**
     * Hands every client's requests per window of a range to {@code rows}, as {@link BlockCodec} cells
     * of a block's row: the stored per-window counts ({@link #stored}), or the requests of a filter.
     */
    @FunctionalInterface
    public interface Cells {
        void each(TimeRange range, long windowMillis, LongFunction<BlockCodec.CellVisitor> rows);
    }

    private final Cells cells;

    public SpikeQuery(Cells cells) {
        this.cells = cells;
    }

    /** The per-window counts, read whole block by whole block. */
    public static Cells stored(TrafficReader reader) {
        return stored(reader, generation -> true);
    }

    /** The per-window counts of the file generations {@code kept} keeps (those of some sources). */
    public static Cells stored(TrafficReader reader, LongPredicate kept) {
        return (range, windowMillis, rows) -> {
            long block = BlockRanges.blockMillis(windowMillis);
            reader.eachCell(Math.floorDiv(range.fromMillis(), block) * block, range.toMillis(), kept, rows);
        };
    }

    /** {@code range} must fall on window edges (see {@link TimeRange#alignedTo}). */
    public Answer spikes(TimeRange range, long windowMillis, Settings settings, int limit) {
        var clients = new ClientWindows(range, windowMillis);
        cells.each(range, windowMillis, clients::row);
        var spikes = new ArrayList<Spike>();
        // Every spike reaches the threshold or the floor: a client whose busiest window reaches neither needs no median.
        clients.eachClientReaching(Math.min(settings.threshold(), settings.floor()), (client, windows, requests, size) ->
                spikes(clients, client, windows, requests, size, settings, spikes));
        spikes.sort(Comparator.comparingLong(Spike::requests).reversed().thenComparing(Spike::ip)
                .thenComparingLong(Spike::windowStart));
        return new Answer(range, windowMillis, clients.clients(), spikes.subList(0, Math.min(limit, spikes.size())));
    }

    private static void spikes(ClientWindows clients, int client, int[] windows, long[] requests, int size,
            Settings settings, List<Spike> into) {
        long[] sorted = Arrays.copyOf(requests, size);
        Arrays.sort(sorted);
        double median = size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2.0;
        for (int i = 0; i < size; i++) {
            boolean overThreshold = requests[i] >= settings.threshold();
            boolean overMedian = requests[i] >= settings.floor() && requests[i] >= settings.factor() * median;
            if (overThreshold || overMedian) {
                into.add(new Spike(clients.ip(client), clients.windowStart(windows[i]), requests[i], median, overThreshold));
            }
        }
    }
}
