package io.logpulse.store;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Items read from H2 (and decoded) by one thread and consumed by another, so that the two overlap on
 * two cores. The reader is never interrupted (an interrupt closes H2's file channel under it): when
 * the consumer gives up, the reader sees it at its next item and stops.
 */
public final class ReadAhead<T> implements AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> items;
    private volatile boolean abandoned;
    private Thread reader;

    /** {@code ahead}: how many items the reader may hold ready, a bound on the memory they take. */
    public ReadAhead(int ahead) {
        items = new ArrayBlockingQueue<>(ahead + 1);
    }

    /** Starts {@code read} in a thread of its own; it hands its items to {@link #put}. */
    public void start(Runnable read) {
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

    public void put(T item) {
        if (abandoned) {
            throw new IllegalStateException("read ahead abandoned");
        }
        offer(item);
    }

    private void offer(Object item) {
        try {
            while (!items.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (abandoned) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands every item to {@code consumer} in this thread, in the order read; rethrows the reader's failure. */
    @SuppressWarnings("unchecked")
    public void drain(Consumer<T> consumer) {
        try {
            for (Object item = items.take(); item != END; item = items.take()) {
                if (item instanceof RuntimeException failure) {
                    throw failure;
                }
                consumer.accept((T) item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the store", e);
        }
    }

    /** Waits for the reader to finish, telling it first to stop if the items were not all taken. */
    @Override
    public void close() {
        abandoned = true;
        items.clear();
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
