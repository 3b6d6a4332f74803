package io.logpulse.cli;

import io.logpulse.discover.docker.ContainerInfo;
import io.logpulse.discover.docker.ContainerLogs;
import io.logpulse.discover.docker.ContainerReport;
import io.logpulse.discover.docker.DockerApi;
import io.logpulse.discover.docker.DockerEndpoint;
import io.logpulse.discover.docker.DockerUnavailable;
import io.logpulse.query.Report;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "containers", mixinStandardHelpOptions = true,
        description = "List Docker containers and what `run --docker` makes of them: the access log each one writes "
                + "on this host (through its bind mount), its format, and whether it is followed, waiting for its "
                + "first log, or not followable (and why, with what to do).%n"
                + "Uses DOCKER_HOST (default unix:///var/run/docker.sock). Read only: nothing is changed.",
        footer = {"%nExamples:",
                "  logpulse containers",
                "  DOCKER_HOST=tcp://127.0.0.1:2375 logpulse containers --output json",
                "%nLabels a container may carry:",
                "  logpulse.logs=/DIR     the directory inside the container its access log is in (bind-mount it)",
                "  logpulse.format=F      its log format (as --format: main, combined, common, a log_format string ...)"})
final class ContainersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DockerEndpoint endpoint;
        try {
            endpoint = DockerEndpoint.fromEnvironment();
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        List<ContainerReport> reports = new ArrayList<>();
        var meta = new LinkedHashMap<String, Object>();
        try (DockerApi api = DockerApi.connect(endpoint)) {
            for (ContainerInfo container : api.containers()) {
                reports.add(ContainerLogs.examine(container));
            }
            meta.put("docker", endpoint.host());
            meta.put("version", api.daemonVersion() + " (API " + api.apiVersion() + ")");
        } catch (DockerUnavailable e) {
            throw new UserException(e.getMessage());
        }
        reports.sort(Comparator.comparing((ContainerReport r) -> !r.container().running())
                .thenComparing(r -> r.container().name()));
        meta.put("containers", reports.size());
        meta.put("following", reports.stream().filter(r -> r.state() == ContainerReport.State.FOLLOWING).count());

        var rows = new ArrayList<List<Object>>();
        var notes = new ArrayList<String>();
        for (ContainerReport report : reports) {
            ContainerInfo c = report.container();
            if (report.logs().isEmpty()) {
                rows.add(List.of(c.name(), c.image(), "-", "-", report.describe()));
            }
            for (ContainerReport.Log log : report.logs()) {
                rows.add(List.of(c.name(), c.image(), log.path(), log.format(), report.describe()));
            }
            for (String warning : report.warnings()) {
                notes.add(c.name() + ": " + warning);
            }
        }
        if (reports.isEmpty() && output.format == OutputFormat.table) {
            out.println("no containers at " + endpoint.host() + " (docker ps -a shows none)");
            out.flush();
            return 0;
        }
        var report = new Report("containers and their access logs", meta, notes,
                List.of("name", "image", "log", "format", "state"), rows);
        output.format.print(report, out, err);
        return 0;
    }
}
