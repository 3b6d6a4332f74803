package io.logpulse.live;

import io.logpulse.testing.ChildProcess;
import io.logpulse.testing.ChildProcess.Output;
import io.logpulse.testing.LogpulseJar;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The live tests' command lines: a private copy of the built jar, with the JVM options a failure may ask for. */
final class Logpulse {

    private static final AtomicInteger COMMANDS = new AtomicInteger();

    private Logpulse() {
    }

    static List<String> command(List<String> args) {
        return command(List.of(), args);
    }

    static List<String> command(List<String> jvmOptions, List<String> args) {
        var options = new ArrayList<>(jvmOptions);
        // For debugging a failure: -Dlive.child.jvmArgs='-Dlog4j2.configurationFile=/tmp/debug-log4j2.xml'
        String extra = System.getProperty("live.child.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return LogpulseJar.privateCopy().command(options, args);
    }

    /** Runs a short command (such as {@code top}) to its end; a failed test prints the stderr it left in {@code dir}. */
    static ChildProcess.Result execute(Path dir, Duration timeout, String... args) throws IOException, InterruptedException {
        Output output = Output.in(dir, "cmd-" + COMMANDS.incrementAndGet() + "-" + args[0]);
        LiveLogs.register(output.stderr());
        return ChildProcess.run(command(List.of(args)), dir, Map.of(), output, timeout);
    }
}
