package io.logpulse.discover.docker;

import java.util.List;

/**
 * What logpulse makes of one container: the access logs it can follow, or why it cannot, and the
 * warnings worth a user's attention. {@code logpulse containers} prints it; {@code run --docker}
 * follows its logs.
 *
 * @param logs the access log files on this host, each with the format its lines are read in
 * @param reason why nothing is followed (state {@link State#NOT_FOLLOWABLE} or {@link State#WAITING}); null otherwise
 * @param warnings things that are probably not what the user wants, with what to do
 */
public record ContainerReport(ContainerInfo container, State state, List<Log> logs, String reason,
        List<String> warnings) {

    public enum State {
        /** Running, and its access log is read as it grows. */
        FOLLOWING("following"),
        /** Running with a log directory mounted, but no access log in it yet. */
        WAITING("waiting"),
        /** Its logs cannot be read from this host; {@link #reason()} says why and what to do. */
        NOT_FOLLOWABLE("not followable"),
        /** Not running: whatever its log holds has been read; it is followed again when it starts. */
        STOPPED("stopped");

        private final String word;

        State(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** One access log file: its path on this host and its format. */
    public record Log(String path, String format) {
    }

    public ContainerReport {
        logs = List.copyOf(logs);
        warnings = List.copyOf(warnings);
    }

    /** The state with its reason, as one cell: {@code not followable: no bind mount over /var/log/nginx ...}. */
    public String describe() {
        return reason == null ? state.word() : state.word() + ": " + reason;
    }
}
