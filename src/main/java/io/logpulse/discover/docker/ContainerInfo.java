package io.logpulse.discover.docker;

import java.util.List;
import java.util.Map;

/**
 * What logpulse needs to know of one container, from {@code GET /containers/{id}/json}.
 *
 * @param name the name without Docker's leading slash ({@code nginx-lb01})
 * @param image the image as it was asked for ({@code nginx:1.19})
 * @param state Docker's word for it: {@code running}, {@code exited}, {@code created} ...
 * @param binds its mounts of type {@code bind}: host source and container destination
 * @param rootfs where the container's merged file system is on this host (overlay2), if Docker says
 */
public record ContainerInfo(String id, String name, String image, String state, Map<String, String> labels,
        List<Bind> binds, String rootfs) {

    public static final String LABEL_LOGS = "logpulse.logs";
    public static final String LABEL_FORMAT = "logpulse.format";
    static final String LABEL_COMPOSE_SERVICE = "com.docker.compose.service";
    static final String LABEL_COMPOSE_PROJECT = "com.docker.compose.project";

    /** A bind mount: the host's {@code source} directory (or file) seen at {@code destination} inside. */
    public record Bind(String source, String destination) {
    }

    public ContainerInfo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        binds = List.copyOf(binds);
    }

    public boolean running() {
        return "running".equals(state) || "restarting".equals(state);
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** The compose service it runs ({@code web}), or null for a container started by hand. */
    public String composeService() {
        return labels.get(LABEL_COMPOSE_SERVICE);
    }
}
