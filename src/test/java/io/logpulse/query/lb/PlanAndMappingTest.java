package io.logpulse.query.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.discover.NginxUpstreams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanAndMappingTest {

    @Test
    void weights() {
        Plan plan = Plan.fromWeights("lb01=6,lb02=2, lb03=2");
        assertThat(plan.backends()).extracting(Backend::label).containsExactly("lb01", "lb02", "lb03");
        assertThat(plan.backends()).extracting(Backend::weight).containsExactly(6.0, 2.0, 2.0);
        assertThat(plan.fixedShares()).isTrue();

        Plan zero = Plan.fromWeights("a=1,b=0");
        assertThat(zero.backends().get(1).role()).isEqualTo(Backend.Role.DOWN);

        Plan byAddress = Plan.fromWeights("127.0.0.1:5001=3,127.0.0.1=1");
        assertThat(byAddress.backends()).extracting(Backend::address).containsExactly("127.0.0.1:5001", "127.0.0.1:80");
        assertThat(byAddress.backends()).extracting(Backend::label).containsOnlyNulls();
    }

    @Test
    void malformedWeights() {
        for (String bad : List.of("", "lb01", "lb01=", "=6", "lb01=six", "lb01=-1", "lb01=1,lb01=2", "lb01=0,lb02=0", "lb01=6,,lb02=2",
                "lb01=1e3", "lb01=NaN")) {
            assertThatThrownBy(() -> Plan.fromWeights(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--weights");
        }
    }

    @Test
    void mapOption() {
        assertThat(BackendMapping.parse("127.0.0.1:5001=lb01,127.0.0.1=lb02"))
                .containsExactly(Map.entry("127.0.0.1:5001", "lb01"), Map.entry("127.0.0.1:80", "lb02"));
        assertThatThrownBy(() -> BackendMapping.parse("127.0.0.1:5001")).hasMessageContaining("ADDRESS=SOURCE");
        assertThatThrownBy(() -> BackendMapping.parse("a:1=x,a:1=y")).hasMessageContaining("mapped twice");
    }

    private static List<Backend> servers(String conf) {
        return Plan.fromUpstream(NginxUpstreams.parse(conf, Path.of(".")).get(0)).backends();
    }

    @Test
    void givenMappingWins() {
        var notes = new ArrayList<String>();
        var resolved = BackendMapping.resolve(servers("upstream u { server 127.0.0.1:5001; server 127.0.0.1:5002; }"),
                Map.of("127.0.0.1:5001", "b", "127.0.0.1:5002", "a"), Set.of("a", "b"), List.of(), notes);
        assertThat(resolved).extracting(Backend::label).containsExactly("b", "a");
        assertThat(notes).isEmpty();
    }

    @Test
    void serversNamedLikeSources() {
        var notes = new ArrayList<String>();
        var resolved = BackendMapping.resolve(servers("upstream u { server lb02:80; server lb01; server 10.0.0.9:80; }"),
                Map.of(), Set.of("lb01", "lb02", "lb03"), List.of(), notes);
        // lb02 and lb01 by name; the third is the one source left, by order.
        assertThat(resolved).extracting(Backend::label).containsExactly("lb02", "lb01", "lb03");
        assertThat(notes).singleElement().asString().contains("10.0.0.9:80 → lb03");
    }

    @Test
    void configurationOrderOnlyWhenTheCountsMatch() {
        var notes = new ArrayList<String>();
        var three = servers("upstream u { server 127.0.0.1:5001; server 127.0.0.1:5002; server 127.0.0.1:5003; }");
        assertThat(BackendMapping.resolve(three, Map.of(), Set.of("lb03", "lb01", "lb02"), List.of(), notes))
                .extracting(Backend::label).containsExactly("lb01", "lb02", "lb03");
        notes.clear();
        assertThat(BackendMapping.resolve(three, Map.of(), Set.of("lb01", "lb02", "lb03", "nginx"), List.of(), notes))
                .extracting(Backend::label).containsOnlyNulls();
        assertThat(notes).isEmpty();
    }

    @Test
    void weightsOrderAgainstProxyAddressesSortedByPort() {
        var notes = new ArrayList<String>();
        var resolved = BackendMapping.resolve(Plan.fromWeights("lb01=6,lb02=2,lb03=2").backends(), Map.of(), Set.of(),
                List.of("127.0.0.1:10000", "127.0.0.1:9001", "127.0.0.1:9999"), notes);
        assertThat(resolved).extracting(Backend::address).containsExactly("127.0.0.1:9001", "127.0.0.1:9999", "127.0.0.1:10000");
        assertThat(notes).singleElement().asString().startsWith("proxy addresses matched to --weights by order");
    }

    @Test
    void dockerPortBindingsAndLogMounts() {
        String inspect = """
                [
                  {"Name": "/nginx-lb01",
                   "Mounts": [{"Type": "bind", "Source": "/home/u/lb01", "Destination": "/var/log/apache2"}],
                   "NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "5001"},
                                                            {"HostIp": "::", "HostPort": "5001"}]}}},
                  {"Name": "/lb02",
                   "Mounts": [],
                   "NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "5002"}], "443/tcp": null}}},
                  {"Name": "/unrelated",
                   "Mounts": [{"Source": "/srv/other"}],
                   "NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}}}
                ]
                """;
        var files = List.of(new StoreTraffic.SourceFile("lb01", "/home/u/lb01/access.log", "apache-combined"),
                new StoreTraffic.SourceFile("lb02", "/somewhere/else/lb02/access.log", "combined"));
        var notes = new ArrayList<String>();
        Map<String, String> map = DockerPorts.fromInspect(inspect, files, Set.of("lb01", "lb02"), notes);
        assertThat(map).containsEntry("127.0.0.1:5001", "lb01").containsEntry("127.0.0.1:5002", "lb02")
                .doesNotContainKey("127.0.0.1:8080");
        assertThat(notes).isEmpty();
    }
}
