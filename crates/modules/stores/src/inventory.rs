//! Inventory: `/stores/v2/inventoryItems…`. A product's inventory item has the product's id;
//! its variants' stock are rows of `store_stock`, where holds of unpaid orders are counted.

use futures::future::BoxFuture;
use serde_json::{Value, json};
use tessera_core::{
    commerce::{StockLevel, StockLine},
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route, RouteCall},
};

use crate::records::At;
use crate::{boxed, may, path_id, products};

/// A product's inventory item in Wix's shape.
fn view(product_id: &str, levels: &[StockLevel]) -> Value {
    json!({
        "id": product_id,
        "productId": product_id,
        "externalId": product_id,
        "trackQuantity": levels.iter().any(|l| l.track_quantity),
        "variants": levels.iter().map(|l| json!({
            "variantId": l.variant_id,
            "inStock": l.available() != Some(0),
            "quantity": l.track_quantity.then_some(l.quantity - l.reserved),
            "availableForPreorder": l.preorder,
        })).collect::<Vec<_>>(),
        "preorderInfo": { "enabled": levels.iter().any(|l| l.preorder) },
        "numericId": Value::Null,
    })
}

async fn item(p: &Platform, site: &Site, product_id: &str) -> WixResult<Vec<StockLevel>> {
    let levels = p.store().stock(site.id, &[product_id.to_string()]).await?;
    if levels.is_empty() {
        return Err(WixError::new(
            WixCode::ItemNotFound,
            format!("inventory item {product_id} does not exist"),
        ));
    }
    Ok(levels)
}

/// `PATCH /stores/v2/inventoryItems/{id}`: tracking for the whole product, and each named
/// variant's quantity or in-stock flag.
async fn update(p: &Platform, site: &Site, id: &str, body: &Value) -> WixResult<Value> {
    let input = &body["inventoryItem"];
    let mut levels = item(p, site, id).await?;
    let track = match &input["trackQuantity"] {
        Value::Bool(b) => Some(*b),
        Value::Null => None,
        _ => {
            return Err(WixError::bad_request(
                "inventoryItem.trackQuantity: true or false",
            ));
        }
    };
    if let Some(t) = track {
        for l in &mut levels {
            l.track_quantity = t;
        }
    }
    for (i, v) in input["variants"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let field = format!("inventoryItem.variants[{i}]");
        let vid = v["variantId"].as_str().unwrap_or(products::DEFAULT_VARIANT);
        let Some(l) = levels.iter_mut().find(|l| l.variant_id == vid) else {
            return Err(WixError::bad_request(format!(
                "{field}.variantId: the product has no variant {vid}"
            )));
        };
        match &v["quantity"] {
            Value::Null => {}
            q => match q.as_i64() {
                // The quantity sent is what is available; what orders hold stays held.
                Some(n) if (0..=1_000_000_000).contains(&n) => l.quantity = n + l.reserved,
                _ => {
                    return Err(WixError::bad_request(format!(
                        "{field}.quantity: a whole number from 0"
                    )));
                }
            },
        }
        if let Some(b) = v["inStock"].as_bool() {
            l.in_stock = b;
        }
        if let Some(b) = v["availableForPreorder"].as_bool() {
            l.preorder = b;
        }
    }
    if let Some(b) = input["preorderInfo"]["enabled"].as_bool() {
        for l in &mut levels {
            l.preorder = b;
        }
    }
    let before = item(p, site, id).await?;
    p.store().put_stock(site.id, &levels).await?;
    products::refresh_stock(p, site, id).await?;
    let after = item(p, site, id).await?;
    announce(p, site, id, &before, &after).await;
    Ok(json!({ "inventoryItem": view(id, &after) }))
}

/// `events.js` hears of changed stock as Velo's older store events tell it: the item's
/// tracking (`wixStores_onInventoryItemUpdated`) and its variants' stock, old and new
/// (`wixStores_onInventoryVariantUpdated`).
async fn announce(
    p: &Platform,
    site: &Site,
    id: &str,
    before: &[StockLevel],
    after: &[StockLevel],
) {
    let tracked = |levels: &[StockLevel]| levels.iter().any(|l| l.track_quantity);
    if tracked(before) != tracked(after) {
        crate::announce(
            p,
            site,
            "wixStores_onInventoryItemUpdated",
            json!({ "inventoryItemId": id, "externalId": id, "trackInventory": tracked(after) }),
        )
        .await;
    }
    let stock = |l: &StockLevel| json!({ "inStock": l.available() != Some(0), "quantity": l.track_quantity.then_some(l.quantity - l.reserved) });
    let variants: Vec<Value> = after
        .iter()
        .filter_map(|new| {
            let old = before.iter().find(|b| b.variant_id == new.variant_id)?;
            (stock(old) != stock(new)).then(
                || json!({ "id": new.variant_id, "oldValue": stock(old), "newValue": stock(new) }),
            )
        })
        .collect();
    if !variants.is_empty() {
        crate::announce(
            p,
            site,
            "wixStores_onInventoryVariantUpdated",
            json!({ "inventoryItemId": id, "externalId": id, "variants": variants }),
        )
        .await;
    }
}

/// `POST /stores/v2/inventoryItems/decrement|increment`.
async fn adjust(p: &Platform, site: &Site, body: &Value, sign: i64) -> WixResult<Value> {
    let (key, by) = if sign < 0 {
        ("decrementData", "decrementBy")
    } else {
        ("incrementData", "incrementBy")
    };
    let Some(list) = body[key]
        .as_array()
        .filter(|l| !l.is_empty() && l.len() <= 100)
    else {
        return Err(WixError::bad_request(format!("{key}: 1 to 100 entries")));
    };
    let mut lines = Vec::new();
    for (i, d) in list.iter().enumerate() {
        let field = format!("{key}[{i}]");
        let product = d
            .at("productId")
            .as_str()
            .or_else(|| d.at("inventoryId").as_str())
            .ok_or_else(|| {
                WixError::bad_request(format!("{field}: needs productId or inventoryId"))
            })?;
        let n = d[by]
            .as_i64()
            .filter(|n| (1..=1_000_000_000).contains(n))
            .ok_or_else(|| WixError::bad_request(format!("{field}.{by}: a whole number from 1")))?;
        lines.push(StockLine {
            product_id: product.into(),
            variant_id: d
                .at("variantId")
                .as_str()
                .unwrap_or(products::DEFAULT_VARIANT)
                .into(),
            quantity: sign * n,
        });
    }
    let mut touched: Vec<String> = lines.iter().map(|l| l.product_id.clone()).collect();
    touched.sort();
    touched.dedup();
    let before = p.store().stock(site.id, &touched).await?;
    p.store()
        .adjust_stock(site.id, &lines, true)
        .await
        .map_err(insufficient)?;
    let after = p.store().stock(site.id, &touched).await?;
    for product in &touched {
        products::refresh_stock(p, site, product).await?;
        let of = |levels: &[StockLevel]| -> Vec<StockLevel> {
            levels
                .iter()
                .filter(|l| &l.product_id == product)
                .cloned()
                .collect()
        };
        announce(p, site, product, &of(&before), &of(&after)).await;
    }
    Ok(json!({}))
}

/// The store's shortage as Wix says it.
pub fn insufficient(e: tessera_core::Error) -> WixError {
    match e {
        tessera_core::Error::Conflict {
            field: "inventory",
            message,
        } => WixError::new(WixCode::InsufficientInventory, message),
        tessera_core::Error::NotFound("variant") => WixError::new(
            WixCode::ItemNotFound,
            "the product or variant has no inventory",
        ),
        e => e.into(),
    }
}

fn patch(p: Platform, call: RouteCall) -> BoxFuture<'static, WixResult<Value>> {
    boxed(async move {
        may(&call.ctx, Permission::EditContent)?;
        let id = path_id(&call, "id")?;
        update(&p, &call.ctx.site, &id, &call.body).await
    })
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(
            Method::Post,
            "/stores/v2/inventoryItems/query",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::View)?;
                    let site = &call.ctx.site;
                    let q = &call.body["query"];
                    let (limit, offset) = crate::paging(&q["paging"], 50, 100)?;
                    let body = json!({
                        "query": { "filter": q["filter"], "paging": {"limit": limit, "offset": offset} },
                        "includeHiddenProducts": true,
                    });
                    let ids: Vec<String> = crate::products::query_ids(&p, &call, &body).await?;
                    let stock = p.store().stock(site.id, &ids).await?;
                    let items: Vec<Value> = ids
                        .iter()
                        .map(|id| {
                            let levels: Vec<StockLevel> = stock
                                .iter()
                                .filter(|l| &l.product_id == id)
                                .cloned()
                                .collect();
                            view(id, &levels)
                        })
                        .collect();
                    Ok(json!({
                        "inventoryItems": items,
                        "metadata": { "items": items.len(), "offset": offset },
                        "totalResults": items.len(),
                    }))
                })
            },
        ),
        Route::new(Method::Get, "/stores/v2/inventoryItems/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::View)?;
                let id = path_id(&call, "id")?;
                Ok(json!({ "inventoryItem": view(&id, &item(&p, &call.ctx.site, &id).await?) }))
            })
        }),
        Route::new(
            Method::Post,
            "/stores/v2/inventoryItems/{id}/getVariants",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::View)?;
                    let id = path_id(&call, "id")?;
                    let v = view(&id, &item(&p, &call.ctx.site, &id).await?);
                    Ok(json!({ "inventoryItem": v, "variants": v["variants"] }))
                })
            },
        ),
        Route::new(Method::Patch, "/stores/v2/inventoryItems/{id}", patch),
        // By product id, as the SDK's `updateInventoryVariants` calls it: the same item.
        Route::new(
            Method::Patch,
            "/stores/v2/inventoryItems/product/{id}",
            patch,
        ),
        Route::new(
            Method::Post,
            "/stores/v2/inventoryItems/decrement",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::EditContent)?;
                    adjust(&p, &call.ctx.site, &call.body, -1).await
                })
            },
        ),
        Route::new(
            Method::Post,
            "/stores/v2/inventoryItems/increment",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::EditContent)?;
                    adjust(&p, &call.ctx.site, &call.body, 1).await
                })
            },
        ),
    ]
}
