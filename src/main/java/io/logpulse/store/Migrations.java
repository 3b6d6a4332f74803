package io.logpulse.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Applies the numbered scripts of {@code sql/} that the database has not seen yet, each in its own
 * transaction, and records them in {@code schema_version}.
 */
final class Migrations {

    /** In order; a new schema change is a new file appended here, never an edit of an old one. */
    static final List<String> SCRIPTS = List.of("V1__schema.sql", "V2__containers.sql", "V3__requests.sql",
            "V4__request_columns.sql", "V5__block_addresses.sql", "V6__address_slices.sql",
            "V7__address_filters.sql");

    private Migrations() {
    }

    static void apply(Handle handle) {
        handle.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, script VARCHAR(255) NOT NULL, "
                + "applied_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
        int current = handle.createQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version").mapTo(Integer.class).one();
        for (int version = current + 1; version <= SCRIPTS.size(); version++) {
            String script = SCRIPTS.get(version - 1);
            String sql = read(script);
            int applied = version;
            handle.useTransaction(h -> {
                h.createScript(sql).execute();
                h.createUpdate("INSERT INTO schema_version (version, script) VALUES (:version, :script)")
                        .bind("version", applied).bind("script", script).execute();
            });
        }
    }

    static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("/sql/" + script)) {
            if (in == null) {
                throw new IllegalStateException("schema script sql/" + script + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
