package io.logpulse.discover.docker;

import java.io.Serializable;
import java.net.URI;
import java.util.Locale;

/**
 * Where the Docker Engine API answers: {@code DOCKER_HOST} as the docker CLI reads it
 * ({@code unix:///var/run/docker.sock} when unset, or {@code tcp://HOST:PORT}). A value, so it
 * travels inside the Flink job graph; the connection itself is made where it is used.
 */
public record DockerEndpoint(String host) implements Serializable {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    public DockerEndpoint {
        if (host == null || host.isBlank()) {
            host = DEFAULT_HOST;
        }
        host = host.strip();
        String scheme = URI.create(host).getScheme();
        if (scheme == null || !(scheme.equals("unix") || scheme.equals("tcp"))) {
            throw new IllegalArgumentException("DOCKER_HOST=" + host
                    + " is not supported: use unix:///path/to/docker.sock or tcp://HOST:PORT");
        }
    }

    /** {@code DOCKER_HOST} from the environment, or the default socket. */
    public static DockerEndpoint fromEnvironment() {
        return new DockerEndpoint(System.getenv("DOCKER_HOST"));
    }

    boolean unixSocket() {
        return host.toLowerCase(Locale.ROOT).startsWith("unix:");
    }

    /** The socket file of a {@code unix://} host. */
    String socketPath() {
        return URI.create(host).getPath();
    }

    @Override
    public String toString() {
        return host;
    }
}
