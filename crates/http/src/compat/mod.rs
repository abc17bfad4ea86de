//! Wix-compatible REST: the paths and JSON shapes of Wix's public APIs, so code written for
//! Wix (and the official JS SDK with a custom `fetch`) works against Tessera unchanged.
//! Served on every host: a site's own address, or the dashboard host with `wix-site-id`.

mod contacts;
mod context;
mod data_aggregate;
mod data_collections;
mod data_drafts;
mod data_items;
mod data_jobs;
mod data_references;
mod data_search;
mod error;
mod hooks;
mod json;
mod members;

use axum::{
    Router,
    routing::{get, post},
};
use serde::de::DeserializeOwned;

pub use context::DataContext;
pub(crate) use data_items::scoped;
pub(crate) use error::WixError;
use error::WixResult;
pub(crate) use hooks::{Hooks, QueryParts};
use json::WixJson;

use crate::AppState;

/// Sends a data API call (`path` under `/wix-data/v2/`) through the REST handlers as `ctx`
/// says, so site code and site forms get a REST caller's checks, hooks and events. Answers
/// the status and the JSON body (`null` when there is none); an error names what went wrong.
pub(crate) async fn call(
    state: &AppState,
    ctx: DataContext,
    method: axum::http::Method,
    path: &str,
    body: Option<String>,
) -> Result<(axum::http::StatusCode, serde_json::Value), String> {
    use tower::ServiceExt;
    let request = axum::http::Request::builder()
        .method(method)
        .uri(format!("/wix-data/v2/{path}"))
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .extension(ctx)
        .body(body.map_or_else(axum::body::Body::empty, axum::body::Body::from))
        .map_err(|_| "not a data API path".to_string())?;
    let response = router()
        .with_state(state.clone())
        .oneshot(request)
        .await
        .unwrap_or_else(|never| match never {});
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map_err(|e| e.to_string())?;
    Ok((status, serde_json::from_slice(&bytes).unwrap_or_default()))
}

pub fn router() -> Router<AppState> {
    let data = Router::new()
        .route(
            "/collections",
            post(data_collections::create)
                .get(data_collections::list)
                .put(data_collections::update),
        )
        .route(
            "/collections/{id}",
            get(data_collections::get).delete(data_collections::delete),
        )
        .route(
            "/collections/create-field",
            post(data_collections::create_field),
        )
        .route(
            "/collections/update-field",
            post(data_collections::update_field),
        )
        .route(
            "/collections/delete-field",
            post(data_collections::delete_field),
        )
        .route(
            "/indexes",
            post(data_collections::create_index)
                .get(data_collections::list_indexes)
                .delete(data_collections::drop_index),
        )
        .route("/items", post(data_items::insert))
        .route(
            "/items/{id}",
            get(data_items::get)
                .put(data_items::update_by_path)
                .delete(data_items::remove_by_path),
        )
        .route("/items/update", post(data_items::update))
        .route("/items/create-draft", post(data_drafts::create_draft))
        .route("/items/publish-draft", post(data_drafts::publish_draft))
        .route("/items/unpublish", post(data_drafts::unpublish))
        .route("/items/save", post(data_items::save))
        .route("/items/remove", post(data_items::remove))
        .route("/items/truncate", post(data_items::truncate))
        .route(
            "/items/query",
            post(data_items::query).get(data_items::query_get),
        )
        .route("/items/count", post(data_items::count))
        .route("/items/search", post(data_search::search))
        .route("/items/patch", post(data_items::patch))
        .route(
            "/items/query-distinct-values",
            post(data_aggregate::distinct),
        )
        .route("/items/aggregate", post(data_aggregate::aggregate))
        .route(
            "/items/aggregate-pipeline",
            post(data_aggregate::aggregate_pipeline),
        )
        .route(
            "/items/query-referenced",
            post(data_references::query_referenced),
        )
        .route("/items/is-referenced", post(data_references::is_referenced))
        .route(
            "/items/replace-references",
            post(data_references::replace_references),
        )
        .route(
            "/bulk/items/insert-references",
            post(data_references::insert_references),
        )
        .route(
            "/bulk/items/remove-references",
            post(data_references::remove_references),
        )
        .route("/bulk/items/insert", post(data_items::bulk_insert))
        .route("/bulk/items/update", post(data_items::bulk_update))
        .route("/bulk/items/save", post(data_items::bulk_save))
        .route("/bulk/items/patch", post(data_items::bulk_patch))
        .route("/bulk/items/remove", post(data_items::bulk_remove))
        .route(
            "/bulk/items/async-patch-by-filter",
            post(data_jobs::patch_by_filter),
        )
        .route(
            "/bulk/items/async-remove-by-filter",
            post(data_jobs::remove_by_filter),
        )
        .route("/async-jobs/{id}/status", get(data_jobs::job_status))
        .fallback(no_route)
        .method_not_allowed_fallback(no_route);
    let members = Router::new()
        .route("/members", get(members::list).post(members::create))
        .route("/members/query", post(members::query))
        .route(
            "/members/{id}",
            get(members::get)
                .patch(members::update)
                .delete(members::delete),
        )
        .route("/members/{id}/approve", post(members::approve))
        .route("/members/{id}/block", post(members::block));
    let contacts = Router::new()
        .route("/contacts", get(contacts::list).post(contacts::create))
        .route("/contacts/query", post(contacts::query))
        .route(
            "/contacts/{id}",
            get(contacts::get)
                .patch(contacts::update)
                .delete(contacts::delete),
        )
        .route(
            "/contacts/{id}/labels",
            post(contacts::label).delete(contacts::unlabel),
        )
        .route("/contacts/{id}/merge", post(contacts::merge));
    // The SDK uses `/_api/…` paths when pointed at a host other than Wix's.
    Router::new()
        .nest("/wix-data/v2", data.clone())
        .nest("/_api/cloud-data/v2", data)
        .nest("/members/v1", members.clone())
        .nest("/_api/members/v1", members)
        .nest("/contacts/v4", contacts.clone())
        .nest("/_api/contacts/v4", contacts)
}

/// Query-string parameters, repeated keys kept (the SDK sends `fields=a&fields=b`).
pub struct Params(Vec<(String, String)>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Params {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or("");
        Ok(Self(
            form_urlencoded::parse(raw.as_bytes())
                .into_owned()
                .collect(),
        ))
    }
}

impl Params {
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

/// Unknown paths and methods under the data API answer in Wix's error shape too.
async fn no_route(method: axum::http::Method, uri: axum::http::Uri) -> WixError {
    WixError::new(
        axum::http::StatusCode::NOT_FOUND,
        "WDE0004",
        format!("no route for {method} {}", uri.path()),
    )
}

/// Parses JSON that is not the request's body (the SDK's GET form carries it in `.r`) as
/// [`WixJson`] parses bodies.
fn body<T: DeserializeOwned>(bytes: &[u8]) -> WixResult<T> {
    json::parse(bytes)
}
