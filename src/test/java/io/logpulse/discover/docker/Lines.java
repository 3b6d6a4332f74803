package io.logpulse.discover.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Access log lines as the servers in the containers write them, appended the way they append. */
final class Lines {

    private static final DateTimeFormatter TIME_LOCAL =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private Lines() {
    }

    /** The official nginx image's {@code main}: combined plus {@code "$http_x_forwarded_for"}. */
    static String main(String ip, String path) {
        return common(ip, path) + " \"-\" \"curl/7.88.1\" \"-\"\n";
    }

    /** Debian Apache's {@code combined}. */
    static String combined(String ip, String path) {
        return common(ip, path) + " \"-\" \"curl/7.88.1\"\n";
    }

    /** The official httpd image's {@code common}. */
    static String commonLine(String ip, String path) {
        return common(ip, path) + "\n";
    }

    private static String common(String ip, String path) {
        return ip + " - - [" + TIME_LOCAL.format(ZonedDateTime.now()) + "] \"GET " + path + " HTTP/1.1\" 200 3";
    }

    static void append(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** {@code n} lines of {@code main}, from {@code 10.0.0.(first+i)}. */
    static String mainLines(int n, String path) {
        var text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(main("10.0.0." + (1 + i % 200), path + i));
        }
        return text.toString();
    }

    static String combinedLines(int n, String path) {
        var text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(combined("172.17.0." + (1 + i % 200), path + i));
        }
        return text.toString();
    }
}
