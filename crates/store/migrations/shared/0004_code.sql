-- Site code: every push is a numbered revision holding the whole source tree as JSON
-- ({"backend/x.web.js": "source", ...}). Visitors run the published revision.
CREATE TABLE code_revisions (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    revision BIGINT NOT NULL,
    files TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    file_count BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, revision)
);

CREATE TABLE code_published (
    site_id TEXT PRIMARY KEY REFERENCES sites (site_id) ON DELETE CASCADE,
    revision BIGINT NOT NULL,
    published_at BIGINT NOT NULL,
    FOREIGN KEY (site_id, revision) REFERENCES code_revisions (site_id, revision)
);
