package io.logpulse.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogFormatTest {

    @Test
    void namedFormats() {
        assertThat(LogFormat.namedFormats())
                .containsExactly("combined", "common", "main", "apache-combined", "apache-common", "vhost_combined");
        for (String name : LogFormat.namedFormats()) {
            LogFormat f = LogFormat.resolve(name);
            assertThat(f.name()).isEqualTo(name);
            assertThat(f.has(Field.REMOTE_ADDR)).isTrue();
            assertThat(f.has(Field.TIME)).isTrue();
            assertThat(f.has(Field.REQUEST)).isTrue();
            assertThat(f.has(Field.METHOD)).isTrue();
            assertThat(f.has(Field.STATUS)).isTrue();
        }
    }

    @Test
    void namesAreTrimmedAndCaseInsensitive() {
        assertThat(LogFormat.resolve("  Combined ")).isSameAs(LogFormat.resolve("combined"));
    }

    @Test
    void fieldsOfTheNamedFormats() {
        LogFormat combined = LogFormat.resolve("combined");
        assertThat(combined.has(Field.REFERER)).isTrue();
        assertThat(combined.has(Field.USER_AGENT)).isTrue();
        assertThat(combined.has(Field.BODY_BYTES)).isTrue();
        assertThat(combined.has(Field.X_FORWARDED_FOR)).isFalse();
        assertThat(combined.has(Field.BYTES_SENT)).isFalse();
        assertThat(LogFormat.resolve("main").has(Field.X_FORWARDED_FOR)).isTrue();
        assertThat(LogFormat.resolve("common").has(Field.USER_AGENT)).isFalse();
        assertThat(LogFormat.resolve("apache-combined").has(Field.BYTES_SENT)).isTrue();
        assertThat(LogFormat.resolve("apache-combined").has(Field.BODY_BYTES)).isFalse();
        assertThat(LogFormat.resolve("apache-common").has(Field.BODY_BYTES)).isTrue();
        assertThat(LogFormat.resolve("vhost_combined").has(Field.HOST)).isTrue();
    }

    @Test
    void apacheAndNginxCommonReadTheSameBytes() {
        String line = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326";
        ParsedLine nginx = TestLines.parse(LogFormat.resolve("common"), line);
        ParsedLine apache = TestLines.parse(LogFormat.resolve("apache-common"), line);
        for (Field f : Field.values()) {
            assertThat(apache.text(f)).as(f.name()).isEqualTo(nginx.text(f));
        }
        assertThat(apache.epochMillis()).isEqualTo(nginx.epochMillis());
        assertThat(apache.bodyBytes()).isEqualTo(2326).isEqualTo(nginx.bodyBytes());
    }

    @Test
    void specsAreTakenAsNginxWhenTheyHaveDollarAndApacheWhenTheyHavePercent() {
        String nginx = "$remote_addr [$time_local] $status";
        assertThat(LogFormat.resolve(nginx).name()).isEqualTo(nginx);
        assertThat(LogFormat.resolve(nginx)).isEqualTo(LogFormat.nginx(nginx));
        String apache = "%h %t %>s";
        assertThat(LogFormat.resolve(apache)).isEqualTo(LogFormat.apache(apache));
        assertThat(TestLines.parse(LogFormat.resolve(apache), "10.0.0.1 [31/Jan/2025:03:07:33 +0900] 200").status())
                .isEqualTo(200);
    }

    @Test
    void debianApacheConfigFormatWithBackslashQuotes() {
        LogFormat f = LogFormat.resolve("%h %l %u %t \\\"%r\\\" %>s %O \\\"%{Referer}i\\\" \\\"%{User-Agent}i\\\"");
        ParsedLine p = TestLines.parse(f, "192.0.2.10 - - [05/Feb/2025:22:14:09 -0500] \"GET / HTTP/1.1\" 200 453 \"-\" \"x\"");
        assertThat(p.rejectReason()).isNull();
        assertThat(p.text(Field.USER_AGENT)).isEqualTo("x");
    }

    @Test
    void apacheModifiersConditionsAndPercentLiteral() {
        LogFormat f = LogFormat.apache("%a %{c}a %<s %>s %400,501{User-Agent}i 100%% %!200{Referer}i %{%d/%b}t %{Grpc-Status}^ti %t");
        ParsedLine p = TestLines.parse(f, "10.0.0.1 10.0.0.9 301 200 Mozilla/5.0 100% - 31/Jan - [31/Jan/2025:03:07:33 +0900]");
        assertThat(p.rejectReason()).isNull();
        assertThat(p.address()).isEqualTo("10.0.0.1");
        assertThat(p.status()).as("the first status directive owns STATUS").isEqualTo(301);
        assertThat(p.text(Field.USER_AGENT)).isEqualTo("Mozilla/5.0");
        assertThat(p.text(Field.REFERER)).isNull();
    }

    @Test
    void trailingSpacesOfTheFormatAreIgnoredLikeThoseOfLines() {
        LogFormat f = LogFormat.nginx("$remote_addr [$time_local] \"$http_user_agent\" ");
        assertThat(TestLines.parse(f, "10.0.0.1 [31/Jan/2025:03:07:33 +0900] \"curl\"").rejectReason()).isNull();
        assertThat(TestLines.parse(f, "10.0.0.1 [31/Jan/2025:03:07:33 +0900] \"curl\" ").rejectReason()).isNull();
    }

    @Test
    void adjacentUnknownVariablesAreOneOpaqueValue() {
        LogFormat f = LogFormat.nginx("$remote_addr [$time_local] $scheme$request_uri $status");
        ParsedLine p = TestLines.parse(f, "10.0.0.1 [31/Jan/2025:03:07:33 +0900] https/index.html 200");
        assertThat(p.rejectReason()).isNull();
        assertThat(p.status()).isEqualTo(200);
    }

    @Test
    void userFacingErrors() {
        assertThatThrownBy(() -> LogFormat.resolve("combind"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown log format \"combind\"")
                .hasMessageContaining("combined, common, main, apache-combined, apache-common, vhost_combined");
        assertThatThrownBy(() -> LogFormat.resolve(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("No log format given");
        assertThatThrownBy(() -> LogFormat.resolve(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogFormat.nginx(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> LogFormat.resolve("[$time_local] \"$request\" $status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no client address").hasMessageContaining("$remote_addr");
        assertThatThrownBy(() -> LogFormat.resolve("$remote_addr \"$request\" $status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no request time").hasMessageContaining("$time_local");
        assertThatThrownBy(() -> LogFormat.resolve("%h \"%r\" %>s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no request time").hasMessageContaining("%t");
        assertThatThrownBy(() -> LogFormat.resolve("%t \"%r\""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%h");
        assertThatThrownBy(() -> LogFormat.nginx("$remote_addr [$time_local] $status$body_bytes_sent"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$status and $body_bytes_sent are not separated");
        assertThatThrownBy(() -> LogFormat.nginx("$remote_addr [$time_local] ${status"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never closed");
        assertThatThrownBy(() -> LogFormat.nginx("$remote_addr [$time_local] $ $status"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not followed by a variable name");
        assertThatThrownBy(() -> LogFormat.apache("%h %t %Z"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown directive \"%Z\"");
        assertThatThrownBy(() -> LogFormat.apache("%h %t %"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends in the middle");
        assertThatThrownBy(() -> LogFormat.apache("%h %t %{Referer"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never closed");
        assertThatThrownBy(() -> LogFormat.apache("%h %t %i"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a header name");
        assertThatThrownBy(() -> LogFormat.apache("%h %t %{min}T"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be s, ms or us");
    }

    @Test
    void survivesJavaSerializationAsFlinkDoes() throws Exception {
        LogFormat original = LogFormat.resolve("$remote_addr - [$time_local] \"$request\" $status \"$http_user_agent\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(original);
        }
        LogFormat copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (LogFormat) in.readObject();
        }
        assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
        assertThat(copy.name()).isEqualTo(original.name());
        byte[] line = "10.0.0.1 - [31/Jan/2025:03:07:33 +0900] \"GET /x HTTP/1.1\" 200 \"curl\"".getBytes(StandardCharsets.UTF_8);
        ParsedLine out = new ParsedLine();
        assertThat(new LineParser(copy).parse(line, 0, line.length, out)).isTrue();
        assertThat(out.text(Field.PATH)).isEqualTo("/x");
        assertThat(out.text(Field.USER_AGENT)).isEqualTo("curl");
    }
}
