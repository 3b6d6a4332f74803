package io.logpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The command line's contract: exit 0 ok, 1 the work failed (one clear line on stderr, nothing
 * written), 2 a usage error. One small real ingest gives an existing 1m database to be left alone.
 */
class CliContractTest {

    @TempDir
    static Path dir;
    static Path log;
    static Path db;
    static Map<String, List<String>> before;

    @BeforeAll
    static void existingDatabase() throws Exception {
        log = Files.createDirectories(dir.resolve("lb03")).resolve("access.log");
        Files.copy(Path.of("sample-logs/lb/lb03/access.log"), log);
        db = dir.resolve("existing/logpulse");
        Cli.Result run = Cli.run("ingest", "--db", db, "--format", "apache-combined", "--parallelism", "1", log);
        assertThat(run.exit()).as("%s", run).isZero();
        before = Store.snapshot(db);
        assertThat(before.get("traffic_block")).isNotEmpty();
        assertThat(before.get("setting")).containsExactly("[window_ms, 60000]");
    }

    static Stream<String> commands() {
        var names = new ArrayList<String>();
        names.add("");
        new CommandLine(new Main()).getSubcommands().keySet().stream().filter(n -> !n.equals("help")).forEach(names::add);
        return names.stream();
    }

    @ParameterizedTest(name = "logpulse {0} --help")
    @MethodSource("commands")
    void helpExitsZeroAndShowsUsage(String command) {
        Cli.Result run = Cli.run(args(command, "--help"));
        assertThat(run.exit()).as("%s", run).isZero();
        assertThat(run.out()).contains("Usage: logpulse" + (command.isEmpty() ? "" : " " + command));
        assertThat(run.errLines()).isEmpty();
    }

    @ParameterizedTest(name = "logpulse {0} --version")
    @MethodSource("commands")
    void versionExitsZeroAndSaysWhichVersion(String command) {
        Cli.Result run = Cli.run(args(command, "--version"));
        assertThat(run.exit()).as("%s", run).isZero();
        assertThat(run.out()).as("logpulse %s --version", command).startsWith("logpulse ");
    }

    @Test
    void helpCommandAndNoCommand() {
        assertThat(Cli.run("help").exit()).isZero();
        assertThat(Cli.run("help", "ingest").out()).contains("Usage: logpulse ingest");
        Cli.Result none = Cli.run();
        assertThat(none.exit()).as("%s", none).isEqualTo(2);
    }

    @Test
    void aMissingFileFailsWithOneLineAndCreatesNoDatabase() {
        Path fresh = dir.resolve("never/created/logpulse");
        Path missing = dir.resolve("no-such.log");
        Cli.Result run = Cli.run("ingest", "--db", fresh, missing);
        assertThat(run.exit()).as("%s", run).isOne();
        assertThat(run.errLines()).as("one clear line").hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("logpulse:").contains(missing.toString());
        assertThat(run.out()).isEmpty();
        assertThat(dir.resolve("never")).as("not even its directory").doesNotExist();
    }

    @Test
    void aMissingFileLeavesAnExistingDatabaseAsItWas() throws Exception {
        Path missing = dir.resolve("no-such.log");
        Cli.Result run = Cli.run("ingest", "--db", db, "--format", "apache-combined", log, missing);
        assertThat(run.exit()).as("%s", run).isOne();
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).contains(missing.toString());
        assertThat(Store.snapshot(db)).as("all or nothing: the readable file was not ingested either").isEqualTo(before);
    }

    @Test
    void aDirectoryIsNotALogFile() throws Exception {
        Path fresh = dir.resolve("dir-db/logpulse");
        Cli.Result run = Cli.run("ingest", "--db", fresh, dir);
        assertThat(run.exit()).as("%s", run).isOne();
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("logpulse:").contains(dir.toString());
        assertThat(dir.resolve("dir-db")).doesNotExist();

        Cli.Result existing = Cli.run("ingest", "--db", db, dir);
        assertThat(existing.exit()).isOne();
        assertThat(Store.snapshot(db)).isEqualTo(before);
    }

    @ParameterizedTest(name = "--from ''{0}''")
    @ValueSource(strings = {"yesterday", "2025-02-01T10:00:00", "2025-02-01", "31/Feb/2025:10:00:00 +0900",
            "2025-13-01T00:00:00Z", "01/Foo/2025:10:00:00 +0900", "", "2025-02-01T10:00:00+25:00"})
    void aBadTimeIsAUsageError(String value) throws Exception {
        for (String option : List.of("--from", "--to")) {
            Cli.Result run = Cli.run("top", "--db", db, option, value);
            assertThat(run.exit()).as("%s %s: %s", option, value, run).isEqualTo(2);
            assertThat(run.err()).contains(option);
            assertThat(run.out()).isEmpty();
        }
        assertThat(Store.snapshot(db)).isEqualTo(before);
    }

    @ParameterizedTest(name = "--from {0} --to {1}")
    @org.junit.jupiter.params.provider.CsvSource({
            "2025-02-01T10:40:00+09:00, 2025-02-01T10:00:00+09:00",
            "2025-02-01T10:00:00+09:00, 2025-02-01T10:00:00+09:00",
            "2025-02-01T02:00:00Z, 2025-02-01T10:30:00+09:00"})
    void anEmptyOrBackwardRangeIsAUsageError(String from, String to) {
        Cli.Result run = Cli.run("top", "--db", db, "--from", from, "--to", to);
        assertThat(run.exit()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("--from");
    }

    @Test
    void otherBadOptionValuesAreUsageErrors() throws Exception {
        assertThat(Cli.run("top", "--db", db, "--limit", "0").exit()).isEqualTo(2);
        assertThat(Cli.run("top", "--db", db, "--output", "xml").exit()).isEqualTo(2);
        assertThat(Cli.run("ingest", "--db", db, "--format", "no-such-format", log).exit()).isEqualTo(2);
        assertThat(Cli.run("ingest", "--db", db, "--window", "soon", log).exit()).isEqualTo(2);
        assertThat(Cli.run("ingest", "--db", db).exit()).as("no file").isEqualTo(2);
        assertThat(Store.snapshot(db)).isEqualTo(before);
    }

    @Test
    void anotherWindowSizeThanTheDatabasesIsAUsageError() throws Exception {
        Cli.Result run = Cli.run("ingest", "--db", db, "--format", "apache-combined", "--window", "5m", log);
        assertThat(run.exit()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("1m").contains("5m");
        assertThat(Store.snapshot(db)).isEqualTo(before);
    }

    @Test
    void topOnAMissingDatabaseSaysSoAndCreatesNothing() {
        Path missing = dir.resolve("nothing-here/logpulse");
        Cli.Result run = Cli.run("top", "--db", missing);
        assertThat(run.exit()).as("%s", run).isOne();
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("logpulse:").contains(Store.dataFile(missing).toString());
        assertThat(dir.resolve("nothing-here")).doesNotExist();
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedNotOverwritten() throws Exception {
        Path garbage = dir.resolve("garbage/logpulse");
        Files.createDirectories(garbage.getParent());
        byte[] junk = "this is not an H2 file\n".repeat(100).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(Store.dataFile(garbage), junk);
        for (Object[] args : List.of(new Object[] {"top", "--db", garbage},
                new Object[] {"ingest", "--db", garbage, "--format", "apache-combined", log})) {
            Cli.Result run = Cli.run(args);
            assertThat(run.exit()).as("%s", run).isOne();
            assertThat(run.errLines()).as("%s", run).hasSize(1);
            assertThat(run.errLines().get(0)).startsWith("logpulse:").contains(Store.dataFile(garbage).toString());
            assertThat(Files.readAllBytes(Store.dataFile(garbage))).isEqualTo(junk);
        }
    }

    @Test
    void topOnTheExistingDatabaseWorksAndChangesNothing() throws Exception {
        Cli.Result run = Cli.run("top", "--db", db, "--output", "csv");
        assertThat(run.exit()).as("%s", run).isZero();
        long lines = AccessLog.requests(AccessLog.read(log, AccessLog.Layout.APACHE_COMBINED)).size();
        assertThat(run.out().lines().toList()).hasSize(2);
        assertThat(run.out().lines().skip(1).findFirst().orElseThrow()).startsWith("172.17.0.1," + lines + ",");
        assertThat(Store.snapshot(db)).isEqualTo(before);
    }

    private static Object[] args(String command, String option) {
        return command.isEmpty() ? new Object[] {option} : new Object[] {command, option};
    }
}
