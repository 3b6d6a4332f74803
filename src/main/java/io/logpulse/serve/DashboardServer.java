package io.logpulse.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.logpulse.query.QueryException;
import io.logpulse.query.lb.Plan;
import io.logpulse.store.Database;
import io.logpulse.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code logpulse serve}: the dashboard over HTTP with the JDK's own server. The page and its scripts
 * come from the jar ({@link Assets}); the panels' numbers from {@link DashboardApi} as JSON.
 *
 * <p>One worker thread answers every request in turn: the store is one JDBC connection, and a
 * dashboard has one or a few viewers, each asking every few seconds.
 *
 * <p>Bound to loopback (the default), it also refuses requests whose {@code Host} is not a loopback
 * name, so that a web page elsewhere cannot reach it through DNS rebinding and read the logs' data.
 */
public final class DashboardServer implements AutoCloseable {

    /** Scripts and styles only from this server; nothing inline, nothing from elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private record Endpoint(Set<String> params, Function<Params, Object> answer) {
    }

    private final HttpServer server;
    private final ExecutorService worker;
    private final Map<String, Assets.Asset> assets = Assets.load();
    private final Map<String, Endpoint> endpoints;
    private final boolean loopbackOnly;
    private final PrintWriter err;

    private DashboardServer(HttpServer server, ExecutorService worker, DashboardApi api, boolean loopbackOnly,
            PrintWriter err) {
        this.server = server;
        this.worker = worker;
        this.loopbackOnly = loopbackOnly;
        this.err = err;
        this.endpoints = Map.of(
                "/api/range", new Endpoint(Set.of(), params -> api.stored()),
                "/api/timeline", new Endpoint(DashboardApi.RANGE, api::timeline),
                "/api/top-ips", new Endpoint(DashboardApi.RANGE_AND_LIMIT, api::topIps),
                "/api/top-paths", new Endpoint(DashboardApi.RANGE_AND_LIMIT, api::topPaths),
                "/api/sources", new Endpoint(DashboardApi.RANGE, api::sources));
    }

    /**
     * Listens on {@code address} (port 0: any free one) and answers from {@code store}.
     *
     * @param plan the sources' expected shares; null for equal shares
     * @param err where failures of the server itself are reported (not the user's bad requests)
     * @throws java.net.BindException when the port is taken
     */
    public static DashboardServer start(InetSocketAddress address, Database store, Plan plan, PrintWriter err)
            throws IOException {
        HttpServer http = HttpServer.create(address, 0);
        ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "logpulse-serve");
            thread.setDaemon(true);
            return thread;
        });
        var dashboard = new DashboardServer(http, worker, new DashboardApi(store, plan),
                address.getAddress().isLoopbackAddress(), err);
        http.createContext("/", dashboard::handle);
        http.setExecutor(worker);
        http.start();
        return dashboard;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                headers.set("Allow", "GET, HEAD");
                sendText(exchange, 405, "only GET and HEAD");
                return;
            }
            if (!hostAllowed(exchange.getRequestHeaders().getFirst("Host"))) {
                sendText(exchange, 403, "this dashboard answers only to a loopback host name (127.0.0.1, localhost)");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            Assets.Asset asset = assets.get(path);
            if (asset != null) {
                headers.set("Cache-Control", "no-cache");
                send(exchange, 200, asset.contentType(), asset.bytes());
                return;
            }
            Endpoint endpoint = endpoints.get(path);
            if (endpoint == null) {
                sendText(exchange, 404, "no such page: " + path);
                return;
            }
            headers.set("Cache-Control", "no-store");
            answer(exchange, endpoint);
        } catch (IOException clientGone) {
            // The browser closed the connection (a reload, a closed tab): nothing to answer any more.
        }
    }

    private void answer(HttpExchange exchange, Endpoint endpoint) throws IOException {
        int status = 200;
        Object body;
        try {
            body = endpoint.answer().apply(Params.parse(exchange.getRequestURI().getRawQuery(), endpoint.params()));
        } catch (ApiException e) {
            status = e.status();
            body = error(e.getMessage());
        } catch (QueryException e) {
            status = 404;
            body = error(e.getMessage());
        } catch (StoreException e) {
            status = 503;
            body = error(e.getMessage());
        } catch (RuntimeException e) {
            status = 500;
            body = error("internal error: " + e);
            err.println("logpulse: " + exchange.getRequestURI() + " failed: " + e);
            if (System.getenv("LOGPULSE_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            status = 500;
            json = JSON.writeValueAsBytes(error("internal error: " + e.getOriginalMessage()));
        }
        send(exchange, status, "application/json; charset=utf-8", json);
    }

    private static Map<String, String> error(String message) {
        return Map.of("error", message);
    }

    private boolean hostAllowed(String host) {
        if (!loopbackOnly) {
            return true;
        }
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        int portAt = name.lastIndexOf(':');
        if (portAt > name.lastIndexOf(']')) {
            name = name.substring(0, portAt);
        }
        return LOOPBACK_NAMES.contains(name) || name.matches("127(\\.\\d{1,3}){3}");
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /**
     * Stops listening, lets a request in progress finish for up to a second, and lets the worker end
     * the one it is answering. Not by interrupting it: an interrupt during H2's file I/O closes the
     * file's channel under the store (ClosedByInterruptException).
     */
    @Override
    public void close() {
        server.stop(1);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(WORKER_PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                err.println("logpulse: a dashboard request is still running; closing the store under it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final int WORKER_PATIENCE_SECONDS = 30;
}
