package io.logpulse.query.lb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.query.QueryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code --map docker}: the published ports of running containers tell which container an upstream
 * address is ({@code -p 5001:80} → {@code 127.0.0.1:5001}); the container's bind mounts tell which
 * source its log is ({@code -v `pwd`/lb01:/var/log/apache2} → files under {@code lb01/}, source {@code lb01}).
 * A container whose mounts hold no ingested file is matched by its name instead.
 */
final class DockerPorts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerPorts() {
    }

    /** Runs {@code docker ps} and {@code docker inspect}; address to source label. */
    static Map<String, String> discover(List<StoreTraffic.SourceFile> files, Set<String> labels, List<String> notes) {
        String ids = run(List.of("docker", "ps", "--quiet", "--no-trunc"));
        if (ids.isBlank()) {
            notes.add("--map docker: no container is running");
            return Map.of();
        }
        var inspect = new ArrayList<>(List.of("docker", "inspect"));
        inspect.addAll(List.of(ids.strip().split("\\s+")));
        return fromInspect(run(inspect), files, labels, notes);
    }

    /** Address to source label from {@code docker inspect} output. */
    static Map<String, String> fromInspect(String inspectJson, List<StoreTraffic.SourceFile> files, Set<String> labels,
            List<String> notes) {
        JsonNode containers;
        try {
            containers = JSON.readTree(inspectJson);
        } catch (IOException e) {
            throw new QueryException("--map docker: cannot read `docker inspect` output: " + e.getMessage());
        }
        var map = new LinkedHashMap<String, String>();
        for (JsonNode c : containers) {
            String name = c.path("Name").asText("").replaceFirst("^/", "");
            String label = labelOf(c, name, files, labels);
            if (label == null) {
                continue;
            }
            var ports = c.path("NetworkSettings").path("Ports");
            ports.properties().forEach(port -> {
                for (JsonNode binding : port.getValue()) {
                    String hostPort = binding.path("HostPort").asText("");
                    if (hostPort.isEmpty()) {
                        continue;
                    }
                    String ip = binding.path("HostIp").asText("");
                    for (String host : hostsFor(ip)) {
                        map.putIfAbsent(host + ":" + hostPort, label);
                    }
                }
            });
        }
        if (map.isEmpty()) {
            notes.add("--map docker: no running container publishes a port and writes a log that is in the store");
        }
        return map;
    }

    private static String labelOf(JsonNode container, String name, List<StoreTraffic.SourceFile> files, Set<String> labels) {
        for (JsonNode mount : container.path("Mounts")) {
            String source = mount.path("Source").asText("");
            if (source.isEmpty()) {
                continue;
            }
            Path dir = Path.of(source).normalize();
            for (StoreTraffic.SourceFile f : files) {
                if (Path.of(f.path()).normalize().startsWith(dir)) {
                    return f.source();
                }
            }
        }
        return labels.contains(name) ? name : null;
    }

    /** A binding on all interfaces is reached as 127.0.0.1 from the host's nginx. */
    private static List<String> hostsFor(String ip) {
        return switch (ip) {
            case "", "0.0.0.0" -> List.of("127.0.0.1", "0.0.0.0");
            case "::" -> List.of("[::1]", "127.0.0.1");
            default -> List.of(ip.contains(":") ? "[" + ip + "]" : ip);
        };
    }

    private static String run(List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("logpulse-docker", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new QueryException("--map docker: `" + String.join(" ", command.subList(0, 2)) + "` did not finish in 30 s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new QueryException("--map docker: `" + String.join(" ", command.subList(0, 2)) + "` failed: "
                        + text.strip().lines().findFirst().orElse("exit " + p.exitValue()));
            }
            return text;
        } catch (IOException e) {
            throw new QueryException("--map docker: cannot run docker: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException("--map docker: interrupted");
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
