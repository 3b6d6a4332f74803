package io.logpulse.tail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O side of the tail source: reads the assigned file generations in turn, one chunk at a time,
 * in the fetcher thread, so that reading overlaps with parsing in the task thread.
 */
final class TailSplitReader implements SplitReader<LogChunk, FileGeneration> {

    private static final Logger LOG = LoggerFactory.getLogger(TailSplitReader.class);

    private final Deque<FileCursor> cursors = new ArrayDeque<>();
    private final TailSource.Settings settings;
    /** The paths whose writer has stopped, as the enumerator last said ({@link RestingFiles}). */
    private final Supplier<Set<String>> resting;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean wokenUp;

    private final ChunkBuffers buffers;

    TailSplitReader(TailSource.Settings settings, Supplier<Set<String>> resting, ChunkBuffers buffers) {
        this.settings = settings;
        this.resting = resting;
        this.buffers = buffers;
    }

    @Override
    public RecordsWithSplitIds<LogChunk> fetch() throws IOException {
        var records = new RecordsBySplits.Builder<LogChunk>();
        Set<String> stopped = resting.get();
        for (int tries = cursors.size(); tries > 0; tries--) {
            FileCursor cursor = cursors.pollFirst();
            cursor.writerStopped(stopped.contains(cursor.split().file().path()));
            LogChunk chunk = next(cursor);
            if (chunk != null) {
                records.add(cursor.split().splitId(), chunk);
            }
            if (cursor.finished()) {
                cursor.close();
                records.addFinishedSplit(cursor.split().splitId());
            } else {
                cursors.addLast(cursor);
            }
            if (chunk != null || cursor.finished()) {
                return records.build();
            }
        }
        awaitData();
        return records.build();
    }

    private static LogChunk next(FileCursor cursor) throws IOException {
        try {
            return cursor.next();
        } catch (IOException | UncheckedIOException e) {
            throw new IOException("cannot read " + cursor.split().file().path() + ": " + e.getMessage(), e);
        }
    }

    /** Nothing new in any file: wait a poll interval, or less if Flink wakes us for new splits. */
    private void awaitData() {
        lock.lock();
        try {
            if (!wokenUp) {
                wakeUp.await(settings.pollMillis(), TimeUnit.MILLISECONDS);
            }
            wokenUp = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<FileGeneration> change) {
        if (!(change instanceof SplitsAddition<FileGeneration> addition)) {
            throw new UnsupportedOperationException("unsupported split change " + change);
        }
        for (FileGeneration split : addition.splits()) {
            try {
                cursors.addLast(new FileCursor(split, buffers, settings.rotationQuietMillis()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + split.file().path() + ": " + e.getMessage(), e);
            }
        }
        LOG.debug("now reading {} file generations", cursors.size());
    }

    @Override
    public void wakeUp() {
        lock.lock();
        try {
            wokenUp = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        for (FileCursor cursor : cursors) {
            cursor.close();
        }
        cursors.clear();
    }
}
