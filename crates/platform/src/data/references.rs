//! Multi-reference links between items (`/items/query-referenced`, `/items/is-referenced`,
//! `/items/replace-references`, `/bulk/items/insert-references`, `remove-references`) and
//! `includeReferences`, which puts referenced items in place of their ids.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Value, json};
use tessera_core::data::{
    Access, Action, Collection, Field, FieldType, Filter, Item, Op, SortOrder,
    query::{self, Literal, Operand},
};

use super::{
    DataContext,
    collections::load,
    items::{allow, item_view},
};
use crate::{
    Platform,
    error::{WixCode, WixError, WixResult},
};

/// The collection a multi-reference field points to, checked.
fn multi_target<'a>(c: &'a Collection, field: &str) -> WixResult<&'a str> {
    c.field(field)
        .filter(|f| f.field_type == FieldType::MultiReference)
        .and_then(|f| f.referenced_collection_id.as_deref())
        .ok_or_else(|| {
            WixError::bad_request(format!(
                "'{field}' is not a multi-reference field of {}",
                c.id
            ))
        })
}

/// The caller may change `referring`'s links: update rights on it.
async fn may_link(
    state: &Platform,
    ctx: &DataContext,
    c: &Collection,
    referring: &str,
) -> WixResult<()> {
    if let Access::OwnOnly(member) = allow(ctx, c, Action::Update)? {
        let item = state.store().item(c, referring).await?;
        if item.and_then(|i| i.owner).as_deref() != Some(member.as_str()) {
            return Err(WixError::denied("members may only link their own items"));
        }
    }
    Ok(())
}

#[derive(Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    referring_item_field_name: String,
    referring_item_id: String,
    referenced_item_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkReferences {
    data_collection_id: String,
    #[serde(default)]
    data_item_references: Vec<Reference>,
}

async fn bulk_links(
    state: &Platform,
    ctx: &DataContext,
    req: BulkReferences,
    insert: bool,
) -> WixResult<Value> {
    if req.data_item_references.len() > 1000 {
        return Err(WixError::new(
            WixCode::BulkTooLarge,
            "a bulk call takes at most 1000 references",
        ));
    }
    let c = load(state, ctx, &req.data_collection_id).await?;
    let store = state.store();
    let mut results = Vec::with_capacity(req.data_item_references.len());
    for (i, r) in req.data_item_references.iter().enumerate() {
        let outcome: WixResult<()> = async {
            let target_id = multi_target(&c, &r.referring_item_field_name)?;
            may_link(state, ctx, &c, &r.referring_item_id).await?;
            let link = [(r.referring_item_id.clone(), r.referenced_item_id.clone())];
            if insert {
                let target = load(state, ctx, target_id).await?;
                for (col, id) in [(&c, &r.referring_item_id), (&target, &r.referenced_item_id)] {
                    if store.item(col, id).await?.is_none() {
                        return Err(WixError::item_not_found(&col.id, id));
                    }
                }
                store
                    .insert_references(&c, &r.referring_item_field_name, target_id, &link)
                    .await?;
            } else {
                store
                    .remove_references(&c, &r.referring_item_field_name, &link)
                    .await?;
            }
            Ok(())
        }
        .await;
        let mut meta = json!({
            "referringItemFieldName": r.referring_item_field_name,
            "referringItemId": r.referring_item_id,
            "referencedItemId": r.referenced_item_id,
            "originalIndex": i,
            "success": outcome.is_ok(),
        });
        if let Err(e) = &outcome {
            meta["error"] = e.to_json();
        }
        results.push(json!({ "action": if insert { "INSERT" } else { "DELETE" }, "referenceMetadata": meta }));
    }
    let ok = results
        .iter()
        .filter(|r| r["referenceMetadata"]["success"] == true)
        .count();
    Ok(json!({
        "results": results,
        "bulkActionMetadata": { "totalSuccesses": ok, "totalFailures": results.len() - ok, "undetailedFailures": 0 },
    }))
}

pub async fn insert_references(
    state: &Platform,
    ctx: &DataContext,
    req: BulkReferences,
) -> WixResult<Value> {
    bulk_links(state, ctx, req, true).await
}

pub async fn remove_references(
    state: &Platform,
    ctx: &DataContext,
    req: BulkReferences,
) -> WixResult<Value> {
    bulk_links(state, ctx, req, false).await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplaceRequest {
    data_collection_id: String,
    referring_item_field_name: String,
    referring_item_id: String,
    #[serde(default)]
    new_referenced_item_ids: Vec<String>,
}

pub async fn replace_references(
    state: &Platform,
    ctx: &DataContext,
    req: ReplaceRequest,
) -> WixResult<Value> {
    let c = load(state, ctx, &req.data_collection_id).await?;
    let target = multi_target(&c, &req.referring_item_field_name)?;
    may_link(state, ctx, &c, &req.referring_item_id).await?;
    if state
        .store()
        .item(&c, &req.referring_item_id)
        .await?
        .is_none()
    {
        return Err(WixError::item_not_found(&c.id, &req.referring_item_id));
    }
    state
        .store()
        .replace_references(
            &c,
            &req.referring_item_field_name,
            target,
            &req.referring_item_id,
            &req.new_referenced_item_ids,
        )
        .await?;
    let refs: Vec<Value> = req
        .new_referenced_item_ids
        .iter()
        .map(|id| json!({ "referringItemFieldName": req.referring_item_field_name, "referringItemId": req.referring_item_id, "referencedItemId": id }))
        .collect();
    Ok(json!({ "dataItemReferences": refs }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IsReferencedRequest {
    data_collection_id: String,
    referring_item_field_name: String,
    referring_item_id: String,
    referenced_item_id: String,
}

pub async fn is_referenced(
    state: &Platform,
    ctx: &DataContext,
    req: IsReferencedRequest,
) -> WixResult<Value> {
    let c = load(state, ctx, &req.data_collection_id).await?;
    allow(ctx, &c, Action::Read)?;
    multi_target(&c, &req.referring_item_field_name)?;
    let found = state
        .store()
        .is_referenced(
            &c,
            &req.referring_item_field_name,
            &req.referring_item_id,
            &req.referenced_item_id,
        )
        .await?;
    Ok(json!({ "isReferenced": found }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryReferencedRequest {
    data_collection_id: String,
    referring_item_id: String,
    referring_item_field_name: String,
    #[serde(default)]
    order: Option<String>,
    #[serde(default)]
    paging: Option<Paging>,
    #[serde(default)]
    return_total_count: bool,
    #[serde(default)]
    fields: Vec<String>,
}

#[derive(Deserialize)]
pub struct Paging {
    limit: Option<u64>,
    offset: Option<u64>,
}

pub async fn query_referenced(
    state: &Platform,
    ctx: &DataContext,
    req: QueryReferencedRequest,
) -> WixResult<Value> {
    let c = load(state, ctx, &req.data_collection_id).await?;
    allow(ctx, &c, Action::Read)?;
    let target = load(
        state,
        ctx,
        multi_target(&c, &req.referring_item_field_name)?,
    )
    .await?;
    let target_access = allow(ctx, &target, Action::Read)?;
    let order = if req.order.as_deref() == Some("DESC") {
        SortOrder::Desc
    } else {
        SortOrder::Asc
    };
    let limit = req
        .paging
        .as_ref()
        .and_then(|p| p.limit)
        .unwrap_or(u64::from(query::DEFAULT_LIMIT));
    if limit > u64::from(query::MAX_LIMIT) {
        return Err(WixError::limit_too_high(limit, query::MAX_LIMIT));
    }
    let offset = req.paging.as_ref().and_then(|p| p.offset).unwrap_or(0);
    let referring = [req.referring_item_id.clone()];
    let store = state.store();
    let fetch = |limit: u32, offset: u64| {
        store.referenced_items(
            &c,
            &req.referring_item_field_name,
            &target,
            &referring,
            order,
            query::Page { limit, offset },
        )
    };
    let mut rows = fetch(limit as u32 + 1, offset).await?;
    let has_next = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let visible = |item: &Item| match &target_access {
        Access::OwnOnly(member) => item.owner.as_deref() == Some(member),
        _ => true,
    };
    // A referenced item the caller may not read is named, not shown, as Wix does.
    let results: Vec<Value> = rows
        .iter()
        .map(|(referring, item)| {
            if visible(item) {
                json!({ "dataItem": item_view(&target, item, &req.fields), "referringItemId": referring })
            } else {
                json!({ "unresolvedReference": {
                    "referringItemId": referring,
                    "referringItemFieldName": req.referring_item_field_name,
                } })
            }
        })
        .collect();
    let mut paging = json!({ "count": results.len(), "offset": offset, "hasNext": has_next });
    if req.return_total_count {
        paging["total"] = json!(fetch(u32::MAX, 0).await?.len());
    }
    Ok(json!({ "results": results, "pagingMetadata": paging }))
}

/// `includeReferences: [{field, limit?}]` of a query or get (a bare field name is accepted too).
#[derive(Deserialize, Clone)]
#[serde(from = "IncludeWire")]
pub struct Include {
    field: String,
    limit: Option<u32>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum IncludeWire {
    Field(String),
    Spec {
        field: String,
        #[serde(default)]
        limit: Option<u32>,
    },
}

impl From<IncludeWire> for Include {
    fn from(w: IncludeWire) -> Self {
        match w {
            IncludeWire::Field(field) => Self { field, limit: None },
            IncludeWire::Spec { field, limit } => Self { field, limit },
        }
    }
}

/// The items a REFERENCE or MULTI_REFERENCE `field` of `c` points to, as the caller may read
/// them, for many items at once (one read, whatever their number): with `keys` the
/// referenced ids of a REFERENCE field, or the referring items' ids of a MULTI_REFERENCE
/// field, each row is a key and an item it leads to (a multi-reference's in link order).
/// None when the target collection is missing or the caller may not read it (the ids then
/// stay as they are). Used by `includeReferences` and GraphQL's reference fields alike.
pub async fn referenced(
    state: &Platform,
    ctx: &DataContext,
    c: &Collection,
    field: &Field,
    keys: &[String],
) -> WixResult<Option<(Collection, Vec<(String, Item)>)>> {
    let store = state.store();
    let Some(target_id) = &field.referenced_collection_id else {
        return Ok(None);
    };
    let Some(target) = store.collection(c.site_id, target_id).await? else {
        return Ok(None);
    };
    let Ok(access) = allow(ctx, &target, Action::Read) else {
        return Ok(None);
    };
    if keys.is_empty() {
        return Ok(Some((target, Vec::new())));
    }
    let visible = |i: &Item| match &access {
        Access::OwnOnly(member) => i.owner.as_deref() == Some(member.as_str()),
        _ => true,
    };
    let rows: Vec<(String, Item)> = if field.field_type == FieldType::Reference {
        let mut ids: Vec<&String> = keys.iter().collect();
        ids.sort_unstable();
        ids.dedup();
        let q = query::Query {
            filter: Filter::Cmp {
                field: "_id".into(),
                op: Op::In,
                operand: Operand::Many(
                    ids.into_iter()
                        .map(|id| Literal::Text(id.clone()))
                        .collect(),
                ),
            },
            limit: query::MAX_LIMIT,
            ..query::Query::default()
        };
        store
            .query_items(&target, &q)
            .await?
            .into_iter()
            .filter(|i| visible(i))
            .map(|i| (i.id.clone(), i))
            .collect()
    } else {
        let everything = query::Page {
            limit: u32::MAX,
            offset: 0,
        };
        store
            .referenced_items(c, &field.key, &target, keys, SortOrder::Asc, everything)
            .await?
            .into_iter()
            .filter(|(_, i)| visible(i))
            .collect()
    };
    Ok(Some((target, rows)))
}

/// Replaces reference ids in `views` (item views of `c`) by the referenced items the caller
/// may read: a REFERENCE field becomes the item, a MULTI_REFERENCE field a list of items.
pub async fn include(
    state: &Platform,
    ctx: &DataContext,
    c: &Collection,
    items: &[Item],
    views: &mut [Value],
    includes: &[Include],
) -> WixResult<()> {
    for inc in includes {
        let field = c
            .field(&inc.field)
            .filter(|f| {
                matches!(
                    f.field_type,
                    FieldType::Reference | FieldType::MultiReference
                )
            })
            .ok_or_else(|| {
                WixError::bad_request(format!(
                    "includeReferences: '{}' is not a reference field",
                    inc.field
                ))
            })?;
        if field.field_type == FieldType::Reference {
            let ids: Vec<String> = items
                .iter()
                .filter_map(|i| i.data.get(&inc.field).and_then(Value::as_str))
                .map(str::to_string)
                .collect();
            if ids.is_empty() {
                continue;
            }
            let Some((_, rows)) = referenced(state, ctx, c, field, &ids).await? else {
                continue;
            };
            let found: HashMap<String, Item> = rows.into_iter().collect();
            for (item, view) in items.iter().zip(views.iter_mut()) {
                if let Some(referenced) = item
                    .data
                    .get(&inc.field)
                    .and_then(Value::as_str)
                    .and_then(|id| found.get(id))
                {
                    view["data"][&inc.field] = Value::Object(referenced.to_wix(&[]));
                }
            }
        } else {
            let per_item = inc
                .limit
                .unwrap_or(query::DEFAULT_LIMIT)
                .min(query::MAX_LIMIT) as usize;
            let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
            let Some((_, rows)) = referenced(state, ctx, c, field, &ids).await? else {
                continue;
            };
            let mut grouped: HashMap<String, Vec<Value>> = HashMap::new();
            for (referring, item) in &rows {
                let list = grouped.entry(referring.clone()).or_default();
                if list.len() < per_item {
                    list.push(Value::Object(item.to_wix(&[])));
                }
            }
            for (item, view) in items.iter().zip(views.iter_mut()) {
                view["data"][&inc.field] =
                    Value::Array(grouped.remove(&item.id).unwrap_or_default());
            }
        }
    }
    Ok(())
}
