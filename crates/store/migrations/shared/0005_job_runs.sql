-- Runs of sites' scheduled jobs. The key (site, job, tick) is what makes a tick run once
-- when several server nodes share the database: the node whose INSERT lands runs it.
CREATE TABLE job_runs (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    job TEXT NOT NULL,
    tick BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    duration_ms BIGINT,
    outcome TEXT NOT NULL,
    error TEXT,
    logs TEXT NOT NULL,
    PRIMARY KEY (site_id, job, tick)
);
CREATE INDEX job_runs_recent ON job_runs (site_id, started_at);
