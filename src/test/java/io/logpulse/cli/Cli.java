package io.logpulse.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process, as {@code logpulse ARGS...} would, and keeps what it printed. */
final class Cli {

    record Result(int exit, String out, String err) {
        /** stderr's non-empty lines. */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(Object... args) {
        List<String> strings = new ArrayList<>();
        for (Object arg : args) {
            strings.add(arg instanceof Path p ? p.toString() : String.valueOf(arg));
        }
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Main.execute(strings.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }
}
