package io.logpulse.store;

/** The database cannot be used: locked, corrupt, unwritable. The message is for users. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
