-- Secrets get an id that stays when they are renamed, and a description, as Wix's Secrets
-- API has them (wix-secrets-backend.v2). Existing secrets get random ids.
ALTER TABLE site_secrets ADD COLUMN id TEXT NOT NULL DEFAULT '';
ALTER TABLE site_secrets ADD COLUMN description TEXT NOT NULL DEFAULT '';
UPDATE site_secrets SET id = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX site_secrets_id ON site_secrets (site_id, id);
