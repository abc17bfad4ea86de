-- Collection indexes as rows, in one table whose own indexes never change: creating a
-- collection or an index is no DDL (CREATE INDEX on the shared items table blocked every
-- site's writes while it scanned), and a write's cost does not grow with the number of
-- sites. k1..k3 hold what the query compiler compares for each indexed field (the field's
-- JSON value with JSON null as NULL, or a system column as JSON), so a probe on them selects
-- exactly the items the condition on the item does. NULLs sort first, as queries order them.
-- Indexes made as partial indexes before this are moved here when the store opens
-- (`index_entries::adopt`).
CREATE TABLE data_index_entries (
    site_id TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    index_id TEXT NOT NULL,
    k1 JSONB,
    k2 JSONB,
    k3 JSONB,
    item_id TEXT NOT NULL,
    is_unique BOOLEAN NOT NULL,
    FOREIGN KEY (site_id, collection_id, item_id)
        REFERENCES data_items (site_id, collection_id, item_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX data_index_entries_key ON data_index_entries
    (site_id, collection_id, index_id, k1 NULLS FIRST, k2 NULLS FIRST, k3 NULLS FIRST, item_id);
CREATE UNIQUE INDEX data_index_entries_unique ON data_index_entries
    (site_id, collection_id, index_id, k1, k2, k3) WHERE is_unique;
CREATE INDEX data_index_entries_item ON data_index_entries (site_id, collection_id, item_id);
