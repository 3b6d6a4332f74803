package io.logpulse.discover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths and quoted globs as given on the command line, and the source label of each file. */
class PathPatternsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void tree() throws IOException {
        for (String file : List.of("lb01/access.log", "lb02/access.log", "lb03/access.log", "lb01/error.log",
                "lb01/access.log.1", "lb01/access.log.2.gz", "lbx/deeper/access.log", "weird[1]/access.log")) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), "x\n");
        }
        Files.createDirectories(dir.resolve("lb04/access.log")); // a directory with a log's name
    }

    private List<LogFile> find(String source, String... patterns) {
        return new PathPatterns(List.of(patterns), source, "main").find();
    }

    private String abs(String relative) {
        return dir.resolve(relative).toAbsolutePath().normalize().toString();
    }

    @Test
    void aPlainPathIsTakenAsItIsWithItsDirectoryAsSource() {
        assertThat(find(null, dir.resolve("lb02/../lb02/access.log").toString()))
                .containsExactly(new LogFile(abs("lb02/access.log"), "lb02", "main"));
        assertThat(find("web", dir.resolve("lb02/access.log").toString()))
                .containsExactly(new LogFile(abs("lb02/access.log"), "web", "main"));
    }

    @Test
    void aGlobFindsRegularFilesOnlyInPathOrder() {
        assertThat(find(null, dir + "/lb0*/access.log")).containsExactly(
                new LogFile(abs("lb01/access.log"), "lb01", "main"),
                new LogFile(abs("lb02/access.log"), "lb02", "main"),
                new LogFile(abs("lb03/access.log"), "lb03", "main"));
        assertThat(find(null, dir + "/lb01/access.log*").stream().map(LogFile::path).toList())
                .containsExactly(abs("lb01/access.log"), abs("lb01/access.log.1"), abs("lb01/access.log.2.gz"));
        assertThat(find(null, dir + "/lb0?/error.log").stream().map(LogFile::path).toList())
                .containsExactly(abs("lb01/error.log"));
        assertThat(find(null, dir + "/{lb02,lb03}/access.log").stream().map(LogFile::source).toList())
                .containsExactly("lb02", "lb03");
        assertThat(find(null, dir + "/**/deeper/access.log").stream().map(LogFile::source).toList())
                .containsExactly("deeper");
    }

    @Test
    void overlappingPatternsGiveEachFileOnce() {
        assertThat(find(null, dir + "/lb0*/access.log", dir.resolve("lb01/access.log").toString(), dir + "/lb01/access.*"))
                .extracting(LogFile::path)
                .containsExactly(abs("lb01/access.log"), abs("lb01/access.log.1"), abs("lb01/access.log.2.gz"),
                        abs("lb02/access.log"), abs("lb03/access.log"));
    }

    @Test
    void aGlobThatMatchesNothingFindsNothing() {
        assertThat(find(null, dir + "/nothing*/access.log")).isEmpty();
        assertThat(find(null, dir + "/no-such-dir/*.log")).isEmpty();
    }

    @Test
    void aPlainPathThatIsNotThereYetIsFoundOnceItAppears() throws IOException {
        // `run` lists its paths every second: a missing file is nothing to read, not a file that fails.
        Path later = dir.resolve("lb05/access.log");
        var patterns = new PathPatterns(List.of(later.toString()), null, "main");
        assertThat(patterns.find()).isEmpty();
        Files.createDirectories(later.getParent());
        Files.writeString(later, "x\n");
        assertThat(patterns.find()).containsExactly(new LogFile(abs("lb05/access.log"), "lb05", "main"));
    }

    @Test
    void anExistingFileWhoseNameLooksLikeAGlobIsThatFile() {
        // A shell passes 'weird[1]/access.log' on unchanged when nothing matches it as a pattern.
        assertThat(find(null, dir.resolve("weird[1]/access.log").toString()))
                .containsExactly(new LogFile(abs("weird[1]/access.log"), "weird[1]", "main"));
    }

    @Test
    void aFileAtTheRootHasASource() {
        assertThat(PathPatterns.defaultSource(Path.of("/access.log"))).isEqualTo("-");
        assertThat(PathPatterns.defaultSource(Path.of("/var/log/nginx/access.log"))).isEqualTo("nginx");
        assertThat(PathPatterns.isGlob("/var/log/nginx/access.log")).isFalse();
        assertThat(PathPatterns.isGlob("lb*/access.log")).isTrue();
    }
}
