//! Other catalogs: what the site sells beyond its products. The platform's modules
//! (bookings, plans) price their own lines in process; `ecom-catalog` plugins of the site's
//! code price theirs (items of a CMS collection, say). Both answer as `getCatalogItems`.

use rust_decimal::Decimal;
use serde_json::{Value, json};
use tessera_core::sites::Site;
use tessera_platform::{Platform, WixCode, WixError, WixResult};

use super::{Buyer, PRICING_TIME, call, checked, context, list, price, published_plugins, text};
use crate::{
    money::Currency,
    pricing::{Line, Priced},
    settings::Settings,
};

/// Lines of other catalogs (`catalogReference.appId` the name of an `ecom-catalog` plugin of
/// the site's code), priced by the plugin's `getCatalogItems`: name, price, availability
/// (`quantityAvailable`; none is no limit), weight and whether it ships. What no plugin that
/// is on sells, or a plugin that fails, is `NOT_FOUND` (the failure is in the site's log).
pub async fn catalog_items(
    p: &Platform,
    site: &Site,
    s: &Settings,
    member: Option<&str>,
    lines: &[Line],
) -> WixResult<Vec<Priced>> {
    let mut out: Vec<Priced> = lines.iter().map(Priced::missing).collect();
    if lines.is_empty() {
        return Ok(out);
    }
    let c = &s.currency;
    // The platform's modules' catalogs (bookings, plans): asked in process.
    for module in p.modules() {
        let Some(app) = module.catalog_app_id() else {
            continue;
        };
        let mine = lines_of(lines, |a| a == app);
        if mine.is_empty() {
            continue;
        }
        let answer = module
            .catalog_items(p.clone(), site.clone(), {
                // Modules' catalogs hear who buys (a plan is sold to a member only).
                let mut o = options(lines, &mine, s);
                o["buyer"] = json!({ "memberId": member });
                o
            })
            .await?;
        let items = parse_items(c, &answer, app, &lines[mine[0]]).map_err(|problem| {
            WixError::new(
                WixCode::Internal,
                format!(
                    "the {} module priced its lines wrongly: {problem}",
                    module.name()
                ),
            )
        })?;
        fill(&mut out, lines, &mine, &items);
    }
    let Some((code, found)) = published_plugins(p, site.id).await? else {
        return Ok(out);
    };
    for plugin in found
        .iter()
        .filter(|pl| pl.kind == "ecom-catalog" && !s.disabled_plugins.contains(&pl.key()))
    {
        let mine = lines_of(lines, |a| a == plugin.name || a == plugin.key());
        if mine.is_empty() {
            continue;
        }
        let options = options(lines, &mine, s);
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
        let name = plugin.key();
        let items = checked(p, site, plugin, &options, answer, |a| {
            parse_items(c, a, &name, &lines[mine[0]])
        })
        .await;
        let Ok(items) = items else { continue };
        fill(&mut out, lines, &mine, &items);
    }
    Ok(out)
}

/// The lines whose `catalogReference.appId` passes `is_mine`.
fn lines_of(lines: &[Line], is_mine: impl Fn(&str) -> bool) -> Vec<usize> {
    (0..lines.len())
        .filter(|&i| is_mine(lines[i].reference["appId"].as_str().unwrap_or_default()))
        .collect()
}

/// `getCatalogItems`' options for some of the lines.
fn options(lines: &[Line], mine: &[usize], s: &Settings) -> Value {
    json!({
        "catalogReferences": mine.iter().map(|&i| json!({
            "catalogReference": lines[i].reference, "quantity": lines[i].quantity,
        })).collect::<Vec<_>>(),
        "weightUnit": s.weight_unit,
        "currency": s.currency.code,
    })
}

/// A catalog's answer, checked: each item's reference (id and options) and the line it
/// prices, `catalog` naming who sells it.
fn parse_items(
    c: &Currency,
    a: &Value,
    catalog: &str,
    base: &Line,
) -> Result<Vec<(Value, Value, Priced)>, String> {
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
                    catalog: Some(catalog.to_string()),
                    ..Priced::missing(base)
                },
            ))
        })
        .collect::<Result<Vec<_>, _>>()
}

/// Puts each priced item on the lines that reference it.
fn fill(out: &mut [Priced], lines: &[Line], mine: &[usize], items: &[(Value, Value, Priced)]) {
    for &i in mine {
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
