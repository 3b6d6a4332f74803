package io.logpulse.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.classloading.SubmoduleClassLoader;
import org.apache.flink.runtime.rpc.CleanupOnCloseRpcSystem;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;

/**
 * Loads Flink's RPC system (Pekko, packed as a 24 MB jar inside Flink's own) from a copy kept in
 * the user's cache directory. Flink's loader unpacks that jar into a new temporary file at every
 * start of the embedded cluster and deletes it at exit, which every {@code ingest} paid for; the
 * cached copy is named by the packed jar's CRC and size, so another Flink version gets its own.
 * If the cache cannot be used, Flink's own loader (tried next) does what it always did.
 */
public final class CachedRpcSystemLoader implements RpcSystemLoader {

    private static final String PACKED = "flink-rpc-akka.jar";

    /** Before Flink's own loader, which has priority 0. */
    @Override
    public int getLoadPriority() {
        return -1;
    }

    /** The RPC system {@link #prepare} loads, for the next cluster to start. */
    private static final AtomicReference<CompletableFuture<RpcSystem>> PREPARED = new AtomicReference<>();

    /**
     * Loads the RPC system and starts and stops a local RPC service with it in a thread of its own,
     * for the next embedded cluster to take: its thousands of classes come from a class loader of
     * their own, which class-data sharing does not cover, and loading them took ~0.9 s of every
     * ingest's start. Meanwhile the caller opens the database and looks at the files.
     */
    public static void prepare() {
        var prepared = new CompletableFuture<RpcSystem>();
        if (!PREPARED.compareAndSet(null, prepared)) {
            return;
        }
        var thread = new Thread(() -> {
            try {
                RpcSystem system = load();
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
                // Loaded again below, where a failure says what it is.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RpcLoaderException("interrupted while loading the RPC system", e);
            }
        }
        return load();
    }

    private static RpcSystem load() {
        ClassLoader flinkClassLoader = RpcSystem.class.getClassLoader();
        URL packed = flinkClassLoader.getResource(PACKED);
        if (packed == null) {
            throw new RpcLoaderException(PACKED + " is not on the class path");
        }
        try {
            Path jar = cached(packed);
            var classLoader = new SubmoduleClassLoader(new URL[] {jar.toUri().toURL()}, flinkClassLoader);
            RpcSystem system = ServiceLoader.load(RpcSystem.class, classLoader).iterator().next();
            return new CleanupOnCloseRpcSystem(system, classLoader, null);
        } catch (IOException | RuntimeException e) {
            throw new RpcLoaderException("cannot use the cached copy of " + PACKED, e);
        }
    }

    /** The unpacked copy, made once: written beside its final name, then moved there atomically. */
    private static Path cached(URL packed) throws IOException {
        URLConnection connection = packed.openConnection();
        if (!(connection instanceof JarURLConnection entry)) {
            throw new IOException(packed + " is not inside a jar");
        }
        long crc = entry.getJarEntry().getCrc();
        long size = entry.getJarEntry().getSize();
        Path directory = cacheDirectory();
        Path jar = directory.resolve("flink-rpc-" + Long.toHexString(crc) + "-" + size + ".jar");
        if (Files.isRegularFile(jar) && Files.size(jar) == size) {
            return jar;
        }
        Files.createDirectories(directory);
        Path part = Files.createTempFile(directory, "flink-rpc-", ".part");
        try (InputStream in = entry.getInputStream()) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
        return jar;
    }

    private static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("logpulse");
    }
}
