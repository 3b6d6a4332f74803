package io.logpulse.query;

import java.util.List;
import java.util.Map;

/**
 * A query's answer as a table: what it covers ({@code meta}, shown above a terminal table and as
 * fields of the JSON document), remarks the reader must not miss ({@code notes}), and the rows.
 */
public record Report(String title, Map<String, Object> meta, List<String> notes, List<String> columns,
        List<List<Object>> rows) {

    public Report {
        meta = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(meta));
        notes = List.copyOf(notes);
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
