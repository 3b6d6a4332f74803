package io.logpulse.parse;

/** Why a line was not counted as a request. Labels are stored in the database: never rename them. */
public enum RejectReason {
    EMPTY_LINE("empty-line"),
    MISSING_FIELD("missing-field"),
    BAD_ADDRESS("bad-address"),
    BAD_TIMESTAMP("bad-timestamp"),
    BAD_STATUS("bad-status"),
    BAD_NUMBER("bad-number"),
    TRAILING_DATA("trailing-data"),
    BINARY("binary"),
    TOO_LONG("too-long");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
