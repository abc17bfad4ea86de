//! Wix-compatible REST: the paths and JSON shapes of Wix's public APIs, so code written for
//! Wix (and the official JS SDK with a custom `fetch`) works against Tessera unchanged.
//! Served on every host: a site's own address, or the dashboard host with `wix-site-id`.

mod context;
mod data;
mod json;
mod members;
mod modules;
mod wix;

use axum::{
    Router,
    routing::{get, post},
};

pub(crate) use context::Ctx;
use json::WixJson;
pub(crate) use members::members_query;
pub(crate) use wix::{Wix, WixResult};

use crate::AppState;

pub fn router(
    modules: &[std::sync::Arc<dyn tessera_platform::module::Module>],
) -> Router<AppState> {
    let data = Router::new()
        .route(
            "/collections",
            post(data::create_collection)
                .get(data::list_collections)
                .put(data::update_collection),
        )
        .route(
            "/collections/{id}",
            get(data::get_collection).delete(data::delete_collection),
        )
        .route("/collections/create-field", post(data::create_field))
        .route("/collections/update-field", post(data::update_field))
        .route("/collections/delete-field", post(data::delete_field))
        .route(
            "/indexes",
            post(data::create_index)
                .get(data::list_indexes)
                .delete(data::drop_index),
        )
        .route("/items", post(data::insert))
        .route(
            "/items/{id}",
            get(data::get)
                .put(data::update_by_path)
                .delete(data::remove_by_path),
        )
        .route("/items/update", post(data::update))
        .route("/items/create-draft", post(data::create_draft))
        .route("/items/publish-draft", post(data::publish_draft))
        .route("/items/unpublish", post(data::unpublish))
        .route("/items/save", post(data::save))
        .route("/items/remove", post(data::remove))
        .route("/items/truncate", post(data::truncate))
        .route("/items/query", post(data::query).get(data::query_get))
        .route("/items/count", post(data::count))
        .route("/items/search", post(data::search))
        .route("/items/patch", post(data::patch))
        .route("/items/query-distinct-values", post(data::distinct))
        .route("/items/aggregate", post(data::aggregate))
        .route("/items/aggregate-pipeline", post(data::aggregate_pipeline))
        .route("/items/query-referenced", post(data::query_referenced))
        .route("/items/is-referenced", post(data::is_referenced))
        .route("/items/replace-references", post(data::replace_references))
        .route(
            "/bulk/items/insert-references",
            post(data::insert_references),
        )
        .route(
            "/bulk/items/remove-references",
            post(data::remove_references),
        )
        .route("/bulk/items/insert", post(data::bulk_insert))
        .route("/bulk/items/update", post(data::bulk_update))
        .route("/bulk/items/save", post(data::bulk_save))
        .route("/bulk/items/patch", post(data::bulk_patch))
        .route("/bulk/items/remove", post(data::bulk_remove))
        .route(
            "/bulk/items/async-patch-by-filter",
            post(data::patch_by_filter),
        )
        .route(
            "/bulk/items/async-remove-by-filter",
            post(data::remove_by_filter),
        )
        .route("/async-jobs/{id}/status", get(data::job_status))
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
    // The SDK uses `/_api/…` paths when pointed at a host other than Wix's.
    Router::new()
        .nest("/wix-data/v2", data.clone())
        .nest("/_api/cloud-data/v2", data)
        .nest("/members/v1", members.clone())
        .nest("/_api/members/v1", members)
        .route("/graphql", post(crate::graphql::post))
        .merge(modules::router(modules))
}

/// Query-string parameters, repeated keys kept (the SDK sends `fields=a&fields=b`).
pub struct Params(tessera_platform::data::Params);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Params {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(tessera_platform::data::Params::parse(
            parts.uri.query().unwrap_or(""),
        )))
    }
}

/// Unknown paths and methods under the data API answer in Wix's error shape too.
async fn no_route(method: axum::http::Method, uri: axum::http::Uri) -> Wix {
    Wix(tessera_platform::data::no_route(
        method.as_str(),
        uri.path(),
    ))
}
