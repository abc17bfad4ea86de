-- Secrets get an id that stays when they are renamed, and a description, as Wix's Secrets
-- API has them (wix-secrets-backend.v2). Existing secrets get random ids.
ALTER TABLE site_secrets ADD COLUMN id TEXT;
ALTER TABLE site_secrets ADD COLUMN description TEXT NOT NULL DEFAULT '';
UPDATE site_secrets SET id = md5(random()::text || site_id || name);
ALTER TABLE site_secrets ALTER COLUMN id SET NOT NULL;
CREATE UNIQUE INDEX site_secrets_id ON site_secrets (site_id, id);
