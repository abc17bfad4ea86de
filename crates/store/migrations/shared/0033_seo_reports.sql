-- The latest SEO report of each site (crates/modules/analytics/src/seo.rs): the published
-- version it crawled, when it ran, and its pages and findings as JSON text. Replaced by each
-- run; a report is read whole, never queried inside.
CREATE TABLE seo_reports (
    site_id TEXT NOT NULL PRIMARY KEY REFERENCES sites (site_id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    ran_at BIGINT NOT NULL,
    report TEXT NOT NULL
);
