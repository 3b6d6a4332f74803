package io.logpulse.query.lb;

import io.logpulse.parse.Field;
import io.logpulse.parse.LineParser;
import io.logpulse.parse.LogFormat;
import io.logpulse.parse.ParsedLine;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Stickiness seen from the backends: behind a proxy a backend logs the proxy as its client, but the
 * proxy's {@code X-Forwarded-For} names the real one (its first address). One streaming pass per
 * backend log file.
 */
final class ForwardedClientsScan {

    private final long from;
    private final long to;
    final ClientSpread clients = new ClientSpread();
    long requests;
    long withoutHeader;

    ForwardedClientsScan(long from, long to) {
        this.from = from;
        this.to = to;
    }

    /** Adds the requests of one backend's log file; false if its format has no X-Forwarded-For. */
    boolean read(Path file, LogFormat format, String backend) throws IOException {
        if (!format.has(Field.X_FORWARDED_FOR)) {
            return false;
        }
        var parser = new LineParser(format);
        var parsed = new ParsedLine();
        LogLines.forEach(file, (buf, start, end) -> {
            if (!parser.parse(buf, start, end, parsed) || parsed.epochMillis() < from || parsed.epochMillis() >= to) {
                return;
            }
            requests++;
            String forwarded = parsed.text(Field.X_FORWARDED_FOR);
            String client = forwarded == null ? null : forwarded.split(",", 2)[0].strip();
            if (client == null || client.isEmpty()) {
                withoutHeader++;
                return;
            }
            clients.add(client, backend);
        });
        return true;
    }
}
