//! `/wix-data/v2/items/query-distinct-values` and `/wix-data/v2/items/aggregate`.

use axum::{Json, body::Bytes, extract::State};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use tessera_core::data::{
    Action, Filter, SortOrder, aggregate,
    query::{self, field_path, parse_filter},
};

use super::{
    body,
    context::DataContext,
    data_collections::load,
    data_items::{allow, scoped},
    error::{WixError, WixResult},
};
use crate::AppState;

#[derive(Deserialize, Default)]
struct Paging {
    limit: Option<u64>,
    offset: Option<u64>,
}

fn paging(p: Option<Paging>) -> WixResult<(u64, u64)> {
    let p = p.unwrap_or_default();
    let limit = p.limit.unwrap_or(u64::from(query::DEFAULT_LIMIT));
    if limit > u64::from(query::MAX_LIMIT) {
        return Err(WixError::limit_too_high(limit, query::MAX_LIMIT));
    }
    Ok((limit, p.offset.unwrap_or(0)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DistinctRequest {
    data_collection_id: String,
    field_name: String,
    #[serde(default)]
    filter: Value,
    #[serde(default)]
    order: Option<String>,
    #[serde(default)]
    paging: Option<Paging>,
}

pub async fn distinct(
    State(state): State<AppState>,
    ctx: DataContext,
    bytes: Bytes,
) -> WixResult<Json<Value>> {
    let req: DistinctRequest = body(&bytes)?;
    let c = load(&state, &ctx, &req.data_collection_id).await?;
    let access = allow(&ctx, &c, Action::Read)?;
    if req.field_name.starts_with('_') {
        return Err(WixError::bad_request(
            "fieldName: distinct values are for user fields",
        ));
    }
    field_path(&req.field_name)?;
    let order = match req.order.as_deref().unwrap_or("ASC") {
        "ASC" => SortOrder::Asc,
        "DESC" => SortOrder::Desc,
        other => {
            return Err(WixError::bad_request(format!(
                "order must be ASC or DESC, not '{other}'"
            )));
        }
    };
    let (limit, offset) = paging(req.paging)?;
    let filter = scoped(parse_filter(&req.filter)?, &access);
    let mut values = state
        .store()
        .distinct_values(
            &c,
            &req.field_name,
            &filter,
            order,
            query::Page {
                limit: limit as u32 + 1,
                offset,
            },
        )
        .await?;
    let has_next = values.len() as u64 > limit;
    values.truncate(limit as usize);
    let paging = json!({ "count": values.len(), "offset": offset, "hasNext": has_next });
    Ok(Json(
        json!({ "distinctValues": values, "pagingMetadata": paging }),
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AggregateEnvelope {
    data_collection_id: String,
    #[serde(default)]
    paging: Option<Paging>,
}

pub async fn aggregate(
    State(state): State<AppState>,
    ctx: DataContext,
    bytes: Bytes,
) -> WixResult<Json<Value>> {
    let envelope: AggregateEnvelope = body(&bytes)?;
    let req: Value = body(&bytes)?;
    let c = load(&state, &ctx, &envelope.data_collection_id).await?;
    let access = allow(&ctx, &c, Action::Read)?;
    let (limit, offset) = paging(envelope.paging)?;
    let mut spec = aggregate::parse(&req, limit as u32 + 1, offset)?;
    spec.initial = scoped(std::mem::replace(&mut spec.initial, Filter::All), &access);
    let mut rows = state.store().aggregate(&c, &spec).await?;
    let has_next = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    // Each row carries its group key as `_id`, as Wix's do.
    let results: Vec<Value> = rows
        .into_iter()
        .map(|mut row| {
            let key: Map<String, Value> = spec
                .group_by
                .iter()
                .map(|g| (g.clone(), row.get(g).cloned().unwrap_or(Value::Null)))
                .collect();
            let id = if key.is_empty() {
                Value::Null
            } else {
                Value::Object(key)
            };
            row.insert("_id".into(), id);
            Value::Object(row)
        })
        .collect();
    let paging = json!({ "count": results.len(), "offset": offset, "hasNext": has_next });
    Ok(Json(
        json!({ "results": results, "pagingMetadata": paging }),
    ))
}
