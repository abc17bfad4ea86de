//! Site data: collections, items, queries, drafts, references, aggregations and async jobs,
//! in the request and answer shapes of Wix's data API (`/wix-data/v2`). Every call runs the
//! caller's access rules, the site's data hooks and the write events here, whether it comes
//! from REST, site code, a form, a page's dataset or a job.

pub mod aggregate;
pub mod collections;
pub mod drafts;
pub mod hooks;
pub mod items;
pub mod jobs;
pub mod json;
pub mod references;
pub mod search;
pub mod wix_schemas;

use serde_json::Value;
use tessera_core::{data::DataCaller, sites::Site};

pub use hooks::{Hooks, QueryParts};
pub use items::scoped;

use crate::{
    Platform,
    error::{WixCode, WixError, WixResult},
};

/// Who makes a data call, on which site.
#[derive(Clone)]
pub struct DataContext {
    pub site: Site,
    pub caller: DataCaller,
    /// Backend code's `suppressHooks`: the site's data hooks do not run.
    pub suppress_hooks: bool,
}

/// A data call's answer: a JSON value, or JSON text written straight from stored items
/// (a page of a query, without parsing and rebuilding every item).
pub enum Answer {
    Value(Value),
    Text(Vec<u8>),
}

impl Answer {
    /// The answer as a value (site code's calls that must look inside).
    pub fn into_value(self) -> WixResult<Value> {
        match self {
            Self::Value(v) => Ok(v),
            Self::Text(t) => serde_json::from_slice(&t)
                .map_err(|e| tessera_core::Error::internal(format!("a stored page: {e}")).into()),
        }
    }
}

impl From<Value> for Answer {
    fn from(v: Value) -> Self {
        Self::Value(v)
    }
}

/// Query-string parameters, repeated keys kept (the SDK sends `fields=a&fields=b`).
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(raw: &str) -> Self {
        Self(
            form_urlencoded::parse(raw.as_bytes())
                .into_owned()
                .collect(),
        )
    }

    pub fn one(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn required(&self, name: &str) -> WixResult<&str> {
        self.one(name)
            .ok_or_else(|| WixError::bad_request(format!("the {name} query parameter is required")))
    }

    /// Every value of a repeated parameter; comma-separated values count as several.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(',').filter(|s| !s.is_empty()).map(str::to_string))
            .collect()
    }
}

/// A data API call from site code (`wix-data`): `path` under `/wix-data/v2/` with its JSON
/// body, run directly with `ctx`'s rights, as REST runs the same path.
pub async fn call(
    platform: &Platform,
    ctx: &DataContext,
    post: bool,
    path: &str,
    body: Value,
) -> WixResult<Answer> {
    use json::parse_value as body_of;
    let p = platform;
    if !post {
        // The GET forms: one item by id, and the SDK's query with its body in `?r=`.
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let params = Params::parse(query);
        return match path.strip_prefix("items/") {
            Some("query") => items::query_get(p, ctx, &params).await,
            Some(id) if !id.is_empty() && !id.contains('/') => {
                let id = percent_encoding::percent_decode_str(id)
                    .decode_utf8_lossy()
                    .into_owned();
                Ok(items::get(p, ctx, id, &params).await?.into())
            }
            _ => Err(no_route("GET", path)),
        };
    }
    let value = match path {
        "items" => items::insert(p, ctx, body_of(body)?).await?,
        "items/update" => items::update(p, ctx, body_of(body)?).await?,
        "items/save" => items::save(p, ctx, body_of(body)?).await?,
        "items/remove" => items::remove(p, ctx, body_of(body)?).await?,
        "items/truncate" => items::truncate(p, ctx, body_of(body)?).await?,
        "items/query" => return items::query(p, ctx, body_of(body)?).await,
        "items/count" => items::count(p, ctx, body_of(body)?).await?,
        "items/search" => return search::search(p, ctx, body_of(body)?).await,
        "items/patch" => items::patch(p, ctx, body_of(body)?).await?,
        "items/create-draft" => drafts::create_draft(p, ctx, body_of(body)?).await?,
        "items/publish-draft" => drafts::publish_draft(p, ctx, body_of(body)?).await?,
        "items/unpublish" => drafts::unpublish(p, ctx, body_of(body)?).await?,
        "items/query-distinct-values" => aggregate::distinct(p, ctx, body_of(body)?).await?,
        "items/aggregate" => aggregate::aggregate(p, ctx, body_of(body)?).await?,
        "items/aggregate-pipeline" => aggregate::aggregate_pipeline(p, ctx, body_of(body)?).await?,
        "items/query-referenced" => references::query_referenced(p, ctx, body_of(body)?).await?,
        "items/is-referenced" => references::is_referenced(p, ctx, body_of(body)?).await?,
        "items/replace-references" => {
            references::replace_references(p, ctx, body_of(body)?).await?
        }
        "bulk/items/insert-references" => {
            references::insert_references(p, ctx, body_of(body)?).await?
        }
        "bulk/items/remove-references" => {
            references::remove_references(p, ctx, body_of(body)?).await?
        }
        "bulk/items/insert" => items::bulk_insert(p, ctx, body_of(body)?).await?,
        "bulk/items/update" => items::bulk_update(p, ctx, body_of(body)?).await?,
        "bulk/items/save" => items::bulk_save(p, ctx, body_of(body)?).await?,
        "bulk/items/patch" => items::bulk_patch(p, ctx, body_of(body)?).await?,
        "bulk/items/remove" => items::bulk_remove(p, ctx, body_of(body)?).await?,
        "bulk/items/async-patch-by-filter" => jobs::patch_by_filter(p, ctx, body_of(body)?).await?,
        "bulk/items/async-remove-by-filter" => {
            jobs::remove_by_filter(p, ctx, body_of(body)?).await?
        }
        "collections" => collections::create(p, ctx, body_of(body)?).await?,
        "collections/create-field" => collections::create_field(p, ctx, body_of(body)?).await?,
        "collections/update-field" => collections::update_field(p, ctx, body_of(body)?).await?,
        "collections/delete-field" => collections::delete_field(p, ctx, body_of(body)?).await?,
        "indexes" => collections::create_index(p, ctx, body_of(body)?).await?,
        _ => return Err(no_route("POST", path)),
    };
    Ok(value.into())
}

/// Unknown paths and methods under the data API answer in Wix's error shape too.
pub fn no_route(method: &str, path: &str) -> WixError {
    WixError::new(WixCode::NoRoute, format!("no route for {method} {path}"))
}
