//! What is indexed and when: the published pages (re-read when the published version
//! changes, by whichever node first serves a search after the publish), the store's
//! products and the bookings' services, and the CMS collections the site chose (settings),
//! each item kept current by the item and business events the module hears.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tessera_core::{
    data::{Collection, Item, Query},
    ids::SiteId,
    search::{Audience, SearchDoc},
};
use tessera_platform::{
    Platform, WixError, WixResult,
    pages::plain_text,
    sites::{Compiled, published_site},
};

pub const PAGES: &str = "Site/Pages";
pub const PRODUCTS: &str = "Stores/Products";
pub const SERVICES: &str = "Bookings/Services";

/// Most CMS collections a site may search.
const MAX_COLLECTIONS: usize = 20;
/// Items read per page while rebuilding.
const BATCH: u32 = 500;

/// A CMS collection the site searches: which field is the result's title, description and
/// image, and which others are searched as its text.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CollectionSource {
    pub collection_id: String,
    pub title_field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_field: Option<String>,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_field: Option<String>,
}

/// The site's search settings.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    pub collections: Vec<CollectionSource>,
}

impl Settings {
    pub async fn load(p: &Platform, site: SiteId) -> WixResult<Self> {
        let (_, text) = p.store().search_site(site).await?;
        serde_json::from_str(&text)
            .map_err(|e| tessera_core::Error::internal(format!("search settings: {e}")).into())
    }

    /// The settings a caller sent, checked against the site's collections.
    pub async fn parse(p: &Platform, site: SiteId, body: &Value) -> WixResult<Self> {
        let settings: Settings = serde_json::from_value(body.clone())
            .map_err(|e| WixError::bad_request(format!("settings: {e}")))?;
        if settings.collections.len() > MAX_COLLECTIONS {
            return Err(WixError::bad_request(format!(
                "settings.collections: at most {MAX_COLLECTIONS}"
            )));
        }
        for (i, c) in settings.collections.iter().enumerate() {
            let at = format!("settings.collections[{i}]");
            if [PAGES, PRODUCTS, SERVICES].contains(&c.collection_id.as_str()) {
                return Err(WixError::bad_request(format!(
                    "{at}.collectionId: {} is searched already",
                    c.collection_id
                )));
            }
            if p.store()
                .collection(site, &c.collection_id)
                .await?
                .is_none()
            {
                return Err(WixError::bad_request(format!(
                    "{at}.collectionId: the site has no collection {}",
                    c.collection_id
                )));
            }
            let named = std::iter::once(&c.title_field)
                .chain(&c.description_field)
                .chain(&c.fields)
                .chain(&c.image_field);
            if named.clone().any(|f| f.trim().is_empty()) {
                return Err(WixError::bad_request(format!(
                    "{at}: a field name may not be empty"
                )));
            }
        }
        Ok(settings)
    }

    /// Every source of items: the business records, then the chosen collections.
    pub fn sources(&self) -> Vec<CollectionSource> {
        let mut all = vec![
            CollectionSource {
                collection_id: PRODUCTS.into(),
                title_field: "name".into(),
                description_field: Some("description".into()),
                fields: vec!["sku".into(), "brand".into()],
                image_field: Some("mainMedia".into()),
            },
            CollectionSource {
                collection_id: SERVICES.into(),
                title_field: "name".into(),
                description_field: Some("tagLine".into()),
                fields: vec!["description".into()],
                image_field: None,
            },
        ];
        all.extend(self.collections.iter().cloned());
        all
    }
}

/// A field's text: strings as they are (rich text without markup), numbers as written,
/// arrays of them joined.
fn text(data: &Map<String, Value>, field: &str) -> String {
    match data.get(field) {
        Some(Value::String(s)) if s.contains('<') => plain_text(s),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

/// An image field's address: a Wix image value, a media address, or the store's media
/// object (`{image: {url}}`).
fn image(data: &Map<String, Value>, field: &str) -> Option<String> {
    match data.get(field)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Object(o) => o
            .get("image")
            .and_then(|i| i.get("url").or(Some(i)))
            .and_then(Value::as_str)
            .or_else(|| o.get("url").and_then(Value::as_str))
            .map(str::to_string),
        _ => None,
    }
}

/// The document of an item, or None when it is not shown on the site (a hidden product
/// or service).
pub fn item_doc(
    source: &CollectionSource,
    site: Option<&Compiled>,
    id: &str,
    updated_at: i64,
    data: &Map<String, Value>,
) -> Option<SearchDoc> {
    let hidden = match source.collection_id.as_str() {
        PRODUCTS => data.get("visible") == Some(&Value::Bool(false)),
        SERVICES => data.get("hidden") == Some(&Value::Bool(true)),
        _ => false,
    };
    if hidden {
        return None;
    }
    let body: Vec<String> = source
        .fields
        .iter()
        .map(|f| text(data, f))
        .filter(|t| !t.is_empty())
        .collect();
    Some(SearchDoc {
        doc_type: source.collection_id.clone(),
        doc_id: id.to_string(),
        title: text(data, &source.title_field),
        description: source
            .description_field
            .as_deref()
            .map_or(String::new(), |f| text(data, f)),
        body: body.join("\n"),
        url: site
            .and_then(|s| s.item_path(&source.collection_id, data))
            .unwrap_or_default(),
        image: source.image_field.as_deref().and_then(|f| image(data, f)),
        // Who may read a collection's items is asked when searching (its permissions).
        audience: Audience::Anyone,
        updated_at,
    })
}

fn page_docs(site: &Compiled, at: i64) -> Vec<SearchDoc> {
    use tessera_platform::pages::Visibility;
    site.searchable_pages()
        .into_iter()
        .map(|p| SearchDoc {
            doc_type: PAGES.into(),
            doc_id: p.page.id.clone(),
            title: p.title,
            description: p.description,
            body: p.body,
            url: p.page.path.clone(),
            image: p.page.seo.image.clone(),
            audience: match &p.page.visibility {
                Visibility::Public => Audience::Anyone,
                Visibility::Members => Audience::Members,
                // Which roles a member holds is not asked of the index: such pages are
                // found by collaborators only.
                Visibility::Roles(_) => Audience::Staff,
            },
            updated_at: at,
        })
        .collect()
}

/// Per node: the published version whose pages this node saw indexed, per site.
#[derive(Default)]
pub struct Indexed(std::sync::Mutex<HashMap<SiteId, i64>>);

/// Indexes the published pages when the published version is newer than the indexed one
/// (once per publish over all nodes: `replace_search_docs` claims the version).
pub async fn pages_current(p: &Platform, indexed: &Indexed, site: SiteId) -> WixResult<()> {
    let Some((version, at, compiled)) = published_site(p, site).await? else {
        return Ok(());
    };
    let known = indexed.0.lock().expect("indexed").get(&site).copied();
    if known == Some(version) {
        return Ok(());
    }
    let (stored, _) = p.store().search_site(site).await?;
    if stored < version {
        let docs = page_docs(&compiled, at);
        p.store()
            .replace_search_docs(site, PAGES, &docs, Some(version))
            .await?;
    }
    indexed.0.lock().expect("indexed").insert(site, version);
    Ok(())
}

/// Forgets everything indexed for the site and indexes it again from what is stored.
/// Returns how many documents it holds.
pub async fn rebuild(p: &Platform, indexed: &Indexed, site: SiteId) -> WixResult<u64> {
    p.store().clear_search(site).await?;
    indexed.0.lock().expect("indexed").remove(&site);
    pages_current(p, indexed, site).await?;
    let compiled = published_site(p, site).await?.map(|(_, _, c)| c);
    let mut count = compiled
        .as_ref()
        .map_or(0, |c| c.searchable_pages().len() as u64);
    for source in Settings::load(p, site).await?.sources() {
        let Some(collection) = p.store().collection(site, &source.collection_id).await? else {
            continue;
        };
        count += index_collection(p, &collection, &source, compiled.as_ref()).await?;
    }
    Ok(count)
}

async fn index_collection(
    p: &Platform,
    collection: &Collection,
    source: &CollectionSource,
    site: Option<&Compiled>,
) -> WixResult<u64> {
    let mut offset = 0;
    let mut count = 0;
    loop {
        let items = p
            .store()
            .query_items(
                collection,
                &Query {
                    limit: BATCH,
                    offset,
                    sort: vec![tessera_core::data::Sort {
                        field: "_id".into(),
                        order: tessera_core::data::SortOrder::Asc,
                    }],
                    ..Query::default()
                },
            )
            .await?;
        let docs: Vec<SearchDoc> = items
            .iter()
            .filter_map(|i| item_doc(source, site, &i.id, i.updated_at, &i.data))
            .collect();
        count += docs.len() as u64;
        p.store().put_search_docs(collection.site_id, &docs).await?;
        if (items.len() as u32) < BATCH {
            return Ok(count);
        }
        offset += u64::from(BATCH);
    }
}

/// One item changed: indexes it again, or forgets it when it is gone or hidden.
async fn item_changed(
    p: &Platform,
    site: SiteId,
    source: &CollectionSource,
    id: &str,
    item: Option<&Item>,
) -> WixResult<()> {
    let compiled = published_site(p, site).await?.map(|(_, _, c)| c);
    match item.and_then(|i| item_doc(source, compiled.as_ref(), id, i.updated_at, &i.data)) {
        Some(doc) => p.store().put_search_docs(site, &[doc]).await?,
        None => {
            p.store()
                .remove_search_doc(site, &source.collection_id, id)
                .await?
        }
    }
    Ok(())
}

/// Keeps the index current from the events the module hears: CMS items' (with the item
/// in the payload) and the store's and bookings' (whose items are read again).
pub async fn event(p: &Platform, site: SiteId, name: &str, payload: &Value) -> WixResult<()> {
    let (collection_id, id) = match name {
        "wixData_onDataItemCreated" | "wixData_onDataItemUpdated" | "wixData_onDataItemDeleted" => {
            let entity = &payload["entity"];
            (
                entity["dataCollectionId"].as_str().unwrap_or_default(),
                entity["id"].as_str().unwrap_or_default(),
            )
        }
        n if n.starts_with("wixStores_onProduct") => {
            (PRODUCTS, payload["productId"].as_str().unwrap_or_default())
        }
        n if n.starts_with("wixBookings_onService") => (
            SERVICES,
            payload["entity"]["id"].as_str().unwrap_or_default(),
        ),
        _ => return Ok(()),
    };
    if id.is_empty() {
        return Ok(());
    }
    let sources = Settings::load(p, site).await?.sources();
    let Some(source) = sources.iter().find(|s| s.collection_id == collection_id) else {
        return Ok(());
    };
    let item = if name == "wixData_onDataItemDeleted" {
        None
    } else {
        match p.store().collection(site, collection_id).await? {
            Some(c) => p.store().item(&c, id).await?,
            None => None,
        }
    };
    item_changed(p, site, source, id, item.as_ref()).await
}
