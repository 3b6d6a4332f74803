package io.logpulse.query.requests;

import io.logpulse.model.RequestColumn;

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

    public String label() {
        return name().toLowerCase();
    }
}
