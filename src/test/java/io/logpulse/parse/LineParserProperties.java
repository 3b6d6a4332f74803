package io.logpulse.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class LineParserProperties {
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

    @Property(tries = 2000)
    void randomBytesNeverThrow(@ForAll @Size(max = 300) byte[] line) {
        parseWithEveryFormat(line);
    }

    @Property(tries = 3000)
    void logLikeBytesNeverThrow(@ForAll("logLike") byte[] line) {
        parseWithEveryFormat(line);
    }

    @Property(tries = 3000)
    void mutatedValidLinesNeverThrow(@ForAll @IntRange(min = 0, max = 7) int which,
                                     @ForAll @IntRange(min = 1, max = 6) int mutations,
                                     @ForAll long seed) {
        Random random = new Random(seed);
        byte[] line = VALID_LINES.get(which).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < mutations; i++) {
            line = mutate(line, random);
        }
        parseWithEveryFormat(line);
    }

    @Property(tries = 1000)
    void nginxCombinedRoundTrip(@ForAll("addresses") String address, @ForAll("instants") long epochSecond,
                                @ForAll("offsets") ZoneOffset offset, @ForAll("methods") String method,
                                @ForAll("paths") String path, @ForAll @IntRange(min = 0, max = 999) int status,
                                @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long bytes,
                                @ForAll("values") String referer, @ForAll("values") String userAgent) {
        String line = address + " - - [" + logTime(epochSecond, offset) + "] \"" + nginxEscape(method + " " + path
                + " HTTP/1.1") + "\" " + String.format("%03d", status) + " " + bytes + " \"" + nginxEscape(referer)
                + "\" \"" + nginxEscape(userAgent) + "\"";

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
    }

    @Property(tries = 1000)
    void apacheCombinedRoundTrip(@ForAll("addresses") String address, @ForAll("instants") long epochSecond,
                                 @ForAll("offsets") ZoneOffset offset, @ForAll("methods") String method,
                                 @ForAll("paths") String path, @ForAll @IntRange(min = 100, max = 599) int status,
                                 @ForAll @LongRange(min = 0, max = 1L << 40) long bytes, @ForAll boolean rawUtf8,
                                 @ForAll("values") String referer, @ForAll("values") String userAgent) {
        String line = address + " - - [" + logTime(epochSecond, offset) + "] \"" + apacheEscape(method + " " + path
                + " HTTP/1.1", rawUtf8) + "\" " + status + " " + (bytes == 0 ? "-" : bytes) + " \""
                + apacheEscape(referer, rawUtf8) + "\" \"" + apacheEscape(userAgent, rawUtf8) + "\"";

        ParsedLine p = TestLines.parse(LogFormat.apache("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\""), line);

        assertThat(p.rejectReason()).as(line).isNull();
        assertThat(p.address()).isEqualTo(address);
        assertThat(p.epochMillis()).isEqualTo(epochSecond * 1000);
        assertThat(p.text(Field.METHOD)).isEqualTo(method);
        assertThat(p.text(Field.PATH)).isEqualTo(path);
        assertThat(p.status()).isEqualTo(status);
        assertThat(p.bodyBytes()).isEqualTo(bytes);
        assertThat(p.text(Field.REFERER)).isEqualTo(referer);
        assertThat(p.text(Field.USER_AGENT)).isEqualTo(userAgent);
    }

    private static void parseWithEveryFormat(byte[] line) {
        ParsedLine out = new ParsedLine();
        for (LogFormat format : FORMATS) {
            boolean accepted = new LineParser(format).parse(line, 0, line.length, out);
            assertThat(accepted).isEqualTo(out.rejectReason() == null);
            if (!accepted) {
                continue;
            }
            for (Field f : Field.values()) {
                int s = out.start(f);
                int e = out.end(f);
                assertThat(s == -1 ? e == -1 : 0 <= s && s <= e && e <= line.length).as(f.name()).isTrue();
                assertThat(format.has(f) || s == -1).as(f.name()).isTrue();
                out.text(f);
            }
            assertThat(out.status()).isBetween(0, 999);
            assertThat(out.bodyBytes()).isNotNegative();
            assertThat(out.epochMillis()).isNotEqualTo(Long.MIN_VALUE);
            out.requestTimeMicros();
            out.address();
            assertThat(out.toString()).isNotEmpty();
        }
    }

    private static byte[] mutate(byte[] line, Random random) {
        if (line.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(line.length);
        byte[] interesting = {'"', '\\', ' ', '[', ']', '-', ':', '/', 'x', '0', '9', '\r', (byte) 0xC3, (byte) 0xFF};
        byte b = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(5)) {
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
            default -> { // duplicate a stretch
                int len = random.nextInt(line.length - at) + 1;
                out.write(line, 0, at + len);
                out.write(line, at, line.length - at);
            }
        }
        return out.toByteArray();
    }

    /** ngx_http_log_escape: '"', '\' and bytes outside 0x20..0x7E become \xHH. */
    static String nginxEscape(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                out.append(String.format("\\x%02X", c));
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
                default -> c < 0x20 || c == 0x7F || (c >= 0x80 && !rawUtf8) ? String.format("\\x%02x", c) : null;
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

    @Provide
    Arbitrary<byte[]> logLike() {
        return Arbitraries.of((byte) '"', (byte) '\\', (byte) ' ', (byte) '[', (byte) ']', (byte) '-', (byte) ':',
                        (byte) '/', (byte) '.', (byte) 'x', (byte) 'J', (byte) 'a', (byte) 'n', (byte) '+', (byte) '0',
                        (byte) '1', (byte) '2', (byte) '9', (byte) '\r', (byte) 0, (byte) 0xC3, (byte) 'H', (byte) '=')
                .list().ofMaxSize(120)
                .map(list -> {
                    byte[] b = new byte[list.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = list.get(i);
                    }
                    return b;
                });
    }

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<String> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4).map(LineParserProperties::hostAddress);
        Arbitrary<String> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16).map(LineParserProperties::hostAddress);
        return Arbitraries.oneOf(v4, v6, Arbitraries.of("::1", "2001:db8::1", "::ffff:10.0.0.1", "fe80::1%eth0",
                "crawl-66-249-66-1.googlebot.com"));
    }

    private static String hostAddress(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<Long> instants() {
        return Arbitraries.longs().between(946_684_800L, 4_102_444_800L);
    }

    @Provide
    Arbitrary<ZoneOffset> offsets() {
        return Arbitraries.integers().between(-18 * 4, 18 * 4).map(quarters -> ZoneOffset.ofTotalSeconds(quarters * 900));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "PROPFIND", "M-SEARCH");
    }

    @Provide
    Arbitrary<String> paths() {
        return unicode().excludeChars(' ').ofMaxLength(40).map(s -> "/" + s);
    }

    /** Header values as clients send them: any text, including quotes, backslashes, control and non-ASCII. */
    @Provide
    Arbitrary<String> values() {
        return unicode().ofMaxLength(60).filter(s -> !s.equals("-"));
    }

    private static net.jqwik.api.arbitraries.StringArbitrary unicode() {
        return Arbitraries.strings()
                .withCharRange('\u0000', '\uD7FF')
                .withCharRange('\uE000', '\uFFFD')
                .withChars('"', '\\', '-', ' ', '\t', 'x');
    }
}
