package io.logpulse.query.requests;

import io.logpulse.model.RequestColumn;
import io.logpulse.model.SegmentSummary;

/** What stored requests can be grouped by. */
public enum Dimension {
    IP(RequestColumn.ADDRESS),
    PATH(RequestColumn.PATH),
    STATUS(RequestColumn.STATUS),
    SOURCE(null),
    UA(RequestColumn.USER_AGENT),
    METHOD(RequestColumn.METHOD),
    REFERER(RequestColumn.REFERER),
    UPSTREAM(RequestColumn.UPSTREAM);

    private final RequestColumn column;

    Dimension(RequestColumn column) {
        this.column = column;
    }

    /** The column holding the group key; null for SOURCE (a property of the segment's file). */
    RequestColumn column() {
        return column;
    }

    /**
     * The column whose segment summaries give this grouping: its own; for SOURCE, one value per
     * segment, the totals of any summary will do, and the status's is the smallest. Null when none can.
     */
    RequestColumn summarizedBy() {
        RequestColumn summarized = this == SOURCE ? RequestColumn.STATUS : column;
        return SegmentSummary.COLUMNS.contains(summarized) ? summarized : null;
    }

    public String label() {
        return name().toLowerCase();
    }
}
