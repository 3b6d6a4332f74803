package io.logpulse.live;

import java.util.Map;
import java.util.TreeMap;

/** The independent count: what the test wrote or requested, per client address. Thread-safe. */
final class Tally {

    private final Map<String, long[]> perIp = new TreeMap<>();

    synchronized void count(String ip, int status, long bytes) {
        long[] t = perIp.computeIfAbsent(ip, k -> new long[6]);
        t[0]++;
        t[1] += bytes;
        t[status / 100]++;
    }

    synchronized void add(String ip, Store.Totals t) {
        long[] sum = perIp.computeIfAbsent(ip, k -> new long[6]);
        sum[0] += t.requests();
        sum[1] += t.bytes();
        sum[2] += t.status2xx();
        sum[3] += t.status3xx();
        sum[4] += t.status4xx();
        sum[5] += t.status5xx();
    }

    synchronized long total() {
        return perIp.values().stream().mapToLong(t -> t[0]).sum();
    }

    synchronized long requests(String ip) {
        long[] t = perIp.get(ip);
        return t == null ? 0 : t[0];
    }

    synchronized Store.Totals sum() {
        long[] s = new long[6];
        perIp.values().forEach(t -> {
            for (int i = 0; i < 6; i++) {
                s[i] += t[i];
            }
        });
        return new Store.Totals(s[0], s[1], s[2], s[3], s[4], s[5]);
    }

    synchronized Map<String, Store.Totals> snapshot() {
        var copy = new TreeMap<String, Store.Totals>();
        perIp.forEach((ip, t) -> copy.put(ip, new Store.Totals(t[0], t[1], t[2], t[3], t[4], t[5])));
        return copy;
    }
}
