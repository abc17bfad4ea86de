//! `/wix-data/v2/items` and `/wix-data/v2/bulk/items`: items, queries and counts.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use tessera_core::{
    Error,
    data::{
        Access, Action, Collection, Filter, Item, Query, StoredItem, item,
        query::{self, Literal, Op, Operand, parse_filter, parse_sort},
    },
    events::{Event, ItemChange, ItemEvent},
    now_millis,
};

use super::{
    Answer, DataContext, Params,
    collections::load,
    drafts::PublishPluginOptions,
    hooks::{Hooks, QueryParts},
    json::parse as body,
};
use crate::{
    Platform,
    error::{WixCode, WixError, WixResult},
};

/// Most items a bulk call may carry.
const MAX_BULK: usize = 1000;

pub fn item_view(c: &Collection, item: &Item, fields: &[String]) -> Value {
    view_of(c, &item.id, item.to_wix(fields))
}

/// A DataItem from the data as the caller sees it (after an after-hook, say).
fn view_of(c: &Collection, id: &str, data: Map<String, Value>) -> Value {
    json!({ "id": id, "dataCollectionId": c.id, "data": data })
}

/// Announces a write on the event bus (built only when someone listens).
pub fn publish(
    state: &Platform,
    c: &Collection,
    change: ItemChange,
    before: Option<&Item>,
    after: Option<&Item>,
) {
    let bus = state.events();
    if !bus.has_subscribers() {
        return;
    }
    let Some(id) = after.or(before).map(|i| i.id.clone()) else {
        return;
    };
    bus.publish(Event::Item(ItemEvent {
        site_id: c.site_id,
        collection_id: c.id.clone(),
        item_id: id,
        change,
        before: before.map(|i| i.to_wix(&[])),
        after: after.map(|i| i.to_wix(&[])),
    }));
}

/// The caller's access for `action`, or Wix's permission error.
pub fn allow(ctx: &DataContext, c: &Collection, action: Action) -> WixResult<Access> {
    if action != Action::Read && tessera_core::data::collection::is_system_collection(&c.id) {
        return Err(WixError::denied(format!(
            "{} is a system collection: change its items through its own API (members, contacts, stores)",
            c.id
        )));
    }
    match ctx.caller.access(&c.permissions, action) {
        Access::Denied => Err(WixError::denied(format!(
            "the caller may not {} items of collection {}",
            match action {
                Action::Read => "read",
                Action::Insert => "insert",
                Action::Update => "update",
                Action::Remove => "remove",
            },
            c.id
        ))),
        access => Ok(access),
    }
}

fn owned_by(member: &str) -> Filter {
    Filter::Cmp {
        field: "_owner".into(),
        op: Op::Eq,
        operand: Operand::One(Literal::Text(member.into())),
    }
}

/// Restricts `filter` to what the caller may see.
pub fn scoped(filter: Filter, access: &Access) -> Filter {
    match access {
        Access::OwnOnly(member) => Filter::And(vec![filter, owned_by(member)]),
        _ => filter,
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DataItemBody {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    data: Map<String, Value>,
}

impl DataItemBody {
    /// The item id as sent, for reporting ("" when there is none or it is not text).
    fn id_text(&self) -> String {
        self.id()
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    }

    /// The item id: `dataItem.id`, else `data._id`.
    fn id(&self) -> Option<&Value> {
        self.id
            .as_ref()
            .filter(|v| !v.is_null())
            .or_else(|| self.data.get("_id").filter(|v| !v.is_null()))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemRequest {
    data_collection_id: String,
    data_item: DataItemBody,
    #[serde(default)]
    condition: Option<ConditionBody>,
    #[serde(default)]
    publish_plugin_options: PublishPluginOptions,
}

#[derive(Deserialize)]
pub struct ConditionBody {
    #[serde(default)]
    filter: Value,
}

fn condition(c: &Option<ConditionBody>) -> WixResult<Filter> {
    Ok(match c {
        Some(c) => parse_filter(&c.filter)?,
        None => Filter::All,
    })
}

/// A new item for `ctx`'s caller from a request's data.
fn new_item(ctx: &DataContext, c: &Collection, b: DataItemBody) -> WixResult<Item> {
    let id = match b.id() {
        Some(v) => item::item_id(v)?,
        // Time-ordered, so new items append to the indexes instead of scattering through them.
        None => uuid::Uuid::now_v7().to_string(),
    };
    let now = now_millis();
    Ok(Item {
        id,
        owner: ctx.caller.owner_id(),
        created_at: now,
        updated_at: now,
        data: item::prepare(c, b.data)?,
    })
}

pub async fn insert(state: &Platform, ctx: &DataContext, req: ItemRequest) -> WixResult<Value> {
    let c = req
        .publish_plugin_options
        .writing(state, ctx, &req.data_collection_id)
        .await?;
    allow(ctx, &c, Action::Insert)?;
    let hooks = Hooks::of(state, ctx, &c).await?;
    let item = new_item(ctx, &c, req.data_item)?;
    let item = hooks.before_write("beforeInsert", item, None).await?;
    let inserted = state
        .store()
        .insert_items(&c, std::slice::from_ref(&item))
        .await
        .map_err(WixError::from)
        .and_then(|ids| {
            (!ids.is_empty())
                .then_some(ids)
                .ok_or_else(|| WixError::item_exists(&c.id, &item.id))
        });
    hooks.reported(inserted).await?;
    publish(state, &c, ItemChange::Inserted, None, Some(&item));
    let data = hooks.after_item("afterInsert", &item).await?;
    Ok(json!({ "dataItem": view_of(&c, &item.id, data) }))
}

/// A get request: flat query parameters, or (when it carries nested options such as
/// `includeReferences`) the whole request as base64url JSON in `.r`, as the SDK sends it.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct GetRequest {
    data_collection_id: String,
    #[serde(default)]
    fields: Vec<String>,
    #[serde(default)]
    include_references: Vec<super::references::Include>,
    #[serde(default)]
    publish_plugin_options: PublishPluginOptions,
}

fn get_request(p: &Params) -> WixResult<GetRequest> {
    match p.one(".r") {
        Some(r) => body(&decode_r(r)?),
        None => Ok(GetRequest {
            data_collection_id: p.required("dataCollectionId")?.to_string(),
            fields: p.all("fields"),
            include_references: Vec::new(),
            publish_plugin_options: PublishPluginOptions {
                include_draft_items: p.one("publishPluginOptions.includeDraftItems")
                    == Some("true"),
            },
        }),
    }
}

/// The body the SDK sends in a GET's `.r` parameter (base64url JSON).
pub fn decode_r(r: &str) -> WixResult<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(r.trim_end_matches('='))
        .map_err(|_| WixError::bad_request(".r is not base64url"))
}

pub async fn get(state: &Platform, ctx: &DataContext, id: String, p: &Params) -> WixResult<Value> {
    let req = get_request(p)?;
    let c = req
        .publish_plugin_options
        .reading(state, ctx, &req.data_collection_id)
        .await?;
    let access = allow(ctx, &c, Action::Read)?;
    let hooks = Hooks::of(state, ctx, &c).await?;
    let id = hooks.before_id("beforeGet", id, None).await?;
    let item = state.store().item(&c, &id).await?;
    let visible = item.filter(|i| match &access {
        Access::OwnOnly(member) => i.owner.as_deref() == Some(member),
        _ => true,
    });
    let item = visible.ok_or_else(|| WixError::item_not_found(&c.id, &id))?;
    for f in &req.fields {
        query::field_path(f)?;
    }
    let mut views = [if hooks.may_run("afterGet") {
        view_of(&c, &item.id, hooks.after_item("afterGet", &item).await?)
    } else {
        item_view(&c, &item, &req.fields)
    }];
    super::references::include(
        state,
        ctx,
        &c,
        std::slice::from_ref(&item),
        &mut views,
        &req.include_references,
    )
    .await?;
    let [view] = views;
    Ok(json!({ "dataItem": view }))
}

/// Updates an existing item, keeping its owner and creation date.
async fn update_one(
    state: &Platform,
    ctx: &DataContext,
    c: &Collection,
    b: DataItemBody,
    condition: Filter,
) -> WixResult<Item> {
    let access = allow(ctx, c, Action::Update)?;
    let id = match b.id() {
        Some(v) => item::item_id(v)?,
        None => {
            return Err(WixError::new(
                WixCode::MissingId,
                "an update needs the item's _id",
            ));
        }
    };
    let data = item::prepare(c, b.data)?;
    let store = state.store();
    let before = store
        .item(c, &id)
        .await?
        .ok_or_else(|| WixError::item_not_found(&c.id, &id))?;
    if let Access::OwnOnly(member) = &access
        && before.owner.as_deref() != Some(member)
    {
        return Err(WixError::denied("members may only update their own items"));
    }
    let item = Item {
        id: id.clone(),
        owner: before.owner.clone(),
        created_at: before.created_at,
        updated_at: now_millis(),
        data,
    };
    let item = Hooks::of(state, ctx, c)
        .await?
        .before_write("beforeUpdate", item, Some(&before))
        .await?;
    let stored = store
        .update_item(c, &item, &condition)
        .await?
        .ok_or_else(|| WixError::item_not_found(&c.id, &id))?;
    publish(state, c, ItemChange::Updated, Some(&before), Some(&stored));
    Ok(stored)
}

pub async fn update(state: &Platform, ctx: &DataContext, req: ItemRequest) -> WixResult<Value> {
    update_item(state, ctx, req).await
}

/// `PUT /items/{dataItemId}`, Wix's documented form of update: the path names the item, and
/// a body id, if any, must agree with it.
pub async fn update_by_path(
    state: &Platform,
    ctx: &DataContext,
    id: String,
    mut req: ItemRequest,
) -> WixResult<Value> {
    match req.data_item.id() {
        None => req.data_item.id = Some(Value::String(id)),
        Some(given) if given.as_str() == Some(id.as_str()) => {}
        Some(_) => {
            return Err(WixError::bad_request(format!(
                "dataItem.id differs from the item id in the path, '{id}'"
            )));
        }
    }
    update_item(state, ctx, req).await
}

async fn update_item(state: &Platform, ctx: &DataContext, req: ItemRequest) -> WixResult<Value> {
    let c = req
        .publish_plugin_options
        .writing(state, ctx, &req.data_collection_id)
        .await?;
    let hooks = Hooks::of(state, ctx, &c).await?;
    let updated = update_one(state, ctx, &c, req.data_item, condition(&req.condition)?).await;
    let item = hooks.reported(updated).await?;
    let data = hooks.after_item("afterUpdate", &item).await?;
    Ok(json!({ "dataItem": view_of(&c, &item.id, data) }))
}

/// Inserts the item, or updates it when its id exists. Returns the action Wix names.
async fn save_one(
    state: &Platform,
    ctx: &DataContext,
    c: &Collection,
    b: DataItemBody,
) -> WixResult<(&'static str, Item)> {
    if b.id().is_some() {
        let existing = state
            .store()
            .item(c, &item::item_id(b.id().unwrap_or(&Value::Null))?)
            .await?;
        if existing.is_some() {
            return Ok(("UPDATED", update_one(state, ctx, c, b, Filter::All).await?));
        }
    }
    allow(ctx, c, Action::Insert)?;
    let item = new_item(ctx, c, b)?;
    let item = Hooks::of(state, ctx, c)
        .await?
        .before_write("beforeInsert", item, None)
        .await?;
    if state
        .store()
        .insert_items(c, std::slice::from_ref(&item))
        .await?
        .is_empty()
    {
        // Inserted by someone else meanwhile.
        return Err(WixError::item_exists(&c.id, &item.id));
    }
    publish(state, c, ItemChange::Inserted, None, Some(&item));
    Ok(("INSERTED", item))
}

pub async fn save(state: &Platform, ctx: &DataContext, req: ItemRequest) -> WixResult<Value> {
    let c = req
        .publish_plugin_options
        .writing(state, ctx, &req.data_collection_id)
        .await?;
    let (action, item) = save_one(state, ctx, &c, req.data_item).await?;
    let hook = if action == "INSERTED" {
        "afterInsert"
    } else {
        "afterUpdate"
    };
    let data = Hooks::of(state, ctx, &c)
        .await?
        .after_item(hook, &item)
        .await?;
    Ok(json!({ "action": action, "dataItem": view_of(&c, &item.id, data) }))
}

pub async fn remove_one(
    state: &Platform,
    ctx: &DataContext,
    c: &Collection,
    id: &str,
    condition: Filter,
) -> WixResult<Item> {
    let access = allow(ctx, c, Action::Remove)?;
    let hooks = Hooks::of(state, ctx, c).await?;
    let id = &if hooks.may_run("beforeRemove") {
        let current = state.store().item(c, id).await?;
        hooks
            .before_id("beforeRemove", id.to_string(), current.as_ref())
            .await?
    } else {
        id.to_string()
    };
    match state
        .store()
        .remove_item(c, id, &scoped(condition, &access))
        .await
    {
        Ok(Some(item)) => {
            publish(state, c, ItemChange::Removed, Some(&item), None);
            Ok(item)
        }
        Ok(None) => Err(WixError::item_not_found(&c.id, id)),
        Err(Error::Conflict {
            field: "condition", ..
        }) if matches!(access, Access::OwnOnly(_)) => {
            Err(WixError::denied("members may only remove their own items"))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoveRequest {
    data_collection_id: String,
    data_item_id: String,
    #[serde(default)]
    condition: Option<ConditionBody>,
    #[serde(default)]
    publish_plugin_options: PublishPluginOptions,
}

pub async fn remove(state: &Platform, ctx: &DataContext, req: RemoveRequest) -> WixResult<Value> {
    let c = req
        .publish_plugin_options
        .writing(state, ctx, &req.data_collection_id)
        .await?;
    let hooks = Hooks::of(state, ctx, &c).await?;
    let removed = remove_one(
        state,
        ctx,
        &c,
        &req.data_item_id,
        condition(&req.condition)?,
    )
    .await;
    let item = hooks.reported(removed).await?;
    let data = hooks.after_item("afterRemove", &item).await?;
    Ok(json!({ "dataItem": view_of(&c, &item.id, data) }))
}

pub async fn remove_by_path(
    state: &Platform,
    ctx: &DataContext,
    id: String,
    p: &Params,
) -> WixResult<Value> {
    let c = load(state, ctx, p.required("dataCollectionId")?).await?;
    let item = remove_one(state, ctx, &c, &id, Filter::All).await?;
    let data = Hooks::of(state, ctx, &c)
        .await?
        .after_item("afterRemove", &item)
        .await?;
    Ok(json!({ "dataItem": view_of(&c, &item.id, data) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionRequest {
    data_collection_id: String,
    #[serde(default)]
    filter: Value,
    #[serde(default)]
    publish_plugin_options: PublishPluginOptions,
}

pub async fn truncate(
    state: &Platform,
    ctx: &DataContext,
    req: CollectionRequest,
) -> WixResult<Value> {
    let c = req
        .publish_plugin_options
        .writing(state, ctx, &req.data_collection_id)
        .await?;
    // Wix: truncate is for the site's owners and editors only, whatever the permissions.
    if !ctx.caller.may_manage_collections() {
        return Err(WixError::denied(
            "truncating a collection needs the editor role or above",
        ));
    }
    state.store().truncate_items(&c).await?;
    let truncated = Event::CollectionTruncated {
        site_id: c.site_id,
        collection_id: c.id.clone(),
    };
    state.events().publish(truncated);
    Ok(json!({}))
}

pub async fn count(
    state: &Platform,
    ctx: &DataContext,
    req: CollectionRequest,
) -> WixResult<Value> {
    let c = req
        .publish_plugin_options
        .reading(state, ctx, &req.data_collection_id)
        .await?;
    let access = allow(ctx, &c, Action::Read)?;
    let hooks = Hooks::of(state, ctx, &c).await?;
    let mut filter = req.filter;
    if hooks.may_run("beforeCount") {
        let parts = QueryParts {
            filter,
            sort: Value::Null,
            limit: u64::from(query::DEFAULT_LIMIT),
            skip: 0,
        };
        filter = hooks.before_query("beforeCount", parts).await?.filter;
    }
    let filter = scoped(parse_filter(&filter)?, &access);
    let total = state.store().count_items(&c, &filter).await?;
    let total = hooks.after_count(total).await?;
    Ok(json!({ "totalCount": total }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryRequest {
    pub data_collection_id: String,
    #[serde(default)]
    pub query: QuerySpec,
    #[serde(default)]
    pub return_total_count: bool,
    #[serde(default)]
    pub include_references: Vec<super::references::Include>,
    #[serde(default)]
    pub publish_plugin_options: PublishPluginOptions,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct QuerySpec {
    #[serde(default)]
    pub filter: Value,
    #[serde(default)]
    sort: Value,
    #[serde(default)]
    paging: Option<Paging>,
    #[serde(default)]
    cursor_paging: Option<CursorPaging>,
    #[serde(default)]
    fields: Vec<String>,
}

#[derive(Deserialize)]
pub struct Paging {
    limit: Option<u64>,
    offset: Option<u64>,
}

#[derive(Deserialize)]
pub struct CursorPaging {
    limit: Option<u64>,
    cursor: Option<String>,
}

/// What a cursor carries: the query and where the next page starts.
#[derive(Serialize, Deserialize)]
pub struct Cursor {
    filter: Value,
    sort: Value,
    fields: Vec<String>,
    offset: u64,
}

/// A cursor's signature: it carries the query as the `beforeQuery` hook left it, so it must
/// come from this server, for this collection and this caller.
fn cursor_mac(state: &Platform, ctx: &DataContext, collection: &str, body: &str) -> String {
    let bound = format!("{collection}|{:?}|{body}", ctx.caller);
    state.config().secret_key.mac(ctx.site.id, "cursor", &bound)
}

fn encode_cursor(state: &Platform, ctx: &DataContext, collection: &str, c: &Cursor) -> String {
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(c).unwrap_or_default());
    let mac = cursor_mac(state, ctx, collection, &body);
    format!("{body}.{mac}")
}

fn decode_cursor(
    state: &Platform,
    ctx: &DataContext,
    collection: &str,
    s: &str,
) -> WixResult<Cursor> {
    let invalid = || WixError::bad_request("cursor is not valid");
    let (body, mac) = s.split_once('.').ok_or_else(invalid)?;
    let expected = cursor_mac(state, ctx, collection, body);
    // Compared in constant time: a mismatch must not tell how much of it was right.
    let same = mac.len() == expected.len()
        && mac
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |d, (a, b)| d | (a ^ b))
            == 0;
    if !same {
        return Err(invalid());
    }
    URL_SAFE_NO_PAD
        .decode(body)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(invalid)
}

pub async fn query(state: &Platform, ctx: &DataContext, req: QueryRequest) -> WixResult<Answer> {
    run_query(state, ctx, req).await
}

/// The SDK's GET form: the request is base64url JSON in `.r`.
pub async fn query_get(state: &Platform, ctx: &DataContext, p: &Params) -> WixResult<Answer> {
    let bytes = decode_r(p.required(".r")?)?;
    run_query(state, ctx, body(&bytes)?).await
}

pub async fn run_query(
    state: &Platform,
    ctx: &DataContext,
    req: QueryRequest,
) -> WixResult<Answer> {
    let c = req
        .publish_plugin_options
        .reading(state, ctx, &req.data_collection_id)
        .await?;
    let access = allow(ctx, &c, Action::Read)?;
    let spec = req.query;
    // A later page: its cursor carries the query as the hook left it on the first, signed.
    let next_page = spec
        .cursor_paging
        .as_ref()
        .is_some_and(|cp| cp.cursor.is_some());
    // Cursor paging: the cursor replaces filter, sort and offset.
    let (filter, sort, fields, offset, limit, cursor_mode) = match spec.cursor_paging {
        Some(cp) => {
            let limit = cp.limit.unwrap_or(u64::from(query::DEFAULT_LIMIT));
            if limit > u64::from(query::MAX_CURSOR_LIMIT) {
                return Err(WixError::limit_too_high(limit, query::MAX_CURSOR_LIMIT));
            }
            match cp.cursor {
                Some(cursor) => {
                    let cur = decode_cursor(state, ctx, &c.id, &cursor)?;
                    (cur.filter, cur.sort, cur.fields, cur.offset, limit, true)
                }
                None => (spec.filter, spec.sort, spec.fields, 0, limit, true),
            }
        }
        None => {
            let paging = spec.paging.unwrap_or(Paging {
                limit: None,
                offset: None,
            });
            let limit = paging.limit.unwrap_or(u64::from(query::DEFAULT_LIMIT));
            if limit > u64::from(query::MAX_LIMIT) {
                return Err(WixError::limit_too_high(limit, query::MAX_LIMIT));
            }
            (
                spec.filter,
                spec.sort,
                spec.fields,
                paging.offset.unwrap_or(0),
                limit,
                false,
            )
        }
    };
    for f in &fields {
        query::field_path(f).map_err(|_| {
            WixError::bad_request(format!("fields: '{f}' is not a valid field name"))
        })?;
    }
    let hooks = Hooks::of(state, ctx, &c).await?;
    let (filter, sort, offset, limit) = if hooks.may_run("beforeQuery") && !next_page {
        let parts = QueryParts {
            filter,
            sort,
            limit,
            skip: offset,
        };
        let q = hooks.before_query("beforeQuery", parts).await?;
        if q.limit > u64::from(query::MAX_LIMIT) {
            return Err(WixError::limit_too_high(q.limit, query::MAX_LIMIT));
        }
        (q.filter, q.sort, q.skip, q.limit)
    } else {
        (filter, sort, offset, limit)
    };
    let parsed = scoped(parse_filter(&filter)?, &access);
    let q = Query {
        filter: parsed.clone(),
        sort: parse_sort(&sort)?,
        // One more than asked tells whether there is a next page.
        limit: limit as u32 + 1,
        offset,
        fields: fields.clone(),
    };
    let store = state.store();
    let mut items = store.query_stored_items(&c, &q).await?;
    let has_next = items.len() as u64 > limit;
    items.truncate(limit as usize);
    let mut paging = json!({ "count": items.len(), "offset": offset, "hasNext": has_next });
    if req.return_total_count {
        paging["total"] = json!(store.count_items(&c, &parsed).await?);
        paging["tooManyToCount"] = json!(false);
    }
    if cursor_mode {
        let at = |offset| {
            encode_cursor(
                state,
                ctx,
                &c.id,
                &Cursor {
                    filter: filter.clone(),
                    sort: sort.clone(),
                    fields: fields.clone(),
                    offset,
                },
            )
        };
        let next = has_next.then(|| at(offset + limit));
        let prev = (offset > 0).then(|| at(offset.saturating_sub(limit)));
        paging["cursors"] = json!({ "next": next, "prev": prev });
    }
    let after_query = hooks.may_run("afterQuery");
    if fields.is_empty() && req.include_references.is_empty() && !after_query {
        return Ok(stored_page(&c, &items, &paging));
    }
    let items = items
        .into_iter()
        .map(|i| i.parse())
        .collect::<Result<Vec<_>, _>>()?;
    let mut views: Vec<Value> = Vec::with_capacity(items.len());
    for i in &items {
        views.push(if after_query {
            view_of(&c, &i.id, hooks.after_item("afterQuery", i).await?)
        } else {
            item_view(&c, i, &fields)
        });
    }
    super::references::include(state, ctx, &c, &items, &mut views, &req.include_references).await?;
    Ok(Answer::Value(
        json!({ "dataItems": views, "pagingMetadata": paging }),
    ))
}

/// A page of `c`'s items as `ctx`'s caller sees them: through the collection's
/// `beforeQuery` and `afterQuery` hooks and limited by `access` (a member's own items), as
/// every data read is. Page datasets read this way.
pub async fn find(
    state: &Platform,
    ctx: &DataContext,
    c: &Collection,
    access: &Access,
    mut parts: QueryParts,
) -> WixResult<Vec<Map<String, Value>>> {
    let hooks = Hooks::of(state, ctx, c).await?;
    if hooks.may_run("beforeQuery") {
        parts = hooks.before_query("beforeQuery", parts).await?;
    }
    let q = Query {
        filter: scoped(parse_filter(&parts.filter)?, access),
        sort: parse_sort(&parts.sort)?,
        limit: parts.limit.min(u64::from(query::MAX_LIMIT)) as u32,
        offset: parts.skip,
        fields: Vec::new(),
    };
    let after_query = hooks.may_run("afterQuery");
    let mut items = Vec::new();
    for item in state.store().query_items(c, &q).await? {
        items.push(if after_query {
            hooks.after_item("afterQuery", &item).await?
        } else {
            item.into_wix()
        });
    }
    Ok(items)
}

/// A query answer written straight from the stored JSON: the same shape as the `item_view`s
/// of all fields, without parsing and rebuilding every item.
fn stored_page(c: &Collection, items: &[StoredItem], paging: &Value) -> Answer {
    let mut out = Vec::with_capacity(256 + items.iter().map(|i| i.data.len() + 256).sum::<usize>());
    let collection = serde_json::to_string(&c.id).expect("a string serializes");
    out.extend_from_slice(b"{\"dataItems\":[");
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"id\":");
        serde_json::to_writer(&mut out, &item.id).expect("writing to a Vec cannot fail");
        out.extend_from_slice(b",\"dataCollectionId\":");
        out.extend_from_slice(collection.as_bytes());
        out.extend_from_slice(b",\"data\":");
        item.write_wix(&mut out);
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"pagingMetadata\":");
    serde_json::to_writer(&mut out, paging).expect("writing to a Vec cannot fail");
    out.push(b'}');
    Answer::Text(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkRequest {
    data_collection_id: String,
    #[serde(default)]
    data_items: Vec<DataItemBody>,
    #[serde(default)]
    data_item_ids: Vec<String>,
    #[serde(default = "yes")]
    return_entity: bool,
    #[serde(default)]
    publish_plugin_options: PublishPluginOptions,
}

fn yes() -> bool {
    true
}

fn check_bulk_size(n: usize) -> WixResult<()> {
    if n > MAX_BULK {
        return Err(WixError::new(
            WixCode::BulkTooLarge,
            format!("a bulk call takes at most {MAX_BULK} items, not {n}"),
        ));
    }
    Ok(())
}

/// One entry of a bulk answer.
fn bulk_result(
    c: &Collection,
    action: &str,
    index: usize,
    outcome: Result<impl std::borrow::Borrow<Item>, (String, WixError)>,
    with_entity: bool,
) -> Value {
    match outcome {
        Ok(item) => {
            let item = item.borrow();
            let mut r = json!({ "action": action, "itemMetadata": { "id": item.id, "originalIndex": index, "success": true } });
            if with_entity {
                r["dataItem"] = item_view(c, item, &[]);
            }
            r
        }
        Err((id, e)) => {
            let mut meta =
                json!({ "originalIndex": index, "success": false, "error": e.to_json() });
            // An item sent without an id has none to report.
            if !id.is_empty() {
                meta["id"] = json!(id);
            }
            json!({ "action": action, "itemMetadata": meta })
        }
    }
}

fn bulk_answer(results: Vec<Value>) -> Value {
    let ok = results
        .iter()
        .filter(|r| r["itemMetadata"]["success"] == true)
        .count();
    let failed = results.len() - ok;
    json!({
        "results": results,
        "bulkActionMetadata": { "totalSuccesses": ok, "totalFailures": failed, "undetailedFailures": 0 },
    })
}

pub async fn bulk_insert(
    state: &Platform,
    ctx: &DataContext,
    req: BulkRequest,
) -> WixResult<Value> {
    check_bulk_size(req.data_items.len())?;
    let c = req
        .publish_plugin_options
        .writing(state, ctx, &req.data_collection_id)
        .await?;
    allow(ctx, &c, Action::Insert)?;
    // Validate all first: a bad item fails alone, the rest go in one statement.
    let hooks = Hooks::of(state, ctx, &c).await?;
    let before_insert = hooks.may_run("beforeInsert");
    let mut valid = Vec::with_capacity(req.data_items.len());
    let mut outcomes: Vec<Result<usize, (String, WixError)>> = Vec::with_capacity(valid.capacity());
    for b in req.data_items {
        let id = b.id_text();
        let mut item = new_item(ctx, &c, b);
        if before_insert && let Ok(i) = item {
            item = hooks.before_write("beforeInsert", i, None).await;
        }
        outcomes.push(match item {
            Ok(item) => {
                valid.push(item);
                Ok(valid.len() - 1)
            }
            Err(e) => Err((id, e)),
        });
    }
    let inserted: std::collections::HashSet<String> = state
        .store()
        .insert_items(&c, &valid)
        .await?
        .into_iter()
        .collect();
    let mut results = Vec::with_capacity(outcomes.len());
    for (i, outcome) in outcomes.into_iter().enumerate() {
        let outcome = outcome.and_then(|k| {
            let item = &valid[k];
            if inserted.contains(&item.id) {
                publish(state, &c, ItemChange::Inserted, None, Some(item));
                Ok(item)
            } else {
                Err((item.id.clone(), WixError::item_exists(&c.id, &item.id)))
            }
        });
        let outcome = reported_item(&hooks, outcome).await;
        results.push(bulk_result(&c, "INSERT", i, outcome, req.return_entity));
    }
    Ok(bulk_answer(results))
}

/// A bulk item's outcome, with `onFailure` told when it failed, as for a single call.
async fn reported_item<T>(
    hooks: &Hooks<'_>,
    outcome: Result<T, (String, WixError)>,
) -> Result<T, (String, WixError)> {
    match outcome {
        Ok(v) => Ok(v),
        Err((id, e)) => hooks.reported(Err(e)).await.map_err(|e| (id, e)),
    }
}

pub async fn bulk_update(
    state: &Platform,
    ctx: &DataContext,
    req: BulkRequest,
) -> WixResult<Value> {
    check_bulk_size(req.data_items.len())?;
    let c = req
        .publish_plugin_options
        .writing(state, ctx, &req.data_collection_id)
        .await?;
    allow(ctx, &c, Action::Update)?;
    let hooks = Hooks::of(state, ctx, &c).await?;
    let mut results = Vec::with_capacity(req.data_items.len());
    for (i, b) in req.data_items.into_iter().enumerate() {
        let id = b.id_text();
        let outcome = update_one(state, ctx, &c, b, Filter::All)
            .await
            .map_err(|e| (id, e));
        let outcome = reported_item(&hooks, outcome).await;
        results.push(bulk_result(&c, "UPDATE", i, outcome, req.return_entity));
    }
    Ok(bulk_answer(results))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkPatchRequest {
    data_collection_id: String,
    #[serde(default)]
    patches: Vec<PatchBody>,
    #[serde(default)]
    condition: Option<ConditionBody>,
    #[serde(default = "yes")]
    return_entity: bool,
    #[serde(default)]
    publish_plugin_options: PublishPluginOptions,
}

/// `POST /bulk/items/patch` with `{dataCollectionId, patches: [{dataItemId,
/// fieldModifications}], condition?}`: each item patched as `items/patch` patches one.
pub async fn bulk_patch(
    state: &Platform,
    ctx: &DataContext,
    req: BulkPatchRequest,
) -> WixResult<Value> {
    check_bulk_size(req.patches.len())?;
    let c = req
        .publish_plugin_options
        .writing(state, ctx, &req.data_collection_id)
        .await?;
    allow(ctx, &c, Action::Update)?;
    let user_condition = condition(&req.condition)?;
    let hooks = Hooks::of(state, ctx, &c).await?;
    let mut results = Vec::with_capacity(req.patches.len());
    for (i, p) in req.patches.into_iter().enumerate() {
        let mods = &p.field_modifications;
        let outcome = patch_one(
            state,
            ctx,
            &c,
            &p.data_item_id,
            mods,
            user_condition.clone(),
        )
        .await
        .map_err(|e| (p.data_item_id.clone(), e));
        let outcome = reported_item(&hooks, outcome).await;
        results.push(bulk_result(&c, "UPDATE", i, outcome, req.return_entity));
    }
    Ok(bulk_answer(results))
}

pub async fn bulk_save(state: &Platform, ctx: &DataContext, req: BulkRequest) -> WixResult<Value> {
    check_bulk_size(req.data_items.len())?;
    let c = req
        .publish_plugin_options
        .writing(state, ctx, &req.data_collection_id)
        .await?;
    let hooks = Hooks::of(state, ctx, &c).await?;
    let mut results = Vec::with_capacity(req.data_items.len());
    for (i, b) in req.data_items.into_iter().enumerate() {
        let id = b.id_text();
        let result = match reported_item(
            &hooks,
            save_one(state, ctx, &c, b).await.map_err(|e| (id, e)),
        )
        .await
        {
            Ok((action, item)) => bulk_result(
                &c,
                if action == "UPDATED" {
                    "UPDATE"
                } else {
                    "INSERT"
                },
                i,
                Ok(item),
                req.return_entity,
            ),
            Err(failed) => bulk_result(&c, "UPDATE", i, Err::<Item, _>(failed), req.return_entity),
        };
        results.push(result);
    }
    Ok(bulk_answer(results))
}

pub async fn bulk_remove(
    state: &Platform,
    ctx: &DataContext,
    req: BulkRequest,
) -> WixResult<Value> {
    check_bulk_size(req.data_item_ids.len())?;
    let c = req
        .publish_plugin_options
        .writing(state, ctx, &req.data_collection_id)
        .await?;
    allow(ctx, &c, Action::Remove)?;
    let hooks = Hooks::of(state, ctx, &c).await?;
    let mut results = Vec::with_capacity(req.data_item_ids.len());
    for (i, id) in req.data_item_ids.iter().enumerate() {
        let outcome = remove_one(state, ctx, &c, id, Filter::All)
            .await
            .map_err(|e| (id.clone(), e));
        let outcome = reported_item(&hooks, outcome).await;
        results.push(bulk_result(&c, "DELETE", i, outcome, req.return_entity));
    }
    Ok(bulk_answer(results))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PatchRequest {
    data_collection_id: String,
    patch: PatchBody,
    #[serde(default)]
    condition: Option<ConditionBody>,
    #[serde(default)]
    publish_plugin_options: PublishPluginOptions,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PatchBody {
    data_item_id: String,
    #[serde(default)]
    field_modifications: Vec<Value>,
}

/// Applies Wix field modifications (`SET_FIELD`, `REMOVE_FIELD`, `INCREMENT_FIELD`,
/// `APPEND_TO_ARRAY`, `REMOVE_FROM_ARRAY`) to an item's data.
fn apply_modifications(data: &mut Map<String, Value>, mods: &[Value]) -> WixResult<()> {
    for m in mods {
        let path = m
            .get("fieldPath")
            .and_then(Value::as_str)
            .ok_or_else(|| WixError::bad_request("each modification needs a fieldPath"))?;
        if path.contains('.') || path.starts_with('_') {
            return Err(WixError::bad_request(format!(
                "fieldPath '{path}' must name a top-level user field"
            )));
        }
        query::field_path(path)?;
        let action = m.get("action").and_then(Value::as_str).unwrap_or("");
        let option = |key: &str| {
            m.get(key)
                .and_then(|o| o.get("value"))
                .cloned()
                .unwrap_or(Value::Null)
        };
        match action {
            "SET_FIELD" => {
                data.insert(path.into(), option("setFieldOptions"));
            }
            "REMOVE_FIELD" => {
                data.remove(path);
            }
            "INCREMENT_FIELD" => {
                let by = option("incrementFieldOptions").as_f64().ok_or_else(|| {
                    WixError::bad_request("INCREMENT_FIELD needs a numeric value")
                })?;
                let current = match data.get(path) {
                    None | Some(Value::Null) => 0.0,
                    Some(v) => v.as_f64().ok_or_else(|| {
                        WixError::bad_request(format!("field '{path}' is not a number"))
                    })?,
                };
                let sum = current + by;
                let n = if sum.fract() == 0.0 && sum.abs() < 9e15 {
                    json!(sum as i64)
                } else {
                    json!(sum)
                };
                data.insert(path.into(), n);
            }
            "APPEND_TO_ARRAY" | "REMOVE_FROM_ARRAY" => {
                let options = if action == "APPEND_TO_ARRAY" {
                    "appendToArrayOptions"
                } else {
                    "removeFromArrayOptions"
                };
                let value = option(options);
                let slot = data
                    .entry(path.to_string())
                    .or_insert_with(|| Value::Array(Vec::new()));
                let Value::Array(items) = slot else {
                    return Err(WixError::bad_request(format!(
                        "field '{path}' is not an array"
                    )));
                };
                if action == "APPEND_TO_ARRAY" {
                    items.push(value);
                } else {
                    items.retain(|v| *v != value);
                }
            }
            other => {
                return Err(WixError::bad_request(format!(
                    "unknown field modification action '{other}'"
                )));
            }
        }
    }
    Ok(())
}

pub async fn patch(state: &Platform, ctx: &DataContext, req: PatchRequest) -> WixResult<Value> {
    let c = req
        .publish_plugin_options
        .writing(state, ctx, &req.data_collection_id)
        .await?;
    let user_condition = condition(&req.condition)?;
    let item = patch_one(
        state,
        ctx,
        &c,
        &req.patch.data_item_id,
        &req.patch.field_modifications,
        user_condition,
    )
    .await?;
    Ok(json!({ "dataItem": item_view(&c, &item, &[]) }))
}

/// Applies field modifications to one item: read, modify, write only if nobody wrote in
/// between, retried a few times under contention.
pub async fn patch_one(
    state: &Platform,
    ctx: &DataContext,
    c: &Collection,
    id: &str,
    mods: &[Value],
    user_condition: Filter,
) -> WixResult<Item> {
    let store = state.store();
    for _ in 0..5 {
        let current = store
            .item(c, id)
            .await?
            .ok_or_else(|| WixError::item_not_found(&c.id, id))?;
        let mut data = current.data.clone();
        apply_modifications(&mut data, mods)?;
        let unchanged = Filter::Cmp {
            field: "_updatedDate".into(),
            op: Op::Eq,
            operand: Operand::One(Literal::Date(crate::time(current.updated_at))),
        };
        let body = DataItemBody {
            id: Some(Value::String(id.to_string())),
            data,
        };
        match update_one(
            state,
            ctx,
            c,
            body,
            Filter::And(vec![user_condition.clone(), unchanged]),
        )
        .await
        {
            Err(e)
                if e.is_condition_failed()
                    && store
                        .item(c, id)
                        .await?
                        .is_some_and(|i| i.updated_at != current.updated_at) =>
            {
                continue;
            }
            other => return other,
        }
    }
    Err(Error::conflict("condition", "the item kept changing; try again").into())
}
