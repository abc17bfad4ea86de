-- Availability reads every busy time of a service's staff over a month: an index that holds
-- the columns it needs (the times and whether the booking still holds them) answers from
-- the index alone, without a row lookup per booking. It replaces the index on the resource
-- and start, which it begins with. SQLite only: PostgreSQL's planner, before it has
-- statistics of the table, took such an index to join booking_resources from every booking,
-- and its heap is read either way until a vacuum marks the pages visible.
CREATE INDEX bookings_busy ON bookings (site_id, resource_id, busy_from, busy_to, status, hold_until);
DROP INDEX bookings_by_resource;
