package io.logpulse.live;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * An access log the test writes itself, like a web server does: appends only, every write goes
 * straight to the file (no buffering), lines in nginx's {@code combined} format.
 */
final class AccessLog implements Closeable {

    private static final DateTimeFormatter TIME_LOCAL =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final Path path;
    private OutputStream out;

    AccessLog(Path path) throws IOException {
        this.path = path;
        Files.createDirectories(path.toAbsolutePath().getParent());
        this.out = new FileOutputStream(path.toFile(), true);
    }

    static String line(String ip, String requestPath, int status, long bytes) {
        return ip + " - - [" + TIME_LOCAL.format(ZonedDateTime.now()) + "] \"GET " + requestPath + " HTTP/1.1\" "
                + status + " " + bytes + " \"-\" \"logpulse-it/1.0\"\n";
    }

    Path path() {
        return path;
    }

    void append(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Rename and create, as logrotate does, with a writer that reopens its log at once. */
    void rotateTo(Path renamed) throws IOException {
        out.close();
        Files.move(path, renamed);
        out = new FileOutputStream(path.toFile(), true);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
