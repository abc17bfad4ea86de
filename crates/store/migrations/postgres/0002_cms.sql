-- CMS collections: the schema of each site's collections. Fields, permissions and indexes
-- are JSON documents (their shape is core's `data::collection` types).
CREATE TABLE data_collections (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    collection_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    display_field TEXT,
    fields TEXT NOT NULL,
    permissions TEXT NOT NULL,
    indexes TEXT NOT NULL,
    revision BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, collection_id)
);

-- Items of every collection. System fields are columns; user fields are the data document.
-- Per-collection indexes are partial expression indexes created with the collection.
CREATE TABLE data_items (
    site_id TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    owner TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    data JSONB NOT NULL,
    PRIMARY KEY (site_id, collection_id, item_id),
    FOREIGN KEY (site_id, collection_id)
        REFERENCES data_collections (site_id, collection_id) ON DELETE CASCADE
);
-- The default order (newest first) and paging by creation time.
CREATE INDEX data_items_created ON data_items (site_id, collection_id, created_at, item_id);
