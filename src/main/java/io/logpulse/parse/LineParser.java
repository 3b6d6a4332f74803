package io.logpulse.parse;

import java.util.Objects;

/**
 * Parses single log lines of one {@link LogFormat} straight from bytes: no regex, no per-field
 * allocation, no exceptions for bad input. One per thread, reused for every line; not thread-safe.
 */
public final class LineParser {
    /** Longer lines are rejected as {@link RejectReason#TOO_LONG} without being read. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private final byte[] head;
    private final Piece.Variable[] vars;
    private final byte[][] after;
    private final TimeParser time = new TimeParser();

    public LineParser(LogFormat format) {
        Program program = Objects.requireNonNull(format, "format").program();
        this.head = program.head;
        this.vars = program.vars;
        this.after = program.after;
    }

    /**
     * Parses the line {@code buf[start, end)} (without its '\n'; a trailing '\r' is ignored) into {@code out}.
     *
     * @return true for a request; false for a rejected line, with {@link ParsedLine#rejectReason()} set
     */
    public boolean parse(byte[] buf, int start, int end, ParsedLine out) {
        Objects.checkFromToIndex(start, end, buf.length);
        return parse(buf, start, end, ByteSearch.indexOf(buf, start, end, (byte) 0) < end, out);
    }

    /**
     * Parses the line that starts at {@code buf[start]}, up to the first '\n' in [start, end) or to
     * {@code end}, into {@code out}, and returns where it ends; it is a request when
     * {@link ParsedLine#rejectReason()} is null. The line's end and any NUL byte in it are found in one
     * pass, as the first byte below 11 ('\n' is 10; a tab or another control byte before the end is
     * stepped over): a chunk's lines were read twice before their fields, for their end and for NUL
     * (perf: each pass ~4% of an ingest's CPU).
     */
    public int parseLine(byte[] buf, int start, int end, ParsedLine out) {
        Objects.checkFromToIndex(start, end, buf.length);
        boolean binary = false;
        int at = ByteSearch.indexOfBelow(buf, start, end, '\n' + 1);
        while (at < end && buf[at] != '\n') {
            binary |= buf[at] == 0;
            at = ByteSearch.indexOfBelow(buf, at + 1, end, '\n' + 1);
        }
        parse(buf, start, at, binary, out);
        return at;
    }

    private boolean parse(byte[] buf, int start, int end, boolean binary, ParsedLine out) {
        out.reset(buf);
        if (end - start > MAX_LINE_BYTES) {
            return out.reject(RejectReason.TOO_LONG);
        }
        if (binary) {
            return out.reject(RejectReason.BINARY);
        }
        int e = end;
        while (e > start && (buf[e - 1] == ' ' || buf[e - 1] == '\r')) {
            e--;
        }
        if (isBlank(buf, start, e)) {
            return out.reject(RejectReason.EMPTY_LINE);
        }
        if (!matches(buf, start, e, head)) {
            return out.reject(RejectReason.MISSING_FIELD);
        }
        int p = start + head.length;
        for (int i = 0; i < vars.length; i++) {
            Piece.Variable v = vars[i];
            byte[] literal = after[i];
            int valueEnd;
            if (literal.length == 0) {
                valueEnd = v.kind().word ? indexOfSpace(buf, p, e) : e;
            } else {
                valueEnd = v.quoted() ? findUnescaped(buf, p, e, literal) : find(buf, p, e, literal);
                if (valueEnd < 0) {
                    return out.reject(RejectReason.MISSING_FIELD);
                }
            }
            RejectReason bad = store(v, buf, p, valueEnd, out);
            if (bad != null) {
                return out.reject(bad);
            }
            p = valueEnd + literal.length;
        }
        return p == e || out.reject(RejectReason.TRAILING_DATA);
    }

    /** Checks one value and records it; returns why it is bad, or null. */
    private RejectReason store(Piece.Variable v, byte[] b, int s, int e, ParsedLine out) {
        Field field = v.field();
        switch (v.kind()) {
            case ADDRESS -> {
                if (!isPrintableWord(b, s, e)) {
                    return RejectReason.BAD_ADDRESS;
                }
            }
            case TIME_LOCAL, TIME_ISO -> {
                long millis = v.kind() == Kind.TIME_LOCAL ? time.parseLocal(b, s, e) : time.parseIso(b, s, e);
                if (millis == CivilTime.INVALID) {
                    return RejectReason.BAD_TIMESTAMP;
                }
                if (field != null) {
                    out.time(millis, time.offsetSeconds());
                }
            }
            case STATUS -> {
                int status = status(b, s, e);
                if (status < 0) {
                    return RejectReason.BAD_STATUS;
                }
                if (field != null) {
                    out.status(status);
                }
            }
            case BYTES -> {
                long count = byteCount(b, s, e);
                if (count < 0) {
                    return RejectReason.BAD_NUMBER;
                }
                if (field == Field.BODY_BYTES) {
                    out.bodyBytes(count);
                } else if (field == Field.BYTES_SENT) {
                    out.bytesSent(count);
                }
            }
            case DURATION -> {
                if (field != null) {
                    out.requestTimeUnitMicros(v.unitMicros());
                }
            }
            case WORD, TEXT -> { }
        }
        if (field != null) {
            out.range(field, s, e);
        }
        return null;
    }

    private static boolean isBlank(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Host names and IPv4/IPv6 addresses: printable ASCII without spaces. */
    private static boolean isPrintableWord(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            if (b[i] < 0x21 || b[i] > 0x7E) {
                return false;
            }
        }
        return s < e;
    }

    private static int status(byte[] b, int s, int e) {
        if (e - s != 3) {
            return -1;
        }
        int d0 = b[s] - '0';
        int d1 = b[s + 1] - '0';
        int d2 = b[s + 2] - '0';
        return (d0 | d1 | d2) < 0 || d0 > 9 || d1 > 9 || d2 > 9 ? -1 : d0 * 100 + d1 * 10 + d2;
    }

    /** Digits, or "-" for nothing sent; -1 if neither or it does not fit a long. */
    private static long byteCount(byte[] b, int s, int e) {
        if (e - s == 1 && b[s] == '-') {
            return 0;
        }
        if (s == e || e - s > 19) {
            return -1;
        }
        long n = 0;
        for (int i = s; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        // 19 digits stay below 2^64, so an overflow always shows as a negative value.
        return n < 0 ? -1 : n;
    }

    private static boolean matches(byte[] b, int at, int e, byte[] literal) {
        if (e - at < literal.length) {
            return false;
        }
        for (int k = 0; k < literal.length; k++) {
            if (b[at + k] != literal[k]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfSpace(byte[] b, int s, int e) {
        return ByteSearch.indexOf(b, s, e, (byte) ' ');
    }

    private static int find(byte[] b, int s, int e, byte[] literal) {
        byte first = literal[0];
        int last = e - literal.length;
        for (int i = ByteSearch.indexOf(b, s, e, first); i <= last; i = ByteSearch.indexOf(b, i + 1, e, first)) {
            if (matches(b, i, e, literal)) {
                return i;
            }
        }
        return -1;
    }

    /** Like {@link #find}, but a backslash hides the next byte: quoted values may contain {@code \"}. */
    private static int findUnescaped(byte[] b, int s, int e, byte[] literal) {
        byte first = literal[0];
        int last = e - literal.length;
        for (int i = ByteSearch.indexOfEither(b, s, e, (byte) '\\', first); i <= last;
                i = ByteSearch.indexOfEither(b, i, e, (byte) '\\', first)) {
            if (b[i] == '\\') {
                i += 2;
            } else if (matches(b, i, e, literal)) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }
}
