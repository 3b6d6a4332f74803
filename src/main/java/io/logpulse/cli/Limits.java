package io.logpulse.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code --limit} of the query commands: a usage error below 1. */
final class Limits {

    private Limits() {
    }

    static void check(CommandSpec command, int limit) {
        if (limit < 1) {
            throw new ParameterException(command.commandLine(), "--limit must be at least 1");
        }
    }
}
