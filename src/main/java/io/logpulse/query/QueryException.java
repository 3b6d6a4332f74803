package io.logpulse.query;

/** A question that has no answer in the data (an empty database, an unknown source). For users. */
public final class QueryException extends RuntimeException {

    public QueryException(String message) {
        super(message);
    }
}
