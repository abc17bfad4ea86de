-- Site search (crates/modules/search): one row per searchable document of a site (a
-- published page, a CMS item of a chosen collection, a product, a service), its text as a
-- weighted tsvector (title A, description B, body C) under a GIN index. The `simple`
-- configuration (no stemming) splits words as SQLite's unicode61 does, so both backends
-- find the same documents.
CREATE TABLE search_documents (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    doc_type TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    body TEXT NOT NULL,
    url TEXT NOT NULL,
    image TEXT,
    -- Who may see it: 0 anyone, 1 signed-in members, 2 collaborators only.
    audience SMALLINT NOT NULL,
    updated_at BIGINT NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A')
        || setweight(to_tsvector('simple', description), 'B')
        || setweight(to_tsvector('simple', body), 'C')
    ) STORED,
    PRIMARY KEY (site_id, doc_type, doc_id)
);
CREATE INDEX search_documents_tsv ON search_documents USING GIN (tsv);

-- The words of a site's documents, for typo tolerance (see the SQLite migration). "C"
-- collation: prefix ranges compare bytes, as on SQLite.
CREATE TABLE search_words (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    word TEXT COLLATE "C" NOT NULL,
    len INTEGER NOT NULL,
    PRIMARY KEY (site_id, word)
);
CREATE INDEX search_words_by_length ON search_words (site_id, len);

CREATE TABLE search_sites (
    site_id TEXT PRIMARY KEY REFERENCES sites (site_id) ON DELETE CASCADE,
    pages_version BIGINT NOT NULL DEFAULT 0,
    settings TEXT NOT NULL DEFAULT '{}'
);
