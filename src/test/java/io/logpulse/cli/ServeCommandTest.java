package io.logpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.store.Database;
import io.logpulse.store.DatabaseLocation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s mistakes a user can make: each one line on stderr and an exit code, never a stack trace. */
class ServeCommandTest {

    @Test
    void aMissingDatabaseIsOneLineAndExitCode1(@TempDir Path dir) {
        Cli.Result result = Cli.run("serve", "--db", dir.resolve("nothing-here"), "--port", 0);
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("logpulse: no database at " + dir.resolve("nothing-here.mv.db")
                + " (run `logpulse ingest FILE...` first, or pass --db)");
    }

    @Test
    void aPortInUseIsOneLineAndExitCode1(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("db");
        Database.open(DatabaseLocation.of(db)).close();
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Result result = Cli.run("serve", "--db", db, "--port", taken.getLocalPort());
            assertThat(result.exit()).as(result.toString()).isEqualTo(1);
            assertThat(result.errLines()).containsExactly("logpulse: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is in use (another `logpulse serve`?): choose another with --port");
        }
    }

    @Test
    void aPortOutOfRangeOrBadWeightsAreUsageErrors(@TempDir Path dir) {
        Cli.Result port = Cli.run("serve", "--db", dir.resolve("db"), "--port", 70000);
        assertThat(port.exit()).isEqualTo(2);
        assertThat(port.errLines().get(0)).isEqualTo("--port 70000 is not a TCP port (0 to 65535)");
        Cli.Result weights = Cli.run("serve", "--db", dir.resolve("db"), "--weights", "lb01=x");
        assertThat(weights.exit()).isEqualTo(2);
        assertThat(weights.errLines().get(0)).contains("the weight of lb01 ('x') is not a number >= 0");
    }

    @Test
    void helpNamesTheEndpointsAndTheDefaults() {
        Cli.Result help = Cli.run("serve", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("/api/timeline", "/api/top-ips", "/api/sources", "default: 127.0.0.1", "default: 8080",
                "api/top-ips?limit=5&from=2025-01-31T03:07:33Z'");
        assertThat(help.err()).isEmpty();
    }
}
