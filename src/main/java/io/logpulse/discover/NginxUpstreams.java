package io.logpulse.discover;

import io.logpulse.discover.NginxUpstreamsConfig.Directive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code upstream} blocks of an nginx configuration: their servers with weights and flags, and
 * the balancing method, read with nginx's own syntax (comments, quotes, {@code include} with globs,
 * any number of upstreams in {@code http} and {@code stream}).
 *
 * <pre>
 * upstream backend-lb { server 127.0.0.1:5001 weight=6; server 127.0.0.1:5002 weight=2 max_fails=5 fail_timeout=15s;
 *                       server 127.0.0.1:5003 down; server 127.0.0.1:5004 backup; queue 20 timeout=60; }
 * </pre>
 */
public final class NginxUpstreams {

    /** How nginx picks a server: only round robin and plain {@code random} follow the weights. */
    public enum Method {
        ROUND_ROBIN("round robin", true),
        RANDOM("random", true),
        RANDOM_TWO("random two", false),
        LEAST_CONN("least_conn", false),
        IP_HASH("ip_hash", false),
        HASH("hash", false),
        OTHER("other", false);

        private final String label;
        private final boolean followsWeights;

        Method(String label, boolean followsWeights) {
            this.label = label;
            this.followsWeights = followsWeights;
        }

        public String label() {
            return label;
        }

        /** Whether each server's expected share of requests is its weight over the sum of weights. */
        public boolean followsWeights() {
            return followsWeights;
        }
    }

    /**
     * One {@code server} line.
     *
     * @param address as written ({@code 127.0.0.1:5001}, {@code lb01:80}, {@code unix:/run/app.sock})
     * @param weight {@code weight=N}, 1 when not given
     * @param maxFails {@code max_fails=N}, null when not given (nginx: 1)
     * @param failTimeout {@code fail_timeout=T}, null when not given (nginx: 10s)
     * @param maxConns {@code max_conns=N}, null when not given (nginx: unlimited)
     * @param other further parameters ({@code resolve}, {@code slow_start=30s}, {@code route=a} ...), in order
     */
    public record Server(String address, int weight, boolean down, boolean backup, Integer maxFails,
            String failTimeout, Integer maxConns, List<String> other, String where) {

        public Server {
            other = List.copyOf(other);
        }

        /** {@code host:port} with nginx's default port 80 added where none is written. */
        public String normalizedAddress() {
            return withDefaultPort(address);
        }

        /** The host part: {@code lb01} of {@code lb01:80}. */
        public String host() {
            String a = address;
            if (a.startsWith("unix:")) {
                return a;
            }
            if (a.startsWith("[")) {
                int close = a.indexOf(']');
                return close < 0 ? a : a.substring(0, close + 1);
            }
            int colon = a.indexOf(':');
            return colon < 0 || a.indexOf(':', colon + 1) >= 0 ? a : a.substring(0, colon);
        }

        /** The parameters other than weight, down and backup, as nginx writes them. */
        public String limits() {
            var parts = new ArrayList<String>();
            if (maxFails != null) {
                parts.add("max_fails=" + maxFails);
            }
            if (failTimeout != null) {
                parts.add("fail_timeout=" + failTimeout);
            }
            if (maxConns != null) {
                parts.add("max_conns=" + maxConns);
            }
            parts.addAll(other);
            return String.join(" ", parts);
        }
    }

    /**
     * One {@code upstream} block.
     *
     * @param context the enclosing block: {@code http}, {@code stream}, or empty for a file of upstreams alone
     * @param balancing the balancing directive as written ({@code hash $request_uri consistent}), empty for round robin
     * @param settings the other directives of the block ({@code zone}, {@code keepalive}, {@code queue} ...), in order
     * @param warnings things nginx would complain about or that change the meaning of the weights
     */
    public record Upstream(String name, String context, Method method, String balancing, List<Server> servers,
            Map<String, String> settings, List<String> warnings, String where) {

        public Upstream {
            servers = List.copyOf(servers);
            settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            warnings = List.copyOf(warnings);
        }
    }

    /** A configuration that cannot be read or that nginx would reject; the message names file and line. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }

    private NginxUpstreams() {
    }

    /** Every upstream in {@code conf} and the files it includes, in the order nginx reads them. */
    public static List<Upstream> read(Path conf) {
        return collect(NginxUpstreamsConfig.read(conf));
    }

    /** The upstreams in configuration text; {@code include}s resolve against {@code prefix}. */
    public static List<Upstream> parse(String text, Path prefix) {
        return collect(NginxUpstreamsConfig.parse(text, prefix.resolve("(text)"), prefix));
    }

    /** {@code host:port}, adding nginx's default port 80 to an address written without one. */
    public static String withDefaultPort(String address) {
        if (address.startsWith("unix:")) {
            return address;
        }
        if (address.startsWith("[")) {
            return address.contains("]:") ? address : address + ":80";
        }
        int colon = address.indexOf(':');
        if (colon < 0) {
            return address + ":80";
        }
        return address;
    }

    private static List<Upstream> collect(List<Directive> directives) {
        var upstreams = new ArrayList<Upstream>();
        walk(directives, "", upstreams);
        return upstreams;
    }

    private static void walk(List<Directive> directives, String context, List<Upstream> out) {
        for (Directive d : directives) {
            if (d.block() == null) {
                continue;
            }
            if (d.name().equals("upstream")) {
                if (d.args().size() != 1) {
                    throw new ConfigException(d.where() + ": \"upstream\" takes one name");
                }
                out.add(upstream(d, context));
            } else {
                walk(d.block(), context.isEmpty() && (d.name().equals("http") || d.name().equals("stream")) ? d.name() : context, out);
            }
        }
    }

    private static Upstream upstream(Directive u, String context) {
        var servers = new ArrayList<Server>();
        var settings = new LinkedHashMap<String, String>();
        var warnings = new ArrayList<String>();
        Method method = Method.ROUND_ROBIN;
        String balancing = "";
        for (Directive d : u.block()) {
            String args = String.join(" ", d.args());
            switch (d.name()) {
                case "server" -> servers.add(server(d));
                case "least_conn", "ip_hash", "hash", "random", "least_time", "sticky" -> {
                    if (!balancing.isEmpty()) {
                        warnings.add(d.where() + ": load balancing method redefined (was \"" + balancing + "\")");
                    }
                    method = method(d);
                    balancing = (d.name() + " " + args).strip();
                }
                default -> settings.merge(d.name(), args, (a, b) -> a + "; " + b);
            }
        }
        if (servers.isEmpty()) {
            throw new ConfigException(u.where() + ": no servers are inside upstream \"" + u.args().get(0) + "\"");
        }
        if (method != Method.ROUND_ROBIN && method != Method.OTHER && servers.stream().anyMatch(Server::backup)) {
            warnings.add(u.where() + ": nginx rejects \"backup\" together with " + method.label()
                    + " (\"balancing method does not support backup\")");
        }
        return new Upstream(u.args().get(0), context, method, balancing, servers, settings, warnings, u.where());
    }

    private static Method method(Directive d) {
        return switch (d.name()) {
            case "least_conn" -> Method.LEAST_CONN;
            case "ip_hash" -> Method.IP_HASH;
            case "hash" -> {
                if (d.args().isEmpty() || d.args().size() > 2 || (d.args().size() == 2 && !d.args().get(1).equals("consistent"))) {
                    throw new ConfigException(d.where() + ": \"hash\" takes a key and optionally \"consistent\"");
                }
                yield Method.HASH;
            }
            case "random" -> {
                if (d.args().isEmpty()) {
                    yield Method.RANDOM;
                }
                if (!d.args().get(0).equals("two")) {
                    throw new ConfigException(d.where() + ": invalid parameter \"" + d.args().get(0) + "\" of \"random\"");
                }
                yield Method.RANDOM_TWO;
            }
            default -> Method.OTHER;
        };
    }

    private static Server server(Directive d) {
        if (d.args().isEmpty()) {
            throw new ConfigException(d.where() + ": \"server\" needs an address");
        }
        String address = d.args().get(0);
        int weight = 1;
        boolean down = false;
        boolean backup = false;
        Integer maxFails = null;
        String failTimeout = null;
        Integer maxConns = null;
        var other = new ArrayList<String>();
        for (String p : d.args().subList(1, d.args().size())) {
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? null : p.substring(eq + 1);
            switch (key) {
                case "weight" -> {
                    weight = number(d, p, value);
                    if (weight < 1) {
                        throw new ConfigException(d.where() + ": invalid parameter \"" + p + "\": a weight is at least 1");
                    }
                }
                case "max_fails" -> maxFails = number(d, p, value);
                case "max_conns" -> maxConns = number(d, p, value);
                case "fail_timeout" -> {
                    if (value == null || !isTime(value)) {
                        throw new ConfigException(d.where() + ": invalid parameter \"" + p + "\"");
                    }
                    failTimeout = value;
                }
                case "down" -> down = flag(d, p, value);
                case "backup" -> backup = flag(d, p, value);
                case "resolve", "drain", "slow_start", "route", "service" -> other.add(p);
                default -> throw new ConfigException(d.where() + ": invalid parameter \"" + p + "\" of \"server\"");
            }
        }
        return new Server(address, weight, down, backup, maxFails, failTimeout, maxConns, other, d.where());
    }

    private static int number(Directive d, String parameter, String value) {
        if (value == null || value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
            throw new ConfigException(d.where() + ": invalid parameter \"" + parameter + "\"");
        }
        return Integer.parseInt(value);
    }

    private static boolean flag(Directive d, String parameter, String value) {
        if (value != null) {
            throw new ConfigException(d.where() + ": invalid parameter \"" + parameter + "\"");
        }
        return true;
    }

    /** nginx times: {@code 10}, {@code 10s}, {@code 1m30s}, {@code 500ms}. */
    static boolean isTime(String value) {
        return value.toLowerCase(Locale.ROOT).matches("(\\d+(ms|s|m|h|d|w|M|y)?)+") && !value.isEmpty();
    }
}
