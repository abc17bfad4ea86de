-- An index on an array field (say `tags` or a product's `collectionIds`) has one entry per
-- distinct element of the item's array, keyed by the element, so that `$hasSome` on one value
-- reads the matching items from the index in the sort's order. `n` numbers an item's entries
-- of one index (0 for an index of plain fields), keeping "an item's entry of an index" unique,
-- as index builds rely on to skip the items a write gave their entries already.
ALTER TABLE data_index_entries ADD COLUMN n INTEGER NOT NULL DEFAULT 0;
DROP INDEX data_index_entries_item;
CREATE UNIQUE INDEX data_index_entries_item
    ON data_index_entries (site_id, collection_id, item_id, index_id, n);
-- Indexes on array fields made before held one entry per item keyed by the whole array; the
-- store rewrites them once when it opens (`rekey_array_indexes`), told by this row.
INSERT INTO server_settings (name, value) VALUES ('rekey_array_indexes', 'pending');
