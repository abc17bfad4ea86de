//! Products, their options and variants: Stores V1's REST API (`/stores/v1/products…`), kept
//! in the system collection `Stores/Products` (so that wix-data reads them, and queries use
//! its filters, sorts and indexes). Each variant's stock is a row of `store_stock`.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use tessera_core::{
    commerce::StockLevel,
    data::{
        FieldType, Item, Query,
        query::{Filter, MAX_LIMIT, parse_filter, parse_sort},
    },
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route, RouteCall},
};

use crate::records::At;
use crate::{
    boxed, date, is_staff, may,
    money::{Currency, amount, stored},
    path_id,
    records::Kind,
    settings::{self, Settings},
};

pub const PRODUCTS: Kind = Kind {
    id: "Stores/Products",
    name: "Products",
    fields: &[
        ("name", FieldType::Text),
        ("slug", FieldType::Text),
        ("description", FieldType::RichText),
        ("sku", FieldType::Text),
        ("price", FieldType::Number),
        ("discountedPrice", FieldType::Number),
        ("visible", FieldType::Boolean),
        ("productType", FieldType::Text),
        ("collectionIds", FieldType::ArrayString),
        ("inventoryStatus", FieldType::Text),
        ("inStock", FieldType::Boolean),
        ("numericId", FieldType::Number),
        ("mainMedia", FieldType::Image),
        ("ribbon", FieldType::Text),
        ("brand", FieldType::Text),
    ],
    // Storefront pages (visible products only): a collection's products by price, and all
    // products by price; each page and its count read from the entries.
    indexes: &[
        ("by_slug", &["slug"], true),
        (
            "by_collection_price",
            &["collectionIds", "visible", "price"],
            false,
        ),
        ("by_price", &["visible", "price"], false),
    ],
    public: true,
};

/// The one variant of a product without options, as Wix names it.
pub const DEFAULT_VARIANT: &str = "00000000-0000-0000-0000-000000000000";
/// The collection every product is in.
pub const ALL_PRODUCTS: &str = "00000000-000000-000000-000000000001";
pub const MAX_VARIANTS: usize = 300;

pub fn not_found(id: &str) -> WixError {
    WixError::new(
        WixCode::ItemNotFound,
        format!("product {id} does not exist"),
    )
}

fn bad(field: &str, why: &str) -> WixError {
    WixError::bad_request(format!("{field}: {why}"))
}

fn text(v: &Value, field: &str, max: usize) -> WixResult<Option<String>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.chars().count() <= max => Ok(Some(s.trim().to_string())),
        Value::String(_) => Err(bad(field, &format!("at most {max} characters"))),
        _ => Err(bad(field, "must be text")),
    }
}

/// A slug from a name: lower case letters, digits and dashes.
fn slugify(name: &str) -> String {
    let mut out = String::new();
    for ch in name.to_lowercase().chars() {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "product".into()
    } else {
        out
    }
}

/// A variant's id: the same choices always give the same id, so stock follows a variant
/// through edits of other options.
fn variant_id(product: &str, choices: &Map<String, Value>) -> String {
    if choices.is_empty() {
        return DEFAULT_VARIANT.into();
    }
    let mut keys: Vec<_> = choices.iter().collect();
    keys.sort_by(|a, b| a.0.cmp(b.0));
    let mut h = Sha256::new();
    h.update(product.as_bytes());
    for (k, v) in keys {
        h.update([0]);
        h.update(k.as_bytes());
        h.update([1]);
        h.update(v.as_str().unwrap_or_default().as_bytes());
    }
    let bytes: [u8; 16] = h.finalize()[..16].try_into().unwrap_or_default();
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// Checks the options a product is sent with.
fn options(v: &Value) -> WixResult<Vec<Value>> {
    let Some(list) = v.as_array() else {
        return match v {
            Value::Null => Ok(Vec::new()),
            _ => Err(bad("productOptions", "must be an array")),
        };
    };
    if list.len() > 6 {
        return Err(bad("productOptions", "at most 6 options"));
    }
    let mut out = Vec::new();
    for (i, o) in list.iter().enumerate() {
        let field = format!("productOptions[{i}]");
        let name = text(&o["name"], &format!("{field}.name"), 50)?
            .filter(|n| !n.is_empty())
            .ok_or_else(|| bad(&format!("{field}.name"), "is required"))?;
        if out.iter().any(|x: &Value| x["name"] == name) {
            return Err(bad(&format!("{field}.name"), "names an option twice"));
        }
        let kind = match o["optionType"].as_str().unwrap_or("drop_down") {
            t @ ("drop_down" | "color") => t,
            other => {
                return Err(bad(
                    &format!("{field}.optionType"),
                    &format!("drop_down or color, not '{other}'"),
                ));
            }
        };
        let mut choices = Vec::new();
        for (j, c) in o["choices"].as_array().into_iter().flatten().enumerate() {
            let cf = format!("{field}.choices[{j}]");
            let value = text(&c["value"], &format!("{cf}.value"), 50)?
                .filter(|n| !n.is_empty())
                .ok_or_else(|| bad(&format!("{cf}.value"), "is required"))?;
            let description = text(&c["description"], &format!("{cf}.description"), 50)?
                .unwrap_or_else(|| value.clone());
            if choices
                .iter()
                .any(|x: &Value| x["description"] == description)
            {
                return Err(bad(&cf, "the option has this choice already"));
            }
            choices.push(json!({
                "value": value,
                "description": description,
                "visible": c["visible"].as_bool().unwrap_or(true),
                "media": c.get("media").cloned().unwrap_or(Value::Null),
            }));
        }
        if choices.is_empty() {
            return Err(bad(&format!("{field}.choices"), "at least one choice"));
        }
        out.push(json!({ "optionType": kind, "name": name, "choices": choices }));
    }
    Ok(out)
}

/// Every combination of the options' choices, keyed by option name → choice description.
fn combinations(options: &[Value]) -> WixResult<Vec<Map<String, Value>>> {
    let mut combos = vec![Map::new()];
    for o in options {
        let name = o["name"].as_str().unwrap_or_default();
        let mut next = Vec::new();
        for combo in &combos {
            for c in o["choices"].as_array().into_iter().flatten() {
                let mut m = combo.clone();
                m.insert(name.into(), c["description"].clone());
                next.push(m);
            }
        }
        combos = next;
        if combos.len() > MAX_VARIANTS {
            return Err(bad(
                "productOptions",
                &format!("the choices make more than {MAX_VARIANTS} variants"),
            ));
        }
    }
    Ok(combos)
}

/// The variants the options make, keeping what `old` variants with the same choices had.
fn variants(product: &str, options: &[Value], old: &[Value]) -> WixResult<Vec<Value>> {
    combinations(options)?
        .into_iter()
        .map(|choices| {
            let id = variant_id(product, &choices);
            let kept = old.iter().find(|v| v["id"] == id.as_str());
            Ok(json!({
                "id": id,
                "choices": choices,
                "price": kept.map_or(Value::Null, |v| v["price"].clone()),
                "weight": kept.map_or(Value::Null, |v| v["weight"].clone()),
                "sku": kept.map_or(Value::Null, |v| v["sku"].clone()),
                "visible": kept.map_or(Value::Bool(true), |v| v["visible"].clone()),
            }))
        })
        .collect()
}

fn discount(v: &Value) -> WixResult<Value> {
    match v {
        Value::Null => Ok(json!({"type": "NONE", "value": 0})),
        d => {
            let kind = d.at("type").as_str().unwrap_or("NONE");
            let value = amount(d.at("value"), "discount.value")?.unwrap_or_default();
            match kind {
                "NONE" => Ok(json!({"type": "NONE", "value": 0})),
                "PERCENT" if value <= Decimal::ONE_HUNDRED => {
                    Ok(json!({"type": "PERCENT", "value": d.at("value")}))
                }
                "PERCENT" => Err(bad("discount.value", "a percentage from 0 to 100")),
                "AMOUNT" => Ok(json!({"type": "AMOUNT", "value": d.at("value")})),
                other => Err(bad(
                    "discount.type",
                    &format!("NONE, AMOUNT or PERCENT, not '{other}'"),
                )),
            }
        }
    }
}

/// `price` less the product's discount, rounded, never below zero.
pub fn discounted(c: &Currency, price: Decimal, discount: &Value) -> Decimal {
    let value = stored(&discount["value"]);
    let d = match discount["type"].as_str() {
        Some("AMOUNT") => value,
        Some("PERCENT") => price * value / Decimal::ONE_HUNDRED,
        _ => Decimal::ZERO,
    };
    c.round((price - d).max(Decimal::ZERO))
}

/// A true-or-false field of the body: set when sent, `initial` on a new product.
fn flag(
    data: &mut Map<String, Value>,
    body: &Value,
    key: &str,
    initial: bool,
    new: bool,
) -> WixResult<()> {
    match &body[key] {
        Value::Bool(b) => {
            data.insert(key.into(), json!(b));
        }
        Value::Null if new => {
            data.insert(key.into(), json!(initial));
        }
        Value::Null => {}
        _ => return Err(bad(&format!("product.{key}"), "must be true or false")),
    }
    Ok(())
}

/// Applies a create or update body to a product's stored data (`data` is empty for a new
/// one). Fields absent from `body` keep their values.
fn apply(
    id: &str,
    data: &mut Map<String, Value>,
    body: &Value,
    currency: &Currency,
) -> WixResult<()> {
    let new = data.is_empty();
    if let Some(name) = text(&body["name"], "product.name", 80)? {
        if name.is_empty() {
            return Err(bad("product.name", "may not be empty"));
        }
        data.insert("name".into(), json!(name));
    } else if new {
        return Err(bad("product.name", "is required"));
    }
    if let Some(slug) = text(&body["slug"], "product.slug", 100)? {
        let clean = slugify(&slug);
        data.insert("slug".into(), json!(clean));
    } else if new {
        let name = data.at("name").as_str().unwrap_or_default();
        data.insert("slug".into(), json!(slugify(name)));
    }
    match body["productType"].as_str() {
        Some(t @ ("physical" | "digital")) => {
            data.insert("productType".into(), json!(t));
        }
        Some(other) => {
            return Err(bad(
                "product.productType",
                &format!("physical or digital, not '{other}'"),
            ));
        }
        None if new => {
            data.insert("productType".into(), json!("physical"));
        }
        None => {}
    }
    for (key, max) in [
        ("description", 16_000),
        ("sku", 40),
        ("ribbon", 30),
        ("brand", 50),
    ] {
        if let Some(v) = text(&body[key], &format!("product.{key}"), max)? {
            data.insert(key.into(), json!(v));
        }
    }
    flag(data, body, "visible", true, new)?;
    if !body["weight"].is_null() {
        let w = amount(&body["weight"], "product.weight")?.unwrap_or_default();
        data.insert("weight".into(), currency.number(w));
    }
    let price_in = if body["priceData"].is_object() {
        &body["priceData"]["price"]
    } else {
        &body["price"]
    };
    if let Some(price) = amount(price_in, "product.priceData.price")? {
        data.insert("price".into(), currency.number(price));
    } else if new {
        return Err(bad("product.priceData.price", "is required"));
    }
    if !body["discount"].is_null() || new {
        data.insert("discount".into(), discount(&body["discount"])?);
    }
    for key in ["customTextFields", "additionalInfoSections"] {
        if let Some(list) = body[key].as_array() {
            if list.len() > 10 {
                return Err(bad(&format!("product.{key}"), "at most 10"));
            }
            for (i, f) in list.iter().enumerate() {
                text(&f["title"], &format!("product.{key}[{i}].title"), 100)?
                    .filter(|t| !t.is_empty())
                    .ok_or_else(|| bad(&format!("product.{key}[{i}].title"), "is required"))?;
            }
            data.insert(key.into(), json!(list));
        }
    }
    if !body["seoData"].is_null() {
        data.insert("seoData".into(), body["seoData"].clone());
    }
    if let Some(items) = body["media"]["items"].as_array() {
        let mut media = Vec::new();
        for (i, m) in items.iter().enumerate() {
            let url = m["image"]["url"]
                .as_str()
                .or_else(|| m["url"].as_str())
                .map(str::to_string)
                .or_else(|| m["mediaId"].as_str().map(|id| format!("/media/{id}")))
                .ok_or_else(|| {
                    bad(
                        &format!("product.media.items[{i}]"),
                        "needs image.url or mediaId",
                    )
                })?;
            media.push(json!({
                "id": m["id"].as_str().or_else(|| m["mediaId"].as_str()).unwrap_or(&url),
                "title": m["title"].as_str().unwrap_or_default(),
                "mediaType": "image",
                "image": { "url": url, "width": m["image"]["width"], "height": m["image"]["height"] },
            }));
        }
        data.insert(
            "mainMedia".into(),
            media
                .first()
                .map_or(Value::Null, |m| m["image"]["url"].clone()),
        );
        data.insert("media".into(), json!(media));
    }
    flag(data, body, "manageVariants", false, new)?;
    if !body["productOptions"].is_null() || new {
        let opts = options(&body["productOptions"])?;
        let old: Vec<Value> = data.at("variants").as_array().cloned().unwrap_or_default();
        let vs = variants(id, &opts, &old)?;
        data.insert("productOptions".into(), json!(opts));
        data.insert("variants".into(), json!(vs));
    }
    let price = stored(data.at("price"));
    let d = discounted(currency, price, data.at("discount"));
    data.insert("discountedPrice".into(), currency.number(d));
    data.insert("formattedPrice".into(), json!(currency.formatted(price)));
    data.insert(
        "formattedDiscountedPrice".into(),
        json!(currency.formatted(d)),
    );
    data.insert("currency".into(), json!(currency.code));
    data.entry("collectionIds").or_insert_with(|| json!([]));
    Ok(())
}

/// The stock row a new variant gets: from the body's `stock` when given, else in stock.
fn initial_stock(id: &str, data: &Map<String, Value>, stock: &Value) -> Vec<StockLevel> {
    let track = stock["trackInventory"].as_bool().unwrap_or(false);
    let quantity = stock["quantity"].as_i64().unwrap_or(0);
    data.at("variants")
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| StockLevel {
            product_id: id.into(),
            variant_id: v["id"].as_str().unwrap_or(DEFAULT_VARIANT).into(),
            track_quantity: track,
            quantity: if track { quantity } else { 0 },
            reserved: 0,
            in_stock: stock["inStock"].as_bool().unwrap_or(true),
            preorder: false,
        })
        .collect()
}

/// The product's stock figures as Wix sums them, written into its data so that queries can
/// filter on them and wix-data shows them.
pub fn stock_summary(levels: &[&StockLevel]) -> (bool, Option<i64>, &'static str) {
    let track = levels.iter().any(|l| l.track_quantity);
    let quantity = track.then(|| levels.iter().map(|l| l.quantity - l.reserved).sum());
    let available = levels.iter().filter(|l| l.available() != Some(0)).count();
    let status = match available {
        0 => "OUT_OF_STOCK",
        n if n == levels.len() => "IN_STOCK",
        _ => "PARTIALLY_OUT_OF_STOCK",
    };
    (track, quantity, status)
}

/// Writes the stock figures into the product's data; true when they changed.
pub fn mark_stock(data: &mut Map<String, Value>, levels: &[&StockLevel]) -> bool {
    let (track, quantity, status) = stock_summary(levels);
    let new = [
        ("trackInventory", json!(track)),
        ("quantityInStock", json!(quantity)),
        ("inventoryStatus", json!(status)),
        ("inStock", json!(status != "OUT_OF_STOCK")),
    ];
    let mut changed = false;
    for (k, v) in new {
        if data.get(k) != Some(&v) {
            data.insert(k.into(), v);
            changed = true;
        }
    }
    changed
}

/// Stores the product's stock figures again after its stock changed.
pub async fn refresh_stock(p: &Platform, site: &Site, product_id: &str) -> WixResult<()> {
    for _ in 0..3 {
        // Read again on each try: a save that lost to another refresh must not write figures
        // older than the ones that won.
        let levels = p.store().stock(site.id, &[product_id.to_string()]).await?;
        let Some(mut item) = PRODUCTS.get(p, site, product_id).await? else {
            return Ok(());
        };
        if !mark_stock(&mut item.data, &levels.iter().collect::<Vec<_>>()) {
            return Ok(());
        }
        match PRODUCTS.save(p, site, &item).await {
            Ok(_) => return Ok(()),
            Err(e) if e.is_condition_failed() => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn price_data(c: &Currency, price: Decimal, discounted: Decimal) -> Value {
    json!({
        "currency": c.code,
        "price": c.number(price),
        "discountedPrice": c.number(discounted),
        "formatted": { "price": c.formatted(price), "discountedPrice": c.formatted(discounted) },
    })
}

/// A variant's own price (or the product's), before and after the product's discount.
pub fn variant_prices(
    c: &Currency,
    product: &Map<String, Value>,
    variant: &Value,
) -> (Decimal, Decimal) {
    let price = match amount(&variant["price"], "").ok().flatten() {
        Some(p) if product.at("manageVariants").as_bool() == Some(true) => p,
        _ => stored(product.at("price")),
    };
    (price, discounted(c, price, product.at("discount")))
}

/// A product in Stores V1's shape, with its variants' stock.
pub fn view(s: &Settings, item: &Item, stock: &[StockLevel], with_variants: bool) -> Value {
    let c = &s.currency;
    let d = &item.data;
    let levels: Vec<&StockLevel> = stock.iter().filter(|l| l.product_id == item.id).collect();
    let level = |variant: &str| levels.iter().find(|l| l.variant_id == variant).copied();
    let (track, quantity, status) = stock_summary(&levels);
    let price = stored(d.at("price"));
    let discounted_price = discounted(c, price, d.at("discount"));
    let variants: Vec<Value> = d.at("variants")
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| {
            let id = v["id"].as_str().unwrap_or_default();
            let (vp, vd) = variant_prices(c, d, v);
            let l = level(id);
            json!({
                "id": id,
                "choices": v["choices"],
                "variant": {
                    "priceData": price_data(c, vp, vd),
                    "convertedPriceData": price_data(c, vp, vd),
                    "weight": v["weight"].as_f64().or_else(|| d.at("weight").as_f64()).unwrap_or(0.0),
                    "sku": v["sku"].as_str().or_else(|| d.at("sku").as_str()).unwrap_or_default(),
                    "visible": v["visible"].as_bool().unwrap_or(true),
                },
                "stock": {
                    "trackQuantity": l.is_some_and(|l| l.track_quantity),
                    "quantity": l.filter(|l| l.track_quantity).map(|l| l.quantity - l.reserved),
                    "inStock": l.is_some_and(|l| l.available() != Some(0)),
                },
            })
        })
        .collect();
    let (min, max) = variants.iter().fold(
        (None, None),
        |(lo, hi): (Option<Decimal>, Option<Decimal>), v| {
            let p = stored(&v["variant"]["priceData"]["discountedPrice"]);
            (
                Some(lo.map_or(p, |l| l.min(p))),
                Some(hi.map_or(p, |h| h.max(p))),
            )
        },
    );
    // Choices show whether any visible variant with them can be bought.
    let product_options: Vec<Value> = d
        .at("productOptions")
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            let name = o["name"].as_str().unwrap_or_default();
            let mut o = o.clone();
            if let Some(choices) = o["choices"].as_array_mut() {
                for ch in choices {
                    let in_stock = variants.iter().any(|v| {
                        v["choices"][name] == ch["description"] && v["stock"]["inStock"] == true
                    });
                    ch["inStock"] = json!(in_stock);
                }
            }
            o
        })
        .collect();
    let slug = d.at("slug").as_str().unwrap_or_default();
    let mut out = json!({
        "id": item.id,
        "name": d.at("name"),
        "slug": slug,
        "visible": d.at("visible"),
        "productType": d.at("productType"),
        "description": d.at("description").as_str().unwrap_or_default(),
        "sku": d.at("sku").as_str().unwrap_or_default(),
        "weight": d.at("weight").as_f64().unwrap_or(0.0),
        "stock": {
            "trackInventory": track,
            "quantity": quantity,
            "inStock": status != "OUT_OF_STOCK",
            "inventoryStatus": status,
        },
        "price": price_data(c, price, discounted_price),
        "priceData": price_data(c, price, discounted_price),
        "convertedPriceData": price_data(c, price, discounted_price),
        "priceRange": {
            "minValue": c.number(min.unwrap_or(discounted_price)),
            "maxValue": c.number(max.unwrap_or(discounted_price)),
        },
        "ribbon": d.at("ribbon").as_str().unwrap_or_default(),
        "ribbons": d.at("ribbon").as_str().filter(|r| !r.is_empty()).map(|r| vec![json!({"text": r})]).unwrap_or_default(),
        "brand": d.at("brand"),
        "media": {
            "mainMedia": d.at("media").get(0).cloned().unwrap_or(Value::Null),
            "items": d.at("media").as_array().cloned().unwrap_or_default(),
        },
        "customTextFields": d.at("customTextFields").as_array().cloned().unwrap_or_default(),
        "manageVariants": d.at("manageVariants"),
        "productOptions": product_options,
        "productPageUrl": { "base": "/", "path": format!("/product-page/{slug}") },
        "numericId": d.at("numericId"),
        "inventoryItemId": item.id,
        "discount": d.at("discount"),
        "collectionIds": d.at("collectionIds"),
        "additionalInfoSections": d.at("additionalInfoSections").as_array().cloned().unwrap_or_default(),
        "seoData": d.at("seoData"),
        "lastUpdated": date(item.updated_at),
        "createdDate": date(item.created_at),
    });
    if with_variants {
        out["variants"] = json!(variants);
    }
    out
}

pub async fn get(p: &Platform, site: &Site, id: &str) -> WixResult<Item> {
    PRODUCTS
        .get(p, site, id)
        .await?
        .ok_or_else(|| not_found(id))
}

/// A product as stored after a change: its `Stores/Variants` documents follow, and the
/// answer shows it.
async fn changed(p: &Platform, site: &Site, item: &Item) -> WixResult<Value> {
    let s = settings::of(p, site).await?;
    crate::variants::sync(p, site, &s, item).await?;
    answer_with(p, site, &s, item).await
}

/// The product the path names, if the caller may see it.
async fn visible(p: &Platform, call: &RouteCall) -> WixResult<Item> {
    let id = path_id(call, "id")?;
    let item = get(p, &call.ctx.site, &id).await?;
    if !visible_to(call, &item) {
        return Err(not_found(&id));
    }
    Ok(item)
}

/// `…/variants/query`: the product's variants with the ids in `variantIds`, or whose choices
/// include all of `choices` (all of them when neither is sent).
fn variants_of(product: &Value, body: &Value) -> WixResult<Vec<Value>> {
    let ids: Option<Vec<&str>> = match &body["variantIds"] {
        Value::Null => None,
        Value::Array(a) => Some(a.iter().filter_map(Value::as_str).collect()),
        _ => return Err(bad("variantIds", "a list of variant ids")),
    };
    let choices = match &body["choices"] {
        Value::Null => Map::new(),
        Value::Object(m) => m.clone(),
        _ => return Err(bad("choices", "an object of option name to choice")),
    };
    Ok(product["variants"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| {
            ids.as_ref()
                .is_none_or(|ids| ids.contains(&v["id"].as_str().unwrap_or_default()))
                && choices.iter().all(|(k, c)| &v["choices"][k] == c)
        })
        .cloned()
        .collect())
}

async fn answer(p: &Platform, site: &Site, item: &Item) -> WixResult<Value> {
    let s = settings::of(p, site).await?;
    answer_with(p, site, &s, item).await
}

async fn answer_with(p: &Platform, site: &Site, s: &Settings, item: &Item) -> WixResult<Value> {
    let stock = p
        .store()
        .stock(site.id, std::slice::from_ref(&item.id))
        .await?;
    Ok(json!({ "product": view(s, item, &stock, true) }))
}

pub async fn create(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let product = body
        .get("product")
        .filter(|v| v.is_object())
        .ok_or_else(|| bad("product", "is required"))?;
    let s = settings::of(p, site).await?;
    let id = uuid::Uuid::new_v4().to_string();
    let mut data = Map::new();
    apply(&id, &mut data, product, &s.currency)?;
    let levels = initial_stock(&id, &data, product.at("stock"));
    mark_stock(&mut data, &levels.iter().collect::<Vec<_>>());
    data.insert(
        "numericId".into(),
        json!(tessera_core::now_millis() * 1000 + i64::from(rand_tail(&id))),
    );
    // A slug another product has gets a number.
    let base = data.at("slug").as_str().unwrap_or("product").to_string();
    let mut item = None;
    for n in 1..20 {
        match PRODUCTS.insert(p, site, &id, data.clone()).await {
            Ok(i) => {
                item = Some(i);
                break;
            }
            Err(e) if e.is_condition_failed() => {
                data.insert("slug".into(), json!(format!("{base}-{}", n + 1)));
            }
            Err(e) => return Err(e),
        }
    }
    let item = item.ok_or_else(|| bad("product.slug", "is taken"))?;
    p.store().put_stock(site.id, &levels).await?;
    let answer = changed(p, site, &item).await?;
    let v = &answer["product"];
    crate::announce(
        p,
        site,
        "wixStores_onProductCreated",
        json!({
            "productId": item.id,
            "name": v["name"],
            "visible": v["visible"],
            "sku": v["sku"],
            "price": v["priceData"]["price"],
            "discountedPrice": v["priceData"]["discountedPrice"],
            "formattedPrice": v["priceData"]["formatted"]["price"],
            "formattedDiscountedPrice": v["priceData"]["formatted"]["discountedPrice"],
            "productPageUrl": format!("/product-page/{}", v["slug"].as_str().unwrap_or_default()),
        }),
    )
    .await;
    Ok(answer)
}

fn rand_tail(id: &str) -> u16 {
    let h = Sha256::digest(id.as_bytes());
    u16::from_le_bytes([h[0], h[1]]) % 1000
}

pub async fn update(p: &Platform, site: &Site, id: &str, body: &Value) -> WixResult<Value> {
    let product = body
        .get("product")
        .filter(|v| v.is_object())
        .ok_or_else(|| bad("product", "is required"))?;
    let s = settings::of(p, site).await?;
    for _ in 0..3 {
        let mut item = get(p, site, id).await?;
        apply(id, &mut item.data, product, &s.currency)?;
        let variant_ids: Vec<String> = item
            .data
            .at("variants")
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v["id"].as_str().map(str::to_string))
            .collect();
        let stock = p.store().stock(site.id, &[id.to_string()]).await?;
        // New variants start as the product's stock is kept: tracked with none, or in stock.
        let track = stock.iter().any(|l| l.track_quantity);
        let added: Vec<StockLevel> = variant_ids
            .iter()
            .filter(|v| !stock.iter().any(|l| &l.variant_id == *v))
            .map(|v| StockLevel {
                product_id: id.into(),
                variant_id: v.clone(),
                track_quantity: track,
                quantity: 0,
                reserved: 0,
                in_stock: !track,
                preorder: false,
            })
            .collect();
        let mut levels: Vec<StockLevel> = stock
            .into_iter()
            .filter(|l| variant_ids.contains(&l.variant_id))
            .collect();
        levels.extend(added.iter().cloned());
        mark_stock(&mut item.data, &levels.iter().collect::<Vec<_>>());
        match PRODUCTS.save(p, site, &item).await {
            Ok(Some(saved)) => {
                p.store().put_stock(site.id, &added).await?;
                p.store().remove_stock(site.id, id, &variant_ids).await?;
                let answer = changed(p, site, &saved).await?;
                crate::announce(
                    p,
                    site,
                    "wixStores_onProductUpdated",
                    json!({ "productId": id, "updatedFields": product.as_object().map(|m| m.keys().collect::<Vec<_>>()) }),
                ).await;
                return Ok(answer);
            }
            Ok(None) => return Err(not_found(id)),
            Err(e) if e.is_condition_failed() && e.description().contains("slug") => {
                return Err(bad("product.slug", "another product has it"));
            }
            Err(e) if e.is_condition_failed() => continue,
            Err(e) => return Err(e),
        }
    }
    Err(WixError::new(
        WixCode::ConditionFailed,
        format!("product {id} kept changing; try again"),
    ))
}

/// `PATCH /stores/v1/products/{id}/variants`: each entry names variants by `choices` or
/// `variantIds` and sets their price, weight, SKU or visibility.
pub async fn update_variants(
    p: &Platform,
    site: &Site,
    id: &str,
    body: &Value,
) -> WixResult<Value> {
    let Some(changes) = body["variants"].as_array() else {
        return Err(bad("variants", "is required (an array)"));
    };
    let s = settings::of(p, site).await?;
    let mut item = get(p, site, id).await?;
    let mut variants: Vec<Value> = item
        .data
        .at("variants")
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (i, ch) in changes.iter().enumerate() {
        let field = format!("variants[{i}]");
        let ids: Vec<String> = match (&ch["variantIds"], ch["choices"].as_object()) {
            (Value::Array(ids), _) => ids
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            (_, Some(choices)) => variants
                .iter()
                .filter(|v| choices.iter().all(|(k, c)| &v["choices"][k] == c))
                .filter_map(|v| v["id"].as_str().map(str::to_string))
                .collect(),
            _ => return Err(bad(&field, "needs choices or variantIds")),
        };
        if ids.is_empty() {
            return Err(bad(&field, "matches no variant of the product"));
        }
        let price = amount(&ch["price"], &format!("{field}.price"))?;
        let weight = amount(&ch["weight"], &format!("{field}.weight"))?;
        let sku = text(&ch["sku"], &format!("{field}.sku"), 40)?;
        for v in variants
            .iter_mut()
            .filter(|v| ids.iter().any(|id| v["id"] == id.as_str()))
        {
            if let Some(price) = price {
                v["price"] = s.currency.number(price);
            }
            if let Some(w) = weight {
                v["weight"] = s.currency.number(w);
            }
            if let Some(sku) = &sku {
                v["sku"] = json!(sku);
            }
            if let Some(b) = ch["visible"].as_bool() {
                v["visible"] = json!(b);
            }
        }
        if ids
            .iter()
            .any(|id| !variants.iter().any(|v| v["id"] == id.as_str()))
        {
            return Err(bad(&field, "names a variant the product does not have"));
        }
    }
    item.data.insert("variants".into(), json!(variants));
    PRODUCTS
        .save(p, site, &item)
        .await?
        .ok_or_else(|| not_found(id))?;
    crate::variants::sync(p, site, &s, &item).await?;
    let stock = p.store().stock(site.id, &[id.to_string()]).await?;
    let view = view(&s, &item, &stock, true);
    Ok(json!({ "variants": view["variants"] }))
}

pub async fn delete(p: &Platform, site: &Site, id: &str) -> WixResult<Value> {
    PRODUCTS
        .remove(p, site, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    p.store().remove_stock(site.id, id, &[]).await?;
    crate::variants::remove(p, site, id).await?;
    crate::announce(
        p,
        site,
        "wixStores_onProductDeleted",
        json!({ "productId": id }),
    )
    .await;
    Ok(json!({}))
}

/// Wix's product filter field names → the stored fields.
fn stored_field(field: &str) -> &str {
    match field {
        "id" => "_id",
        "lastUpdated" => "_updatedDate",
        "createdDate" => "_createdDate",
        "collections.id" | "collectionIds" => "collectionIds",
        "priceData.price" | "price" => "price",
        "stock.inventoryStatus" => "inventoryStatus",
        other => other,
    }
}

/// Renames a Wix filter's fields to the stored ones (an `$eq` on `collections.id` becomes
/// `$hasSome`, and `All Products` no condition).
fn stored_filter(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                if k.starts_with('$') {
                    out.insert(k.clone(), stored_filter(v));
                    continue;
                }
                let field = stored_field(k);
                if field == "collectionIds" {
                    let ids: Vec<Value> = match v {
                        Value::String(_) => vec![v.clone()],
                        Value::Object(ops) => ops
                            .values()
                            .flat_map(|x| match x {
                                Value::Array(a) => a.clone(),
                                other => vec![other.clone()],
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    if ids.iter().any(|i| i == ALL_PRODUCTS) {
                        continue;
                    }
                    out.insert(field.into(), json!({ "$hasSome": ids }));
                    continue;
                }
                out.insert(field.into(), v.clone());
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(stored_filter).collect()),
        other => other.clone(),
    }
}

/// `POST /stores/v1/products/query`.
pub async fn query(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let (items, total, offset) = find(p, call, &call.body).await?;
    let site = &call.ctx.site;
    let s = settings::of(p, site).await?;
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    let stock = p.store().stock(site.id, &ids).await?;
    let with_variants = call.body["includeVariants"].as_bool() == Some(true);
    let products: Vec<Value> = items
        .iter()
        .map(|i| view(&s, i, &stock, with_variants))
        .collect();
    Ok(json!({
        "products": products,
        "metadata": { "items": products.len(), "offset": offset },
        "totalResults": total,
    }))
}

/// The SDK's `queryProducts`: the query as the data layer's (`filter` an object, `sort` a
/// list of `{fieldName, order}`), the page in `pagingMetadata`.
async fn query_platformized(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let (items, total, offset) = find(p, call, &call.body).await?;
    let site = &call.ctx.site;
    let s = settings::of(p, site).await?;
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    let stock = p.store().stock(site.id, &ids).await?;
    let products: Vec<Value> = items.iter().map(|i| view(&s, i, &stock, true)).collect();
    Ok(json!({
        "products": products,
        "pagingMetadata": { "count": products.len(), "offset": offset, "total": total, "tooManyToCount": false },
    }))
}

/// The ids of the products a V1 query finds.
pub async fn query_ids(p: &Platform, call: &RouteCall, body: &Value) -> WixResult<Vec<String>> {
    let (items, _, _) = find(p, call, body).await?;
    Ok(items.into_iter().map(|i| i.id).collect())
}

/// The products of a V1 query's page, how many match, and the page's offset.
async fn find(p: &Platform, call: &RouteCall, body: &Value) -> WixResult<(Vec<Item>, u64, u64)> {
    let site = &call.ctx.site;
    let q = &body["query"];
    let filter = stored_filter(&crate::json_part(&q["filter"], "query.filter")?);
    let sort = crate::v1_sort(crate::json_part(&q["sort"], "query.sort")?, stored_field);
    let (limit, offset) = crate::paging(&q["paging"], 100, 100)?;
    let mut filter = parse_filter(&filter)?;
    let hidden = body["includeHiddenProducts"].as_bool() == Some(true)
        && is_staff(&call.ctx, Permission::View);
    if !hidden {
        filter = Filter::And(vec![filter, parse_filter(&json!({"visible": true}))?]);
    }
    let mut sort = parse_sort(&sort)?;
    if sort.is_empty() {
        sort = parse_sort(&json!([{"fieldName": "_createdDate", "order": "DESC"}]))?;
    }
    let query = Query {
        filter: filter.clone(),
        sort,
        limit: limit.min(MAX_LIMIT),
        offset,
        fields: Vec::new(),
    };
    let items = PRODUCTS.query(p, site, &query).await?;
    let total = PRODUCTS.count(p, site, &filter).await?;
    Ok((items, total, offset))
}

/// `POST /stores/v1/products/{id}/productOptionsAvailability`: the variant the chosen
/// options make, if they name one, and whether it can be bought.
pub async fn options_availability(
    p: &Platform,
    site: &Site,
    id: &str,
    body: &Value,
) -> WixResult<Value> {
    let item = get(p, site, id).await?;
    let s = settings::of(p, site).await?;
    let stock = p.store().stock(site.id, &[id.to_string()]).await?;
    let product = view(&s, &item, &stock, true);
    let chosen = body["options"].as_object().cloned().unwrap_or_default();
    let option_count = product.at("productOptions").as_array().map_or(0, Vec::len);
    let matching: Vec<&Value> = product
        .at("variants")
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| chosen.iter().all(|(k, c)| &v["choices"][k] == c))
        .collect();
    let selected = (chosen.len() == option_count && matching.len() == 1).then(|| matching[0]);
    Ok(json!({
        "selectedVariant": selected.map(|v| json!({
            "id": v["id"],
            "choices": v["choices"],
            "price": v["variant"]["priceData"],
            "convertedPriceData": v["variant"]["priceData"],
            "weight": v["variant"]["weight"],
            "sku": v["variant"]["sku"],
            "visible": v["variant"]["visible"],
            "inStock": v["stock"]["inStock"],
            "stock": v["stock"],
        })),
        "productOptions": product.at("productOptions"),
        "availableForPurchase": selected.is_some_and(|v| v["stock"]["inStock"] == true && v["variant"]["visible"] == true),
        "media": product.at("media"),
    }))
}

/// Products by id, for pricing carts (missing ids are left out).
pub async fn by_ids(p: &Platform, site: &Site, ids: &[String]) -> WixResult<HashMap<String, Item>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let query = Query {
        filter: parse_filter(&json!({"_id": {"$in": ids}}))?,
        limit: MAX_LIMIT,
        ..Query::default()
    };
    Ok(PRODUCTS
        .query(p, site, &query)
        .await?
        .into_iter()
        .map(|i| (i.id.clone(), i))
        .collect())
}

/// A visitor sees visible products only.
fn visible_to(call: &RouteCall, item: &Item) -> bool {
    item.data.at("visible").as_bool() != Some(false) || is_staff(&call.ctx, Permission::View)
}

/// What visitors read, at Stores V1's paths and at the reader's the SDK calls.
fn read_routes(base: &str) -> Vec<Route> {
    vec![
        Route::new(
            Method::Get,
            &format!("{base}/products/{{id}}"),
            |p, call| {
                boxed(async move {
                    let item = visible(&p, &call).await?;
                    answer(&p, &call.ctx.site, &item).await
                })
            },
        ),
        Route::new(
            Method::Post,
            &format!("{base}/products/{{id}}/variants/query"),
            |p, call| {
                boxed(async move {
                    let item = visible(&p, &call).await?;
                    let product = answer(&p, &call.ctx.site, &item).await?;
                    Ok(json!({ "variants": variants_of(&product["product"], &call.body)? }))
                })
            },
        ),
        Route::new(
            Method::Post,
            &format!("{base}/products/{{id}}/productOptionsAvailability"),
            |p, call| {
                boxed(async move {
                    let item = visible(&p, &call).await?;
                    options_availability(&p, &call.ctx.site, &item.id, &call.body).await
                })
            },
        ),
    ]
}

pub fn routes() -> Vec<Route> {
    let mut routes = read_routes("/stores/v1");
    routes.extend(read_routes("/stores-reader/v1"));
    routes.extend([
        Route::new(
            Method::Post,
            "/stores-reader/v1/products/query-platformized",
            |p, call| boxed(async move { query_platformized(&p, &call).await }),
        ),
        Route::new(
            Method::Get,
            "/stores-reader/v1/products/query-platformized",
            |p, call| boxed(async move { query_platformized(&p, &call).await }),
        ),
        Route::new(Method::Post, "/stores/v1/products", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                create(&p, &call.ctx.site, &call.body).await
            })
        }),
        Route::new(Method::Post, "/stores/v1/products/query", |p, call| {
            boxed(async move { query(&p, &call).await })
        }),
        Route::new(Method::Patch, "/stores/v1/products/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                let id = path_id(&call, "id")?;
                update(&p, &call.ctx.site, &id, &call.body).await
            })
        }),
        Route::new(Method::Delete, "/stores/v1/products/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                let id = path_id(&call, "id")?;
                delete(&p, &call.ctx.site, &id).await
            })
        }),
        Route::new(
            Method::Patch,
            "/stores/v1/products/{id}/variants",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::EditContent)?;
                    let id = path_id(&call, "id")?;
                    update_variants(&p, &call.ctx.site, &id, &call.body).await
                })
            },
        ),
    ]);
    routes
}
