//! Site search as stored: each site's searchable documents (published pages, CMS items of the
//! collections the site chose, products, services) with their text, full-text indexed by the
//! backend (FTS5 on SQLite, a weighted tsvector on PostgreSQL), and the words they hold for
//! typo tolerance. The search module (`crates/modules/search`) is its one user.

use async_trait::async_trait;

use crate::{Millis, Result, ids::SiteId};

/// Who may see a document, from most open to most closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Audience {
    Anyone = 0,
    /// Signed-in members (a members-only page).
    Members = 1,
    /// Collaborators only (a page for members of some roles: left out of members' results).
    Staff = 2,
}

impl Audience {
    pub fn from_i64(n: i64) -> Self {
        match n {
            0 => Self::Anyone,
            1 => Self::Members,
            _ => Self::Staff,
        }
    }
}

/// One searchable document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchDoc {
    /// `Site/Pages`, `Stores/Products`, `Bookings/Services`, or a CMS collection's id.
    pub doc_type: String,
    pub doc_id: String,
    pub title: String,
    pub description: String,
    pub body: String,
    /// The address on the site that shows it.
    pub url: String,
    pub image: Option<String>,
    pub audience: Audience,
    pub updated_at: Millis,
}

/// One word of a query: a document matches it when it holds any of `prefixes` as the start
/// of a word, or any of `words` whole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchTerm {
    pub prefixes: Vec<String>,
    pub words: Vec<String>,
}

/// A search as the store runs it. Words are lower case letters and digits only (the module
/// splits the phrase), so each backend quotes them without escaping.
#[derive(Clone, Debug)]
pub struct SearchQuery {
    pub site: SiteId,
    /// Every term must match (an empty list matches every document).
    pub terms: Vec<SearchTerm>,
    /// The document types the caller may read: nothing else is counted or returned.
    pub readable: Vec<String>,
    /// Of those, the types asked for (empty: all of them).
    pub types: Vec<String>,
    /// The most closed audience the caller belongs to.
    pub audience: Audience,
    pub limit: u32,
    pub offset: u32,
}

/// A document found, with its text around the matches: `snippet` is plain text in which
/// `\u{1}` opens and `\u{2}` closes a highlight (the module escapes it and makes `<mark>`s).
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub doc: SearchDoc,
    pub snippet: String,
    pub score: f64,
}

/// A page of results and, per readable document type, how many documents match (without
/// the `types` filter, for facets).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub facets: Vec<(String, u64)>,
}

#[async_trait]
pub trait SearchStore: Send + Sync {
    /// Adds or replaces documents (by type and id) and records their words.
    async fn put_search_docs(&self, site: SiteId, docs: &[SearchDoc]) -> Result<()>;
    /// Replaces every document of `doc_type` with `docs`, in one transaction. With
    /// `pages_version` (the published version the pages come from), records it in the same
    /// transaction, and does nothing (false) when a version at least as new is indexed
    /// already: two nodes seeing one publish index it once, and never go back.
    async fn replace_search_docs(
        &self,
        site: SiteId,
        doc_type: &str,
        docs: &[SearchDoc],
        pages_version: Option<i64>,
    ) -> Result<bool>;
    async fn remove_search_doc(&self, site: SiteId, doc_type: &str, doc_id: &str) -> Result<()>;
    /// Forgets every document and word of the site (before a rebuild).
    async fn clear_search(&self, site: SiteId) -> Result<()>;
    async fn search(&self, query: &SearchQuery) -> Result<SearchResults>;
    /// Whether some word of the site's documents starts with `prefix`.
    async fn search_word_with_prefix(&self, site: SiteId, prefix: &str) -> Result<bool>;
    /// The site's words of `min..=max` characters.
    async fn search_words_of_length(&self, site: SiteId, min: u32, max: u32)
    -> Result<Vec<String>>;
    /// The published version whose pages are indexed (0: none) and the settings (JSON).
    async fn search_site(&self, site: SiteId) -> Result<(i64, String)>;
    async fn put_search_settings(&self, site: SiteId, settings: &str) -> Result<()>;
}

/// The words of `text` as the search sees them: runs of letters and digits, in lower case.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The distinct words of a document worth keeping for typo tolerance (3 to 40 characters).
pub fn vocabulary(doc: &SearchDoc) -> std::collections::BTreeSet<String> {
    [&doc.title, &doc.description, &doc.body]
        .into_iter()
        .flat_map(|t| words(t))
        .filter(|w| (3..=40).contains(&w.chars().count()))
        .collect()
}
