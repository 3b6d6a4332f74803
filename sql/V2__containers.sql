-- logpulse schema, version 2: what `run --docker` learns about the containers it follows.
-- A source label of a container's log is the container's name; this says which image and which
-- compose service (if any) that name stands for. One row per source label, replaced when the
-- label's container changes (recreated, or another container writing the same file).
CREATE TABLE source_info (
    source          VARCHAR(255)  PRIMARY KEY,
    container_id    VARCHAR(64)   NOT NULL,
    container_name  VARCHAR(255)  NOT NULL,
    image           VARCHAR(1024) NOT NULL,
    compose_project VARCHAR(255),
    compose_service VARCHAR(255),
    updated_at      BIGINT        NOT NULL
);
