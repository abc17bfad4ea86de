-- Site members: visitors who signed up on one site (not accounts, which build sites). The
-- profile and the roles are JSON; `email` is the login email, lower-cased.
CREATE TABLE site_members (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'BLOCKED')),
    email_verified BOOLEAN NOT NULL,
    roles TEXT NOT NULL,
    profile TEXT NOT NULL,
    contact_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_login_at BIGINT,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, email)
);

-- Member login sessions and single-use tokens (email verification, password reset); only a
-- SHA-256 of each secret is kept.
CREATE TABLE site_member_sessions (
    hash TEXT PRIMARY KEY,
    site_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    FOREIGN KEY (site_id, member_id) REFERENCES site_members (site_id, id) ON DELETE CASCADE
);
CREATE INDEX site_member_sessions_member ON site_member_sessions (site_id, member_id);

CREATE TABLE site_member_tokens (
    hash TEXT PRIMARY KEY,
    site_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('verify', 'reset')),
    expires_at BIGINT NOT NULL,
    FOREIGN KEY (site_id, member_id) REFERENCES site_members (site_id, id) ON DELETE CASCADE
);
CREATE INDEX site_member_tokens_member ON site_member_tokens (site_id, member_id);

-- How people join a site, and the roles and badges its owner defined.
CREATE TABLE site_member_settings (
    site_id TEXT PRIMARY KEY REFERENCES sites (site_id) ON DELETE CASCADE,
    settings TEXT NOT NULL
);

CREATE TABLE site_member_roles (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('role', 'badge')),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);

-- Outgoing email: every message is a row before any attempt to send it, so a crash loses
-- none. `queued` rows are due at `next_attempt_at` (a sender leases a row by moving it
-- forward); `kept` rows stay in the outbox because no SMTP relay is configured.
CREATE TABLE site_emails (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'kept')),
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX site_emails_due ON site_emails (next_attempt_at) WHERE status = 'queued';
CREATE INDEX site_emails_recent ON site_emails (site_id, created_at);
