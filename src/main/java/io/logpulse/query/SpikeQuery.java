package io.logpulse.query;

import io.logpulse.model.Counts;
import io.logpulse.store.TrafficReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Client × window cells far above normal: a scraper, a brute force, a stuck client. A cell is a spike
 * when its requests reach the absolute {@code threshold}, or reach {@code factor} times the median of
 * that client's busy windows in the range (windows with at least one request) and at least
 * {@code floor} requests (so that 1 → 10 does not count). Answered from the per-window counts, so it
 * needs no request store.
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

    private final TrafficReader reader;

    public SpikeQuery(TrafficReader reader) {
        this.reader = reader;
    }

    /** {@code range} must fall on window edges (see {@link TimeRange#alignedTo}). */
    public Answer spikes(TimeRange range, long windowMillis, Settings settings, int limit) {
        Map<String, Series> clients = new HashMap<>();
        long block = BlockRanges.blockMillis(windowMillis);
        long firstBlock = Math.floorDiv(range.fromMillis(), block) * block;
        reader.eachCell(firstBlock, range.toMillis(), (blockStart, ip, slot, counts, at) -> {
            long window = blockStart + slot * windowMillis;
            if (window >= range.fromMillis() && window < range.toMillis()) {
                clients.computeIfAbsent(ip, key -> new Series()).add(window, counts[at + Counts.REQUESTS]);
            }
        });
        var spikes = new ArrayList<Spike>();
        clients.forEach((ip, series) -> series.spikes(ip, settings, spikes));
        spikes.sort(Comparator.comparingLong(Spike::requests).reversed().thenComparing(Spike::ip)
                .thenComparingLong(Spike::windowStart));
        return new Answer(range, windowMillis, clients.size(), spikes.subList(0, Math.min(limit, spikes.size())));
    }

    /** One client's requests per window; a window stored by several files arrives several times. */
    private static final class Series {
        long[] windows = new long[4];
        long[] requests = new long[4];
        int size;

        void add(long window, long count) {
            if (size == windows.length) {
                windows = Arrays.copyOf(windows, size * 2);
                requests = Arrays.copyOf(requests, size * 2);
            }
            windows[size] = window;
            requests[size++] = count;
        }

        void spikes(String ip, Settings settings, List<Spike> into) {
            mergeSameWindows();
            long[] sorted = Arrays.copyOf(requests, size);
            Arrays.sort(sorted);
            double median = size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2.0;
            for (int i = 0; i < size; i++) {
                boolean overThreshold = requests[i] >= settings.threshold();
                boolean overMedian = requests[i] >= settings.floor() && requests[i] >= settings.factor() * median;
                if (overThreshold || overMedian) {
                    into.add(new Spike(ip, windows[i], requests[i], median, overThreshold));
                }
            }
        }

        private void mergeSameWindows() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingLong(i -> windows[i]));
            long[] w = new long[size];
            long[] r = new long[size];
            int n = 0;
            for (int k = 0; k < size; k++) {
                int i = order[k];
                if (n > 0 && w[n - 1] == windows[i]) {
                    r[n - 1] += requests[i];
                } else {
                    w[n] = windows[i];
                    r[n++] = requests[i];
                }
            }
            windows = w;
            requests = r;
            size = n;
        }
    }
}
