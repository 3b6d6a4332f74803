package io.logpulse.parse;

import static io.logpulse.parse.TestLines.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RejectReasonTest {
    private static final LogFormat COMBINED = LogFormat.resolve("combined");
    private static final LogFormat COMMON = LogFormat.resolve("common");
    private static final String GOOD = "192.0.2.1 - - [31/Jan/2025:03:07:33 +0900] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/8.5.0\"";

    private static RejectReason reason(LogFormat format, String line) {
        return parse(format, line).rejectReason();
    }

    @Test
    void labelsAreStable() {
        assertThat(Arrays.stream(RejectReason.values()).map(RejectReason::label)).containsExactly(
                "empty-line", "missing-field", "bad-address", "bad-timestamp", "bad-status", "bad-number",
                "trailing-data", "binary", "too-long");
    }

    @Test
    void theGoodLineIsGood() {
        assertThat(reason(COMBINED, GOOD)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\r", "   \t \r", "\t"})
    void emptyLines(String line) {
        assertThat(reason(COMBINED, line)).isEqualTo(RejectReason.EMPTY_LINE);
    }

    @Test
    void nulByteAnywhereIsBinary() {
        assertThat(reason(COMBINED, GOOD.replace("curl", "cu\0rl"))).isEqualTo(RejectReason.BINARY);
        assertThat(reason(COMBINED, "\0")).isEqualTo(RejectReason.BINARY);
        // Log rotation with copytruncate leaves runs of NULs where a line should start.
        assertThat(reason(COMBINED, "\0\0\0\0" + GOOD)).isEqualTo(RejectReason.BINARY);
    }

    @Test
    void overlongLinesAreRejectedWithoutReadingThem() {
        byte[] huge = new byte[LineParser.MAX_LINE_BYTES + 1];
        Arrays.fill(huge, (byte) 0); // would be BINARY if it were scanned
        assertThat(parse(COMBINED, huge).rejectReason()).isEqualTo(RejectReason.TOO_LONG);

        byte[] good = GOOD.getBytes(StandardCharsets.US_ASCII);
        byte[] padded = Arrays.copyOf(good, LineParser.MAX_LINE_BYTES);
        Arrays.fill(padded, good.length, padded.length, (byte) ' ');
        assertThat(parse(COMBINED, padded).rejectReason()).as("exactly the limit is allowed").isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "192.0.2.1 - - [31/Jan/2025:03:07:33 +0900] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/8.5.0",
        "192.0.2.1 - - [31/Jan/2025:03:07:33 +0900] \"GET / HTTP/1.1\" 200 615 \"-\"",
        "192.0.2.1 - - [31/Jan/2025:03:07:33 +0900] \"GET / HTTP/1.1\" 200",
        "192.0.2.1 - - [31/Jan/2025:03:07:33 +0900] \"GET / HTTP/1.1",
        "192.0.2.1 - - [31/Jan/2025:03:07:33 +0900",
        "192.0.2.1",
        "hello world",
        "192.0.2.1 - - 31/Jan/2025:03:07:33 +0900 \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/8.5.0\"",
    })
    void truncatedOrMisshapenLinesMissAField(String line) {
        assertThat(reason(COMBINED, line)).isEqualTo(RejectReason.MISSING_FIELD);
    }

    @Test
    void literalBeforeTheFirstVariableMustMatch() {
        LogFormat f = LogFormat.nginx("[$time_local] $remote_addr");
        assertThat(reason(f, "[31/Jan/2025:03:07:33 +0900] 10.0.0.1")).isNull();
        assertThat(reason(f, "31/Jan/2025:03:07:33 +0900] 10.0.0.1")).isEqualTo(RejectReason.MISSING_FIELD);
    }

    @Test
    void badAddresses() {
        assertThat(reason(COMBINED, GOOD.replace("192.0.2.1", "192.0.\u00e9.1"))).isEqualTo(RejectReason.BAD_ADDRESS);
        assertThat(reason(COMBINED, GOOD.replace("192.0.2.1", "192.0.\u0001.1"))).isEqualTo(RejectReason.BAD_ADDRESS);
        assertThat(reason(COMBINED, GOOD.replace("192.0.2.1", "192.0\t2.1"))).isEqualTo(RejectReason.BAD_ADDRESS);
        assertThat(reason(COMBINED, GOOD.replace("192.0.2.1", ""))).isEqualTo(RejectReason.BAD_ADDRESS);
        assertThat(reason(COMBINED, GOOD.replace("192.0.2.1", "\u007f"))).isEqualTo(RejectReason.BAD_ADDRESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "29/Feb/2025:03:07:33 +0900", "31/Apr/2025:03:07:33 +0900", "00/Jan/2025:03:07:33 +0900",
        "32/Jan/2025:03:07:33 +0900", "31/Jan/2025:24:07:33 +0900", "31/Jan/2025:03:60:33 +0900",
        "31/Jan/2025:03:07:61 +0900", "31/jan/2025:03:07:33 +0900", "31/Foo/2025:03:07:33 +0900",
        "31/Jan/2025:03:07:33 +1900", "31/Jan/2025:03:07:33 +0960", "31/Jan/2025:03:07:33 0900",
        "31/Jan/2025:03:07:33 *0900", "31/Jan/2025:03:07:33", "31/Jan/2025 03:07:33 +0900",
        "1/Jan/2025:03:07:33 +0900", "31/Jan/2025:03:07:33  +0900", "3a/Jan/2025:03:07:33 +0900",
        "31/Jan/20x5:03:07:33 +0900", "-", "",
    })
    void badTimestamps(String time) {
        assertThat(reason(COMBINED, GOOD.replace("31/Jan/2025:03:07:33 +0900", time))).isEqualTo(RejectReason.BAD_TIMESTAMP);
    }

    @Test
    void badSecondsAreRejectedAlsoWhenTheMinuteIsCached() {
        LineParser parser = new LineParser(COMBINED);
        ParsedLine out = new ParsedLine();
        byte[] first = GOOD.getBytes(StandardCharsets.US_ASCII);
        assertThat(parser.parse(first, 0, first.length, out)).isTrue();
        for (String seconds : new String[] {"61", "6x", "-1", "99"}) {
            byte[] next = GOOD.replace(":33 +0900", ":" + seconds + " +0900").getBytes(StandardCharsets.US_ASCII);
            assertThat(parser.parse(next, 0, next.length, out)).isFalse();
            assertThat(out.rejectReason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
        }
        byte[] leap = GOOD.replace(":33 +0900", ":60 +0900").getBytes(StandardCharsets.US_ASCII);
        assertThat(parser.parse(leap, 0, leap.length, out)).isTrue();
        assertThat(out.epochMillis()).as("leap second read as :59").isEqualTo(TestLines.millis(2025, 1, 31, 3, 7, 59, 9));
    }

    @Test
    void badIsoTimestamps() {
        LogFormat f = LogFormat.nginx("$remote_addr $time_iso8601");
        assertThat(reason(f, "10.0.0.1 2025-01-31T03:07:33+09:00")).isNull();
        for (String bad : new String[] {"2025-01-31T03:07:33", "2025-02-30T03:07:33+09:00", "2025-01-31T03:07:33+9:00",
            "2025-01-31T03:07:33.+09:00", "2025/01/31T03:07:33+09:00", "2025-01-31T03:07:33+09:00x", "-"}) {
            assertThat(reason(f, "10.0.0.1 " + bad)).as(bad).isEqualTo(RejectReason.BAD_TIMESTAMP);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"20", "2000", "-", "2x0", "OK", "+20", " 200"})
    void badStatus(String status) {
        assertThat(reason(COMBINED, GOOD.replace(" 200 ", " " + status + " "))).isEqualTo(RejectReason.BAD_STATUS);
    }

    @Test
    void anyThreeDigitsAreAStatus() {
        assertThat(parse(COMBINED, GOOD.replace(" 200 ", " 000 ")).status()).isZero();
        assertThat(parse(COMBINED, GOOD.replace(" 200 ", " 499 ")).status()).isEqualTo(499);
        assertThat(parse(COMBINED, GOOD.replace(" 200 ", " 999 ")).status()).isEqualTo(999);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12a", "-1", "1.5", "--", "", "0x10", "9223372036854775808", "99999999999999999999"})
    void badByteCounts(String bytes) {
        assertThat(reason(COMBINED, GOOD.replace(" 615 ", " " + bytes + " "))).isEqualTo(RejectReason.BAD_NUMBER);
    }

    @Test
    void largestByteCountFits() {
        assertThat(parse(COMBINED, GOOD.replace(" 615 ", " 9223372036854775807 ")).bodyBytes()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void trailingData() {
        assertThat(reason(COMBINED, GOOD + " extra")).isEqualTo(RejectReason.TRAILING_DATA);
        assertThat(reason(COMBINED, GOOD + "x")).isEqualTo(RejectReason.TRAILING_DATA);
        // A "main" line read as "combined": the format was chosen wrongly, not the line is damaged.
        assertThat(reason(COMBINED, GOOD + " \"203.0.113.7\"")).isEqualTo(RejectReason.TRAILING_DATA);
        // A combined line read as "common": the byte count ends at the space, the rest is trailing.
        assertThat(reason(COMMON, GOOD)).isEqualTo(RejectReason.TRAILING_DATA);
        assertThat(reason(COMMON, GOOD.substring(0, GOOD.indexOf(" \"-\"")))).isNull();
    }

    @Test
    void firstProblemFromTheLeftWins() {
        assertThat(reason(COMBINED, GOOD.replace("192.0.2.1", "192.0.\u00e9.1").replace(" 200 ", " 2000 ")))
                .isEqualTo(RejectReason.BAD_ADDRESS);
        assertThat(reason(COMBINED, GOOD.replace(" 200 ", " 2000 ").replace(" 615 ", " x ")))
                .isEqualTo(RejectReason.BAD_STATUS);
    }

    @Test
    void aRejectedLineDoesNotLeakValuesIntoTheNextParse() {
        LineParser parser = new LineParser(COMBINED);
        ParsedLine out = new ParsedLine();
        byte[] good = GOOD.getBytes(StandardCharsets.US_ASCII);
        byte[] bad = "garbage".getBytes(StandardCharsets.US_ASCII);
        assertThat(parser.parse(good, 0, good.length, out)).isTrue();
        assertThat(parser.parse(bad, 0, bad.length, out)).isFalse();
        assertThat(out.rejectReason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(out.start(Field.USER_AGENT)).isEqualTo(-1);
        assertThat(out.text(Field.METHOD)).isNull();
        assertThat(parser.parse(good, 0, good.length, out)).isTrue();
        assertThat(out.rejectReason()).isNull();
        assertThat(out.text(Field.METHOD)).isEqualTo("GET");
    }
}
