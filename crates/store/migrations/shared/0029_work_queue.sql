-- Modules' durable work (webhook deliveries, automation runs): a row per piece of work,
-- done by whichever node claims each attempt by the attempts it read, retried until done or
-- given up.
CREATE TABLE work_queue (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    queue TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    step INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at BIGINT NOT NULL,
    doc TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX work_queue_due ON work_queue (queue, due_at) WHERE status = 'pending';
CREATE INDEX work_queue_recent ON work_queue (site_id, queue, owner, created_at);
