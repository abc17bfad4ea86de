//! `Stores/Variants`: each product's variants as wix-data reads them (read-only, as on Wix:
//! `_id` is `<productId>-<variantId>`), written again with the product on every change.

use serde_json::{Map, Value, json};
use tessera_core::{
    data::{FieldType, Item, Query, query::parse_filter},
    sites::Site,
};
use tessera_platform::{Platform, WixResult};

use crate::{
    products::{MAX_VARIANTS, variant_prices},
    records::{At, Kind},
    settings::Settings,
};

pub const VARIANTS: Kind = Kind {
    id: "Stores/Variants",
    name: "Variants",
    fields: &[
        ("productId", FieldType::Text),
        ("variantId", FieldType::Text),
        ("variantName", FieldType::Text),
        ("productName", FieldType::Text),
        ("sku", FieldType::Text),
        ("price", FieldType::Number),
        ("discountedPrice", FieldType::Number),
        ("weight", FieldType::Number),
        ("visible", FieldType::Boolean),
        ("choices", FieldType::Object),
    ],
    indexes: &[("by_product", &["productId"], false)],
    public: true,
};

/// The variant documents a product has now, by id.
fn documents(s: &Settings, product: &Item) -> Vec<(String, Map<String, Value>)> {
    let c = &s.currency;
    let d = &product.data;
    d.at("variants")
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| {
            let variant = v["id"].as_str().unwrap_or_default();
            let (price, discounted) = variant_prices(c, d, v);
            let name: Vec<&str> = v["choices"]
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(_, c)| c.as_str())
                .collect();
            let doc = json!({
                "productId": product.id,
                "variantId": variant,
                "variantName": name.join(" / "),
                "productName": d.at("name"),
                "choices": v["choices"],
                "sku": v["sku"].as_str().or_else(|| d.at("sku").as_str()).unwrap_or_default(),
                "weight": v["weight"].as_f64().or_else(|| d.at("weight").as_f64()).unwrap_or(0.0),
                "visible": v["visible"].as_bool().unwrap_or(true) && d.at("visible") != &json!(false),
                "price": c.number(price),
                "discountedPrice": c.number(discounted),
                "formattedPrice": c.formatted(price),
                "formattedDiscountedPrice": c.formatted(discounted),
                "currency": c.code,
            });
            (
                format!("{}-{variant}", product.id),
                doc.as_object().cloned().unwrap_or_default(),
            )
        })
        .collect()
}

async fn stored(p: &Platform, site: &Site, product_id: &str) -> WixResult<Vec<Item>> {
    let q = Query {
        filter: parse_filter(&json!({ "productId": product_id }))?,
        limit: MAX_VARIANTS as u32 + 1,
        ..Query::default()
    };
    VARIANTS.query(p, site, &q).await
}

/// Writes the product's variant documents as it is now (only those that changed).
pub async fn sync(p: &Platform, site: &Site, s: &Settings, product: &Item) -> WixResult<()> {
    let want = documents(s, product);
    let have = stored(p, site, &product.id).await?;
    for h in &have {
        if !want.iter().any(|(id, _)| id == &h.id) {
            VARIANTS.remove(p, site, &h.id).await?;
        }
    }
    for (id, data) in want {
        match have.iter().find(|h| h.id == id) {
            Some(h) if h.data == data => {}
            Some(h) => {
                let mut next = h.clone();
                next.data = data;
                VARIANTS.save(p, site, &next).await?;
            }
            None => {
                VARIANTS.insert(p, site, &id, data).await?;
            }
        }
    }
    Ok(())
}

/// Removes a deleted product's variant documents.
pub async fn remove(p: &Platform, site: &Site, product_id: &str) -> WixResult<()> {
    for h in stored(p, site, product_id).await? {
        VARIANTS.remove(p, site, &h.id).await?;
    }
    Ok(())
}
