package io.logpulse.tail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import org.apache.flink.core.io.SimpleVersionedSerializer;

public final class TailEnumeratorStateSerializer implements SimpleVersionedSerializer<TailEnumeratorState> {

    public static final TailEnumeratorStateSerializer INSTANCE = new TailEnumeratorStateSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(TailEnumeratorState state) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(state.pending().size());
            for (FileGeneration split : state.pending()) {
                FileGenerationSerializer.write(split, out);
            }
            out.writeInt(state.known().size());
            for (long generation : state.known()) {
                out.writeLong(generation);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public TailEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown tail enumerator state version " + version);
        }
        try (var in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int pendingCount = in.readInt();
            var pending = new ArrayList<FileGeneration>(pendingCount);
            for (int i = 0; i < pendingCount; i++) {
                pending.add(FileGenerationSerializer.read(in));
            }
            int knownCount = in.readInt();
            var known = new HashSet<Long>(knownCount * 2);
            for (int i = 0; i < knownCount; i++) {
                known.add(in.readLong());
            }
            return new TailEnumeratorState(pending, known);
        }
    }
}
