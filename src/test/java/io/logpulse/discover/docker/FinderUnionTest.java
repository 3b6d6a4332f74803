package io.logpulse.discover.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.discover.FinderUnion;
import io.logpulse.discover.LogFile;
import io.logpulse.discover.LogFileFinder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Explicit paths and containers' logs together: a file is read once, and a listed file never rests. */
class FinderUnionTest {

    private static LogFileFinder listing(List<LogFile> files, Set<String> resting) {
        return new LogFileFinder() {
            @Override
            public List<LogFile> find() {
                return files;
            }

            @Override
            public Listing list() {
                return new Listing(files, resting);
            }
        };
    }

    @Test
    void theFirstFinderNamesAFileBothFindAndWhatOneListsDoesNotRest() {
        var explicit = new LogFile("/logs/nginx-log/access.log", "nginx-log", "combined");
        var docker = listing(List.of(new LogFile("/logs/nginx-log/access.log", "eloquent_turing", "main"),
                new LogFile("/logs/lb01/access.log", "nginx-lb01", "combined")), Set.of("/logs/nginx-log/access.log",
                "/logs/lb02/access.log"));

        LogFileFinder.Listing union = new FinderUnion(List.of(listing(List.of(explicit), Set.of()), docker)).list();

        assertThat(union.files()).containsExactly(explicit, new LogFile("/logs/lb01/access.log", "nginx-lb01", "combined"));
        assertThat(union.resting()).containsExactly("/logs/lb02/access.log");
    }

    @Test
    void aPlainFinderNeverHasRestingFiles() {
        LogFileFinder plain = () -> List.of(new LogFile("/a/access.log", "a", "combined"));

        assertThat(plain.list().resting()).isEmpty();
        assertThat(plain.list().files()).isEqualTo(plain.find());
    }
}
