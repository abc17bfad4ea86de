//! Bookings' plain named documents with Wix's routes for them: create, get, update by
//! revision, delete and query (`/bookings/v2/categories`, `/bookings/v2/resources`, …).
//! Each kind says how it is checked and what it must keep true of the rest.

use std::future::Future;

use futures::FutureExt;
use serde_json::{Map, Value, json};
use tessera_core::{
    data::{Filter, Item, Query},
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route},
    records::{At, Kind},
};

use crate::{may, paging, paging_metadata};

pub trait Entity: 'static {
    const KIND: Kind;
    /// The key of one in requests and answers (`category`) and of a list (`categories`).
    const ONE: &'static str;
    const MANY: &'static str;
    /// The routes' root: `POST {PATH}` creates, `{PATH}/{id}` reads, updates and deletes,
    /// `POST {PATH}/query` lists.
    const PATH: &'static str;
    /// A site has at most this many.
    const MAX: u64;
    /// Visitors may read them (categories), or only the business (resources).
    const PUBLIC: bool;

    /// Checks a document as sent (on update, merged onto the stored one), answering the
    /// fields to store; errors name the field under `ONE`.
    fn parse(
        p: &Platform,
        site: &Site,
        v: &Value,
    ) -> impl Future<Output = WixResult<Map<String, Value>>> + Send;

    /// The document as Wix answers it.
    fn view(item: &Item) -> Value {
        view(item)
    }

    /// Keeps what refers to it true after it changed (None: it was deleted).
    fn changed(
        _p: &Platform,
        _site: &Site,
        _id: &str,
        _now: Option<&Item>,
    ) -> impl Future<Output = WixResult<()>> + Send {
        async { Ok(()) }
    }

    /// Refuses to delete what is still needed (FailedPrecondition, saying by what).
    fn removable(
        _p: &Platform,
        _site: &Site,
        _id: &str,
    ) -> impl Future<Output = WixResult<()>> + Send {
        async { Ok(()) }
    }
}

/// The document as Wix answers it: its fields, id, revision and dates.
pub fn view(item: &Item) -> Value {
    let mut v = Value::Object(item.data.clone());
    v["id"] = json!(item.id);
    v["revision"] = json!(item.data.at("revision").as_i64().unwrap_or(1).to_string());
    v["createdDate"] = json!(tessera_platform::time(item.created_at));
    v["updatedDate"] = json!(tessera_platform::time(item.updated_at));
    v
}

fn not_found<E: Entity>(id: &str) -> WixError {
    WixError::new(WixCode::ItemNotFound, format!("{} {id} not found", E::ONE))
}

pub async fn get<E: Entity>(p: &Platform, site: &Site, id: &str) -> WixResult<Item> {
    E::KIND
        .get(p, site, id)
        .await?
        .ok_or_else(|| not_found::<E>(id))
}

/// Every one of the site's (at most `MAX`), by name.
pub async fn all<E: Entity>(p: &Platform, site: &Site) -> WixResult<Vec<Item>> {
    let q = Query {
        limit: E::MAX as u32,
        ..Query::default()
    };
    let mut items = E::KIND.query(p, site, &q).await?;
    items.sort_by(|a, b| a.data.at("name").as_str().cmp(&b.data.at("name").as_str()));
    Ok(items)
}

/// A name as `field` must be: 1 to `max` characters, trimmed.
pub fn name(v: &Value, field: &str, max: usize) -> WixResult<String> {
    let name = v.as_str().map(str::trim).unwrap_or_default();
    if name.is_empty() || name.chars().count() > max {
        return Err(WixError::bad_request(format!(
            "{field}: is required, at most {max} characters"
        )));
    }
    Ok(name.to_string())
}

async fn create<E: Entity>(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let mut data = E::parse(p, site, &body[E::ONE]).await?;
    if E::KIND.count(p, site, &Filter::All).await? >= E::MAX {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!("a site has at most {} {}", E::MAX, E::MANY),
        ));
    }
    data.insert("revision".into(), json!(1));
    let id = uuid::Uuid::new_v4().to_string();
    let item = E::KIND.insert(p, site, &id, data).await?;
    Ok(json!({ E::ONE: E::view(&item) }))
}

async fn update<E: Entity>(p: &Platform, site: &Site, id: &str, body: &Value) -> WixResult<Value> {
    let sent = &body[E::ONE];
    let mut item = get::<E>(p, site, id).await?;
    let current = item.data.at("revision").as_i64().unwrap_or(1);
    crate::services::check_revision(&sent["revision"], current, &format!("{}.revision", E::ONE))?;
    let mut merged = Value::Object(item.data.clone());
    for (k, v) in sent.as_object().into_iter().flatten() {
        if !matches!(
            k.as_str(),
            "id" | "revision" | "createdDate" | "updatedDate"
        ) {
            merged[k] = v.clone();
        }
    }
    let mut data = E::parse(p, site, &merged).await?;
    data.insert("revision".into(), json!(current + 1));
    item.data = data;
    let saved = E::KIND
        .save(p, site, &item)
        .await?
        .ok_or_else(|| not_found::<E>(id))?;
    E::changed(p, site, id, Some(&saved)).await?;
    Ok(json!({ E::ONE: E::view(&saved) }))
}

async fn remove<E: Entity>(p: &Platform, site: &Site, id: &str) -> WixResult<Value> {
    get::<E>(p, site, id).await?;
    E::removable(p, site, id).await?;
    E::KIND
        .remove(p, site, id)
        .await?
        .ok_or_else(|| not_found::<E>(id))?;
    E::changed(p, site, id, None).await?;
    Ok(json!({}))
}

/// `POST {PATH}/query`: by name, with Wix's paging; `filter.id` and `filter.typeId` as a
/// value, `$eq` or `$in`.
async fn query<E: Entity>(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let q = &body["query"];
    let (limit, offset) = paging(q)?;
    let mut items = all::<E>(p, site).await?;
    for key in ["id", "typeId"] {
        let wanted = crate::availability::ids(&q["filter"][key]);
        if !q["filter"][key].is_null() {
            items.retain(|i| {
                let v = if key == "id" {
                    i.id.as_str()
                } else {
                    i.data.at(key).as_str().unwrap_or_default()
                };
                wanted.iter().any(|w| w == v)
            });
        }
    }
    let total = items.len() as u64;
    let page: Vec<Value> = items
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(E::view)
        .collect();
    Ok(json!({
        E::MANY: page,
        "pagingMetadata": paging_metadata(page.len(), offset, total),
    }))
}

pub fn routes<E: Entity>() -> Vec<Route> {
    vec![
        Route::new(Method::Post, E::PATH, |p, call| {
            async move {
                may(&call.ctx, Permission::Manage)?;
                create::<E>(&p, &call.ctx.site, &call.body).await
            }
            .boxed()
        }),
        Route::new(Method::Get, &format!("{}/{{id}}", E::PATH), |p, call| {
            async move {
                if !E::PUBLIC {
                    may(&call.ctx, Permission::View)?;
                }
                let item = get::<E>(&p, &call.ctx.site, call.path_param("id")).await?;
                Ok(json!({ E::ONE: E::view(&item) }))
            }
            .boxed()
        }),
        Route::new(Method::Patch, &format!("{}/{{id}}", E::PATH), |p, call| {
            async move {
                may(&call.ctx, Permission::Manage)?;
                update::<E>(&p, &call.ctx.site, call.path_param("id"), &call.body).await
            }
            .boxed()
        }),
        Route::new(Method::Delete, &format!("{}/{{id}}", E::PATH), |p, call| {
            async move {
                may(&call.ctx, Permission::Manage)?;
                remove::<E>(&p, &call.ctx.site, call.path_param("id")).await
            }
            .boxed()
        }),
        Route::new(Method::Post, &format!("{}/query", E::PATH), |p, call| {
            async move {
                if !E::PUBLIC {
                    may(&call.ctx, Permission::View)?;
                }
                query::<E>(&p, &call.ctx.site, &call.body).await
            }
            .boxed()
        }),
    ]
}
