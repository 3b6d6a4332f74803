package io.logpulse.store;

import io.logpulse.discover.docker.ContainerCatalog;
import io.logpulse.discover.docker.ContainerInfo;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Table {@code source_info}: which container, image and compose service a source label of
 * {@code run --docker} stands for. Written where discovery runs; one MERGE per change, which is
 * rare (a container found, recreated or replaced), so a connection per write is fine.
 */
public final class SourceInfoTable implements ContainerCatalog {

    /** One row. */
    public record SourceInfo(String source, String containerId, String containerName, String image,
            String composeProject, String composeService, long updatedAt) {
    }

    private final DatabaseLocation location;
    private transient Jdbi jdbi;

    public SourceInfoTable(DatabaseLocation location) {
        this.location = location;
    }

    private synchronized Jdbi jdbi() {
        if (jdbi == null) {
            jdbi = Jdbi.create(location.jdbcUrl());
        }
        return jdbi;
    }

    @Override
    public void record(String source, ContainerInfo container) {
        jdbi().useHandle(h -> h.createUpdate("MERGE INTO source_info (source, container_id, container_name, image, "
                        + "compose_project, compose_service, updated_at) KEY (source) "
                        + "VALUES (:source, :id, :name, :image, :project, :service, :at)")
                .bind("source", source)
                .bind("id", container.id())
                .bind("name", container.name())
                .bind("image", container.image())
                .bind("project", container.labels().get("com.docker.compose.project"))
                .bind("service", container.composeService())
                .bind("at", System.currentTimeMillis())
                .execute());
    }

    /** The row of a source label, if {@code run --docker} has followed a container under it. */
    public static Optional<SourceInfo> of(Database database, String source) {
        return database.handle().createQuery("SELECT source, container_id, container_name, image, compose_project, "
                        + "compose_service, updated_at FROM source_info WHERE source = :source")
                .bind("source", source)
                .map((rs, ctx) -> new SourceInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7)))
                .findOne();
    }
}
