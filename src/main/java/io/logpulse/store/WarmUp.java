package io.logpulse.store;

import org.jdbi.v3.core.Jdbi;

/**
 * Loads and initializes H2 and JDBI on the second core while the command line is still being
 * parsed on the first: a query process spends its first ~0.4 s in picocli, JDBI and H2 setup
 * one after the other (class-load log), and most of that is class loading that can run beside it.
 */
public final class WarmUp {

    private WarmUp() {
    }

    /** Starts the warm-up in a daemon thread; whatever it has not done when it is needed is simply done then. */
    public static void start() {
        var thread = new Thread(WarmUp::run, "logpulse-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        try {
            Jdbi.create("jdbc:h2:mem:").withHandle(h -> h.createQuery("SELECT :one").bind("one", 1).mapTo(Integer.class).one());
        } catch (RuntimeException e) {
            // Only a head start: the real connection reports any problem.
        }
    }
}
