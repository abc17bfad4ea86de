-- Each site's media library (crates/modules/media). A file's bytes are a blob in the media
-- storage named by `hash`, shared by the site's files with the same bytes.
CREATE TABLE media_folders (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    parent_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    trashed_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);
-- Names are unique among a folder's folders outside the trash.
CREATE UNIQUE INDEX media_folders_by_name ON media_folders (site_id, parent_id, display_name)
    WHERE trashed_at IS NULL;

CREATE TABLE media_files (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    folder_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    mime TEXT NOT NULL,
    hash TEXT NOT NULL,
    size BIGINT NOT NULL,
    width INTEGER,
    height INTEGER,
    alt TEXT,
    private INTEGER NOT NULL DEFAULT 0,
    trashed_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX media_files_by_folder ON media_files (site_id, folder_id, created_at);
CREATE INDEX media_files_by_hash ON media_files (site_id, hash);
CREATE INDEX media_files_in_trash ON media_files (trashed_at) WHERE trashed_at IS NOT NULL;
