package io.logpulse.tail;

import io.logpulse.discover.LogFile;
import io.logpulse.discover.LogFileFinder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds file generations and hands them to the readers: all at once for a bounded ingest, again at
 * every discovery interval while following. Each reader gets the split that evens out the bytes
 * the readers have to read, so both cores work on a backfill.
 *
 * <p>A bounded ingest also cuts its largest plain file into ranges ({@link FileRanges}), so that one
 * big file keeps every reader busy. Ranges go out in file order, one per reader at first and then
 * one more whenever a reader finishes a split. That order is what keeps windows exact: the earliest
 * unfinished range is always being read, so no reader's watermark can pass content nobody has read
 * yet, and only a few ranges' blocks are open at once, however large the file. Only one file is
 * cut: with two, a reader done with the first could take up the second after its watermark had
 * already passed it.
 */
final class TailEnumerator implements SplitEnumerator<FileGeneration, TailEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(TailEnumerator.class);
    /** gzip'd access logs shrink about tenfold: weigh them by what they will unpack to. */
    private static final long GZIP_RATIO = 10;

    private final SplitEnumeratorContext<FileGeneration> context;
    private final TailSource.Settings settings;
    private final LogFileFinder finder;
    private final List<FileGeneration> pending;
    /** The ranges of the cut file not handed out yet, in file order. */
    private final Deque<FileGeneration> ranges = new ArrayDeque<>();
    private final Set<Long> known;
    private final Map<Integer, Long> assignedBytes = new HashMap<>();
    private final Set<Integer> toldNoMoreSplits = new HashSet<>();
    private boolean discoveredOnce;
    /** A job's very first discovery (not a restore): the one {@code startAtEnd} applies to. */
    private volatile boolean firstStart;
    /** Whether the last discovery failed: a failure is logged when it starts, not at every retry. */
    private boolean failing;
    /** The paths the finder last reported resting (a stopped container's log), as the readers were told. */
    private Set<String> resting = Set.of();

    /**
     * {@code restored}: made from a checkpoint or savepoint. A restore is never a first start, even
     * when its state knows no file yet (they were all empty): {@code startAtEnd} must not skip the
     * lines written since.
     */
    TailEnumerator(SplitEnumeratorContext<FileGeneration> context, TailSource.Settings settings,
            LogFileFinder finder, TailEnumeratorState state, boolean restored) {
        this.context = context;
        this.settings = settings;
        this.finder = finder;
        this.pending = new ArrayList<>(state.pending());
        this.known = new HashSet<>(state.known());
        this.discoveredOnce = settings.bounded() && !state.known().isEmpty();
        this.firstStart = !restored;
    }

    @Override
    public void start() {
        if (settings.bounded()) {
            if (!discoveredOnce) {
                context.callAsync(this::discover, this::onDiscovered);
            }
        } else {
            context.callAsync(this::discover, this::onDiscovered, 0, settings.discoveryMillis());
        }
    }

    /**
     * The generations found (whole), the ranges of the one cut into ranges, and the paths whose
     * writer has stopped ({@link LogFileFinder#list()}).
     */
    private record Found(List<FileGeneration> generations, List<FileGeneration> ranges, Set<String> resting) {
    }

    private Found discover() {
        var found = new ArrayList<FileGeneration>();
        LogFileFinder.Listing listing = settings.bounded() ? new LogFileFinder.Listing(finder.find(), Set.of())
                : finder.list();
        GenerationIds.of(listing.files(), settings.bounded()).forEach((file, id) -> {
            try {
                generationOf(file, id).ifPresent(found::add);
            } catch (IOException e) {
                LOG.warn("skipping {}: {}", file.path(), e.getMessage());
            }
        });
        List<FileGeneration> cut = settings.bounded() ? cutLargest(found) : List.of();
        return new Found(found, cut, listing.resting());
    }

    /** Replaces the largest plain file in {@code found} by its ranges, if it is worth cutting. */
    private List<FileGeneration> cutLargest(List<FileGeneration> found) {
        if (settings.rangeBytes() <= 0 || context.currentParallelism() < 2) {
            return List.of();
        }
        Optional<FileGeneration> largest = found.stream()
                .filter(split -> !split.file().gzipped() && split.end() > settings.rangeBytes())
                .max(Comparator.comparingLong(FileGeneration::end));
        if (largest.isEmpty()) {
            return List.of();
        }
        try {
            List<FileGeneration> cut = FileRanges.cut(largest.get(), settings.rangeBytes());
            found.remove(largest.get());
            return cut;
        } catch (IOException e) {
            LOG.warn("reading {} whole: {}", largest.get().file().path(), e.getMessage());
            return List.of();
        }
    }

    private Optional<FileGeneration> generationOf(LogFile file, long generation) throws IOException {
        if (file.gzipped()) {
            // A compressed file is finished: read it to its end, never follow it.
            return Optional.of(new FileGeneration(generation, file, null, 0, TailSource.UNTIL_END_OF_FILE));
        }
        String fileKey = Fingerprint.fileKey(file.asPath());
        if (settings.bounded()) {
            return Optional.of(new FileGeneration(generation, file, fileKey, 0, Files.size(file.asPath())));
        }
        long start = settings.startAtEnd() && firstStart ? Fingerprint.endOfLastLine(file.asPath()) : 0;
        return Optional.of(new FileGeneration(generation, file, fileKey, start, FileGeneration.FOLLOW));
    }

    private void onDiscovered(Found found, Throwable error) {
        if (error != null) {
            if (settings.bounded()) {
                throw new IllegalStateException("cannot list the log files: " + error.getMessage(), error);
            }
            if (!failing) {
                LOG.warn("cannot list the log files, will retry every {} ms: {}", settings.discoveryMillis(),
                        error.getMessage());
                failing = true;
            }
            return;
        }
        if (failing) {
            LOG.info("listing the log files works again");
            failing = false;
        }
        if (!found.ranges().isEmpty() && known.add(found.ranges().get(0).generation())) {
            ranges.addAll(found.ranges());
            FileGeneration first = found.ranges().get(0);
            LOG.info("reading {} [{}] in {} ranges", first.file().path(), first.file().source(), ranges.size());
        }
        for (FileGeneration generation : found.generations()) {
            if (known.add(generation.generation())) {
                pending.add(generation);
                LOG.info("reading {} [{}] from byte {}{}", generation.file().path(), generation.file().source(),
                        generation.offset(), generation.follows() ? ", following" : "");
            }
        }
        discoveredOnce = true;
        firstStart = false;
        assignPending();
        if (!found.resting().equals(resting)) {
            resting = found.resting();
            for (int reader : context.registeredReaders().keySet()) {
                context.sendEventToSourceReader(reader, new RestingFiles(resting));
            }
        }
    }

    private void assignPending() {
        var readers = context.registeredReaders().keySet();
        if (readers.isEmpty() || settings.bounded() && readers.size() < context.currentParallelism()) {
            return;
        }
        for (FileGeneration split : pending) {
            int reader = leastLoaded(readers);
            assignedBytes.merge(reader, weight(split), Long::sum);
            context.assignSplit(split, reader);
        }
        pending.clear();
        if (settings.bounded() && discoveredOnce) {
            for (int reader : readers) {
                handOutRange(reader);
            }
        }
    }

    /** The next range to a bounded reader, or, with none left, the news that there is nothing more. */
    private void handOutRange(int reader) {
        FileGeneration range = ranges.poll();
        if (range != null) {
            context.assignSplit(range, reader);
        } else if (pending.isEmpty() && toldNoMoreSplits.add(reader)) {
            context.signalNoMoreSplits(reader);
        }
    }

    private int leastLoaded(Set<Integer> readers) {
        return readers.stream()
                .min((a, b) -> Long.compare(assignedBytes.getOrDefault(a, 0L), assignedBytes.getOrDefault(b, 0L)))
                .orElseThrow();
    }

    private static long weight(FileGeneration split) {
        try {
            long size = Files.size(split.file().asPath());
            return split.file().gzipped() ? size * GZIP_RATIO : size;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Bounded readers ask whenever they finish a split: the ranges go out one at a time.
        // Everything else is pushed as it is found.
        if (settings.bounded() && discoveredOnce) {
            handOutRange(subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<FileGeneration> splits, int subtaskId) {
        pending.addAll(splits);
        toldNoMoreSplits.remove(subtaskId);
        assignedBytes.remove(subtaskId);
        assignPending();
    }

    @Override
    public void addReader(int subtaskId) {
        assignPending();
        if (!resting.isEmpty()) {
            // A reader restarted after a failure must know which of its restored files rest.
            context.sendEventToSourceReader(subtaskId, new RestingFiles(resting));
        }
        if (settings.bounded() && discoveredOnce && pending.isEmpty() && ranges.isEmpty()
                && toldNoMoreSplits.add(subtaskId)) {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public TailEnumeratorState snapshotState(long checkpointId) {
        var unassigned = new ArrayList<>(pending);
        unassigned.addAll(ranges);
        return new TailEnumeratorState(unassigned, known);
    }

    @Override
    public void close() {
        // A finder that holds connections (Docker's) lets them go with the job.
        if (finder instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the log file finder: {}", e.getMessage());
            }
        }
    }
}
