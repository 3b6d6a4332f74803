package io.logpulse.cli;

/** A failure the user can fix (a missing file, a wrong database): one line, exit code 1, no trace. */
public final class UserException extends RuntimeException {

    public UserException(String message) {
        super(message);
    }
}
