package io.logpulse.serve;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket and JSON: the JDK's
 * client and Jackson, no driver to download). One page; scripts run in it with {@link #evaluate}.
 *
 * <p>Started with the flags this machine needs: no sandbox (root), and none of Chromium's own network
 * traffic, which the closed network here would refuse.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration CALL = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private WebSocket socket;

    private HeadlessChromium(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts Chromium with a new profile under {@code dir} and connects to its blank page. */
    static HeadlessChromium start(Path dir) throws Exception {
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        Path log = dir.resolve("chromium.log");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1400,1000",
                "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var chromium = new HeadlessChromium(process, log);
        try {
            chromium.connect(profile.resolve("DevToolsActivePort"));
        } catch (Exception | AssertionError e) {
            chromium.close();
            throw e;
        }
        return chromium;
    }

    /** Chromium writes the port it chose into the profile; the page's WebSocket is listed over HTTP there. */
    private void connect(Path activePort) throws Exception {
        await("Chromium writes " + activePort).atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("chromium exited with " + process.exitValue() + ": " + log());
            }
            return Files.exists(activePort) && Files.readAllLines(activePort).size() >= 2;
        });
        int port = Integer.parseInt(Files.readAllLines(activePort).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        String page = null;
        for (JsonNode target : targets) {
            if (target.path("type").asText().equals("page")) {
                page = target.get("webSocketDebuggerUrl").asText();
            }
        }
        if (page == null) {
            throw new IllegalStateException("chromium lists no page: " + targets);
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener()).get(CALL.toSeconds(), TimeUnit.SECONDS);
        call("Runtime.enable", Map.of());
        call("Page.enable", Map.of());
        call("Log.enable", Map.of());
    }

    /** Messages arrive in parts; a whole one is an answer (it has the id of a call) or an event. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                try {
                    JsonNode json = JSON.readTree(message.toString());
                    if (json.has("id")) {
                        CompletableFuture<JsonNode> answer = pending.remove(json.get("id").asInt());
                        if (answer != null) {
                            answer.complete(json);
                        }
                    } else {
                        events.add(json);
                    }
                } catch (IOException e) {
                    events.add(JSON.createObjectNode().put("method", "unreadable").put("text", message.toString()));
                }
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    /** One DevTools method; its {@code result}, or an assertion error with Chromium's message. */
    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        var answer = new CompletableFuture<JsonNode>();
        pending.put(id, answer);
        ObjectNode request = JSON.createObjectNode().put("id", id).put("method", method);
        request.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(request), true).get(CALL.toSeconds(), TimeUnit.SECONDS);
        JsonNode reply = answer.get(CALL.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new AssertionError("chromium: " + method + " failed: " + reply.get("error"));
        }
        return reply.get("result");
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** Runs {@code expression} in the page and returns its value (a missing node for undefined). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("the page threw on `" + expression + "`: " + result.get("exceptionDetails"));
        }
        JsonNode value = result.path("result").get("value");
        return value == null ? MissingNode.getInstance() : value;
    }

    /** Uncaught exceptions in the page so far. */
    List<JsonNode> exceptions() {
        return events.stream().filter(e -> e.path("method").asText().equals("Runtime.exceptionThrown")).toList();
    }

    /**
     * Errors the page logged or Chromium logged about it: a script or style the Content-Security-Policy
     * refused, a request that failed, a console.error.
     */
    List<String> errors() {
        return events.stream()
                .filter(e -> (e.path("method").asText().equals("Runtime.consoleAPICalled")
                        && e.path("params").path("type").asText().equals("error"))
                        || (e.path("method").asText().equals("Log.entryAdded")
                        && e.path("params").path("entry").path("level").asText().equals("error")))
                .map(e -> e.path("params").toString())
                .toList();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (socket != null) {
            socket.abort();
        }
        // Its helpers (zygote, renderer, GPU, crashpad) may still write the profile after the main
        // process is gone, and the test's temporary directory cannot be deleted under them: stop the
        // whole family, listed while they are still its descendants.
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(process.toHandle());
        family.forEach(ProcessHandle::destroy);
        for (ProcessHandle member : family) {
            try {
                member.onExit().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                member.destroyForcibly();
                member.onExit().completeOnTimeout(member, 10, TimeUnit.SECONDS).join();
            }
        }
    }
}
