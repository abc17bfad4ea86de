-- Carts and checkouts (crates/modules/stores), each read and written whole in one statement.
-- A checkout left with the buyer's email and not completed is abandoned after a while
-- (`abandoned_at`, set once by whichever node's sweeper claims it).
CREATE TABLE store_baskets (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    visitor_id TEXT,
    member_id TEXT,
    email TEXT,
    completed INTEGER NOT NULL DEFAULT 0,
    abandoned_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX store_baskets_by_visitor ON store_baskets (site_id, kind, visitor_id);
CREATE INDEX store_baskets_by_member ON store_baskets (site_id, kind, member_id);
CREATE INDEX store_baskets_open ON store_baskets (updated_at)
    WHERE kind = 'checkout' AND completed = 0 AND abandoned_at IS NULL AND email IS NOT NULL;
CREATE INDEX store_baskets_abandoned ON store_baskets (site_id, abandoned_at)
    WHERE abandoned_at IS NOT NULL;
