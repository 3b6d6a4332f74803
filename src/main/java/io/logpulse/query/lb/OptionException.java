package io.logpulse.query.lb;

/**
 * An option that does not fit the data it is used on (a {@code --by} that is not a whole number of the
 * store's windows, a {@code --proxy-format} without {@code $upstream_addr}): a usage error, exit code 2.
 */
public final class OptionException extends RuntimeException {

    public OptionException(String message) {
        super(message);
    }
}
