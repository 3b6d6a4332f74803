package io.logpulse.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A busy web server of the test's own: appends bursts of access log lines from a few clients, with
 * a pause between bursts, and sometimes writes the last line of a burst in two parts (a reader
 * must wait for its newline). Every complete line is counted in the {@link Tally} once its newline
 * is in the file.
 */
final class BurstWriter implements AutoCloseable {

    static final String[] IPS = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "192.168.1.20", "203.0.113.9", "2001:db8::7"};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 304, 301, 404, 404, 500, 503};

    private final AccessLog log;
    private final Tally tally;
    private final Random random;
    private final int maxBurst;
    private final int maxPauseMillis;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private volatile Path rotateTo;
    private Thread thread;
    private long sequence;

    BurstWriter(AccessLog log, Tally tally, Random random, int maxBurst, int maxPauseMillis) {
        this.log = log;
        this.tally = tally;
        this.random = random;
        this.maxBurst = maxBurst;
        this.maxPauseMillis = maxPauseMillis;
    }

    /** Writes {@code n} whole lines at once, in this thread (before the writer thread runs). */
    synchronized void writeLines(int n) throws IOException {
        var text = new StringBuilder();
        var pending = new Tally();
        for (int i = 0; i < n; i++) {
            text.append(nextLine(pending));
        }
        log.append(text.toString());
        addAll(pending);
    }

    private String nextLine(Tally into) {
        String ip = IPS[random.nextInt(IPS.length)];
        int status = STATUSES[random.nextInt(STATUSES.length)];
        long bytes = status == 304 ? 0 : random.nextInt(20_000);
        into.count(ip, status, bytes);
        return AccessLog.line(ip, "/item/" + (++sequence) + "?q=" + random.nextInt(1000), status, bytes);
    }

    private void addAll(Tally pending) {
        pending.snapshot().forEach((ip, t) -> tally.add(ip, t));
    }

    BurstWriter start() {
        thread = new Thread(this::loop, "burst-writer");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (!stopping) {
                burst();
                Path target = rotateTo;
                if (target != null) {
                    synchronized (this) {
                        log.rotateTo(target);
                        rotateTo = null;
                        notifyAll();
                    }
                }
                Thread.sleep(random.nextInt(maxPauseMillis + 1));
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    private synchronized void burst() throws IOException, InterruptedException {
        int n = 1 + random.nextInt(maxBurst);
        var text = new StringBuilder();
        var pending = new Tally();
        for (int i = 0; i < n; i++) {
            text.append(nextLine(pending));
        }
        if (random.nextInt(4) == 0) {
            // The last line arrives in two writes: the reader sees it unterminated for a while.
            int cut = text.length() - 1 - random.nextInt(Math.min(60, text.length() - 1));
            log.append(text.substring(0, cut));
            wait(5 + random.nextInt(150)); // releases the lock, and stays interruptible
            log.append(text.substring(cut));
        } else {
            log.append(text.toString());
        }
        addAll(pending);
    }

    /** Renames the log away and starts a new one, between two bursts, like a writer that reopens at once. */
    synchronized void rotateTo(Path renamed) throws InterruptedException {
        rotateTo = renamed;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (rotateTo != null && System.nanoTime() < deadline && failure.get() == null) {
            wait(100);
        }
        if (rotateTo != null) {
            throw new IllegalStateException("the writer did not rotate", failure.get());
        }
    }

    /** Stops after the current burst; every line in the file is then complete and counted. */
    void stop() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the writer failed", failure.get());
        }
    }

    @Override
    public void close() throws IOException {
        stopping = true;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.close();
    }
}
