package io.logpulse.parse;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The layout of an access log: a named format or an nginx {@code log_format} / Apache {@code LogFormat}
 * string, compiled once. Immutable and serializable because it travels inside Flink job graphs.
 */
public final class LogFormat implements Serializable {
    private static final long serialVersionUID = 1L;

    private enum Dialect { NGINX, APACHE }

    private static final String NGINX_COMMON =
            "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent";
    private static final String NGINX_COMBINED = NGINX_COMMON + " \"$http_referer\" \"$http_user_agent\"";
    private static final String APACHE_COMBINED_DEBIAN =
            "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"";

    private static final Map<String, LogFormat> NAMED = new LinkedHashMap<>();

    static {
        named("combined", Dialect.NGINX, NGINX_COMBINED);
        named("common", Dialect.NGINX, NGINX_COMMON);
        named("main", Dialect.NGINX, NGINX_COMBINED + " \"$http_x_forwarded_for\"");
        named("apache-combined", Dialect.APACHE, APACHE_COMBINED_DEBIAN);
        named("apache-common", Dialect.APACHE, "%h %l %u %t \"%r\" %>s %b");
        named("vhost_combined", Dialect.APACHE, "%v:%p " + APACHE_COMBINED_DEBIAN);
    }

    private final String name;
    private final Dialect dialect;
    private final String format;
    private final Program program;

    private LogFormat(String name, Dialect dialect, String format) {
        this.name = name;
        this.dialect = dialect;
        this.format = format;
        this.program = compile(dialect, format);
    }

    private static void named(String name, Dialect dialect, String format) {
        NAMED.put(name, new LogFormat(name, dialect, format));
    }

    /**
     * A named format ({@link #namedFormats()}), else an nginx log_format string if {@code spec} contains
     * '$', else an Apache LogFormat string if it contains '%'.
     *
     * @throws IllegalArgumentException with a message meant for the person who typed {@code spec}
     */
    public static LogFormat resolve(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("No log format given: use one of " + String.join(", ", NAMED.keySet())
                    + ", or an nginx log_format string ($remote_addr ...) or an Apache LogFormat string (%h ...)");
        }
        LogFormat named = NAMED.get(spec.strip().toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        if (spec.indexOf('$') >= 0) {
            return nginx(spec);
        }
        if (spec.indexOf('%') >= 0) {
            return apache(spec);
        }
        throw new IllegalArgumentException("Unknown log format \"" + spec + "\": use one of "
                + String.join(", ", NAMED.keySet())
                + ", or an nginx log_format string ($remote_addr ...) or an Apache LogFormat string (%h ...)");
    }

    /** An nginx {@code log_format} string, e.g. {@code $remote_addr - $remote_user [$time_local] "$request" ...}. */
    public static LogFormat nginx(String logFormat) {
        return new LogFormat(logFormat, Dialect.NGINX, requireText(logFormat, "nginx"));
    }

    /** An Apache {@code LogFormat} string, e.g. {@code %h %l %u %t "%r" %>s %b}. */
    public static LogFormat apache(String logFormat) {
        return new LogFormat(logFormat, Dialect.APACHE, requireText(logFormat, "Apache"));
    }

    /** The name given to {@link #resolve}, or the format string itself. */
    public String name() {
        return name;
    }

    /** Whether lines of this format carry {@code f}. */
    public boolean has(Field f) {
        return program.fields.contains(f);
    }

    /** The names {@link #resolve} knows, in the order they should be shown to users. */
    public static List<String> namedFormats() {
        return List.copyOf(NAMED.keySet());
    }

    Program program() {
        return program;
    }

    private static String requireText(String format, String dialect) {
        if (format == null || format.isBlank()) {
            throw new IllegalArgumentException("The " + dialect + " log format string is empty");
        }
        return format;
    }

    private static Program compile(Dialect dialect, String format) {
        String unescaped = unescapeConfigString(format);
        List<Piece> pieces = dialect == Dialect.NGINX ? NginxFormat.lex(unescaped) : ApacheFormat.lex(unescaped);
        Program program = Program.compile(pieces, format);
        boolean nginx = dialect == Dialect.NGINX;
        if (!program.fields.contains(Field.REMOTE_ADDR)) {
            throw new IllegalArgumentException("Log format \"" + format + "\" has no client address: it needs "
                    + (nginx ? "$remote_addr" : "%h or %a"));
        }
        if (!program.fields.contains(Field.TIME)) {
            throw new IllegalArgumentException("Log format \"" + format + "\" has no request time: it needs "
                    + (nginx ? "$time_local or $time_iso8601" : "%t"));
        }
        return program;
    }

    /**
     * Formats are often copied from inside a quoted string of nginx.conf or apache2.conf, where a quote in
     * the log line is written {@code \"}. A log format never means a literal backslash, so undo that quoting.
     */
    private static String unescapeConfigString(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogFormat other
                && name.equals(other.name) && dialect == other.dialect && format.equals(other.format);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dialect, format);
    }

    @Override
    public String toString() {
        return name.equals(format) ? dialect.name().toLowerCase(Locale.ROOT) + " format \"" + format + "\"" : name;
    }
}
