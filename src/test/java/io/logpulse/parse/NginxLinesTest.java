package io.logpulse.parse;

import static io.logpulse.parse.TestLines.millis;
import static io.logpulse.parse.TestLines.parse;
import static io.logpulse.parse.TestLines.raw;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NginxLinesTest {
    private static final LogFormat COMBINED = LogFormat.resolve("combined");
    private static final LogFormat MAIN = LogFormat.resolve("main");

    @Test
    void debianDefaultCombined() {
        ParsedLine p = parse(COMBINED, "203.0.113.42 - - [31/Jan/2025:03:07:33 +0900] \"GET /index.html HTTP/1.1\" 200 615 "
                + "\"https://example.com/\" \"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/131.0.0.0 Safari/537.36\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.address()).isEqualTo("203.0.113.42");
        assertThat(new String(p.buffer(), p.addressStart(), p.addressEnd() - p.addressStart())).isEqualTo("203.0.113.42");
        assertThat(p.text(Field.REMOTE_USER)).isNull();
        assertThat(raw(p, Field.REMOTE_USER)).isEqualTo("-");
        assertThat(p.epochMillis()).isEqualTo(millis(2025, 1, 31, 3, 7, 33, 9));
        assertThat(p.utcOffsetSeconds()).isEqualTo(32_400);
        assertThat(raw(p, Field.TIME)).isEqualTo("31/Jan/2025:03:07:33 +0900");
        assertThat(p.text(Field.REQUEST)).isEqualTo("GET /index.html HTTP/1.1");
        assertThat(p.text(Field.METHOD)).isEqualTo("GET");
        assertThat(p.text(Field.PATH)).isEqualTo("/index.html");
        assertThat(p.text(Field.PROTOCOL)).isEqualTo("HTTP/1.1");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.bodyBytes()).isEqualTo(615);
        assertThat(p.text(Field.REFERER)).isEqualTo("https://example.com/");
        assertThat(p.text(Field.USER_AGENT)).isEqualTo("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
        assertThat(p.text(Field.X_FORWARDED_FOR)).isNull();
        assertThat(p.start(Field.X_FORWARDED_FOR)).isEqualTo(-1);
        assertThat(p.end(Field.HOST)).isEqualTo(-1);
        assertThat(p.requestTimeMicros()).isEqualTo(-1);
    }

    @Test
    void officialImageMainWithoutForwardedFor() {
        ParsedLine p = parse(MAIN, "172.17.0.1 - - [12/Mar/2025:14:02:11 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" "
                + "\"curl/8.5.0\" \"-\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.address()).isEqualTo("172.17.0.1");
        assertThat(p.epochMillis()).isEqualTo(millis(2025, 3, 12, 14, 2, 11, 0));
        assertThat(p.utcOffsetSeconds()).isZero();
        assertThat(p.text(Field.PATH)).isEqualTo("/");
        assertThat(p.text(Field.REFERER)).isNull();
        assertThat(raw(p, Field.REFERER)).isEqualTo("-");
        assertThat(p.text(Field.USER_AGENT)).isEqualTo("curl/8.5.0");
        assertThat(p.text(Field.X_FORWARDED_FOR)).isNull();
        assertThat(raw(p, Field.X_FORWARDED_FOR)).isEqualTo("-");
    }

    @Test
    void officialImageMainWithForwardedForList() {
        ParsedLine p = parse(MAIN, "10.0.0.2 - - [12/Mar/2025:14:02:12 +0000] \"GET /api/v1/items?page=2 HTTP/1.1\" "
                + "200 1532 \"https://app.example.com/items\" \"python-requests/2.31.0\" \"203.0.113.7, 10.0.0.2\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.address()).isEqualTo("10.0.0.2");
        assertThat(p.text(Field.PATH)).isEqualTo("/api/v1/items?page=2");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.bodyBytes()).isEqualTo(1532);
        assertThat(p.text(Field.X_FORWARDED_FOR)).isEqualTo("203.0.113.7, 10.0.0.2");
    }

    @Test
    void ipv6Clients() {
        String rest = " - - [05/Feb/2025:22:14:09 -0500] \"HEAD /healthz HTTP/1.1\" 204 0 \"-\" \"kube-probe/1.29\"";
        for (String address : new String[] {"2001:db8:85a3::8a2e:370:7334", "2001:db8::1", "::1", "::ffff:10.0.0.1"}) {
            ParsedLine p = parse(COMBINED, address + rest);
            assertThat(p.rejectReason()).as(address).isNull();
            assertThat(p.address()).isEqualTo(address);
            assertThat(p.text(Field.METHOD)).isEqualTo("HEAD");
            assertThat(p.status()).isEqualTo(204);
            assertThat(p.bodyBytes()).isZero();
            assertThat(p.utcOffsetSeconds()).isEqualTo(-5 * 3600);
            assertThat(p.epochMillis()).isEqualTo(millis(2025, 2, 5, 22, 14, 9, -5));
        }
    }

    @Test
    void quoteInsideUserAgentIsWrittenAsHexEscape() {
        ParsedLine p = parse(COMBINED, "198.51.100.77 - - [31/Jan/2025:03:07:35 +0900] \"GET /search?q=1 HTTP/1.1\" 200 12 "
                + "\"-\" \"sqlmap/1.7.2 \\x22injected\\x22 \\x5C end\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.USER_AGENT)).isEqualTo("sqlmap/1.7.2 \"injected\" \\ end");
        assertThat(raw(p, Field.USER_AGENT)).isEqualTo("sqlmap/1.7.2 \\x22injected\\x22 \\x5C end");
    }

    @Test
    void utf8PathAndUserAgentAreDecoded() {
        ParsedLine p = parse(COMBINED, "192.0.2.5 - - [31/Jan/2025:03:07:36 +0900] \"GET /wiki/M\\xC3\\xBCnchen?q=%E2%82%AC HTTP/1.1\" "
                + "200 5120 \"-\" \"Mozilla/5.0 (Linux; Android 14; \\xE5\\xB0\\x8F\\xE7\\xB1\\xB3 14)\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.PATH)).isEqualTo("/wiki/München?q=%E2%82%AC");
        assertThat(p.text(Field.USER_AGENT)).isEqualTo("Mozilla/5.0 (Linux; Android 14; 小米 14)");
    }

    @Test
    void malformedUtf8IsReplacedNotFatal() {
        ParsedLine p = parse(COMBINED, "192.0.2.5 - - [31/Jan/2025:03:07:36 +0900] \"GET /a\\xFFb HTTP/1.1\" 404 0 \"-\" \"-\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.PATH)).isEqualTo("/a\uFFFDb");
    }

    @Test
    void tlsHandshakeOnPlainHttpPortIsARequestWithoutMethod() {
        ParsedLine p = parse(COMBINED, "45.79.181.104 - - [31/Jan/2025:03:07:33 +0000] "
                + "\"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03\\xA8\\x7F\\x1D\" 400 157 \"-\" \"-\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.address()).isEqualTo("45.79.181.104");
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.bodyBytes()).isEqualTo(157);
        assertThat(raw(p, Field.REQUEST)).isEqualTo("\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03\\xA8\\x7F\\x1D");
        assertThat(p.text(Field.REQUEST)).startsWith("\u0016\u0003\u0001\u0002\u0000");
        assertThat(p.text(Field.METHOD)).isNull();
        assertThat(p.text(Field.PATH)).isNull();
        assertThat(p.text(Field.PROTOCOL)).isNull();
        assertThat(p.start(Field.PATH)).isEqualTo(-1);
        assertThat(p.text(Field.USER_AGENT)).isNull();
    }

    @Test
    void emptyRequestIsLoggedAsDash() {
        ParsedLine p = parse(COMBINED, "198.51.100.23 - - [31/Jan/2025:03:07:34 +0000] \"-\" 400 0 \"-\" \"-\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.text(Field.REQUEST)).isNull();
        assertThat(raw(p, Field.REQUEST)).isEqualTo("-");
        assertThat(p.text(Field.METHOD)).isNull();
    }

    @Test
    void scannerProbesWithOddRequestLines() {
        ParsedLine ssh = parse(COMBINED, "203.0.113.200 - - [31/Jan/2025:03:07:34 +0000] \"SSH-2.0-Go\" 400 157 \"-\" \"-\"");
        assertThat(ssh.rejectReason()).isNull();
        assertThat(ssh.text(Field.REQUEST)).isEqualTo("SSH-2.0-Go");
        assertThat(ssh.text(Field.METHOD)).isNull();

        ParsedLine http09 = parse(COMBINED, "203.0.113.201 - - [31/Jan/2025:03:07:34 +0000] \"GET /\" 200 615 \"-\" \"-\"");
        assertThat(http09.text(Field.METHOD)).isEqualTo("GET");
        assertThat(http09.text(Field.PATH)).isEqualTo("/");
        assertThat(http09.text(Field.PROTOCOL)).isNull();

        ParsedLine spaces = parse(COMBINED,
                "203.0.113.202 - - [31/Jan/2025:03:07:34 +0000] \"GET /a b c HTTP/1.1\" 400 150 \"-\" \"-\"");
        assertThat(spaces.text(Field.METHOD)).isEqualTo("GET");
        assertThat(spaces.text(Field.PATH)).isEqualTo("/a b c");
        assertThat(spaces.text(Field.PROTOCOL)).isEqualTo("HTTP/1.1");

        ParsedLine noProtocol = parse(COMBINED,
                "203.0.113.203 - - [31/Jan/2025:03:07:34 +0000] \"GET /a b c\" 400 150 \"-\" \"-\"");
        assertThat(noProtocol.text(Field.PATH)).isEqualTo("/a b c");
        assertThat(noProtocol.text(Field.PROTOCOL)).isNull();

        ParsedLine http2 = parse(COMBINED,
                "203.0.113.204 - - [31/Jan/2025:03:07:34 +0000] \"PRI * HTTP/2.0\" 400 157 \"-\" \"-\"");
        assertThat(http2.text(Field.METHOD)).isEqualTo("PRI");
        assertThat(http2.text(Field.PATH)).isEqualTo("*");
        assertThat(http2.text(Field.PROTOCOL)).isEqualTo("HTTP/2.0");
    }

    @Test
    void basicAuthUser() {
        ParsedLine p = parse(COMBINED, "192.0.2.9 - alice [31/Jan/2025:03:07:34 +0000] \"GET /admin/ HTTP/1.1\" 401 179 \"-\" \"curl/7.88.1\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.REMOTE_USER)).isEqualTo("alice");
        assertThat(p.status()).isEqualTo(401);
    }

    @Test
    void trailingCarriageReturnAndSpacesAreIgnored() {
        String line = "192.0.2.9 - - [31/Jan/2025:03:07:34 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/7.88.1\"";
        for (String ending : new String[] {"\r", "  ", " \r", "\r \r"}) {
            ParsedLine p = parse(COMBINED, line + ending);
            assertThat(p.rejectReason()).as("ending %s", ending.replace("\r", "\\r")).isNull();
            assertThat(p.text(Field.USER_AGENT)).isEqualTo("curl/7.88.1");
        }
    }

    @Test
    void commonFormatHasNoReferer() {
        ParsedLine p = parse(LogFormat.resolve("common"),
                "192.0.2.9 - - [31/Jan/2025:03:07:34 +0000] \"POST /login HTTP/1.1\" 302 0");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.METHOD)).isEqualTo("POST");
        assertThat(p.status()).isEqualTo(302);
        assertThat(p.bodyBytes()).isZero();
        assertThat(p.text(Field.REFERER)).isNull();
        assertThat(p.start(Field.REFERER)).isEqualTo(-1);
    }

    @Test
    void consecutiveLinesAcrossMinutesHoursAndAMonthBoundary() {
        LineParser parser = new LineParser(COMBINED);
        ParsedLine out = new ParsedLine();
        String[][] cases = {
            {"31/Jan/2025:23:59:58 -0500", "2025-02-01T04:59:58Z"},
            {"31/Jan/2025:23:59:59 -0500", "2025-02-01T04:59:59Z"},
            {"01/Feb/2025:00:00:00 -0500", "2025-02-01T05:00:00Z"},
            {"01/Feb/2025:00:00:01 -0500", "2025-02-01T05:00:01Z"},
            {"01/Feb/2025:00:00:01 +0900", "2025-01-31T15:00:01Z"},
            {"01/Mar/2024:08:59:59 +0900", "2024-02-29T23:59:59Z"},
            {"29/Feb/2024:23:59:59 +0000", "2024-02-29T23:59:59Z"},
            {"31/Dec/2024:23:59:59 +0000", "2024-12-31T23:59:59Z"},
            {"01/Jan/2025:00:00:00 +0000", "2025-01-01T00:00:00Z"},
        };
        for (String[] c : cases) {
            byte[] line = ("192.0.2.1 - - [" + c[0] + "] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(parser.parse(line, 0, line.length, out)).as(c[0]).isTrue();
            assertThat(java.time.Instant.ofEpochMilli(out.epochMillis())).as(c[0]).hasToString(c[1]);
        }
    }
}
