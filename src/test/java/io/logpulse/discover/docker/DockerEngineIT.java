package io.logpulse.discover.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.logpulse.store.DatabaseLocation;
import io.logpulse.testing.ChildProcess;
import io.logpulse.testing.ChildProcess.Output;
import io.logpulse.testing.LogpulseJar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The field guide's labs on a real Docker engine (see {@link RealEngine}), with {@code java -jar
 * logpulse.jar run --docker} finding the containers by itself. Every request goes to 127.0.0.1;
 * counts are checked against the requests the test got an answer to and the lines in the files.
 */
class DockerEngineIT {

    private static final Duration COUNTED = Duration.ofSeconds(90);
    private static final String PREFIX = "lp-it-";

    @TempDir
    Path dir;

    private RealEngine engine;
    private final List<String> containers = new ArrayList<>();
    private final List<ChildProcess> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void engine() {
        engine = RealEngine.get();
        assumeTrue(engine != null, RealEngine::unavailable);
        // What an earlier, interrupted run may have left.
        String leftovers = engine.docker("ps", "-aq", "--filter", "name=" + PREFIX);
        if (!leftovers.isBlank()) {
            var rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(List.of(leftovers.split("\\s+")));
            engine.dockerQuietly(rm.toArray(String[]::new));
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (ChildProcess process : processes) {
            process.stop();
        }
        for (String name : containers) {
            engine.dockerQuietly("rm", "-f", name);
        }
    }

    private String run(String name, String... args) {
        containers.add(name);
        var command = new ArrayList<>(List.of("run", "-d", "--network", "host", "--name", name));
        command.addAll(List.of(args));
        return engine.docker(command.toArray(String[]::new));
    }

    private Map<String, String> env() {
        return Map.of("DOCKER_HOST", engine.host());
    }

    private ChildProcess runDocker(DatabaseLocation db) throws IOException {
        var env = new HashMap<>(env());
        env.put("LOGPULSE_DEBUG", "1");
        ChildProcess run = ChildProcess.start(LogpulseJar.built().command("run", "--docker", "--db", db.file(),
                "--checkpoint-interval", "2s"), dir, env, Output.in(dir, "run"));
        processes.add(run);
        return run.awaitStderr("logpulse: following ", LogpulseJar.STARTUP);
    }

    /** Sends {@code n} GETs one after the other; the number answered with 200. */
    private int send(int port, int n, String path) throws Exception {
        awaitListening(port);
        int answered = 0;
        for (int i = 0; i < n; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + i))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                answered++;
            }
        }
        return answered;
    }

    private void awaitListening(int port) {
        await("127.0.0.1:" + port + " answers").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> {
                    try (var socket = new java.net.Socket("127.0.0.1", port)) {
                        return true;
                    }
                });
    }

    private static long lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).size();
    }

    @Test
    void theNginxLabIsFoundThroughItsBindMountAndCountedExactly() throws Exception {
        int port = RealEngine.freePort();
        Path logs = Files.createDirectories(dir.resolve("nginx-log"));
        String web = PREFIX + "nginx";
        String plain = PREFIX + "plain";
        // docker run -d -p 8001:80 -v ~/nginx-log:/var/log/nginx nginx:1.19 (host network here)
        run(web, "-e", "PORT=" + port, "-v", logs + ":/var/log/nginx", "nginx:1.19");
        run(plain, "-e", "PORT=" + RealEngine.freePort(), "nginx:1.19");
        DatabaseLocation db = DatabaseLocation.of(dir.resolve("db").resolve("traffic"));

        ChildProcess.Result listed = ChildProcess.run(LogpulseJar.built().command("containers"), dir, env(),
                Output.fresh(dir, "containers"), Duration.ofSeconds(90));
        assertThat(listed.exit()).as(listed.err()).isZero();
        Path accessLog = logs.resolve("access.log").toRealPath();
        assertThat(listed.out().lines()).anySatisfy(line -> assertThat(line).startsWith(web)
                .contains("nginx:1.19").contains(accessLog.toString()).contains("main").endsWith("following"));
        assertThat(listed.out().lines()).anySatisfy(line -> assertThat(line).startsWith(plain)
                .contains("not followable: no bind mount over /var/log/nginx: the image's access.log is a symlink to /dev/stdout"));

        runDocker(db);
        int answered = send(port, 40, "/page");

        assertThat(answered).isEqualTo(40);
        await("every answered request counted once, under the container's name").atMost(COUNTED).ignoreExceptions()
                .untilAsserted(() -> assertThat(Traffic.requestsBySource(db)).containsEntry(web, 40L));
        assertThat(lines(accessLog)).as("lines nginx wrote").isEqualTo(40);
        assertThat(Traffic.linesReadBySource(db)).containsEntry(web, 40L);
        assertThat(Traffic.rejected(db)).isZero();
    }

    @Test
    void threeApacheBackendsBehindAnNginxProxyWeighted622() throws Exception {
        int[] ports = {RealEngine.freePort(), RealEngine.freePort(), RealEngine.freePort()};
        for (int i = 0; i < 3; i++) {
            String name = "nginx-lb0" + (i + 1);
            Path logs = Files.createDirectories(dir.resolve("lb0" + (i + 1)));
            engine.dockerQuietly("rm", "-f", name);
            // docker run -it -d -p 5001:80 -h nginx-lb01 -v `pwd`/lb01:/var/log/apache2 -e SERVER_PORT=5001 --name=nginx-lb01 phpserver:1.0
            run(name, "-h", name, "-v", logs + ":/var/log/apache2", "-e", "SERVER_PORT=" + ports[i], "phpserver:1.0");
        }
        int proxyPort = RealEngine.freePort();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, ProxyConf.onLoopback(proxyPort, ports));
        Path proxyLogs = Files.createDirectories(dir.resolve("proxy-log"));
        String proxy = PREFIX + "proxy";
        run(proxy, "-v", conf + ":/etc/nginx/nginx.conf:ro", "-v", proxyLogs + ":/var/log/nginx", "nginx:1.19");
        DatabaseLocation db = DatabaseLocation.of(dir.resolve("db").resolve("traffic"));
        runDocker(db);
        for (int port : ports) {
            awaitListening(port);
        }

        int answered = send(proxyPort, 100, "/?request=");

        assertThat(answered).isEqualTo(100);
        await("the proxy and each backend counted, each under its container's name").atMost(COUNTED).ignoreExceptions()
                .untilAsserted(() -> assertThat(Traffic.requestsBySource(db)).containsAllEntriesOf(Map.of(
                        proxy, 100L, "nginx-lb01", 60L, "nginx-lb02", 20L, "nginx-lb03", 20L)));
        for (int i = 1; i <= 3; i++) {
            assertThat(Traffic.requestsBySource(db).get("nginx-lb0" + i)).as("lb0%d: the lines its apache wrote", i)
                    .isEqualTo(lines(dir.resolve("lb0" + i).resolve("access.log")));
        }
        assertThat(Traffic.rejected(db)).isZero();
    }

    @Test
    void aContainerStartedAndStoppedMidRunIsReadToItsEndAndResumedOnRestart() throws Exception {
        DatabaseLocation db = DatabaseLocation.of(dir.resolve("db").resolve("traffic"));
        ChildProcess logpulse = runDocker(db);
        int port = RealEngine.freePort();
        Path logs = Files.createDirectories(dir.resolve("nginx-log"));
        String web = PREFIX + "later";

        run(web, "-e", "PORT=" + port, "-v", logs + ":/var/log/nginx", "nginx:1.19");
        int first = send(port, 15, "/first");
        await("the container started mid-run is found and counted").atMost(COUNTED).ignoreExceptions()
                .untilAsserted(() -> assertThat(Traffic.requestsBySource(db)).containsEntry(web, (long) first));

        engine.docker("stop", web);
        logpulse.awaitStderr("its writer stopped", COUNTED);

        engine.docker("start", web);
        logpulse.awaitStderr("its writer started again", COUNTED);
        int second = send(port, 10, "/second");

        assertThat(first + second).isEqualTo(25);
        await("after the restart: read on, nothing twice").atMost(COUNTED).ignoreExceptions()
                .untilAsserted(() -> assertThat(Traffic.requestsBySource(db)).containsEntry(web, 25L));
        assertThat(lines(logs.resolve("access.log"))).isEqualTo(25);
        assertThat(Traffic.generations(db, web)).isEqualTo(1);
    }
}
