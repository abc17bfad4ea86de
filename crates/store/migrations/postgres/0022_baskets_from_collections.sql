-- Carts and checkouts move from the data layer's system collections to store_baskets.
INSERT INTO store_baskets (site_id, kind, id, visitor_id, member_id, email, completed, created_at, updated_at, doc)
SELECT site_id, CASE collection_id WHEN 'Stores/Carts' THEN 'cart' ELSE 'checkout' END, item_id,
       CASE collection_id WHEN 'Stores/Carts' THEN data->>'visitorId' END,
       CASE collection_id WHEN 'Stores/Carts' THEN data->>'memberId' END,
       CASE collection_id WHEN 'Stores/Checkouts' THEN data->'buyerInfo'->>'email' END,
       CASE collection_id WHEN 'Stores/Checkouts' THEN CASE WHEN data->>'completed' = 'true' THEN 1 ELSE 0 END ELSE 0 END,
       created_at, updated_at, data::text
FROM data_items WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
DELETE FROM data_index_entries WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
DELETE FROM data_usage WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
DELETE FROM data_jobs WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
DELETE FROM data_references WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
DELETE FROM data_items WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
DELETE FROM data_collections WHERE collection_id IN ('Stores/Carts', 'Stores/Checkouts');
