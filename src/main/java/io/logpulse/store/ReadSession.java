package io.logpulse.store;

import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * The connection of a process that reads for hours while others write (the dashboard beside
 * {@code run}). Under H2's {@code AUTO_SERVER} the first process to open the file serves it to the
 * others; when that process ends (a {@code run} stopped or restarted) this connection breaks, so it
 * is made again and the read repeated (reads have no effect, so twice is harmless).
 */
public final class ReadSession implements AutoCloseable {

    private final DatabaseLocation location;
    private Database database;

    private ReadSession(Database database) {
        this.location = database.location();
        this.database = database;
    }

    /** Opens an existing database; a missing one is the user's error, said in one line. */
    public static ReadSession open(DatabaseLocation location) {
        return new ReadSession(Database.openExisting(location));
    }

    public DatabaseLocation location() {
        return location;
    }

    /** Runs {@code work} on the connection, one caller at a time (a JDBC connection is not shared). */
    public synchronized <T> T read(Function<Handle, T> work) {
        try {
            return work.apply(connection().handle());
        } catch (JdbiException e) {
            if (!Database.serverGone(e)) {
                throw Database.translate(location, e);
            }
            dropConnection();
            try {
                return work.apply(connection().handle());
            } catch (JdbiException again) {
                dropConnection();
                throw Database.translate(location, again);
            }
        }
    }

    private Database connection() {
        if (database == null) {
            database = Database.connect(location);
        }
        return database;
    }

    private void dropConnection() {
        try {
            database.close();
        } catch (RuntimeException brokenAlready) {
            // nothing to release on a connection whose server has gone
        }
        database = null;
    }

    @Override
    public synchronized void close() {
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
