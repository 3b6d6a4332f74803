-- logpulse schema, version 4: the request store keeps a row per segment column, so that a question
-- reads only the columns it needs (a timeline: time, status and bytes, a sixth of the store).
-- column_id is the ordinal of io.logpulse.model.RequestColumn; each column is written as
-- io.logpulse.model.SegmentEncoder describes. Segments stored in version 3's single-blob layout are
-- dropped: ingest the files again to have their requests back (their per-window counts stay).
DELETE FROM request_segment;
DROP TABLE request_data;
CREATE TABLE request_data (
    generation   BIGINT    NOT NULL,
    start_offset BIGINT    NOT NULL,
    column_id    INT       NOT NULL,
    bytes        VARBINARY NOT NULL,
    PRIMARY KEY (generation, start_offset, column_id)
);
