package io.logpulse.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a deterministic, realistic nginx {@code combined} log: one day of traffic from a
 * heavy-tailed population of clients (a few very busy, most seen a handful of times), varied
 * paths, agents and statuses, about 1% of lines a few seconds out of order (nginx logs a request
 * when it ends), and a bad line now and then. The same arguments always give the same bytes.
 */
public final class LogGenerator {

    /** 2025-01-31T00:00:00+09:00, the day of the field guide's incident. */
    static final long DAY_START = Instant.parse("2025-01-30T15:00:00Z").getEpochSecond();
    static final int DAY_SECONDS = 86_400;
    static final ZoneOffset OFFSET = ZoneOffset.ofHours(9);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "GET", "GET", "GET", "POST", "POST", "HEAD"};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 304, 301, 302,
            404, 404, 403, 401, 500, 502, 503};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/7.88.1", "python-requests/2.31.0", "Go-http-client/1.1", "Wget/1.21.3",
        "Mozilla/5.0 (compatible; \\\"quoted\\\" agent)", "-",
    };
    private static final String[] SECTIONS = {"", "products", "blog", "api/v1/items", "static/css", "static/js", "images",
            "account", "search", "cart", "wp-login.php", "docs"};

    private final long lines;
    private final int clients;
    private final double[] clientCdf;
    private final SplittableRandom random;

    public LogGenerator(long lines, int clients, long seed) {
        this.lines = lines;
        this.clients = clients;
        this.clientCdf = zipfCdf(clients, 1.1);
        this.random = new SplittableRandom(seed);
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            write(out);
        }
    }

    public void write(OutputStream out) throws IOException {
        var line = new StringBuilder(256);
        long cachedSecond = Long.MIN_VALUE;
        String cachedTime = null;
        for (long i = 0; i < lines; i++) {
            long second = DAY_START + i * DAY_SECONDS / lines;
            if (random.nextInt(100) == 0) {
                second -= 1 + random.nextInt(5);
            }
            if (second != cachedSecond) {
                cachedSecond = second;
                cachedTime = TIME.format(Instant.ofEpochSecond(second).atOffset(OFFSET));
            }
            line.setLength(0);
            if (random.nextInt(100_000) == 0) {
                line.append("\\x16\\x03\\x01 garbage after a crash ").append(i).append('\n');
            } else {
                appendRequest(line, cachedTime);
            }
            out.write(line.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private void appendRequest(StringBuilder line, String time) {
        int client = pick(clientCdf);
        appendAddress(line, client);
        line.append(" - - [").append(time).append("] \"").append(METHODS[random.nextInt(METHODS.length)]).append(' ');
        appendPath(line);
        line.append(" HTTP/1.1\" ").append(STATUSES[random.nextInt(STATUSES.length)]).append(' ')
                .append(random.nextInt(8) == 0 ? 0 : 200 + random.nextInt(30_000))
                .append(" \"").append(random.nextInt(4) == 0 ? "https://example.com/" : "-").append("\" \"")
                .append(AGENTS[client % AGENTS.length]).append("\"\n");
    }

    /** Client numbers map to stable addresses; every 20th client is IPv6. */
    private void appendAddress(StringBuilder line, int client) {
        int h = client * 0x9E3779B1;
        if (client % 20 == 19) {
            line.append("2001:db8:").append(Integer.toHexString((h >>> 16) & 0xffff)).append("::")
                    .append(Integer.toHexString(h & 0xffff));
        } else {
            line.append(10 + (h >>> 24) % 200).append('.').append((h >>> 16) & 0xff).append('.')
                    .append((h >>> 8) & 0xff).append('.').append(1 + (h & 0xff) % 254);
        }
    }

    private void appendPath(StringBuilder line) {
        String section = SECTIONS[random.nextInt(SECTIONS.length)];
        line.append('/').append(section);
        if (!section.isEmpty() && random.nextInt(3) > 0) {
            line.append('/').append(random.nextInt(2_000));
        }
        if (random.nextInt(10) == 0) {
            line.append("?page=").append(random.nextInt(50));
        }
    }

    private int pick(double[] cdf) {
        double u = random.nextDouble();
        int low = 0;
        int high = cdf.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cdf[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static double[] zipfCdf(int n, double exponent) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1 / Math.pow(k + 1, exponent);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        return cdf;
    }

    public long lines() {
        return lines;
    }

    public int clients() {
        return clients;
    }
}
