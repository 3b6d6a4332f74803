-- logpulse schema, version 3: the request store, every request's fields for drill-down queries.
-- Requests are kept in segments, one per chunk of a file generation that the job read (about a
-- megabyte of log, a few thousand requests), column by column (io.logpulse.model.RequestColumn).
-- A segment covers the bytes [start_offset, end_offset) of its generation; one written over bytes
-- that an older segment covers replaces it, so a replay or a re-ingest never keeps a request twice.

-- What a query reads first to pick segments: time span, request count, and a Bloom filter of the
-- client addresses (io.logpulse.model.AddressFilter).
CREATE TABLE request_segment (
    generation     BIGINT    NOT NULL,
    start_offset   BIGINT    NOT NULL,
    end_offset     BIGINT    NOT NULL,
    first_ms       BIGINT    NOT NULL,
    last_ms        BIGINT    NOT NULL,
    requests       INT       NOT NULL,
    address_filter VARBINARY NOT NULL,
    PRIMARY KEY (generation, start_offset)
);
CREATE INDEX request_segment_time ON request_segment (last_ms);

-- The segment's columns (io.logpulse.model.SegmentEncoder), apart so that picking segments does
-- not read them.
CREATE TABLE request_data (
    generation   BIGINT    NOT NULL,
    start_offset BIGINT    NOT NULL,
    columns      VARBINARY NOT NULL,
    PRIMARY KEY (generation, start_offset)
);
