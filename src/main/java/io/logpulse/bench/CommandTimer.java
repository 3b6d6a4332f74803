package io.logpulse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a shell command as a child process and measures it from outside, the same way for every
 * tool compared: wall time, and peak RSS from GNU time ({@code /usr/bin/time -f %M}, the largest
 * process of a pipeline) where it is installed.
 */
final class CommandTimer {

    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    private final Path workDirectory;

    CommandTimer(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    Measured run(String name, String shellCommand) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(workDirectory, "out", ".txt");
        Path stderr = Files.createTempFile(workDirectory, "err", ".txt");
        List<String> command = new ArrayList<>();
        boolean timed = Files.isExecutable(GNU_TIME);
        if (timed) {
            command.addAll(List.of(GNU_TIME.toString(), "-f", "peak-rss-kb %M"));
        }
        command.addAll(List.of("bash", "-c", "set -o pipefail; " + shellCommand));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(workDirectory.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        long rss = -1;
        int marker = err.lastIndexOf("peak-rss-kb ");
        if (timed && marker >= 0) {
            rss = Long.parseLong(err.substring(marker + "peak-rss-kb ".length()).trim());
            err = err.substring(0, marker);
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        return new Measured(name, seconds, rss, exit, exit == 0 ? out : out + err);
    }
}
