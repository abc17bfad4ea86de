-- Async data jobs (patch or remove by filter): their progress, readable from any node.
CREATE TABLE data_jobs (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    job_id TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    success_count BIGINT NOT NULL,
    error TEXT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    PRIMARY KEY (site_id, job_id)
);
