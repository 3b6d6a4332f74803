package io.logpulse.query.lb;

import io.logpulse.query.Report;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link LbAnswer} as tables: the backends (for every output), the timeline (wide for people, one row
 * per window and backend for programs) and the clients that reached more than one backend.
 *
 * <p>Shares are percentages; deviations are percentage points; times are in seconds.
 */
public final class LbReports {

    /** Columns of the backends table for CSV and JSON: always the same, empty where a value does not apply. */
    public static final List<String> BACKEND_COLUMNS = List.of("source", "requests", "share", "expected_share", "deviation_pp",
            "z", "verdict", "role", "weight", "address", "status_2xx", "status_3xx", "status_4xx", "status_5xx", "status_other",
            "proxy_requests", "failed_attempts", "upstream_p50", "upstream_p95", "limits");

    private LbReports() {
    }

    /** The per-backend table; {@code forPeople} leaves out columns that are empty for every backend. */
    public static Report backends(LbAnswer a, boolean forPeople) {
        List<List<Object>> full = new ArrayList<>();
        for (LbAnswer.Row r : a.rows()) {
            long[] s = r.statusClasses();
            full.add(Arrays.asList(r.backend().name(), r.requests(), round(r.share(), 2), round(r.expectedShare(), 2),
                    round(r.deviation(), 2), round(r.z(), 2), r.verdict(), r.backend().role().label(), weight(r.backend().weight()),
                    r.backend().address(), s[2], s[3], s[4], s[5], s[0] + s[1], r.proxyRequests(), r.failedAttempts(),
                    r.upstreamP50(), r.upstreamP95(), r.backend().limits().isEmpty() ? null : r.backend().limits()));
        }
        List<String> columns = BACKEND_COLUMNS;
        List<List<Object>> rows = full;
        if (forPeople) {
            var keep = new ArrayList<Integer>();
            for (int c = 0; c < columns.size(); c++) {
                String name = columns.get(c);
                boolean always = List.of("source", "requests", "share", "expected_share", "verdict").contains(name);
                boolean useful = false;
                for (List<Object> row : full) {
                    Object v = row.get(c);
                    useful |= v != null && !(name.equals("status_other") && v.equals(0L))
                            && !(name.equals("role") && v.equals("active"));
                }
                if (always || useful) {
                    keep.add(c);
                }
            }
            columns = keep.stream().map(BACKEND_COLUMNS::get).toList();
            rows = new ArrayList<>();
            for (List<Object> row : full) {
                var cells = new ArrayList<Object>();
                for (int c : keep) {
                    cells.add(row.get(c) == null ? "-" : row.get(c));
                }
                rows.add(cells);
            }
        }
        return new Report("load balancing: requests per backend against " + a.plan().origin(), meta(a), notes(a), columns, rows);
    }

    /** The timeline with one column per backend: for a terminal. */
    public static Report timelineWide(LbAnswer a) {
        var columns = new ArrayList<String>(List.of("window_start", "requests"));
        for (LbAnswer.Row r : a.rows()) {
            columns.add(r.backend().name());
        }
        columns.addAll(List.of("verdict", "p"));
        List<List<Object>> rows = new ArrayList<>();
        for (LbAnswer.Window w : a.timeline()) {
            var cells = new ArrayList<Object>();
            cells.add(a.covered().show(Instant.ofEpochMilli(w.start())));
            cells.add(w.requests());
            for (long n : w.perBackend()) {
                cells.add(w.requests() == 0 ? (Object) 0L : n + " (" + Math.round(100.0 * n / w.requests()) + "%)");
            }
            cells.add(w.verdict());
            cells.add(w.pValue() == null ? "-" : showP(w.pValue()));
            rows.add(cells);
        }
        var meta = new LinkedHashMap<String, Object>();
        meta.put("by", LbQuery.showDuration(a.bucketMillis()));
        return new Report("timeline per " + LbQuery.showDuration(a.bucketMillis()), meta, List.of(), columns, rows);
    }

    /** The timeline with one row per window and backend: for CSV and JSON. */
    public static Report timelineLong(LbAnswer a) {
        List<String> columns = List.of("window_start", "window_end", "source", "requests", "share", "expected_share",
                "window_requests", "window_verdict", "window_p");
        List<List<Object>> rows = new ArrayList<>();
        for (LbAnswer.Window w : a.timeline()) {
            for (int i = 0; i < a.rows().size(); i++) {
                LbAnswer.Row r = a.rows().get(i);
                long n = w.perBackend()[i];
                rows.add(Arrays.asList(a.covered().show(Instant.ofEpochMilli(w.start())),
                        a.covered().show(Instant.ofEpochMilli(w.end())), r.backend().name(), n,
                        w.requests() == 0 ? null : round(100.0 * n / w.requests(), 2), round(r.expectedShare(), 2),
                        w.requests(), w.verdict(), w.pValue()));
            }
        }
        return new Report("timeline per " + LbQuery.showDuration(a.bucketMillis()), meta(a), notes(a), columns, rows);
    }

    /** Clients seen on more than one backend; {@code limit} rows at most (0 for all). */
    public static Report clients(LbAnswer a, int limit) {
        LbAnswer.Stickiness s = a.stickiness();
        List<List<Object>> rows = new ArrayList<>();
        for (ClientSpread.Client c : s.spread()) {
            if (limit > 0 && rows.size() == limit) {
                break;
            }
            var parts = new ArrayList<String>();
            c.backends().forEach((backend, n) -> parts.add(backend + " " + n));
            rows.add(List.of(c.client(), c.requests(), (long) c.backends().size(), String.join(", ", parts)));
        }
        var meta = new LinkedHashMap<String, Object>();
        meta.put("clients from", s.source());
        meta.put("clients", s.clients());
        meta.put("on more than one backend", s.spread().size());
        var notes = new ArrayList<String>();
        if (limit > 0 && s.spread().size() > limit) {
            notes.add("showing the " + limit + " with the most requests (all of them with --output json)");
        }
        return new Report("clients that reached more than one backend", meta, notes,
                List.of("client", "requests", "backends", "spread"), rows);
    }

    /** Everything as one JSON-ready document. */
    public static Map<String, Object> document(LbAnswer a) {
        var doc = new LinkedHashMap<String, Object>(meta(a));
        doc.put("p_value", a.test() == null ? null : a.test().pValue());
        doc.put("notes", notes(a));
        doc.put("backends", objects(backends(a, false)));
        if (a.bucketMillis() != null) {
            doc.put("timeline", objects(timelineLong(a)));
        }
        if (a.stickiness() != null) {
            var s = new LinkedHashMap<String, Object>();
            s.put("clients_from", a.stickiness().source());
            s.put("clients", a.stickiness().clients());
            s.put("sticky", a.stickiness().sticky());
            s.put("spread", a.stickiness().spread().stream().map(c -> {
                var m = new LinkedHashMap<String, Object>();
                m.put("client", c.client());
                m.put("requests", c.requests());
                m.put("backends", c.backends());
                return m;
            }).toList());
            doc.put("stickiness", s);
        }
        return doc;
    }

    private static List<Map<String, Object>> objects(Report report) {
        var out = new ArrayList<Map<String, Object>>();
        for (List<Object> row : report.rows()) {
            var m = new LinkedHashMap<String, Object>();
            for (int c = 0; c < report.columns().size(); c++) {
                m.put(report.columns().get(c), row.get(c));
            }
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> meta(LbAnswer a) {
        var meta = new LinkedHashMap<String, Object>();
        meta.put("from", a.covered().show(a.covered().from()));
        meta.put("to", a.covered().show(a.covered().to()));
        meta.put("window", LbQuery.showDuration(a.windowMillis()));
        meta.put("requests", a.rows().stream().mapToLong(LbAnswer.Row::requests).sum());
        meta.put("counted from", a.countedFrom());
        meta.put("expected from", a.plan().origin());
        meta.put("method", a.plan().method());
        a.plan().settings().forEach((name, value) -> meta.put(name, value));
        if (a.test() != null) {
            GoodnessOfFit.Result t = a.test();
            meta.put("test", String.format(Locale.ROOT, "%s over %d requests, X² = %.2f, df = %d, p %s", t.method().label(),
                    t.n(), t.statistic(), t.df(), t.pValue() == 0 ? showP(0) : "= " + showP(t.pValue())));
        }
        meta.put("verdict", switch (a.verdict()) {
            case "balanced" -> "balanced (p >= " + GoodnessOfFit.ALPHA + ", nothing sent where nothing is expected)";
            case "skewed" -> a.test() != null && !a.test().balanced()
                    ? "skewed (p < " + GoodnessOfFit.ALPHA + ")"
                    : "skewed (traffic went where none is expected)";
            case "n/a" -> "n/a (" + a.plan().method() + " has no fixed shares)";
            default -> a.verdict();
        });
        if (a.stickiness() != null) {
            LbAnswer.Stickiness s = a.stickiness();
            meta.put("stickiness", s.sticky()
                    ? "sticky: none of " + s.clients() + " clients reached more than one backend"
                    : "not sticky: " + s.spread().size() + " of " + s.clients() + " clients reached more than one backend");
        }
        a.meta().forEach(meta::put);
        return meta;
    }

    private static List<String> notes(LbAnswer a) {
        var notes = new ArrayList<String>();
        if (a.widened()) {
            notes.add("[" + a.requested().show(a.requested().from()) + ", " + a.requested().show(a.requested().to())
                    + ") does not fall on " + LbQuery.showDuration(a.windowMillis()) + " window edges: counted the whole windows ["
                    + a.covered().show(a.covered().from()) + ", " + a.covered().show(a.covered().to()) + ")");
        }
        notes.addAll(a.notes());
        return notes;
    }

    static String showP(double p) {
        if (p >= 0.001) {
            return String.format(Locale.ROOT, "%.3f", p);
        }
        return p == 0 ? "< 1e-300" : String.format(Locale.ROOT, "%.1e", p);
    }

    private static Double round(Double value, int digits) {
        if (value == null) {
            return null;
        }
        double scale = Math.pow(10, digits);
        double rounded = Math.round(value * scale) / scale;
        return rounded == 0 ? 0.0 : rounded;
    }

    private static Object weight(double weight) {
        return weight == Math.rint(weight) ? (Object) (long) weight : (Object) weight;
    }
}
