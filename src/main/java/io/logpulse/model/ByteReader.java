package io.logpulse.model;

/** Reads what {@link ByteWriter} wrote, from a position in a byte array. */
public final class ByteReader {
    private final byte[] data;
    private int position;

    public ByteReader(byte[] data, int position) {
        this.data = data;
        this.position = position;
    }

    public byte[] data() {
        return data;
    }

    public int position() {
        return position;
    }

    public boolean atEnd() {
        return position >= data.length;
    }

    public int readUnsignedByte() {
        return data[position++] & 0xff;
    }

    public void skip(int bytes) {
        position += bytes;
    }

    public long readVarint() {
        long value = 0;
        int shift = 0;
        while (true) {
            byte b = data[position++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
            shift += 7;
        }
    }

    public int readVarintInt() {
        return Math.toIntExact(readVarint());
    }
}
