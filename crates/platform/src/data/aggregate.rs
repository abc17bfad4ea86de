//! `/wix-data/v2/items/query-distinct-values`, `/wix-data/v2/items/aggregate` and
//! `/wix-data/v2/items/aggregate-pipeline`.

use serde::Deserialize;
use serde_json::{Map, Value, json};
use tessera_core::data::{
    Action, Filter, Query, Sort, SortOrder, aggregate,
    pipeline::{self, Stage},
    query::{self, field_path, parse_filter},
};

use super::{
    DataContext,
    drafts::PublishPluginOptions,
    hooks::Hooks,
    items::{allow, scoped},
};
use crate::{
    Platform,
    error::{WixError, WixResult},
};

#[derive(Deserialize, Default)]
pub struct Paging {
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
    #[serde(default)]
    publish_plugin_options: PublishPluginOptions,
}

pub async fn distinct(
    state: &Platform,
    ctx: &DataContext,
    req: DistinctRequest,
) -> WixResult<Value> {
    let c = req
        .publish_plugin_options
        .reading(state, ctx, &req.data_collection_id)
        .await?;
    let access = allow(ctx, &c, Action::Read)?;
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
    let hooked = Hooks::of(state, ctx, &c)
        .await?
        .query_filter(req.filter)
        .await?;
    let filter = scoped(parse_filter(&hooked)?, &access);
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
    Ok(json!({ "distinctValues": values, "pagingMetadata": paging }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregateEnvelope {
    data_collection_id: String,
    #[serde(default)]
    paging: Option<Paging>,
    #[serde(default)]
    publish_plugin_options: PublishPluginOptions,
}

pub async fn aggregate(state: &Platform, ctx: &DataContext, req: Value) -> WixResult<Value> {
    let envelope: AggregateEnvelope = super::json::from_value(".", req.clone())?;
    let c = envelope
        .publish_plugin_options
        .reading(state, ctx, &envelope.data_collection_id)
        .await?;
    let access = allow(ctx, &c, Action::Read)?;
    let (limit, offset) = paging(envelope.paging)?;
    let mut spec = aggregate::parse(&req, limit as u32 + 1, offset)?;
    let initial = std::mem::replace(&mut spec.initial, Filter::All);
    let hooked = hooked_filter(state, ctx, &c).await?;
    spec.initial = scoped(Filter::And(vec![hooked, initial]), &access);
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
    Ok(json!({ "results": results, "pagingMetadata": paging }))
}

/// What the collection's `beforeQuery` hook keeps of all items, as a filter.
async fn hooked_filter(
    state: &Platform,
    ctx: &DataContext,
    c: &tessera_core::data::Collection,
) -> WixResult<Filter> {
    let hooked = Hooks::of(state, ctx, c)
        .await?
        .query_filter(json!({}))
        .await?;
    Ok(parse_filter(&hooked)?)
}

/// Most items a pipeline reads: its stages run in memory, so larger collections must be
/// narrowed by a leading filter stage, which the store applies with its indexes.
const PIPELINE_MAX_ITEMS: u64 = 100_000;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineRequest {
    data_collection_id: String,
    #[serde(default)]
    pipeline: Value,
    #[serde(default)]
    publish_plugin_options: PublishPluginOptions,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PipelinePaging {
    #[serde(default)]
    paging: Option<Paging>,
    #[serde(default)]
    cursor_paging: Option<CursorPaging>,
}

#[derive(Deserialize)]
pub struct CursorPaging {
    limit: Option<u64>,
    cursor: Option<String>,
}

/// `(limit, offset, cursor mode)`. A pipeline's cursor is the offset of the next page as
/// text: the caller sends the pipeline again with it, so nothing else needs remembering.
fn pipeline_paging(pipeline: &Value) -> WixResult<(u64, u64, bool)> {
    let p: PipelinePaging = super::json::from_value("pipeline", pipeline.clone())?;
    match p.cursor_paging {
        Some(cp) => {
            let limit = cp.limit.unwrap_or(u64::from(query::DEFAULT_LIMIT));
            if limit > u64::from(query::MAX_CURSOR_LIMIT) {
                return Err(WixError::limit_too_high(limit, query::MAX_CURSOR_LIMIT));
            }
            let offset = match cp.cursor.as_deref() {
                None | Some("") => 0,
                Some(c) => c.parse().map_err(|_| {
                    WixError::bad_request(
                        "pipeline.cursorPaging.cursor: not a cursor of this pipeline",
                    )
                })?,
            };
            Ok((limit, offset, true))
        }
        None => {
            let (limit, offset) = paging(p.paging)?;
            Ok((limit, offset, false))
        }
    }
}

pub async fn aggregate_pipeline(
    state: &Platform,
    ctx: &DataContext,
    req: PipelineRequest,
) -> WixResult<Value> {
    let c = req
        .publish_plugin_options
        .reading(state, ctx, &req.data_collection_id)
        .await?;
    let access = allow(ctx, &c, Action::Read)?;
    let stages = pipeline::parse(req.pipeline.get("stages").unwrap_or(&Value::Null))
        .map_err(|e| WixError::bad_request(e.to_string()))?;
    let (limit, offset, cursor_mode) = pipeline_paging(&req.pipeline)?;

    // Leading filters see the items themselves, so the store can apply them.
    let lead = stages
        .iter()
        .take_while(|s| matches!(s, Stage::Filter(_)))
        .count();
    let mut filters: Vec<Filter> = stages[..lead]
        .iter()
        .filter_map(|s| match s {
            Stage::Filter(f) => Some(f.clone()),
            _ => None,
        })
        .collect();
    filters.push(hooked_filter(state, ctx, &c).await?);
    let filter = Filter::And(filters);
    // A limit right after them bounds the read; otherwise read one past the cap to tell.
    let (budget, capped) = match stages.get(lead) {
        Some(Stage::Limit(n)) if *n <= PIPELINE_MAX_ITEMS => (*n, false),
        _ => (PIPELINE_MAX_ITEMS + 1, true),
    };
    let mut q = Query {
        filter: scoped(filter, &access),
        // Oldest first: the order the items were inserted in, for `first` and `last`.
        sort: vec![Sort {
            field: "_createdDate".into(),
            order: SortOrder::Asc,
        }],
        ..Query::default()
    };
    let mut rows = Vec::new();
    while (rows.len() as u64) < budget {
        q.limit = (budget - rows.len() as u64).min(u64::from(query::MAX_LIMIT)) as u32;
        let page = state.store().query_items(&c, &q).await?;
        let full = page.len() == q.limit as usize;
        q.offset += page.len() as u64;
        rows.extend(page.iter().map(|item| item.to_wix(&[])));
        if !full {
            break;
        }
    }
    if capped && rows.len() as u64 > PIPELINE_MAX_ITEMS {
        return Err(WixError::bad_request(format!(
            "pipeline: it reads more than {PIPELINE_MAX_ITEMS} items; start it with a filter \
             stage that narrows them"
        )));
    }

    let rows = pipeline::run(&stages[lead..], rows);
    let total = rows.len();
    let start = usize::try_from(offset).unwrap_or(usize::MAX).min(total);
    let results: Vec<Value> = rows
        .into_iter()
        .skip(start)
        .take(limit as usize)
        .map(Value::Object)
        .collect();
    let next = start + results.len();
    let has_next = next < total;
    let mut paging = json!({ "count": results.len(), "total": total, "hasNext": has_next });
    if cursor_mode {
        paging["cursors"] = json!({ "next": has_next.then(|| next.to_string()) });
    } else {
        paging["offset"] = json!(offset);
    }
    Ok(json!({ "results": results, "pagingMetadata": paging }))
}
