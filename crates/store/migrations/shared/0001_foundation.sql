-- Accounts: the people who build sites. Not site-owned, so not keyed by site_id.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Login sessions and account API keys; only a SHA-256 of the secret is kept.
CREATE TABLE account_tokens (
    hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('session', 'api_key')),
    label TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT
);
CREATE INDEX account_tokens_account ON account_tokens (account_id);

-- Every site-owned table below leads with site_id.
CREATE TABLE sites (
    site_id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE site_collaborators (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'viewer')),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, account_id)
);
CREATE INDEX site_collaborators_account ON site_collaborators (account_id);

CREATE TABLE site_invites (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'viewer')),
    token_hash TEXT NOT NULL UNIQUE,
    invited_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);

CREATE TABLE site_api_keys (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    key_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);

CREATE TABLE site_domains (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    domain TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, domain)
);
