package io.logpulse.store;

import io.logpulse.model.GenerationProgress;
import io.logpulse.model.RejectCounts;
import io.logpulse.model.RejectSample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes each generation's running totals (lines and bytes read, rejects per reason, rejected-line
 * samples). Totals replace the previous ones, so only the latest per generation is written.
 */
public final class ProgressSink implements Sink<GenerationProgress> {

    private final DatabaseLocation location;
    private final long maxDelayMillis;

    public ProgressSink(DatabaseLocation location, long maxDelayMillis) {
        this.location = location;
        this.maxDelayMillis = maxDelayMillis;
    }

    @Override
    public SinkWriter<GenerationProgress> createWriter(WriterInitContext context) {
        return new Writer(context);
    }

    private final class Writer extends BufferedDatabaseWriter<GenerationProgress> {

        private final Map<Long, GenerationProgress> latest = new LinkedHashMap<>();

        Writer(WriterInitContext context) {
            super(location, maxDelayMillis, context.getProcessingTimeService());
        }

        @Override
        boolean buffer(GenerationProgress progress) {
            latest.put(progress.generation(), progress);
            return false;
        }

        @Override
        boolean hasBuffered() {
            return !latest.isEmpty();
        }

        @Override
        void writeBuffered(Handle handle) {
            PreparedBatch generations = handle.prepareBatch("MERGE INTO generation (id, source, path, format, "
                    + "lines_read, bytes_read, updated_at) KEY (id) VALUES (?, ?, ?, ?, ?, ?, ?)");
            PreparedBatch rejects = handle.prepareBatch(
                    "MERGE INTO reject_count (generation, reason, lines) KEY (generation, reason) VALUES (?, ?, ?)");
            // The totals are the whole generation's: rejects of an earlier read that are no longer there
            // (a last line caught half-written, completed since) must not outlive them.
            PreparedBatch clearRejects = handle.prepareBatch("DELETE FROM reject_count WHERE generation = ?");
            PreparedBatch clearSamples = handle.prepareBatch("DELETE FROM reject_sample WHERE generation = ?");
            PreparedBatch samples = handle.prepareBatch("MERGE INTO reject_sample (generation, byte_offset, reason, line) "
                    + "KEY (generation, byte_offset) VALUES (?, ?, ?, ?)");
            long now = System.currentTimeMillis();
            List<String> reasons = RejectCounts.reasons();
            var written = new java.util.ArrayList<Long>();
            for (GenerationProgress p : latest.values()) {
                if (p.source() == null) {
                    continue; // only late-line counts so far: the next report brings the file's name
                }
                written.add(p.generation());
                clearRejects.bind(0, p.generation()).add();
                clearSamples.bind(0, p.generation()).add();
                generations.bind(0, p.generation()).bind(1, p.source()).bind(2, p.path()).bind(3, p.format())
                        .bind(4, p.lines()).bind(5, p.bytes()).bind(6, now).add();
                for (int i = 0; i < reasons.size(); i++) {
                    if (p.rejects()[i] > 0) {
                        rejects.bind(0, p.generation()).bind(1, reasons.get(i)).bind(2, p.rejects()[i]).add();
                    }
                }
                for (RejectSample s : p.samples()) {
                    samples.bind(0, p.generation()).bind(1, s.offset()).bind(2, s.reason()).bind(3, s.line()).add();
                }
            }
            for (PreparedBatch batch : List.of(generations, clearRejects, clearSamples, rejects, samples)) {
                if (batch.size() > 0) {
                    batch.execute();
                }
            }
            written.forEach(latest::remove);
        }
    }
}
