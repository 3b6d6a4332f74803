package io.logpulse.store;

import java.io.IOException;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape every logpulse sink writer shares: buffer records, write them in one transaction when
 * enough have gathered, when a checkpoint needs them durable ({@link #flush}), at the end of input,
 * and, for a live stream, every {@code maxDelayMillis} (a timer in the task's own thread, so that a
 * quiet stream still shows its last lines).
 */
abstract class BufferedDatabaseWriter<T> implements SinkWriter<T> {

    private static final Logger LOG = LoggerFactory.getLogger(BufferedDatabaseWriter.class);

    private final DatabaseLocation location;
    private Database database;

    /** {@code maxDelayMillis} ≤ 0: write only when the buffer is full, at checkpoints and at the end. */
    BufferedDatabaseWriter(DatabaseLocation location, long maxDelayMillis, ProcessingTimeService timers) {
        this.location = location;
        if (maxDelayMillis > 0) {
            scheduleWrite(timers, maxDelayMillis);
        }
    }

    private void scheduleWrite(ProcessingTimeService timers, long delay) {
        timers.registerTimer(timers.getCurrentProcessingTime() + delay, time -> {
            writeNow();
            scheduleWrite(timers, delay);
        });
    }

    /** Takes a record into the buffer; true when the buffer should be written now. */
    abstract boolean buffer(T record);

    abstract boolean hasBuffered();

    /** Writes and clears the buffer, inside the transaction the caller holds. */
    abstract void writeBuffered(Handle handle);

    @Override
    public final void write(T record, Context context) throws IOException {
        if (buffer(record)) {
            writeNow();
        }
    }

    /**
     * Called before a checkpoint: what the checkpoint covers must be on disk when it completes. H2
     * commits to memory and writes to the file up to half a second later; after a kill -9 in that
     * half second, a restore would resume past rows the file never got. CHECKPOINT SYNC writes and
     * fsyncs them first.
     */
    @Override
    public final void flush(boolean endOfInput) throws IOException {
        writeNow();
        if (database != null) {
            try {
                database.handle().execute("CHECKPOINT SYNC");
            } catch (JdbiException e) {
                throw failed(Database.translate(location, e));
            }
        }
    }

    private void writeNow() throws IOException {
        if (!hasBuffered()) {
            return;
        }
        try {
            try {
                write();
            } catch (JdbiException e) {
                if (!Database.serverGone(e)) {
                    throw Database.translate(location, e);
                }
                // The process serving the file to us has gone: connect again (one of us takes over
                // serving it) and write again; a write replaces whole rows, so twice is harmless.
                closeQuietly();
                write();
            }
        } catch (JdbiException e) {
            throw failed(Database.translate(location, e));
        } catch (StoreException e) { // from connecting
            throw failed(e);
        }
    }

    /**
     * Said here as well as thrown: a followed job restarts from its last checkpoint after this, and
     * Flink reports that below the level logpulse shows, so a restart loop would look like a stall.
     */
    private static IOException failed(StoreException e) {
        LOG.warn("cannot write, {}", e.getMessage());
        return new IOException(e.getMessage(), e);
    }

    private void write() {
        if (database == null) {
            database = Database.connect(location, location::jdbcUrl);
        }
        database.handle().useTransaction(this::writeBuffered);
    }

    private void closeQuietly() {
        try {
            database.close();
        } catch (RuntimeException ignored) {
            // it is broken already
        }
        database = null;
    }

    @Override
    public void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }
}
