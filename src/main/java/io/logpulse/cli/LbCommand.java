package io.logpulse.cli;

import io.logpulse.discover.NginxUpstreams;
import io.logpulse.query.lb.BackendMapping;
import io.logpulse.query.lb.GoodnessOfFit;
import io.logpulse.query.lb.LbAnswer;
import io.logpulse.query.lb.LbQuery;
import io.logpulse.query.lb.LbReports;
import io.logpulse.query.lb.OptionException;
import io.logpulse.query.lb.Plan;
import io.logpulse.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "lb", mixinStandardHelpOptions = true,
        description = {"Does traffic follow the load balancer's weights? Per backend: requests in [--from, --to), share, "
                + "expected share, deviation (percentage points), status classes, and a verdict from a goodness-of-fit test "
                + "(chi-square; exact or simulated for small samples): balanced when p >= " + GoodnessOfFit.ALPHA
                + ", a backend flagged over/under when its standardized residual |z| > 3.",
                "Backends are sources in the store (each backend log's directory: lb01/access.log -> lb01). With "
                + "--proxy-log, the proxy's own log (its format logging $upstream_addr) adds retries, "
                + "$upstream_response_time p50/p95 and client stickiness, and gives the counts itself when no backend "
                + "log was ingested."},
        footer = {"%nExpectation: --weights NAME=W,... (round robin), or --nginx-conf with the upstream block "
                + "(weight, down, backup; least_conn, ip_hash, hash and random two have no fixed shares: the observed "
                + "spread is shown, and for ip_hash whether each client stayed on one backend). Neither: equal shares.",
                "%nMapping upstream addresses to sources: --map 127.0.0.1:5001=lb01,..., --map docker (published ports "
                + "and log mounts of running containers), a server written as a source name (server lb01:80), else by "
                + "order (the report says so).",
                "%nOutput: table; csv is the per-backend table (source,requests,share,expected_share,...), or with --by the "
                + "timeline, one row per window and backend; json holds everything.",
                "%nExamples (the field guide's load-balancer lab):",
                "  logpulse ingest lb01/access.log lb02/access.log lb03/access.log",
                "  logpulse lb --weights lb01=6,lb02=2,lb03=2",
                "  logpulse lb --weights lb01=6,lb02=2,lb03=2 --by 5m --from '01/Feb/2025:10:00:00 +0900'",
                "  logpulse lb --nginx-conf /etc/nginx/nginx.conf --upstream backend-lb --map docker",
                "  logpulse lb --nginx-conf nginx.conf --proxy-log /var/log/nginx/access.log --proxy-format "
                        + "'$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" "
                        + "\"$http_user_agent\" \"$http_x_forwarded_for\" upstream=$upstream_addr urt=$upstream_response_time'",
                "  logpulse lb --weights lb01=6,lb02=2,lb03=2 --output csv > lb.csv"})
final class LbCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Mixin
    RangeOptions range;

    @Option(names = "--weights", paramLabel = "NAME=W,...",
            description = "Expected weights per source, e.g. lb01=6,lb02=2,lb03=2 (0: should get nothing). "
                    + "A name with a colon, or an IP, is an upstream address (127.0.0.1:5001=6).")
    String weights;

    @Option(names = "--nginx-conf", paramLabel = "FILE",
            description = "nginx configuration to take the upstream from (includes are followed).")
    Path nginxConf;

    @Option(names = "--upstream", paramLabel = "NAME", description = "Which upstream of --nginx-conf (needed when it has several).")
    String upstream;

    @Option(names = "--map", paramLabel = "ADDR=SOURCE,...|docker",
            description = "Which upstream address is which source: 127.0.0.1:5001=lb01,..., or 'docker' to read the "
                    + "port bindings and log mounts of running containers.")
    String map;

    @Option(names = "--proxy-log", paramLabel = "FILE",
            description = "The load balancer's own access log (plain or .gz), read in one pass; its format must log $upstream_addr.")
    Path proxyLog;

    @Option(names = "--proxy-format", paramLabel = "F",
            description = "Format of --proxy-log (default: the one it was ingested with).")
    String proxyFormat;

    @Option(names = "--by", paramLabel = "DURATION", converter = Converters.Length.class,
            description = "Add a timeline in steps of DURATION (a multiple of the store's window), e.g. 1m, 5m, 1h.")
    Duration by;

    @Option(names = "--sticky", description = "Check that each client stayed on one backend even when the method is not ip_hash.")
    boolean sticky;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        Plan plan = plan();
        Map<String, String> addresses = Map.of();
        boolean docker = false;
        if (map != null) {
            if (map.strip().equals("docker")) {
                docker = true;
            } else {
                addresses = parseMap(map);
            }
        }
        if (proxyFormat != null && proxyLog == null) {
            throw new ParameterException(spec.commandLine(), "--proxy-format needs --proxy-log");
        }
        range.check(spec);
        var request = new LbQuery.Request(range.fromInstant(), range.toInstant(), range.shownIn(),
                plan, addresses, docker, proxyLog, proxyFormat, by == null ? null : by.toMillis(), sticky);
        LbAnswer answer;
        boolean storeFile = Files.exists(database.location().dataFile());
        try {
            if (!storeFile && proxyLog != null) {
                answer = new LbQuery(null).run(request);
            } else {
                try (Database db = Database.openForQuestion(database.location())) {
                    answer = new LbQuery(db.handle()).run(request);
                }
            }
        } catch (OptionException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        print(answer);
        return 0;
    }

    private Plan plan() {
        if (weights != null && nginxConf != null) {
            throw new ParameterException(spec.commandLine(), "--weights and --nginx-conf cannot be used together: "
                    + "give the expected weights one way");
        }
        if (upstream != null && nginxConf == null) {
            throw new ParameterException(spec.commandLine(), "--upstream needs --nginx-conf");
        }
        if (weights != null) {
            try {
                return Plan.fromWeights(weights);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (nginxConf == null) {
            return null;
        }
        List<NginxUpstreams.Upstream> upstreams;
        try {
            upstreams = NginxUpstreams.read(nginxConf);
        } catch (NginxUpstreams.ConfigException e) {
            throw new UserException("--nginx-conf: " + e.getMessage());
        }
        List<String> names = upstreams.stream().map(NginxUpstreams.Upstream::name).toList();
        if (upstreams.isEmpty()) {
            throw new UserException("--nginx-conf " + nginxConf + " has no upstream block");
        }
        if (upstream != null) {
            return Plan.fromUpstream(upstreams.stream().filter(u -> u.name().equals(upstream)).findFirst()
                    .orElseThrow(() -> new ParameterException(spec.commandLine(), "--upstream " + upstream + ": "
                            + nginxConf + " has no such upstream (it has " + String.join(", ", names) + ")")));
        }
        if (upstreams.size() > 1) {
            throw new ParameterException(spec.commandLine(), nginxConf + " has " + upstreams.size() + " upstreams ("
                    + String.join(", ", names) + "): choose one with --upstream");
        }
        return Plan.fromUpstream(upstreams.get(0));
    }

    private Map<String, String> parseMap(String value) {
        try {
            return BackendMapping.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void print(LbAnswer answer) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        switch (output.format) {
            case table -> {
                OutputFormat.table.print(LbReports.backends(answer, true), out, err);
                if (answer.bucketMillis() != null) {
                    out.println();
                    OutputFormat.table.print(LbReports.timelineWide(answer), out, err);
                }
                if (answer.stickiness() != null && !answer.stickiness().sticky()) {
                    out.println();
                    OutputFormat.table.print(LbReports.clients(answer, 20), out, err);
                }
            }
            case csv -> OutputFormat.csv.print(answer.bucketMillis() != null ? LbReports.timelineLong(answer)
                    : LbReports.backends(answer, false), out, err);
            case json -> {
                try {
                    Json.MAPPER.writeValue(out, LbReports.document(answer));
                    out.println();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        out.flush();
    }
}
