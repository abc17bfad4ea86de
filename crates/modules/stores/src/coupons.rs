//! Coupons: `/stores/v2/coupons…` (Wix's shape: a `specification` with one kind of discount,
//! its dates, limits and scope), kept in the system collection `Stores/Coupons`. A coupon's
//! uses are counted when an order is placed, in the order's transaction (`uses`), so its
//! limits hold under concurrent checkouts; a canceled order gives its use back.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use tessera_core::{
    commerce::Use,
    data::{FieldType, Item, Query, query::parse_filter, query::parse_sort},
    now_millis,
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route},
};

use crate::{
    boxed, date, may,
    money::amount,
    path_id,
    pricing::{Coupon, CouponKind, Scope},
    records::{At, Kind},
};

pub const COUPONS: Kind = Kind {
    id: "Stores/Coupons",
    name: "Coupons",
    fields: &[("code", FieldType::Text), ("name", FieldType::Text)],
    indexes: &[("by_code", &["code"], true)],
    public: false,
};

/// A coupon's kinds: a specification has exactly one.
const KINDS: [&str; 5] = [
    "moneyOffAmount",
    "percentOffRate",
    "freeShipping",
    "fixedPriceAmount",
    "buyXGetY",
];

fn not_found(id: &str) -> WixError {
    WixError::new(WixCode::ItemNotFound, format!("coupon {id} does not exist"))
}

fn bad(field: &str, why: &str) -> WixError {
    WixError::bad_request(format!("specification.{field}: {why}"))
}

fn millis(v: &Value, field: &str) -> WixResult<Option<i64>> {
    crate::iso_millis(v, &format!("specification.{field}"))
}

/// Checks a specification and keeps it as the coupon's data (codes compared in upper case).
fn parse(spec: &Value) -> WixResult<Map<String, Value>> {
    let name = spec["name"]
        .as_str()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| bad("name", "is required"))?;
    let code = spec["code"]
        .as_str()
        .map(str::trim)
        .unwrap_or_default()
        .to_uppercase();
    if code.is_empty() || code.chars().count() > 20 || code.chars().any(char::is_whitespace) {
        return Err(bad("code", "1 to 20 characters without spaces"));
    }
    let kinds = KINDS;
    let given: Vec<&str> = kinds
        .iter()
        .copied()
        .filter(|k| !spec[*k].is_null() && spec[*k] != false)
        .collect();
    if given.len() != 1 {
        return Err(WixError::bad_request(format!(
            "specification: exactly one of {} (got {})",
            kinds.join(", "),
            if given.is_empty() {
                "none".to_string()
            } else {
                given.join(", ")
            }
        )));
    }
    match given[0] {
        "percentOffRate" => {
            let r = amount(&spec["percentOffRate"], "specification.percentOffRate")?
                .unwrap_or_default();
            if r < Decimal::ONE || r > Decimal::ONE_HUNDRED {
                return Err(bad("percentOffRate", "from 1 to 100"));
            }
        }
        "moneyOffAmount" | "fixedPriceAmount" => {
            amount(&spec[given[0]], &format!("specification.{}", given[0]))?;
        }
        "buyXGetY" => {
            let (x, y) = (
                spec["buyXGetY"]["x"].as_i64(),
                spec["buyXGetY"]["y"].as_i64(),
            );
            if !matches!((x, y), (Some(x), Some(y)) if x >= 1 && y >= 1) {
                return Err(bad("buyXGetY", "x and y, whole numbers from 1"));
            }
        }
        _ => {}
    }
    for key in ["usageLimit", "limitPerCustomer"] {
        if !spec[key].is_null() && spec[key].as_i64().is_none_or(|n| n < 1) {
            return Err(bad(key, "a whole number from 1"));
        }
    }
    let start = millis(&spec["startTime"], "startTime")?;
    let end = millis(&spec["expirationTime"], "expirationTime")?;
    if let (Some(s), Some(e)) = (start, end)
        && e <= s
    {
        return Err(bad("expirationTime", "after startTime"));
    }
    amount(&spec["minimumSubtotal"], "specification.minimumSubtotal")?;
    let scope = &spec["scope"]["group"];
    if !scope.is_null() && !matches!(scope["name"].as_str(), Some("product" | "collection")) {
        return Err(bad("scope.group.name", "product or collection"));
    }
    let mut data = spec.as_object().cloned().unwrap_or_default();
    data.retain(|_, v| !v.is_null());
    data.insert("code".into(), json!(code));
    data.insert("name".into(), json!(name));
    data.entry("active").or_insert(json!(true));
    Ok(data)
}

/// A coupon scoped to a product or collection names one that exists.
async fn check_scope(p: &Platform, site: &Site, spec: &Map<String, Value>) -> WixResult<()> {
    let group = &spec.at("scope")["group"];
    let kind = match group["name"].as_str() {
        Some("product") => &crate::products::PRODUCTS,
        Some("collection") => &crate::collections::COLLECTIONS,
        _ => return Ok(()),
    };
    let id = group["entityId"].as_str().unwrap_or_default();
    if id.is_empty() || kind.get(p, site, id).await?.is_none() {
        return Err(bad(
            "scope.group.entityId",
            &format!("no {} {id}", group["name"].as_str().unwrap_or_default()),
        ));
    }
    Ok(())
}

fn view(item: &Item, used: i64) -> Value {
    let expired = millis(item.data.at("expirationTime"), "")
        .ok()
        .flatten()
        .is_some_and(|e| e <= now_millis());
    json!({
        "id": item.id,
        "specification": item.data,
        "expired": expired,
        "numberOfUsages": used,
        "dateCreated": date(item.created_at),
    })
}

fn total_use(id: &str) -> String {
    format!("coupon:{id}")
}

fn customer_use(id: &str, email: &str) -> String {
    format!("coupon:{id}:{}", email.to_lowercase())
}

async fn used(p: &Platform, site: &Site, id: &str) -> WixResult<i64> {
    Ok(p.store().uses(site.id, &[total_use(id)]).await?[0])
}

/// The coupon with `code` as pricing applies it, or why it cannot be used now (not the
/// minimum subtotal, which pricing checks).
pub async fn find(p: &Platform, site: &Site, code: &str) -> WixResult<Result<Coupon, String>> {
    let code = code.trim().to_uppercase();
    let q = Query {
        filter: parse_filter(&json!({"code": code}))?,
        limit: 1,
        ..Query::default()
    };
    let Some(item) = COUPONS.query(p, site, &q).await?.into_iter().next() else {
        return Ok(Err(format!("coupon {code} does not exist")));
    };
    let d = &item.data;
    let now = now_millis();
    if d.at("active") == &json!(false) {
        return Ok(Err(format!("coupon {code} is not active")));
    }
    if millis(d.at("startTime"), "")?.is_some_and(|s| s > now) {
        return Ok(Err(format!("coupon {code} is not valid yet")));
    }
    if millis(d.at("expirationTime"), "")?.is_some_and(|e| e <= now) {
        return Ok(Err(format!("coupon {code} has expired")));
    }
    if let Some(limit) = d.at("usageLimit").as_i64()
        && used(p, site, &item.id).await? >= limit
    {
        return Ok(Err(format!("coupon {code} is used up")));
    }
    let stored = |k: &str| amount(d.at(k), "").ok().flatten().unwrap_or_default();
    let kind = if !d.at("percentOffRate").is_null() {
        CouponKind::PercentOff(stored("percentOffRate"))
    } else if !d.at("moneyOffAmount").is_null() {
        CouponKind::MoneyOff(stored("moneyOffAmount"))
    } else if !d.at("fixedPriceAmount").is_null() {
        CouponKind::FixedPrice(stored("fixedPriceAmount"))
    } else if !d.at("buyXGetY").is_null() {
        CouponKind::BuyXGetY {
            x: d.at("buyXGetY")["x"].as_i64().unwrap_or(1),
            y: d.at("buyXGetY")["y"].as_i64().unwrap_or(1),
        }
    } else {
        CouponKind::FreeShipping
    };
    let group = &d.at("scope")["group"];
    let scope = match (group["name"].as_str(), group["entityId"].as_str()) {
        (Some("product"), Some(id)) => Scope::Products(vec![id.into()]),
        (Some("collection"), Some(id)) => Scope::Collections(vec![id.into()]),
        _ => Scope::All,
    };
    Ok(Ok(Coupon {
        id: item.id.clone(),
        code,
        name: d.at("name").as_str().unwrap_or_default().into(),
        kind,
        minimum_subtotal: amount(d.at("minimumSubtotal"), "").ok().flatten(),
        scope,
        per_customer: d.at("limitPerCustomer").as_i64(),
        limit: d.at("usageLimit").as_i64(),
    }))
}

/// The counts an order with this coupon uses up.
pub fn uses(c: &Coupon, email: &str) -> Vec<Use> {
    let mut out = vec![Use {
        name: total_use(&c.id),
        limit: c.limit,
    }];
    if let Some(n) = c.per_customer {
        out.push(Use {
            name: customer_use(&c.id, email),
            limit: Some(n),
        });
    }
    out
}

/// The counts a canceled order gives back.
pub fn given_back(order: &Value) -> Vec<String> {
    let Some(c) = order["appliedDiscounts"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["coupon"].is_object()))
    else {
        return Vec::new();
    };
    let id = c["coupon"]["id"].as_str().unwrap_or_default();
    let mut names = vec![total_use(id)];
    if c["coupon"]["perCustomer"] == true {
        names.push(customer_use(
            id,
            order["buyerInfo"]["email"].as_str().unwrap_or_default(),
        ));
    }
    names
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(Method::Post, "/stores/v2/coupons", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                let data = parse(&call.body["specification"])?;
                check_scope(&p, &call.ctx.site, &data).await?;
                let id = uuid::Uuid::new_v4().to_string();
                COUPONS
                    .insert(&p, &call.ctx.site, &id, data)
                    .await
                    .map_err(|e| {
                        if e.is_condition_failed() {
                            WixError::bad_request("specification.code: another coupon has it")
                        } else {
                            e
                        }
                    })?;
                Ok(json!({ "id": id }))
            })
        }),
        Route::new(Method::Get, "/stores/v2/coupons/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::View)?;
                let id = path_id(&call, "id")?;
                let item = COUPONS
                    .get(&p, &call.ctx.site, &id)
                    .await?
                    .ok_or_else(|| not_found(&id))?;
                Ok(json!({ "coupon": view(&item, used(&p, &call.ctx.site, &id).await?) }))
            })
        }),
        Route::new(Method::Patch, "/stores/v2/coupons/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                let id = path_id(&call, "id")?;
                let site = &call.ctx.site;
                let mut item = COUPONS
                    .get(&p, site, &id)
                    .await?
                    .ok_or_else(|| not_found(&id))?;
                let mut spec = item.data.clone();
                let patch = call.body["specification"]
                    .as_object()
                    .cloned()
                    .unwrap_or_default();
                // A new kind replaces the old one.
                if KINDS
                    .iter()
                    .any(|k| patch.get(*k).is_some_and(|v| !v.is_null() && *v != false))
                {
                    spec.retain(|k, _| !KINDS.contains(&k.as_str()));
                }
                spec.extend(patch);
                item.data = parse(&Value::Object(spec))?;
                check_scope(&p, site, &item.data).await?;
                let saved = COUPONS
                    .save(&p, site, &item)
                    .await?
                    .ok_or_else(|| not_found(&id))?;
                Ok(json!({ "coupon": view(&saved, used(&p, site, &id).await?) }))
            })
        }),
        Route::new(Method::Delete, "/stores/v2/coupons/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                let id = path_id(&call, "id")?;
                COUPONS
                    .remove(&p, &call.ctx.site, &id)
                    .await?
                    .ok_or_else(|| not_found(&id))?;
                Ok(json!({}))
            })
        }),
        Route::new(Method::Post, "/stores/v2/coupons/query", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::View)?;
                let site = &call.ctx.site;
                let query = &call.body["query"];
                let (limit, offset) = crate::paging(&query["paging"], 50, 100)?;
                let q = Query {
                    filter: parse_filter(&crate::renamed(
                        &crate::json_part(&query["filter"], "query.filter")?,
                        stored_name,
                    ))
                    .map_err(|e| WixError::bad_request(format!("query.filter: {e}")))?,
                    sort: parse_sort(&crate::v1_sort(
                        crate::json_part(&query["sort"], "query.sort")?,
                        stored_name,
                    ))
                    .map_err(|e| WixError::bad_request(format!("query.sort: {e}")))?,
                    limit,
                    offset,
                    ..Query::default()
                };
                let items = COUPONS.query(&p, site, &q).await?;
                let mut out = Vec::new();
                for i in &items {
                    out.push(view(i, used(&p, site, &i.id).await?));
                }
                let total = COUPONS.count(&p, site, &q.filter).await?;
                Ok(
                    json!({ "coupons": out, "metadata": { "items": out.len(), "offset": offset }, "totalResults": total }),
                )
            })
        }),
    ]
}

/// A coupon field's stored name: `specification.code` is `code`, `id` `_id`, `dateCreated`
/// `_createdDate`.
fn stored_name(k: &str) -> &str {
    match k {
        "id" => "_id",
        "dateCreated" => "_createdDate",
        k => k.strip_prefix("specification.").unwrap_or(k),
    }
}

/// The coupon a cart's or checkout's data names, and why it no longer applies if it does not.
pub async fn of_doc(
    p: &Platform,
    site: &Site,
    data: &Map<String, Value>,
) -> WixResult<(Option<Coupon>, Option<String>)> {
    match data.at("couponCode").as_str().filter(|c| !c.is_empty()) {
        None => Ok((None, None)),
        Some(code) => Ok(match find(p, site, code).await? {
            Ok(c) => (Some(c), None),
            Err(why) => (None, Some(why)),
        }),
    }
}

/// A `couponCode` sent to apply: the code when the coupon can be used now, else a clear error.
pub async fn applied_code(p: &Platform, site: &Site, v: &Value) -> WixResult<Option<String>> {
    match v.as_str().map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(code) => match find(p, site, code).await? {
            Ok(c) => Ok(Some(c.code)),
            Err(why) => Err(WixError::new(
                WixCode::FailedPrecondition,
                format!("couponCode: {why}"),
            )),
        },
    }
}
