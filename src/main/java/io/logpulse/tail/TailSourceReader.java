package io.logpulse.tail;

import java.util.Map;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

final class TailSourceReader<T> extends SingleThreadMultiplexSourceReaderBase<LogChunk, T, FileGeneration, GenerationState> {

    TailSourceReader(TailSource.Settings settings, ChunkDecoder<T> decoder, SourceReaderContext context) {
        super(() -> new TailSplitReader(settings),
                new ChunkEmitter<>(decoder), new Configuration(), context);
    }

    @Override
    protected void onSplitFinished(Map<String, GenerationState> finishedSplitIds) {
        // Nothing to release: the split reader closed the file when it reached the split's end.
    }

    @Override
    protected GenerationState initializedState(FileGeneration split) {
        return new GenerationState(split);
    }

    @Override
    protected FileGeneration toSplitType(String splitId, GenerationState state) {
        return state.toSplit();
    }
}
