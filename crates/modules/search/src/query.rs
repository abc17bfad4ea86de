//! A search: the phrase split into words, each a prefix and, when it is 5 letters or more
//! and no word of the site starts with it, also the site's words within 1 typo (2 from 9
//! letters), as Meilisearch counts them; only the document types the caller may read, and
//! pages for members only to members.

use serde_json::{Value, json};
use tessera_core::{
    data::{Access, Action, DataCaller},
    search::{Audience, SearchQuery, SearchResults, SearchTerm, words},
    sites::Site,
};
use tessera_platform::{Platform, WixError, WixResult, pages::escape_text};

use crate::index::{PAGES, Settings};

const MAX_PHRASE: usize = 200;
const MAX_WORDS: usize = 10;
pub const DEFAULT_LIMIT: u32 = 10;
const MAX_LIMIT: u32 = 100;
const MAX_OFFSET: u32 = 10_000;
/// Most typo alternatives of one word, closest first.
const MAX_ALTERNATIVES: usize = 8;

/// A search as callers send it: `{phrase, documentTypes?, paging?: {limit, offset}}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Request {
    pub phrase: String,
    pub types: Vec<String>,
    pub limit: u32,
    pub offset: u32,
}

impl Request {
    pub fn parse(body: &Value) -> WixResult<Self> {
        let phrase = match &body["phrase"] {
            Value::Null => "",
            Value::String(s) => s.as_str(),
            _ => return Err(WixError::bad_request("phrase: a string")),
        };
        if phrase.chars().count() > MAX_PHRASE {
            return Err(WixError::bad_request(format!(
                "phrase: at most {MAX_PHRASE} characters"
            )));
        }
        let types = match &body["documentTypes"] {
            Value::Null => Vec::new(),
            Value::Array(a) => a
                .iter()
                .map(|t| t.as_str().filter(|t| !t.is_empty()).map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| WixError::bad_request("documentTypes: a list of type names"))?,
            _ => {
                return Err(WixError::bad_request("documentTypes: a list of type names"));
            }
        };
        let number = |name: &str, default: u32, max: u32| -> WixResult<u32> {
            match &body["paging"][name] {
                Value::Null => Ok(default),
                v => v
                    .as_u64()
                    .filter(|n| *n <= u64::from(max) && (name == "offset" || *n >= 1))
                    .map(|n| n as u32)
                    .ok_or_else(|| {
                        WixError::bad_request(format!(
                            "paging.{name}: a whole number up to {max}{}",
                            if name == "limit" { ", from 1" } else { "" }
                        ))
                    }),
            }
        };
        Ok(Self {
            phrase: phrase.to_string(),
            types,
            limit: number("limit", DEFAULT_LIMIT, MAX_LIMIT)?,
            offset: number("offset", 0, MAX_OFFSET)?,
        })
    }
}

/// Edit distance with adjacent transpositions counting one (a typo swaps two letters).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// Typos allowed in a word of `len` letters.
pub fn typos(len: usize) -> usize {
    match len {
        0..5 => 0,
        5..9 => 1,
        _ => 2,
    }
}

/// The query term of one word.
async fn term(p: &Platform, site: &Site, word: String) -> WixResult<SearchTerm> {
    let len = word.chars().count();
    let allowed = typos(len);
    if allowed == 0 || p.store().search_word_with_prefix(site.id, &word).await? {
        return Ok(SearchTerm {
            prefixes: vec![word],
            words: Vec::new(),
        });
    }
    let near = p
        .store()
        .search_words_of_length(site.id, (len - allowed) as u32, (len + allowed) as u32)
        .await?;
    let mut close: Vec<(usize, String)> = near
        .into_iter()
        .map(|w| (distance(&word, &w), w))
        .filter(|(d, _)| *d <= allowed)
        .collect();
    close.sort();
    close.truncate(MAX_ALTERNATIVES);
    Ok(SearchTerm {
        prefixes: vec![word],
        words: close.into_iter().map(|(_, w)| w).collect(),
    })
}

/// The document types `caller` may read: pages and the business records (public catalogs),
/// and the searched collections whose permissions let them read every item.
async fn readable(
    p: &Platform,
    site: &Site,
    caller: &DataCaller,
    settings: &Settings,
) -> WixResult<Vec<String>> {
    let mut types = vec![PAGES.to_string()];
    for source in settings.sources() {
        let Some(c) = p.store().collection(site.id, &source.collection_id).await? else {
            continue;
        };
        // Items a member may read only when they own them are left out: the index does
        // not know owners.
        if caller.access(&c.permissions, Action::Read) == Access::All {
            types.push(source.collection_id);
        }
    }
    Ok(types)
}

fn audience(caller: &DataCaller) -> Audience {
    match caller {
        DataCaller::Visitor => Audience::Anyone,
        DataCaller::Member { .. } => Audience::Members,
        DataCaller::Collaborator { .. } | DataCaller::Code { .. } => Audience::Staff,
    }
}

/// Runs a search as `caller`.
pub async fn run(
    p: &Platform,
    indexed: &crate::index::Indexed,
    site: &Site,
    caller: &DataCaller,
    req: &Request,
) -> WixResult<SearchResults> {
    crate::index::pages_current(p, indexed, site.id).await?;
    let settings = Settings::load(p, site.id).await?;
    let mut terms = Vec::new();
    let mut seen = Vec::new();
    for w in words(&req.phrase).take(MAX_WORDS) {
        if !seen.contains(&w) {
            seen.push(w.clone());
            terms.push(term(p, site, w).await?);
        }
    }
    let query = SearchQuery {
        site: site.id,
        terms,
        readable: readable(p, site, caller, &settings).await?,
        types: req.types.clone(),
        audience: audience(caller),
        limit: req.limit,
        offset: req.offset,
    };
    Ok(p.store().search(&query).await?)
}

/// A snippet as HTML: its text escaped, its highlights `<mark>`ed.
pub fn snippet_html(snippet: &str) -> String {
    escape_text(snippet)
        .replace('\u{1}', "<mark>")
        .replace('\u{2}', "</mark>")
}

/// The answer of the REST route and `wix-search`.
pub fn view(req: &Request, results: &SearchResults) -> Value {
    let total: u64 = results
        .facets
        .iter()
        .filter(|(t, _)| req.types.is_empty() || req.types.contains(t))
        .map(|(_, n)| n)
        .sum();
    let documents: Vec<Value> = results
        .hits
        .iter()
        .map(|h| {
            json!({
                "_id": h.doc.doc_id,
                "documentType": h.doc.doc_type,
                "title": h.doc.title,
                "description": h.doc.description,
                "url": h.doc.url,
                "image": h.doc.image,
                "snippet": snippet_html(&h.snippet),
                "score": h.score,
            })
        })
        .collect();
    json!({
        "documents": documents,
        "facets": [{
            "facet": "documentType",
            "values": results.facets.iter().map(|(t, n)| json!({"value": t, "count": n})).collect::<Vec<_>>(),
        }],
        "pagingMetadata": {
            "count": results.hits.len(),
            "offset": req.offset,
            "limit": req.limit,
            "total": total,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_typos() {
        assert_eq!(distance("recipe", "recipe"), 0);
        assert_eq!(distance("recpie", "recipe"), 1);
        assert_eq!(distance("recie", "recipe"), 1);
        assert_eq!(distance("reciepes", "recipes"), 1);
        assert_eq!(distance("chocolate", "chocolade"), 1);
        assert_eq!(distance("choclate", "chocolate"), 1);
        assert_eq!(distance("abc", "xyz"), 3);
        assert_eq!(typos(4), 0);
        assert_eq!(typos(5), 1);
        assert_eq!(typos(9), 2);
    }

    #[test]
    fn bad_requests_name_the_field() {
        let e = Request::parse(&json!({"phrase": 3})).unwrap_err();
        assert!(e.description().starts_with("phrase"));
        let e = Request::parse(&json!({"paging": {"limit": 0}})).unwrap_err();
        assert!(e.description().starts_with("paging.limit"));
        let e = Request::parse(&json!({"documentTypes": "x"})).unwrap_err();
        assert!(e.description().starts_with("documentTypes"));
        let r = Request::parse(&json!({"phrase": "cake", "paging": {"offset": 20}})).unwrap();
        assert_eq!((r.limit, r.offset), (DEFAULT_LIMIT, 20));
    }

    #[test]
    fn snippets_escape_and_mark() {
        assert_eq!(
            snippet_html("a <b> \u{1}cake\u{2} & tea"),
            "a &lt;b&gt; <mark>cake</mark> &amp; tea"
        );
    }
}
