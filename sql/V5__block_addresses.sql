-- logpulse schema, version 5: a traffic block's per-window counts of every address move to a table
-- of their own. H2 reads a row whole, so the timeline, the totals and a whole day's top read those
-- bytes (~70% of a block) only to skip them; now only the queries that need single windows (a
-- range's edge blocks, spikes) read them.
--
-- traffic_block.address_totals: every address's totals over the block, packed as in
-- io.logpulse.model.BlockCodec with each address's windows left out. Rows written before this
-- version keep the full packing there (the windows are skipped when reading totals).
CREATE TABLE traffic_block_addresses (
    block_start BIGINT    NOT NULL,
    generation  BIGINT    NOT NULL,
    shard       INT       NOT NULL,
    addresses   VARBINARY NOT NULL,
    PRIMARY KEY (block_start, generation, shard)
);
CREATE INDEX traffic_block_addresses_generation ON traffic_block_addresses (generation);
INSERT INTO traffic_block_addresses (block_start, generation, shard, addresses)
    SELECT block_start, generation, shard, addresses FROM traffic_block;
ALTER TABLE traffic_block ALTER COLUMN addresses RENAME TO address_totals;
