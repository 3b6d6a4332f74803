package io.logpulse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.store.DatabaseLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job runs on the cluster started ahead for its settings, and only on that one: a job with other
 * settings (or no cluster started ahead) gets the environment Flink would give it, as before.
 */
class EmbeddedClusterTest {

    @TempDir
    Path dir;

    @AfterEach
    void discard() {
        EmbeddedCluster.discardAhead();
    }

    private DatabaseLocation database() {
        return DatabaseLocation.of(dir.resolve("traffic"));
    }

    private static List<Long> run(StreamExecutionEnvironment env) throws Exception {
        try (CloseableIterator<Long> result = env.fromSequence(1, 5).map(n -> n * n).returns(Long.class)
                .executeAndCollect()) {
            var squares = new ArrayList<Long>();
            result.forEachRemaining(squares::add);
            squares.sort(null);
            return squares;
        }
    }

    @Test
    void aJobWithTheSettingsGivenAheadRunsOnTheClusterStartedForIt() throws Exception {
        EmbeddedCluster.startAhead(2, null, database());
        StreamExecutionEnvironment env = EmbeddedCluster.environment(TrafficJob.configuration(2, null, database()));
        assertThat(env.getConfiguration().get(DeploymentOptions.TARGET)).isEqualTo("logpulse-embedded");
        assertThat(run(env)).containsExactly(1L, 4L, 9L, 16L, 25L);

        StreamExecutionEnvironment next = EmbeddedCluster.environment(TrafficJob.configuration(2, null, database()));
        assertThat(next.getConfiguration().get(DeploymentOptions.TARGET)).as("a cluster is taken once")
                .isNotEqualTo("logpulse-embedded");
    }

    @Test
    void aJobWithOtherSettingsGetsFlinksOwnEnvironment() throws Exception {
        EmbeddedCluster.startAhead(2, null, database());
        StreamExecutionEnvironment env = EmbeddedCluster.environment(TrafficJob.configuration(1, null, database()));
        assertThat(env.getConfiguration().get(DeploymentOptions.TARGET)).isNotEqualTo("logpulse-embedded");
        assertThat(run(env)).containsExactly(1L, 4L, 9L, 16L, 25L);
    }
}
