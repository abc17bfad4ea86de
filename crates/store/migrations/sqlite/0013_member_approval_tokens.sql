-- Approval tokens: register() from code answers a pending member with one, which
-- approveByToken() spends (wix-members-backend). SQLite cannot change a CHECK, so the
-- table is rebuilt with its rows.
CREATE TABLE site_member_tokens_new (
    hash TEXT PRIMARY KEY,
    site_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('verify', 'reset', 'approve')),
    expires_at BIGINT NOT NULL,
    FOREIGN KEY (site_id, member_id) REFERENCES site_members (site_id, id) ON DELETE CASCADE
);
INSERT INTO site_member_tokens_new (hash, site_id, member_id, kind, expires_at)
    SELECT hash, site_id, member_id, kind, expires_at FROM site_member_tokens;
DROP TABLE site_member_tokens;
ALTER TABLE site_member_tokens_new RENAME TO site_member_tokens;
CREATE INDEX site_member_tokens_member ON site_member_tokens (site_id, member_id);
