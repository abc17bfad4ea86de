//! What a page with Velo page code carries besides its HTML: the boot block the site runtime
//! (`web/site-runtime`) reads, `<script type="application/json" id="tessera-page">`, and the
//! scripts after it. The contract is written down in `web/site-runtime/README.md`; the markers
//! inside repeaters (`data-velo-id`, `data-velo-item`, the item `<template>`) are written by
//! `page.rs` when a page is rendered with code.

use serde_json::{Map, Value, json};

use crate::{
    PageData, Site,
    document::{Element, Kind, Page},
    html::field,
};

/// Where the error beacon of page code is: errors thrown in the browser are posted here.
pub const ERROR_BEACON: &str = "/_api/page-code/errors";

/// What a page with page code is rendered with, from the caller that knows the site's code.
#[derive(Clone, Copy, Debug, Default)]
pub struct PageCode<'a> {
    /// Address of the site runtime script (the build of `web/site-runtime`).
    pub runtime: &'a str,
    /// Addresses of the page's code bundles, run in this order after the runtime (master page
    /// code is in them: the bundler decides how the files are cut).
    pub bundles: &'a [String],
    /// The site's id: the runtime keeps the visitor's browser storage under it.
    pub site_id: &'a str,
    /// The site's lightboxes: name and the address their page is shown at.
    pub lightboxes: &'a [(String, String)],
    /// What a router gave the page (`wixWindow.getRouterData()`).
    pub router_data: Option<&'a Value>,
    /// The page is shown as a lightbox, in a frame of the page that opened it.
    pub lightbox: bool,
    /// The head a router gave the page, over the page's own search settings.
    pub head: Option<&'a RouterHead>,
}

/// The head of `ok(page, data, head)` in a router: what search engines and social sites read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RouterHead {
    pub title: Option<String>,
    pub description: Option<String>,
    pub keywords: Option<String>,
    pub no_index: bool,
    /// `(attribute, name, content)`: `("property", "og:type", "article")`.
    pub meta_tags: Vec<(&'static str, String, String)>,
    /// `(rel, href)` of `<link>` tags.
    pub links: Vec<(String, String)>,
    /// JSON-LD objects, each in its own script.
    pub structured_data: Vec<Value>,
}

impl RouterHead {
    /// Reads the head as router code writes it, leaving out what is not of the right type.
    /// `metaTags` is a list of `{name|property, content}` or, as older sites write it, an
    /// object of names and contents (`og:…` names are properties).
    pub fn from_value(head: &Value) -> Self {
        let text = |k: &str| head.get(k).and_then(Value::as_str).map(str::to_string);
        let attribute = |name: &str| match name.starts_with("og:") || name.starts_with("fb:") {
            true => "property",
            false => "name",
        };
        let meta_tags = match head.get("metaTags") {
            Some(Value::Array(tags)) => tags
                .iter()
                .filter_map(|t| {
                    let content = t.get("content")?.as_str()?.to_string();
                    match (t.get("property"), t.get("name")) {
                        (Some(Value::String(p)), _) => Some(("property", p.clone(), content)),
                        (_, Some(Value::String(n))) => Some(("name", n.clone(), content)),
                        _ => None,
                    }
                })
                .collect(),
            Some(Value::Object(tags)) => tags
                .iter()
                .filter_map(|(name, content)| {
                    Some((attribute(name), name.clone(), content.as_str()?.to_string()))
                })
                .collect(),
            _ => Vec::new(),
        };
        let links = head
            .get("links")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|l| {
                let rel = l.get("rel")?.as_str()?.to_string();
                Some((rel, l.get("href")?.as_str()?.to_string()))
            })
            .collect();
        let structured_data = match head.get("structuredData") {
            Some(Value::Array(items)) => items.iter().filter(|v| v.is_object()).cloned().collect(),
            Some(v @ Value::Object(_)) => vec![v.clone()],
            _ => Vec::new(),
        };
        Self {
            title: text("title"),
            description: text("description"),
            keywords: text("keywords"),
            no_index: head.get("noIndex").and_then(Value::as_bool) == Some(true),
            meta_tags,
            links,
            structured_data,
        }
    }
}

/// The dataset page code names `dynamicDataset`: a dynamic page's item.
const DYNAMIC_DATASET: &str = "dynamicDataset";

/// The boot block of `page` as rendered with `data`.
pub(crate) fn boot(site: &Site, page: &Page, data: &PageData, code: &PageCode) -> Value {
    let mut datasets: Vec<Value> = page
        .datasets
        .iter()
        .map(|ds| {
            let read = data.datasets.get(&ds.id);
            json!({
                "id": ds.id,
                "collection": ds.collection,
                "filter": ds.filter,
                "sort": ds.sort,
                "pageSize": ds.page_size,
                "items": read.map(|r| r.items.as_slice()).unwrap_or_default(),
                "page": read.map_or(1, |r| r.page.max(1)),
                "hasNext": read.is_some_and(|r| r.has_next),
            })
        })
        .collect();
    if let (Some(dynamic), Some(item)) = (&page.dynamic, &data.item)
        && !page.datasets.iter().any(|d| d.id == DYNAMIC_DATASET)
    {
        let value = field(item, &dynamic.field).cloned().unwrap_or(Value::Null);
        datasets.push(json!({
            "id": DYNAMIC_DATASET,
            "collection": dynamic.collection,
            "filter": { dynamic.field.as_str(): value },
            "sort": [],
            "pageSize": 1,
            "items": [item],
            "page": 1,
            "hasNext": false,
        }));
    }
    let mut connections = Map::new();
    let master = &site.doc.master;
    for e in master
        .header
        .iter()
        .chain(&page.sections)
        .chain(&master.footer)
    {
        connect(e, &mut connections);
    }
    let collections = page
        .datasets
        .iter()
        .map(|d| d.collection.as_str())
        .chain(page.dynamic.as_ref().map(|d| d.collection.as_str()));
    let item_paths: Map<String, Value> = collections
        .filter_map(|c| Some((c.to_string(), json!(site.item_pattern(c)?.0))))
        .collect();
    let lightboxes: Map<String, Value> = code
        .lightboxes
        .iter()
        .map(|(name, address)| (name.clone(), json!(address)))
        .collect();
    json!({
        "page": {"id": page.id, "title": page.title, "path": page.path, "prefix": prefix(page)},
        "site": {"id": code.site_id, "name": site.doc.settings.name, "language": site.doc.settings.language},
        "datasets": datasets,
        "connections": connections,
        "itemPaths": item_paths,
        "lightboxes": lightboxes,
        "routerData": code.router_data,
        "beacon": ERROR_BEACON,
        "lightbox": code.lightbox,
    })
}

/// A dynamic page's prefix: the first part of its address (`blog` of `/blog/{slug}`).
fn prefix(page: &Page) -> Option<&str> {
    page.dynamic.as_ref()?;
    page.path
        .split('/')
        .find(|s| !s.is_empty())
        .filter(|s| !s.starts_with('{'))
}

/// What `e` and the elements in it show from datasets: a repeater's dataset, bound properties.
fn connect(e: &Element, out: &mut Map<String, Value>) {
    let mut c = Map::new();
    if let Kind::Repeater(rep) = &e.kind {
        c.insert("dataset".into(), json!(rep.dataset));
    }
    if !e.bind.is_empty() {
        let bind: Map<String, Value> = e
            .bind
            .iter()
            .map(|(prop, b)| {
                let mut v = json!({"field": b.field});
                if let Some(d) = &b.dataset {
                    v["dataset"] = json!(d);
                }
                (prop.clone(), v)
            })
            .collect();
        c.insert("bind".into(), Value::Object(bind));
    }
    if !c.is_empty() {
        out.insert(e.id.clone(), Value::Object(c));
    }
    for child in &e.children {
        connect(child, out);
    }
}
