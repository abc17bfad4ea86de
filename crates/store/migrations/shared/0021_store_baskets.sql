-- Carts and checkouts (crates/modules/stores), each read and written whole in one statement.
CREATE TABLE store_baskets (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    visitor_id TEXT,
    member_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX store_baskets_by_visitor ON store_baskets (site_id, kind, visitor_id);
CREATE INDEX store_baskets_by_member ON store_baskets (site_id, kind, member_id);
