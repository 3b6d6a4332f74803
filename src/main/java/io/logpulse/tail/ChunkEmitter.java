package io.logpulse.tail;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Decodes each chunk into records and then moves the split's offset past it, in the task thread:
 * a checkpoint sees either none or all of a chunk, never half.
 */
final class ChunkEmitter<T> implements RecordEmitter<LogChunk, T, GenerationState> {

    private final ChunkDecoder<T> decoder;

    ChunkEmitter(ChunkDecoder<T> decoder) {
        this.decoder = decoder;
    }

    @Override
    public void emitRecord(LogChunk chunk, SourceOutput<T> output, GenerationState state) {
        decoder.decode(chunk, output);
        state.advanceTo(chunk.endOffset());
    }
}
