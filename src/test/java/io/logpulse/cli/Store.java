package io.logpulse.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks into a logpulse H2 file with plain JDBC (never creating one: IFEXISTS). {@code base} is the
 * path given to {@code --db}, without {@code .mv.db}.
 */
final class Store {

    /** Every table and the columns that change on a rewrite without changing any number. */
    static final Map<String, String> TABLES = Map.of(
            "setting", "*",
            "generation", "id, source, path, format, lines_read, bytes_read",
            "traffic_block", "*",
            "traffic_block_addresses", "*",
            "reject_count", "*",
            "reject_sample", "*",
            "schema_version", "version, script");

    private Store() {
    }

    static Path dataFile(Path base) {
        return base.resolveSibling(base.getFileName() + ".mv.db");
    }

    static Connection connect(Path base) throws SQLException {
        if (!Files.exists(dataFile(base))) {
            throw new IllegalStateException("no database at " + dataFile(base));
        }
        return DriverManager.getConnection("jdbc:h2:file:" + base.toAbsolutePath() + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE");
    }

    /** Every row of the query, each as a list of column values (byte arrays as hex). */
    static List<List<Object>> rows(Path base, String sql, Object... params) throws SQLException {
        try (Connection c = connect(base)) {
            return rows(c, sql, params);
        }
    }

    private static List<List<Object>> rows(Connection c, String sql, Object... params) throws SQLException {
        try (var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                var rows = new ArrayList<List<Object>>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    var row = new ArrayList<Object>();
                    for (int i = 1; i <= columns; i++) {
                        Object value = rs.getObject(i);
                        row.add(value instanceof byte[] b ? HexFormat.of().formatHex(b) : value);
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    static long count(Path base, String sql, Object... params) throws SQLException {
        return ((Number) rows(base, sql, params).get(0).get(0)).longValue();
    }

    /** Every table's rows, sorted, without the columns that only say when a row was written. */
    static Map<String, List<String>> snapshot(Path base) throws SQLException {
        var snapshot = new LinkedHashMap<String, List<String>>();
        try (Connection c = connect(base)) {
            for (String table : TABLES.keySet().stream().sorted().toList()) {
                snapshot.put(table, rows(c, "SELECT " + TABLES.get(table) + " FROM " + table).stream()
                        .map(Object::toString).sorted().toList());
            }
        }
        return snapshot;
    }
}
