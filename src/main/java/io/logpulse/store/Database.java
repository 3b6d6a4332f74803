package io.logpulse.store;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Opens the H2 database, brings its schema up to date, and turns H2's failures into messages a
 * user can act on.
 */
public final class Database implements AutoCloseable {

    /** How long connecting keeps trying while the file changes hands before saying it is locked or busy. */
    private static final long CONNECT_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long a file held open without a lock file is tried again before it is reported as locked. */
    private static final long IN_USE_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** What H2 (org.h2.store.FileLock) says when other processes open, hold or close the file meanwhile. */
    private static final List<String> LOCK_CONTENTION = List.of("Lock file recently modified", "Concurrent update",
            "Another process was faster", "Could not load properties", "Locked by another process");

    private final DatabaseLocation location;
    private final Handle handle;

    private Database(DatabaseLocation location, Handle handle) {
        this.location = location;
        this.handle = handle;
    }

    /** Opens (creating if needed) and migrates: for commands that write. */
    public static Database open(DatabaseLocation location) {
        try {
            Files.createDirectories(location.directory());
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + location.directory() + ": " + e.getMessage(), e);
        }
        return migrated(location, connect(location, location::jdbcUrl));
    }

    /**
     * Opens an existing database for a process that reads it for long (the dashboard); a missing one
     * is a user error, not an empty answer.
     */
    public static Database openExisting(DatabaseLocation location) {
        requireExisting(location);
        return migrated(location, connect(location, location::queryUrl));
    }

    /** Opens an existing database for one question ({@link DatabaseLocation#questionUrl}). */
    public static Database openForQuestion(DatabaseLocation location) {
        requireExisting(location);
        return migrated(location, connect(location, location::questionUrl));
    }

    private static void requireExisting(DatabaseLocation location) {
        if (!Files.exists(location.dataFile())) {
            throw new StoreException("no database at " + location.dataFile()
                    + " (run `logpulse ingest FILE...` first, or pass --db)");
        }
    }

    private static Database migrated(DatabaseLocation location, Database database) {
        try {
            Migrations.apply(database.handle);
        } catch (JdbiException e) {
            database.close();
            throw translate(location, e);
        }
        return database;
    }

    /**
     * Connects, trying again for a while when the file is changing hands: the process that served it
     * to others has just gone (H2's AUTO_SERVER: the next process to open the file then takes over
     * serving it), or other processes are opening and closing it. H2 takes over a lock file only once
     * it is 2 s old and gives up after 4 s: a query that opens the store every quarter second, or a
     * restarting job's writers connecting together, keep it younger than that. A try that failed over the
     * lock file took H2 two seconds or more; the next one starts after a short, random pause, so that
     * it falls at a random point of the other process's open and close. A program that holds the file
     * itself, without serving it, is reported after {@link #IN_USE_PATIENCE_NANOS}: a logpulse process
     * that is letting the file go looks the same for a moment (its lock file gone, the file itself not
     * yet released), and a question and a writer starting as another question ends met it in CI.
     */
    static Database connect(DatabaseLocation location, Supplier<String> url) {
        long start = System.nanoTime();
        while (true) {
            try {
                Handle handle = Jdbi.create(url.get()).open(); // asked again each try: who holds the file changes
                return new Database(location, handle);
            } catch (JdbiException e) {
                long waited = System.nanoTime() - start;
                boolean changingHands = (serverGone(e) || lockContended(e)) && waited < CONNECT_PATIENCE_NANOS;
                if (!changingHands && !(heldOpen(e) && waited < IN_USE_PATIENCE_NANOS)) {
                    throw translate(location, e);
                }
                sleep(ThreadLocalRandom.current().nextLong(20, 250));
            }
        }
    }

    static boolean serverGone(RuntimeException e) {
        String message = h2Message(e);
        return message.contains("Connection is broken") || message.contains("Connection refused");
    }

    /** The file is open in another process that keeps no lock file (or has just removed its own). */
    static boolean heldOpen(RuntimeException e) {
        return h2Message(e).contains("Database may be already in use") && !lockContended(e);
    }

    /** Another process opened, held or closed the file while this one was opening it. */
    static boolean lockContended(RuntimeException e) {
        String message = h2Message(e);
        return LOCK_CONTENTION.stream().anyMatch(message::contains);
    }

    private static String h2Message(RuntimeException e) {
        return String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public Handle handle() {
        return handle;
    }

    public DatabaseLocation location() {
        return location;
    }

    public Optional<String> setting(String name) {
        return handle.createQuery("SELECT setting_value FROM setting WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne();
    }

    public void putSetting(String name, String value) {
        handle.createUpdate("MERGE INTO setting (name, setting_value) KEY (name) VALUES (:name, :value)")
                .bind("name", name).bind("value", value).execute();
    }

    static StoreException translate(DatabaseLocation location, RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String detail = cause instanceof SQLException sql ? firstLine(sql.getMessage()) : firstLine(String.valueOf(cause.getMessage()));
        String file = location.dataFile().toString();
        if (detail.contains("already in use") || detail.contains("locked")) {
            return new StoreException("the database " + file + " is locked by another program: " + detail, e);
        }
        if (lockContended(e)) {
            return new StoreException("the database " + file + " is busy: other programs kept opening and closing it ("
                    + detail + "); try again", e);
        }
        if (detail.contains("corrupt") || detail.contains("File is not a database") || detail.contains("MVStoreException")
                || detail.contains("General error") || detail.contains("Unsupported database file version")) {
            return new StoreException("the database " + file + " cannot be read (corrupt or not an H2 file): " + detail
                    + "; move it away and ingest again", e);
        }
        return new StoreException("database " + file + ": " + detail, e);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() {
        handle.close();
    }
}
