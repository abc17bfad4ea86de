//! `/wix-data/v2`: each route reads its request and runs the platform's data use case of
//! the same name (`tessera_platform::data`), where the rules live.

use axum::{
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use tessera_platform::data::{
    Answer, aggregate, collections, drafts, items, jobs, references, search,
};

use super::{Ctx, Params, WixJson, WixResult};
use crate::AppState;

fn respond(answer: impl Into<Answer>) -> Response {
    match answer.into() {
        Answer::Value(v) => axum::Json(v).into_response(),
        Answer::Text(t) => ([(header::CONTENT_TYPE, "application/json")], t).into_response(),
    }
}

/// Handlers that take a JSON body: `name(Request) => use case`.
macro_rules! with_body {
    ($($name:ident($req:ty) => $uc:path;)*) => {$(
        pub async fn $name(
            State(state): State<AppState>,
            Ctx(ctx): Ctx,
            WixJson(req): WixJson<$req>,
        ) -> WixResult<Response> {
            Ok(respond($uc(&state, &ctx, req).await?))
        }
    )*};
}

with_body! {
    create_collection(collections::CollectionEnvelope) => collections::create;
    update_collection(collections::CollectionEnvelope) => collections::update;
    create_field(collections::FieldRequest) => collections::create_field;
    update_field(collections::FieldRequest) => collections::update_field;
    delete_field(collections::DeleteFieldRequest) => collections::delete_field;
    create_index(collections::IndexRequest) => collections::create_index;
    insert(items::ItemRequest) => items::insert;
    update(items::ItemRequest) => items::update;
    save(items::ItemRequest) => items::save;
    remove(items::RemoveRequest) => items::remove;
    truncate(items::CollectionRequest) => items::truncate;
    query(items::QueryRequest) => items::query;
    count(items::CollectionRequest) => items::count;
    patch(items::PatchRequest) => items::patch;
    bulk_insert(items::BulkRequest) => items::bulk_insert;
    bulk_update(items::BulkRequest) => items::bulk_update;
    bulk_save(items::BulkRequest) => items::bulk_save;
    bulk_patch(items::BulkPatchRequest) => items::bulk_patch;
    bulk_remove(items::BulkRequest) => items::bulk_remove;
    create_draft(drafts::DraftRequest) => drafts::create_draft;
    publish_draft(drafts::DraftRequest) => drafts::publish_draft;
    unpublish(drafts::DraftRequest) => drafts::unpublish;
    search(search::SearchRequest) => search::search;
    distinct(aggregate::DistinctRequest) => aggregate::distinct;
    aggregate(serde_json::Value) => aggregate::aggregate;
    aggregate_pipeline(aggregate::PipelineRequest) => aggregate::aggregate_pipeline;
    query_referenced(references::QueryReferencedRequest) => references::query_referenced;
    is_referenced(references::IsReferencedRequest) => references::is_referenced;
    replace_references(references::ReplaceRequest) => references::replace_references;
    insert_references(references::BulkReferences) => references::insert_references;
    remove_references(references::BulkReferences) => references::remove_references;
    patch_by_filter(jobs::ByFilterRequest) => jobs::patch_by_filter;
    remove_by_filter(jobs::ByFilterRequest) => jobs::remove_by_filter;
}

pub async fn list_collections(State(state): State<AppState>, Ctx(ctx): Ctx) -> WixResult<Response> {
    Ok(respond(collections::list(&state, &ctx).await?))
}

pub async fn get_collection(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Path(id): Path<String>,
) -> WixResult<Response> {
    Ok(respond(collections::get(&state, &ctx, id).await?))
}

pub async fn delete_collection(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Path(id): Path<String>,
) -> WixResult<Response> {
    Ok(respond(collections::delete(&state, &ctx, id).await?))
}

pub async fn list_indexes(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Params(p): Params,
) -> WixResult<Response> {
    Ok(respond(collections::list_indexes(&state, &ctx, &p).await?))
}

pub async fn drop_index(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Params(p): Params,
) -> WixResult<Response> {
    Ok(respond(collections::drop_index(&state, &ctx, &p).await?))
}

pub async fn get(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Path(id): Path<String>,
    Params(p): Params,
) -> WixResult<Response> {
    Ok(respond(items::get(&state, &ctx, id, &p).await?))
}

pub async fn query_get(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Params(p): Params,
) -> WixResult<Response> {
    Ok(respond(items::query_get(&state, &ctx, &p).await?))
}

pub async fn update_by_path(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Path(id): Path<String>,
    WixJson(req): WixJson<items::ItemRequest>,
) -> WixResult<Response> {
    Ok(respond(items::update_by_path(&state, &ctx, id, req).await?))
}

pub async fn remove_by_path(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Path(id): Path<String>,
    Params(p): Params,
) -> WixResult<Response> {
    Ok(respond(items::remove_by_path(&state, &ctx, id, &p).await?))
}

pub async fn job_status(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Path(id): Path<String>,
) -> WixResult<Response> {
    Ok(respond(jobs::job_status(&state, &ctx, id).await?))
}
