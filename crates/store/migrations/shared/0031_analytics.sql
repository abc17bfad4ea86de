-- Site analytics. Raw hits (page views, custom events, engagement times) as the beacon
-- sent them, kept for the site's retention (62 days unless set); `visitor` is a hash of
-- address and user agent with the salt of its day, so nobody can be followed past a day.
-- `entry` marks the first page view of a session.
CREATE TABLE analytics_hits (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    visitor TEXT NOT NULL,
    session TEXT NOT NULL,
    kind TEXT NOT NULL,
    entry INTEGER NOT NULL,
    path TEXT NOT NULL,
    referrer TEXT NOT NULL,
    source TEXT NOT NULL,
    utm_source TEXT NOT NULL,
    utm_medium TEXT NOT NULL,
    utm_campaign TEXT NOT NULL,
    device TEXT NOT NULL,
    browser TEXT NOT NULL,
    os TEXT NOT NULL,
    language TEXT NOT NULL,
    name TEXT NOT NULL,
    props TEXT NOT NULL,
    duration BIGINT NOT NULL
);
CREATE INDEX analytics_hits_at ON analytics_hits (site_id, at);
CREATE INDEX analytics_hits_session ON analytics_hits (site_id, session, at);
CREATE INDEX analytics_hits_pruned ON analytics_hits (at);

-- The hits summed per hour (`grain` 'hour', UTC hours) and per day of the site's time zone
-- ('day'), per dimension (`dim`: 'total' with value '', 'page', 'source', …): what reports
-- over long ranges read.
CREATE TABLE analytics_rollups (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    grain TEXT NOT NULL,
    dim TEXT NOT NULL,
    at BIGINT NOT NULL,
    value TEXT NOT NULL,
    views BIGINT NOT NULL,
    visitors BIGINT NOT NULL,
    sessions BIGINT NOT NULL,
    bounces BIGINT NOT NULL,
    exits BIGINT NOT NULL,
    events BIGINT NOT NULL,
    engaged BIGINT NOT NULL,
    duration BIGINT NOT NULL,
    PRIMARY KEY (site_id, grain, dim, at, value)
);

-- Up to when each grain is rolled up (the start of the first bucket not yet done).
CREATE TABLE analytics_rolled (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    grain TEXT NOT NULL,
    until_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, grain)
);

-- The salt of the site's current day: the first node to need it makes it, and it is
-- deleted once its day is over.
CREATE TABLE analytics_salts (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    salt TEXT NOT NULL,
    PRIMARY KEY (site_id, day)
);

CREATE TABLE analytics_settings (
    site_id TEXT PRIMARY KEY REFERENCES sites (site_id) ON DELETE CASCADE,
    time_zone TEXT NOT NULL,
    retention_days INTEGER NOT NULL
);
