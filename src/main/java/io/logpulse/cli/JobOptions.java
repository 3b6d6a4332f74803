package io.logpulse.cli;

import io.logpulse.parse.FormatDetector;
import io.logpulse.pipeline.JobSpec;
import io.logpulse.parse.LogFormat;
import io.logpulse.store.Database;
import java.time.Duration;
import java.util.Iterator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How a job reads and counts, shared by {@code ingest} and {@code run}: they run the same job. */
public final class JobOptions {

    @Option(names = {"-f", "--format"}, paramLabel = "F", defaultValue = FormatDetector.AUTO,
            description = "Log format: auto (recognised per file from its first lines), a name "
                    + "(${COMPLETION-CANDIDATES}), an nginx log_format string or an Apache LogFormat string "
                    + "(default: ${DEFAULT-VALUE}).",
            completionCandidates = FormatNames.class)
    String format;

    @Option(names = "--source", paramLabel = "NAME",
            description = "Source label for every file (default: each file's directory name, lb01/access.log -> lb01).")
    String source;

    @Option(names = "--window", paramLabel = "DURATION", converter = Converters.Length.class,
            description = "Window size of a new database, e.g. 30s, 1m, 5m (default: the database's, or 1m).")
    Duration window;

    @Option(names = "--out-of-order", paramLabel = "DURATION", converter = Converters.Length.class,
            defaultValue = "30s", description = "How late a line may be written and still count (default: ${DEFAULT-VALUE}).")
    Duration outOfOrderness;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "0",
            description = "Readers and aggregators (default: one per core).")
    int parallelism;

    @Option(names = "--keep", paramLabel = "DURATION", converter = Converters.Length.class, defaultValue = "7d",
            description = "How long the request store keeps requests, counted back from the newest stored one "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration keep;

    @Option(names = "--no-request-store", negatable = false,
            description = "Keep only the per-window counts: no per-request drill-down (ip, requests, top --by path...).")
    boolean noRequestStore;

    JobSpec.RequestStore requestStore() {
        return noRequestStore ? JobSpec.RequestStore.OFF : new JobSpec.RequestStore(true, keep);
    }

    /** A format that does not compile is a usage error, found before anything is read or written. */
    void checkFormat(CommandSpec command) {
        try {
            if (!FormatDetector.isAuto(format)) {
                LogFormat.resolve(format);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--format: " + e.getMessage());
        }
    }

    /** The database's window size; a new database takes --window or the default. */
    Duration windowOf(Database db, CommandSpec command) {
        return WindowSetting.agree(db, window, command);
    }

    /** The named formats, for --help. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return LogFormat.namedFormats().iterator();
        }
    }
}
