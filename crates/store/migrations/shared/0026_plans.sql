-- Pricing plans' orders (the plans are documents of the data layer): the columns they are
-- found by and the order as JSON, a revision every change names (so one node claims each
-- renewal), and when the scheduler next acts on it.
CREATE TABLE plan_orders (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    status TEXT NOT NULL,
    due_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    revision BIGINT NOT NULL DEFAULT 1,
    doc TEXT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX plan_orders_member ON plan_orders (site_id, member_id, created_at);
CREATE INDEX plan_orders_plan ON plan_orders (site_id, plan_id);
CREATE INDEX plan_orders_due ON plan_orders (due_at) WHERE due_at IS NOT NULL;
