package io.logpulse.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --from} and {@code --to}, shared by every command that asks about a time range. */
public final class RangeOptions {

    @Option(names = "--from", paramLabel = "T", converter = Converters.Time.class,
            description = "Start, inclusive (default: the first stored window).")
    OffsetDateTime from;

    @Option(names = "--to", paramLabel = "T", converter = Converters.Time.class,
            description = "End, exclusive (default: the end of the last stored window).")
    OffsetDateTime to;

    /** A range that ends before it starts is a usage error, whatever the data. */
    void check(CommandSpec command) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ParameterException(command.commandLine(),
                    "the range is empty: --from " + from + " is not before --to " + to);
        }
    }

    Instant fromInstant() {
        return from == null ? null : from.toInstant();
    }

    Instant toInstant() {
        return to == null ? null : to.toInstant();
    }

    /** Answers are shown in the offset the user wrote, so they read in the user's own clock. */
    ZoneOffset shownIn() {
        return from != null ? from.getOffset() : to != null ? to.getOffset() : ZoneOffset.UTC;
    }
}
