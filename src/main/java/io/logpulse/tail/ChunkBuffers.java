package io.logpulse.tail;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * The chunk buffers of one source reader, used again once their chunk is decoded. Allocating a
 * fresh chunk-sized array per chunk was 40 % of all allocation in a profiled ingest (and each one
 * a humongous object to G1), for a handful of buffers in flight between the I/O thread and the
 * task thread at any time.
 */
final class ChunkBuffers {

    /** More than the fetch queue holds; any extra buffer is left to the garbage collector. */
    private static final int KEPT = 8;

    private final int chunkSize;
    private final ArrayBlockingQueue<byte[]> free = new ArrayBlockingQueue<>(KEPT);

    ChunkBuffers(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    /** A chunk-sized buffer; its content is whatever it held before. */
    byte[] take() {
        byte[] buffer = free.poll();
        return buffer != null ? buffer : new byte[chunkSize];
    }

    /** Gives a buffer back; one of another size (an over-long line's prefix) is not kept. */
    void give(byte[] buffer) {
        if (buffer.length == chunkSize) {
            free.offer(buffer);
        }
    }
}
