-- Items and bytes per collection, kept by every item write in its own transaction, so a site's
-- usage is read without a scan. A collection may have several rows (stripes) that add up:
-- on PostgreSQL concurrent writers to one collection update different rows instead of
-- queueing on one; SQLite has one writer and uses stripe 0. `bytes` is the size of the item
-- data as text. The rows go with their collection.
CREATE TABLE data_usage (
    site_id TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    stripe SMALLINT NOT NULL,
    items BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    PRIMARY KEY (site_id, collection_id, stripe),
    FOREIGN KEY (site_id, collection_id)
        REFERENCES data_collections (site_id, collection_id) ON DELETE CASCADE
);
INSERT INTO data_usage (site_id, collection_id, stripe, items, bytes)
    SELECT site_id, collection_id, 0, count(*), sum(octet_length(data::text))
    FROM data_items GROUP BY site_id, collection_id;

-- A collection change whose new indexes are still being written, batch by batch (JSON: the
-- definition to take once they are complete, the indexes being built, and the indexes whose
-- entries are still to delete). NULL when there is none. Readers see the definition before
-- the change until it is complete; writers keep the new indexes' entries from the start.
ALTER TABLE data_collections ADD COLUMN pending TEXT;

-- An item has one entry per index: unique by (item, index), the index an index build
-- skips the items that already have their entry by (ON CONFLICT), with one look-up each,
-- and that also finds an item's entries to rewrite or cascade.
DROP INDEX data_index_entries_item;
CREATE UNIQUE INDEX data_index_entries_item
    ON data_index_entries (site_id, collection_id, item_id, index_id);
