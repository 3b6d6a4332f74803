-- logpulse schema, version 1. Applied once, in order, by io.logpulse.store.Migrations.
-- Times are epoch milliseconds (UTC instants). The offsets written in the logs are kept by the
-- request store, not here.

-- Settings fixed when the database is first used, such as the window size.
CREATE TABLE setting (
    name  VARCHAR(64)  PRIMARY KEY,
    setting_value VARCHAR(255) NOT NULL
);

-- One row per file generation (the content that starts with a given first line), with how far
-- it has been read. Its id is the fingerprint the tail source gives it.
CREATE TABLE generation (
    id         BIGINT        PRIMARY KEY,
    source     VARCHAR(255)  NOT NULL,
    path       VARCHAR(4096) NOT NULL,
    format     VARCHAR(4096) NOT NULL,
    lines_read BIGINT        NOT NULL,
    bytes_read BIGINT        NOT NULL,
    updated_at BIGINT        NOT NULL
);
CREATE INDEX generation_source ON generation (source);

-- The requests of one shard of client addresses (io.logpulse.model.Shards) in one generation
-- within one block of 60 windows: the block's totals, its per-window totals packed in `slots`
-- (io.logpulse.model.SlotCodec), and every address's per-window counts packed in `addresses`
-- (io.logpulse.model.BlockCodec). A day of traffic from 50,000 clients is a few hundred rows.
-- A block is always written whole, so writing it again overwrites it: re-reading a file never
-- counts a line twice, and two generations of one source that share a window both count.
CREATE TABLE traffic_block (
    block_start BIGINT    NOT NULL,
    generation  BIGINT    NOT NULL,
    shard       INT       NOT NULL,
    requests    BIGINT    NOT NULL,
    bytes       BIGINT    NOT NULL,
    status_2xx  BIGINT    NOT NULL,
    status_3xx  BIGINT    NOT NULL,
    status_4xx  BIGINT    NOT NULL,
    status_5xx  BIGINT    NOT NULL,
    slots       VARBINARY NOT NULL,
    addresses   VARBINARY NOT NULL,
    PRIMARY KEY (block_start, generation, shard)
);
CREATE INDEX traffic_block_generation ON traffic_block (generation);

-- Lines that were not requests, counted per generation and reason.
CREATE TABLE reject_count (
    generation BIGINT      NOT NULL,
    reason     VARCHAR(32) NOT NULL,
    lines      BIGINT      NOT NULL,
    PRIMARY KEY (generation, reason)
);

-- The first rejected lines of each generation and reason, as the bytes they were (at most 1 KiB).
CREATE TABLE reject_sample (
    generation  BIGINT         NOT NULL,
    byte_offset BIGINT         NOT NULL,
    reason      VARCHAR(32)    NOT NULL,
    line        VARBINARY(1024) NOT NULL,
    PRIMARY KEY (generation, byte_offset)
);
