package io.logpulse.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints the files the children wrote (logpulse's stdout and stderr, nginx's error log) when a test
 * fails, before {@code @AfterEach} stops the children: a failing live test is unreadable without them.
 */
final class LiveLogs implements TestExecutionExceptionHandler, AfterEachCallback {

    private static final int MAX_LINES = 300;
    private static final List<Path> FILES = new ArrayList<>();

    static synchronized void register(Path file) {
        FILES.add(file);
    }

    /** Also used by tests to log progress; everything goes to stderr, which failsafe keeps. */
    static void note(String format, Object... args) {
        System.err.printf("[live %s] " + format + "%n", prepend(java.time.LocalTime.now().withNano(
                java.time.LocalTime.now().getNano() / 1_000_000 * 1_000_000), args));
        System.err.flush();
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        printAll(context.getDisplayName());
        throw throwable;
    }

    static synchronized void printAll(String title) {
        var text = new StringBuilder("\n===== logs of the failed test " + title + " =====\n");
        for (Path file : FILES) {
            text.append("----- ").append(file).append(" -----\n");
            try {
                // Leniently decoded: a child may write any bytes.
                List<String> lines = Files.exists(file)
                        ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList()
                        : List.of("(missing)");
                if (lines.size() > MAX_LINES) {
                    text.append("... (").append(lines.size() - MAX_LINES).append(" lines left out)\n");
                    lines = lines.subList(lines.size() - MAX_LINES, lines.size());
                }
                lines.forEach(line -> text.append(line).append('\n'));
            } catch (IOException e) {
                text.append("(cannot read: ").append(e.getMessage()).append(")\n");
            }
        }
        System.err.println(text);
        System.err.flush();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        synchronized (LiveLogs.class) {
            FILES.clear();
        }
    }
}
