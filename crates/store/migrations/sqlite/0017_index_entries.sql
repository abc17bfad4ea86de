-- Collection indexes as rows, in one table whose own indexes never change: creating a
-- collection or an index is no DDL, and a write's cost does not grow with the number of
-- sites (per-collection partial indexes on data_items made every write evaluate every
-- site's index predicates). k1..k3 hold what the query compiler compares for each indexed
-- field (json_extract of the field, or a system column; BLOB: stored as they are), so a probe on them selects exactly
-- the items the condition on the item does. Indexes made as partial indexes before this are
-- moved here when the store opens (`index_entries::adopt`).
CREATE TABLE data_index_entries (
    site_id TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    index_id TEXT NOT NULL,
    k1 BLOB,
    k2 BLOB,
    k3 BLOB,
    item_id TEXT NOT NULL,
    is_unique INTEGER NOT NULL,
    FOREIGN KEY (site_id, collection_id, item_id)
        REFERENCES data_items (site_id, collection_id, item_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX data_index_entries_key
    ON data_index_entries (site_id, collection_id, index_id, k1, k2, k3, item_id);
CREATE UNIQUE INDEX data_index_entries_unique
    ON data_index_entries (site_id, collection_id, index_id, k1, k2, k3) WHERE is_unique = 1;
-- An item's entries, for rewriting them and for the cascade when it goes.
CREATE INDEX data_index_entries_item ON data_index_entries (site_id, collection_id, item_id);
