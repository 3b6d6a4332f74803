package io.logpulse.tail;

import io.logpulse.discover.LogFile;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One generation of one log file, the unit of work of the tail source (a Flink split).
 *
 * <p>A generation is the content that starts with a given first line: rotation or copytruncate
 * starts a new one even when the path stays the same. Its {@link #generation() id} is a fingerprint
 * of the source label and the first line, so re-reading the same content (again, grown, or renamed
 * to {@code access.log.1}) lands on the same id, which the store uses to overwrite rather than add.
 *
 * <p>The split carries the read position, so Flink checkpoints carry it: a restore resumes exactly.
 * {@code end} is where a bounded read stops (the first line end at or after it); {@link #FOLLOW}
 * means read on as the file grows.
 *
 * <p>A bounded read of a large file may be cut into ranges ({@link FileRanges}): splits of the same
 * generation that differ in where they end, which is why a bounded split's id includes its end.
 */
public record FileGeneration(long generation, LogFile file, String fileKey, long offset, long end)
        implements SourceSplit {

    public static final long FOLLOW = Long.MAX_VALUE;

    @Override
    public String splitId() {
        return follows() ? Long.toHexString(generation) : Long.toHexString(generation) + "-" + Long.toHexString(end);
    }

    public boolean follows() {
        return end == FOLLOW;
    }

    public FileGeneration at(long newOffset) {
        return new FileGeneration(generation, file, fileKey, newOffset, end);
    }
}
