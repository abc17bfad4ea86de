//! What GraphQL's resolvers ask of the platform: the same data use cases as REST
//! (`tessera_platform::data`), so the caller's access rules, the site's data hooks and the
//! write events apply unchanged.
//!
//! References are loaded per level, never per item: the items of one list (or one
//! reference level) share a [`Batch`], and the first item to resolve a reference field loads
//! that field for all of them in one read (`references::referenced`); the others wait for
//! it and take their part. The items it loads form the next level's batch.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU32, Ordering},
    },
};

use async_graphql::ErrorExtensions;
use serde_json::{Map, Value, json};
use tessera_core::data::{Collection, FieldType, query::DEFAULT_LIMIT};
use tessera_platform::{
    WixCode, WixError,
    data::{DataContext, Params, items, references},
};
use tokio::sync::OnceCell;

use crate::AppState;

/// One GraphQL request: who calls which site, and how many data calls it has made.
pub struct Call {
    pub state: AppState,
    pub ctx: DataContext,
    calls: AtomicU32,
}

impl Call {
    pub fn new(state: AppState, ctx: DataContext) -> Self {
        Self {
            state,
            ctx,
            calls: AtomicU32::new(0),
        }
    }

    /// Data calls made so far (each a bounded number of store reads, whatever the number
    /// of items): reported to the caller as the `dataCalls` extension.
    pub fn data_calls(&self) -> u32 {
        self.calls.load(Ordering::Relaxed)
    }

    fn count(&self) {
        self.calls.fetch_add(1, Ordering::Relaxed);
    }
}

/// A platform error as a GraphQL error: its description, with Wix's code and the HTTP
/// status REST would have answered in `extensions`. Internal details go to the log only.
pub fn error(e: WixError) -> async_graphql::Error {
    e.log_internal();
    let code = e.code();
    async_graphql::Error::new(e.description()).extend_with(|_, ext| {
        ext.set("code", code.as_str());
        ext.set("status", code.http_status());
    })
}

/// Items read together: a page, the items one reference level led to, or one item.
pub struct Batch {
    pub collection: Arc<Collection>,
    pub items: Vec<Map<String, Value>>,
    /// Each reference field's items for the whole batch, loaded once.
    links: Mutex<HashMap<String, Arc<OnceCell<Linked>>>>,
}

/// What a reference field of a batch leads to.
pub enum Linked {
    /// The target collection is missing, or the caller may not read it.
    Unreadable,
    Items {
        batch: Arc<Batch>,
        /// By referenced id (REFERENCE) or referring id (MULTI_REFERENCE): the positions of
        /// the items in `batch`, in link order.
        by_key: HashMap<String, Vec<usize>>,
    },
}

/// One item of a batch: a GraphQL object's parent value.
pub struct Node {
    pub batch: Arc<Batch>,
    pub index: usize,
}

impl Node {
    pub fn data(&self) -> &Map<String, Value> {
        &self.batch.items[self.index]
    }

    /// The items reference field `key` of this item leads to, loaded for its whole batch.
    pub async fn linked(&self, call: &Call, key: &str) -> async_graphql::Result<Vec<Node>> {
        let cell = {
            let mut links = self.batch.links.lock().expect("links lock");
            links.entry(key.to_string()).or_default().clone()
        };
        let linked = cell
            .get_or_try_init(|| load(call, &self.batch, key))
            .await?;
        let Linked::Items { batch, by_key } = linked else {
            return Ok(Vec::new());
        };
        let field_key = match self.batch.collection.field(key).map(|f| f.field_type) {
            Some(FieldType::Reference) => self.data().get(key).and_then(Value::as_str),
            _ => self.data().get("_id").and_then(Value::as_str),
        };
        Ok(field_key
            .and_then(|k| by_key.get(k))
            .map(|at| {
                at.iter()
                    .map(|&index| Node {
                        batch: batch.clone(),
                        index,
                    })
                    .collect()
            })
            .unwrap_or_default())
    }
}

impl Batch {
    pub fn new(collection: Arc<Collection>, items: Vec<Map<String, Value>>) -> Arc<Self> {
        Arc::new(Self {
            collection,
            items,
            links: Mutex::default(),
        })
    }

    /// The nodes of all the batch's items, in order.
    pub fn nodes(self: &Arc<Self>) -> impl Iterator<Item = Node> + '_ {
        (0..self.items.len()).map(|index| Node {
            batch: self.clone(),
            index,
        })
    }
}

/// Loads reference field `key` for every item of `batch` in one data call.
async fn load(call: &Call, batch: &Batch, key: &str) -> async_graphql::Result<Linked> {
    let c = &batch.collection;
    let field = c.field(key).ok_or_else(|| {
        async_graphql::Error::new(format!("'{key}' is not a field of collection {}", c.id))
    })?;
    let single = field.field_type == FieldType::Reference;
    let keys: Vec<String> = batch
        .items
        .iter()
        .filter_map(|i| i.get(if single { key } else { "_id" })?.as_str())
        .map(str::to_string)
        .collect();
    if keys.is_empty() {
        return Ok(Linked::Unreadable);
    }
    call.count();
    let found = references::referenced(&call.state, &call.ctx, c, field, &keys)
        .await
        .map_err(error)?;
    let Some((target, rows)) = found else {
        return Ok(Linked::Unreadable);
    };
    let mut items = Vec::with_capacity(rows.len());
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, item) in rows {
        let at = by_key.entry(k).or_default();
        // As `includeReferences`: a multi-reference shows its first 50 items per item.
        if single || at.len() < DEFAULT_LIMIT as usize {
            at.push(items.len());
            items.push(item.into_wix());
        }
    }
    Ok(Linked::Items {
        batch: Batch::new(Arc::new(target), items),
        by_key,
    })
}

/// A page of a collection's items, as `POST /wix-data/v2/items/query` answers it.
pub struct Page {
    pub batch: Arc<Batch>,
    pub has_next: bool,
    pub end_cursor: Option<String>,
    pub total: Option<u64>,
}

/// A list query: the wix-data filter and sort (JSON, as REST takes them), cursor paging.
pub struct ListArgs {
    pub filter: Value,
    pub sort: Value,
    pub first: Option<u64>,
    pub after: Option<String>,
    pub total: bool,
}

fn parse<T: serde::de::DeserializeOwned>(body: Value) -> async_graphql::Result<T> {
    tessera_platform::data::json::parse_value(body).map_err(error)
}

fn data_item(answer: Value) -> Map<String, Value> {
    match answer {
        Value::Object(mut o) => match o
            .remove("dataItem")
            .and_then(|mut d| d.get_mut("data").map(Value::take))
        {
            Some(Value::Object(data)) => data,
            _ => Map::new(),
        },
        _ => Map::new(),
    }
}

pub async fn list(
    call: &Call,
    collection: &Arc<Collection>,
    args: ListArgs,
) -> async_graphql::Result<Page> {
    let mut paging = json!({ "cursor": args.after });
    if let Some(first) = args.first {
        paging["limit"] = json!(first);
    }
    let req = parse(json!({
        "dataCollectionId": collection.id,
        "query": { "filter": args.filter, "sort": args.sort, "cursorPaging": paging },
        "returnTotalCount": args.total,
    }))?;
    call.count();
    let mut answer = items::query(&call.state, &call.ctx, req)
        .await
        .and_then(|a| a.into_value())
        .map_err(error)?;
    let paging = &answer["pagingMetadata"];
    let has_next = paging["hasNext"].as_bool().unwrap_or(false);
    let end_cursor = paging["cursors"]["next"].as_str().map(str::to_string);
    let total = paging["total"].as_u64();
    let items = match answer.get_mut("dataItems").map(Value::take) {
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|mut i| match i.get_mut("data").map(Value::take) {
                Some(Value::Object(data)) => data,
                _ => Map::new(),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Page {
        batch: Batch::new(collection.clone(), items),
        has_next,
        end_cursor,
        total,
    })
}

/// One item by id; None when there is none (or the caller may see only others').
pub async fn get(
    call: &Call,
    collection: &Arc<Collection>,
    id: &str,
) -> async_graphql::Result<Option<Node>> {
    let params = form_urlencoded::Serializer::new(String::new())
        .append_pair("dataCollectionId", &collection.id)
        .finish();
    call.count();
    match items::get(
        &call.state,
        &call.ctx,
        id.to_string(),
        &Params::parse(&params),
    )
    .await
    {
        Ok(answer) => Ok(Some(one(collection, data_item(answer)))),
        Err(e) if e.code() == WixCode::ItemNotFound => Ok(None),
        Err(e) => Err(error(e)),
    }
}

fn one(collection: &Arc<Collection>, data: Map<String, Value>) -> Node {
    Node {
        batch: Batch::new(collection.clone(), vec![data]),
        index: 0,
    }
}

/// The item a write answered with, as the caller sees it (after `after…` hooks).
pub enum Write {
    Insert(Value),
    Update(String, Value),
    Remove(String),
}

pub async fn write(
    call: &Call,
    collection: &Arc<Collection>,
    write: Write,
) -> async_graphql::Result<Node> {
    let (state, ctx, id) = (&call.state, &call.ctx, &collection.id);
    call.count();
    let answer = match write {
        Write::Insert(data) => {
            let req = parse(json!({ "dataCollectionId": id, "dataItem": { "data": data } }))?;
            items::insert(state, ctx, req).await
        }
        Write::Update(item, data) => {
            let req =
                parse(json!({ "dataCollectionId": id, "dataItem": { "id": item, "data": data } }))?;
            items::update(state, ctx, req).await
        }
        Write::Remove(item) => {
            let req = parse(json!({ "dataCollectionId": id, "dataItemId": item }))?;
            items::remove(state, ctx, req).await
        }
    }
    .map_err(error)?;
    Ok(one(collection, data_item(answer)))
}
