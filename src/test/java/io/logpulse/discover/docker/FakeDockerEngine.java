package io.logpulse.discover.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker Engine API server for tests: the real wire protocol (HTTP/1.1 with keep-alive, a chunked
 * event stream) on a unix socket or on 127.0.0.1 over TCP, answering {@code /_ping},
 * {@code /version}, {@code GET /containers/json}, {@code GET /containers/{id}/json} and streaming
 * {@code GET /events} with JSON recorded from a real daemon ({@code src/test/resources/docker/fixtures}),
 * changed only where a test sets something: ids, names, state, labels, mounts.
 *
 * <p>It can go {@linkplain #down() down} (every connection closed, nothing listening) and come
 * {@linkplain #up() back} at the same address, as a restarted daemon does.
 */
final class FakeDockerEngine implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+\\.\\d+)(/.*)$");
    private static final Pattern INSPECT = Pattern.compile("^/containers/([^/]+)/json$");

    /** One container as the fake daemon knows it. */
    final class Container {
        final String id;
        final String name;
        final String image;
        final Map<String, String> labels;
        final List<ContainerInfo.Bind> binds;
        volatile String state = "created";
        volatile String rootfs;

        Container(String id, String name, String image, Map<String, String> labels, List<ContainerInfo.Bind> binds) {
            this.id = id;
            this.name = name;
            this.image = image;
            this.labels = labels;
            this.binds = binds;
        }

        String id() {
            return id;
        }
    }

    private final SocketAddress address;
    private final StandardProtocolFamily family;
    private final Map<String, Container> containers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<OutputStream> subscribers = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile ServerSocketChannel server;
    private volatile Thread acceptor;
    private SocketAddress bound;

    private FakeDockerEngine(SocketAddress address, StandardProtocolFamily family) {
        this.address = address;
        this.family = family;
    }

    static FakeDockerEngine onUnixSocket(Path socket) throws IOException {
        return new FakeDockerEngine(UnixDomainSocketAddress.of(socket), StandardProtocolFamily.UNIX).up();
    }

    static FakeDockerEngine onTcp() throws IOException {
        return new FakeDockerEngine(new InetSocketAddress("127.0.0.1", 0), StandardProtocolFamily.INET).up();
    }

    /** {@code DOCKER_HOST} for this engine. */
    DockerEndpoint endpoint() {
        if (bound instanceof UnixDomainSocketAddress unix) {
            return new DockerEndpoint("unix://" + unix.getPath());
        }
        var inet = (InetSocketAddress) bound;
        return new DockerEndpoint("tcp://127.0.0.1:" + inet.getPort());
    }

    /** Every request line the engine got, such as {@code GET /v1.41/containers/json?all=1}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** Starts listening (again, at the same address). */
    synchronized FakeDockerEngine up() throws IOException {
        if (server != null) {
            return this;
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            Files.deleteIfExists(unix.getPath());
        }
        ServerSocketChannel channel = ServerSocketChannel.open(family);
        channel.bind(bound != null && family == StandardProtocolFamily.INET ? bound : address);
        bound = channel.getLocalAddress();
        server = channel;
        acceptor = new Thread(() -> accept(channel), "fake-dockerd-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    /** The daemon stops: nothing listens any more, and every open connection (the event streams) ends. */
    synchronized void down() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        server.close();
        server = null;
        acceptor.join(5_000);
        for (SocketChannel connection : connections) {
            connection.close();
        }
        connections.clear();
        subscribers.clear();
        if (bound instanceof UnixDomainSocketAddress unix) {
            Files.deleteIfExists(unix.getPath());
        }
    }

    /** {@code docker run -d}: created and started, with its events. */
    Container run(String name, String image, Map<String, String> labels, ContainerInfo.Bind... binds) {
        String id = String.format(Locale.ROOT, "%064x", 0xfeed0000L + ids.incrementAndGet());
        var container = new Container(id, name, image, Map.copyOf(labels), List.of(binds));
        containers.put(id, container);
        publish(container, "create");
        start(container);
        return container;
    }

    /** A container that is there but does not run, as after {@code docker create} and a stop. */
    Container stopped(String name, String image, Map<String, String> labels, ContainerInfo.Bind... binds) {
        String id = String.format(Locale.ROOT, "%064x", 0xfeed0000L + ids.incrementAndGet());
        var container = new Container(id, name, image, Map.copyOf(labels), List.of(binds));
        container.state = "exited";
        containers.put(id, container);
        return container;
    }

    void start(Container container) {
        container.state = "running";
        publish(container, "start");
    }

    /** {@code docker stop}: the events the real daemon sends for it. */
    void stop(Container container) {
        container.state = "exited";
        publish(container, "kill");
        publish(container, "die");
        publish(container, "stop");
    }

    /** {@code docker rm}. */
    void remove(Container container) {
        containers.remove(container.id);
        publish(container, "destroy");
    }

    /** A container that changes without the daemon saying so (as if an event was lost). */
    void changeSilently(Container container, String state) {
        container.state = state;
    }

    private void publish(Container container, String action) {
        ObjectNode event = JSON.createObjectNode();
        event.put("status", action);
        event.put("id", container.id);
        event.put("from", container.image);
        event.put("Type", "container");
        event.put("Action", action);
        ObjectNode actor = event.putObject("Actor");
        actor.put("ID", container.id);
        ObjectNode attributes = actor.putObject("Attributes");
        attributes.put("image", container.image);
        container.labels.forEach(attributes::put);
        attributes.put("name", container.name);
        event.put("scope", "local");
        long nanos = System.currentTimeMillis() * 1_000_000L;
        event.put("time", nanos / 1_000_000_000L);
        event.put("timeNano", nanos);
        byte[] line = (event + "\n").getBytes(StandardCharsets.UTF_8);
        for (OutputStream subscriber : subscribers) {
            try {
                synchronized (subscriber) {
                    subscriber.write((Integer.toHexString(line.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    subscriber.write(line);
                    subscriber.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    subscriber.flush();
                }
            } catch (IOException e) {
                subscribers.remove(subscriber);
            }
        }
    }

    private void accept(ServerSocketChannel channel) {
        while (channel.isOpen()) {
            try {
                SocketChannel connection = channel.accept();
                connections.add(connection);
                Thread handler = new Thread(() -> serve(connection), "fake-dockerd-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * One connection: requests one after the other (keep-alive) until the client closes it. An event
     * stream's connection is left open and never read again (reading a blocking channel's stream
     * would hold the lock its writes need); it ends when the daemon goes down or a write fails.
     */
    private void serve(SocketChannel connection) {
        boolean streaming = false;
        try {
            InputStream in = Channels.newInputStream(connection);
            OutputStream out = Channels.newOutputStream(connection);
            while (!streaming) {
                String requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                int contentLength = 0;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        contentLength = Integer.parseInt(header.substring(15).strip());
                    }
                }
                in.readNBytes(contentLength);
                requests.add(requestLine);
                String[] parts = requestLine.split(" ");
                streaming = !handle(parts[0], parts[1], out);
            }
        } catch (IOException e) {
            // the client went away, or the daemon went down
        } finally {
            if (!streaming) {
                connections.remove(connection);
                try {
                    connection.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
    }

    /** Answers one request; false when the connection now belongs to an event stream. */
    private boolean handle(String method, String target, OutputStream out) throws IOException {
        String path = target;
        String query = "";
        int q = target.indexOf('?');
        if (q >= 0) {
            path = target.substring(0, q);
            query = target.substring(q + 1);
        }
        Matcher versioned = VERSIONED.matcher(path);
        if (versioned.matches()) {
            path = versioned.group(2);
        }
        if (!method.equals("GET") && !(method.equals("HEAD") && path.equals("/_ping"))) {
            respond(out, 405, "application/json", "{\"message\":\"the fake daemon is read only\"}");
            return true;
        }
        if (path.equals("/_ping")) {
            respond(out, 200, "text/plain; charset=utf-8", "OK");
            return true;
        }
        if (path.equals("/version")) {
            respond(out, 200, "application/json", fixture("version.json"));
            return true;
        }
        if (path.equals("/containers/json")) {
            boolean all = query.contains("all=1") || query.contains("all=true");
            respond(out, 200, "application/json", list(all));
            return true;
        }
        Matcher inspect = INSPECT.matcher(path);
        if (inspect.matches()) {
            Container container = find(inspect.group(1));
            if (container == null) {
                respond(out, 404, "application/json", "{\"message\":\"No such container: " + inspect.group(1) + "\"}");
            } else {
                respond(out, 200, "application/json", inspect(container));
            }
            return true;
        }
        if (path.equals("/events")) {
            String head = "HTTP/1.1 200 OK\r\n" + headers("application/json") + "Transfer-Encoding: chunked\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            subscribers.add(out);
            return false;
        }
        respond(out, 404, "application/json", "{\"message\":\"page not found\"}");
        return true;
    }

    private Container find(String idOrName) {
        synchronized (containers) {
            for (Container c : containers.values()) {
                if (c.id.equals(idOrName) || c.id.startsWith(idOrName) && idOrName.length() >= 12
                        || c.name.equals(idOrName)) {
                    return c;
                }
            }
        }
        return null;
    }

    private String list(boolean all) throws IOException {
        JsonNode template = JSON.readTree(fixture("containers.json")).get(0);
        ArrayNode list = JSON.createArrayNode();
        var snapshot = new ArrayList<Container>();
        synchronized (containers) {
            snapshot.addAll(containers.values());
        }
        Collections.reverse(snapshot);
        for (Container c : snapshot) {
            if (!all && !c.state.equals("running")) {
                continue;
            }
            ObjectNode entry = template.deepCopy();
            entry.put("Id", c.id);
            entry.putArray("Names").add("/" + c.name);
            entry.put("Image", c.image);
            entry.put("State", c.state);
            entry.put("Status", c.state.equals("running") ? "Up 2 seconds" : "Exited (0) 1 second ago");
            ObjectNode labels = entry.putObject("Labels");
            c.labels.forEach(labels::put);
            entry.set("Mounts", mounts(c));
            list.add(entry);
        }
        return JSON.writeValueAsString(list);
    }

    private String inspect(Container c) throws IOException {
        String fixture = c.state.equals("running") ? "inspect-phpserver-1.0.json" : "inspect-phpserver-1.0-exited.json";
        if (c.image.startsWith("nginx")) {
            fixture = "inspect-nginx-1.19.json";
        }
        ObjectNode inspect = (ObjectNode) JSON.readTree(fixture(fixture));
        inspect.put("Id", c.id);
        inspect.put("Name", "/" + c.name);
        ObjectNode state = (ObjectNode) inspect.get("State");
        boolean running = c.state.equals("running");
        state.put("Status", c.state);
        state.put("Running", running);
        state.put("Pid", running ? 4242 : 0);
        ObjectNode config = (ObjectNode) inspect.get("Config");
        config.put("Image", c.image);
        config.put("Hostname", c.name);
        ObjectNode labels = config.putObject("Labels");
        c.labels.forEach(labels::put);
        inspect.set("Mounts", mounts(c));
        ArrayNode binds = ((ObjectNode) inspect.get("HostConfig")).putArray("Binds");
        c.binds.forEach(b -> binds.add(b.source() + ":" + b.destination()));
        ObjectNode data = (ObjectNode) inspect.get("GraphDriver").get("Data");
        if (c.rootfs != null) {
            data.put("MergedDir", c.rootfs);
        } else {
            data.put("MergedDir", "/nonexistent/overlay2/" + c.id + "/merged");
        }
        return JSON.writeValueAsString(inspect);
    }

    private ArrayNode mounts(Container c) {
        ArrayNode mounts = JSON.createArrayNode();
        for (ContainerInfo.Bind bind : c.binds) {
            ObjectNode mount = mounts.addObject();
            mount.put("Type", "bind");
            mount.put("Source", bind.source());
            mount.put("Destination", bind.destination());
            mount.put("Mode", "");
            mount.put("RW", true);
            mount.put("Propagation", "rprivate");
        }
        return mounts;
    }

    private static String headers(String contentType) {
        return "Api-Version: 1.41\r\nContent-Type: " + contentType + "\r\nDocker-Experimental: false\r\n"
                + "Ostype: linux\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\n";
    }

    private static void respond(OutputStream out, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String reason = switch (status) {
            case 200 -> "OK";
            case 404 -> "Not Found";
            default -> "Method Not Allowed";
        };
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n" + headers(contentType)
                + "Content-Length: " + bytes.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** A CRLF-terminated line, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        var bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = bytes.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.US_ASCII);
    }

    static String fixture(String name) {
        try (InputStream in = FakeDockerEngine.class.getResourceAsStream("/docker/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture docker/fixtures/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        down();
    }
}
