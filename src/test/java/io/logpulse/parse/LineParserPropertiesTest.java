package io.logpulse.parse;

import static io.logpulse.testing.Draw.size;
import static io.logpulse.testing.Draw.intBetween;
import static io.logpulse.testing.Tries.forAll;
import static io.logpulse.testing.Tries.show;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.testing.Tries;
import io.logpulse.testing.Tries.Case;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link LineParser} checked over generated lines. Every property runs a fixed number of
 * tries from a fixed seed (see {@link Tries}); generators put extra weight on edge values and on the
 * bytes the parser treats specially.
 */
class LineParserPropertiesTest {
    private static final DateTimeFormatter LOG_STYLE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private static final List<LogFormat> FORMATS = List.of(
            LogFormat.resolve("combined"), LogFormat.resolve("common"), LogFormat.resolve("main"),
            LogFormat.resolve("apache-combined"), LogFormat.resolve("vhost_combined"),
            LogFormat.nginx("$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
                    + "\"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\" rt=$request_time "
                    + "uct=\"$upstream_connect_time\" ua=\"$upstream_addr\" us=\"$upstream_status\" "
                    + "urt=\"$upstream_response_time\" host=$host iso=$time_iso8601 bs=$bytes_sent"),
            LogFormat.apache("%h %l %u %t \"%r\" %>s %b %D \"%{Referer}i\" %{User-Agent}i"));

    private static final List<String> VALID_LINES = List.of(
            "203.0.113.42 - - [31/Jan/2025:03:07:33 +0900] \"GET /index.html HTTP/1.1\" 200 615 \"https://example.com/\" "
                    + "\"Mozilla/5.0 (X11; Linux x86_64)\"",
            "10.0.0.2 - - [12/Mar/2025:14:02:12 +0000] \"GET /api/v1/items?page=2 HTTP/1.1\" 200 1532 \"-\" "
                    + "\"python-requests/2.31.0\" \"203.0.113.7, 10.0.0.2\"",
            "45.79.181.104 - - [31/Jan/2025:03:07:33 +0000] \"\\x16\\x03\\x01\\x02\\x00\\x01\" 400 157 \"-\" \"-\"",
            "192.0.2.10 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 304 -",
            "198.51.100.3 - - [05/Feb/2025:22:14:10 -0500] \"GET / HTTP/1.1\" 200 342 \"-\" \"Mozilla \\\"x\\\" \\\\\"",
            "www.example.org:443 2001:db8::1 - - [05/Feb/2025:22:14:12 +0100] \"GET /feed/ HTTP/2.0\" 200 18734 \"-\" \"F\"",
            "203.0.113.9 - alice [31/Jan/2025:23:59:59 +0900] \"POST /api/orders HTTP/2.0\" 201 87 \"-\" \"UA\" "
                    + "\"203.0.113.9\" rt=0.125 uct=\"0.001\" ua=\"127.0.0.1:5001, 127.0.0.1:5002\" us=\"502, 201\" "
                    + "urt=\"0.050, 0.074\" host=shop.example.com iso=2025-01-31T23:59:59+09:00 bs=412",
            "10.1.2.3 - - [05/Feb/2025:22:14:12 +0000] \"GET /a HTTP/1.1\" 200 - 1532 \"-\" curl/8.0");

    /** The bytes of the log-like lines: the punctuation and digits of the formats, plus NUL, CR and UTF-8. */
    private static final byte[] LOG_LIKE = {'"', '\\', ' ', '[', ']', '-', ':', '/', '.', 'x', 'J', 'a', 'n', '+', '0',
            '1', '2', '9', '\r', 0, (byte) 0xC3, 'H', '='};

    @Test
    void randomBytesNeverThrow() {
        forAll(10_000, 0x7A1D_0001L, random -> {
            byte[] line = randomBytes(random, 300);
            return new Case(() -> show(line), () -> parseWithEveryFormat(line));
        });
    }

    @Test
    void logLikeBytesNeverThrow() {
        forAll(10_000, 0x7A1D_0002L, random -> {
            byte[] line = logLike(random, 120);
            return new Case(() -> show(line), () -> parseWithEveryFormat(line));
        });
    }

    @Test
    void mutatedValidLinesNeverThrow() {
        forAll(10_000, 0x7A1D_0003L, random -> {
            int which = intBetween(random, 0, VALID_LINES.size() - 1);
            int mutations = intBetween(random, 1, 6);
            long seed = random.nextLong();
            Random mutator = new Random(seed);
            byte[] mutated = VALID_LINES.get(which).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < mutations; i++) {
                mutated = mutate(mutated, mutator);
            }
            byte[] line = mutated;
            return new Case(() -> "VALID_LINES[" + which + "] after " + mutations + " mutations from seed " + seed
                    + ": " + show(line), () -> parseWithEveryFormat(line));
        });
    }

    @Test
    void nginxCombinedRoundTrip() {
        forAll(5_000, 0x7A1D_0004L, random -> {
            String address = address(random);
            long epochSecond = longBetween(random, 946_684_800L, 4_102_444_800L);
            ZoneOffset offset = quarterHourOffset(random);
            String method = method(random);
            String path = path(random);
            int status = intBetween(random, 0, 999);
            long bytes = longBetween(random, 0, Long.MAX_VALUE);
            String referer = value(random);
            String userAgent = value(random);
            String line = address + " - - [" + logTime(epochSecond, offset) + "] \"" + nginxEscape(method + " " + path
                    + " HTTP/1.1") + "\" " + String.format("%03d", status) + " " + bytes + " \"" + nginxEscape(referer)
                    + "\" \"" + nginxEscape(userAgent) + "\"";
            return new Case(() -> "address=" + show(address) + " epochSecond=" + epochSecond + " offset=" + offset
                    + " method=" + method + " path=" + show(path) + " status=" + status + " bytes=" + bytes
                    + " referer=" + show(referer) + " userAgent=" + show(userAgent) + "\nline=" + show(line), () -> {
                ParsedLine p = TestLines.parse(LogFormat.resolve("combined"), line);

                assertThat(p.rejectReason()).as(line).isNull();
                assertThat(p.address()).isEqualTo(address);
                assertThat(p.epochMillis()).isEqualTo(epochSecond * 1000);
                assertThat(p.utcOffsetSeconds()).isEqualTo(offset.getTotalSeconds());
                assertThat(p.text(Field.METHOD)).isEqualTo(method);
                assertThat(p.text(Field.PATH)).isEqualTo(path);
                assertThat(p.text(Field.PROTOCOL)).isEqualTo("HTTP/1.1");
                assertThat(p.status()).isEqualTo(status);
                assertThat(p.bodyBytes()).isEqualTo(bytes);
                assertThat(p.text(Field.REFERER)).isEqualTo(referer);
                assertThat(p.text(Field.USER_AGENT)).isEqualTo(userAgent);
            });
        });
    }

    @Test
    void apacheCombinedRoundTrip() {
        forAll(5_000, 0x7A1D_0005L, random -> {
            String address = address(random);
            long epochSecond = longBetween(random, 946_684_800L, 4_102_444_800L);
            ZoneOffset offset = quarterHourOffset(random);
            String method = method(random);
            String path = path(random);
            int status = intBetween(random, 100, 599);
            long bytes = longBetween(random, 0, 1L << 40);
            boolean rawUtf8 = random.nextBoolean();
            String referer = value(random);
            String userAgent = value(random);
            String line = address + " - - [" + logTime(epochSecond, offset) + "] \"" + apacheEscape(method + " " + path
                    + " HTTP/1.1", rawUtf8) + "\" " + status + " " + (bytes == 0 ? "-" : bytes) + " \""
                    + apacheEscape(referer, rawUtf8) + "\" \"" + apacheEscape(userAgent, rawUtf8) + "\"";
            return new Case(() -> "address=" + show(address) + " epochSecond=" + epochSecond + " offset=" + offset
                    + " method=" + method + " path=" + show(path) + " status=" + status + " bytes=" + bytes
                    + " rawUtf8=" + rawUtf8 + " referer=" + show(referer) + " userAgent=" + show(userAgent)
                    + "\nline=" + show(line), () -> {
                ParsedLine p = TestLines.parse(
                        LogFormat.apache("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\""), line);

                assertThat(p.rejectReason()).as(line).isNull();
                assertThat(p.address()).isEqualTo(address);
                assertThat(p.epochMillis()).isEqualTo(epochSecond * 1000);
                assertThat(p.text(Field.METHOD)).isEqualTo(method);
                assertThat(p.text(Field.PATH)).isEqualTo(path);
                assertThat(p.status()).isEqualTo(status);
                assertThat(p.bodyBytes()).isEqualTo(bytes);
                assertThat(p.text(Field.REFERER)).isEqualTo(referer);
                assertThat(p.text(Field.USER_AGENT)).isEqualTo(userAgent);
            });
        });
    }

    /**
     * A chunk walked with {@link LineParser#parseLine} gives the lines, and each line's result, that
     * cutting it at every '\n' and calling {@link LineParser#parse} on each does: NUL, tabs and other
     * bytes below '\n' anywhere (last before a '\n' too), empty lines, no '\n' at the end.
     */
    @Test
    void parseLineReadsAChunkAsParseReadsItsLines() {
        LineParser parser = new LineParser(LogFormat.resolve("combined"));
        byte[] controls = {0, 0, '\t', 1, 9};
        forAll(3_000, 0x7A1D_0006L, random -> {
            var chunk = new ByteArrayOutputStream();
            int lines = intBetween(random, 1, 6);
            for (int i = 0; i < lines; i++) {
                byte[] line = random.nextInt(5) == 0 ? new byte[0]
                        : VALID_LINES.get(random.nextInt(VALID_LINES.size())).getBytes(StandardCharsets.UTF_8);
                for (int k = random.nextInt(3); k > 0 && line.length > 0; k--) {
                    line = line.clone();
                    line[random.nextInt(3) == 0 ? line.length - 1 : random.nextInt(line.length)] =
                            controls[random.nextInt(controls.length)];
                }
                chunk.writeBytes(line);
                if (i < lines - 1 || random.nextBoolean()) {
                    chunk.write('\n');
                }
            }
            byte[] bytes = chunk.toByteArray();
            return new Case(() -> show(bytes), () -> {
                var walked = new ParsedLine();
                var cut = new ParsedLine();
                int start = 0;
                while (start < bytes.length) {
                    int end = parser.parseLine(bytes, start, bytes.length, walked);
                    int newline = start;
                    while (newline < bytes.length && bytes[newline] != '\n') {
                        newline++;
                    }
                    assertThat(end).as("end of the line at %d", start).isEqualTo(newline);
                    boolean accepted = parser.parse(bytes, start, newline, cut);
                    assertThat(walked.rejectReason()).as("line at %d", start).isEqualTo(cut.rejectReason());
                    assertThat(accepted).isEqualTo(walked.rejectReason() == null);
                    for (Field f : Field.values()) {
                        assertThat(walked.start(f)).as("%s of the line at %d", f, start).isEqualTo(cut.start(f));
                        assertThat(walked.end(f)).as("%s of the line at %d", f, start).isEqualTo(cut.end(f));
                    }
                    assertThat(walked.toString()).isEqualTo(cut.toString());
                    start = end + 1;
                }
            });
        });
    }

    private static void parseWithEveryFormat(byte[] line) {
        ParsedLine out = new ParsedLine();
        for (LogFormat format : FORMATS) {
            boolean accepted = new LineParser(format).parse(line, 0, line.length, out);
            assertThat(accepted).as("%s: parse() vs rejectReason()", format).isEqualTo(out.rejectReason() == null);
            if (!accepted) {
                continue;
            }
            for (Field f : Field.values()) {
                int s = out.start(f);
                int e = out.end(f);
                assertThat(s == -1 ? e == -1 : 0 <= s && s <= e && e <= line.length).as("%s: %s", format, f.name()).isTrue();
                assertThat(format.has(f) || s == -1).as("%s: %s", format, f.name()).isTrue();
                out.text(f);
            }
            assertThat(out.status()).as("%s: status", format).isBetween(0, 999);
            assertThat(out.bodyBytes()).as("%s: bodyBytes", format).isNotNegative();
            assertThat(out.epochMillis()).as("%s: epochMillis", format).isNotEqualTo(Long.MIN_VALUE);
            out.requestTimeMicros();
            out.address();
            assertThat(out.toString()).as("%s: toString", format).isNotEmpty();
        }
    }

    private static final byte[][] TRICKY_BYTE_RUNS = {{'\\'}, {'\\', 'x'}, {'\\', 'x', '4'}, {'\\', 'x', '4', 'F'},
            {'\\', '"'}, {'\\', '\\'}, {'"', ' ', '"'}, {' ', '-'}, {'\r'}, {'\\', 'x', (byte) 0xC3}};

    private static byte[] mutate(byte[] line, Random random) {
        if (line.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(line.length);
        byte[] interesting = {'"', '\\', ' ', '[', ']', '-', ':', '/', 'x', '0', '9', '\r', (byte) 0xC3, (byte) 0xFF};
        byte b = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(6)) {
            case 0 -> { // replace
                out.write(line, 0, line.length);
                byte[] r = out.toByteArray();
                r[at] = b;
                return r;
            }
            case 1 -> { // insert
                out.write(line, 0, at);
                out.write(b);
                out.write(line, at, line.length - at);
            }
            case 2 -> { // delete
                out.write(line, 0, at);
                out.write(line, at + 1, line.length - at - 1);
            }
            case 3 -> out.write(line, 0, at); // truncate
            case 4 -> { // insert, or append, a run that reads like (part of) an escape, a quote or a line end
                byte[] run = TRICKY_BYTE_RUNS[random.nextInt(TRICKY_BYTE_RUNS.length)];
                int where = random.nextBoolean() ? at : line.length;
                out.write(line, 0, where);
                out.writeBytes(run);
                out.write(line, where, line.length - where);
            }
            default -> { // duplicate a stretch
                int len = random.nextInt(line.length - at) + 1;
                out.write(line, 0, at + len);
                out.write(line, at, line.length - at);
            }
        }
        return out.toByteArray();
    }

    private static final String HEX_UPPER = "0123456789ABCDEF";
    private static final String HEX_LOWER = "0123456789abcdef";

    /** ngx_http_log_escape: '"', '\' and bytes outside 0x20..0x7E become \xHH. */
    static String nginxEscape(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                out.append("\\x").append(HEX_UPPER.charAt(c >> 4)).append(HEX_UPPER.charAt(c & 0xF));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    /** ap_escape_logitem: \" \\ and C escapes; other control bytes as \xhh; bytes >= 0x80 raw or \xhh. */
    static String apacheEscape(String value, boolean rawUtf8) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            String escaped = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case '\r' -> "\\r";
                case '\b' -> "\\b";
                case 0x0B -> "\\v";
                default -> c < 0x20 || c == 0x7F || (c >= 0x80 && !rawUtf8)
                        ? "\\x" + HEX_LOWER.charAt(c >> 4) + HEX_LOWER.charAt(c & 0xF) : null;
            };
            if (escaped == null) {
                out.write(b);
            } else {
                out.writeBytes(escaped.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String logTime(long epochSecond, ZoneOffset offset) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), offset).format(LOG_STYLE);
    }

    // Generators. Each draws only from the domain its property names, with extra weight on edge values.

    /** min..max: the ends and their neighbours, small distances from min, or uniform. */
    private static long longBetween(Random random, long min, long max) {
        return switch (random.nextInt(16)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> min + 1;
            case 3 -> max - 1;
            case 4, 5, 6, 7 -> { // any number of bits above min: small, medium and large values alike
                long above = random.nextLong() >>> random.nextInt(1, 64);
                yield above <= max - min ? min + above : min + above % (max - min + 1);
            }
            default -> max == Long.MAX_VALUE && min == 0 ? random.nextLong() & Long.MAX_VALUE
                    : random.nextLong(min, max + 1);
        };
    }

    /** Any bytes; in half the tries no NUL, which would reject the line before anything else is read. */
    private static byte[] randomBytes(Random random, int maxSize) {
        byte[] edges = {0, 1, -1, 127, -128, ' ', '"', '\\', '\r', '\t', '-'};
        boolean noNul = random.nextBoolean();
        byte[] b = new byte[size(random, maxSize)];
        for (int i = 0; i < b.length; i++) {
            do {
                b[i] = random.nextInt(8) == 0 ? edges[random.nextInt(edges.length)] : (byte) random.nextInt(256);
            } while (noNul && b[i] == 0);
        }
        return b;
    }

    /** Bytes of {@link #LOG_LIKE} only; in half the tries no NUL. */
    private static byte[] logLike(Random random, int maxSize) {
        boolean noNul = random.nextBoolean();
        byte[] b = new byte[size(random, maxSize)];
        for (int i = 0; i < b.length; i++) {
            do {
                b[i] = LOG_LIKE[random.nextInt(LOG_LIKE.length)];
            } while (noNul && b[i] == 0);
        }
        return b;
    }

    private static final List<String> NAMED_ADDRESSES = List.of("::1", "2001:db8::1", "::ffff:10.0.0.1", "fe80::1%eth0",
            "crawl-66-249-66-1.googlebot.com");

    /** A random IPv4 or IPv6 address as Java prints it, or one of a few written by hand. */
    private static String address(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> hostAddress(addressBytes(random, 4));
            case 1 -> hostAddress(addressBytes(random, 16));
            default -> NAMED_ADDRESSES.get(random.nextInt(NAMED_ADDRESSES.size()));
        };
    }

    private static byte[] addressBytes(Random random, int length) {
        byte[] raw = new byte[length];
        if (random.nextInt(8) == 0) {
            byte[] edges = {0, 1, -1, 127, -128};
            Arrays.fill(raw, edges[random.nextInt(edges.length)]);
        } else {
            random.nextBytes(raw);
        }
        return raw;
    }

    private static String hostAddress(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whole quarter hours from -18:00 to +18:00. */
    private static ZoneOffset quarterHourOffset(Random random) {
        return ZoneOffset.ofTotalSeconds(intBetween(random, -18 * 4, 18 * 4) * 900);
    }

    private static final List<String> METHODS = List.of("GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH",
            "PROPFIND", "M-SEARCH");

    private static String method(Random random) {
        return METHODS.get(random.nextInt(METHODS.size()));
    }

    /** "/" and then up to 40 characters of any text but spaces. */
    private static String path(Random random) {
        return "/" + text(random, 40, true);
    }

    /** Header values as clients send them: any text, including quotes, backslashes, control and non-ASCII. */
    private static String value(Random random) {
        String s;
        do {
            s = text(random, 60, false);
        } while (s.equals("-"));
        return s;
    }

    /** Characters that servers escape or that look like escapes, and the ends of the character ranges. */
    private static final char[] SPECIAL_CHARS = {'"', '\\', '-', ' ', '\t', 'x', '\n', '\r', '\b', '\u000B', '\u0000',
            '\u001F', '\u007F', '\u0080', '\u00C3', '\u00FF', '\u07FF', '\u0800', '\uD7FF', '\uE000', '\uFFFD', '0', '9',
            'a', 'f', 'A', 'F', 'n', 't', 'v'};
    /** Runs of characters that read like escape sequences, quoting, or "-". */
    private static final String[] TRICKY_RUNS = {"\\x41", "\\x", "\\x2", "\\xZZ", "\\\"", "\\\\", "\\n", "\" \"", "\"",
            " - ", "-", "\\"};

    /**
     * Up to maxLength characters from U+0000..U+D7FF and U+E000..U+FFFD (so always well-formed UTF-16),
     * optionally without spaces.
     */
    private static String text(Random random, int maxLength, boolean noSpace) {
        int length = size(random, maxLength);
        StringBuilder s = new StringBuilder(length + 4);
        while (s.length() < length) {
            int kind = random.nextInt(20);
            if (kind < 2) {
                String run = TRICKY_RUNS[random.nextInt(TRICKY_RUNS.length)];
                if (!(noSpace && run.indexOf(' ') >= 0)) {
                    s.append(run);
                }
                continue;
            }
            char c = switch (kind) {
                case 2, 3, 4, 5, 6 -> SPECIAL_CHARS[random.nextInt(SPECIAL_CHARS.length)];
                case 7, 8, 9, 10, 11 -> (char) random.nextInt(0x20, 0x7F);
                case 12 -> (char) (random.nextInt(33) == 32 ? 0x7F : random.nextInt(0x20));
                case 13, 14, 15 -> (char) random.nextInt(0x80, 0x800);
                default -> (char) (random.nextBoolean() ? random.nextInt(0x800, 0xD800) : random.nextInt(0xE000, 0xFFFE));
            };
            if (!(noSpace && c == ' ')) {
                s.append(c);
            }
        }
        s.setLength(length);
        return s.toString();
    }
}
