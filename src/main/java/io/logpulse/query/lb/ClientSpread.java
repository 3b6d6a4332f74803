package io.logpulse.query.lb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Which backends each client reached, and how often: stickiness (ip_hash) is one backend per client. */
public final class ClientSpread {

    /** One client that reached more than one backend. */
    public record Client(String client, long requests, Map<String, Long> backends) {
    }

    private final Map<String, Map<String, Long>> byClient = new HashMap<>();

    void add(String client, String backend) {
        byClient.computeIfAbsent(client, c -> new TreeMap<>()).merge(backend, 1L, Long::sum);
    }

    public int clients() {
        return byClient.size();
    }

    /** The same spread with backend keys renamed (addresses to source labels); keys mapped to null are dropped. */
    ClientSpread renamed(Function<String, String> name) {
        var renamed = new ClientSpread();
        byClient.forEach((client, backends) -> backends.forEach((backend, n) -> {
            String to = name.apply(backend);
            if (to != null) {
                renamed.byClient.computeIfAbsent(client, c -> new TreeMap<>()).merge(to, n, Long::sum);
            }
        }));
        return renamed;
    }

    /** Clients that reached more than one backend, most requests first. */
    public List<Client> spread() {
        var out = new ArrayList<Client>();
        byClient.forEach((client, backends) -> {
            if (backends.size() > 1) {
                long requests = backends.values().stream().mapToLong(Long::longValue).sum();
                var ordered = new LinkedHashMap<String, Long>();
                backends.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey())).forEach(e -> ordered.put(e.getKey(), e.getValue()));
                out.add(new Client(client, requests, ordered));
            }
        });
        out.sort(Comparator.comparingLong(Client::requests).reversed().thenComparing(Client::client));
        return out;
    }
}
