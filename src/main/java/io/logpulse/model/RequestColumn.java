package io.logpulse.model;

import io.logpulse.parse.Field;

/**
 * The columns of a request segment, in the order they are stored. Numbers are varints per row; text
 * columns are a dictionary of the segment's distinct values (as logged, escapes kept) and an entry
 * number per row, 0 meaning the line has no such value.
 */
public enum RequestColumn {
    /** Byte offset of the line in its file generation, as the distance from the previous line's. */
    OFFSET(null),
    /** Epoch milliseconds, as the signed difference from the previous row's. */
    TIME(null),
    /** The offset the server wrote, in seconds (zigzag: signed values near 0 take a byte). */
    UTC_OFFSET(null),
    STATUS(null),
    BYTES(null),
    /** Request duration in microseconds plus one; 0 when the format has none. */
    DURATION(null),
    ADDRESS(Field.REMOTE_ADDR),
    METHOD(Field.METHOD),
    /** The path, or the whole request when it is not an HTTP request line (a TLS handshake, say). */
    PATH(Field.PATH),
    PROTOCOL(Field.PROTOCOL),
    REFERER(Field.REFERER),
    USER_AGENT(Field.USER_AGENT),
    REMOTE_USER(Field.REMOTE_USER),
    FORWARDED_FOR(Field.X_FORWARDED_FOR),
    UPSTREAM(Field.UPSTREAM_ADDR),
    HOST(Field.HOST);

    private static final RequestColumn[] ALL = values();

    private final Field field;

    RequestColumn(Field field) {
        this.field = field;
    }

    /** The parsed field a text column holds; null for the numeric columns. */
    public Field field() {
        return field;
    }

    public boolean text() {
        return field != null;
    }

    static RequestColumn of(int ordinal) {
        return ALL[ordinal];
    }
}
