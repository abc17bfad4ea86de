-- Availability reads every busy time of a service's staff over a month. It now reads them
-- from booking_resources alone: a narrow row per booking and everything it holds (its staff
-- member too, not only rooms and equipment) with the busy times and what decides whether the
-- booking still holds them, rewritten in the booking's own transaction. Reading them from
-- the bookings' wide rows (each with its JSON document) was most of a month's read on
-- PostgreSQL, whose heap is read row by row until a vacuum marks the pages visible.
ALTER TABLE booking_resources ADD COLUMN busy_from BIGINT NOT NULL DEFAULT 0;
ALTER TABLE booking_resources ADD COLUMN busy_to BIGINT NOT NULL DEFAULT 0;
ALTER TABLE booking_resources ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE booking_resources ADD COLUMN hold_until BIGINT;
UPDATE booking_resources SET busy_from = b.busy_from, busy_to = b.busy_to,
    status = b.status, hold_until = b.hold_until
  FROM bookings b WHERE b.site_id = booking_resources.site_id AND b.id = booking_resources.booking_id;
INSERT INTO booking_resources (site_id, booking_id, resource_id, busy_from, busy_to, status, hold_until)
  SELECT site_id, id, resource_id, busy_from, busy_to, status, hold_until FROM bookings
  WHERE resource_id <> ''
  ON CONFLICT DO NOTHING;
DROP INDEX booking_resources_by_resource;
DROP INDEX IF EXISTS bookings_busy;
DROP INDEX IF EXISTS bookings_by_resource;
CREATE INDEX booking_resources_busy
  ON booking_resources (site_id, resource_id, busy_from, busy_to, status, hold_until);
