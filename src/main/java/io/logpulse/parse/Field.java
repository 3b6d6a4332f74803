package io.logpulse.parse;

/**
 * A value an access-log line may carry. {@link #METHOD}, {@link #PATH} and {@link #PROTOCOL} are not
 * written by servers as such; they are split out of {@link #REQUEST} when asked for.
 */
public enum Field {
    REMOTE_ADDR,
    REMOTE_USER,
    TIME,
    REQUEST,
    METHOD,
    PATH,
    PROTOCOL,
    STATUS,
    BODY_BYTES,
    BYTES_SENT,
    REFERER,
    USER_AGENT,
    X_FORWARDED_FOR,
    REQUEST_TIME,
    UPSTREAM_ADDR,
    UPSTREAM_STATUS,
    UPSTREAM_RESPONSE_TIME,
    HOST;

    boolean derivedFromRequest() {
        return this == METHOD || this == PATH || this == PROTOCOL;
    }
}
