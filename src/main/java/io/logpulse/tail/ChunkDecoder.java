package io.logpulse.tail;

import java.io.Serializable;
import org.apache.flink.api.connector.source.SourceOutput;

/**
 * Turns a chunk of whole lines into records of the stream, with their event timestamps. It runs in
 * the source's task thread, per split output, so that every file generation has its own watermark:
 * a backfill of yesterday's rotated file never makes today's lines late, or the other way round.
 */
public interface ChunkDecoder<T> {

    /**
     * Decodes the chunk. Its bytes are reused for a later chunk once this returns: a record that
     * needs them must carry a copy.
     */
    void decode(LogChunk chunk, SourceOutput<T> output);

    /** Creates one decoder per source reader (decoders keep per-thread parsers and buffers). */
    @FunctionalInterface
    interface Factory<T> extends Serializable {
        ChunkDecoder<T> create();
    }
}
