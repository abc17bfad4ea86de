-- Site search (crates/modules/search): one row per searchable document of a site (a
-- published page, a CMS item of a chosen collection, a product, a service), its text in an
-- FTS5 index. The index holds a token naming the site (`site`), so a query matches only the
-- site's rows instead of filtering every site's matches. `id` is explicit: an external-content
-- FTS5 table follows rowids, which VACUUM may renumber when they are implicit.
CREATE TABLE search_documents (
    id INTEGER PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    doc_type TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    body TEXT NOT NULL,
    url TEXT NOT NULL,
    image TEXT,
    -- Who may see it: 0 anyone, 1 signed-in members, 2 collaborators only.
    audience INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    site TEXT GENERATED ALWAYS AS ('s' || replace(site_id, '-', '')) VIRTUAL
);
CREATE UNIQUE INDEX search_documents_key ON search_documents (site_id, doc_type, doc_id);

CREATE VIRTUAL TABLE search_fts USING fts5(
    site, title, description, body,
    content = 'search_documents', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
    INSERT INTO search_fts (rowid, site, title, description, body)
    VALUES (new.id, new.site, new.title, new.description, new.body);
END;
CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
    INSERT INTO search_fts (search_fts, rowid, site, title, description, body)
    VALUES ('delete', old.id, old.site, old.title, old.description, old.body);
END;
CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
    INSERT INTO search_fts (search_fts, rowid, site, title, description, body)
    VALUES ('delete', old.id, old.site, old.title, old.description, old.body);
    INSERT INTO search_fts (rowid, site, title, description, body)
    VALUES (new.id, new.site, new.title, new.description, new.body);
END;

-- The words of a site's documents, for typo tolerance: a query word found nowhere is
-- compared with the words of about its length. Only grows between rebuilds (a word no
-- document holds any more costs a useless alternative, never a wrong match).
CREATE TABLE search_words (
    site_id TEXT NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
    word TEXT NOT NULL,
    len INTEGER NOT NULL,
    PRIMARY KEY (site_id, word)
);
CREATE INDEX search_words_by_length ON search_words (site_id, len);

-- Per site: the published version whose pages are indexed, and the search settings (which
-- CMS collections and fields are searched) as JSON.
CREATE TABLE search_sites (
    site_id TEXT PRIMARY KEY REFERENCES sites (site_id) ON DELETE CASCADE,
    pages_version BIGINT NOT NULL DEFAULT 0,
    settings TEXT NOT NULL DEFAULT '{}'
);
