package io.logpulse.tail;

import java.util.List;
import java.util.Set;

/**
 * What the enumerator must remember across a restore: the generations found but not handed out
 * yet, and every generation ever handed out, so that none is read twice.
 */
public record TailEnumeratorState(List<FileGeneration> pending, Set<Long> known) {

    public TailEnumeratorState {
        pending = List.copyOf(pending);
        known = Set.copyOf(known);
    }
}
