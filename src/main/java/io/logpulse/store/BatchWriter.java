package io.logpulse.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.jdbi.v3.core.Handle;

/** A sink writer that gathers records in a list and writes them in batches of {@code batchSize}. */
abstract class BatchWriter<T> extends BufferedDatabaseWriter<T> {

    private final List<T> buffered = new ArrayList<>();
    private final int batchSize;

    BatchWriter(DatabaseLocation location, int batchSize, long maxDelayMillis, ProcessingTimeService timers) {
        super(location, maxDelayMillis, timers);
        this.batchSize = batchSize;
    }

    /** Writes the records, inside the transaction the caller holds. */
    abstract void writeBatch(Handle handle, List<T> records);

    @Override
    final boolean buffer(T record) {
        buffered.add(record);
        return buffered.size() >= batchSize;
    }

    @Override
    final boolean hasBuffered() {
        return !buffered.isEmpty();
    }

    @Override
    final void writeBuffered(Handle handle) {
        writeBatch(handle, buffered);
        buffered.clear();
    }
}
