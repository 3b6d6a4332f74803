package io.logpulse.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;
import org.apache.flink.runtime.rpc.pekko.PekkoRpcSystem;

/**
 * Flink's RPC system (Pekko) from the application class path. Flink ships it as a 24 MB jar inside
 * its own, unpacks it into a temporary file at every start of the embedded cluster and loads its
 * thousands of classes in a class loader of their own, which class-data sharing does not cover:
 * that was ~0.9 s of every ingest's start. logpulse has no other use of Scala or Pekko for that
 * class loader to keep apart, so it takes flink-rpc-akka as a plain dependency instead.
 */
public final class ClassPathRpcSystemLoader implements RpcSystemLoader {

    /** The RPC system {@link #prepare} loads, for the next cluster to start. */
    private static final AtomicReference<CompletableFuture<RpcSystem>> PREPARED = new AtomicReference<>();

    /** Flink's own loader is left out of the build; should it come back, this one still goes first. */
    @Override
    public int getLoadPriority() {
        return -1;
    }

    /**
     * Starts and stops a local RPC service in a thread of its own, for the next embedded cluster to
     * take the warmed-up system: meanwhile the caller opens the database and looks at the files.
     */
    public static void prepare() {
        var prepared = new CompletableFuture<RpcSystem>();
        if (!PREPARED.compareAndSet(null, prepared)) {
            return;
        }
        var thread = new Thread(() -> {
            try {
                RpcSystem system = new PekkoRpcSystem();
                system.localServiceBuilder(new Configuration()).createAndStart().closeAsync().get();
                prepared.complete(system);
            } catch (Exception | LinkageError e) {
                prepared.completeExceptionally(e);
            }
        }, "logpulse-rpc-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public RpcSystem loadRpcSystem(Configuration config) {
        CompletableFuture<RpcSystem> prepared = PREPARED.getAndSet(null);
        if (prepared != null) {
            try {
                return prepared.get();
            } catch (ExecutionException e) {
                // Made again below, where a failure says what it is.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RpcLoaderException("interrupted while loading the RPC system", e);
            }
        }
        return new PekkoRpcSystem();
    }
}
