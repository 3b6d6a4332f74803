package io.logpulse.cli;

import io.logpulse.query.QueryException;
import io.logpulse.store.StoreException;
import io.logpulse.store.WarmUp;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code logpulse}: the command line. Exit codes: 0 ok, 1 the work failed, 2 a usage error. */
@Command(name = "logpulse", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Turns nginx and Apache access logs into live, queryable traffic numbers.%n"
                + "Parse, window and count in Apache Flink; keep the answers in an H2 file.",
        footer = {"%nExamples:",
                "  logpulse ingest ~/nginx-log/access.log",
                "  logpulse top --from 2025-01-31T03:07:33+09:00 --to 2025-01-31T05:07:33+09:00",
                "  logpulse top --from '31/Jan/2025:03:07:33 +0900' --limit 20 --output csv",
                "  logpulse ip 203.0.113.7          # what did this client do?",
                "  logpulse timeline --status 5xx   # when did the errors start?",
                "  logpulse serve                   # a dashboard at http://127.0.0.1:8080/"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** In the order `--help` lists them. */
    private static final List<Class<?>> COMMANDS = List.of(IngestCommand.class, RunCommand.class, TopCommand.class,
            IpCommand.class, TimelineCommand.class, SpikesCommand.class, RequestsCommand.class, CompareCommand.class,
            LbCommand.class, ContainersCommand.class, BenchCommand.class, ServeCommand.class, CommandLine.HelpCommand.class);

    /** Commands that answer from the store and exit: they report through their output and exit code. */
    private static final Set<String> QUERIES = Set.of("top", "ip", "timeline", "spikes", "requests", "compare", "lb");

    public static void main(String[] args) {
        if (args.length > 0 && QUERIES.contains(args[0]) && System.getenv("LOGPULSE_DEBUG") == null) {
            // Starting the logging backend costs a query ~1,000 classes and 0.5 s of its ~3 s (measured
            // with -Xlog:class+load), for logs it does not write: JDBI and H2 log to the no-op provider.
            System.setProperty("slf4j.internal.verbosity", "WARN");
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            WarmUp.start();
        }
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line and returns its exit code; for tests as much as for {@link #main}. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        var commandLine = new CommandLine(new Main());
        addCommands(commandLine, args.length > 0 ? args[0] : "");
        commandLine.setOut(out);
        commandLine.setErr(err);
        // mixinStandardHelpOptions gives every subcommand --version, but only the root its text.
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new Version()));
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("logpulse: " + userMessage(e));
            if (!(e instanceof UserException || e instanceof StoreException || e instanceof QueryException)
                    && System.getenv("LOGPULSE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine.execute(args);
    }

    /**
     * Only the command named first when there is one: picocli builds a command's model by reflection
     * over its options and their types, and building all of them cost each query ~0.1 s of its start
     * (class-load log). Anything else (help, a typo, no command) gets them all, for the listing.
     */
    private static void addCommands(CommandLine root, String first) {
        List<Class<?>> named = COMMANDS.stream()
                .filter(command -> !command.equals(CommandLine.HelpCommand.class) && nameOf(command).equals(first)).toList();
        (named.isEmpty() ? COMMANDS : named).forEach(root::addSubcommand);
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static String userMessage(Throwable e) {
        if (e instanceof UserException || e instanceof StoreException || e instanceof QueryException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return "failed: " + detail + " (set LOGPULSE_DEBUG=1 for the stack trace)";
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }

    /** The version from the jar's manifest, as built by Maven. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"logpulse " + (version != null ? version : "(development build)")};
        }
    }
}
