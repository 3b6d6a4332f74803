package io.logpulse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.pekko.PekkoRpcSystem;
import org.junit.jupiter.api.Test;

/**
 * The loader must give a working RPC system, again and again, and be the one Flink uses: from the
 * application class path, not unpacked into a class loader of its own.
 */
class ClassPathRpcSystemLoaderTest {

    @Test
    void loadsAWorkingRpcSystemAgainAndAgain() throws Exception {
        var loader = new ClassPathRpcSystemLoader();
        for (int run = 0; run < 2; run++) {
            try (RpcSystem system = loader.loadRpcSystem(new Configuration())) {
                assertThat(system.getMaximumMessageSizeInBytes(new Configuration())).isPositive();
            }
        }
    }

    @Test
    void isTheRpcSystemFlinkLoads() throws Exception {
        try (RpcSystem system = RpcSystem.load(new Configuration())) {
            assertThat(system).isInstanceOf(PekkoRpcSystem.class);
            assertThat(system.getClass().getClassLoader()).isSameAs(RpcSystem.class.getClassLoader());
        }
    }
}
