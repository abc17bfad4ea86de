-- Carts and checkouts move from the data layer's system collections to store_baskets.
INSERT INTO store_baskets (site_id, kind, id, visitor_id, member_id, email, completed, created_at, updated_at, doc)
SELECT site_id, CASE collection_id WHEN 'Stores/Carts' THEN 'cart' ELSE 'checkout' END, item_id,
       CASE collection_id WHEN 'Stores/Carts' THEN json_extract(data, '$.visitorId') END,
       CASE collection_id WHEN 'Stores/Carts' THEN json_extract(data, '$.memberId') END,
       CASE collection_id WHEN 'Stores/Checkouts' THEN json_extract(data, '$.buyerInfo.email') END,
       CASE collection_id WHEN 'Stores/Checkouts' THEN COALESCE(json_extract(data, '$.completed'), 0) ELSE 0 END,
       created_at, updated_at, data
FROM data_items WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
DELETE FROM data_index_entries WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
DELETE FROM data_usage WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
DELETE FROM data_jobs WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
DELETE FROM data_references WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
DELETE FROM data_items WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
DELETE FROM data_collections WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
