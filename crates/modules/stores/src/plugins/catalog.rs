//! `ecom-catalog` plugins: what the site sells beyond its products (items of a CMS
//! collection, say), priced by the plugin.

use rust_decimal::Decimal;
use serde_json::{Value, json};
use tessera_core::sites::Site;
use tessera_platform::{Platform, WixResult};

use super::{Buyer, PRICING_TIME, call, checked, context, list, price, published_plugins, text};
use crate::{pricing::Priced, settings::Settings};

/// Lines of other catalogs (`catalogReference.appId` the name of an `ecom-catalog` plugin of
/// the site's code), priced by the plugin's `getCatalogItems`: name, price, availability
/// (`quantityAvailable`; none is no limit), weight and whether it ships. What no plugin that
/// is on sells, or a plugin that fails, is `NOT_FOUND` (the failure is in the site's log).
pub async fn catalog_items(
    p: &Platform,
    site: &Site,
    s: &Settings,
    lines: &[crate::pricing::Line],
) -> WixResult<Vec<Priced>> {
    let mut out: Vec<Priced> = lines.iter().map(Priced::missing).collect();
    if lines.is_empty() {
        return Ok(out);
    }
    let Some((code, found)) = published_plugins(p, site.id).await? else {
        return Ok(out);
    };
    let c = &s.currency;
    for plugin in found
        .iter()
        .filter(|pl| pl.kind == "ecom-catalog" && !s.disabled_plugins.contains(&pl.key()))
    {
        let mine: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                let app = lines[i].reference["appId"].as_str().unwrap_or_default();
                app == plugin.name || app == plugin.key()
            })
            .collect();
        if mine.is_empty() {
            continue;
        }
        let options = json!({
            "catalogReferences": mine.iter().map(|&i| json!({
                "catalogReference": lines[i].reference, "quantity": lines[i].quantity,
            })).collect::<Vec<_>>(),
            "weightUnit": s.weight_unit,
            "currency": c.code,
        });
        let ctx = context(p, site, c, &Buyer::default()).await?;
        let answer = call(
            p,
            site,
            &code,
            plugin,
            "getCatalogItems",
            &options,
            &ctx,
            PRICING_TIME,
            &Buyer::default(),
        )
        .await;
        let items = checked(p, site, plugin, &options, answer, |a| {
            list(&a["catalogItems"], "catalogItems", 300)?
                .iter()
                .enumerate()
                .map(|(k, item)| {
                    let at = format!("catalogItems[{k}]");
                    let d = &item["data"];
                    let price = price(c, &d["price"], &format!("{at}.data.price"))?;
                    let full = match &d["fullPrice"] {
                        Value::Null => price,
                        v => super::price(c, v, &format!("{at}.data.fullPrice"))?,
                    };
                    let available = match &d["quantityAvailable"] {
                        Value::Null => None,
                        q => Some(q.as_i64().filter(|q| *q >= 0).ok_or_else(|| {
                            format!("{at}.data.quantityAvailable: a whole number from 0")
                        })?),
                    };
                    let physical = &d["physicalProperties"];
                    let media = match &d["media"] {
                        Value::String(u) => Some(u.clone()),
                        m => m["url"].as_str().map(str::to_string),
                    };
                    Ok((
                        item["catalogReference"]["catalogItemId"].clone(),
                        item["catalogReference"]["options"].clone(),
                        Priced {
                            name: text(
                                &d["productName"]["original"],
                                &format!("{at}.data.productName.original"),
                                200,
                            )?,
                            price,
                            full_price: full,
                            available,
                            weight: physical["weight"]
                                .as_f64()
                                .map(|w| Decimal::try_from(w).unwrap_or_default())
                                .unwrap_or_default(),
                            sku: physical["sku"].as_str().unwrap_or_default().to_string(),
                            shippable: physical["shippable"]
                                .as_bool()
                                .unwrap_or(d["itemType"]["preset"] == "PHYSICAL"),
                            image: media,
                            description_lines: d["descriptionLines"]
                                .as_array()
                                .cloned()
                                .unwrap_or_default(),
                            url: d["url"].as_str().map(str::to_string),
                            catalog: Some(plugin.key()),
                            ..Priced::missing(&lines[mine[0]])
                        },
                    ))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .await;
        let Ok(items) = items else { continue };
        for &i in &mine {
            let r = &lines[i].reference;
            let Some((_, _, item)) = items.iter().find(|(id, options, _)| {
                *id == r["catalogItemId"] && (options.is_null() || *options == r["options"])
            }) else {
                continue;
            };
            out[i] = Priced {
                line: lines[i].clone(),
                product_id: r["catalogItemId"].as_str().unwrap_or_default().to_string(),
                status: crate::pricing::availability(item.available, lines[i].quantity),
                ..item.clone()
            };
        }
    }
    Ok(out)
}
