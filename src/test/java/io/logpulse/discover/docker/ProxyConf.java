package io.logpulse.discover.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The lab's nginx.conf ({@code lab/nginx.conf}, used by compose.yaml), moved to ports on 127.0.0.1. */
final class ProxyConf {

    static final Path LAB = Path.of("lab/nginx.conf").toAbsolutePath();

    private ProxyConf() {
    }

    static String lab() {
        try {
            return Files.readString(LAB);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lab's configuration with the proxy on {@code port} and backend {@code i} at 127.0.0.1:{@code backends[i]}. */
    static String onLoopback(int port, int[] backends) {
        String conf = lab().replace("listen 80 default_server", "listen 127.0.0.1:" + port + " default_server");
        for (int i = 0; i < backends.length; i++) {
            String server = "nginx-lb0" + (i + 1) + ":80";
            if (!conf.contains(server)) {
                throw new IllegalStateException(LAB + " has no upstream server " + server);
            }
            conf = conf.replace(server, "127.0.0.1:" + backends[i]);
        }
        return conf;
    }
}
