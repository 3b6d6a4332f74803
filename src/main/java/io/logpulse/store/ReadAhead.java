package io.logpulse.store;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Rows read by one thread and consumed by another, so that reading H2 and decoding overlap on two
 * cores. The reader is never interrupted (an interrupt closes H2's file channel): when the consumer
 * gives up, the reader sees it at its next row and stops.
 */
final class ReadAhead implements AutoCloseable {

    private record Row(long blockStart, byte[] packed) {
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> rows = new ArrayBlockingQueue<>(32);
    private volatile boolean abandoned;
    private Thread reader;

    /** Starts {@code read} in a thread of its own; it hands its rows to {@link #put}. */
    void start(Runnable read) {
        reader = new Thread(() -> {
            try {
                read.run();
                offer(END);
            } catch (RuntimeException e) {
                offer(e);
            }
        }, "logpulse-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    void put(long blockStart, byte[] packed) {
        if (abandoned) {
            throw new IllegalStateException("read ahead abandoned");
        }
        offer(new Row(blockStart, packed));
    }

    private void offer(Object item) {
        try {
            while (!rows.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (abandoned) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands every row to {@code consumer} in this thread, in the order read; rethrows the reader's failure. */
    void drain(TrafficReader.BlobConsumer consumer) {
        try {
            for (Object item = rows.take(); item != END; item = rows.take()) {
                if (item instanceof RuntimeException failure) {
                    throw failure;
                }
                Row row = (Row) item;
                consumer.accept(row.blockStart(), row.packed());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading traffic blocks", e);
        }
    }

    /** Waits for the reader to finish, telling it first to stop if the rows were not all taken. */
    @Override
    public void close() {
        abandoned = true;
        rows.clear();
        if (reader == null) {
            return;
        }
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
