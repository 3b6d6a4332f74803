package io.logpulse.tail;

import io.logpulse.discover.LogFileFinder;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink source that reads log files like {@code tail -F}: bounded (each file to the end it had
 * when found) for {@code ingest}, or following them as they grow for {@code run}. Flink's own
 * FileSource treats files as immutable, which access logs are not.
 *
 * @param <T> what the decoder makes of the chunks
 */
public final class TailSource<T> implements Source<T, FileGeneration, TailEnumeratorState>, ResultTypeQueryable<T> {

    /** The end of a bounded split whose size is unknown until read (a gzip'd file). */
    public static final long UNTIL_END_OF_FILE = Long.MAX_VALUE - 1;

    /**
     * How the source reads, chosen by the job.
     *
     * @param pollMillis how long a reader with nothing new waits before looking again
     * @param discoveryMillis how often the enumerator looks for new files and generations
     * @param rotationQuietMillis how long a rotated-away file must stay quiet before it is released
     *     (the writer may go on writing to it until it reopens its log)
     * @param startAtEnd whether files found at the first start are followed from their end, like
     *     {@code tail -f}, instead of read from their start
     * @param rangeBytes a bounded read cuts the largest plain file above this size into ranges of
     *     about this size, so that all readers parse it; 0 never cuts
     */
    public record Settings(boolean bounded, int chunkBytes, long pollMillis, long discoveryMillis,
            long rotationQuietMillis, boolean startAtEnd, long rangeBytes) implements Serializable {

        public static Settings bounded(int chunkBytes, long rangeBytes) {
            return new Settings(true, chunkBytes, 100, 0, 0, false, rangeBytes);
        }

        public static Settings following(int chunkBytes, long pollMillis, long discoveryMillis,
                long rotationQuietMillis, boolean startAtEnd) {
            return new Settings(false, chunkBytes, pollMillis, discoveryMillis, rotationQuietMillis, startAtEnd, 0);
        }
    }

    private final Settings settings;
    private final LogFileFinder finder;
    private final ChunkDecoder.Factory<T> decoders;
    private final TypeInformation<T> producedType;

    public TailSource(Settings settings, LogFileFinder finder, ChunkDecoder.Factory<T> decoders,
            TypeInformation<T> producedType) {
        this.settings = settings;
        this.finder = finder;
        this.decoders = decoders;
        this.producedType = producedType;
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<FileGeneration, TailEnumeratorState> createEnumerator(
            SplitEnumeratorContext<FileGeneration> context) {
        return new TailEnumerator(context, settings, finder, new TailEnumeratorState(List.of(), Set.of()), false);
    }

    @Override
    public SplitEnumerator<FileGeneration, TailEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<FileGeneration> context, TailEnumeratorState state) {
        return new TailEnumerator(context, settings, finder, state, true);
    }

    @Override
    public SourceReader<T, FileGeneration> createReader(SourceReaderContext context) {
        return new TailSourceReader<>(settings, decoders.create(), context);
    }

    @Override
    public SimpleVersionedSerializer<FileGeneration> getSplitSerializer() {
        return FileGenerationSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<TailEnumeratorState> getEnumeratorCheckpointSerializer() {
        return TailEnumeratorStateSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return producedType;
    }
}
