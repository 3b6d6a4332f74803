package io.logpulse.tail;

import io.logpulse.discover.LogFile;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned, so checkpoints taken by one release of logpulse restore in the next. */
public final class FileGenerationSerializer implements SimpleVersionedSerializer<FileGeneration> {

    public static final FileGenerationSerializer INSTANCE = new FileGenerationSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(FileGeneration split) throws IOException {
        var bytes = new ByteArrayOutputStream(128);
        try (var out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    @Override
    public FileGeneration deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown file generation serializer version " + version);
        }
        try (var in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    static void write(FileGeneration split, DataOutputStream out) throws IOException {
        out.writeLong(split.generation());
        out.writeUTF(split.file().path());
        out.writeUTF(split.file().source());
        out.writeUTF(split.file().format());
        out.writeUTF(split.fileKey() == null ? "" : split.fileKey());
        out.writeLong(split.offset());
        out.writeLong(split.end());
    }

    static FileGeneration read(DataInputStream in) throws IOException {
        long generation = in.readLong();
        var file = new LogFile(in.readUTF(), in.readUTF(), in.readUTF());
        String fileKey = in.readUTF();
        return new FileGeneration(generation, file, fileKey.isEmpty() ? null : fileKey, in.readLong(), in.readLong());
    }
}
