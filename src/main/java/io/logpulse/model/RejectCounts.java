package io.logpulse.model;

import io.logpulse.parse.RejectReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The reasons a line is not counted as a request: every parser reason, and {@code late} for a
 * request that came after its window was closed for good.
 */
public final class RejectCounts {

    public static final String LATE = "late";
    private static final List<String> REASONS = reasonLabels();

    private RejectCounts() {
    }

    public static List<String> reasons() {
        return REASONS;
    }

    public static int index(RejectReason reason) {
        return reason.ordinal();
    }

    public static int lateIndex() {
        return REASONS.size() - 1;
    }

    public static long[] empty() {
        return new long[REASONS.size()];
    }

    private static List<String> reasonLabels() {
        var labels = new ArrayList<String>();
        for (RejectReason reason : RejectReason.values()) {
            labels.add(reason.label());
        }
        labels.add(LATE);
        return List.copyOf(labels);
    }
}
