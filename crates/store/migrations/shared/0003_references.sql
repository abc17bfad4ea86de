-- Multi-reference links: item `referring_id` of `collection_id` refers, through its field
-- `field`, to item `referenced_id` of `referenced_collection_id`, in `position` order.
CREATE TABLE data_references (
    site_id TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    field TEXT NOT NULL,
    referring_id TEXT NOT NULL,
    referenced_collection_id TEXT NOT NULL,
    referenced_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (site_id, collection_id, field, referring_id, referenced_id),
    FOREIGN KEY (site_id, collection_id)
        REFERENCES data_collections (site_id, collection_id) ON DELETE CASCADE
);
-- Finding and clearing the links that point at an item.
CREATE INDEX data_references_target
    ON data_references (site_id, referenced_collection_id, referenced_id);
