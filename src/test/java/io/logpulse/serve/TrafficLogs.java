package io.logpulse.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Access logs the dashboard tests write, and the numbers they must show, worked out here from the
 * written files with a plain regular expression: nothing of io.logpulse.parse or the store is used.
 */
final class TrafficLogs {

    /** An address that is also markup: a page that inserts it as HTML runs it and changes its title. */
    static final String HOSTILE_ADDRESS = "<script>document.title='pwned-ip'</script>";
    /** A path that is also markup, for the request-level panels. */
    static final String HOSTILE_PATH = "/<script>document.title='pwned-path'</script>";

    private static final DateTimeFormatter TIME_LOCAL = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    private static final Pattern COMBINED = Pattern.compile(
            "^(\\S+) - - \\[([^\\]]+)\\] \"(\\S+) (\\S+) HTTP/1\\.1\" (\\d{3}) (\\d+) \"[^\"]*\" \"[^\"]*\"$");
    private static final int[] STATUSES = {200, 200, 200, 200, 201, 204, 301, 304, 400, 404, 404, 500, 502, 503};

    /** One request, as read back from a file: its source is the file's directory name. */
    record Request(String source, String ip, Instant time, String path, int status, long bytes) {
    }

    /** Requests, bytes and 2xx..5xx: the {@code Counts} layout, computed independently. */
    record Totals(long requests, long bytes, long s2xx, long s3xx, long s4xx, long s5xx) {

        static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0);

        Totals plus(Request r) {
            int c = r.status() / 100;
            return new Totals(requests + 1, bytes + r.bytes(), s2xx + (c == 2 ? 1 : 0), s3xx + (c == 3 ? 1 : 0),
                    s4xx + (c == 4 ? 1 : 0), s5xx + (c == 5 ? 1 : 0));
        }
    }

    private TrafficLogs() {
    }

    /**
     * Writes {@code perSource} requests for each source into {@code logs/SOURCE/access.log}, at random
     * times in [start, start + minutes), in time order, from a skewed pool of clients (one of them
     * {@link #HOSTILE_ADDRESS}, busy enough to be among the top 20), with lines in nginx's
     * {@code combined} format and offset +09:00.
     */
    static List<Path> write(Path logs, Random random, Instant start, int minutes, int perSource, String... sources)
            throws IOException {
        var files = new ArrayList<Path>();
        for (String source : sources) {
            var times = new ArrayList<Instant>();
            for (int i = 0; i < perSource; i++) {
                times.add(start.plusSeconds(random.nextInt(minutes * 60)));
            }
            times.sort(Comparator.naturalOrder());
            var text = new StringBuilder();
            for (Instant time : times) {
                String ip = random.nextInt(12) == 0 ? HOSTILE_ADDRESS
                        : "198.51.100." + (int) Math.floor(Math.pow(random.nextDouble(), 3) * 60);
                String path = random.nextInt(20) == 0 ? HOSTILE_PATH : "/item/" + random.nextInt(50);
                int status = STATUSES[random.nextInt(STATUSES.length)];
                long bytes = status == 204 || status == 304 ? 0 : random.nextInt(20_000);
                text.append(ip).append(" - - [").append(TIME_LOCAL.format(time.atOffset(ZoneOffset.ofHours(9))))
                        .append("] \"GET ").append(path).append(" HTTP/1.1\" ").append(status).append(' ').append(bytes)
                        .append(" \"-\" \"dashboard-test/1.0\"\n");
            }
            Path file = logs.resolve(source).resolve("access.log");
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.US_ASCII);
            files.add(file);
        }
        return files;
    }

    /** Every line of the files, read back: a line that does not match is a broken test, not a reject. */
    static List<Request> read(List<Path> files) throws IOException {
        var requests = new ArrayList<Request>();
        for (Path file : files) {
            String source = file.getParent().getFileName().toString();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                Matcher m = COMBINED.matcher(line);
                if (!m.matches()) {
                    throw new IllegalStateException("the test wrote a line it cannot read: " + line);
                }
                requests.add(new Request(source, m.group(1), OffsetDateTime.parse(m.group(2), TIME_LOCAL).toInstant(),
                        m.group(4), Integer.parseInt(m.group(5)), Long.parseLong(m.group(6))));
            }
        }
        return requests;
    }

    /** Per step of {@code stepMillis} (aligned to the epoch) in [from, to): the totals, empty steps included. */
    static TreeMap<Long, Totals> perStep(List<Request> requests, long from, long to, long stepMillis) {
        var steps = new TreeMap<Long, Totals>();
        for (long start = Math.floorDiv(from, stepMillis) * stepMillis; start < to; start += stepMillis) {
            steps.put(Math.max(start, from), Totals.ZERO);
        }
        for (Request r : inRange(requests, from, to)) {
            long start = Math.max(Math.floorDiv(r.time().toEpochMilli(), stepMillis) * stepMillis, from);
            steps.merge(start, Totals.ZERO.plus(r), (a, b) -> a.plus(r));
        }
        return steps;
    }

    /** Per value of {@code key} (the client, the path, the source), the totals of the requests in [from, to). */
    static Map<String, Totals> totalsBy(List<Request> requests, long from, long to, Function<Request, String> key) {
        var totals = new TreeMap<String, Totals>();
        inRange(requests, from, to).forEach(r -> totals.merge(key.apply(r), Totals.ZERO.plus(r), (a, b) -> a.plus(r)));
        return totals;
    }

    /** The busiest first, ties by key: the order {@code top} promises. */
    static List<Map.Entry<String, Totals>> ranked(Map<String, Totals> totals, int limit) {
        return totals.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Totals> e) -> e.getValue().requests()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .toList();
    }

    static List<Request> inRange(List<Request> requests, long from, long to) {
        return requests.stream().filter(r -> r.time().toEpochMilli() >= from && r.time().toEpochMilli() < to).toList();
    }

    static long minute(Instant time) {
        return Math.floorDiv(time.toEpochMilli(), 60_000L) * 60_000L;
    }
}
