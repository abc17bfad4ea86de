//! "Where is this used": the pages (of the draft and of the published version) and the items
//! (of every collection, the store's products too) that show a file. Nothing keeps this as
//! files are placed: it is read on demand, from the site's documents and items only, and
//! the items are read in batches up to a cap, so a large site answers `truncated` rather
//! than a long scan. Wix's Media Manager has no public equivalent; the route is Tessera's.

use serde_json::{Value, json};
use tessera_core::sites::Site;
use tessera_platform::{Platform, WixError, WixResult};

use crate::files;

/// Items read per batch.
const BATCH: u32 = 500;
/// Items read at most per answer; past it the answer says `truncated`.
pub const MAX_SCANNED: u32 = 10_000;

/// Whether `c` may be part of a file id (`<site>_<hex>~mv2.<ext>`).
fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '~' | '.' | '-')
}

/// Whether the text names the file: its id, not inside a longer id. This takes every form a
/// site holds: `/media/<id>`, variant paths `/media/<id>/v1/…`, a site address before them,
/// Wix's `wix:image://v1/<id>/<name>#…` (and `wix:video://`, `wix:document://`), `url(…)` in
/// a style, and the bare id (a product's media items keep it as their `id`).
fn names(text: &str, id: &str) -> bool {
    text.match_indices(id).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + id.len()..].chars().next();
        !before.is_some_and(id_char) && !after.is_some_and(id_char)
    })
}

/// Whether any text in the JSON value names the file.
fn mentions(v: &Value, id: &str) -> bool {
    match v {
        Value::String(s) => names(s, id),
        Value::Array(a) => a.iter().any(|v| mentions(v, id)),
        Value::Object(o) => o.iter().any(|(k, v)| names(k, id) || mentions(v, id)),
        _ => false,
    }
}

/// A document's pages that show the file (id, title, path), and the site-wide places that
/// do (`favicon`, `socialImage`, `logo`, `header`, `footer`: shown on every page).
fn in_document(text: &str, id: &str) -> (Vec<(String, String, String)>, Vec<&'static str>) {
    let Ok(doc) = serde_json::from_str::<Value>(text) else {
        return Default::default();
    };
    let pages = doc["pages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|page| mentions(page, id))
        .map(|page| {
            let text = |k: &str| page[k].as_str().unwrap_or_default().to_string();
            (text("id"), text("title"), text("path"))
        })
        .collect();
    let settings = &doc["settings"];
    let site = [
        ("favicon", &settings["favicon"]),
        ("socialImage", &settings["socialImage"]),
        ("logo", &settings["organization"]["logo"]),
        ("header", &doc["master"]["header"]),
        ("footer", &doc["master"]["footer"]),
    ]
    .into_iter()
    .filter(|(_, v)| mentions(v, id))
    .map(|(place, _)| place)
    .collect();
    (pages, site)
}

/// The item's name for a list: its `title`, or a product's `name`.
fn item_title(data: &Value) -> String {
    ["title", "name"]
        .iter()
        .find_map(|k| data[k].as_str().filter(|s| !s.is_empty()))
        .unwrap_or_default()
        .to_string()
}

/// Where the file is used, in the shape of `GET /site-media/v1/files/{fileId}/usage`.
pub async fn usage(p: &Platform, site: &Site, file_id: &str) -> WixResult<Value> {
    // The file must be the site's (in the trash too: that is when one asks).
    let file = files::get(p, site.id, file_id).await?;
    let id = file.id.as_str();
    let store = p.store();

    let draft = store.draft(site.id).await?;
    let published = match store.published_version(site.id).await? {
        Some((version, _)) => store.version(site.id, version).await?.map(|(_, doc)| doc),
        None => None,
    };
    let (draft_pages, draft_site) = draft
        .as_ref()
        .map(|d| in_document(&d.document, id))
        .unwrap_or_default();
    let (live_pages, live_site) = published
        .as_deref()
        .map(|d| in_document(d, id))
        .unwrap_or_default();
    let mut pages: Vec<Value> = Vec::new();
    for (page_id, title, path) in draft_pages.iter().chain(&live_pages) {
        if pages.iter().any(|p| p["pageId"] == page_id.as_str()) {
            continue;
        }
        pages.push(json!({
            "pageId": page_id,
            "title": title,
            "path": path,
            "draft": draft_pages.iter().any(|(i, ..)| i == page_id),
            "published": live_pages.iter().any(|(i, ..)| i == page_id),
        }));
    }
    let mut places: Vec<&str> = draft_site.clone();
    places.extend(live_site.iter().filter(|p| !draft_site.contains(p)));
    let site_wide: Vec<Value> = places
        .iter()
        .map(|place| {
            json!({
                "place": place,
                "draft": draft_site.contains(place),
                "published": live_site.contains(place),
            })
        })
        .collect();

    let mut items = Vec::new();
    let mut scanned = 0u32;
    let mut after: Option<(String, String)> = None;
    let truncated = loop {
        let batch = store
            .items_mentioning(
                site.id,
                id,
                after.as_ref().map(|(c, i)| (c.as_str(), i.as_str())),
                BATCH,
            )
            .await?;
        scanned += batch.scanned;
        for (collection, item, data) in batch.found {
            let data: Value = serde_json::from_str(&data).map_err(|e| {
                WixError::from(tessera_core::Error::internal(format!(
                    "item {item} of {collection}: {e}"
                )))
            })?;
            let Some(fields) = data.as_object() else {
                continue;
            };
            for (field, value) in fields {
                if mentions(value, id) {
                    items.push(json!({
                        "collectionId": collection,
                        "itemId": item,
                        "field": field,
                        "title": item_title(&data),
                    }));
                }
            }
        }
        match batch.last {
            Some(last) if batch.scanned == BATCH => {
                if scanned >= MAX_SCANNED {
                    break true;
                }
                after = Some(last);
            }
            _ => break false,
        }
    };
    Ok(json!({
        "pages": pages,
        "site": site_wide,
        "items": items,
        "itemsScanned": scanned,
        "truncated": truncated,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef_0011223344556677~mv2.jpg";

    #[test]
    fn every_form_of_address_names_the_file() {
        for yes in [
            format!("/media/{ID}"),
            format!("/media/{ID}/v1/fit/w_640,h_480,q_80/cat.jpg"),
            format!("https://demo.localhost:8080/media/{ID}"),
            format!("wix:image://v1/{ID}/cat.jpg#originWidth=10&originHeight=10"),
            format!("url(/media/{ID})"),
            ID.to_string(),
        ] {
            assert!(names(&yes, ID), "{yes}");
        }
        for no in [
            format!("/media/{ID}x"),
            format!("/media/x{ID}"),
            "/media/0123456789abcdef0123456789abcdef_0011223344556677~mv2.png".to_string(),
            String::new(),
        ] {
            assert!(!names(&no, ID), "{no}");
        }
    }

    #[test]
    fn pages_and_site_wide_places() {
        let doc = json!({
            "schemaVersion": 1,
            "settings": { "favicon": format!("/media/{ID}") },
            "master": { "header": [], "footer": [] },
            "pages": [
                { "id": "home", "title": "Home", "path": "/", "sections": [
                    { "id": "s", "type": "section", "props": { "background": { "image": format!("/media/{ID}") } } }
                ] },
                { "id": "about", "title": "About", "path": "/about", "sections": [] },
            ],
        })
        .to_string();
        let (pages, site) = in_document(&doc, ID);
        assert_eq!(pages, vec![("home".into(), "Home".into(), "/".into())]);
        assert_eq!(site, vec!["favicon"]);
    }
}
