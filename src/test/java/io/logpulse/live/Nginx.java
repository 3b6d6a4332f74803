package io.logpulse.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real nginx (Debian's {@code /usr/sbin/nginx}) on 127.0.0.1 and a free port, with its own prefix,
 * config, pid file and logs in a test directory. The test counts every request it sends and gets
 * an answer to: that is the independent count logpulse must match.
 */
final class Nginx implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Path dir;
    private final Path conf;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong sent = new AtomicLong();
    private boolean running;

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    Nginx(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.port = freePort();
        Files.createDirectories(this.dir.resolve("logs"));
        this.conf = this.dir.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n",
                "daemon on;",
                "user root;",
                "worker_processes 1;",
                "pid " + this.dir.resolve("nginx.pid") + ";",
                "error_log " + this.dir.resolve("error.log") + " notice;",
                "events { worker_connections 64; }",
                "http {",
                "    access_log " + accessLog() + " combined;",
                "    client_body_temp_path " + this.dir.resolve("tmp-body") + ";",
                "    proxy_temp_path " + this.dir.resolve("tmp-proxy") + ";",
                "    fastcgi_temp_path " + this.dir.resolve("tmp-fastcgi") + ";",
                "    uwsgi_temp_path " + this.dir.resolve("tmp-uwsgi") + ";",
                "    scgi_temp_path " + this.dir.resolve("tmp-scgi") + ";",
                "    server {",
                "        listen 127.0.0.1:" + port + ";",
                "        location / { return 200 \"ok\\n\"; }",
                "    }",
                "}",
                ""));
        LiveLogs.register(this.dir.resolve("error.log"));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    Path accessLog() {
        return dir.resolve("logs").resolve("access.log");
    }

    Path logs() {
        return dir.resolve("logs");
    }

    Nginx start() throws IOException, InterruptedException {
        signal(null);
        running = true;
        await("nginx answers on 127.0.0.1:" + port).atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> Files.exists(dir.resolve("nginx.pid")) && probe());
        return this;
    }

    /** A connection attempt only (no request, so no access log line). */
    private boolean probe() throws IOException {
        try (var socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return socket.isConnected();
        }
    }

    /** {@code nginx -s reopen}: what logrotate's postrotate runs (USR1). */
    void reopen() throws IOException, InterruptedException {
        signal("reopen");
    }

    private void signal(String name) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(BINARY.toString(), "-c", conf.toString(), "-p", dir + "/",
                "-e", dir.resolve("error.log").toString()));
        if (name != null) {
            command.addAll(List.of("-s", name));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx-cli.out").toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("nginx %s returns", name == null ? "start" : name).isTrue();
        assertThat(p.exitValue()).as("nginx %s: %s", name == null ? "start" : name,
                Files.readString(dir.resolve("nginx-cli.out"))).isZero();
    }

    /**
     * Sends {@code n} requests one after the other and counts those answered 200. When an answer
     * has arrived, nginx has finished the request; its log line is written in the same step, a
     * moment later at most (see {@link #awaitLogged}).
     */
    void send(int n, String pathPrefix) throws IOException, InterruptedException {
        for (int i = 0; i < n; i++) {
            long id = sent.get() + 1;
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + pathPrefix + "/" + id))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            HttpResponse<String> response =
                    client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).isEqualTo(200);
            sent.incrementAndGet();
        }
    }

    long sent() {
        return sent.get();
    }

    /** Waits until {@code file} holds exactly {@code lines} lines, all complete. */
    static void awaitLogged(Path file, long lines) {
        await(file + " holds " + lines + " lines").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> countLines(file) == lines);
    }

    static long countLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    void stop() throws IOException, InterruptedException {
        if (running) {
            running = false;
            signal("quit");
        }
    }

    @Override
    public void close() throws IOException {
        Path pid = dir.resolve("nginx.pid");
        try {
            stop();
            await("nginx has quit").atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(pid));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | AssertionError e) {
            // A quit waits for busy connections; make sure no nginx of this test outlives it.
            if (Files.exists(pid)) {
                String text = Files.readString(pid).trim();
                if (!text.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(text))
                            .filter(p -> p.info().command().map(c -> c.contains("nginx")).orElse(false))
                            .ifPresent(master -> {
                                master.descendants().forEach(ProcessHandle::destroyForcibly);
                                master.destroyForcibly();
                            });
                }
            }
        }
    }
}
