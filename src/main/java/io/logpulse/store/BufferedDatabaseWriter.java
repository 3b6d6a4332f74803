package io.logpulse.store;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * The shape every logpulse sink writer shares: buffer records, write them in one transaction when
 * enough have gathered, when a checkpoint needs them durable ({@link #flush}), when a live stream
 * has waited long enough, or at the end of input.
 */
abstract class BufferedDatabaseWriter<T> implements SinkWriter<T> {

    private final DatabaseLocation location;
    private final long maxDelayMillis;
    private Database database;
    private long lastWrite = System.currentTimeMillis();

    BufferedDatabaseWriter(DatabaseLocation location, long maxDelayMillis) {
        this.location = location;
        this.maxDelayMillis = maxDelayMillis;
    }

    /** Takes a record into the buffer; true when the buffer should be written now. */
    abstract boolean buffer(T record);

    abstract boolean hasBuffered();

    /** Writes and clears the buffer, inside the transaction the caller holds. */
    abstract void writeBuffered(Handle handle);

    @Override
    public final void write(T record, Context context) throws IOException {
        if (buffer(record) || System.currentTimeMillis() - lastWrite >= maxDelayMillis) {
            writeNow();
        }
    }

    @Override
    public final void flush(boolean endOfInput) throws IOException {
        writeNow();
    }

    private void writeNow() throws IOException {
        lastWrite = System.currentTimeMillis();
        if (!hasBuffered()) {
            return;
        }
        try {
            if (database == null) {
                database = Database.connect(location);
            }
            database.handle().useTransaction(this::writeBuffered);
        } catch (JdbiException e) {
            throw new IOException(Database.translate(location, e).getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }
}
