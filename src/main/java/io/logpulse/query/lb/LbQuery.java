package io.logpulse.query.lb;

import io.logpulse.parse.LogFormat;
import io.logpulse.query.BlockRanges;
import io.logpulse.query.QueryException;
import io.logpulse.query.TimeRange;
import io.logpulse.store.TrafficReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * Does traffic follow the load balancer's weights? Counts per backend in a range against the expected
 * shares, with a goodness-of-fit verdict, a timeline that shows when the spread changed, and client
 * stickiness.
 *
 * <p>Where the numbers come from:
 * <ul>
 * <li>Requests per backend, status classes and the timeline: the store, one source per backend log
 *     ({@code lb01/access.log → lb01}), cut into whole blocks and edge windows like {@code top}.
 * <li>Per-request facts the store does not keep ({@code $upstream_addr} with its retries,
 *     {@code $upstream_response_time}, which client reached which backend): one streaming pass over the
 *     proxy's own log ({@code --proxy-log}), restricted to the same range. When no backend log is in the
 *     store, the proxy's log alone gives the counts too (the last server tried served the request).
 * <li>Client stickiness without a proxy log: the first {@code X-Forwarded-For} address in the backend
 *     logs, read from the files the store ingested them from.
 * </ul>
 */
public final class LbQuery {

    /** A backend silent for a stretch this unlikely under its share is reported (down, failing, removed). */
    static final double SILENCE_PROBABILITY = 1e-6;
    private static final long DEFAULT_WINDOW = 60_000;

    /**
     * What to answer.
     *
     * @param from inclusive; null for the first stored window (or the proxy log's first request)
     * @param plan the expectation; null for equal shares over the backends found
     * @param map address to source label, as given with {@code --map}
     * @param proxyFormat null to use the format the proxy log was ingested with
     * @param byMillis the timeline's step; null for no timeline
     * @param sticky check stickiness even when the method is not ip_hash
     */
    public record Request(Instant from, Instant to, ZoneOffset displayOffset, Plan plan, Map<String, String> map,
            boolean dockerMap, Path proxyLog, String proxyFormat, Long byMillis, boolean sticky) {
    }

    private final Handle store;

    /** {@code store} may be null when the proxy log alone is to be read. */
    public LbQuery(Handle store) {
        this.store = store;
    }

    public LbAnswer run(Request request) {
        var notes = new ArrayList<String>();
        var meta = new LinkedHashMap<String, Object>();
        StoreTraffic traffic = store == null ? null : new StoreTraffic(store);
        TrafficReader reader = store == null ? null : new TrafficReader(store);
        var window = reader == null ? java.util.OptionalLong.empty() : reader.windowMillis();
        var span = reader == null ? java.util.Optional.<TrafficReader.Span>empty() : reader.span();
        boolean haveStore = window.isPresent() && span.isPresent();
        if (!haveStore && request.proxyLog() == null) {
            throw new QueryException("the database holds no traffic yet (run `logpulse ingest` on the backend logs, "
                    + "or pass --proxy-log)");
        }
        long windowMillis = haveStore ? window.getAsLong() : DEFAULT_WINDOW;
        Long by = request.byMillis();
        if (by != null && haveStore && by % windowMillis != 0) {
            throw new OptionException("--by " + showDuration(by) + " is not a whole number of the database's "
                    + showDuration(windowMillis) + " windows");
        }
        long bucket = by != null ? by : windowMillis;

        TimeRange requested = null;
        TimeRange covered = null;
        if (haveStore) {
            long block = BlockRanges.blockMillis(windowMillis);
            requested = new TimeRange(
                    request.from() != null ? request.from() : Instant.ofEpochMilli(span.get().firstBlock()),
                    request.to() != null ? request.to() : Instant.ofEpochMilli(span.get().lastBlock() + block),
                    request.displayOffset());
            covered = requested.alignedTo(windowMillis);
        } else if (request.from() != null && request.to() != null) {
            requested = new TimeRange(request.from(), request.to(), request.displayOffset());
            covered = requested;
        }

        // The proxy's log, in one pass over the same range.
        ProxyLogScan proxy = null;
        String proxySource = null;
        if (request.proxyLog() != null) {
            String path = request.proxyLog().toAbsolutePath().normalize().toString();
            var ingested = traffic == null ? java.util.Optional.<StoreTraffic.SourceFile>empty() : traffic.file(path);
            proxySource = ingested.map(StoreTraffic.SourceFile::source).orElse(null);
            String formatSpec = request.proxyFormat() != null ? request.proxyFormat()
                    : ingested.map(StoreTraffic.SourceFile::format).orElseThrow(() -> new OptionException(
                            "--proxy-log " + request.proxyLog() + " was not ingested: give its format with --proxy-format "
                                    + "(an nginx log_format string with $upstream_addr)"));
            LogFormat format;
            try {
                format = LogFormat.resolve(formatSpec);
            } catch (IllegalArgumentException e) {
                throw new OptionException("--proxy-format: " + e.getMessage());
            }
            boolean trackClients = request.sticky() || stickyMethod(request.plan());
            try {
                proxy = new ProxyLogScan(format,
                        covered != null ? covered.fromMillis() : request.from() != null ? request.from().toEpochMilli() : Long.MIN_VALUE,
                        covered != null ? covered.toMillis() : request.to() != null ? request.to().toEpochMilli() : Long.MAX_VALUE,
                        bucket, trackClients);
            } catch (IllegalArgumentException e) {
                throw new OptionException("--proxy-log " + request.proxyLog() + ": " + e.getMessage()
                        + " (the proxy's log_format must log it; give the format with --proxy-format)");
            }
            try {
                if (!Files.isRegularFile(request.proxyLog())) {
                    throw new QueryException("cannot read the proxy log " + request.proxyLog() + ": no such file");
                }
                proxy.read(request.proxyLog());
            } catch (IOException e) {
                throw new QueryException("cannot read the proxy log " + request.proxyLog() + ": " + e.getMessage());
            }
            if (covered == null) {
                if (proxy.inRange == 0) {
                    throw new QueryException("the proxy log " + request.proxyLog() + " has no request"
                            + (request.from() != null || request.to() != null ? " in the range" : ""));
                }
                long from = request.from() != null ? request.from().toEpochMilli() : Math.floorDiv(proxy.firstMillis, bucket) * bucket;
                long to = request.to() != null ? request.to().toEpochMilli()
                        : Math.floorDiv(proxy.lastMillis, bucket) * bucket + bucket;
                requested = new TimeRange(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), request.displayOffset());
                covered = requested;
            }
            meta.put("proxy log", request.proxyLog() + " (" + proxy.lines + " lines, " + proxy.inRange + " requests in range)");
            long rejected = proxy.rejects.values().stream().mapToLong(Long::longValue).sum();
            if (rejected > 0) {
                notes.add("the proxy log has " + rejected + " line(s) its format does not fit " + proxy.rejects
                        + ": check --proxy-format");
            }
            if (proxy.notProxied > 0) {
                meta.put("not proxied", proxy.notProxied + " requests answered by the proxy itself ($upstream_addr -)");
            }
        }

        // The sources in the store.
        Map<String, StoreTraffic.Totals> storeTotals = haveStore
                ? traffic.totals(covered.fromMillis(), covered.toMillis(), windowMillis) : Map.of();
        Set<String> allLabels = new TreeSet<>(haveStore ? traffic.sources() : Set.of());
        if (proxySource != null) {
            allLabels.remove(proxySource);
        }

        Map<String, String> given = new LinkedHashMap<>(request.map());
        if (request.dockerMap()) {
            DockerPorts.discover(haveStore ? traffic.files(allLabels) : List.of(), allLabels, notes)
                    .forEach(given::putIfAbsent);
        }

        // The expectation.
        Plan plan = request.plan();
        if (plan == null) {
            var inRange = new ArrayList<String>();
            storeTotals.keySet().stream().filter(allLabels::contains).forEach(inRange::add);
            if (!inRange.isEmpty()) {
                plan = Plan.equal(inRange, false, "equal shares over the sources in the store (no --weights, no --nginx-conf)");
            } else if (proxy != null && !proxy.addresses.isEmpty()) {
                var addresses = new ArrayList<String>();
                proxy.addresses.forEach((a, s) -> {
                    if (s.requests > 0) {
                        addresses.add(a);
                    }
                });
                addresses.sort(BackendMapping.ADDRESS_ORDER);
                plan = Plan.equal(addresses, true, "equal shares over the upstream addresses in the proxy log "
                        + "(no --weights, no --nginx-conf)");
            } else {
                throw new QueryException("no requests from " + covered.show(covered.from()) + " to " + covered.show(covered.to()));
            }
        }
        notes.addAll(plan.notes());
        List<Backend> resolved;
        try {
            resolved = BackendMapping.resolve(plan.backends(),
                    given, allLabels, proxy == null ? List.of() : proxy.addresses.keySet(), notes);
        } catch (IllegalArgumentException e) {
            throw new QueryException(e.getMessage());
        }

        boolean fromStore = haveStore && resolved.stream().anyMatch(b -> b.label() != null && allLabels.contains(b.label()));
        if (!fromStore && proxy == null) {
            throw new QueryException("none of the backends (" + names(resolved) + ") is a source in the store (sources: "
                    + (allLabels.isEmpty() ? "none" : String.join(", ", allLabels))
                    + "): say which is which with --map ADDRESS=SOURCE,..., or count from the proxy's log with --proxy-log");
        }
        for (Backend b : resolved) {
            if (fromStore && b.label() == null && b.expectsTraffic()) {
                throw new QueryException("cannot tell which source in the store is " + b.address() + " (sources: "
                        + String.join(", ", allLabels) + "): say it with --map " + b.address() + "=SOURCE,...");
            }
            if (fromStore && b.label() != null && !allLabels.contains(b.label()) && b.expectsTraffic()) {
                notes.add(b.label() + " has no log in the store: counted as 0 requests");
            }
            if (!fromStore && b.address() == null && b.expectsTraffic()) {
                throw new QueryException("cannot tell which address in the proxy log is " + b.label() + " (addresses: "
                        + String.join(", ", proxy.addresses.keySet()) + "): say it with --map ADDRESS=" + b.label() + ",...");
            }
            if (fromStore && b.label() == null) {
                notes.add(b.address() + " (" + b.role().label() + ") has no source in the store: counted as 0 requests");
            }
        }
        if (proxy != null && !fromStore) {
            var known = new java.util.HashSet<String>();
            resolved.forEach(b -> known.add(b.address()));
            resolved = new ArrayList<>(resolved);
            for (var e : proxy.addresses.entrySet()) {
                if (!known.contains(e.getKey()) && e.getValue().requests > 0) {
                    resolved.add(new Backend(given.get(e.getKey()), e.getKey(), 0, Backend.Role.UNLISTED, ""));
                }
            }
        }
        final List<Backend> backends = List.copyOf(resolved);

        // Counts per backend.
        int k = backends.size();
        long[] requests = new long[k];
        long[][] statusClasses = new long[k][];
        for (int i = 0; i < k; i++) {
            Backend b = backends.get(i);
            if (fromStore) {
                StoreTraffic.Totals t = b.label() == null ? null : storeTotals.get(b.label());
                requests[i] = t == null ? 0 : t.requests;
                statusClasses[i] = t == null ? new long[6] : t.statusClasses.clone();
                if (t != null) {
                    statusClasses[i][0] = t.requests - t.statusClasses[2] - t.statusClasses[3] - t.statusClasses[4] - t.statusClasses[5];
                }
            } else {
                ProxyLogScan.AddressStats s = proxy.addresses.get(b.address());
                requests[i] = s == null ? 0 : s.requests;
                statusClasses[i] = s == null ? new long[6] : s.statusClasses.clone();
            }
        }
        if (fromStore) {
            meta.put("counted from", "the backend logs in the store (" + names(backends.stream().filter(b -> b.label() != null
                    && allLabels.contains(b.label())).toList()) + ")");
            var others = new ArrayList<String>();
            storeTotals.forEach((source, t) -> {
                if (backends.stream().noneMatch(b -> source.equals(b.label()))) {
                    others.add(source + " (" + t.requests + ")");
                }
            });
            if (!others.isEmpty()) {
                notes.add("not a backend, not counted: " + String.join(", ", others));
            }
        } else {
            meta.put("counted from", "the proxy log: the last server in each request's $upstream_addr");
        }

        // Timeline: asked for with --by, and always used to find when a backend went silent.
        var indexOf = new HashMap<String, Integer>();
        for (int i = 0; i < k; i++) {
            Backend b = backends.get(i);
            String key = fromStore ? b.label() : b.address();
            if (key != null) {
                indexOf.put(key, i);
            }
        }
        TreeMap<Long, Map<String, Long>> raw;
        if (fromStore) {
            var labels = new LinkedHashSet<String>();
            backends.forEach(b -> {
                if (b.label() != null) {
                    labels.add(b.label());
                }
            });
            raw = traffic.timeline(covered.fromMillis(), covered.toMillis(), windowMillis, bucket, labels);
        } else {
            raw = proxy.timeline;
        }
        List<LbAnswer.Window> windows = timeline(raw, indexOf, backends, plan, covered, bucket,
                request.from() == null, request.to() == null, by != null);

        // The verdict.
        long all = 0;
        for (long r : requests) {
            all += r;
        }
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (backends.get(i).expectsTraffic()) {
                active.add(i);
            }
        }
        double activeWeight = active.stream().mapToDouble(i -> backends.get(i).weight()).sum();
        GoodnessOfFit.Result test = null;
        double[] zOf = new double[k];
        if (plan.fixedShares() && !active.isEmpty()) {
            long[] observed = active.stream().mapToLong(i -> requests[i]).toArray();
            double[] shares = active.stream().mapToDouble(i -> backends.get(i).weight()).toArray();
            test = GoodnessOfFit.test(observed, shares);
            for (int j = 0; j < active.size(); j++) {
                zOf[active.get(j)] = test.z()[j];
            }
        }
        boolean unexpected = false;
        var rows = new ArrayList<LbAnswer.Row>();
        for (int i = 0; i < k; i++) {
            Backend b = backends.get(i);
            double share = all == 0 ? 0 : 100.0 * requests[i] / all;
            Double expected = null;
            if (!b.expectsTraffic()) {
                expected = 0.0;
            } else if (plan.fixedShares()) {
                expected = 100.0 * b.weight() / activeWeight;
            }
            Double z = test != null && b.expectsTraffic() ? zOf[i] : null;
            String verdict;
            if (b.role() == Backend.Role.DOWN || b.role() == Backend.Role.UNLISTED) {
                verdict = requests[i] > 0 ? "unexpected" : "ok";
                unexpected |= requests[i] > 0;
            } else if (b.role() == Backend.Role.BACKUP) {
                verdict = requests[i] > 0 ? "backup used" : "ok";
            } else if (test == null) {
                verdict = "-";
            } else if (!test.balanced() && Math.abs(z) > GoodnessOfFit.Z_FLAG) {
                verdict = z > 0 ? "over" : "under";
            } else {
                verdict = "ok";
            }
            Long proxyRequests = null;
            Long failed = null;
            Double p50 = null;
            Double p95 = null;
            if (proxy != null && b.address() != null) {
                ProxyLogScan.AddressStats s = proxy.addresses.get(b.address());
                proxyRequests = fromStore ? (s == null ? 0L : s.requests) : null;
                failed = s == null ? 0L : s.failedAttempts;
                if (s != null) {
                    p50 = s.responseTimes.percentileSeconds(0.50);
                    p95 = s.responseTimes.percentileSeconds(0.95);
                }
            }
            rows.add(new LbAnswer.Row(b, requests[i], share, expected, expected == null ? null : share - expected, z,
                    verdict, statusClasses[i], proxyRequests, failed, p50, p95));
        }
        String verdict;
        if (all == 0) {
            verdict = "no traffic";
        } else if (!plan.fixedShares()) {
            verdict = "n/a";
        } else {
            verdict = (test == null || test.balanced()) && !unexpected ? "balanced" : "skewed";
        }

        // Proxy facts.
        if (proxy != null) {
            if (proxy.retried > 0) {
                var failedAt = new ArrayList<String>();
                proxy.addresses.forEach((a, s) -> {
                    if (s.failedAttempts > 0) {
                        failedAt.add(nameOf(a, backends) + " " + s.failedAttempts);
                    }
                });
                meta.put("retried", proxy.retried + " requests were retried on another server after a failed attempt ("
                        + String.join(", ", failedAt) + ")");
            } else {
                meta.put("retried", "0 requests");
            }
            if (proxy.redirected > 0) {
                meta.put("internal redirects", proxy.redirected + " requests");
            }
            if (fromStore) {
                for (LbAnswer.Row row : rows) {
                    if (row.proxyRequests() != null && row.proxyRequests() != row.requests()) {
                        notes.add(row.backend().name() + ": its log has " + row.requests() + " requests, the proxy log says it served "
                                + row.proxyRequests() + " (requests not from this proxy, or lines in neighbouring windows)");
                    }
                }
                var unlisted = new ArrayList<String>();
                proxy.addresses.forEach((a, s) -> {
                    if (s.requests > 0 && backends.stream().noneMatch(b -> a.equals(b.address()))) {
                        unlisted.add(a + " (" + s.requests + ")");
                    }
                });
                if (!unlisted.isEmpty()) {
                    notes.add("the proxy also sent requests to addresses that are no backend here: " + String.join(", ", unlisted));
                }
            }
        }

        notes.addAll(changes(windows, backends, plan, covered));
        if (!plan.fixedShares() && all > 0) {
            notes.add("observed spread: " + spread(rows));
        }
        for (LbAnswer.Row row : rows) {
            if (row.backend().role() == Backend.Role.DOWN && row.requests() > 0) {
                notes.add(row.backend().name() + " is down in the configuration but served " + row.requests() + " requests"
                        + lastSeen(windows, rows.indexOf(row), covered) + ": was the configuration different then?");
            } else if (row.backend().role() == Backend.Role.BACKUP && row.requests() > 0) {
                notes.add(row.backend().name() + " is a backup and served " + row.requests()
                        + " requests: nginx uses it only while every other server is down or failing");
            } else if (row.backend().role() == Backend.Role.UNLISTED) {
                notes.add(row.backend().name() + " is not in the configuration but served " + row.requests() + " requests");
            }
        }

        // Stickiness.
        LbAnswer.Stickiness stickiness = null;
        if (request.sticky() || stickyMethod(plan)) {
            stickiness = stickiness(proxy, fromStore, traffic, backends, covered, notes);
        }

        return new LbAnswer(requested, covered, windowMillis, by, (String) meta.remove("counted from"), plan,
                rows, test, verdict, by != null ? windows : List.of(), stickiness, meta, notes);
    }

    /** ip_hash, and hash on the client address, promise one backend per client. */
    private static boolean stickyMethod(Plan plan) {
        if (plan == null) {
            return false;
        }
        String method = plan.method().toLowerCase(Locale.ROOT);
        return method.startsWith("ip_hash") || method.matches("hash \\$(remote_addr|binary_remote_addr)( consistent)?");
    }

    private LbAnswer.Stickiness stickiness(ProxyLogScan proxy, boolean fromStore, StoreTraffic traffic,
            List<Backend> backends, TimeRange covered, List<String> notes) {
        if (proxy != null) {
            var spread = proxy.clients.renamed(address -> nameOf(address, backends));
            return new LbAnswer.Stickiness("$remote_addr in the proxy log", spread.clients(), spread.spread());
        }
        if (!fromStore) {
            return null;
        }
        var labels = new LinkedHashSet<String>();
        backends.forEach(b -> {
            if (b.label() != null) {
                labels.add(b.label());
            }
        });
        var scan = new ForwardedClientsScan(covered.fromMillis(), covered.toMillis());
        var withoutHeader = new ArrayList<String>();
        for (StoreTraffic.SourceFile f : traffic.files(labels)) {
            Path file = Path.of(f.path());
            if (!Files.isReadable(file)) {
                notes.add("stickiness: cannot read " + f.path() + " any more (moved or rotated away): its clients are not checked");
                continue;
            }
            try {
                if (!scan.read(file, LogFormat.resolve(f.format()), f.source())) {
                    withoutHeader.add(f.source());
                }
            } catch (IOException | IllegalArgumentException e) {
                notes.add("stickiness: cannot read " + f.path() + ": " + e.getMessage());
            }
        }
        if (!withoutHeader.isEmpty()) {
            notes.add("stickiness: the log format of " + String.join(", ", withoutHeader) + " has no X-Forwarded-For; "
                    + "the backends only see the proxy's address (pass --proxy-log to check from the proxy's side)");
            return null;
        }
        if (scan.withoutHeader > 0) {
            notes.add("stickiness: " + scan.withoutHeader + " backend requests carry no X-Forwarded-For and are not checked");
        }
        return new LbAnswer.Stickiness("first X-Forwarded-For address in the backend logs", scan.clients.clients(),
                scan.clients.spread());
    }

    private static List<LbAnswer.Window> timeline(TreeMap<Long, Map<String, Long>> raw, Map<String, Integer> indexOf,
            List<Backend> backends, Plan plan, TimeRange covered, long bucket, boolean trimStart, boolean trimEnd,
            boolean test) {
        int k = backends.size();
        long first = Math.floorDiv(covered.fromMillis(), bucket) * bucket;
        long end = covered.toMillis();
        if (trimStart && !raw.isEmpty()) {
            first = Math.max(first, raw.firstKey());
        }
        if (trimEnd && !raw.isEmpty()) {
            end = Math.min(end, raw.lastKey() + bucket);
        }
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (backends.get(i).expectsTraffic()) {
                active.add(i);
            }
        }
        var windows = new ArrayList<LbAnswer.Window>();
        for (long start = first; start < end; start += bucket) {
            long[] counts = new long[k];
            long total = 0;
            Map<String, Long> cell = raw.get(start);
            if (cell != null) {
                for (var e : cell.entrySet()) {
                    Integer i = indexOf.get(e.getKey());
                    if (i != null) {
                        counts[i] += e.getValue();
                        total += e.getValue();
                    }
                }
            }
            String verdict = "-";
            Double p = null;
            if (test && total > 0 && plan.fixedShares() && !active.isEmpty()) {
                var result = GoodnessOfFit.test(active.stream().mapToLong(i -> counts[i]).toArray(),
                        active.stream().mapToDouble(i -> backends.get(i).weight()).toArray());
                boolean unexpected = false;
                for (int i = 0; i < k; i++) {
                    Backend.Role role = backends.get(i).role();
                    unexpected |= counts[i] > 0 && (role == Backend.Role.DOWN || role == Backend.Role.UNLISTED);
                }
                p = result.pValue();
                verdict = result.balanced() && !unexpected ? "balanced" : "skewed";
            }
            windows.add(new LbAnswer.Window(Math.max(start, covered.fromMillis()), Math.min(start + bucket, covered.toMillis()),
                    total, counts, verdict, p));
        }
        return windows;
    }

    /**
     * Stretches of windows in which a backend that should get traffic got none although the others were
     * busy enough that this is practically impossible by chance ({@code (1 - share)^n < }{@value #SILENCE_PROBABILITY}).
     */
    private static List<String> changes(List<LbAnswer.Window> windows, List<Backend> backends, Plan plan, TimeRange covered) {
        var notes = new ArrayList<String>();
        if (!plan.fixedShares() || windows.isEmpty()) {
            return notes;
        }
        double activeWeight = backends.stream().filter(Backend::expectsTraffic).mapToDouble(Backend::weight).sum();
        for (int i = 0; i < backends.size(); i++) {
            Backend b = backends.get(i);
            if (!b.expectsTraffic()) {
                continue;
            }
            double share = b.weight() / activeWeight;
            int runStart = -1;
            long others = 0;
            for (int w = 0; w <= windows.size(); w++) {
                boolean silent = w < windows.size() && windows.get(w).perBackend()[i] == 0;
                if (silent) {
                    if (runStart < 0) {
                        runStart = w;
                        others = 0;
                    }
                    others += windows.get(w).requests();
                    continue;
                }
                if (runStart >= 0 && others > 0 && Math.pow(1 - share, others) < SILENCE_PROBABILITY) {
                    // Windows without any request at the edges of the stretch say nothing: leave them out.
                    int from = runStart;
                    while (windows.get(from).requests() == 0) {
                        from++;
                    }
                    int to = w - 1;
                    while (windows.get(to).requests() == 0) {
                        to--;
                    }
                    boolean untilEnd = w == windows.size();
                    notes.add(String.format(Locale.ROOT, "%s got no request from %s%s while the others got %d "
                            + "(%.0f expected at its %.1f %% share): down, failing or taken out%s",
                            b.name(), covered.show(Instant.ofEpochMilli(windows.get(from).start())),
                            untilEnd ? " on" : " to " + covered.show(Instant.ofEpochMilli(windows.get(to).end())),
                            others, others * share, 100 * share, untilEnd ? "" : " for that time"));
                }
                runStart = -1;
            }
        }
        return notes;
    }

    private static String lastSeen(List<LbAnswer.Window> windows, int backend, TimeRange covered) {
        LbAnswer.Window first = null;
        LbAnswer.Window last = null;
        for (LbAnswer.Window w : windows) {
            if (w.perBackend()[backend] > 0) {
                if (first == null) {
                    first = w;
                }
                last = w;
            }
        }
        if (first == null) {
            return "";
        }
        return " (from " + covered.show(Instant.ofEpochMilli(first.start())) + " to " + covered.show(Instant.ofEpochMilli(last.end())) + ")";
    }

    private static String spread(List<LbAnswer.Row> rows) {
        var parts = new ArrayList<String>();
        long max = rows.stream().mapToLong(LbAnswer.Row::requests).max().orElse(0);
        long min = rows.stream().filter(r -> r.backend().expectsTraffic()).mapToLong(LbAnswer.Row::requests).min().orElse(0);
        for (LbAnswer.Row r : rows) {
            parts.add(String.format(Locale.ROOT, "%s %.1f %%", r.backend().name(), r.share()));
        }
        return String.join(", ", parts) + (min > 0 ? String.format(Locale.ROOT, " (busiest/quietest %.2f)", (double) max / min) : "");
    }

    private static String nameOf(String address, List<Backend> backends) {
        for (Backend b : backends) {
            if (address.equals(b.address())) {
                return b.name();
            }
        }
        return address;
    }

    private static String names(List<Backend> backends) {
        return String.join(", ", backends.stream().map(Backend::name).toList());
    }

    public static String showDuration(long ms) {
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
