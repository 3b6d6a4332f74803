package io.logpulse.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits an nginx {@code log_format} string into literal text and variables. */
final class NginxFormat {
    private NginxFormat() {}

    static List<Piece> lex(String format) {
        List<Piece> pieces = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int n = format.length();
        int i = 0;
        while (i < n) {
            char c = format.charAt(i);
            if (c != '$') {
                text.append(c);
                i++;
                continue;
            }
            String name;
            if (i + 1 < n && format.charAt(i + 1) == '{') {
                int close = format.indexOf('}', i + 2);
                if (close < 0) {
                    throw error(format, "\"${\" at position " + (i + 1) + " is never closed with \"}\"");
                }
                name = format.substring(i + 2, close);
                if (name.isEmpty() || !name.chars().allMatch(NginxFormat::isNameChar)) {
                    throw error(format, "\"${" + name + "}\" is not a variable name");
                }
                i = close + 1;
            } else {
                int j = i + 1;
                while (j < n && isNameChar(format.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    throw error(format, "\"$\" at position " + (i + 1) + " is not followed by a variable name");
                }
                name = format.substring(i + 1, j);
                i = j;
            }
            if (text.length() > 0) {
                pieces.add(new Piece.Text(text.toString()));
                text.setLength(0);
            }
            pieces.add(variable(name.toLowerCase(Locale.ROOT)));
        }
        if (text.length() > 0) {
            pieces.add(new Piece.Text(text.toString()));
        }
        return pieces;
    }

    private static Piece.Variable variable(String name) {
        String source = "$" + name;
        return switch (name) {
            case "remote_addr" -> Piece.Variable.of(source, Kind.ADDRESS, Field.REMOTE_ADDR);
            case "remote_user" -> Piece.Variable.of(source, Kind.TEXT, Field.REMOTE_USER);
            case "time_local" -> Piece.Variable.of(source, Kind.TIME_LOCAL, Field.TIME);
            case "time_iso8601" -> Piece.Variable.of(source, Kind.TIME_ISO, Field.TIME);
            case "request" -> Piece.Variable.of(source, Kind.TEXT, Field.REQUEST);
            case "status" -> Piece.Variable.of(source, Kind.STATUS, Field.STATUS);
            case "body_bytes_sent" -> Piece.Variable.of(source, Kind.BYTES, Field.BODY_BYTES);
            case "bytes_sent" -> Piece.Variable.of(source, Kind.BYTES, Field.BYTES_SENT);
            case "http_referer" -> Piece.Variable.of(source, Kind.TEXT, Field.REFERER);
            case "http_user_agent" -> Piece.Variable.of(source, Kind.TEXT, Field.USER_AGENT);
            case "http_x_forwarded_for" -> Piece.Variable.of(source, Kind.TEXT, Field.X_FORWARDED_FOR);
            case "request_time" -> Piece.Variable.duration(source, 1_000_000);
            case "upstream_addr" -> Piece.Variable.of(source, Kind.TEXT, Field.UPSTREAM_ADDR);
            case "upstream_status" -> Piece.Variable.of(source, Kind.TEXT, Field.UPSTREAM_STATUS);
            case "upstream_response_time" -> Piece.Variable.of(source, Kind.TEXT, Field.UPSTREAM_RESPONSE_TIME);
            case "host", "http_host" -> Piece.Variable.of(source, Kind.WORD, Field.HOST);
            default -> Piece.Variable.opaque(source, Kind.TEXT);
        };
    }

    private static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static IllegalArgumentException error(String format, String problem) {
        return new IllegalArgumentException("nginx log format \"" + format + "\": " + problem);
    }
}
