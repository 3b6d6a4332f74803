package io.logpulse.query.lb;

import io.logpulse.discover.NginxUpstreams;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which upstream address (as the proxy logs it) is which source (whose log is in the store):
 * {@code 127.0.0.1:5001 → lb01}. In order of precedence:
 * <ol>
 * <li>given: {@code --map 127.0.0.1:5001=lb01,...}, or Docker's port bindings ({@code --map docker});
 * <li>the configuration names the source: {@code server lb01:80} (a Compose service or container name);
 * <li>by order: the configuration's servers, in the order written, are the store's remaining sources in
 *     name order; or the {@code --weights} names, in the order written, are the proxy's remaining addresses
 *     in address order. Only when both sides have the same number left, and always shown in the report.
 * </ol>
 */
public final class BackendMapping {

    /** Sorts {@code host:port} by host, then by port as a number. */
    static final Comparator<String> ADDRESS_ORDER = Comparator.comparing(BackendMapping::hostOf)
            .thenComparingLong(BackendMapping::portOf).thenComparing(Comparator.naturalOrder());

    private BackendMapping() {
    }

    /**
     * {@code 127.0.0.1:5001=lb01,127.0.0.1:5002=lb02}: address to source label.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static Map<String, String> parse(String spec) {
        var map = new LinkedHashMap<String, String>();
        for (String part : spec.split(",", -1)) {
            String p = part.strip();
            int eq = p.lastIndexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("--map '" + spec + "': '" + p
                        + "' is not ADDRESS=SOURCE (e.g. 127.0.0.1:5001=lb01), and not 'docker'");
            }
            String address = NginxUpstreams.withDefaultPort(p.substring(0, eq).strip());
            if (map.put(address, p.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException("--map '" + spec + "': " + address + " is mapped twice");
            }
        }
        return map;
    }

    /**
     * Fills in the labels and addresses that can be told; what cannot stays null. Says in {@code notes}
     * how each one was found when it was not given.
     */
    static List<Backend> resolve(List<Backend> backends, Map<String, String> given, Set<String> storeLabels,
            Collection<String> proxyAddresses, List<String> notes) {
        var out = new ArrayList<>(backends);
        // 1. Given.
        for (int i = 0; i < out.size(); i++) {
            Backend b = out.get(i);
            if (b.address() != null && b.label() == null && given.containsKey(b.address())) {
                out.set(i, b.withLabel(given.get(b.address())));
            } else if (b.label() != null && b.address() == null) {
                for (var e : given.entrySet()) {
                    if (e.getValue().equals(b.label())) {
                        out.set(i, b.withAddress(e.getKey()));
                        break;
                    }
                }
            }
        }
        // 2. The configuration names the source.
        for (int i = 0; i < out.size(); i++) {
            Backend b = out.get(i);
            if (b.label() == null && b.address() != null) {
                String host = hostOf(b.address());
                if (storeLabels.contains(host) && !labelTaken(out, host)) {
                    out.set(i, b.withLabel(host));
                }
            }
        }
        // 3a. Servers in configuration order = remaining sources in name order.
        var unlabeled = new ArrayList<Integer>();
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).label() == null && out.get(i).address() != null) {
                unlabeled.add(i);
            }
        }
        var freeLabels = new TreeSet<>(storeLabels);
        out.forEach(b -> {
            if (b.label() != null) {
                freeLabels.remove(b.label());
            }
        });
        if (!unlabeled.isEmpty() && unlabeled.size() == freeLabels.size()) {
            var shown = new ArrayList<String>();
            var labels = new ArrayList<>(freeLabels);
            for (int j = 0; j < unlabeled.size(); j++) {
                Backend b = out.get(unlabeled.get(j));
                out.set(unlabeled.get(j), b.withLabel(labels.get(j)));
                shown.add(b.address() + " → " + labels.get(j));
            }
            notes.add("servers matched to sources by order (configuration order = source names sorted): "
                    + String.join(", ", shown) + "; if that is wrong, say it with --map ADDRESS=SOURCE,...");
        }
        // 3b. --weights names in their order = remaining proxy addresses in address order.
        var unaddressed = new ArrayList<Integer>();
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).address() == null && out.get(i).label() != null) {
                unaddressed.add(i);
            }
        }
        var freeAddresses = new TreeSet<>(ADDRESS_ORDER);
        freeAddresses.addAll(proxyAddresses);
        out.forEach(b -> {
            if (b.address() != null) {
                freeAddresses.remove(b.address());
            }
        });
        if (!unaddressed.isEmpty() && unaddressed.size() == freeAddresses.size()) {
            var shown = new ArrayList<String>();
            var addresses = new ArrayList<>(freeAddresses);
            for (int j = 0; j < unaddressed.size(); j++) {
                Backend b = out.get(unaddressed.get(j));
                out.set(unaddressed.get(j), b.withAddress(addresses.get(j)));
                shown.add(addresses.get(j) + " → " + b.label());
            }
            notes.add("proxy addresses matched to --weights by order (addresses sorted = weights as written): "
                    + String.join(", ", shown) + "; if that is wrong, say it with --map ADDRESS=SOURCE,...");
        }
        var labels = new HashSet<String>();
        for (Backend b : out) {
            if (b.label() != null && !labels.add(b.label())) {
                throw new IllegalArgumentException("two servers are mapped to the source " + b.label()
                        + ": check --map and the configuration");
            }
        }
        return out;
    }

    private static boolean labelTaken(List<Backend> backends, String label) {
        return backends.stream().anyMatch(b -> label.equals(b.label()));
    }

    static String hostOf(String address) {
        return new NginxUpstreams.Server(address, 1, false, false, null, null, null, List.of(), "").host();
    }

    static long portOf(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0 || address.startsWith("unix:")) {
            return -1;
        }
        String port = address.substring(colon + 1);
        return !port.isEmpty() && port.length() < 10 && port.chars().allMatch(Character::isDigit) ? Long.parseLong(port) : -1;
    }
}
