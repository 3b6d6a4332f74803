package io.logpulse.discover.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.discover.docker.ContainerInfo.Bind;
import io.logpulse.discover.docker.ContainerReport.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code compose.yaml} reproduces the field guide's lab, and logpulse would follow every container
 * in it: checked by parsing it (no engine needed), and by feeding its services, as Docker would
 * run them, to the discovery logic.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("compose.yaml");

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws Exception {
        Object document = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(COMPOSE));
        assertThat(document).isInstanceOf(Map.class);
        return (Map<String, Object>) ((Map<String, Object>) document).get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws Exception {
        Object service = services().get(name);
        assertThat(service).as("service %s", name).isInstanceOf(Map.class);
        return (Map<String, Object>) service;
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumes(Map<String, Object> service) {
        return (List<String>) service.get("volumes");
    }

    @Test
    void anNginxProxyInMainFormatOverThreeApacheBackends() throws Exception {
        assertThat(services()).containsOnlyKeys("nginx-proxy", "nginx-lb01", "nginx-lb02", "nginx-lb03");

        Map<String, Object> proxy = service("nginx-proxy");
        assertThat(proxy.get("image")).isEqualTo("nginx:1.19");
        assertThat(volumes(proxy)).contains("./lab/nginx.conf:/etc/nginx/nginx.conf:ro", "./lab/nginx-log:/var/log/nginx");
        assertThat(proxy.get("labels")).isEqualTo(Map.of("logpulse.format", "main"));
        for (int i = 1; i <= 3; i++) {
            Map<String, Object> backend = service("nginx-lb0" + i);
            assertThat(backend.get("container_name")).isEqualTo("nginx-lb0" + i);
            assertThat(backend.get("hostname")).isEqualTo("nginx-lb0" + i);
            assertThat(String.valueOf(backend.get("image"))).contains("apache");
            assertThat(volumes(backend)).contains("./lab/lb0" + i + ":/var/log/apache2");
            assertThat(backend.get("ports")).isEqualTo(List.of("500" + i + ":80"));
        }
        for (String volume : volumes(proxy)) {
            Path source = Path.of(volume.split(":")[0]);
            if (volume.endsWith(":ro")) {
                assertThat(source).as("a file the lab ships").isRegularFile();
            }
        }
    }

    @Test
    void theProxyBalancesSixTwoTwoAndLogsMain() throws Exception {
        String conf = Files.readString(Path.of("lab/nginx.conf"));

        assertThat(conf).contains("access_log  /var/log/nginx/access.log  main;");
        assertThat(conf).containsPattern(Pattern.compile(
                "log_format\\s+main\\s+'\\$remote_addr - \\$remote_user \\[\\$time_local\\] \"\\$request\" '\\s*"
                        + "'\\$status \\$body_bytes_sent \"\\$http_referer\" '\\s*"
                        + "'\"\\$http_user_agent\" \"\\$http_x_forwarded_for\"';"));
        var weights = new LinkedHashMap<String, Integer>();
        var server = Pattern.compile("server\\s+(nginx-lb0\\d):80\\s+weight=(\\d+);").matcher(conf);
        while (server.find()) {
            weights.put(server.group(1), Integer.parseInt(server.group(2)));
        }
        assertThat(weights).containsExactly(Map.entry("nginx-lb01", 6), Map.entry("nginx-lb02", 2),
                Map.entry("nginx-lb03", 2));
        assertThat(conf).contains("proxy_pass http://backend-lb;");
    }

    @Test
    void everyServiceOfTheLabWouldBeFollowedUnderItsName() throws Exception {
        var reports = new ArrayList<ContainerReport>();
        for (Map.Entry<String, Object> entry : services().entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> service = (Map<String, Object>) entry.getValue();
            var binds = new ArrayList<Bind>();
            for (String volume : volumes(service)) {
                String[] parts = volume.split(":");
                Path source = dir.resolve(parts[0].replace("./", ""));
                if (!parts[1].startsWith("/var/log")) {
                    continue;
                }
                // What the servers write there once they run (the official images' formats).
                boolean nginx = String.valueOf(service.get("image")).startsWith("nginx");
                Lines.append(source.resolve("access.log"), nginx ? Lines.main("172.18.0.1", "/")
                        : Lines.combined("172.18.0.2", "/"));
                binds.add(new Bind(source.toString(), parts[1]));
            }
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) service.getOrDefault("labels", Map.of());
            String name = String.valueOf(service.getOrDefault("container_name", entry.getKey()));
            reports.add(ContainerLogs.examine(new ContainerInfo("id-" + name, name, String.valueOf(service.get("image")),
                    "running", labels, binds, null)));
        }

        assertThat(reports).allSatisfy(r -> {
            assertThat(r.state()).as(r.container().name()).isEqualTo(State.FOLLOWING);
            assertThat(r.warnings()).as(r.container().name()).isEmpty();
        });
        assertThat(reports).extracting(r -> r.container().name() + " " + r.logs().get(0).format())
                .containsExactlyInAnyOrder("nginx-proxy main", "nginx-lb01 combined", "nginx-lb02 combined",
                        "nginx-lb03 combined");
    }
}
