-- The `developer` role (backend code and secrets, no settings) joins the roles a
-- collaborator, an invitation or an API key may hold.
ALTER TABLE site_collaborators DROP CONSTRAINT site_collaborators_role_check;
ALTER TABLE site_collaborators ADD CONSTRAINT site_collaborators_role_check
    CHECK (role IN ('owner', 'admin', 'developer', 'editor', 'viewer'));
ALTER TABLE site_invites DROP CONSTRAINT site_invites_role_check;
ALTER TABLE site_invites ADD CONSTRAINT site_invites_role_check
    CHECK (role IN ('owner', 'admin', 'developer', 'editor', 'viewer'));
ALTER TABLE site_api_keys DROP CONSTRAINT site_api_keys_role_check;
ALTER TABLE site_api_keys ADD CONSTRAINT site_api_keys_role_check
    CHECK (role IN ('admin', 'developer', 'editor', 'viewer'));

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
