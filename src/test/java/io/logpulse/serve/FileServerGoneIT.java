package io.logpulse.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.cli.Main;
import io.logpulse.store.Database;
import io.logpulse.store.DatabaseLocation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
        var err = new StringWriter();
        assertThat(Main.execute(new String[] {"ingest", "--db", db.toString(), files.get(0).toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err))).as("ingest: %s", err).isZero();
        HttpClient http = HttpClient.newHttpClient();

        // Another process opens the file first, so it serves it to this one: here another `serve` of the jar.
        try (var host = ServeProcess.start(dir, "--db", db.toString(), "--port", "0")) {
            host.awaitListening();
            try (var store = Database.openExisting(DatabaseLocation.of(db));
                    var dashboard = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), store,
                            null, new PrintWriter(System.err, true))) {
                var timeline = HttpRequest.newBuilder(dashboard.uri().resolve("/api/timeline")).build();
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
