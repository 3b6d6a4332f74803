package io.logpulse.discover;

import io.logpulse.parse.FormatDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Plain paths and globs ({@code 'lb*}{@code /access.log'}, {@code /var/log/nginx/access.log*}) as
 * given on the command line, with no Docker at all.
 *
 * <p>The source label of a file is its parent directory's name ({@code lb01/access.log → lb01}),
 * which is how people lay out one directory per backend, unless the user names it.
 */
public final class PathPatterns implements LogFileFinder {

    private static final Logger LOG = LoggerFactory.getLogger(PathPatterns.class);
    private static final String FALLBACK = "combined";

    private final List<String> patterns;
    private final String sourceOverride;
    private final String format;
    /** Formats found by {@code auto}, per path: a file is sniffed once, not at every discovery. */
    private final Map<String, String> detected = new ConcurrentHashMap<>();

    public PathPatterns(List<String> patterns, String sourceOverride, String format) {
        this.patterns = List.copyOf(patterns);
        this.sourceOverride = sourceOverride;
        this.format = format;
    }

    @Override
    public List<LogFile> find() {
        var files = new TreeSet<Path>();
        for (String pattern : patterns) {
            files.addAll(expand(pattern));
        }
        var found = new ArrayList<LogFile>(files.size());
        for (Path file : files) {
            formatOf(file).ifPresent(f -> found.add(new LogFile(file.toString(), sourceOf(file), f)));
        }
        return found;
    }

    /**
     * The format given, or with {@code auto} the one its first lines are in; a file with no line yet
     * waits, one that no named format reads is read as {@code combined}, its lines rejected and counted.
     */
    private Optional<String> formatOf(Path file) {
        if (!FormatDetector.isAuto(format)) {
            return Optional.of(format);
        }
        String known = detected.get(file.toString());
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> found = FormatSniffer.detect(file);
        if (found.isEmpty()) {
            if (!Files.isReadable(file) || sizeOf(file) == 0) {
                return Optional.of(FALLBACK);
            }
            try {
                if (FormatSniffer.firstLines(file).isEmpty()) {
                    return Optional.empty();
                }
            } catch (IOException e) {
                return Optional.of(FALLBACK);
            }
            LOG.warn("{}: no known format reads its first lines; reading it as {} (use --format)", file, FALLBACK);
        }
        String chosen = found.orElse(FALLBACK);
        detected.put(file.toString(), chosen);
        return Optional.of(chosen);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    public static boolean isGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    public static String defaultSource(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null || parent.getFileName() == null ? "-" : parent.getFileName().toString();
    }

    private String sourceOf(Path file) {
        return sourceOverride != null ? sourceOverride : defaultSource(file);
    }

    private static List<Path> expand(String pattern) {
        Path path = Path.of(expandHome(pattern)).toAbsolutePath().normalize();
        if (Files.exists(path)) {
            return List.of(path); // an existing file named like a pattern (access[1].log) is that file
        }
        if (!isGlob(pattern)) {
            return List.of(); // found once it appears
        }
        Path base = globBase(path);
        int depth = path.getNameCount() - base.getNameCount();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(base, pattern.contains("**") ? Integer.MAX_VALUE : depth)) {
            return walk.map(p -> p.toAbsolutePath().normalize())
                    .filter(matcher::matches)
                    .filter(Files::isRegularFile)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base + ": " + e.getMessage(), e);
        }
    }

    /** The longest leading part of the pattern without glob characters: where the walk starts. */
    private static Path globBase(Path absolutePattern) {
        Path base = absolutePattern.getRoot();
        for (Path part : absolutePattern) {
            if (isGlob(part.toString())) {
                break;
            }
            base = base.resolve(part);
        }
        return base;
    }

    private static String expandHome(String pattern) {
        if (pattern.equals("~") || pattern.startsWith("~/")) {
            return System.getProperty("user.home") + pattern.substring(1);
        }
        return pattern;
    }
}
