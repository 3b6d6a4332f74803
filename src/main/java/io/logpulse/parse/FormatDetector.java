package io.logpulse.parse;

import java.util.List;
import java.util.Optional;

/**
 * Recognises a log's format from its first lines, as lnav does, so that users need not know that
 * the official nginx image writes {@code main} and Debian's apache2 {@code combined} with {@code %O}.
 * The most specific named format that reads nearly all the lines wins: {@code main} before
 * {@code combined} before {@code common}, since a line of a richer format is not a line of a poorer one.
 */
public final class FormatDetector {

    public static final String AUTO = "auto";
    static final List<String> CANDIDATES = List.of("main", "combined", "vhost_combined", "common");
    /** A real log has the odd broken line: a format that reads 9 lines in 10 is the log's format. */
    static final double ENOUGH = 0.9;

    private FormatDetector() {
    }

    public static boolean isAuto(String spec) {
        return spec != null && spec.strip().equalsIgnoreCase(AUTO);
    }

    /** The named format that reads at least {@value #ENOUGH} of the lines, if any. */
    public static Optional<String> detect(List<byte[]> lines) {
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        var parsed = new ParsedLine();
        for (String candidate : CANDIDATES) {
            var parser = new LineParser(LogFormat.resolve(candidate));
            long read = lines.stream().filter(line -> parser.parse(line, 0, line.length, parsed)).count();
            if (read >= ENOUGH * lines.size()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
