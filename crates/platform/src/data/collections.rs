//! `/wix-data/v2/collections` and `/wix-data/v2/indexes`: collection schemas.

use serde::Deserialize;
use serde_json::{Value, json};
use tessera_core::{
    Error,
    data::{
        Collection, DRAFTS_SUFFIX, Field, FieldType, Index, Permissions, collection::SYSTEM_FIELDS,
    },
    now_millis,
};

use super::{DataContext, Params};
use crate::{
    Platform,
    error::{WixCode, WixError, WixResult},
};

/// A field as Wix sends it: the reference target may sit in `typeMetadata`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldBody {
    #[serde(flatten)]
    field: FieldWire,
    #[serde(default)]
    type_metadata: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldWire {
    key: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(rename = "type")]
    field_type: FieldType,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    unique: bool,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
    #[serde(default)]
    pattern: Option<String>,
    #[serde(default)]
    referenced_collection_id: Option<String>,
}

impl FieldBody {
    fn into_field(self) -> Field {
        let f = self.field;
        let from_metadata = self.type_metadata.as_ref().and_then(|m| {
            ["reference", "multiReference"].iter().find_map(|k| {
                m.get(k)?
                    .get("referencedCollectionId")?
                    .as_str()
                    .map(str::to_string)
            })
        });
        Field {
            display_name: f.display_name.unwrap_or_else(|| f.key.clone()),
            key: f.key,
            field_type: f.field_type,
            required: f.required,
            unique: f.unique,
            min: f.min,
            max: f.max,
            pattern: f.pattern,
            referenced_collection_id: f.referenced_collection_id.or(from_metadata),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionBody {
    id: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    display_field: Option<String>,
    #[serde(default)]
    fields: Vec<FieldBody>,
    #[serde(default)]
    permissions: Option<Permissions>,
    #[serde(default)]
    indexes: Option<Vec<Index>>,
    /// Wix sends revisions as strings.
    #[serde(default)]
    revision: Option<Value>,
}

#[derive(Deserialize)]
pub struct CollectionEnvelope {
    collection: CollectionBody,
}

fn field_view(f: &Field) -> Value {
    let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
    if let Some(target) = &f.referenced_collection_id {
        let kind = if f.field_type == FieldType::MultiReference {
            "multiReference"
        } else {
            "reference"
        };
        v["typeMetadata"] = json!({ kind: { "referencedCollectionId": target } });
    }
    v
}

pub fn collection_view(c: &Collection) -> Value {
    let system = [
        ("_id", "TEXT"),
        ("_owner", "TEXT"),
        ("_createdDate", "DATETIME"),
        ("_updatedDate", "DATETIME"),
    ];
    let mut fields: Vec<Value> = system
        .iter()
        .map(|(key, t)| json!({ "key": key, "displayName": key, "type": t, "systemField": true }))
        .collect();
    fields.extend(c.fields.iter().map(field_view));
    json!({
        "id": c.id,
        "collectionType": "NATIVE",
        "displayName": c.display_name,
        "displayField": c.display_field,
        "fields": fields,
        "permissions": c.permissions,
        "indexes": c.indexes,
        "revision": c.revision.to_string(),
        "createdDate": crate::time(c.created_at),
        "updatedDate": crate::time(c.updated_at),
        "maxPageSize": tessera_core::data::query::MAX_LIMIT,
        "pagingModes": ["OFFSET", "CURSOR"],
        "plugins": [],
        "capabilities": {
            "dataOperations": ["AGGREGATE", "BULK_INSERT", "BULK_REMOVE", "BULK_SAVE", "BULK_UPDATE", "COUNT",
                "DISTINCT", "FIND", "GET", "INSERT", "INSERT_REFERENCE", "IS_REFERENCED", "QUERY_REFERENCED",
                "REMOVE", "REMOVE_REFERENCE", "REPLACE_REFERENCES", "SAVE", "TRUNCATE", "UPDATE"],
            "collectionOperations": ["UPDATE", "REMOVE"],
        },
        "defaultDisplayOrder": { "fieldName": "_createdDate", "order": "DESC" },
    })
}

fn manage(ctx: &DataContext) -> WixResult<()> {
    if ctx.caller.may_manage_collections() {
        Ok(())
    } else {
        Err(WixError::denied(
            "managing collections needs the editor role or above",
        ))
    }
}

/// A collection by id; a drafts shadow (`<id>__drafts`) is made when its collection exists.
pub async fn load(state: &Platform, ctx: &DataContext, id: &str) -> WixResult<Collection> {
    let store = state.store();
    if let Some(c) = store.collection(ctx.site.id, id).await? {
        return Ok(c);
    }
    if let Some(base_id) = id.strip_suffix(DRAFTS_SUFFIX)
        && let Some(base) = store.collection(ctx.site.id, base_id).await?
    {
        return super::drafts::shadow(state, &base).await;
    }
    Err(WixError::collection_not_found(id))
}

fn build(
    ctx: &DataContext,
    b: CollectionBody,
    revision: i64,
    created_at: i64,
) -> WixResult<Collection> {
    let fields = b
        .fields
        .into_iter()
        .filter(|f| !SYSTEM_FIELDS.contains(&f.field.key.as_str()))
        .map(FieldBody::into_field)
        .collect();
    let c = Collection {
        site_id: ctx.site.id,
        display_name: b
            .display_name
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| b.id.clone()),
        id: b.id,
        display_field: b.display_field.filter(|d| !d.is_empty()),
        fields,
        permissions: b.permissions.unwrap_or_default(),
        indexes: b.indexes.unwrap_or_default(),
        revision,
        created_at,
        updated_at: now_millis(),
        show_drafts: false,
    };
    c.validate()?;
    Ok(c)
}

pub async fn create(
    state: &Platform,
    ctx: &DataContext,
    CollectionEnvelope { collection }: CollectionEnvelope,
) -> WixResult<Value> {
    manage(ctx)?;
    let c = build(ctx, collection, 1, now_millis())?;
    system_schema(&c.id)?;
    let max = tessera_core::data::collection::MAX_COLLECTIONS;
    if state.store().collections(ctx.site.id).await?.len() >= max {
        return Err(WixError::bad_request(format!(
            "a site has at most {max} collections"
        )));
    }
    state
        .store()
        .create_collection(&c)
        .await
        .map_err(|e| match e {
            Error::Conflict { .. } => WixError::new(
                WixCode::AlreadyExists,
                format!("collection {} already exists", c.id),
            ),
            e => e.into(),
        })?;
    changed(state, &c);
    Ok(json!({ "collection": collection_view(&c) }))
}

pub async fn list(state: &Platform, ctx: &DataContext) -> WixResult<Value> {
    if !ctx.caller.may_view_collections() {
        return Err(WixError::denied("listing collections needs a site role"));
    }
    let all = state.store().collections(ctx.site.id).await?;
    let views: Vec<Value> = all.iter().map(collection_view).collect();
    let n = views.len();
    Ok(
        json!({ "collections": views, "pagingMetadata": { "count": n, "offset": 0, "total": n, "hasNext": false } }),
    )
}

pub async fn get(state: &Platform, ctx: &DataContext, id: String) -> WixResult<Value> {
    if !ctx.caller.may_view_collections() {
        return Err(WixError::denied(
            "reading a collection's schema needs a site role",
        ));
    }
    let c = load(state, ctx, &id).await?;
    Ok(json!({ "collection": collection_view(&c) }))
}

/// System collections' schemas belong to the platform.
fn system_schema(id: &str) -> WixResult<()> {
    if tessera_core::data::collection::is_system_collection(id) {
        return Err(WixError::denied(format!(
            "{id} is a system collection; its schema cannot be changed"
        )));
    }
    Ok(())
}

/// Announces a schema change (pages that read the collection are rendered again).
fn changed(state: &Platform, c: &Collection) {
    state
        .events()
        .publish(tessera_core::events::Event::CollectionChanged {
            site_id: c.site_id,
            collection_id: c.id.clone(),
        });
}

/// Stores `new` in place of `old`, bumping the revision.
async fn replace(state: &Platform, old: &Collection, mut new: Collection) -> WixResult<Value> {
    system_schema(&old.id)?;
    if let Some(base) = old.id.strip_suffix(DRAFTS_SUFFIX) {
        return Err(WixError::bad_request(format!(
            "{} holds drafts and follows {base}'s schema; change {base} instead",
            old.id
        )));
    }
    new.revision = old.revision + 1;
    new.created_at = old.created_at;
    new.updated_at = now_millis();
    new.validate()?;
    state.store().update_collection(old, &new).await?;
    super::drafts::follow_schema(state, &new).await?;
    changed(state, &new);
    Ok(collection_view(&new))
}

pub async fn update(
    state: &Platform,
    ctx: &DataContext,
    CollectionEnvelope { collection }: CollectionEnvelope,
) -> WixResult<Value> {
    manage(ctx)?;
    let old = load(state, ctx, &collection.id).await?;
    let sent_revision = collection.revision.as_ref().and_then(|r| match r {
        Value::String(s) => s.parse::<i64>().ok(),
        other => other.as_i64(),
    });
    if sent_revision.is_some_and(|r| r != old.revision) {
        return Err(Error::conflict(
            "revision",
            "the collection was changed meanwhile; read it again",
        )
        .into());
    }
    let keep_indexes = collection.indexes.is_none();
    let mut new = build(ctx, collection, old.revision, old.created_at)?;
    if keep_indexes {
        new.indexes = old.indexes.clone();
    }
    Ok(json!({ "collection": replace(state, &old, new).await? }))
}

pub async fn delete(state: &Platform, ctx: &DataContext, id: String) -> WixResult<Value> {
    manage(ctx)?;
    let c = load(state, ctx, &id).await?;
    system_schema(&c.id)?;
    state.store().delete_collection(ctx.site.id, &id).await?;
    super::drafts::delete_shadow(state, &c).await?;
    changed(state, &c);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldRequest {
    data_collection_id: String,
    field: FieldBody,
}

pub async fn create_field(
    state: &Platform,
    ctx: &DataContext,
    req: FieldRequest,
) -> WixResult<Value> {
    manage(ctx)?;
    let old = load(state, ctx, &req.data_collection_id).await?;
    let field = req.field.into_field();
    if old.field(&field.key).is_some() || SYSTEM_FIELDS.contains(&field.key.as_str()) {
        return Err(Error::conflict("field", format!("field '{}' exists", field.key)).into());
    }
    let mut new = old.clone();
    new.fields.push(field);
    Ok(json!({ "dataCollection": replace(state, &old, new).await? }))
}

pub async fn update_field(
    state: &Platform,
    ctx: &DataContext,
    req: FieldRequest,
) -> WixResult<Value> {
    manage(ctx)?;
    let old = load(state, ctx, &req.data_collection_id).await?;
    let field = req.field.into_field();
    let mut new = old.clone();
    let slot = new
        .fields
        .iter_mut()
        .find(|f| f.key == field.key)
        .ok_or(Error::NotFound("field"))?;
    *slot = field;
    Ok(json!({ "dataCollection": replace(state, &old, new).await? }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteFieldRequest {
    data_collection_id: String,
    field_key: String,
}

pub async fn delete_field(
    state: &Platform,
    ctx: &DataContext,
    req: DeleteFieldRequest,
) -> WixResult<Value> {
    manage(ctx)?;
    let old = load(state, ctx, &req.data_collection_id).await?;
    let mut new = old.clone();
    new.fields.retain(|f| f.key != req.field_key);
    if new.fields.len() == old.fields.len() {
        return Err(Error::NotFound("field").into());
    }
    new.indexes.retain(|i| !i.fields.contains(&req.field_key));
    if new.display_field.as_deref() == Some(req.field_key.as_str()) {
        new.display_field = None;
    }
    Ok(json!({ "dataCollection": replace(state, &old, new).await? }))
}

/// Wix's index shape: `{name, fields: [{path, order}], unique}`.
#[derive(Deserialize)]
pub struct IndexBody {
    name: String,
    fields: Vec<IndexField>,
    #[serde(default)]
    unique: bool,
}

#[derive(Deserialize)]
pub struct IndexField {
    path: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexRequest {
    data_collection_id: String,
    index: IndexBody,
}

fn index_view(i: &Index) -> Value {
    let fields: Vec<Value> = i
        .fields
        .iter()
        .map(|f| json!({ "path": f, "order": "ASC" }))
        .collect();
    json!({ "name": i.name, "fields": fields, "unique": i.unique, "status": "ACTIVE" })
}

pub async fn create_index(
    state: &Platform,
    ctx: &DataContext,
    req: IndexRequest,
) -> WixResult<Value> {
    manage(ctx)?;
    let old = load(state, ctx, &req.data_collection_id).await?;
    if old.indexes.iter().any(|i| i.name == req.index.name) {
        return Err(Error::conflict("index", format!("index '{}' exists", req.index.name)).into());
    }
    let index = Index {
        name: req.index.name,
        fields: req.index.fields.into_iter().map(|f| f.path).collect(),
        unique: req.index.unique,
    };
    let mut new = old.clone();
    new.indexes.push(index.clone());
    replace(state, &old, new).await?;
    Ok(json!({ "index": index_view(&index) }))
}

pub async fn list_indexes(state: &Platform, ctx: &DataContext, p: &Params) -> WixResult<Value> {
    if !ctx.caller.may_view_collections() {
        return Err(WixError::denied("listing indexes needs a site role"));
    }
    let c = load(state, ctx, p.required("dataCollectionId")?).await?;
    let views: Vec<Value> = c.indexes.iter().map(index_view).collect();
    Ok(json!({ "indexes": views }))
}

pub async fn drop_index(state: &Platform, ctx: &DataContext, p: &Params) -> WixResult<Value> {
    manage(ctx)?;
    let old = load(state, ctx, p.required("dataCollectionId")?).await?;
    let name = p.required("indexName")?.to_string();
    let mut new = old.clone();
    new.indexes.retain(|i| i.name != name);
    if new.indexes.len() == old.indexes.len() {
        return Err(Error::NotFound("index").into());
    }
    replace(state, &old, new).await?;
    Ok(json!({}))
}
