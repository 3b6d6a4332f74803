package io.logpulse.parse;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Parses lines the way the pipeline does: one line inside a larger buffer holding its neighbours. */
final class TestLines {
    private TestLines() {}

    private static final byte[] BEFORE = "previous line ends here\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AFTER = "\nnext 1.2.3.4 line".getBytes(StandardCharsets.UTF_8);

    static ParsedLine parse(LogFormat format, String line) {
        return parse(format, line.getBytes(StandardCharsets.UTF_8));
    }

    static ParsedLine parse(LogFormat format, byte[] line) {
        byte[] buf = new byte[BEFORE.length + line.length + AFTER.length];
        System.arraycopy(BEFORE, 0, buf, 0, BEFORE.length);
        System.arraycopy(line, 0, buf, BEFORE.length, line.length);
        System.arraycopy(AFTER, 0, buf, BEFORE.length + line.length, AFTER.length);
        ParsedLine out = new ParsedLine();
        boolean accepted = new LineParser(format).parse(buf, BEFORE.length, BEFORE.length + line.length, out);
        if (accepted != (out.rejectReason() == null)) {
            throw new AssertionError("parse() returned " + accepted + " but rejectReason is " + out.rejectReason());
        }
        return out;
    }

    /** The raw bytes of a field as they are in the buffer, or null if absent. */
    static String raw(ParsedLine line, Field f) {
        int s = line.start(f);
        return s < 0 ? null : new String(line.buffer(), s, line.end(f) - s, StandardCharsets.UTF_8);
    }

    static long millis(int year, int month, int day, int hour, int minute, int second, int offsetHours) {
        return OffsetDateTime.of(year, month, day, hour, minute, second, 0, ZoneOffset.ofHours(offsetHours))
                .toInstant().toEpochMilli();
    }
}
