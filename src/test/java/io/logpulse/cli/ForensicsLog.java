package io.logpulse.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A generated incident, written as nginx combined logs of two sources, with every request kept as
 * the generator made it: the expected answers of the forensic commands are computed from these
 * records, never from logpulse's own parsing. Three hours of normal traffic, plus a scraper's burst,
 * a brute force on /wp-login.php, a stretch of 5xx, and hostile values (a {@code <script>} path, an
 * escape sequence in a user agent, an escaped quote).
 */
final class ForensicsLog {

    static final ZoneOffset OFFSET = ZoneOffset.ofHours(9);
    static final Instant START = OffsetDateTime.of(2025, 3, 9, 1, 0, 0, 0, OFFSET).toInstant();
    static final Instant END = START.plusSeconds(3 * 3600);
    static final String SCRAPER = "203.0.113.66";
    static final Instant SCRAPE_MINUTE = START.plusSeconds(100 * 60);
    static final String BRUTE = "198.51.100.9";
    static final Instant ERRORS_FROM = START.plusSeconds(150 * 60);
    static final Instant ERRORS_TO = START.plusSeconds(160 * 60);
    static final String HOSTILE = "192.0.2.250";
    /** As the client sent it (nginx writes it unescaped: no quote, no control byte). */
    static final String SCRIPT_PATH = "/<script>alert(1)</script>";
    /** As logged: nginx writes ESC as \x1B; logpulse undoes that. */
    static final String ESCAPE_AGENT_LOGGED = "evil\\x1B[2J\\x1B]0;owned\\x07agent";
    static final String ESCAPE_AGENT = "evil\u001b[2J\u001b]0;owned\u0007agent";
    static final String QUOTE_PATH_LOGGED = "/search?q=\\x22quoted\\x22";
    static final String QUOTE_PATH = "/search?q=\"quoted\"";

    private static final String[] PATHS = {"/", "/index.html", "/products", "/products?page=2", "/api/v1/cart",
            "/api/v1/items/17", "/static/app.js", "/static/site.css", "/blog/", "/favicon.ico"};
    private static final String[] AGENTS = {"Mozilla/5.0 (X11; Linux x86_64; rv:134.0) Gecko/20100101 Firefox/134.0",
            "curl/8.5.0", "ShopApp/341 CFNetwork/1568.300.101 Darwin/24.2.0",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"};

    /** One request as generated; {@code path} and {@code agent} as the client sent them. */
    record Request(Instant time, String ip, String method, String path, int status, long bytes, String agent,
            String source, Path file, long offset) {
    }

    final List<Request> requests = new ArrayList<>();
    final Path web;
    final Path api;

    private ForensicsLog(Path dir) {
        this.web = dir.resolve("web").resolve("access.log");
        this.api = dir.resolve("api").resolve("access.log");
    }

    static ForensicsLog write(Path dir) throws IOException {
        var log = new ForensicsLog(dir);
        log.generate(new Random(0xF0E1L));
        return log;
    }

    private void generate(Random random) throws IOException {
        var pending = new ArrayList<Pending>();
        for (long t = START.getEpochSecond(); t < END.getEpochSecond(); t++) {
            int perSecond = random.nextInt(3);
            for (int k = 0; k < perSecond; k++) {
                String ip = "10.0." + random.nextInt(8) + "." + (1 + (int) Math.abs(random.nextGaussian() * 20) % 250);
                boolean errors = t >= ERRORS_FROM.getEpochSecond() && t < ERRORS_TO.getEpochSecond() && random.nextInt(3) > 0;
                int status = errors ? (random.nextBoolean() ? 502 : 504) : random.nextInt(20) == 0 ? 404 : random.nextInt(10) == 0 ? 304 : 200;
                pending.add(new Pending(t, ip, random.nextInt(5) == 0 ? "POST" : "GET", PATHS[random.nextInt(PATHS.length)],
                        null, status, status == 304 ? 0 : 100 + random.nextInt(50_000), AGENTS[random.nextInt(AGENTS.length)],
                        null, random.nextInt(4) == 0 ? "api" : "web", random.nextInt(6)));
            }
        }
        for (int k = 0; k < 500; k++) {
            pending.add(new Pending(SCRAPE_MINUTE.getEpochSecond() + k % 60, SCRAPER, "GET", "/products?page=" + k, null, 200,
                    20_000 + k, "python-requests/2.32.3", null, "web", 0));
        }
        for (int k = 0; k < 240; k++) {
            pending.add(new Pending(START.getEpochSecond() + 30 * 60 + k * 15, BRUTE, "POST", "/wp-login.php", null,
                    k % 4 == 0 ? 404 : 401, 512, "Mozilla/5.0 (compatible; brute/1.0)", null, "web", 0));
        }
        for (int k = 0; k < 6; k++) {
            long t = START.getEpochSecond() + 45 * 60 + k * 7;
            pending.add(new Pending(t, HOSTILE, "GET", SCRIPT_PATH, SCRIPT_PATH, 404, 153, ESCAPE_AGENT, ESCAPE_AGENT_LOGGED, "web", 0));
            pending.add(new Pending(t + 1, HOSTILE, "GET", QUOTE_PATH, QUOTE_PATH_LOGGED, 200, 99, "curl/8.5.0", null, "api", 0));
        }
        // nginx writes a line when the request ends: a few seconds out of order.
        pending.sort(Comparator.comparingLong(p -> p.second + p.lag));
        var webText = new StringBuilder();
        var apiText = new StringBuilder();
        long[] sizes = new long[2];
        for (Pending p : pending) {
            boolean isWeb = p.source.equals("web");
            Instant time = Instant.ofEpochSecond(p.second);
            String line = p.ip + " - - [" + AccessLog.LOG_TIME.format(time.atOffset(OFFSET)) + "] \"" + p.method + ' '
                    + (p.loggedPath != null ? p.loggedPath : p.path) + " HTTP/1.1\" " + p.status + ' ' + p.bytes + " \"-\" \""
                    + (p.loggedAgent != null ? p.loggedAgent : p.agent) + "\"\n";
            int at = isWeb ? 0 : 1;
            requests.add(new Request(time, p.ip, p.method, p.path, p.status, p.bytes, p.agent, p.source, isWeb ? web : api,
                    sizes[at]));
            sizes[at] += line.getBytes(StandardCharsets.UTF_8).length;
            (isWeb ? webText : apiText).append(line);
        }
        Files.createDirectories(web.getParent());
        Files.createDirectories(api.getParent());
        Files.writeString(web, webText, StandardCharsets.UTF_8);
        Files.writeString(api, apiText, StandardCharsets.UTF_8);
    }

    private record Pending(long second, String ip, String method, String path, String loggedPath, int status, long bytes,
            String agent, String loggedAgent, String source, int lag) {
    }

    List<Request> between(Instant from, Instant to) {
        return requests.stream().filter(r -> !r.time().isBefore(from) && r.time().isBefore(to)).toList();
    }
}
