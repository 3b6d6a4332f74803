package io.logpulse.parse;

import static io.logpulse.parse.TestLines.millis;
import static io.logpulse.parse.TestLines.parse;
import static io.logpulse.parse.TestLines.raw;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApacheLinesTest {
    private static final LogFormat DEBIAN_COMBINED = LogFormat.resolve("apache-combined");
    private static final LogFormat COMMON = LogFormat.resolve("apache-common");

    @Test
    void debianApache24CombinedCountsBytesSentWithHeaders() {
        ParsedLine p = parse(DEBIAN_COMBINED, "192.0.2.10 - - [05/Feb/2025:22:14:09 -0500] \"GET /wp-login.php HTTP/1.1\" "
                + "404 453 \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.address()).isEqualTo("192.0.2.10");
        assertThat(p.epochMillis()).isEqualTo(millis(2025, 2, 5, 22, 14, 9, -5));
        assertThat(p.utcOffsetSeconds()).isEqualTo(-18_000);
        assertThat(p.text(Field.METHOD)).isEqualTo("GET");
        assertThat(p.text(Field.PATH)).isEqualTo("/wp-login.php");
        assertThat(p.status()).isEqualTo(404);
        assertThat(DEBIAN_COMBINED.has(Field.BODY_BYTES)).isFalse();
        assertThat(DEBIAN_COMBINED.has(Field.BYTES_SENT)).isTrue();
        assertThat(raw(p, Field.BYTES_SENT)).isEqualTo("453");
        assertThat(p.bodyBytes()).as("falls back to %O").isEqualTo(453);
        assertThat(p.text(Field.USER_AGENT)).startsWith("Mozilla/5.0 (Windows NT 10.0;");
    }

    @Test
    void commonWithDashBytesAndAUser() {
        ParsedLine p = parse(COMMON, "192.0.2.10 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 304 -");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.REMOTE_USER)).isEqualTo("frank");
        assertThat(p.epochMillis()).isEqualTo(millis(2000, 10, 10, 13, 55, 36, -7));
        assertThat(p.status()).isEqualTo(304);
        assertThat(p.bodyBytes()).isZero();
        assertThat(raw(p, Field.BODY_BYTES)).isEqualTo("-");
        assertThat(p.text(Field.BODY_BYTES)).isNull();
    }

    @Test
    void hostnameInsteadOfAddressWhenHostnameLookupsIsOn() {
        ParsedLine p = parse(COMMON, "crawl-66-249-66-1.googlebot.com - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.address()).isEqualTo("crawl-66-249-66-1.googlebot.com");
    }

    @Test
    void escapedQuoteAndBackslashInsideUserAgent() {
        ParsedLine p = parse(DEBIAN_COMBINED, "198.51.100.3 - - [05/Feb/2025:22:14:10 -0500] \"GET /robots.txt HTTP/1.1\" 200 342 "
                + "\"-\" \"Mozilla/5.0 \\\"compatible\\\" Bot\\\\1.0\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(raw(p, Field.USER_AGENT)).isEqualTo("Mozilla/5.0 \\\"compatible\\\" Bot\\\\1.0");
        assertThat(p.text(Field.USER_AGENT)).isEqualTo("Mozilla/5.0 \"compatible\" Bot\\1.0");
        assertThat(p.text(Field.REFERER)).isNull();
    }

    @Test
    void userAgentEndingInEscapedBackslash() {
        ParsedLine p = parse(DEBIAN_COMBINED, "198.51.100.3 - - [05/Feb/2025:22:14:10 -0500] \"GET / HTTP/1.1\" 200 342 "
                + "\"-\" \"odd\\\\\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.USER_AGENT)).isEqualTo("odd\\");
    }

    @Test
    void escapedQuotesInsideTheRequestLine() {
        ParsedLine p = parse(DEBIAN_COMBINED, "198.51.100.3 - - [05/Feb/2025:22:14:10 -0500] "
                + "\"GET /q?x=\\\"><script> HTTP/1.1\" 403 199 \"-\" \"-\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.PATH)).isEqualTo("/q?x=\"><script>");
        assertThat(p.status()).isEqualTo(403);
    }

    @Test
    void rawUtf8AndControlEscapesInValues() {
        byte[] line = ("192.0.2.77 - - [05/Feb/2025:22:14:11 -0500] \"GET /caf\u00e9 HTTP/1.1\" 200 10 \"-\" "
                + "\"Mozilla/5.0 (Linux; Android 14; 小米 14)\\tx\"").getBytes(StandardCharsets.UTF_8);
        ParsedLine p = parse(DEBIAN_COMBINED, line);

        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.PATH)).isEqualTo("/café");
        assertThat(p.text(Field.USER_AGENT)).isEqualTo("Mozilla/5.0 (Linux; Android 14; 小米 14)\tx");
    }

    @Test
    void vhostCombined() {
        LogFormat vhost = LogFormat.resolve("vhost_combined");
        ParsedLine p = parse(vhost, "www.example.org:443 2001:db8::1 - - [05/Feb/2025:22:14:12 +0100] "
                + "\"GET /feed/ HTTP/2.0\" 200 18734 \"-\" \"FreshRSS/1.24.0\"");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.HOST)).isEqualTo("www.example.org");
        assertThat(p.address()).isEqualTo("2001:db8::1");
        assertThat(p.epochMillis()).isEqualTo(millis(2025, 2, 5, 22, 14, 12, 1));
        assertThat(p.text(Field.PROTOCOL)).isEqualTo("HTTP/2.0");
        assertThat(p.bodyBytes()).isEqualTo(18734);
    }

    @Test
    void classicCombinedWithBodyBytesAndRequestDuration() {
        LogFormat f = LogFormat.apache("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" %D %{X-Forwarded-For}i");
        ParsedLine p = parse(f, "10.1.2.3 - - [05/Feb/2025:22:14:12 +0000] \"GET /a HTTP/1.1\" 200 - \"-\" \"curl/8.0\" 1532 "
                + "203.0.113.7, 10.0.0.2");

        assertThat(p.rejectReason()).isNull();
        assertThat(f.has(Field.BODY_BYTES)).isTrue();
        assertThat(p.bodyBytes()).isZero();
        assertThat(p.text(Field.USER_AGENT)).isEqualTo("curl/8.0");
        assertThat(p.text(Field.REQUEST_TIME)).isEqualTo("1532");
        assertThat(p.requestTimeMicros()).isEqualTo(1532);
        assertThat(p.text(Field.X_FORWARDED_FOR)).isEqualTo("203.0.113.7, 10.0.0.2");
    }

    @Test
    void durationUnits() {
        String line = "10.1.2.3 [05/Feb/2025:22:14:12 +0000] 2";
        assertThat(parse(LogFormat.apache("%a %t %T"), line).requestTimeMicros()).isEqualTo(2_000_000);
        assertThat(parse(LogFormat.apache("%a %t %{ms}T"), line).requestTimeMicros()).isEqualTo(2_000);
        assertThat(parse(LogFormat.apache("%a %t %{us}T"), line).requestTimeMicros()).isEqualTo(2);
        assertThat(parse(LogFormat.apache("%a %t %T"), line.replace(" 2", " -")).requestTimeMicros()).isEqualTo(-1);
    }
}
