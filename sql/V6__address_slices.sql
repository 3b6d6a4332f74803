-- logpulse schema, version 6: the rows of a segment's busiest client addresses are stored a second
-- time, each address's on their own: a slice (io.logpulse.model.AddressSlices). A question about one
-- address reads its slices instead of the whole columns of every segment it appears in.
-- Segments stored before this version have none: they are read whole, as before.

-- Which segments have a slice of an address, and its rows.
CREATE TABLE request_slice (
    address      VARCHAR NOT NULL,
    generation   BIGINT  NOT NULL,
    start_offset BIGINT  NOT NULL,
    requests     INT     NOT NULL,
    PRIMARY KEY (address, generation, start_offset)
);
CREATE INDEX request_slice_segment ON request_slice (generation, start_offset);

-- A slice's columns and summaries, packed into a few parts (io.logpulse.model.AddressSlices: the
-- numbers and short texts, the long texts, the summaries) with request_data's column ids. Kept by
-- address and part, in the order queries walk segments (their first_ms, generation, start_offset): a
-- question reads each part of an address's slices as one run of rows that hold nothing else.
CREATE TABLE request_slice_data (
    address      VARCHAR   NOT NULL,
    part         INT       NOT NULL,
    first_ms     BIGINT    NOT NULL,
    generation   BIGINT    NOT NULL,
    start_offset BIGINT    NOT NULL,
    bytes        VARBINARY NOT NULL,
    PRIMARY KEY (address, part, first_ms, generation, start_offset)
);
CREATE INDEX request_slice_data_segment ON request_slice_data (generation, start_offset);
