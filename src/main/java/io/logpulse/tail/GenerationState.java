package io.logpulse.tail;

/** The reader's mutable view of a split: the offset moves as chunks are emitted. */
final class GenerationState {

    private final FileGeneration split;
    private long offset;

    GenerationState(FileGeneration split) {
        this.split = split;
        this.offset = split.offset();
    }

    void advanceTo(long newOffset) {
        offset = newOffset;
    }

    FileGeneration toSplit() {
        return split.at(offset);
    }
}
