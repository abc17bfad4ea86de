//! Automatic discounts: `/ecom/v1/discount-rules…` (Wix's shape: a trigger, active dates and
//! item discounts, each with its scopes), kept in the system collection
//! `Stores/DiscountRules`. Pricing applies the live ones to every cart and checkout
//! (`pricing::Rule`); an order counts each rule it used (`usageCount`).

use std::sync::Arc;

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
    backend_events::event_payload,
    module::{Method, Route},
};

use crate::{
    boxed, date, may,
    money::amount,
    path_id,
    pricing::{Rule, RuleDiscount, RuleKind, STORES_APP_ID, Scope, Trigger},
    records::{At, Kind},
};

pub const DISCOUNT_RULES: Kind = Kind {
    id: "Stores/DiscountRules",
    name: "Discount rules",
    fields: &[("name", FieldType::Text), ("active", FieldType::Boolean)],
    indexes: &[],
    public: false,
};

/// Rules a site may have: every priced cart reads the live ones.
pub const MAX_RULES: u64 = 500;
/// Triggers chained in one rule, as on Wix.
const MAX_TRIGGERS: usize = 5;
const MAX_SCOPES: usize = 50;

fn not_found(id: &str) -> WixError {
    WixError::new(
        WixCode::ItemNotFound,
        format!("discount rule {id} does not exist"),
    )
}

fn bad(field: &str, why: &str) -> WixError {
    WixError::bad_request(format!("discountRule.{field}: {why}"))
}

fn millis(v: &Value, field: &str) -> WixResult<Option<i64>> {
    crate::iso_millis(v, &format!("discountRule.{field}"))
}

fn money(v: &Value, field: &str) -> WixResult<Option<Decimal>> {
    let m = amount(v, &format!("discountRule.{field}"))?;
    if m.is_some_and(|m| m.is_sign_negative()) {
        return Err(bad(field, "not below 0"));
    }
    Ok(m)
}

/// A list of scopes: Wix Stores' products (all, or the ids given) or its collections
/// (`customFilter.params.collectionIds`).
fn scopes(v: &Value, field: &str) -> WixResult<Vec<Scope>> {
    let list = match v {
        Value::Null => return Ok(Vec::new()),
        Value::Array(a) if a.len() <= MAX_SCOPES => a,
        _ => {
            return Err(bad(
                field,
                &format!("a list of at most {MAX_SCOPES} scopes"),
            ));
        }
    };
    let ids = |v: &Value, f: &str| -> WixResult<Vec<String>> {
        match v {
            Value::Null => Ok(Vec::new()),
            Value::String(s) if !s.is_empty() => Ok(vec![s.clone()]),
            Value::Array(a) => a
                .iter()
                .map(|x| {
                    x.as_str()
                        .filter(|s| !s.is_empty() && s.len() <= 36)
                        .map(str::to_string)
                        .ok_or_else(|| bad(f, "ids of 1 to 36 characters"))
                })
                .collect(),
            _ => Err(bad(f, "a list of ids")),
        }
    };
    let mut out = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let at = format!("{field}[{i}]");
        let kind = s["type"]
            .as_str()
            .unwrap_or(if s["customFilter"].is_object() {
                "CUSTOM_FILTER"
            } else {
                "CATALOG_ITEM"
            });
        let (app, scope) = match kind {
            "CATALOG_ITEM" => {
                let f = &s["catalogItemFilter"];
                let products = ids(
                    &f["catalogItemIds"],
                    &format!("{at}.catalogItemFilter.catalogItemIds"),
                )?;
                (
                    f["catalogAppId"].as_str(),
                    if products.is_empty() {
                        Scope::All
                    } else {
                        Scope::Products(products)
                    },
                )
            }
            "CUSTOM_FILTER" => {
                let params = &s["customFilter"]["params"];
                let field = format!("{at}.customFilter.params.collectionIds");
                let mut collections = ids(&params["collectionIds"], &field)?;
                collections.extend(ids(&params["collectionId"], &field)?);
                if collections.is_empty() {
                    return Err(bad(&field, "at least one collection id"));
                }
                (
                    s["customFilter"]["appId"].as_str(),
                    Scope::Collections(collections),
                )
            }
            _ => return Err(bad(&format!("{at}.type"), "CATALOG_ITEM or CUSTOM_FILTER")),
        };
        if app.is_some_and(|a| a != STORES_APP_ID) {
            return Err(bad(
                &at,
                &format!("only Wix Stores' catalog ({STORES_APP_ID}) is sold here"),
            ));
        }
        out.push(scope);
    }
    Ok(out)
}

/// Which of a one-of's `(field, type)` kinds `v` is: the one its `type_key` names, else the
/// first field it has.
fn one_of(
    v: &Value,
    type_key: &str,
    kinds: &[(&'static str, &'static str)],
    field: &str,
) -> WixResult<&'static str> {
    let named = v[type_key].as_str();
    kinds
        .iter()
        .find(|(k, t)| named.map_or(!v[*k].is_null(), |n| n == *t))
        .map(|(k, _)| *k)
        .ok_or_else(|| {
            let types: Vec<&str> = kinds.iter().map(|(_, t)| *t).collect();
            bad(
                &format!("{field}.{type_key}"),
                &format!("one of {}", types.join(", ")),
            )
        })
}

/// A trigger, and how many triggers it chains.
fn trigger(v: &Value, field: &str) -> WixResult<(Trigger, usize)> {
    let kinds = [
        ("and", "AND"),
        ("or", "OR"),
        ("subtotalRange", "SUBTOTAL_RANGE"),
        ("itemQuantityRange", "ITEM_QUANTITY_RANGE"),
        ("customerEligibility", "CUSTOMER_ELIGIBILITY"),
        ("customTrigger", "CUSTOM"),
    ];
    let key = one_of(v, "triggerType", &kinds, field)?;
    let body = &v[key];
    let at = format!("{field}.{key}");
    Ok(match key {
        "and" | "or" => {
            let list = body["triggers"]
                .as_array()
                .filter(|a| a.len() >= 2)
                .ok_or_else(|| bad(&format!("{at}.triggers"), "a list of at least 2 triggers"))?;
            let mut parts = Vec::new();
            let mut count = 0;
            for (i, t) in list.iter().enumerate() {
                let (t, n) = trigger(t, &format!("{at}.triggers[{i}]"))?;
                parts.push(t);
                count += n;
            }
            (
                if key == "and" {
                    Trigger::All(parts)
                } else {
                    Trigger::Any(parts)
                },
                count,
            )
        }
        "subtotalRange" => {
            let from = money(&body["from"], &format!("{at}.from"))?;
            let to = money(&body["to"], &format!("{at}.to"))?;
            if from.is_none() && to.is_none() {
                return Err(bad(&at, "from, to or both"));
            }
            if let (Some(f), Some(t)) = (from, to)
                && t < f
            {
                return Err(bad(&format!("{at}.to"), "not below from"));
            }
            let scopes = scopes(&body["scopes"], &format!("{at}.scopes"))?;
            (Trigger::Subtotal { scopes, from, to }, 1)
        }
        "itemQuantityRange" => {
            let count = |k: &str| -> WixResult<Option<i64>> {
                match &body[k] {
                    Value::Null => Ok(None),
                    n => n
                        .as_i64()
                        .filter(|n| *n >= 1)
                        .map(Some)
                        .ok_or_else(|| bad(&format!("{at}.{k}"), "a whole number from 1")),
                }
            };
            let (from, to) = (count("from")?, count("to")?);
            if from.is_none() && to.is_none() {
                return Err(bad(&at, "from, to or both"));
            }
            if let (Some(f), Some(t)) = (from, to)
                && t < f
            {
                return Err(bad(&format!("{at}.to"), "not below from"));
            }
            let scopes = scopes(&body["scopes"], &format!("{at}.scopes"))?;
            (Trigger::Quantity { scopes, from, to }, 1)
        }
        "customerEligibility" => {
            let members = body["individualMembersInfo"]["memberIds"]
                .as_array()
                .filter(|a| !a.is_empty())
                .and_then(|a| {
                    a.iter()
                        .map(|m| m.as_str().map(str::to_string))
                        .collect::<Option<Vec<_>>>()
                })
                .ok_or_else(|| {
                    bad(
                        &format!("{at}.individualMembersInfo.memberIds"),
                        "a list of member ids",
                    )
                })?;
            (Trigger::Members(members), 1)
        }
        _ => {
            let id = body["id"]
                .as_str()
                .or_else(|| body["_id"].as_str())
                .filter(|id| !id.is_empty() && id.len() <= 100)
                .ok_or_else(|| {
                    bad(
                        &format!("{at}.id"),
                        "the id of a custom trigger of the site's ecom-discounts-trigger plugin",
                    )
                })?;
            (Trigger::Custom(id.to_string()), 1)
        }
    })
}

/// One of a rule's discounts.
fn discount(v: &Value, field: &str) -> WixResult<RuleDiscount> {
    if v["targetType"]
        .as_str()
        .is_some_and(|t| t != "SPECIFIC_ITEMS")
    {
        return Err(bad(&format!("{field}.targetType"), "SPECIFIC_ITEMS"));
    }
    let scopes = scopes(
        &v["specificItemsInfo"]["scopes"],
        &format!("{field}.specificItemsInfo.scopes"),
    )?;
    if scopes.is_empty() {
        return Err(bad(
            &format!("{field}.specificItemsInfo.scopes"),
            "at least one scope (all products: a CATALOG_ITEM scope without ids)",
        ));
    }
    let kinds = [
        ("percentage", "PERCENTAGE"),
        ("fixedAmount", "FIXED_AMOUNT"),
        ("fixedPrice", "FIXED_PRICE"),
        ("quantityBased", "QUANTITY_BASED"),
    ];
    let key = one_of(v, "discountType", &kinds, field)?;
    let at = format!("{field}.{key}");
    let kind = match key {
        "percentage" => {
            let p = money(&v["percentage"], &at)?
                .filter(|p| *p >= Decimal::new(1, 1) && *p <= Decimal::ONE_HUNDRED)
                .ok_or_else(|| bad(&at, "from 0.1 to 100"))?;
            RuleKind::Percent(p)
        }
        "fixedAmount" => RuleKind::AmountOff(
            money(&v["fixedAmount"], &at)?
                .filter(|a| !a.is_zero())
                .ok_or_else(|| bad(&at, "an amount above 0"))?,
        ),
        "fixedPrice" => RuleKind::FixedPrice(
            money(&v["fixedPrice"], &at)?.ok_or_else(|| bad(&at, "an amount from 0"))?,
        ),
        _ => {
            let list = v["quantityBased"]["configurations"]
                .as_array()
                .filter(|a| !a.is_empty() && a.len() <= 10)
                .ok_or_else(|| bad(&format!("{at}.configurations"), "1 to 10 of them"))?;
            let mut groups = Vec::new();
            for (i, g) in list.iter().enumerate() {
                let gat = format!("{at}.configurations[{i}]");
                let q = g["quantity"]
                    .as_i64()
                    .filter(|q| (2..=1000).contains(q))
                    .ok_or_else(|| bad(&format!("{gat}.quantity"), "from 2 to 1000"))?;
                let price = money(&g["price"], &format!("{gat}.price"))?
                    .ok_or_else(|| bad(&format!("{gat}.price"), "an amount from 0"))?;
                groups.push((q, price));
            }
            RuleKind::QuantityPrice(groups)
        }
    };
    Ok(RuleDiscount { kind, scopes })
}

/// The rule pricing applies, from its stored (or sent) fields; the errors name the field.
fn rule_of(id: &str, d: &Map<String, Value>) -> WixResult<Rule> {
    let name = d
        .at("name")
        .as_str()
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.chars().count() <= 50)
        .ok_or_else(|| bad("name", "1 to 50 characters"))?;
    let trigger = match d.at("trigger") {
        Value::Null => None,
        t => {
            let (t, n) = trigger(t, "trigger")?;
            if n > MAX_TRIGGERS {
                return Err(bad(
                    "trigger",
                    &format!("at most {MAX_TRIGGERS} triggers chained (got {n})"),
                ));
            }
            Some(t)
        }
    };
    let list = d.at("discounts")["values"]
        .as_array()
        .filter(|a| !a.is_empty() && a.len() <= 10)
        .ok_or_else(|| bad("discounts.values", "1 to 10 discounts"))?;
    let discounts = list
        .iter()
        .enumerate()
        .map(|(i, v)| discount(v, &format!("discounts.values[{i}]")))
        .collect::<WixResult<Vec<_>>>()?;
    Ok(Rule {
        id: id.into(),
        name: name.into(),
        trigger,
        discounts,
    })
}

/// Checks a rule as sent and keeps the fields Wix keeps.
fn parse(v: &Value) -> WixResult<Map<String, Value>> {
    let Some(sent) = v.as_object() else {
        return Err(WixError::bad_request(
            "discountRule: is required (an object)",
        ));
    };
    let mut data = Map::new();
    for key in ["name", "active", "trigger", "activeTimeInfo", "discounts"] {
        // A rule read back says "no trigger" as `{}`: the same as none.
        if let Some(v) = sent.get(key).filter(|v| !v.is_null() && **v != json!({})) {
            data.insert(key.into(), v.clone());
        }
    }
    if let Some(n) = data.get_mut("name")
        && let Some(s) = n.as_str()
    {
        *n = json!(s.trim());
    }
    match data.get("active") {
        None => {
            data.insert("active".into(), json!(true));
        }
        Some(Value::Bool(_)) => {}
        Some(_) => return Err(bad("active", "true or false")),
    }
    let time = data.get("activeTimeInfo").cloned().unwrap_or_default();
    let start = millis(&time["start"], "activeTimeInfo.start")?;
    let end = millis(&time["end"], "activeTimeInfo.end")?;
    if let (Some(s), Some(e)) = (start, end)
        && e <= s
    {
        return Err(bad("activeTimeInfo.end", "after activeTimeInfo.start"));
    }
    rule_of("", &data)?;
    Ok(data)
}

/// `LIVE`, `PENDING` (starts later) or `EXPIRED`, at `now`.
fn status(d: &Map<String, Value>, now: i64) -> &'static str {
    let time = d.at("activeTimeInfo");
    if millis(&time["end"], "")
        .ok()
        .flatten()
        .is_some_and(|e| e <= now)
    {
        "EXPIRED"
    } else if millis(&time["start"], "")
        .ok()
        .flatten()
        .is_some_and(|s| s > now)
    {
        "PENDING"
    } else {
        "LIVE"
    }
}

fn revision(item: &Item) -> i64 {
    item.data.at("revision").as_i64().unwrap_or(1)
}

fn view(item: &Item, used: i64) -> Value {
    let mut out = item.data.clone();
    out.insert("id".into(), json!(item.id));
    out.insert("revision".into(), json!(revision(item).to_string()));
    out.insert("createdDate".into(), json!(date(item.created_at)));
    out.insert("updatedDate".into(), json!(date(item.updated_at)));
    out.insert("status".into(), json!(status(&item.data, now_millis())));
    out.insert("usageCount".into(), json!(used));
    Value::Object(out)
}

/// The count an order using rule `id` raises.
pub fn use_of(id: &str) -> Use {
    Use {
        name: format!("discount-rule:{id}"),
        limit: None,
    }
}

async fn views(p: &Platform, site: &Site, items: &[Item]) -> WixResult<Vec<Value>> {
    let names: Vec<String> = items.iter().map(|i| use_of(&i.id).name).collect();
    let used = p.store().uses(site.id, &names).await?;
    Ok(items.iter().zip(used).map(|(i, n)| view(i, n)).collect())
}

/// The site's rules that apply now, oldest first (read once a second at most).
pub async fn live(p: &Platform, site: &Site) -> WixResult<Arc<Vec<Rule>>> {
    let remembered = &crate::Stores::of(p).rules;
    if let Some(rules) = remembered.get(site.id) {
        return Ok(rules);
    }
    let q = Query {
        filter: parse_filter(&json!({"active": true}))?,
        sort: parse_sort(&json!([{"fieldName": "_createdDate"}]))?,
        limit: MAX_RULES as u32,
        ..Query::default()
    };
    let now = now_millis();
    let rules: Vec<Rule> = DISCOUNT_RULES
        .query(p, site, &q)
        .await?
        .iter()
        .filter(|i| status(&i.data, now) == "LIVE")
        // A rule stored before a stricter check is skipped, never half applied.
        .filter_map(|i| rule_of(&i.id, &i.data).ok())
        .collect();
    let rules = Arc::new(rules);
    remembered.keep(site.id, rules.clone());
    Ok(rules)
}

async fn announce(p: &Platform, site: &Site, handler: &'static str, id: &str, entity: Value) {
    crate::Stores::of(p).rules.forget(site.id);
    crate::announce(p, site, handler, event_payload(id, entity)).await;
}

async fn create(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let mut data = parse(&body["discountRule"])?;
    if DISCOUNT_RULES
        .count(p, site, &tessera_core::data::Filter::All)
        .await?
        >= MAX_RULES
    {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!("a site has at most {MAX_RULES} discount rules"),
        ));
    }
    data.insert("revision".into(), json!(1));
    let id = uuid::Uuid::new_v4().to_string();
    let item = DISCOUNT_RULES.insert(p, site, &id, data).await?;
    let rule = view(&item, 0);
    announce(p, site, "wixEcom_onDiscountRuleCreated", &id, rule.clone()).await;
    Ok(json!({ "discountRule": rule }))
}

/// `PATCH …/{id}`: the fields sent replace the stored ones; `revision` must be the current one.
async fn update(p: &Platform, site: &Site, id: &str, body: &Value) -> WixResult<Value> {
    let sent = &body["discountRule"];
    let Some(fields) = sent.as_object() else {
        return Err(WixError::bad_request(
            "discountRule: is required (an object)",
        ));
    };
    let mut item = DISCOUNT_RULES
        .get(p, site, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    let current = revision(&item);
    let given = match &sent["revision"] {
        Value::String(s) => s.parse::<i64>().ok(),
        v => v.as_i64(),
    };
    let Some(given) = given else {
        return Err(bad("revision", "is required (the rule's current revision)"));
    };
    if given != current {
        return Err(WixError::new(
            WixCode::ConditionFailed,
            format!("discountRule.revision: {given} is not the current revision ({current})"),
        ));
    }
    let mut merged = item.data.clone();
    for (k, v) in fields {
        merged.insert(k.clone(), v.clone());
    }
    let mut data = parse(&Value::Object(merged))?;
    data.insert("revision".into(), json!(current + 1));
    item.data = data;
    let saved = DISCOUNT_RULES.save(p, site, &item).await.map_err(|e| {
        if e.is_condition_failed() {
            WixError::new(
                WixCode::ConditionFailed,
                format!("discountRule.revision: the rule changed meanwhile (was {current})"),
            )
        } else {
            e
        }
    })?;
    let saved = saved.ok_or_else(|| not_found(id))?;
    let rule = views(p, site, std::slice::from_ref(&saved))
        .await?
        .remove(0);
    announce(p, site, "wixEcom_onDiscountRuleUpdated", id, rule.clone()).await;
    Ok(json!({ "discountRule": rule }))
}

/// `POST …/query`: Wix's filter on `id`, `name`, `active`, `createdDate`, `updatedDate`, a
/// sort, and cursor paging (the cursor is the offset of the next page).
async fn query(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    fn stored_name(k: &str) -> &str {
        match k {
            "id" => "_id",
            "createdDate" => "_createdDate",
            "updatedDate" => "_updatedDate",
            k => k,
        }
    }
    let q = &body["query"];
    let filter = parse_filter(&crate::renamed(&q["filter"], stored_name))
        .map_err(|e| WixError::bad_request(format!("query.filter: {e}")))?;
    let sort = match &q["sort"] {
        Value::Null => json!([{"fieldName": "_createdDate"}]),
        s => crate::v1_sort(s.clone(), stored_name),
    };
    let sort = parse_sort(&sort).map_err(|e| WixError::bad_request(format!("query.sort: {e}")))?;
    let (limit, offset) = crate::cursor_paging(&q["cursorPaging"], "query")?;
    let items = DISCOUNT_RULES
        .query(
            p,
            site,
            &Query {
                filter: filter.clone(),
                sort,
                limit,
                offset,
                ..Query::default()
            },
        )
        .await?;
    let total = DISCOUNT_RULES.count(p, site, &filter).await?;
    let next = offset + items.len() as u64;
    Ok(json!({
        "discountRules": views(p, site, &items).await?,
        "pagingMetadata": {
            "count": items.len(),
            "cursors": { "next": (next < total).then(|| next.to_string()) },
            "hasNext": next < total,
        },
    }))
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(Method::Post, "/ecom/v1/discount-rules", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                create(&p, &call.ctx.site, &call.body).await
            })
        }),
        Route::new(Method::Get, "/ecom/v1/discount-rules/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::View)?;
                let id = path_id(&call, "id")?;
                let site = &call.ctx.site;
                let item = DISCOUNT_RULES
                    .get(&p, site, &id)
                    .await?
                    .ok_or_else(|| not_found(&id))?;
                Ok(json!({ "discountRule": views(&p, site, &[item]).await?.remove(0) }))
            })
        }),
        Route::new(Method::Patch, "/ecom/v1/discount-rules/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                let id = path_id(&call, "id")?;
                update(&p, &call.ctx.site, &id, &call.body).await
            })
        }),
        Route::new(Method::Delete, "/ecom/v1/discount-rules/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                let id = path_id(&call, "id")?;
                let site = &call.ctx.site;
                let gone = DISCOUNT_RULES
                    .remove(&p, site, &id)
                    .await?
                    .ok_or_else(|| not_found(&id))?;
                announce(
                    &p,
                    site,
                    "wixEcom_onDiscountRuleDeleted",
                    &id,
                    view(&gone, 0),
                )
                .await;
                Ok(json!({}))
            })
        }),
        Route::new(Method::Post, "/ecom/v1/discount-rules/query", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::View)?;
                query(&p, &call.ctx.site, &call.body).await
            })
        }),
    ]
}
