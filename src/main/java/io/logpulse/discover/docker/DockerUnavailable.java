package io.logpulse.discover.docker;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The Docker daemon cannot be used, with one line that says why and what to do: the message users
 * see from {@code logpulse containers} and in the log of {@code run --docker}.
 */
public final class DockerUnavailable extends RuntimeException {

    /** Why, in the terms a user acts on. */
    public enum Reason {
        /** Nothing answers at DOCKER_HOST: the daemon is not running, or DOCKER_HOST is wrong. */
        UNREACHABLE,
        /** The socket is there but this user may not open it. */
        PERMISSION_DENIED,
        /** Something answers, but not as a Docker daemon logpulse can use. */
        UNUSABLE
    }

    private final Reason reason;

    DockerUnavailable(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Turns what docker-java threw while talking to {@code endpoint} into the user's one line. */
    static DockerUnavailable of(DockerEndpoint endpoint, Throwable error) {
        if (error instanceof DockerUnavailable unavailable) {
            return unavailable;
        }
        String detail = detail(error);
        String lower = detail.toLowerCase(Locale.ROOT);
        if (lower.contains("permission denied") || lower.contains("[13]") || lower.contains("eacces")) {
            String socket = endpoint.unixSocket() ? endpoint.socketPath() : endpoint.host();
            return new DockerUnavailable(Reason.PERMISSION_DENIED, "permission denied on the Docker socket " + socket
                    + ": add your user to the docker group (sudo usermod -aG docker $USER, then log in again), "
                    + "or run logpulse as a user who may use Docker", error);
        }
        if (unreachable(error, lower)) {
            String hint = endpoint.unixSocket()
                    ? "is Docker running? Start it (sudo systemctl start docker), or point DOCKER_HOST at its socket"
                    : "is Docker listening there? Check DOCKER_HOST";
            return new DockerUnavailable(Reason.UNREACHABLE, "cannot reach the Docker daemon at " + endpoint.host()
                    + " (" + detail + "): " + hint, error);
        }
        return new DockerUnavailable(Reason.UNUSABLE, "the Docker daemon at " + endpoint.host()
                + " did not answer as expected: " + detail, error);
    }

    private static boolean unreachable(Throwable error, String lower) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof SocketTimeoutException
                    || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return lower.contains("no such file") || lower.contains("connection refused") || lower.contains("[2]")
                || lower.contains("[111]") || lower.contains("connection reset") || lower.contains("broken pipe")
                || lower.contains("end of stream") || lower.contains("timed out") || lower.contains("closed");
    }

    /** The innermost message: what the operating system said. */
    private static String detail(Throwable error) {
        Throwable root = error;
        String message = error.getMessage();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        // "java.io.IOException: com.sun.jna.LastErrorException: [13] Permission denied" → its last part
        int colon = message.lastIndexOf("Exception: ");
        return (colon >= 0 ? message.substring(colon + "Exception: ".length()) : message).strip();
    }
}
