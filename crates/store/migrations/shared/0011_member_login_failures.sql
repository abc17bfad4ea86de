-- Failed member logins, one row each, so every server node sees the same count when it
-- decides on a temporary lockout. Rows older than the lockout window are dropped as new
-- ones come in; a successful login clears the email's.
CREATE TABLE site_member_login_failures (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX site_member_login_failures_email ON site_member_login_failures (site_id, email, at);
