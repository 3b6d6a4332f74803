package io.logpulse.model;

/**
 * Packs a block's per-window counts into bytes for one database column: per used window, its slot
 * number and six unsigned varints. A block of one request takes 8 bytes, not 60 × 6 numbers.
 */
public final class SlotCodec {

    /** Receives the counts of one window of a block. */
    @FunctionalInterface
    public interface SlotVisitor {
        void visit(int slot, long requests, long bytes, long status2xx, long status3xx, long status4xx, long status5xx);
    }

    private SlotCodec() {
    }

    public static byte[] encode(SlotCounts counts) {
        var out = new ByteWriter(counts.size * 8);
        for (int i = 0; i < counts.size; i++) {
            out.writeByte(counts.slots[i]);
            out.writeVarints(counts.values, i * SlotCounts.VALUES, SlotCounts.VALUES);
        }
        return out.toByteArray();
    }

    public static void decode(byte[] packed, SlotVisitor visitor) {
        var in = new ByteReader(packed, 0);
        while (!in.atEnd()) {
            int slot = in.readUnsignedByte();
            visitor.visit(slot, in.readVarint(), in.readVarint(), in.readVarint(), in.readVarint(), in.readVarint(),
                    in.readVarint());
        }
    }
}
