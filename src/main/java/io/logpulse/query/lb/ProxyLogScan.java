package io.logpulse.query.lb;

import io.logpulse.parse.Field;
import io.logpulse.parse.LineParser;
import io.logpulse.parse.LogFormat;
import io.logpulse.parse.ParsedLine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One streaming pass over the load balancer's own access log, whose format logs {@code $upstream_addr}:
 * per upstream address the requests it served (the last server tried), its failed attempts, the
 * proxy's status classes, its {@code $upstream_response_time} distribution, a per-window timeline,
 * and optionally which clients ({@code $remote_addr}) reached which address.
 *
 * <p>Memory grows with the number of upstream addresses, windows and (if asked) clients, never with
 * the number of lines.
 */
final class ProxyLogScan {

    /** What one upstream address did. Status classes index 0 (other) and 1..5 (1xx..5xx). */
    static final class AddressStats {
        long requests;
        long failedAttempts;
        final long[] statusClasses = new long[6];
        final TimeHistogram responseTimes = new TimeHistogram();
    }

    private final LogFormat format;
    private final long from;
    private final long to;
    private final long bucketMillis;
    private final boolean trackClients;

    final Map<String, AddressStats> addresses = new TreeMap<>();
    final TreeMap<Long, Map<String, Long>> timeline = new TreeMap<>();
    final ClientSpread clients = new ClientSpread();
    final Map<String, Long> rejects = new TreeMap<>();
    long lines;
    long inRange;
    long notProxied;
    long retried;
    long redirected;
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;

    /** Counts requests in [from, to) (epoch ms; use Long.MIN_VALUE / MAX_VALUE for no bound). */
    ProxyLogScan(LogFormat format, long from, long to, long bucketMillis, boolean trackClients) {
        if (!format.has(Field.UPSTREAM_ADDR)) {
            throw new IllegalArgumentException("its format has no $upstream_addr");
        }
        this.format = format;
        this.from = from;
        this.to = to;
        this.bucketMillis = bucketMillis;
        this.trackClients = trackClients;
    }

    ProxyLogScan read(Path file) throws IOException {
        var parser = new LineParser(format);
        var parsed = new ParsedLine();
        var interned = new HashMap<String, String>();
        LogLines.forEach(file, (buf, start, end) -> {
            lines++;
            if (!parser.parse(buf, start, end, parsed)) {
                rejects.merge(parsed.rejectReason().label(), 1L, Long::sum);
                return;
            }
            long t = parsed.epochMillis();
            if (t < from || t >= to) {
                return;
            }
            inRange++;
            firstMillis = Math.min(firstMillis, t);
            lastMillis = Math.max(lastMillis, t);
            String upstream = parsed.text(Field.UPSTREAM_ADDR);
            if (upstream == null || upstream.isBlank() || upstream.strip().equals("-")) {
                notProxied++;
                return;
            }
            // Nearly every request is served by the first server tried: only lists are split.
            UpstreamAttempts attempts = UpstreamAttempts.isList(upstream) ? UpstreamAttempts.parse(upstream) : null;
            String served = interned.computeIfAbsent(attempts == null ? upstream.strip() : attempts.last(), a -> a);
            AddressStats stats = addresses.computeIfAbsent(served, a -> new AddressStats());
            stats.requests++;
            int status = parsed.status();
            stats.statusClasses[status >= 100 && status < 600 ? status / 100 : 0]++;
            if (attempts != null) {
                if (attempts.retried()) {
                    retried++;
                }
                if (attempts.redirected()) {
                    redirected++;
                }
                for (String failed : attempts.failed()) {
                    addresses.computeIfAbsent(interned.computeIfAbsent(failed, a -> a), a -> new AddressStats()).failedAttempts++;
                }
            }
            String times = parsed.text(Field.UPSTREAM_RESPONSE_TIME);
            if (times != null) {
                long micros = UpstreamAttempts.micros(UpstreamAttempts.lastOf(times));
                if (micros >= 0) {
                    stats.responseTimes.add(micros);
                }
            }
            timeline.computeIfAbsent(Math.floorDiv(t, bucketMillis) * bucketMillis, b -> new HashMap<>())
                    .merge(served, 1L, Long::sum);
            if (trackClients) {
                clients.add(parsed.address(), served);
            }
        });
        return this;
    }

    long served() {
        return addresses.values().stream().mapToLong(s -> s.requests).sum();
    }
}
