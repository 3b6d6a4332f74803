package io.logpulse.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tests' own reading of an access log, independent of io.logpulse.parse: lines are the bytes
 * between '\n's (a last line without one counts if it has bytes), a line is a request when a plain
 * regular expression of its layout matches and its time parses with {@link DateTimeFormatter}.
 * Every expected number in the end-to-end tests comes from here.
 */
final class AccessLog {

    /** The layouts the tests use, as regular expressions over the line decoded as ISO-8859-1. */
    enum Layout {
        /** nginx {@code main}: combined plus "$http_x_forwarded_for". */
        NGINX_MAIN("^(\\S+) - \\S+ \\[([^\\]]+)\\] " + Q + " (\\d{3}) (\\d+|-) " + Q + " " + Q + " " + Q + "$"),
        /** nginx {@code combined}. */
        NGINX_COMBINED("^(\\S+) - \\S+ \\[([^\\]]+)\\] " + Q + " (\\d{3}) (\\d+|-) " + Q + " " + Q + "$"),
        /** Debian apache2 {@code combined} ({@code %O}). */
        APACHE_COMBINED("^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\] " + Q + " (\\d{3}) (\\d+|-) " + Q + " " + Q + "$");

        final Pattern pattern;

        Layout(String regex) {
            this.pattern = Pattern.compile(regex);
        }
    }

    /** A quoted field: anything but a quote, where a backslash escapes the next character. */
    private static final String Q = "\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"";
    private static final Pattern ADDRESS = Pattern.compile("[\\x21-\\x7e]+");
    static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    /** One line of the file; for a request, its client, time, status and body bytes. */
    record Line(int number, long offset, byte[] raw, boolean request, String ip, Instant time, int status, long bytes) {
    }

    /** What one client did in a range. */
    record Totals(long requests, long bytes, long status2xx, long status3xx, long status4xx, long status5xx) {
        Totals plus(Line line) {
            int c = line.status() / 100;
            return new Totals(requests + 1, bytes + line.bytes(), status2xx + (c == 2 ? 1 : 0),
                    status3xx + (c == 3 ? 1 : 0), status4xx + (c == 4 ? 1 : 0), status5xx + (c == 5 ? 1 : 0));
        }
    }

    /** A row of a top list: client and requests. */
    record Ranked(String ip, long requests) {
    }

    private AccessLog() {
    }

    static List<Line> read(Path file, Layout layout) throws IOException {
        return read(Files.readAllBytes(file), layout);
    }

    static List<Line> read(byte[] content, Layout layout) {
        var lines = new ArrayList<Line>();
        int start = 0;
        int number = 1;
        for (int i = 0; i <= content.length; i++) {
            boolean end = i == content.length;
            if (end && start == content.length) {
                break;
            }
            if (end || content[i] == '\n') {
                byte[] raw = java.util.Arrays.copyOfRange(content, start, i);
                lines.add(line(number++, start, raw, layout));
                start = i + 1;
            }
        }
        return lines;
    }

    private static Line line(int number, long offset, byte[] raw, Layout layout) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        Matcher m = layout.pattern.matcher(text);
        if (!m.matches() || !ADDRESS.matcher(m.group(1)).matches()) {
            return new Line(number, offset, raw, false, null, null, 0, 0);
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(m.group(2), LOG_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return new Line(number, offset, raw, false, null, null, 0, 0);
        }
        long bytes = m.group(4).equals("-") ? 0 : Long.parseLong(m.group(4));
        return new Line(number, offset, raw, true, m.group(1), time, Integer.parseInt(m.group(3)), bytes);
    }

    static List<Line> requests(List<Line> lines) {
        return lines.stream().filter(Line::request).toList();
    }

    static List<Line> rejected(List<Line> lines) {
        return lines.stream().filter(l -> !l.request()).toList();
    }

    /** Per client, the requests with a time in [from, to); null means unbounded. */
    static Map<String, Totals> totals(List<Line> lines, Instant from, Instant to) {
        var totals = new HashMap<String, Totals>();
        for (Line line : lines) {
            if (line.request() && (from == null || !line.time().isBefore(from)) && (to == null || line.time().isBefore(to))) {
                totals.merge(line.ip(), new Totals(0, 0, 0, 0, 0, 0).plus(line), (a, b) -> a.plus(line));
            }
        }
        return totals;
    }

    /** Highest requests first, ties by address (as text, ascending). */
    static List<Ranked> ranked(Map<String, Totals> totals) {
        return totals.entrySet().stream()
                .map(e -> new Ranked(e.getKey(), e.getValue().requests()))
                .sorted(Comparator.comparingLong(Ranked::requests).reversed().thenComparing(Ranked::ip))
                .toList();
    }

    static long sum(Map<String, Totals> totals) {
        return totals.values().stream().mapToLong(Totals::requests).sum();
    }

    /** An instant typed the way the tests type them on the command line. */
    static Instant instant(String cliTime) {
        if (cliTime.length() > 2 && cliTime.charAt(2) == '/') {
            return OffsetDateTime.parse(cliTime, LOG_TIME).toInstant();
        }
        return OffsetDateTime.parse(cliTime).toInstant();
    }
}
