package io.logpulse.cli;

import io.logpulse.query.lb.Plan;
import io.logpulse.serve.DashboardServer;
import io.logpulse.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"A local web dashboard of the store: requests per window by status class, top client IPs, "
                + "top paths and the shares of the sources (backends), for a range you choose (default: the last 3 hours "
                + "of stored traffic). It refreshes every few seconds, so it follows a `logpulse run` writing the same "
                + "database.",
                "JSON behind every panel: /api/range, /api/timeline, /api/top-ips?limit=N, /api/top-paths?limit=N, "
                + "/api/sources, each with from= and to= (ISO-8601 with an offset, or the log's own style)."},
        footer = {"%nExamples:",
                "  logpulse serve                   # then open http://127.0.0.1:8080/",
                "  logpulse serve --port 9000 --weights lb01=6,lb02=2,lb03=2",
                "  curl '127.0.0.1:8080/api/top-ips?limit=5&from=2025-01-31T03:07:33Z'"})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 for any free one, printed at start).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). Anyone who can reach "
                    + "another address can read what the logs hold.")
    String bind;

    @Option(names = "--weights", paramLabel = "NAME=W,...",
            description = "Expected weights of the sources for the shares panel, as in `lb` (default: equal shares).")
    String weights;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port " + port + " is not a TCP port (0 to 65535)");
        }
        Plan plan = plan();
        InetSocketAddress address = new InetSocketAddress(bindAddress(), port);
        PrintWriter err = spec.commandLine().getErr();
        try (Database store = Database.openExisting(database.location());
                DashboardServer server = listen(address, store, plan, err)) {
            var stop = new CountDownLatch(1);
            Signal.handle(new Signal("INT"), signal -> stop.countDown());
            Signal.handle(new Signal("TERM"), signal -> stop.countDown());
            err.println("logpulse: dashboard of " + store.location().dataFile() + " at " + server.uri() + " (Ctrl-C stops)");
            if (!address.getAddress().isLoopbackAddress()) {
                err.println("logpulse: listening on " + bind + ": anyone who can reach it can read what the logs hold");
            }
            err.flush();
            stop.await();
        }
        err.println("logpulse: stopped");
        err.flush();
        return 0;
    }

    private Plan plan() {
        if (weights == null) {
            return null;
        }
        try {
            return Plan.fromWeights(weights);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private InetAddress bindAddress() {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--bind " + bind + ": no such address on this machine");
        }
    }

    private static DashboardServer listen(InetSocketAddress address, Database store, Plan plan, PrintWriter err)
            throws IOException {
        try {
            return DashboardServer.start(address, store, plan, err);
        } catch (BindException e) {
            throw new UserException("cannot listen on " + address.getHostString() + ":" + address.getPort() + ": "
                    + (e.getMessage() != null && e.getMessage().contains("in use")
                            ? "the port is in use (another `logpulse serve`?): choose another with --port"
                            : e.getMessage()));
        }
    }
}
