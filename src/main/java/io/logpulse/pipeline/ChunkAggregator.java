package io.logpulse.pipeline;

import io.logpulse.model.GenerationProgress;
import io.logpulse.model.RejectCounts;
import io.logpulse.model.RejectSample;
import io.logpulse.model.CellBatch;
import io.logpulse.model.RequestSegment;
import io.logpulse.model.SegmentEncoder;
import io.logpulse.parse.LineParser;
import io.logpulse.parse.LogFormat;
import io.logpulse.parse.ParsedLine;
import io.logpulse.parse.RejectReason;
import io.logpulse.tail.ChunkDecoder;
import io.logpulse.tail.FileGeneration;
import io.logpulse.tail.LogChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.types.Either;

/**
 * Parses a chunk's lines and counts them per (client address, window) on the spot, so that a chunk
 * of thousands of lines leaves the source as a few {@link CellBatch}es (one per block and shard),
 * each stamped with the latest event time it holds, plus one {@link GenerationProgress} with the
 * chunk's line count and rejects, and, when the request store is on, the chunk's requests as one
 * {@link RequestSegment}.
 */
final class ChunkAggregator implements ChunkDecoder<Either<Either<GenerationProgress, RequestSegment>, CellBatch>> {

    /** The first rejected lines of each chunk are kept as samples; the pipeline keeps the first of all. */
    static final int SAMPLES_PER_CHUNK = 10;
    static final int SAMPLE_BYTES = 1024;

    private final long windowMillis;
    private final Map<String, LineParser> parsers = new HashMap<>();
    private final ParsedLine line = new ParsedLine();
    private final AddressWindowTable table = new AddressWindowTable();
    /** Null when the request store is off. */
    private final SegmentEncoder segment;

    ChunkAggregator(long windowMillis, boolean keepRequests) {
        this.windowMillis = windowMillis;
        this.segment = keepRequests ? new SegmentEncoder() : null;
    }

    @Override
    public void decode(LogChunk chunk, SourceOutput<Either<Either<GenerationProgress, RequestSegment>, CellBatch>> output) {
        FileGeneration split = chunk.split();
        long[] rejects = RejectCounts.empty();
        var samples = new ArrayList<RejectSample>();
        long lines;
        if (chunk.oversized()) {
            lines = 1;
            reject(RejectReason.TOO_LONG, chunk.startOffset(), chunk.data(), 0, chunk.length(), rejects, samples);
        } else {
            if (segment != null) {
                segment.begin(chunk.startOffset());
            }
            lines = parseLines(chunk, parserFor(split.file().format()), rejects, samples);
        }
        table.drain(split.generation(), windowMillis, (batch, timestamp) -> output.collect(Either.Right(batch), timestamp));
        var progress = new GenerationProgress(split.generation(), split.file().source(), split.file().path(),
                split.file().format(), lines, chunk.skipped(), rejects, samples.toArray(RejectSample[]::new));
        // No event time: progress and segments must not move the watermark.
        output.collect(Either.Left(Either.Left(progress)), Long.MIN_VALUE);
        RequestSegment requests = segment == null || chunk.oversized() ? null
                : segment.finish(split.generation(), chunk.endOffset());
        if (requests != null) {
            output.collect(Either.Left(Either.Right(requests)), Long.MIN_VALUE);
        }
    }

    private long parseLines(LogChunk chunk, LineParser parser, long[] rejects, List<RejectSample> samples) {
        byte[] data = chunk.data();
        int end = chunk.length();
        long lines = 0;
        int start = 0;
        while (start < end) {
            int lineEnd = parser.parseLine(data, start, end, line);
            lines++;
            if (line.rejectReason() == null) {
                table.add(line, windowMillis);
                if (segment != null) {
                    segment.add(line, chunk.startOffset() + start);
                }
            } else {
                reject(line.rejectReason(), chunk.startOffset() + start, data, start, lineEnd, rejects, samples);
            }
            start = lineEnd + 1;
        }
        return lines;
    }

    private static void reject(RejectReason reason, long offset, byte[] data, int start, int end,
            long[] rejects, List<RejectSample> samples) {
        rejects[RejectCounts.index(reason)]++;
        if (samples.size() < SAMPLES_PER_CHUNK) {
            byte[] head = Arrays.copyOfRange(data, start, Math.min(end, start + SAMPLE_BYTES));
            samples.add(new RejectSample(offset, reason.label(), head));
        }
    }

    private LineParser parserFor(String format) {
        return parsers.computeIfAbsent(format, spec -> new LineParser(LogFormat.resolve(spec)));
    }
}
