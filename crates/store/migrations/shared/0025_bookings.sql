-- Bookings: each holds time of a staff member (busy_from..busy_to, its buffer included) or
-- places in a class session or course (session_key), while its status says it does.
CREATE TABLE bookings (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    session_key TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    busy_from BIGINT NOT NULL,
    busy_to BIGINT NOT NULL,
    status TEXT NOT NULL,
    payment_status TEXT NOT NULL,
    participants INTEGER NOT NULL,
    hold_until BIGINT,
    remind_at BIGINT,
    member_id TEXT,
    email TEXT NOT NULL,
    revision BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX bookings_by_time ON bookings (site_id, start_at);
CREATE INDEX bookings_by_resource ON bookings (site_id, resource_id, busy_from);
CREATE INDEX bookings_by_session ON bookings (site_id, session_key);
CREATE INDEX bookings_due_reminders ON bookings (remind_at) WHERE remind_at IS NOT NULL;
CREATE INDEX bookings_due_holds ON bookings (hold_until) WHERE status = 'CREATED';

-- A row per staff member or session being booked: a booking's transaction takes it first,
-- so the bookings of one of them are written one at a time and each sees those before it.
CREATE TABLE booking_locks (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    lock_key TEXT NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, lock_key)
);
