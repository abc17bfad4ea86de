-- Each site's store (crates/modules/stores): what one transaction must change together.
-- Stock per variant. `reserved` is what unpaid orders hold (their rows in `store_holds`).
CREATE TABLE store_stock (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    product_id TEXT NOT NULL,
    variant_id TEXT NOT NULL,
    track_quantity INTEGER NOT NULL,
    quantity BIGINT NOT NULL,
    reserved BIGINT NOT NULL DEFAULT 0,
    in_stock INTEGER NOT NULL,
    preorder INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, product_id, variant_id)
);

CREATE TABLE store_orders (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    number BIGINT NOT NULL,
    checkout_id TEXT,
    status TEXT NOT NULL,
    payment_status TEXT NOT NULL,
    fulfillment_status TEXT NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    buyer_email TEXT NOT NULL,
    buyer_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE UNIQUE INDEX store_orders_by_number ON store_orders (site_id, number);
-- One order per checkout: a create-order sent twice finds the first.
CREATE UNIQUE INDEX store_orders_by_checkout ON store_orders (site_id, checkout_id);
CREATE INDEX store_orders_by_date ON store_orders (site_id, created_at);

-- What unpaid orders hold, until `expires_at`.
CREATE TABLE store_holds (
    site_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    variant_id TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, order_id, product_id, variant_id),
    FOREIGN KEY (site_id, order_id) REFERENCES store_orders (site_id, id) ON DELETE CASCADE
);
CREATE INDEX store_holds_by_expiry ON store_holds (expires_at);

-- Each site's sequences (order numbers), never going back.
CREATE TABLE store_counters (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (site_id, name)
);
