package io.logpulse.query.lb;

import io.logpulse.discover.NginxUpstreams;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the traffic should look like: the backends, their weights and roles, and whether the
 * balancing method gives each a fixed expected share (round robin and plain {@code random} do; ip_hash,
 * hash, least_conn and {@code random two} depend on clients and load, so only the observed spread is
 * reported for them).
 *
 * @param origin where the expectation comes from, for the report
 * @param settings upstream-wide settings to show ({@code queue 20 timeout=60}, {@code keepalive 16})
 */
public record Plan(List<Backend> backends, String method, boolean fixedShares, String origin,
        Map<String, String> settings, List<String> notes) {

    public Plan {
        backends = List.copyOf(backends);
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        notes = List.copyOf(notes);
    }

    /**
     * {@code lb01=6,lb02=2,lb03=2}: source labels (or upstream addresses, {@code 127.0.0.1:5001=6}: a name with
     * a colon or an IPv4 address) and
     * weights (non-negative numbers; 0 means "should get nothing", like {@code down}).
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static Plan fromWeights(String spec) {
        var backends = new ArrayList<Backend>();
        var seen = new HashSet<String>();
        String bad = "--weights '" + spec + "': ";
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException(bad + "write NAME=WEIGHT,..., e.g. lb01=6,lb02=2,lb03=2");
        }
        for (String part : spec.split(",", -1)) {
            String p = part.strip();
            int eq = p.lastIndexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException(bad + "'" + p + "' is not NAME=WEIGHT (e.g. lb01=6)");
            }
            String name = p.substring(0, eq).strip();
            String number = p.substring(eq + 1).strip();
            double weight;
            try {
                weight = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                weight = Double.NaN;
            }
            if (!(weight >= 0) || Double.isInfinite(weight) || !number.matches("[0-9]+(\\.[0-9]+)?")) {
                throw new IllegalArgumentException(bad + "the weight of " + name + " ('" + number + "') is not a number >= 0");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException(bad + name + " is named twice");
            }
            boolean address = name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            backends.add(new Backend(address ? null : name, address ? NginxUpstreams.withDefaultPort(name) : null,
                    weight, weight > 0 ? Backend.Role.ACTIVE : Backend.Role.DOWN, ""));
        }
        if (backends.stream().noneMatch(Backend::expectsTraffic)) {
            throw new IllegalArgumentException(bad + "at least one weight must be above 0");
        }
        return new Plan(backends, "round robin", true, "--weights " + spec, Map.of(), List.of());
    }

    /** The servers of an nginx upstream block. */
    public static Plan fromUpstream(NginxUpstreams.Upstream upstream) {
        var backends = new ArrayList<Backend>();
        for (NginxUpstreams.Server s : upstream.servers()) {
            Backend.Role role = s.down() ? Backend.Role.DOWN : s.backup() ? Backend.Role.BACKUP : Backend.Role.ACTIVE;
            backends.add(new Backend(null, s.normalizedAddress(), s.weight(), role, s.limits()));
        }
        var notes = new ArrayList<String>(upstream.warnings());
        String method = upstream.method().label();
        if (!upstream.method().followsWeights()) {
            notes.add(upstream.balancing() + ": the share of each server depends on the clients and the load, not on "
                    + "fixed weights; showing the observed spread, no balanced/skewed verdict");
        }
        if (upstream.method() == NginxUpstreams.Method.RANDOM) {
            notes.add("random: each request picks a server at random in proportion to its weight, tested as such");
        }
        if (backends.stream().noneMatch(Backend::expectsTraffic)) {
            notes.add("every server of upstream " + upstream.name() + " is down or backup: nothing is expected anywhere");
        }
        return new Plan(backends, upstream.balancing().isEmpty() ? method : upstream.balancing(),
                upstream.method().followsWeights(), "upstream " + upstream.name() + " (" + upstream.where() + ")",
                upstream.settings(), notes);
    }

    /** Equal shares over the given names (labels or addresses). */
    public static Plan equal(List<String> names, boolean addresses, String origin) {
        var backends = new ArrayList<Backend>();
        for (String name : names) {
            backends.add(new Backend(addresses ? null : name, addresses ? name : null, 1, Backend.Role.ACTIVE, ""));
        }
        return new Plan(backends, "round robin", true, origin, Map.of(), List.of());
    }

    Plan withBackends(List<Backend> newBackends) {
        return new Plan(newBackends, method, fixedShares, origin, settings, notes);
    }
}
