//! Async data jobs: patch or remove every item that matches a filter
//! (`/wix-data/v2/bulk/items/async-patch-by-filter`, `…/async-remove-by-filter`), with progress
//! at `/wix-data/v2/async-jobs/{jobId}/status`. Each item goes through the same path as a
//! single patch or remove (permissions, hooks, events); the first failure stops the job.

use serde::Deserialize;
use serde_json::{Value, json};
use tessera_core::{
    data::{
        Action, Collection, Filter, Op, Query, Sort, SortOrder,
        query::{Literal, Operand, parse_filter},
    },
    now_millis,
    store::DataJob,
};

use super::{
    DataContext,
    collections::load,
    items::{allow, patch_one, remove_one, scoped},
};
use crate::{
    Platform,
    error::{WixCode, WixError, WixResult},
};

/// Items a job reads per page.
const PAGE: u32 = 500;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ByFilterRequest {
    data_collection_id: String,
    #[serde(default)]
    filter: Value,
    #[serde(default)]
    field_modifications: Vec<Value>,
    /// The same list, nested as in a single patch.
    #[serde(default)]
    patch: Option<NestedPatch>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NestedPatch {
    #[serde(default)]
    field_modifications: Vec<Value>,
}

pub async fn patch_by_filter(
    state: &Platform,
    ctx: &DataContext,
    req: ByFilterRequest,
) -> WixResult<Value> {
    let mut mods = req.field_modifications;
    if let Some(p) = req.patch {
        mods.extend(p.field_modifications);
    }
    if mods.is_empty() {
        return Err(WixError::bad_request(
            "fieldModifications: give at least one",
        ));
    }
    start(
        state.clone(),
        ctx.clone(),
        &req.data_collection_id,
        &req.filter,
        Some(mods),
    )
    .await
}

pub async fn remove_by_filter(
    state: &Platform,
    ctx: &DataContext,
    req: ByFilterRequest,
) -> WixResult<Value> {
    start(
        state.clone(),
        ctx.clone(),
        &req.data_collection_id,
        &req.filter,
        None,
    )
    .await
}

/// Checks the request, records the job and runs it in the background.
async fn start(
    state: Platform,
    ctx: DataContext,
    collection: &str,
    filter: &Value,
    mods: Option<Vec<Value>>,
) -> WixResult<Value> {
    let c = load(&state, &ctx, collection).await?;
    let action = if mods.is_some() {
        Action::Update
    } else {
        Action::Remove
    };
    let access = allow(&ctx, &c, action)?;
    let filter = scoped(parse_filter(filter)?, &access);
    let job = DataJob {
        job_id: uuid::Uuid::now_v7().to_string(),
        collection_id: c.id.clone(),
        kind: if mods.is_some() { "PATCH" } else { "REMOVE" }.into(),
        status: "IN_PROGRESS".into(),
        success_count: 0,
        error: None,
        created_at: now_millis(),
        finished_at: None,
    };
    state.store().create_data_job(ctx.site.id, &job).await?;
    let job_id = job.job_id.clone();
    let task_state = state.clone();
    state.track_data_job(tokio::spawn(async move {
        run(&task_state, &ctx, &c, filter, mods, job).await;
    }));
    Ok(json!({ "jobId": job_id }))
}

async fn run(
    state: &Platform,
    ctx: &DataContext,
    c: &Collection,
    filter: Filter,
    mods: Option<Vec<Value>>,
    mut job: DataJob,
) {
    let store = state.store();
    // Pages by id, from the last id done: patched items still match the filter.
    let mut after: Option<String> = None;
    let outcome: WixResult<()> = async {
        loop {
            let mut parts = vec![filter.clone()];
            if let Some(last) = &after {
                parts.push(Filter::Cmp {
                    field: "_id".into(),
                    op: Op::Gt,
                    operand: Operand::One(Literal::Text(last.clone())),
                });
            }
            let page = Query {
                filter: Filter::And(parts),
                sort: vec![Sort {
                    field: "_id".into(),
                    order: SortOrder::Asc,
                }],
                limit: PAGE,
                offset: 0,
                fields: Vec::new(),
            };
            let items = store.query_stored_items(c, &page).await?;
            for item in &items {
                match &mods {
                    Some(mods) => {
                        patch_one(state, ctx, c, &item.id, mods, Filter::All).await?;
                    }
                    None => {
                        remove_one(state, ctx, c, &item.id, Filter::All).await?;
                    }
                }
                job.success_count += 1;
            }
            if (items.len() as u32) < PAGE {
                return Ok(());
            }
            after = items.last().map(|i| i.id.clone());
            store.update_data_job(ctx.site.id, &job).await?;
        }
    }
    .await;
    job.status = if outcome.is_ok() {
        "SUCCEEDED"
    } else {
        "FAILED"
    }
    .into();
    job.error = outcome.err().map(|e| e.description().to_string());
    job.finished_at = Some(now_millis());
    if let Err(e) = store.update_data_job(ctx.site.id, &job).await {
        tracing::error!(error = %e, job = %job.job_id, "recording a data job's end");
    }
}

pub async fn job_status(state: &Platform, ctx: &DataContext, job_id: String) -> WixResult<Value> {
    let job = state
        .store()
        .data_job(ctx.site.id, &job_id)
        .await?
        .ok_or_else(|| WixError::new(WixCode::ItemNotFound, format!("no async job {job_id}")))?;
    Ok(json!({
        "jobId": job.job_id,
        "status": job.status,
        "successCount": job.success_count,
        "error": job.error,
        "dataCollectionId": job.collection_id,
    }))
}
