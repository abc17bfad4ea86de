-- Business events for sites' backend/events.js handlers, delivered at least once: a row is
-- written when the event happens, each attempt is claimed by one node (the claim names the
-- attempts it read), and a failed attempt is due again later, until handled or given up on.
CREATE TABLE event_queue (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    handler TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at BIGINT NOT NULL,
    done_at BIGINT,
    error TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX event_queue_due ON event_queue (due_at) WHERE done_at IS NULL;
CREATE INDEX event_queue_recent ON event_queue (site_id, created_at);
