package io.logpulse.discover.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The read-only part of the Docker Engine API that logpulse uses, through docker-java: ping and
 * version (to agree on an API version), list and inspect containers, and the stream of container
 * events. Nothing here changes a container.
 *
 * <p>The API version is negotiated as the docker CLI does it: {@code /version} is asked without a
 * version, and the lower of the daemon's version and the newest one docker-java knows is used.
 */
public final class DockerApi implements Closeable {

    /** The oldest API with what discovery needs (mount types, event filters): Docker 1.12. */
    static final RemoteApiVersion OLDEST = RemoteApiVersion.VERSION_1_24;
    /** The newest API docker-java 3.7 knows. */
    static final RemoteApiVersion NEWEST = RemoteApiVersion.VERSION_1_44;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(15);

    /** The container events that change what there is to follow. */
    private static final String[] EVENTS = {"start", "die", "destroy", "rename"};

    private final DockerEndpoint endpoint;
    private final DockerClient client;
    private final String apiVersion;
    private final String daemonVersion;

    private DockerApi(DockerEndpoint endpoint, DockerClient client, String apiVersion, String daemonVersion) {
        this.endpoint = endpoint;
        this.client = client;
        this.apiVersion = apiVersion;
        this.daemonVersion = daemonVersion;
    }

    /**
     * Connects and agrees on an API version.
     *
     * @throws DockerUnavailable with the user's one line when the daemon cannot be used
     */
    public static DockerApi connect(DockerEndpoint endpoint) {
        DockerClient probe = client(endpoint, RemoteApiVersion.unknown(), RESPONSE_TIMEOUT);
        try {
            probe.pingCmd().exec();
            Version version = probe.versionCmd().exec();
            RemoteApiVersion daemon = RemoteApiVersion.parseConfigWithDefault(version.getApiVersion());
            if (!daemon.isGreaterOrEqual(OLDEST)) {
                throw new DockerUnavailable(DockerUnavailable.Reason.UNUSABLE, "the Docker daemon at " + endpoint
                        + " speaks API " + version.getApiVersion() + "; logpulse needs " + OLDEST.getVersion()
                        + " or newer (Docker 1.12+)", null);
            }
            RemoteApiVersion agreed = daemon.isGreater(NEWEST) ? NEWEST : daemon;
            return new DockerApi(endpoint, client(endpoint, agreed, RESPONSE_TIMEOUT), agreed.getVersion(),
                    version.getVersion());
        } catch (RuntimeException e) {
            throw DockerUnavailable.of(endpoint, e);
        } finally {
            closeQuietly(probe);
        }
    }

    private static DockerClient client(DockerEndpoint endpoint, RemoteApiVersion version, Duration responseTimeout) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.host())
                .withApiVersion(version)
                .build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(endpoint.host()))
                .sslConfig(config.getSSLConfig())
                .maxConnections(8)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(responseTimeout)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    public DockerEndpoint endpoint() {
        return endpoint;
    }

    /** The API version both sides speak ({@code 1.41}). */
    public String apiVersion() {
        return apiVersion;
    }

    /** The daemon's own version ({@code 20.10.24}). */
    public String daemonVersion() {
        return daemonVersion;
    }

    /** The ids of every container, running or not, newest first. */
    public List<String> containerIds() {
        try {
            var ids = new ArrayList<String>();
            for (Container container : client.listContainersCmd().withShowAll(true).exec()) {
                ids.add(container.getId());
            }
            return ids;
        } catch (RuntimeException e) {
            throw DockerUnavailable.of(endpoint, e);
        }
    }

    /** One container, or empty if it is gone (removed between the listing and now). */
    public Optional<ContainerInfo> inspect(String id) {
        try {
            return Optional.of(toInfo(client.inspectContainerCmd(id).exec()));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw DockerUnavailable.of(endpoint, e);
        }
    }

    /** Every container, running or not. */
    public List<ContainerInfo> containers() {
        var containers = new ArrayList<ContainerInfo>();
        for (String id : containerIds()) {
            inspect(id).ifPresent(containers::add);
        }
        return containers;
    }

    /**
     * Subscribes to container events. {@code onEvent} gets the container id of each start, die,
     * destroy and rename; {@code onEnd} is called once when the stream ends or fails (the daemon
     * stopped). Runs on docker-java's own thread; closing the returned handle ends it.
     */
    public Closeable events(Consumer<String> onEvent, Consumer<Throwable> onEnd) {
        DockerClient streaming = client(endpoint, RemoteApiVersion.parseConfig(apiVersion), null);
        var callback = new ResultCallback.Adapter<Event>() {
            private volatile boolean ended;

            @Override
            public void onNext(Event event) {
                onEvent.accept(event.getId());
            }

            @Override
            public void onError(Throwable error) {
                end(error);
            }

            @Override
            public void onComplete() {
                end(null);
            }

            private void end(Throwable error) {
                if (!ended) {
                    ended = true;
                    onEnd.accept(error);
                }
            }
        };
        try {
            streaming.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter(EVENTS).exec(callback);
        } catch (RuntimeException e) {
            closeQuietly(streaming);
            throw DockerUnavailable.of(endpoint, e);
        }
        return () -> {
            closeQuietly(callback);
            closeQuietly(streaming);
        };
    }

    static ContainerInfo toInfo(InspectContainerResponse inspect) {
        String name = inspect.getName() == null ? inspect.getId() : inspect.getName().replaceFirst("^/", "");
        var config = inspect.getConfig();
        String image = config != null && config.getImage() != null ? config.getImage() : inspect.getImageId();
        Map<String, String> labels = config != null && config.getLabels() != null ? config.getLabels() : Map.of();
        String state = inspect.getState() != null && inspect.getState().getStatus() != null
                ? inspect.getState().getStatus() : "unknown";
        // docker-java's typed model drops a mount's Type and the overlay's MergedDir: read them from
        // the response as the daemon sent it.
        Map<String, Object> raw = inspect.getRawValues();
        var binds = new ArrayList<ContainerInfo.Bind>();
        if (raw.get("Mounts") instanceof List<?> mounts) {
            for (Object m : mounts) {
                if (m instanceof Map<?, ?> mount && "bind".equals(mount.get("Type"))
                        && mount.get("Source") instanceof String source && !source.isEmpty()
                        && mount.get("Destination") instanceof String destination) {
                    binds.add(new ContainerInfo.Bind(source, destination));
                }
            }
        }
        String rootfs = null;
        if (raw.get("GraphDriver") instanceof Map<?, ?> driver && driver.get("Data") instanceof Map<?, ?> data
                && data.get("MergedDir") instanceof String merged && !merged.isEmpty()) {
            rootfs = merged;
        }
        return new ContainerInfo(inspect.getId(), name, image, state, labels, binds, rootfs);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            // closing a connection that is already gone
        }
    }

    @Override
    public void close() {
        closeQuietly(client);
    }
}
