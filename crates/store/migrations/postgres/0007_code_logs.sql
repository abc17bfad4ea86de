-- Console lines and uncaught errors of sites' code, newest kept (the server prunes old ones).
CREATE TABLE code_logs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    level TEXT NOT NULL,
    source TEXT NOT NULL,
    request_id TEXT,
    message TEXT NOT NULL
);
CREATE INDEX code_logs_site ON code_logs (site_id, id);
