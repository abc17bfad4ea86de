-- Site documents: one draft per site that the editor writes (its revision guards against
-- lost updates), immutable published versions, and which version visitors see.
CREATE TABLE site_drafts (
    site_id TEXT PRIMARY KEY REFERENCES sites (site_id) ON DELETE CASCADE,
    revision BIGINT NOT NULL,
    document TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE site_versions (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    document TEXT NOT NULL,
    draft_revision BIGINT NOT NULL,
    code_revision BIGINT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, version)
);

CREATE TABLE site_published (
    site_id TEXT PRIMARY KEY REFERENCES sites (site_id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    published_at BIGINT NOT NULL,
    FOREIGN KEY (site_id, version) REFERENCES site_versions (site_id, version)
);
