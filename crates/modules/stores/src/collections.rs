//! Product collections (categories): `/stores/v1/collections…`, kept in the system
//! collection `Stores/Collections`. A product lists its collections (`collectionIds`); every
//! product is in "All Products".

use serde_json::{Map, Value, json};
use tessera_core::{
    data::{FieldType, Item, Query, query::parse_filter},
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route},
};

use crate::records::At;
use crate::{
    boxed, may, path_id,
    products::{self, ALL_PRODUCTS, PRODUCTS},
    records::Kind,
};

pub const COLLECTIONS: Kind = Kind {
    id: "Stores/Collections",
    name: "Collections",
    fields: &[
        ("name", FieldType::Text),
        ("slug", FieldType::Text),
        ("description", FieldType::Text),
        ("visible", FieldType::Boolean),
        ("mainMedia", FieldType::Image),
    ],
    indexes: &[("by_slug", &["slug"], true)],
    public: true,
};

fn not_found(id: &str) -> WixError {
    WixError::new(
        WixCode::ItemNotFound,
        format!("collection {id} does not exist"),
    )
}

async fn count_products(p: &Platform, site: &Site, id: &str) -> WixResult<u64> {
    let filter = if id == ALL_PRODUCTS {
        parse_filter(&Value::Null)?
    } else {
        parse_filter(&json!({"collectionIds": {"$hasSome": [id]}}))?
    };
    PRODUCTS.count(p, site, &filter).await
}

async fn view(p: &Platform, site: &Site, item: &Item) -> WixResult<Value> {
    Ok(json!({
        "id": item.id,
        "name": item.data.at("name"),
        "slug": item.data.at("slug"),
        "description": item.data.at("description").as_str().unwrap_or_default(),
        "visible": item.data.at("visible").as_bool().unwrap_or(true),
        "media": { "mainMedia": item.data.at("mainMedia") },
        "numberOfProducts": count_products(p, site, &item.id).await?,
    }))
}

fn all_products() -> Item {
    Item {
        id: ALL_PRODUCTS.into(),
        owner: None,
        created_at: 0,
        updated_at: 0,
        data: json!({"name": "All Products", "slug": "all-products", "visible": true})
            .as_object()
            .cloned()
            .unwrap_or_default(),
    }
}

async fn get(p: &Platform, site: &Site, id: &str) -> WixResult<Item> {
    if id == ALL_PRODUCTS {
        return Ok(all_products());
    }
    COLLECTIONS
        .get(p, site, id)
        .await?
        .ok_or_else(|| not_found(id))
}

fn apply(data: &mut Map<String, Value>, body: &Value) -> WixResult<()> {
    let new = data.is_empty();
    match body["name"].as_str().map(str::trim) {
        Some(n) if !n.is_empty() && n.chars().count() <= 50 => {
            data.insert("name".into(), json!(n));
            if new || body["slug"].is_string() {
                let slug = body["slug"].as_str().unwrap_or(n);
                let slug: String = slug
                    .to_lowercase()
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '-' })
                    .collect();
                data.insert("slug".into(), json!(slug.trim_matches('-')));
            }
        }
        Some(_) => {
            return Err(WixError::bad_request("collection.name: 1 to 50 characters"));
        }
        None if new => return Err(WixError::bad_request("collection.name: is required")),
        None => {}
    }
    if let Some(d) = body["description"].as_str() {
        data.insert("description".into(), json!(d));
    }
    if let Some(v) = body["visible"].as_bool() {
        data.insert("visible".into(), json!(v));
    }
    if let Some(url) = body["media"]["mainMedia"]["image"]["url"].as_str() {
        data.insert("mainMedia".into(), json!(url));
    }
    data.entry("visible").or_insert(json!(true));
    Ok(())
}

/// Adds (or removes) products to a collection by writing their `collectionIds`.
async fn link(p: &Platform, site: &Site, id: &str, body: &Value, add: bool) -> WixResult<Value> {
    if id == ALL_PRODUCTS {
        return Err(WixError::bad_request(
            "All Products holds every product; it cannot be changed",
        ));
    }
    get(p, site, id).await?;
    let ids: Vec<String> = body["productIds"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    if ids.is_empty() || ids.len() > 100 {
        return Err(WixError::bad_request("productIds: 1 to 100 product ids"));
    }
    for pid in &ids {
        for _ in 0..3 {
            let mut item = products::get(p, site, pid).await?;
            let mut list: Vec<Value> = item
                .data
                .at("collectionIds")
                .as_array()
                .cloned()
                .unwrap_or_default();
            let had = list.iter().any(|c| c == id);
            if had == add {
                break;
            }
            if add {
                list.push(json!(id));
            } else {
                list.retain(|c| c != id);
            }
            item.data.insert("collectionIds".into(), json!(list));
            match PRODUCTS.save(p, site, &item).await {
                Ok(_) => break,
                Err(e) if e.is_condition_failed() => continue,
                Err(e) => return Err(e),
            }
        }
    }
    Ok(json!({}))
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(Method::Post, "/stores/v1/collections", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                let mut data = Map::new();
                apply(&mut data, &call.body["collection"])?;
                let id = uuid::Uuid::new_v4().to_string();
                let item = COLLECTIONS
                    .insert(&p, &call.ctx.site, &id, data)
                    .await
                    .map_err(|e| {
                        if e.is_condition_failed() {
                            WixError::bad_request("collection.slug: another collection has it")
                        } else {
                            e
                        }
                    })?;
                Ok(json!({ "collection": view(&p, &call.ctx.site, &item).await? }))
            })
        }),
        Route::new(Method::Get, "/stores/v1/collections/{id}", |p, call| {
            boxed(async move {
                let item = get(&p, &call.ctx.site, &path_id(&call, "id")?).await?;
                Ok(json!({ "collection": view(&p, &call.ctx.site, &item).await? }))
            })
        }),
        Route::new(
            Method::Get,
            "/stores/v1/collections/slug/{slug}",
            |p, call| {
                boxed(async move {
                    let slug = path_id(&call, "slug")?;
                    let site = &call.ctx.site;
                    let item = if slug == "all-products" {
                        all_products()
                    } else {
                        let q = Query {
                            filter: parse_filter(&json!({"slug": slug}))?,
                            limit: 1,
                            ..Query::default()
                        };
                        COLLECTIONS
                            .query(&p, site, &q)
                            .await?
                            .into_iter()
                            .next()
                            .ok_or_else(|| not_found(&slug))?
                    };
                    Ok(json!({ "collection": view(&p, site, &item).await? }))
                })
            },
        ),
        Route::new(Method::Patch, "/stores/v1/collections/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                let id = path_id(&call, "id")?;
                if id == ALL_PRODUCTS {
                    return Err(WixError::bad_request("All Products cannot be changed"));
                }
                let mut item = get(&p, &call.ctx.site, &id).await?;
                apply(&mut item.data, &call.body["collection"])?;
                let saved = COLLECTIONS
                    .save(&p, &call.ctx.site, &item)
                    .await?
                    .ok_or_else(|| not_found(&id))?;
                Ok(json!({ "collection": view(&p, &call.ctx.site, &saved).await? }))
            })
        }),
        Route::new(Method::Delete, "/stores/v1/collections/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                let id = path_id(&call, "id")?;
                COLLECTIONS
                    .remove(&p, &call.ctx.site, &id)
                    .await?
                    .ok_or_else(|| not_found(&id))?;
                Ok(json!({}))
            })
        }),
        Route::new(Method::Post, "/stores/v1/collections/query", |p, call| {
            boxed(async move {
                let site = &call.ctx.site;
                let (limit, offset) = crate::paging(&call.body["query"]["paging"], 50, 100)?;
                let q = Query {
                    limit,
                    offset,
                    sort: tessera_core::data::query::parse_sort(&json!([{"fieldName": "name"}]))?,
                    ..Query::default()
                };
                let mut items = vec![all_products()];
                items.extend(COLLECTIONS.query(&p, site, &q).await?);
                let mut out = Vec::new();
                for i in &items {
                    out.push(view(&p, site, i).await?);
                }
                let total = COLLECTIONS.count(&p, site, &q.filter).await? + 1;
                Ok(json!({
                    "collections": out,
                    "metadata": { "items": out.len(), "offset": offset },
                    "totalResults": total,
                }))
            })
        }),
        Route::new(
            Method::Post,
            "/stores/v1/collections/{id}/productIds",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::EditContent)?;
                    link(&p, &call.ctx.site, &path_id(&call, "id")?, &call.body, true).await
                })
            },
        ),
        Route::new(
            Method::Post,
            "/stores/v1/collections/{id}/productIds/delete",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::EditContent)?;
                    link(
                        &p,
                        &call.ctx.site,
                        &path_id(&call, "id")?,
                        &call.body,
                        false,
                    )
                    .await
                })
            },
        ),
    ]
}
