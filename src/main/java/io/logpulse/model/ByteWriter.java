package io.logpulse.model;

import java.util.Arrays;

/** A growable byte buffer with the varint encodings the stored formats use; reused between records. */
public final class ByteWriter {
    private byte[] buffer;
    private int size;

    public ByteWriter(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    public void reset() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public void writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    /** Unsigned LEB128: small non-negative values take one byte. */
    public void writeVarint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
    }

    /**
     * {@link #writeVarint} of {@code values[from, from + count)}. One method with its loop: the
     * ingest's C1 compiler does not inline writeVarint, and a call per value of every column of
     * every segment was ~5% of an ingest's CPU with the request store (perf).
     */
    public void writeVarints(long[] values, int from, int count) {
        ensure(count * 10);
        byte[] into = buffer;
        int at = size;
        for (int i = from; i < from + count; i++) {
            long value = values[i];
            while ((value & ~0x7FL) != 0) {
                into[at++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            into[at++] = (byte) value;
        }
        size = at;
    }

    public void write(byte[] bytes, int from, int to) {
        int length = to - from;
        ensure(length);
        System.arraycopy(bytes, from, buffer, size, length);
        size += length;
    }

    public void write(ByteWriter other) {
        write(other.buffer, 0, other.size);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
