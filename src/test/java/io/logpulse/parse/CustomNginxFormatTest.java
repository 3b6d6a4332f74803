package io.logpulse.parse;

import static io.logpulse.parse.TestLines.millis;
import static io.logpulse.parse.TestLines.parse;
import static io.logpulse.parse.TestLines.raw;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CustomNginxFormatTest {
    private static final String EVERYTHING = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
            + "\"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\" rt=$request_time uct=\"$upstream_connect_time\" "
            + "ua=\"$upstream_addr\" us=\"$upstream_status\" urt=\"$upstream_response_time\" host=$host iso=$time_iso8601 "
            + "bs=$bytes_sent";

    @Test
    void everyVariableIsRead() {
        LogFormat f = LogFormat.resolve(EVERYTHING);
        ParsedLine p = parse(f, "203.0.113.9 - alice [31/Jan/2025:23:59:59 +0900] \"POST /api/orders HTTP/2.0\" 201 87 "
                + "\"https://shop.example.com/cart\" \"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X)\" "
                + "\"203.0.113.9, 10.0.0.2\" rt=0.125 uct=\"0.001, 0.002\" ua=\"127.0.0.1:5001, 127.0.0.1:5002\" "
                + "us=\"502, 201\" urt=\"0.050, 0.074\" host=shop.example.com iso=2025-01-31T23:59:59+09:00 bs=412");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.address()).isEqualTo("203.0.113.9");
        assertThat(p.text(Field.REMOTE_USER)).isEqualTo("alice");
        assertThat(p.epochMillis()).isEqualTo(millis(2025, 1, 31, 23, 59, 59, 9));
        assertThat(p.utcOffsetSeconds()).isEqualTo(32_400);
        assertThat(raw(p, Field.TIME)).as("the first time variable owns TIME").isEqualTo("31/Jan/2025:23:59:59 +0900");
        assertThat(p.text(Field.METHOD)).isEqualTo("POST");
        assertThat(p.text(Field.PATH)).isEqualTo("/api/orders");
        assertThat(p.text(Field.PROTOCOL)).isEqualTo("HTTP/2.0");
        assertThat(p.status()).isEqualTo(201);
        assertThat(p.bodyBytes()).isEqualTo(87);
        assertThat(raw(p, Field.BYTES_SENT)).isEqualTo("412");
        assertThat(p.text(Field.REFERER)).isEqualTo("https://shop.example.com/cart");
        assertThat(p.text(Field.USER_AGENT)).isEqualTo("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X)");
        assertThat(p.text(Field.X_FORWARDED_FOR)).isEqualTo("203.0.113.9, 10.0.0.2");
        assertThat(p.text(Field.REQUEST_TIME)).isEqualTo("0.125");
        assertThat(p.requestTimeMicros()).isEqualTo(125_000);
        assertThat(p.text(Field.UPSTREAM_ADDR)).isEqualTo("127.0.0.1:5001, 127.0.0.1:5002");
        assertThat(p.text(Field.UPSTREAM_STATUS)).isEqualTo("502, 201");
        assertThat(p.text(Field.UPSTREAM_RESPONSE_TIME)).isEqualTo("0.050, 0.074");
        assertThat(p.text(Field.HOST)).isEqualTo("shop.example.com");
        for (Field field : Field.values()) {
            assertThat(f.has(field)).as(field.name()).isTrue();
        }
    }

    @Test
    void unquotedListsAreReadUpToTheNextLiteral() {
        LogFormat f = LogFormat.nginx("$remote_addr [$time_local] $status ua=$upstream_addr us=$upstream_status "
                + "urt=$upstream_response_time");
        ParsedLine p = parse(f, "10.0.0.1 [31/Jan/2025:23:59:59 +0000] 502 ua=127.0.0.1:5001, 127.0.0.1:5002 "
                + "us=502, 200 urt=0.003, 0.120");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.UPSTREAM_ADDR)).isEqualTo("127.0.0.1:5001, 127.0.0.1:5002");
        assertThat(p.text(Field.UPSTREAM_STATUS)).isEqualTo("502, 200");
        assertThat(p.text(Field.UPSTREAM_RESPONSE_TIME)).isEqualTo("0.003, 0.120");
    }

    @Test
    void isoTimeOnlyBracesAndUnknownVariablesSkipped() {
        LogFormat f = LogFormat.nginx("${remote_addr}|$time_iso8601|$msec|$request_length|$http_foo|$status|${request_time}");
        ParsedLine p = parse(f, "2001:db8::7|2025-03-01T00:00:00-05:00|1740805200.123|512|a b c|200|0.002");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.address()).isEqualTo("2001:db8::7");
        assertThat(p.epochMillis()).isEqualTo(millis(2025, 3, 1, 0, 0, 0, -5));
        assertThat(p.utcOffsetSeconds()).isEqualTo(-18_000);
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.requestTimeMicros()).isEqualTo(2_000);
        assertThat(f.has(Field.REQUEST)).isFalse();
        assertThat(f.has(Field.METHOD)).isFalse();
        assertThat(p.text(Field.METHOD)).isNull();
    }

    @Test
    void isoTimeWithUtcDesignator() {
        LogFormat f = LogFormat.nginx("$remote_addr $time_iso8601 $status");
        ParsedLine p = parse(f, "10.0.0.1 2025-01-31T18:07:33Z 200");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.epochMillis()).isEqualTo(millis(2025, 1, 31, 18, 7, 33, 0));
        assertThat(p.utcOffsetSeconds()).isZero();
    }

    @Test
    void bytesSentIsTheFallbackForBodyBytes() {
        LogFormat f = LogFormat.nginx("$remote_addr [$time_local] $status $bytes_sent");
        ParsedLine p = parse(f, "10.0.0.1 [31/Jan/2025:23:59:59 +0000] 200 1043");

        assertThat(f.has(Field.BODY_BYTES)).isFalse();
        assertThat(p.bodyBytes()).isEqualTo(1043);
    }

    @Test
    void formatCopiedFromInsideAQuotedConfigString() {
        LogFormat f = LogFormat.nginx("$remote_addr [$time_local] \\\"$request\\\" $status");
        ParsedLine p = parse(f, "10.0.0.1 [31/Jan/2025:23:59:59 +0000] \"GET /x HTTP/1.1\" 200");

        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.PATH)).isEqualTo("/x");
    }
}
