package io.logpulse.cli;

import io.logpulse.query.Report;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --output table|csv|json}, shared by every command that prints a report. */
public final class OutputOption {

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    void print(Report report, CommandSpec command) {
        format.print(report, command.commandLine().getOut(), command.commandLine().getErr());
    }
}
