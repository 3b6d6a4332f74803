package io.logpulse.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits an Apache {@code LogFormat} string (mod_log_config) into literal text and directives. */
final class ApacheFormat {
    private ApacheFormat() {}

    /** Directives whose values never contain a space; all others may. */
    private static final String WORDS = "aAbBDhHIklLmOpPqsSTUvVX";
    private static final String KNOWN = WORDS + "CefinortRu";

    static List<Piece> lex(String format) {
        List<Piece> pieces = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int n = format.length();
        int i = 0;
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                text.append(c);
                i++;
                continue;
            }
            int start = i++;
            if (i < n && format.charAt(i) == '%') {
                text.append('%');
                i++;
                continue;
            }
            // Status-code conditions (%400,501{..}i, %!200i) and the original/final request markers (%<s, %>s).
            while (i < n && "<>!,0123456789".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            String arg = null;
            if (i < n && format.charAt(i) == '{') {
                int close = format.indexOf('}', i + 1);
                if (close < 0) {
                    throw error(format, "\"{\" at position " + (i + 1) + " is never closed with \"}\"");
                }
                arg = format.substring(i + 1, close);
                i = close + 1;
            }
            if (i >= n) {
                throw error(format, "it ends in the middle of the directive \"" + format.substring(start) + "\"");
            }
            char directive = format.charAt(i++);
            if (directive == '^' && i + 1 < n && format.charAt(i) == 't'
                    && (format.charAt(i + 1) == 'i' || format.charAt(i + 1) == 'o')) {
                i += 2;
                directive = 'i'; // trailer fields: a header-like value
            } else if (KNOWN.indexOf(directive) < 0) {
                throw error(format, "unknown directive \"" + format.substring(start, i) + "\"");
            }
            if (text.length() > 0) {
                pieces.add(new Piece.Text(text.toString()));
                text.setLength(0);
            }
            directive(format.substring(start, i), directive, arg, format, pieces);
        }
        if (text.length() > 0) {
            pieces.add(new Piece.Text(text.toString()));
        }
        return pieces;
    }

    private static void directive(String source, char d, String arg, String format, List<Piece> out) {
        switch (d) {
            case 'h', 'a' -> out.add(d == 'a' && arg != null && !arg.equals("c")
                    ? Piece.Variable.opaque(source, Kind.WORD)
                    : Piece.Variable.of(source, Kind.ADDRESS, Field.REMOTE_ADDR));
            case 'u' -> out.add(Piece.Variable.of(source, Kind.TEXT, Field.REMOTE_USER));
            case 't' -> {
                if (arg == null) {
                    // Apache writes the brackets itself: [10/Oct/2000:13:55:36 -0700].
                    out.add(new Piece.Text("["));
                    out.add(Piece.Variable.of(source, Kind.TIME_LOCAL, Field.TIME));
                    out.add(new Piece.Text("]"));
                } else {
                    out.add(Piece.Variable.opaque(source, Kind.TEXT));
                }
            }
            case 'r' -> out.add(Piece.Variable.of(source, Kind.TEXT, Field.REQUEST));
            case 's' -> out.add(Piece.Variable.of(source, Kind.STATUS, Field.STATUS));
            case 'b', 'B' -> out.add(Piece.Variable.of(source, Kind.BYTES, Field.BODY_BYTES));
            case 'O' -> out.add(Piece.Variable.of(source, Kind.BYTES, Field.BYTES_SENT));
            case 'D' -> out.add(Piece.Variable.duration(source, 1));
            case 'T' -> out.add(Piece.Variable.duration(source, durationUnit(arg, format)));
            case 'v', 'V' -> out.add(Piece.Variable.of(source, Kind.WORD, Field.HOST));
            case 'i' -> out.add(header(source, arg, format));
            default -> out.add(Piece.Variable.opaque(source, WORDS.indexOf(d) >= 0 ? Kind.WORD : Kind.TEXT));
        }
    }

    private static Piece.Variable header(String source, String name, String format) {
        if (name == null || name.isEmpty()) {
            throw error(format, "\"" + source + "\" needs a header name, e.g. %{User-Agent}i");
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "referer" -> Piece.Variable.of(source, Kind.TEXT, Field.REFERER);
            case "user-agent" -> Piece.Variable.of(source, Kind.TEXT, Field.USER_AGENT);
            case "x-forwarded-for" -> Piece.Variable.of(source, Kind.TEXT, Field.X_FORWARDED_FOR);
            case "host" -> Piece.Variable.of(source, Kind.WORD, Field.HOST);
            default -> Piece.Variable.opaque(source, Kind.TEXT);
        };
    }

    private static int durationUnit(String unit, String format) {
        if (unit == null) {
            return 1_000_000;
        }
        return switch (unit) {
            case "s" -> 1_000_000;
            case "ms" -> 1_000;
            case "us" -> 1;
            default -> throw error(format, "\"%{" + unit + "}T\": the unit must be s, ms or us");
        };
    }

    private static IllegalArgumentException error(String format, String problem) {
        return new IllegalArgumentException("Apache log format \"" + format + "\": " + problem);
    }
}
