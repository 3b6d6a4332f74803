package io.logpulse.model;

import static io.logpulse.model.AcceptedLines.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.parse.Field;
import io.logpulse.parse.LineParser;
import io.logpulse.parse.LogFormat;
import io.logpulse.parse.ParsedLine;
import io.logpulse.testing.Draw;
import io.logpulse.testing.Tries;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a segment stores is what the parser read, row by row and column by column. */
class SegmentCodecPropertyTest {

    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    private static final String[] PATHS = {"/", "/index.html", "/api/v1/items?id=", "/caf\\xC3\\xA9", "/a\\x22b", "/<script>", "/na\u00efve"};
    private static final String[] AGENTS = {"curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64)", "-", "bot \\x1B[31m"};

    /** A line with the bytes it was written as, and where it starts in the chunk. */
    private record Written(String line, long offset) {
    }

    @Test
    void everyColumnDecodesToWhatTheParserRead() {
        LineParser parser = new LineParser(LogFormat.resolve("main"));
        Tries.forAll(300, 0x5E6D_C0DEL, random -> {
            List<String> lines = lines(random);
            long chunkStart = random.nextInt(1_000_000);
            return new Tries.Case(() -> String.join("\n", lines) + "\n(chunk at " + chunkStart + ")", () -> {
                var chunk = new ByteArrayOutputStream();
                var written = new ArrayList<Written>();
                for (String line : lines) {
                    written.add(new Written(line, chunkStart + chunk.size()));
                    chunk.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
                byte[] data = chunk.toByteArray();
                var encoder = new SegmentEncoder();
                // Reuse across segments is the normal case: encode a throwaway segment first.
                encoder.begin(0);
                encoder.add(parse(parser, "9.9.9.9 - - [01/Jan/2020:00:00:00 +0000] \"GET /old HTTP/1.1\" 200 1 \"-\" \"x\" \"-\""), 0);
                encoder.finish(1, 10);

                encoder.begin(chunkStart);
                var expected = new ArrayList<ParsedLine>();
                int at = 0;
                for (Written w : written) {
                    int end = at + w.line().getBytes(StandardCharsets.UTF_8).length;
                    var line = new ParsedLine();
                    assertThat(parser.parse(data, at, end, line)).as(w.line()).isTrue();
                    encoder.add(line, w.offset());
                    expected.add(line);
                    at = end + 1;
                }
                RequestSegment segment = encoder.finish(42, chunkStart + data.length);
                assertThat(segment.requests()).isEqualTo(lines.size());
                assertThat(segment.generation()).isEqualTo(42);

                var columns = new SegmentColumns();
                columns.decode(segment.requests(), segment.columns(), segment.startOffset(), EnumSet.allOf(RequestColumn.class));
                assertThat(columns.rows()).isEqualTo(lines.size());
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                for (int r = 0; r < lines.size(); r++) {
                    ParsedLine e = expected.get(r);
                    first = Math.min(first, e.epochMillis());
                    last = Math.max(last, e.epochMillis());
                    assertThat(columns.number(RequestColumn.OFFSET, r)).as("offset").isEqualTo(written.get(r).offset());
                    assertThat(columns.number(RequestColumn.TIME, r)).as("time").isEqualTo(e.epochMillis());
                    assertThat(columns.number(RequestColumn.UTC_OFFSET, r)).as("utc offset").isEqualTo(e.utcOffsetSeconds());
                    assertThat(columns.number(RequestColumn.STATUS, r)).as("status").isEqualTo(e.status());
                    assertThat(columns.number(RequestColumn.BYTES, r)).as("bytes").isEqualTo(e.bodyBytes());
                    assertThat(columns.number(RequestColumn.DURATION, r)).as("duration").isEqualTo(-1);
                    for (RequestColumn c : RequestColumn.values()) {
                        if (c.text() && c != RequestColumn.PATH) {
                            assertThat(columns.textAt(c, r)).as(c + " of row " + r).isEqualTo(e.text(c.field()));
                        }
                    }
                    assertThat(columns.textAt(RequestColumn.PATH, r)).as("path")
                            .isEqualTo(e.text(Field.PATH) != null ? e.text(Field.PATH) : e.text(Field.REQUEST));
                    assertThat(AddressFilter.mayContain(segment.addressFilter(), e.address())).isTrue();
                }
                assertThat(segment.firstMillis()).isEqualTo(first);
                assertThat(segment.lastMillis()).isEqualTo(last);
                textMatchesAgreesWithTheDecodedText(columns);
            });
        });
    }

    /** The byte-level match of the scans against String equality and prefixes of the decoded text. */
    private static void textMatchesAgreesWithTheDecodedText(SegmentColumns columns) {
        for (RequestColumn c : RequestColumn.values()) {
            if (!c.text()) {
                continue;
            }
            var probes = new ArrayList<String>(List.of("", "x"));
            for (int e = 0; e < columns.entries(c); e++) {
                String text = columns.text(c, e);
                int codePoints = text.codePointCount(0, text.length());
                probes.addAll(List.of(text, text + "x", text.substring(0, text.offsetByCodePoints(0, codePoints / 2))));
            }
            for (int e = 0; e < columns.entries(c); e++) {
                String text = columns.text(c, e);
                for (String probe : probes) {
                    byte[] bytes = probe.getBytes(StandardCharsets.UTF_8);
                    assertThat(columns.textMatches(c, e, bytes, true)).as("%s %s equals %s", c, text, probe)
                            .isEqualTo(text.equals(probe));
                    assertThat(columns.textMatches(c, e, bytes, false)).as("%s %s starts with %s", c, text, probe)
                            .isEqualTo(text.startsWith(probe));
                }
            }
        }
    }

    @Test
    void theAddressFilterRejectsAlmostEveryAbsentAddress() {
        var encoder = new SegmentEncoder();
        encoder.begin(0);
        LineParser parser = new LineParser(LogFormat.resolve("main"));
        Set<String> present = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String ip = "10.1." + (i / 250) + "." + (i % 250);
            present.add(ip);
            encoder.add(parse(parser, ip + " - - [01/Jan/2020:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\" \"-\""), i);
        }
        byte[] filter = encoder.finish(1, 2000).addressFilter();
        int falsePositives = 0;
        int absent = 0;
        for (int a = 0; a < 200; a++) {
            for (int b = 0; b < 100; b++) {
                String ip = "172.16." + a + "." + b;
                absent++;
                if (AddressFilter.mayContain(filter, ip)) {
                    falsePositives++;
                }
            }
        }
        assertThat(present).allMatch(ip -> AddressFilter.mayContain(filter, ip));
        // ~10 bits and 4 probes per address: about 1% false positives; 3% leaves room for the hash's luck.
        assertThat((double) falsePositives / absent).isLessThan(0.03);
    }

    private static List<String> lines(Random random) {
        int n = 1 + Draw.size(random, 60);
        var lines = new ArrayList<String>();
        long base = 1_700_000_000_000L + random.nextInt(1_000_000) * 1000L;
        for (int i = 0; i < n; i++) {
            ZoneOffset offset = ZoneOffset.ofHours(Draw.intBetween(random, -12, 14));
            String time = LOG_TIME.format(Instant.ofEpochMilli(base + Draw.intBetween(random, -3600, 3600) * 1000L).atOffset(offset));
            String ip = random.nextInt(4) == 0 ? "2001:db8::" + random.nextInt(50) : "10.0." + random.nextInt(3) + "." + random.nextInt(20);
            String request = switch (random.nextInt(6)) {
                case 0 -> "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03";
                case 1 -> "-";
                default -> (random.nextBoolean() ? "GET " : "POST ") + PATHS[random.nextInt(PATHS.length)] + random.nextInt(5)
                        + (random.nextInt(5) == 0 ? "" : " HTTP/1.1");
            };
            int status = Draw.intBetween(random, 100, 599);
            String bytes = random.nextInt(10) == 0 ? "-" : Long.toString(random.nextLong() >>> Draw.intBetween(random, 16, 63));
            String referer = random.nextBoolean() ? "-" : "https://example.test/" + random.nextInt(4);
            String agent = AGENTS[random.nextInt(AGENTS.length)];
            String forwarded = random.nextBoolean() ? "-" : "203.0.113." + random.nextInt(9);
            lines.add(ip + " - " + (random.nextInt(5) == 0 ? "alice" : "-") + " [" + time + "] \"" + request + "\" " + status
                    + " " + bytes + " \"" + referer + "\" \"" + agent + "\" \"" + forwarded + "\"");
        }
        return lines;
    }
}
