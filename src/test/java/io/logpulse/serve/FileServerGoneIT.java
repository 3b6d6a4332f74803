package io.logpulse.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard reads for hours beside other logpulse processes. Under H2's AUTO_SERVER the first
 * process to open the file serves it to the others; when that process dies (a {@code run} killed or
 * restarted), the dashboard must answer on, connected again, instead of failing every request.
 */
class FileServerGoneIT {

    @Test
    void theDashboardAnswersOnWhenTheProcessServingTheFileIsKilled(@TempDir Path dir) throws Exception {
        var files = TrafficLogs.write(dir.resolve("logs"), new Random(7), Instant.parse("2025-03-01T01:05:00Z"), 30, 200, "web");
        Path db = dir.resolve("db").resolve("traffic");
        LogpulseProcess.ingest(dir, db, files);
        HttpClient http = HttpClient.newHttpClient();

        // One `serve` opens the file first, so it serves it to the next one: the dashboard under test. Both are
        // processes of their own: H2 keeps state per JVM, which must not leak into the tests that run after.
        try (var host = LogpulseProcess.start(Files.createDirectories(dir.resolve("host")), "--db", db.toString(),
                "--port", "0")) {
            host.awaitListening();
            try (var dashboard = LogpulseProcess.start(Files.createDirectories(dir.resolve("dashboard")), "--db",
                    db.toString(), "--port", "0")) {
                var timeline = HttpRequest.newBuilder(dashboard.awaitListening().resolve("/api/timeline")).build();
                HttpResponse<String> before = http.send(timeline, HttpResponse.BodyHandlers.ofString());
                assertThat(before.statusCode()).as(before.body()).isEqualTo(200);

                host.close(); // SIGKILL: the file's server is gone while the dashboard is connected through it
                HttpResponse<String> after = http.send(timeline, HttpResponse.BodyHandlers.ofString());
                assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
                assertThat(after.body()).isEqualTo(before.body());
            }
        }
    }
}
