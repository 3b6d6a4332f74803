package io.logpulse.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log line can carry escape sequences (nginx writes ESC as {@code \x1B}; logpulse reads it back as
 * the byte). Run on a real terminal (a pseudo-terminal made by util-linux's {@code script}), no output
 * format may hand them to it raw.
 */
class TerminalSafetyIT {

    private static final String HOSTILE_AGENT = "evil\\x1B[2J\\x1B]0;owned\\x07agent";

    @TempDir
    Path dir;

    @Test
    void escapeSequencesFromLogsReachATerminalOnlyAsVisibleText() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux's script makes the pseudo-terminal");
        Path log = Files.createDirectories(dir.resolve("web")).resolve("access.log");
        Files.writeString(log, "192.0.2.9 - - [09/Mar/2025:01:00:00 +0900] \"GET /a\\x1B[31mb HTTP/1.1\" 200 5 \"-\" \""
                + HOSTILE_AGENT + "\"\n", StandardCharsets.UTF_8);
        Path db = dir.resolve("db");
        assertThat(Logpulse.execute(dir, Duration.ofMinutes(2), "ingest", "--db", db.toString(), log.toString()).exit())
                .isZero();
        for (List<String> query : List.of(List.of("requests"), List.of("requests", "--output", "csv"),
                List.of("top", "--by", "ua"), List.of("top", "--by", "path", "--output", "csv"),
                List.of("ip", "192.0.2.9"))) {
            String shown = onTerminal(query, db);
            assertThat(shown).as("%s on a terminal", query).contains("\\x1B").doesNotContain("\u001b").doesNotContain("\u0007");
        }
    }

    /** What the command prints to a pseudo-terminal. */
    private String onTerminal(List<String> query, Path db) throws Exception {
        var args = new ArrayList<>(query);
        args.addAll(List.of("--db", db.toString()));
        String command = Logpulse.command(args).stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        Path typescript = dir.resolve("typescript");
        Process script = new ProcessBuilder("/usr/bin/script", "-q", "-e", "-c", command, typescript.toString())
                .redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true)
                .redirectOutput(dir.resolve("script.out").toFile()).start();
        assertThat(script.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(script.exitValue()).as(Files.readString(dir.resolve("script.out"))).isZero();
        // The typescript holds what the terminal received, after script's own header line.
        return Files.readString(typescript, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("Script "))
                .collect(Collectors.joining("\n"));
    }
}
