//! Plans sold through the store's checkout: a cart line `{catalogReference: {appId:
//! PLANS_APP_ID, catalogItemId: <planId>}}` is priced here (the first cycle, with the setup
//! fee; nothing during a free trial) for a signed-in member only, and the plan order follows
//! its store order: DRAFT when it is created, ACTIVE when it is paid, CANCELED when it is
//! canceled or refunded.

use rust_decimal::Decimal;
use serde_json::{Value, json};
use tessera_core::{now_millis, plans::PlanOrderFilter, sites::Site};
use tessera_platform::{Platform, WixCode, WixError, WixResult};

use crate::{orders, plans};

/// `getCatalogItems` for plan lines.
pub async fn items(p: &Platform, site: &Site, options: &Value) -> WixResult<Value> {
    let member = options["buyer"]["memberId"].as_str().unwrap_or_default();
    let mut out = Vec::new();
    for r in options["catalogReferences"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let reference = &r["catalogReference"];
        let id = reference["catalogItemId"].as_str().unwrap_or_default();
        let Ok(plan) = plans::get(p, site, id).await else {
            continue;
        };
        let d = &Value::Object(plan.data.clone());
        if d.get("archived") == Some(&json!(true)) {
            continue;
        }
        if member.is_empty() {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!(
                    "lineItems: plan '{}' is bought by a signed-in member: log in first",
                    d["name"].as_str().unwrap_or(id)
                ),
            ));
        }
        let price = plans::money(&d["pricing"]["price"]["value"], "plan.pricing.price.value")?;
        let fee = match &d["pricing"]["setupFee"]["value"] {
            Value::Null => Decimal::ZERO,
            v => plans::money(v, "plan.pricing.setupFee.value")?,
        };
        // A renewal (`options.orderId`) is one cycle; a first purchase adds the setup fee and
        // costs nothing but the fee when it starts with a free trial.
        let renewal = !reference["options"]["orderId"].is_null();
        let trial = !renewal
            && d["pricing"]["freeTrialDays"].as_i64().unwrap_or(0) > 0
            && !had_trial(p, site, member, id).await?;
        let total = match (renewal, trial) {
            (true, _) => price,
            (false, true) => fee,
            (false, false) => price + fee,
        };
        out.push(json!({
            "catalogReference": reference,
            "data": {
                "productName": { "original": d["name"] },
                "price": format!("{:.2}", total),
                "quantityAvailable": 1,
                "itemType": { "preset": "DIGITAL" },
                "descriptionLines": [{ "name": { "original": "Plan" }, "plainText": { "original": describe(&d["pricing"]) } }],
            },
        }));
    }
    Ok(json!({ "catalogItems": out }))
}

async fn had_trial(p: &Platform, site: &Site, member: &str, plan: &str) -> WixResult<bool> {
    let (mine, _) = p
        .store()
        .plan_orders(
            site.id,
            &PlanOrderFilter {
                plan_ids: vec![plan.into()],
                member_id: Some(member.into()),
                statuses: Vec::new(),
            },
            0,
            1000,
        )
        .await?;
    Ok(mine
        .iter()
        .any(|o| o.status != "DRAFT" && o.doc["freeTrialDays"].as_i64().unwrap_or(0) > 0))
}

/// The pricing in words, for the cart's line.
fn describe(pricing: &Value) -> String {
    let unit = |d: &Value| {
        let n = d["count"].as_i64().unwrap_or(1);
        let u = d["unit"].as_str().unwrap_or("MONTH").to_lowercase();
        if n == 1 { u } else { format!("{n} {u}s") }
    };
    if let Some(s) = pricing["subscription"].as_object() {
        let every = format!("every {}", unit(&s["cycleDuration"]));
        match s["cycleCount"].as_i64().unwrap_or(0) {
            0 => format!("{every}, until canceled"),
            n => format!("{every}, {n} times"),
        }
    } else if !pricing["singlePaymentForDuration"].is_null() {
        format!("for {}", unit(&pricing["singlePaymentForDuration"]))
    } else {
        "unlimited".into()
    }
}

/// The plan lines of a store order: each line's plan and the plan order it renews, if any.
fn plan_lines(order: &Value) -> Vec<(String, Option<String>)> {
    order["lineItems"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|l| l["catalogReference"]["appId"] == crate::PLANS_APP_ID)
        .map(|l| {
            let r = &l["catalogReference"];
            (
                r["catalogItemId"].as_str().unwrap_or_default().to_string(),
                r["options"]["orderId"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// The id of the plan order made from line `line` (of the plan lines) of a store order.
fn made_id(store_order: &str, line: usize) -> String {
    use sha2::Digest;
    let hash = sha2::Sha256::digest(format!("{store_order}/{line}"));
    let mut bytes = [0; 16];
    bytes.copy_from_slice(&hash[..16]);
    uuid::Builder::from_custom_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// The plan orders made from a store order.
async fn made_from(
    p: &Platform,
    site: &Site,
    member: &str,
    store_order: &str,
) -> WixResult<Vec<tessera_core::plans::PlanOrder>> {
    let (mine, _) = p
        .store()
        .plan_orders(
            site.id,
            &PlanOrderFilter {
                plan_ids: Vec::new(),
                member_id: Some(member.into()),
                statuses: Vec::new(),
            },
            0,
            1000,
        )
        .await?;
    Ok(mine
        .into_iter()
        .filter(|o| o.doc["wixPayOrderId"] == store_order)
        .collect())
}

/// A store order with plan lines changed.
pub async fn order_changed(p: &Platform, site: &Site, event: &str, order: &Value) -> WixResult<()> {
    let lines = plan_lines(order);
    let store_order = order["id"].as_str().unwrap_or_default();
    let member = order["buyerInfo"]["memberId"].as_str().unwrap_or_default();
    if lines.is_empty() || member.is_empty() {
        return Ok(());
    }
    // Renewal orders are recorded by the scheduler that made them.
    let firsts: Vec<&String> = lines
        .iter()
        .filter(|(_, renews)| renews.is_none())
        .map(|(plan, _)| plan)
        .collect();
    if firsts.is_empty() {
        return Ok(());
    }
    let mut made = made_from(p, site, member, store_order).await?;
    if made.len() < firsts.len() && matches!(event, "created" | "paid") {
        for (line, plan_id) in firsts.iter().enumerate() {
            // Named by the store order's line: the same event delivered twice at once (two
            // nodes), or `created` and `paid` together, insert it once.
            let id = made_id(store_order, line);
            if made.iter().any(|o| o.id == id) {
                continue;
            }
            let plan = plans::get(p, site, plan_id).await?;
            let mut o = orders::draft(p, site, &plan, member, "ONLINE").await?;
            o.doc["id"] = json!(id);
            o.doc["subscriptionId"] = json!(id);
            o.id = id;
            o.doc["wixPayOrderId"] = json!(store_order);
            match orders::insert(p, site, o).await {
                Err(e) if e.code() != WixCode::ConditionFailed => return Err(e),
                _ => {}
            }
        }
        made = made_from(p, site, member, store_order).await?;
    }
    for o in made {
        match event {
            "paid" => {
                let total = order["priceSummary"]["total"]["amount"]
                    .as_str()
                    .unwrap_or("0")
                    .to_string();
                orders::change(p, site, &o.id, |x| {
                    if x.status != "DRAFT" {
                        return Ok(());
                    }
                    orders::start(x, now_millis());
                    orders::payment(x, "PAID", Some(store_order), &total);
                    Ok(())
                })
                .await?;
            }
            "canceled" | "refunded" => {
                if matches!(o.status.as_str(), "DRAFT" | "ACTIVE" | "PAUSED" | "PENDING") {
                    orders::cancel(
                        p,
                        site,
                        &o.id,
                        &json!({ "effectiveAt": "IMMEDIATELY" }),
                        "OWNER_ACTION",
                    )
                    .await?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}
