-- Values every node of one database shares, written by the first node that starts.
-- `secret_key_check`: an HMAC made with the key that seals sites' secrets (never the key
-- itself), so that a node started with another key can tell and refuse to start.
CREATE TABLE server_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
