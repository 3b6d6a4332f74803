package io.logpulse.parse;

import java.time.Instant;
import java.util.Arrays;

/**
 * The result of {@link LineParser#parse}: byte ranges into the caller's buffer plus the few values
 * aggregation needs as numbers. Mutable and reused; valid until the next parse into it. After a rejected
 * parse, only {@link #rejectReason()} is meaningful.
 */
public final class ParsedLine {
    private static final int FIELDS = Field.values().length;
    private static final int REQUEST = Field.REQUEST.ordinal();
    private static final int REQUEST_TIME = Field.REQUEST_TIME.ordinal();
    private static final int BODY_BYTES = Field.BODY_BYTES.ordinal();

    /**
     * What {@link #reset} copies over the field bounds: every line starts with none. Arrays.fill was
     * 3% of an ingest's CPU (JFR): C1, which compiles the ingest, makes no intrinsic of it, and copies
     * with one.
     */
    private static final int[] ABSENT = new int[FIELDS];

    static {
        Arrays.fill(ABSENT, -1);
    }

    private final int[] starts = new int[FIELDS];
    private final int[] ends = new int[FIELDS];
    private byte[] buffer;
    private RejectReason rejectReason;
    private long epochMillis;
    private int utcOffsetSeconds;
    private int status;
    private long bodyBytes;
    private long bytesSent;
    private int requestTimeUnitMicros;
    private boolean requestSplit;

    public ParsedLine() {
        reset(null);
    }

    /** Null when the line was accepted as a request. */
    public RejectReason rejectReason() {
        return rejectReason;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int addressStart() {
        return starts[Field.REMOTE_ADDR.ordinal()];
    }

    public int addressEnd() {
        return ends[Field.REMOTE_ADDR.ordinal()];
    }

    /** The instant of the request. */
    public long epochMillis() {
        return epochMillis;
    }

    /** The offset the server wrote ({@code +0900} is 32400). */
    public int utcOffsetSeconds() {
        return utcOffsetSeconds;
    }

    public int status() {
        return status;
    }

    /**
     * Response body size ({@code $body_bytes_sent}, {@code %b}, {@code %B}; "-" is 0), or the whole
     * response size ({@code $bytes_sent}, {@code %O}) when the format has no body size; 0 when it has neither.
     */
    public long bodyBytes() {
        return starts[BODY_BYTES] >= 0 ? bodyBytes : bytesSent;
    }

    /**
     * The request duration in microseconds, whatever unit the format wrote it in (nginx {@code $request_time}
     * in seconds with millisecond resolution, Apache {@code %D} in microseconds, {@code %T} in seconds,
     * {@code %{ms}T}); -1 when the format has none or the value is "-" or not a number.
     */
    public long requestTimeMicros() {
        int s = starts[REQUEST_TIME];
        return s < 0 ? -1 : durationMicros(buffer, s, ends[REQUEST_TIME], requestTimeUnitMicros);
    }

    /** The client address, decoded (allocates). */
    public String address() {
        return text(Field.REMOTE_ADDR);
    }

    /**
     * The value of {@code f} with the server's escaping undone and read as UTF-8 (allocates); null if the
     * format or this line does not carry it, or it is "-".
     */
    public String text(Field f) {
        int s = start(f);
        if (s < 0) {
            return null;
        }
        int e = ends[f.ordinal()];
        if (e - s == 1 && buffer[s] == '-') {
            return null;
        }
        return Unescape.decode(buffer, s, e);
    }

    /** Start of the raw bytes of {@code f} in {@link #buffer()}, -1 if absent. */
    public int start(Field f) {
        if (f.derivedFromRequest()) {
            splitRequest();
        }
        return starts[f.ordinal()];
    }

    /** End (exclusive) of the raw bytes of {@code f} in {@link #buffer()}, -1 if absent. */
    public int end(Field f) {
        if (f.derivedFromRequest()) {
            splitRequest();
        }
        return ends[f.ordinal()];
    }

    private void splitRequest() {
        if (!requestSplit) {
            requestSplit = true;
            if (starts[REQUEST] >= 0) {
                RequestLine.split(buffer, starts[REQUEST], ends[REQUEST], starts, ends);
            }
        }
    }

    void reset(byte[] buffer) {
        this.buffer = buffer;
        System.arraycopy(ABSENT, 0, starts, 0, FIELDS);
        System.arraycopy(ABSENT, 0, ends, 0, FIELDS);
        rejectReason = null;
        epochMillis = Long.MIN_VALUE;
        utcOffsetSeconds = 0;
        status = 0;
        bodyBytes = 0;
        bytesSent = 0;
        requestTimeUnitMicros = 0;
        requestSplit = false;
    }

    boolean reject(RejectReason reason) {
        rejectReason = reason;
        return false;
    }

    void range(Field f, int s, int e) {
        starts[f.ordinal()] = s;
        ends[f.ordinal()] = e;
    }

    void time(long epochMillis, int utcOffsetSeconds) {
        this.epochMillis = epochMillis;
        this.utcOffsetSeconds = utcOffsetSeconds;
    }

    void status(int status) {
        this.status = status;
    }

    void bodyBytes(long bodyBytes) {
        this.bodyBytes = bodyBytes;
    }

    void bytesSent(long bytesSent) {
        this.bytesSent = bytesSent;
    }

    void requestTimeUnitMicros(int unit) {
        this.requestTimeUnitMicros = unit;
    }

    /** {@code 12}, {@code 0.125} or {@code 1.5} in {@code unitMicros} units to microseconds; -1 if not a number. */
    static long durationMicros(byte[] b, int s, int e, long unitMicros) {
        int i = s;
        long micros = 0;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            if (i - s >= 12) {
                return -1;
            }
            micros = micros * 10 + (b[i++] - '0');
        }
        if (i == s) {
            return -1;
        }
        micros *= unitMicros;
        if (i < e && b[i] == '.') {
            i++;
            for (long scale = unitMicros / 10; i < e && b[i] >= '0' && b[i] <= '9'; i++, scale /= 10) {
                micros += (b[i] - '0') * scale;
            }
        }
        return i == e ? micros : -1;
    }

    @Override
    public String toString() {
        if (rejectReason != null) {
            return "ParsedLine[rejected: " + rejectReason.label() + "]";
        }
        if (buffer == null) {
            return "ParsedLine[empty]";
        }
        return "ParsedLine[" + address() + " " + Instant.ofEpochMilli(epochMillis) + " \"" + text(Field.REQUEST)
                + "\" " + status + " " + bodyBytes() + "]";
    }
}
