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
