//! Plans: `PricingPlans/Plans` documents of the data layer, in Wix's v2 Plan shape. Each
//! plan owns a member role (`roleId`, `plan-<first 8 of its id>`) that its ACTIVE orders
//! give their buyers. Routes: `/pricing-plans/v2/plans…`.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use tessera_core::{
    data::{
        FieldType, Filter, Item, Query,
        query::{parse_filter, parse_sort},
    },
    members::{MemberRole, RoleKind},
    now_millis,
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route, RouteCall},
    records::Kind,
};

use crate::{boxed, date, may, paging, paging_metadata, path_id};

const COLLECTION: &str = "PricingPlans/Plans";
const UNITS: [&str; 4] = ["DAY", "WEEK", "MONTH", "YEAR"];

pub fn not_found(id: &str) -> WixError {
    WixError::new(WixCode::ItemNotFound, format!("plan {id} does not exist"))
}

/// The plans, as documents of the data layer (written by this module only).
const PLANS: Kind = Kind {
    id: COLLECTION,
    name: "Pricing Plans",
    fields: &[
        ("name", FieldType::Text),
        ("slug", FieldType::Text),
        ("public", FieldType::Boolean),
        ("archived", FieldType::Boolean),
        ("primary", FieldType::Boolean),
        ("roleId", FieldType::Text),
    ],
    indexes: &[],
    // Anyone reads the plans (a plans list on a page, wix-data), as Wix's Paid Plans
    // collection; hidden plans are sold by their link and hold nothing secret.
    public: true,
};

async fn collection(p: &Platform, site: &Site) -> WixResult<tessera_core::data::Collection> {
    PLANS.collection(p, site).await
}

/// The plan as Wix answers it.
pub fn view(item: &Item) -> Value {
    let mut v = Value::Object(item.data.clone());
    v["id"] = json!(item.id);
    v["createdDate"] = json!(date(item.created_at));
    v["updatedDate"] = json!(date(item.updated_at));
    v
}

/// A plan as the public sees it (`GET /plans/public`): no orders, no role.
fn public_view(item: &Item) -> Value {
    let v = view(item);
    let mut out = Map::new();
    for k in [
        "id",
        "name",
        "description",
        "perks",
        "pricing",
        "primary",
        "slug",
        "termsAndConditions",
        "maxPurchasesPerBuyer",
        "allowFutureStartDate",
        "buyerCanCancel",
        "benefits",
        "createdDate",
        "updatedDate",
    ] {
        if !v[k].is_null() {
            out.insert(k.into(), v[k].clone());
        }
    }
    Value::Object(out)
}

pub async fn get(p: &Platform, site: &Site, id: &str) -> WixResult<Item> {
    let c = collection(p, site).await?;
    p.store().item(&c, id).await?.ok_or_else(|| not_found(id))
}

async fn all(p: &Platform, site: &Site, filter: Filter, q: &Value) -> WixResult<Vec<Item>> {
    let c = collection(p, site).await?;
    let sort = match &q["sort"] {
        Value::Null => Vec::new(),
        s => parse_sort(s).map_err(|e| WixError::bad_request(format!("query.sort: {e}")))?,
    };
    Ok(p.store()
        .query_items(
            &c,
            &Query {
                filter,
                sort,
                limit: 1000,
                ..Query::default()
            },
        )
        .await?)
}

/// A decimal amount sent as `field` (a string or a number), at least zero.
pub fn money(v: &Value, field: &str) -> WixResult<Decimal> {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => {
            return Err(WixError::bad_request(format!(
                "{field}: an amount such as \"9.99\""
            )));
        }
    };
    let d: Decimal = text.trim().parse().map_err(|_| {
        WixError::bad_request(format!(
            "{field}: '{text}' is not an amount such as \"9.99\""
        ))
    })?;
    if d.is_sign_negative() || d.scale() > 2 {
        return Err(WixError::bad_request(format!(
            "{field}: from 0, with at most 2 decimals"
        )));
    }
    Ok(d)
}

fn whole(v: &Value, field: &str, min: i64, max: i64) -> WixResult<i64> {
    v.as_i64()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            WixError::bad_request(format!("{field}: a whole number from {min} to {max}"))
        })
}

fn duration(v: &Value, field: &str) -> WixResult<Value> {
    let count = whole(&v["count"], &format!("{field}.count"), 1, 1000)?;
    let unit = v["unit"]
        .as_str()
        .filter(|u| UNITS.contains(u))
        .ok_or_else(|| {
            WixError::bad_request(format!("{field}.unit: one of DAY, WEEK, MONTH, YEAR"))
        })?;
    Ok(json!({ "count": count, "unit": unit }))
}

/// The plan's pricing, checked: exactly one of `subscription`, `singlePaymentForDuration`,
/// `singlePaymentUnlimited`; a price (0 for a free plan, which cannot recur); a free trial
/// only for a recurring plan; an optional setup fee.
fn pricing(v: &Value) -> WixResult<Value> {
    let f = "plan.pricing";
    if !v.is_object() {
        return Err(WixError::bad_request(format!("{f}: is required")));
    }
    let kinds: Vec<&str> = [
        "subscription",
        "singlePaymentForDuration",
        "singlePaymentUnlimited",
    ]
    .into_iter()
    .filter(|k| !v[*k].is_null() && v[*k] != json!(false))
    .collect();
    if kinds.len() != 1 {
        return Err(WixError::bad_request(format!(
            "{f}: exactly one of subscription, singlePaymentForDuration, singlePaymentUnlimited"
        )));
    }
    let price = money(&v["price"]["value"], &format!("{f}.price.value"))?;
    let currency = match &v["price"]["currency"] {
        Value::Null => "USD".to_string(),
        c => c
            .as_str()
            .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
            .ok_or_else(|| {
                WixError::bad_request(format!("{f}.price.currency: a code such as USD"))
            })?
            .to_string(),
    };
    let mut out = json!({ "price": { "value": price.to_string(), "currency": currency } });
    match kinds[0] {
        "subscription" => {
            if price.is_zero() {
                return Err(WixError::bad_request(format!(
                    "{f}.price.value: a recurring plan has a price above 0 (a free plan is singlePaymentUnlimited or singlePaymentForDuration)"
                )));
            }
            let s = &v["subscription"];
            out["subscription"] = json!({
                "cycleDuration": duration(&s["cycleDuration"], &format!("{f}.subscription.cycleDuration"))?,
                "cycleCount": match &s["cycleCount"] {
                    Value::Null => 0,
                    c => whole(c, &format!("{f}.subscription.cycleCount"), 0, 1000)?,
                },
            });
        }
        "singlePaymentForDuration" => {
            out["singlePaymentForDuration"] = duration(
                &v["singlePaymentForDuration"],
                &format!("{f}.singlePaymentForDuration"),
            )?;
        }
        _ => {
            if v["singlePaymentUnlimited"] != json!(true) {
                return Err(WixError::bad_request(format!(
                    "{f}.singlePaymentUnlimited: true"
                )));
            }
            out["singlePaymentUnlimited"] = json!(true);
        }
    }
    let trial = match &v["freeTrialDays"] {
        Value::Null => 0,
        d => whole(d, &format!("{f}.freeTrialDays"), 0, 999)?,
    };
    if trial > 0 {
        if kinds[0] != "subscription" {
            return Err(WixError::bad_request(format!(
                "{f}.freeTrialDays: only a recurring plan has a free trial"
            )));
        }
        out["freeTrialDays"] = json!(trial);
    }
    if !v["setupFee"].is_null() {
        let fee = money(&v["setupFee"]["value"], &format!("{f}.setupFee.value"))?;
        if !fee.is_zero() {
            out["setupFee"] = json!({ "value": fee.to_string(), "currency": currency });
        }
    }
    Ok(out)
}

fn text(v: &Value, field: &str, max: usize, required: bool) -> WixResult<Option<String>> {
    match v {
        Value::Null if !required => Ok(None),
        Value::String(s) if !s.trim().is_empty() || !required => {
            if s.chars().count() > max {
                return Err(WixError::bad_request(format!(
                    "{field}: at most {max} characters"
                )));
            }
            Ok(Some(s.trim().to_string()))
        }
        _ if required => Err(WixError::bad_request(format!("{field}: is required"))),
        _ => Err(WixError::bad_request(format!("{field}: a string"))),
    }
}

/// Applies the fields of `plan` that are sent to `data`, each checked; what is read only
/// (`hasOrders`, `archived`, `roleId`) is left as it is.
fn apply(data: &mut Map<String, Value>, plan: &Value, creating: bool) -> WixResult<()> {
    if !plan.is_object() {
        return Err(WixError::bad_request("plan: is required"));
    }
    if creating || !plan["name"].is_null() {
        let name = text(&plan["name"], "plan.name", 100, true)?;
        data.insert("name".into(), json!(name));
    }
    for (k, max) in [("description", 450), ("termsAndConditions", 3000)] {
        if let Some(t) = text(&plan[k], &format!("plan.{k}"), max, false)? {
            data.insert(k.into(), json!(t));
        }
    }
    if creating || !plan["pricing"].is_null() {
        data.insert("pricing".into(), pricing(&plan["pricing"])?);
    }
    if !plan["perks"].is_null() {
        // `{values: [...]}` as Wix has it, or a plain list.
        let list = plan["perks"]["values"]
            .as_array()
            .or(plan["perks"].as_array());
        let Some(list) = list else {
            return Err(WixError::bad_request("plan.perks.values: a list of texts"));
        };
        let mut values = Vec::new();
        for (i, v) in list.iter().enumerate() {
            let t = text(v, &format!("plan.perks.values[{i}]"), 200, true)?;
            values.push(json!(t));
        }
        data.insert("perks".into(), json!({ "values": values }));
    }
    for k in [
        "public",
        "primary",
        "allowFutureStartDate",
        "buyerCanCancel",
    ] {
        match &plan[k] {
            Value::Null => {
                if creating {
                    let default = matches!(k, "public" | "buyerCanCancel");
                    data.insert(k.into(), json!(default));
                }
            }
            Value::Bool(b) => {
                data.insert(k.into(), json!(b));
            }
            _ => return Err(WixError::bad_request(format!("plan.{k}: true or false"))),
        }
    }
    match &plan["maxPurchasesPerBuyer"] {
        Value::Null if creating => {
            data.insert("maxPurchasesPerBuyer".into(), json!(0));
        }
        Value::Null => {}
        n => {
            let n = whole(n, "plan.maxPurchasesPerBuyer", 0, 1000)?;
            data.insert("maxPurchasesPerBuyer".into(), json!(n));
        }
    }
    if !plan["benefits"].is_null() {
        let b = &plan["benefits"]["bookingSessions"];
        let mut benefits = json!({});
        if !b.is_null() {
            let count = whole(&b["count"], "plan.benefits.bookingSessions.count", 0, 10000)?;
            let mut ids = Vec::new();
            for (i, s) in b["serviceIds"].as_array().into_iter().flatten().enumerate() {
                let id = s.as_str().filter(|s| !s.is_empty()).ok_or_else(|| {
                    WixError::bad_request(format!(
                        "plan.benefits.bookingSessions.serviceIds[{i}]: a service id"
                    ))
                })?;
                ids.push(json!(id));
            }
            if !b["serviceIds"].is_null() && !b["serviceIds"].is_array() {
                return Err(WixError::bad_request(
                    "plan.benefits.bookingSessions.serviceIds: a list of service ids",
                ));
            }
            benefits["bookingSessions"] = json!({ "count": count, "serviceIds": ids });
        }
        data.insert("benefits".into(), benefits);
    }
    if creating {
        data.insert("hasOrders".into(), json!(false));
        data.insert("archived".into(), json!(false));
    }
    Ok(())
}

/// A slug from the name, unique among the site's plans.
fn slug(name: &str, taken: &[Item]) -> String {
    let mut base = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_alphanumeric() {
            base.push(c);
        } else if !base.ends_with('-') {
            base.push('-');
        }
    }
    let base = match base.trim_matches('-') {
        "" => "plan".to_string(),
        b => b.to_string(),
    };
    let used = |s: &str| {
        taken
            .iter()
            .any(|t| t.data.get("slug").and_then(Value::as_str) == Some(s))
    };
    let mut out = base.clone();
    let mut n = 2;
    while used(&out) {
        out = format!("{base}-{n}");
        n += 1;
    }
    out
}

/// The member role a plan gives: created with the plan, named after it.
async fn put_role(p: &Platform, site: &Site, role: &str, name: &str) -> WixResult<()> {
    let existing = p.store().member_roles(site.id).await?;
    let created_at = existing
        .iter()
        .find(|r| r.id == role)
        .map_or(now_millis(), |r| r.created_at);
    p.store()
        .put_member_role(
            site.id,
            &MemberRole {
                id: role.into(),
                kind: RoleKind::Role,
                title: format!("Plan: {name}"),
                description: "Held by members with an active order of this pricing plan".into(),
                created_at,
            },
        )
        .await?;
    Ok(())
}

async fn create(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    may(&call.ctx, Permission::Manage)?;
    let site = &call.ctx.site;
    let mut data = Map::new();
    apply(&mut data, &call.body["plan"], true)?;
    let id = uuid::Uuid::new_v4().to_string();
    let role = format!("plan-{}", &id[..8]);
    let others = all(p, site, Filter::All, &Value::Null).await?;
    let name = data["name"].as_str().unwrap_or_default().to_string();
    data.insert("slug".into(), json!(slug(&name, &others)));
    data.insert("roleId".into(), json!(role));
    put_role(p, site, &role, &name).await?;
    let c = collection(p, site).await?;
    let now = now_millis();
    let item = Item {
        id: id.clone(),
        owner: None,
        created_at: now,
        updated_at: now,
        data,
    };
    p.store()
        .insert_items(&c, std::slice::from_ref(&item))
        .await?;
    let plan = view(&item);
    crate::announce(
        p,
        site,
        "wixPricingPlans_onPlanCreated",
        &id,
        json!({ "plan": plan }),
    )
    .await;
    Ok(json!({ "plan": plan }))
}

/// Saves a plan changed by `f`, if no other change came first (Conflict otherwise).
async fn change<F>(p: &Platform, site: &Site, id: &str, f: F) -> WixResult<Item>
where
    F: FnOnce(&mut Item) -> WixResult<()>,
{
    let c = collection(p, site).await?;
    let mut item = get(p, site, id).await?;
    let read_at = Filter::Cmp {
        field: "_updatedDate".into(),
        op: tessera_core::data::Op::Eq,
        operand: tessera_core::data::query::Operand::One(tessera_core::data::query::Literal::Date(
            tessera_platform::time(item.updated_at),
        )),
    };
    f(&mut item)?;
    item.updated_at = now_millis().max(item.updated_at + 1);
    p.store()
        .update_item(&c, &item, &read_at)
        .await?
        .ok_or_else(|| not_found(id))
}

async fn update(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    may(&call.ctx, Permission::Manage)?;
    let site = &call.ctx.site;
    let id = path_id(call, "id")?;
    let plan = &call.body["plan"];
    let item = change(p, site, &id, |item| {
        if !plan["pricing"].is_null() && item.data.get("hasOrders") == Some(&json!(true)) {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                "plan.pricing: a plan that was ordered keeps its pricing; make a new plan for another",
            ));
        }
        apply(&mut item.data, plan, false)
    })
    .await?;
    if !plan["name"].is_null() {
        let role = item.data["roleId"].as_str().unwrap_or_default().to_string();
        put_role(
            p,
            site,
            &role,
            item.data["name"].as_str().unwrap_or_default(),
        )
        .await?;
    }
    let plan = view(&item);
    crate::announce(
        p,
        site,
        "wixPricingPlans_onPlanUpdated",
        &id,
        json!({ "plan": plan }),
    )
    .await;
    Ok(json!({ "plan": plan }))
}

/// Marks the plan ordered (its pricing is then fixed).
pub async fn mark_ordered(p: &Platform, site: &Site, id: &str) -> WixResult<()> {
    let item = get(p, site, id).await?;
    if item.data.get("hasOrders") == Some(&json!(true)) {
        return Ok(());
    }
    match change(p, site, id, |i| {
        i.data.insert("hasOrders".into(), json!(true));
        Ok(())
    })
    .await
    {
        // Another order marked it meanwhile.
        Err(e) if e.code() == WixCode::ConditionFailed => Ok(()),
        Err(e) => Err(e),
        Ok(_) => Ok(()),
    }
}

async fn archive(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    may(&call.ctx, Permission::Manage)?;
    let site = &call.ctx.site;
    let id = path_id(call, "id")?;
    let item = change(p, site, &id, |i| {
        if i.data.get("archived") == Some(&json!(true)) {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!("plan {} is archived already", i.id),
            ));
        }
        i.data.insert("archived".into(), json!(true));
        i.data.insert("public".into(), json!(false));
        i.data.insert("primary".into(), json!(false));
        Ok(())
    })
    .await?;
    let plan = view(&item);
    crate::announce(
        p,
        site,
        "wixPricingPlans_onPlanArchived",
        &id,
        json!({ "plan": plan }),
    )
    .await;
    Ok(json!({ "plan": plan }))
}

async fn visibility(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    may(&call.ctx, Permission::Manage)?;
    let site = &call.ctx.site;
    let id = path_id(call, "id")?;
    let visible = call.body["visible"]
        .as_bool()
        .ok_or_else(|| WixError::bad_request("visible: true or false"))?;
    let item = change(p, site, &id, |i| {
        if visible && i.data.get("archived") == Some(&json!(true)) {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!("plan {}: an archived plan cannot be made public", i.id),
            ));
        }
        i.data.insert("public".into(), json!(visible));
        Ok(())
    })
    .await?;
    let plan = view(&item);
    crate::announce(
        p,
        site,
        "wixPricingPlans_onPlanUpdated",
        &id,
        json!({ "plan": plan }),
    )
    .await;
    Ok(json!({ "plan": plan }))
}

fn ids_param(call: &RouteCall, name: &str) -> Vec<String> {
    call.query.all(name)
}

fn bool_param(call: &RouteCall, name: &str) -> WixResult<Option<bool>> {
    match call.query.one(name) {
        None | Some("") => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(WixError::bad_request(format!("{name}: true or false"))),
    }
}

/// `GET /plans` (the owner's: every plan, by `planIds`, `archived`, `public`).
async fn list(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    may(&call.ctx, Permission::View)?;
    let ids = ids_param(call, "planIds");
    let archived = bool_param(call, "archived")?;
    let public = bool_param(call, "public")?;
    let (limit, offset) = paging(call.query.one("limit"), call.query.one("offset"))?;
    let found: Vec<Item> = all(p, &call.ctx.site, Filter::All, &Value::Null)
        .await?
        .into_iter()
        .filter(|i| ids.is_empty() || ids.contains(&i.id))
        .filter(|i| archived.is_none_or(|a| i.data.get("archived") == Some(&json!(a))))
        .filter(|i| public.is_none_or(|v| i.data.get("public") == Some(&json!(v))))
        .collect();
    page(found, offset, limit, view)
}

fn page(found: Vec<Item>, offset: u64, limit: u32, v: fn(&Item) -> Value) -> WixResult<Value> {
    let total = found.len() as u64;
    let plans: Vec<Value> = found
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(v)
        .collect();
    Ok(json!({ "plans": plans, "pagingMetadata": paging_metadata(plans.len(), offset, total) }))
}

/// The plans anyone may buy, primary first.
pub async fn all_public(p: &Platform, site: &Site) -> WixResult<Vec<Item>> {
    let mut found: Vec<Item> = all(p, site, Filter::All, &Value::Null)
        .await?
        .into_iter()
        .filter(is_public)
        .collect();
    found.sort_by_key(|i| (i.data.get("primary") != Some(&json!(true)), i.created_at));
    Ok(found)
}

fn is_public(i: &Item) -> bool {
    i.data.get("public") == Some(&json!(true)) && i.data.get("archived") != Some(&json!(true))
}

/// `GET /plans/public`: the plans anyone may buy, primary first.
async fn list_public(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let ids = ids_param(call, "planIds");
    let (limit, offset) = paging(call.query.one("limit"), call.query.one("offset"))?;
    let mut found: Vec<Item> = all(p, &call.ctx.site, Filter::All, &Value::Null)
        .await?
        .into_iter()
        .filter(is_public)
        .filter(|i| ids.is_empty() || ids.contains(&i.id))
        .collect();
    found.sort_by_key(|i| (i.data.get("primary") != Some(&json!(true)), i.created_at));
    page(found, offset, limit, public_view)
}

/// `POST /plans/public/query {query: {filter, sort, paging}}`.
async fn query_public(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let q = &call.body["query"];
    let filter = match &q["filter"] {
        Value::Null => Filter::All,
        f => parse_filter(&renamed(f))
            .map_err(|e| WixError::bad_request(format!("query.filter: {e}")))?,
    };
    let limit = match &q["paging"]["limit"] {
        Value::Null => 50,
        l => whole(l, "query.paging.limit", 1, 100)? as u32,
    };
    let offset = match &q["paging"]["offset"] {
        Value::Null => 0,
        o => whole(o, "query.paging.offset", 0, i64::MAX)? as u64,
    };
    let sort = match &q["sort"] {
        Value::Null => Value::Null,
        s => renamed(s),
    };
    let found: Vec<Item> = all(p, &call.ctx.site, filter, &json!({ "sort": sort }))
        .await?
        .into_iter()
        .filter(is_public)
        .collect();
    page(found, offset, limit, public_view)
}

/// A filter or sort with `id` as the data layer names it (`_id`).
fn renamed(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let k = match k.as_str() {
                        "id" => "_id",
                        "createdDate" => "_createdDate",
                        "updatedDate" => "_updatedDate",
                        k => k,
                    };
                    (k.to_string(), renamed(v))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(renamed).collect()),
        Value::String(s) if s == "id" => json!("_id"),
        v => v.clone(),
    }
}

pub fn routes() -> Vec<Route> {
    const BASE: &str = "/pricing-plans/v2/plans";
    vec![
        Route::new(Method::Post, BASE, |p, call| {
            boxed(async move { create(&p, &call).await })
        }),
        Route::new(Method::Get, BASE, |p, call| {
            boxed(async move { list(&p, &call).await })
        }),
        Route::new(Method::Get, &format!("{BASE}/public"), |p, call| {
            boxed(async move { list_public(&p, &call).await })
        }),
        Route::new(Method::Post, &format!("{BASE}/public/query"), |p, call| {
            boxed(async move { query_public(&p, &call).await })
        }),
        Route::new(Method::Get, &format!("{BASE}/{{id}}"), |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::View)?;
                let item = get(&p, &call.ctx.site, &path_id(&call, "id")?).await?;
                Ok(json!({ "plan": view(&item) }))
            })
        }),
        Route::new(Method::Patch, &format!("{BASE}/{{id}}"), |p, call| {
            boxed(async move { update(&p, &call).await })
        }),
        Route::new(
            Method::Post,
            &format!("{BASE}/{{id}}/archive"),
            |p, call| boxed(async move { archive(&p, &call).await }),
        ),
        Route::new(
            Method::Put,
            &format!("{BASE}/{{id}}/visibility"),
            |p, call| boxed(async move { visibility(&p, &call).await }),
        ),
        Route::new(
            Method::Post,
            &format!("{BASE}/{{id}}/visibility"),
            |p, call| boxed(async move { visibility(&p, &call).await }),
        ),
    ]
}
