package io.logpulse.query.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.model.RequestSegment;
import io.logpulse.model.SegmentEncoder;
import io.logpulse.model.SegmentSummary;
import io.logpulse.parse.LineParser;
import io.logpulse.parse.LogFormat;
import io.logpulse.parse.ParsedLine;
import io.logpulse.store.RequestSink;
import io.logpulse.testing.Draw;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;
import org.jdbi.v3.core.Handle;

/** Generated combined lines of one generation, and their storing as request segments the way the job writes them. */
final class StoredLines {

    static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    static final long START = Instant.parse("2025-01-31T00:00:00Z").toEpochMilli();
    private static final LineParser PARSER = new LineParser(LogFormat.resolve("combined"));

    /** One line, with its bytes and offset in its generation. */
    record Line(byte[] bytes, long offset, ParsedLine parsed) {
    }

    private StoredLines() {
    }

    /** {@code count} lines over two hours from {@code START}, the text of line {@code i} at {@code "[time]"} from {@code text}. */
    static List<Line> over2Hours(Random random, int count, IntFunction<String> text) {
        var lines = new ArrayList<Line>();
        long offset = 0;
        for (int i = 0; i < count; i++) {
            long millis = START + (long) i * 7_200_000 / count + random.nextInt(20_000);
            String time = LOG_TIME.format(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC));
            byte[] bytes = text.apply(i).replace("[time]", "[" + time + "]").getBytes(StandardCharsets.UTF_8);
            var parsed = new ParsedLine();
            assertThat(PARSER.parse(bytes, 0, bytes.length, parsed)).as(new String(bytes, StandardCharsets.UTF_8)).isTrue();
            lines.add(new Line(bytes, offset, parsed));
            offset += bytes.length + 1;
        }
        return lines;
    }

    static void addGeneration(Handle handle, long generation, String source) {
        handle.execute("INSERT INTO generation (id, source, path, format, lines_read, bytes_read, updated_at) "
                + "VALUES (?, ?, ?, 'combined', 0, 0, 0)", generation, source, "/logs/" + generation);
    }

    /**
     * Stores a generation as chunks of up to about {@code chunkLines} lines, some of them written again cut
     * elsewhere (a restore), with summaries of a random length: short ones leave out more values
     * with larger thresholds, harder to settle and wrong if not exact.
     */
    static void store(Handle handle, long generation, List<Line> lines, Random random, int chunkLines) {
        var encoder = new SegmentEncoder(new int[] {1, 3, 8, SegmentSummary.ENTRIES}[random.nextInt(4)]);
        int at = 0;
        while (at < lines.size()) {
            int end = Math.min(lines.size(), at + 1 + Draw.size(random, chunkLines));
            RequestSink.store(handle, List.of(segment(encoder, generation, lines, at, end)));
            if (random.nextInt(6) == 0 && end - at > 1) {
                // Read again from inside this chunk: the new segment replaces those starting inside it
                // and overlaps this one.
                int again = at + 1 + random.nextInt(end - at - 1);
                int againEnd = Math.min(lines.size(), again + 1 + Draw.size(random, chunkLines));
                RequestSink.store(handle, List.of(segment(encoder, generation, lines, again, againEnd)));
                end = Math.max(end, againEnd);
            }
            at = end;
        }
    }

    static RequestSegment segment(SegmentEncoder encoder, long generation, List<Line> lines, int from, int to) {
        encoder.begin(lines.get(from).offset());
        for (int i = from; i < to; i++) {
            encoder.add(lines.get(i).parsed(), lines.get(i).offset());
        }
        Line last = lines.get(to - 1);
        return encoder.finish(generation, last.offset() + last.bytes().length + 1);
    }
}
