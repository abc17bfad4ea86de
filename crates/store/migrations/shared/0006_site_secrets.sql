-- Secrets that sites' code reads with wix-secrets-backend; `value` is sealed with the
-- server's key (nonce and XChaCha20-Poly1305 ciphertext, base64), never stored in clear.
CREATE TABLE site_secrets (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, name)
);
