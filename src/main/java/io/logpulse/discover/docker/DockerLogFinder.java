package io.logpulse.discover.docker;

import io.logpulse.discover.LogFile;
import io.logpulse.discover.LogFileFinder;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run --docker}: the access logs of the running containers, found through their bind
 * mounts ({@link ContainerLogs}), each labelled with its container's name.
 *
 * <p>Called by the tail source's enumerator at every discovery interval. Docker's event stream
 * says when a container starts, stops or goes away, and the containers are listed again at the
 * next call; they are also listed again every {@code relist} as a safety net. A stopped
 * container's files are reported {@linkplain LogFileFinder.Listing#resting() resting}: the reader
 * reads them to their end and closes them, and reads on from there when the container starts again.
 *
 * <p>A source label sticks to its file: when another container later writes the same host file
 * (the old one removed, a new one run with the same {@code -v}), its lines keep the first
 * container's label, so that the generation keeps its id and nothing is read twice.
 *
 * <p>When the daemon cannot be reached this never throws: it keeps the last listing (so explicit
 * paths and files already followed go on), retries with a growing pause (1 s up to 30 s), and
 * logs once when the state changes, not at every retry.
 *
 * <p>Serializable: it is shipped to the enumerator inside the job graph. The connection, the
 * event subscription and what was learned are made where it runs, at the first call.
 */
public final class DockerLogFinder implements LogFileFinder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockerLogFinder.class);

    public static final Duration DEFAULT_RELIST = Duration.ofSeconds(30);
    static final long FIRST_RETRY_MILLIS = 1_000;
    static final long LAST_RETRY_MILLIS = 30_000;

    private final DockerEndpoint endpoint;
    private final long relistMillis;
    private final ContainerCatalog catalog;
    private transient Live live;

    public DockerLogFinder(DockerEndpoint endpoint) {
        this(endpoint, DEFAULT_RELIST, ContainerCatalog.none());
    }

    public DockerLogFinder(DockerEndpoint endpoint, Duration relist) {
        this(endpoint, relist, ContainerCatalog.none());
    }

    /** {@code catalog}: where each source label's container, image and compose service are recorded. */
    public DockerLogFinder(DockerEndpoint endpoint, Duration relist, ContainerCatalog catalog) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.relistMillis = relist.toMillis();
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    public DockerEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public List<LogFile> find() {
        return list().files();
    }

    @Override
    public synchronized Listing list() {
        if (live == null) {
            live = new Live();
        }
        return live.list(System.currentTimeMillis());
    }

    @Override
    public synchronized void close() {
        if (live != null) {
            live.disconnect();
            live = null;
        }
    }

    /** Everything learned while running: never serialized. */
    private final class Live {
        private DockerApi api;
        private Closeable events;
        private volatile boolean eventsEnded;
        private volatile boolean dirty = true;
        private final Set<String> changed = ConcurrentHashMap.newKeySet();
        private final Map<String, ContainerInfo> containers = new HashMap<>();
        private long nextRelist;
        private long nextAttempt;
        private long retryMillis;
        /** The last failure's reason, or null while the daemon answers (what "state change" means for the log). */
        private DockerUnavailable.Reason down;
        private boolean everConnected;
        private Listing last = new Listing(List.of(), Set.of());
        /** Host file → source label, first come first kept. */
        private final Map<String, String> labels = new HashMap<>();
        /** Every file ever reported, live or resting. */
        private final Set<String> reported = new LinkedHashSet<>();
        private final Map<String, String> lastState = new HashMap<>();
        private final Set<String> warned = new HashSet<>();
        /** Source label → the container (id and image) last recorded in the catalog for it. */
        private final Map<String, String> cataloged = new HashMap<>();

        Listing list(long now) {
            if (down != null && now < nextAttempt) {
                return last;
            }
            try {
                if (api == null) {
                    api = DockerApi.connect(endpoint);
                }
                if (events != null && eventsEnded) {
                    // The stream ended: the daemon stopped or restarted. Subscribe again, then list.
                    closeQuietly(events);
                    events = null;
                }
                if (events == null) {
                    eventsEnded = false;
                    events = api.events(id -> {
                        changed.add(id);
                        dirty = true;
                    }, error -> eventsEnded = true);
                    containers.clear();
                    dirty = true;
                }
                if (dirty || now >= nextRelist) {
                    relist(now);
                }
                if (down != null || !everConnected) {
                    LOG.info("{} the Docker daemon at {} (Docker {}, API {}): following its containers' access logs",
                            down != null ? "reached again" : "connected to", endpoint, api.daemonVersion(),
                            api.apiVersion());
                }
                down = null;
                everConnected = true;
                retryMillis = 0;
                last = listing();
                return last;
            } catch (DockerUnavailable e) {
                disconnect();
                if (down != e.reason()) {
                    LOG.warn("{}; retrying in the background (explicit paths and files already found are still followed)",
                            e.getMessage());
                }
                down = e.reason();
                retryMillis = retryMillis == 0 ? FIRST_RETRY_MILLIS : Math.min(2 * retryMillis, LAST_RETRY_MILLIS);
                nextAttempt = now + retryMillis;
                return last;
            }
        }

        /** Lists the containers and inspects those that are new or that an event named. */
        private void relist(long now) {
            boolean full = now >= nextRelist;
            dirty = false;
            var named = new HashSet<>(changed);
            changed.removeAll(named);
            List<String> ids = api.containerIds();
            containers.keySet().retainAll(ids);
            for (String id : ids) {
                if (full || named.contains(id) || !containers.containsKey(id)) {
                    api.inspect(id).ifPresentOrElse(c -> containers.put(id, c), () -> containers.remove(id));
                }
            }
            if (full) {
                nextRelist = now + relistMillis;
            }
        }

        private Listing listing() {
            var files = new LinkedHashMap<String, LogFile>();
            var all = new LinkedHashSet<String>();
            var sorted = new ArrayList<>(containers.values());
            sorted.sort(Comparator.comparing(ContainerInfo::name).thenComparing(ContainerInfo::id));
            for (ContainerInfo container : sorted) {
                ContainerReport report = ContainerLogs.examine(container);
                tell(report);
                for (ContainerReport.Log log : report.logs()) {
                    all.add(log.path());
                    if (report.state() == ContainerReport.State.FOLLOWING && !files.containsKey(log.path())) {
                        String label = labels.computeIfAbsent(log.path(), p -> container.name());
                        if (!label.equals(container.name())) {
                            once(log.path() + " now written by " + container.name(), () -> LOG.warn(
                                    "{} is now written by container {}, before by {}: its lines keep the label {} "
                                            + "so that nothing is counted twice",
                                    log.path(), container.name(), label, label));
                        }
                        files.put(log.path(), new LogFile(log.path(), label, log.format()));
                        catalog(label, container);
                    }
                }
            }
            reported.addAll(all);
            var resting = new LinkedHashSet<>(reported);
            resting.removeAll(files.keySet());
            return new Listing(List.copyOf(files.values()), resting);
        }

        private void catalog(String label, ContainerInfo container) {
            String what = container.id() + " " + container.image();
            if (what.equals(cataloged.get(label))) {
                return;
            }
            try {
                catalog.record(label, container);
                cataloged.put(label, what);
            } catch (RuntimeException e) {
                once("catalog " + label, () -> LOG.warn("cannot record container {} of {}: {}", container.name(), label,
                        e.getMessage()));
            }
        }

        /** Logs what changed for a container: once per state, and every warning once. */
        private void tell(ContainerReport report) {
            ContainerInfo c = report.container();
            String state = report.describe() + report.logs();
            if (!state.equals(lastState.put(c.id(), state))) {
                switch (report.state()) {
                    case FOLLOWING -> {
                        for (ContainerReport.Log log : report.logs()) {
                            LOG.info("container {} ({}): following {} as {}", c.name(), c.image(), log.path(),
                                    log.format());
                        }
                    }
                    case WAITING -> LOG.info("container {} ({}): waiting: {}", c.name(), c.image(), report.reason());
                    case NOT_FOLLOWABLE -> {
                        if (ContainerLogs.looksLikeWebServer(c)) {
                            LOG.warn("container {} ({}) cannot be followed: {}", c.name(), c.image(), report.reason());
                        }
                    }
                    case STOPPED -> {
                        if (!report.logs().isEmpty()) {
                            LOG.info("container {} ({}) is {}: its log is read to its end and followed again when it "
                                    + "starts", c.name(), c.image(), c.state());
                        }
                    }
                }
            }
            for (String warning : report.warnings()) {
                once(c.id() + warning, () -> LOG.warn("container {} ({}): {}", c.name(), c.image(), warning));
            }
        }

        private void once(String key, Runnable action) {
            if (warned.add(key)) {
                action.run();
            }
        }

        void disconnect() {
            if (events != null) {
                closeQuietly(events);
                events = null;
            }
            if (api != null) {
                api.close();
                api = null;
            }
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }
}
