package io.logpulse.serve;

/** A request the dashboard cannot answer: sent as {@code {"error": message}} with this HTTP status. */
final class ApiException extends RuntimeException {

    static final int BAD_REQUEST = 400;
    static final int NOT_FOUND = 404;

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
