-- Resources other than staff (rooms, equipment) that bookings hold: the list on the booking,
-- and a row per booking and resource, which the booking's transaction counts as it does
-- the staff member's bookings.
ALTER TABLE bookings ADD COLUMN other_resources TEXT NOT NULL DEFAULT '[]';
CREATE TABLE booking_resources (
    site_id TEXT NOT NULL,
    booking_id TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    PRIMARY KEY (site_id, booking_id, resource_id),
    FOREIGN KEY (site_id, booking_id) REFERENCES bookings (site_id, id) ON DELETE CASCADE
);
CREATE INDEX booking_resources_by_resource ON booking_resources (site_id, resource_id);
