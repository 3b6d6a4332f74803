package io.logpulse.query.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class UpstreamAttemptsTest {

    @Test
    void retriesAndInternalRedirects() {
        var retried = UpstreamAttempts.parse("127.0.0.1:5003, 127.0.0.1:5001");
        assertThat(retried.last()).isEqualTo("127.0.0.1:5001");
        assertThat(retried.failed()).containsExactly("127.0.0.1:5003");
        assertThat(retried.retried()).isTrue();
        assertThat(retried.redirected()).isFalse();

        var redirected = UpstreamAttempts.parse("10.0.0.1:80, 10.0.0.2:80 : unix:/run/app.sock");
        assertThat(redirected.last()).isEqualTo("unix:/run/app.sock");
        assertThat(redirected.failed()).containsExactly("10.0.0.1:80");
        assertThat(redirected.redirected()).isTrue();

        var plain = UpstreamAttempts.parse("[::1]:8080");
        assertThat(plain.last()).isEqualTo("[::1]:8080");
        assertThat(plain.failed()).isEmpty();
        assertThat(UpstreamAttempts.parse("-")).isNull();
        assertThat(UpstreamAttempts.parse(null)).isNull();
    }

    @Test
    void responseTimes() {
        assertThat(UpstreamAttempts.micros("0.004")).isEqualTo(4_000);
        assertThat(UpstreamAttempts.micros("12.345")).isEqualTo(12_345_000);
        assertThat(UpstreamAttempts.micros("3")).isEqualTo(3_000_000);
        assertThat(UpstreamAttempts.micros("-")).isEqualTo(-1);
        assertThat(UpstreamAttempts.micros("0.0x")).isEqualTo(-1);
        assertThat(UpstreamAttempts.parse("0.001, 0.004").last()).isEqualTo("0.004");
        assertThat(UpstreamAttempts.lastOf("0.004")).isEqualTo("0.004");
        assertThat(UpstreamAttempts.lastOf("0.001, 0.004")).isEqualTo("0.004");
        assertThat(UpstreamAttempts.lastOf("0.001, 0.002 : 0.030")).isEqualTo("0.030");
        assertThat(UpstreamAttempts.lastOf("0.030 : 0.001, 0.002")).isEqualTo("0.002");
        assertThat(UpstreamAttempts.isList("127.0.0.1:5001")).isFalse();
        assertThat(UpstreamAttempts.isList("unix:/a.sock")).isFalse();
        assertThat(UpstreamAttempts.isList("a:1, b:2")).isTrue();
        assertThat(UpstreamAttempts.isList("a:1 : b:2")).isTrue();
    }

    @Test
    void percentilesAreNearestRank() {
        var h = new TimeHistogram();
        assertThat(h.percentileSeconds(0.5)).isNull();
        for (int ms = 1; ms <= 100; ms++) {
            h.add(ms * 1000L);
        }
        h.add(70_000_000L); // 70 s, beyond the direct range
        assertThat(h.count()).isEqualTo(101);
        assertThat(h.percentileSeconds(0.50)).isEqualTo(0.051);
        assertThat(h.percentileSeconds(0.95)).isEqualTo(0.096);
        assertThat(h.percentileSeconds(1.0)).isEqualTo(70.0);
    }

    @Test
    void linesAcrossReadsAndAFinalLineWithoutNewline() throws IOException {
        String text = "first line\n\nthird\r\n" + "x".repeat(5000) + "\nlast";
        var lines = new ArrayList<String>();
        // A stream that hands out 7 bytes at a time, so lines straddle reads.
        InputStream dribble = new FilterInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        LogLines.forEach(dribble, (buf, s, e) -> lines.add(new String(buf, s, e - s, StandardCharsets.UTF_8)));
        assertThat(lines).containsExactly("first line", "", "third\r", "x".repeat(5000), "last");
    }

    @Test
    void aLineLongerThanTheBufferIsHandedOverOnceAndSkipped() throws IOException {
        String text = "a\n" + "y".repeat(3 << 20) + "\nb\n";
        var lengths = new ArrayList<Integer>();
        LogLines.forEach(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), (buf, s, e) -> lengths.add(e - s));
        assertThat(lengths).hasSize(3);
        assertThat(lengths.get(0)).isEqualTo(1);
        assertThat(lengths.get(1)).isGreaterThan(io.logpulse.parse.LineParser.MAX_LINE_BYTES);
        assertThat(lengths.get(2)).isEqualTo(1);
    }
}
