-- The `developer` role (backend code and secrets, no settings) joins the roles a
-- collaborator, an invitation or an API key may hold. SQLite cannot change a CHECK, so the
-- three tables are rebuilt; nothing references them.
CREATE TABLE site_collaborators_new (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'editor', 'viewer')),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, account_id)
);
INSERT INTO site_collaborators_new SELECT site_id, account_id, role, added_at FROM site_collaborators;
DROP TABLE site_collaborators;
ALTER TABLE site_collaborators_new RENAME TO site_collaborators;
CREATE INDEX site_collaborators_account ON site_collaborators (account_id);

CREATE TABLE site_invites_new (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'editor', 'viewer')),
    token_hash TEXT NOT NULL UNIQUE,
    invited_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);
INSERT INTO site_invites_new
    SELECT site_id, id, email, role, token_hash, invited_by, created_at, expires_at FROM site_invites;
DROP TABLE site_invites;
ALTER TABLE site_invites_new RENAME TO site_invites;

CREATE TABLE site_api_keys_new (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'developer', 'editor', 'viewer')),
    key_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);
INSERT INTO site_api_keys_new
    SELECT site_id, id, name, role, key_hash, created_by, created_at FROM site_api_keys;
DROP TABLE site_api_keys;
ALTER TABLE site_api_keys_new RENAME TO site_api_keys;

-- Attempts counted to slow guessing and flooding down, one row each, so every server node
-- sees the same counts: failed logins (per client address, and per account and address) and
-- password-reset emails (per address and per client). `subject` names what is counted.
-- They replace the member login failures, which locked an account from every address.
CREATE TABLE throttle_attempts (
    subject TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX throttle_attempts_subject ON throttle_attempts (subject, at);
CREATE INDEX throttle_attempts_at ON throttle_attempts (at);
DROP TABLE site_member_login_failures;
