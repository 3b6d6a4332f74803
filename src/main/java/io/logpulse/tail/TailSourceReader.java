package io.logpulse.tail;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

final class TailSourceReader<T> extends SingleThreadMultiplexSourceReaderBase<LogChunk, T, FileGeneration, GenerationState> {

    /** The latest {@link RestingFiles} from the enumerator, read by the split reader in the fetcher thread. */
    private final AtomicReference<Set<String>> resting;
    private final boolean bounded;

    TailSourceReader(TailSource.Settings settings, ChunkDecoder<T> decoder, SourceReaderContext context) {
        this(settings, decoder, context, new AtomicReference<>(Set.of()), new ChunkBuffers(settings.chunkBytes()));
    }

    private TailSourceReader(TailSource.Settings settings, ChunkDecoder<T> decoder, SourceReaderContext context,
            AtomicReference<Set<String>> resting, ChunkBuffers buffers) {
        super(() -> new TailSplitReader(settings, resting::get, buffers),
                new ChunkEmitter<>(decoder, buffers), new Configuration(), context);
        this.resting = resting;
        this.bounded = settings.bounded();
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof RestingFiles files) {
            resting.set(files.paths());
        }
    }

    @Override
    protected void onSplitFinished(Map<String, GenerationState> finishedSplitIds) {
        // The split reader closed the file when it reached the split's end. A bounded read may have
        // ranges of a cut file left to read: the enumerator hands them out one at a time, on request.
        if (bounded) {
            context.sendSplitRequest();
        }
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
