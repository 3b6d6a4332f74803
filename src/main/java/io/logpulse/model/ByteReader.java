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

    /**
     * Reads {@code count} varints into {@code into[0, count)}. A column's values mostly take one or two
     * bytes: those are read in this loop, with the position in a local, not a call and a field
     * update each (scans run C1-compiled code, which does not keep the field in a register).
     */
    public void readVarints(long[] into, int count) {
        byte[] d = data;
        int p = position;
        for (int i = 0; i < count; i++) {
            byte first = d[p];
            if (first >= 0) {
                into[i] = first;
                p++;
                continue;
            }
            byte second = d[p + 1];
            if (second >= 0) {
                into[i] = (first & 0x7F) | (long) second << 7;
                p += 2;
                continue;
            }
            position = p;
            into[i] = readVarint();
            p = position;
        }
        position = p;
    }
}
