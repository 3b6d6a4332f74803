package io.logpulse.tail;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Decodes each chunk into records and then moves the split's offset past it, in the task thread:
 * a checkpoint sees either none or all of a chunk, never half. The chunk's buffer then goes back to
 * the I/O thread to be filled again.
 */
final class ChunkEmitter<T> implements RecordEmitter<LogChunk, T, GenerationState> {

    private final ChunkDecoder<T> decoder;

    private final ChunkBuffers buffers;

    ChunkEmitter(ChunkDecoder<T> decoder, ChunkBuffers buffers) {
        this.decoder = decoder;
        this.buffers = buffers;
    }

    @Override
    public void emitRecord(LogChunk chunk, SourceOutput<T> output, GenerationState state) {
        decoder.decode(chunk, output);
        state.advanceTo(chunk.endOffset());
        buffers.give(chunk.data());
    }
}
