package io.logpulse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.junit.jupiter.api.Test;

/**
 * The cached loader must give a working RPC system on its own (Flink would silently fall back to
 * its own loader if it failed), twice in a row (the second time from the cached copy), and be the
 * loader Flink tries first.
 */
class CachedRpcSystemLoaderTest {

    @Test
    void loadsTheRpcSystemFromTheCachedCopyAgainAndAgain() throws Exception {
        var loader = new CachedRpcSystemLoader();
        for (int run = 0; run < 2; run++) {
            try (RpcSystem system = loader.loadRpcSystem(new Configuration())) {
                assertThat(system.getMaximumMessageSizeInBytes(new Configuration())).isPositive();
            }
        }
    }

    @Test
    void aPreparedSystemIsHandedOverOnceThenLoadsAreFreshAgain() throws Exception {
        CachedRpcSystemLoader.prepare();
        var loader = new CachedRpcSystemLoader();
        try (RpcSystem prepared = loader.loadRpcSystem(new Configuration());
                RpcSystem fresh = loader.loadRpcSystem(new Configuration())) {
            // The prepared one has started and stopped a service: it must still start one for the cluster.
            prepared.localServiceBuilder(new Configuration()).createAndStart().closeAsync().get();
            assertThat(fresh).isNotSameAs(prepared);
            assertThat(fresh.getMaximumMessageSizeInBytes(new Configuration())).isPositive();
        }
    }

    @Test
    void comesBeforeFlinksOwnLoader() {
        int flinks = ServiceLoader.load(RpcSystemLoader.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(loader -> !(loader instanceof CachedRpcSystemLoader))
                .mapToInt(RpcSystemLoader::getLoadPriority).min().orElseThrow();
        assertThat(new CachedRpcSystemLoader().getLoadPriority()).isLessThan(flinks);
    }
}
