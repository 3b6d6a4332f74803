package io.logpulse.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.parse.LineParser;
import io.logpulse.parse.ParsedLine;
import java.nio.charset.StandardCharsets;

/** Lines a test wrote to be accepted, parsed as the encoder receives them. */
final class AcceptedLines {
    private AcceptedLines() {
    }

    static ParsedLine parse(LineParser parser, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        var parsed = new ParsedLine();
        assertThat(parser.parse(b, 0, b.length, parsed)).as(line).isTrue();
        return parsed;
    }
}
