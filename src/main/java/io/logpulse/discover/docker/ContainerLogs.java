package io.logpulse.discover.docker;

import io.logpulse.discover.docker.ContainerReport.Log;
import io.logpulse.discover.docker.ContainerReport.State;
import io.logpulse.parse.LineParser;
import io.logpulse.parse.LogFormat;
import io.logpulse.parse.ParsedLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Where a container's access logs are on this host, and in which format.
 *
 * <p>Its bind mounts are looked at, never its file system: a mount whose destination is a known log
 * directory ({@link #LOG_DIRECTORIES}), or the directory named by its label {@code logpulse.logs},
 * maps that directory to the mount's host source, where the access log files are read. Nothing
 * outside the mount's host source is ever read: a label that climbs out with {@code ..} is refused,
 * and so is any directory or file whose real path (symlinks followed) leaves the mount's real path.
 *
 * <p>The format is the label {@code logpulse.format} if set; otherwise the one the image writes
 * (nginx: {@code main}; Apache, httpd, PHP: {@code combined}), checked against the file's first
 * line: when that line is in another format (the official httpd image logs {@code common}), the
 * format that fits is used and the user is told.
 */
public final class ContainerLogs {

    /** Where the images people run write their access logs. */
    public static final List<String> LOG_DIRECTORIES =
            List.of("/var/log/nginx", "/var/log/apache2", "/var/log/httpd", "/usr/local/apache2/logs");

    /** Tried in this order on a first line the expected format does not fit. */
    private static final List<String> SNIFFED = List.of("main", "combined", "common", "vhost_combined");
    private static final int FIRST_LINE_LIMIT = 16 * 1024;

    /** What an image's name says about the server in it. */
    enum Server {
        NGINX("main", "/var/log/nginx"),
        HTTPD("combined", "/usr/local/apache2/logs"),
        APACHE("combined", "/var/log/apache2"),
        UNKNOWN("combined", null);

        final String format;
        final String logDirectory;

        Server(String format, String logDirectory) {
            this.format = format;
            this.logDirectory = logDirectory;
        }

        static Server of(String image) {
            String name = image == null ? "" : image.toLowerCase(Locale.ROOT);
            int at = name.indexOf('@');
            name = at >= 0 ? name.substring(0, at) : name;
            int slash = name.lastIndexOf('/');
            name = slash >= 0 ? name.substring(slash + 1) : name;
            if (name.contains("nginx")) {
                return NGINX;
            }
            if (name.contains("httpd")) {
                return HTTPD;
            }
            if (name.contains("apache") || name.contains("php")) {
                return APACHE;
            }
            return UNKNOWN;
        }
    }

    private ContainerLogs() {
    }

    /** Whether a container is worth a warning when it cannot be followed: a web server, or labelled for logpulse. */
    public static boolean looksLikeWebServer(ContainerInfo container) {
        return Server.of(container.image()) != Server.UNKNOWN
                || container.labels().containsKey(ContainerInfo.LABEL_LOGS)
                || container.labels().containsKey(ContainerInfo.LABEL_FORMAT);
    }

    /** Looks at the container's mounts and at the files under their host sources. */
    public static ContainerReport examine(ContainerInfo container) {
        var warnings = new ArrayList<String>();
        Server server = Server.of(container.image());

        String format = null;
        String labelFormat = container.labels().get(ContainerInfo.LABEL_FORMAT);
        if (labelFormat != null) {
            try {
                LogFormat.resolve(labelFormat);
                format = labelFormat;
            } catch (IllegalArgumentException e) {
                return notFollowable(container, "label " + ContainerInfo.LABEL_FORMAT + "=" + labelFormat + ": "
                        + e.getMessage(), warnings);
            }
        }

        List<Target> targets;
        String labelDirectory = container.labels().get(ContainerInfo.LABEL_LOGS);
        if (labelDirectory != null) {
            String refusal = refusal(labelDirectory);
            if (refusal != null) {
                return notFollowable(container, "label " + ContainerInfo.LABEL_LOGS + "=" + labelDirectory
                        + " refused: " + refusal, warnings);
            }
            targets = targets(container, List.of(Path.of(labelDirectory.strip()).toString()));
            if (targets.isEmpty()) {
                return notFollowable(container, "no bind mount holds " + labelDirectory.strip() + " (label "
                        + ContainerInfo.LABEL_LOGS + "): mount a host directory there, e.g. -v ~/"
                        + container.name() + "-log:" + labelDirectory.strip(), warnings);
            }
        } else {
            targets = targets(container, LOG_DIRECTORIES);
            if (targets.isEmpty()) {
                return notFollowable(container, noMountReason(container, server), warnings);
            }
        }

        var logs = new ArrayList<Log>();
        String problem = null;
        boolean problemBlocks = false;
        for (Target target : targets) {
            Path realSource;
            Path realDirectory;
            try {
                realSource = Path.of(target.bind().source()).toRealPath();
                realDirectory = target.hostDirectory().toRealPath();
            } catch (NoSuchFileException e) {
                problem = "the mount source " + target.hostDirectory() + " does not exist";
                continue;
            } catch (AccessDeniedException e) {
                problem = notReadable(target.hostDirectory());
                problemBlocks = true;
                continue;
            } catch (IOException e) {
                problem = "cannot read " + target.hostDirectory() + ": " + e.getMessage();
                problemBlocks = true;
                continue;
            }
            if (!realDirectory.startsWith(realSource)) {
                problem = target.directory() + " is " + realDirectory + " on this host, outside the mount source "
                        + realSource + " (a symlink): refused";
                problemBlocks = true;
                continue;
            }
            if (!Files.isDirectory(realDirectory)) {
                continue;
            }
            if (!Files.isReadable(realDirectory) || !Files.isExecutable(realDirectory)) {
                problem = notReadable(target.hostDirectory());
                problemBlocks = true;
                continue;
            }
            for (Path file : accessLogs(realDirectory)) {
                Path real;
                try {
                    real = file.toRealPath();
                } catch (IOException e) {
                    continue;
                }
                if (!real.startsWith(realSource)) {
                    warnings.add(file + " is a symlink to " + real + ", outside the mount source " + realSource
                            + ": not read");
                    continue;
                }
                if (!Files.isRegularFile(real)) {
                    continue;
                }
                if (!Files.isReadable(real)) {
                    problem = notReadable(real);
                    problemBlocks = true;
                    continue;
                }
                logs.add(new Log(real.toString(), format != null ? format : formatOf(real, expected(real, server), warnings)));
            }
        }
        if (!container.running()) {
            return new ContainerReport(container, State.STOPPED, logs, null, warnings);
        }
        if (!logs.isEmpty()) {
            if (problem != null) {
                warnings.add(problem);
            }
            return new ContainerReport(container, State.FOLLOWING, logs, null, warnings);
        }
        if (problem != null && problemBlocks) {
            return notFollowable(container, problem, warnings);
        }
        String where = targets.stream().map(t -> t.hostDirectory().toString()).distinct()
                .reduce((a, b) -> a + ", " + b).orElse("");
        String waiting = problem != null ? problem : "no access log in " + where + " yet";
        if (server == Server.HTTPD && labelDirectory == null) {
            waiting += "; the httpd image writes its access log to stdout (CustomLog /proc/self/fd/1 common): "
                    + "point CustomLog at logs/access_log in httpd.conf to have it here";
        }
        return new ContainerReport(container, State.WAITING, List.of(), waiting, warnings);
    }

    /** Why a label directory is refused, or null: it must be absolute and must not climb with "..". */
    static String refusal(String directory) {
        String d = directory.strip();
        if (d.isEmpty() || !d.startsWith("/")) {
            return "it must be an absolute directory inside the container";
        }
        for (Path part : Path.of(d)) {
            if (part.toString().equals("..")) {
                return "it climbs out of its directory with \"..\"";
            }
        }
        if (d.indexOf('\0') >= 0) {
            return "it holds a NUL character";
        }
        return null;
    }

    private record Target(String directory, ContainerInfo.Bind bind, Path hostDirectory) {
    }

    /** For each wanted directory inside the container, the bind mount that holds it (the deepest). */
    private static List<Target> targets(ContainerInfo container, List<String> directories) {
        var targets = new ArrayList<Target>();
        for (String directory : directories) {
            Path wanted = Path.of(directory).normalize();
            ContainerInfo.Bind best = null;
            for (ContainerInfo.Bind bind : container.binds()) {
                Path destination = Path.of(bind.destination()).normalize();
                if (wanted.startsWith(destination)
                        && (best == null || destination.getNameCount() > Path.of(best.destination()).getNameCount())) {
                    best = bind;
                }
            }
            if (best == null) {
                continue;
            }
            Path source = Path.of(best.source()).normalize();
            Path host = source.resolve(Path.of(best.destination()).normalize().relativize(wanted)).normalize();
            if (host.startsWith(source)) {
                targets.add(new Target(wanted.toString(), best, host));
            }
        }
        return targets;
    }

    private static String noMountReason(ContainerInfo container, Server server) {
        String directory = stdoutLinkedDirectory(container);
        boolean certain = directory != null;
        if (directory == null) {
            directory = server.logDirectory;
        }
        if (directory == null) {
            return "no log directory is bind-mounted (" + String.join(", ", LOG_DIRECTORIES)
                    + "); set the label " + ContainerInfo.LABEL_LOGS + " to the directory it logs in and bind-mount it";
        }
        String file = server == Server.HTTPD ? "access log" : "access.log";
        return "no bind mount over " + directory + ": the image's " + file + " is "
                + (certain ? "" : "most likely ") + "a symlink to /dev/stdout, so its requests only reach "
                + "`docker logs`; run it with -v ~/" + container.name() + "-log:" + directory;
    }

    /** The known log directory whose access log is a symlink to stdout in the container, if this host can see it. */
    private static String stdoutLinkedDirectory(ContainerInfo container) {
        if (container.rootfs() == null) {
            return null;
        }
        for (String directory : LOG_DIRECTORIES) {
            for (String name : List.of("access.log", "access_log")) {
                Path link = Path.of(container.rootfs(), directory.substring(1), name);
                try {
                    if (Files.isSymbolicLink(link)) {
                        String target = Files.readSymbolicLink(link).toString();
                        if (target.equals("/dev/stdout") || target.startsWith("/proc/self/fd/")) {
                            return directory;
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // not visible from here: fall back to what the image's name says
                }
            }
        }
        return null;
    }

    /** Access logs in a log directory: {@code access.log}, {@code access_log}, {@code other_vhosts_access.log} ... */
    private static List<Path> accessLogs(Path directory) {
        var files = new TreeSet<Path>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean accessLog = name.endsWith("access.log") || name.endsWith("access_log");
                // Symlinks too: whether they stay inside the mount is checked on their real path.
                if (accessLog && (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(entry))) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(files);
    }

    private static String notReadable(Path path) {
        return path + " is not readable by user " + System.getProperty("user.name")
                + ": run logpulse as a user who can read it, or give it read access (chmod o+rx on the directory, o+r on the logs)";
    }

    private static ContainerReport notFollowable(ContainerInfo container, String reason, List<String> warnings) {
        if (!container.running()) {
            return new ContainerReport(container, State.STOPPED, List.of(), null, warnings);
        }
        return new ContainerReport(container, State.NOT_FOLLOWABLE, List.of(), reason, warnings);
    }

    /** What the server writes in this file: Debian's Apache logs its other virtual hosts with their name. */
    private static String expected(Path file, Server server) {
        return file.getFileName().toString().equals("other_vhosts_access.log") ? "vhost_combined" : server.format;
    }

    /**
     * The format the image writes, unless the file's first line says otherwise. An empty file gets
     * the image's format; it is looked at again once it has a line.
     */
    static String formatOf(Path file, String expectedFormat, List<String> warnings) {
        byte[] line = firstLine(file);
        if (line == null) {
            return expectedFormat;
        }
        var candidates = new LinkedHashSet<String>();
        candidates.add(expectedFormat);
        candidates.addAll(SNIFFED);
        var parsed = new ParsedLine();
        for (String candidate : candidates) {
            if (new LineParser(LogFormat.resolve(candidate)).parse(line, 0, line.length, parsed)) {
                // nginx's own default is combined; the official image's is main: both are expected.
                boolean expected = candidate.equals(expectedFormat)
                        || expectedFormat.equals("main") && candidate.equals("combined");
                if (!expected) {
                    warnings.add(file + ": its lines are in the `" + candidate + "` format, not `" + expectedFormat
                            + "`" + (candidate.equals("common") ? " (the official httpd image logs `common`)" : "")
                            + ": reading them as " + candidate + "; set the label " + ContainerInfo.LABEL_FORMAT
                            + " to choose");
                }
                return candidate;
            }
        }
        warnings.add(file + ": its first line fits none of " + String.join(", ", candidates) + ": reading it as "
                + expectedFormat + "; set the label " + ContainerInfo.LABEL_FORMAT + " to its log_format");
        return expectedFormat;
    }

    /** The first complete line, without its newline; null while there is none. */
    private static byte[] firstLine(Path file) {
        byte[] head = new byte[FIRST_LINE_LIMIT];
        int length = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while (length < head.length && (n = in.read(head, length, head.length - length)) > 0) {
                for (int i = length; i < length + n; i++) {
                    if (head[i] == '\n') {
                        return java.util.Arrays.copyOf(head, i);
                    }
                }
                length += n;
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
