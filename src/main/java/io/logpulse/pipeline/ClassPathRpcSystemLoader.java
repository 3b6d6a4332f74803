package io.logpulse.pipeline;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.apache.flink.runtime.rpc.pekko.PekkoRpcSystem;

/**
 * Flink's RPC system (Pekko) from the application class path. Flink ships it as a 24 MB jar inside
 * its own, unpacks it into a temporary file at every start of the embedded cluster and loads its
 * thousands of classes in a class loader of their own, which class-data sharing does not cover:
 * that was ~0.9 s of every ingest's start. logpulse has no other use of Scala or Pekko for that
 * class loader to keep apart, so it takes flink-rpc-akka as a plain dependency instead, and the
 * class-data archive holds those classes too.
 */
public final class ClassPathRpcSystemLoader implements RpcSystemLoader {

    /** Flink's own loader is left out of the build; should it come back, this one still goes first. */
    @Override
    public int getLoadPriority() {
        return -1;
    }

    @Override
    public RpcSystem loadRpcSystem(Configuration config) {
        return new PekkoRpcSystem();
    }
}
