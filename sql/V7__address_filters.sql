-- logpulse schema, version 7: a segment's address filter moves out of its request_segment row into
-- request_data, under column_id 64 (io.logpulse.model.AddressFilter.COLUMN_ID). H2 reads a row
-- whole: every question picks its segments by time, and with the filters in those rows it read
-- them all (6.6 MB for a day of 10 M requests) to use none; only a question about one address needs
-- them, and then only for the segments without a slice of it.
INSERT INTO request_data (generation, start_offset, column_id, bytes)
    SELECT generation, start_offset, 64, address_filter FROM request_segment;
ALTER TABLE request_segment DROP COLUMN address_filter;
