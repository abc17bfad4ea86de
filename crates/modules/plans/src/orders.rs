//! Plan orders in Wix's v2 Order shape, kept as `PlanStore` rows: made offline by the owner
//! or online through the store's checkout, ACTIVE while the buyer holds the plan (and its
//! role), renewed or ended by the scheduler (`renewals`), canceled now or at the end of the
//! cycle, paused and resumed. Every change names the revision it read.

use chrono::{Months, TimeZone, Utc};
use serde_json::{Value, json};
use tessera_core::{
    Error, Millis, now_millis,
    plans::{PlanOrder, PlanOrderFilter},
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route, RouteCall},
};

use crate::{
    access, boxed, date, iso_millis, may, member_of, millis_of, paging, paging_metadata, path_id,
    plans,
};

const DAY: Millis = 24 * 3600 * 1000;

pub fn not_found(id: &str) -> WixError {
    WixError::new(WixCode::ItemNotFound, format!("order {id} does not exist"))
}

/// `at` moved on by `count` `unit`s (months and years by the calendar, in UTC).
pub fn add(at: Millis, count: i64, unit: &str) -> Millis {
    let t = Utc.timestamp_millis_opt(at).single().unwrap_or_default();
    let months = |n: i64| {
        t.checked_add_months(Months::new(n.clamp(0, 12_000) as u32))
            .map_or(at, |d| d.timestamp_millis())
    };
    match unit {
        "DAY" => at + count * DAY,
        "WEEK" => at + count * 7 * DAY,
        "MONTH" => months(count),
        _ => months(count * 12),
    }
}

/// The order as Wix answers it (the scheduler's own notes left out).
pub fn view(o: &PlanOrder) -> Value {
    let mut v = o.doc.clone();
    if let Some(m) = v.as_object_mut() {
        m.remove("renewal");
    }
    v["status"] = json!(o.status);
    v["updatedDate"] = json!(date(o.updated_at));
    v
}

/// When the scheduler next acts on an order: the end of its cycle or term while ACTIVE, its
/// start while PENDING, a retried payment while dunning; nothing otherwise.
pub fn due(o: &PlanOrder) -> Option<Millis> {
    match o.status.as_str() {
        "ACTIVE" => {
            if let Some(retry) = o.doc["renewal"]["retryAt"].as_i64() {
                return Some(retry);
            }
            millis_of(&o.doc["currentCycle"]["endedDate"]).or_else(|| millis_of(&o.doc["endDate"]))
        }
        "PENDING" => millis_of(&o.doc["startDate"]),
        _ => None,
    }
}

/// Makes the order ACTIVE from `start`: its first cycle (or free trial), its end date.
pub fn start(o: &mut PlanOrder, start: Millis) {
    o.status = "ACTIVE".into();
    let pricing = o.doc["pricing"].clone();
    o.doc["startDate"] = json!(date(start));
    let trial = o.doc["freeTrialDays"].as_i64().unwrap_or(0);
    if let Some(cycle) = pricing["subscription"]["cycleDuration"].as_object() {
        let (count, unit) = (
            cycle["count"].as_i64().unwrap_or(1),
            cycle["unit"].as_str().unwrap_or("MONTH").to_string(),
        );
        let first_end = if trial > 0 {
            start + trial * DAY
        } else {
            add(start, count, &unit)
        };
        o.doc["currentCycle"] = json!({
            "index": if trial > 0 { 0 } else { 1 },
            "startedDate": date(start),
            "endedDate": date(first_end),
        });
        let cycles = pricing["subscription"]["cycleCount"].as_i64().unwrap_or(0);
        if cycles > 0 {
            let paid_from = if trial > 0 {
                start + trial * DAY
            } else {
                start
            };
            o.doc["endDate"] = json!(date(add(paid_from, count * cycles, &unit)));
        }
    } else if let Some(d) = pricing["singlePaymentForDuration"].as_object() {
        let end = add(
            start,
            d["count"].as_i64().unwrap_or(1),
            d["unit"].as_str().unwrap_or("MONTH"),
        );
        o.doc["endDate"] = json!(date(end));
        o.doc["currentCycle"] =
            json!({ "index": 1, "startedDate": date(start), "endedDate": date(end) });
    } else {
        o.doc["currentCycle"] = json!({ "index": 1, "startedDate": date(start) });
    }
    o.doc["earliestEndDate"] = o.doc["currentCycle"]["endedDate"].clone();
}

/// The next cycle of a recurring order, from where the current one ended; its booking
/// sessions are the plan's number again (they are per cycle, as on Wix).
pub fn next_cycle(o: &mut PlanOrder) {
    let cycle = &o.doc["pricing"]["subscription"]["cycleDuration"];
    let (count, unit) = (
        cycle["count"].as_i64().unwrap_or(1),
        cycle["unit"].as_str().unwrap_or("MONTH").to_string(),
    );
    let from = millis_of(&o.doc["currentCycle"]["endedDate"]).unwrap_or_else(now_millis);
    let index = o.doc["currentCycle"]["index"].as_i64().unwrap_or(0) + 1;
    o.doc["currentCycle"] = json!({
        "index": index,
        "startedDate": date(from),
        "endedDate": date(add(from, count, &unit)),
    });
    if o.doc["benefits"]["bookingSessions"].is_object() {
        o.doc["benefits"]["bookingSessions"]["used"] = json!(0);
    }
}

/// Whether the current cycle is the order's last (a recurring plan of so many cycles).
pub fn last_cycle(o: &PlanOrder) -> bool {
    let cycles = o.doc["pricing"]["subscription"]["cycleCount"]
        .as_i64()
        .unwrap_or(0);
    cycles > 0 && o.doc["currentCycle"]["index"].as_i64().unwrap_or(0) >= cycles
}

/// Ends the order now: `ENDED` (its term is over, or its payments failed) or `CANCELED`.
pub fn finish(o: &mut PlanOrder, status: &str, at: Millis) {
    o.status = status.into();
    o.doc["endDate"] = json!(date(at));
    if let Some(m) = o.doc.as_object_mut() {
        m.remove("renewal");
    }
    if o.doc["currentCycle"].is_object() {
        o.doc["currentCycle"]["endedDate"] = json!(date(at));
    }
}

/// Records a payment of the order (`PAID`, `FAILED`, `UNPAID`…).
pub fn payment(o: &mut PlanOrder, status: &str, store_order: Option<&str>, amount: &str) {
    o.doc["lastPaymentStatus"] = json!(status);
    let cycle = o.doc["currentCycle"]["index"].clone();
    let entry = json!({
        "status": status,
        "amount": amount,
        "currency": o.doc["pricing"]["price"]["currency"],
        "date": date(now_millis()),
        "cycle": cycle,
        "storeOrderId": store_order,
    });
    match o.doc["payments"].as_array_mut() {
        Some(a) => a.push(entry),
        None => o.doc["payments"] = json!([entry]),
    }
}

/// A new order of `plan` for `member` (DRAFT until it starts or is paid).
pub async fn draft(
    p: &Platform,
    site: &Site,
    plan: &tessera_core::data::Item,
    member: &str,
    kind: &str,
) -> WixResult<PlanOrder> {
    let d = &Value::Object(plan.data.clone());
    if d.get("archived") == Some(&json!(true)) {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!("planId: plan {} is archived", plan.id),
        ));
    }
    if p.store().member(site.id, member).await?.is_none() {
        return Err(WixError::new(
            WixCode::MemberNotFound,
            format!("memberId: the site has no member {member}"),
        ));
    }
    let (mine, _) = p
        .store()
        .plan_orders(
            site.id,
            &PlanOrderFilter {
                plan_ids: vec![plan.id.clone()],
                member_id: Some(member.into()),
                statuses: Vec::new(),
            },
            0,
            1000,
        )
        .await?;
    let limit = d
        .get("maxPurchasesPerBuyer")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let counted = mine.iter().filter(|o| o.status != "DRAFT").count() as i64;
    if limit > 0 && counted >= limit {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!(
                "planId: member {member} has bought plan {} the most times it may be bought ({limit})",
                plan.id
            ),
        ));
    }
    // A free trial once per member per plan.
    let trial = d["pricing"]["freeTrialDays"].as_i64().unwrap_or(0);
    let had_trial = mine
        .iter()
        .any(|o| o.status != "DRAFT" && o.doc["freeTrialDays"].as_i64().unwrap_or(0) > 0);
    let trial = if had_trial { 0 } else { trial };
    let contact = p
        .store()
        .member(site.id, member)
        .await?
        .and_then(|m| m.contact_id)
        .unwrap_or_else(|| member.to_string());
    let sessions = &d["benefits"]["bookingSessions"];
    let now = now_millis();
    let id = uuid::Uuid::new_v4().to_string();
    let doc = json!({
        "id": id,
        "planId": plan.id,
        "subscriptionId": id,
        "buyer": { "memberId": member, "contactId": contact },
        "pricing": d["pricing"],
        "type": kind,
        "autoRenewCanceled": false,
        "lastPaymentStatus": "UNPAID",
        "pausePeriods": [],
        "freeTrialDays": trial,
        "planName": d["name"],
        "planDescription": d.get("description").cloned().unwrap_or(json!("")),
        "planPrice": d["pricing"]["price"]["value"],
        "roleId": d["roleId"],
        "benefits": { "bookingSessions": {
            "total": sessions["count"].as_i64().unwrap_or(0),
            "used": 0,
            "serviceIds": sessions["serviceIds"].as_array().cloned().unwrap_or_default(),
        }},
        "payments": [],
        "createdDate": date(now),
    });
    Ok(PlanOrder {
        site_id: site.id,
        id,
        plan_id: plan.id.clone(),
        member_id: member.into(),
        status: "DRAFT".into(),
        due_at: None,
        created_at: now,
        updated_at: now,
        revision: 1,
        doc,
    })
}

/// Stores a new order, then gives its role and tells site code.
pub async fn insert(p: &Platform, site: &Site, mut o: PlanOrder) -> WixResult<PlanOrder> {
    o.due_at = due(&o);
    p.store().insert_plan_order(&o).await?;
    plans::mark_ordered(p, site, &o.plan_id).await?;
    let before = PlanOrder {
        status: "NEW".into(),
        ..o.clone()
    };
    after(p, site, &before, &o).await?;
    Ok(o)
}

/// Changes an order with `f` and stores it, read again and changed again when another change
/// came first; then its role and events follow.
pub async fn change<F>(p: &Platform, site: &Site, id: &str, mut f: F) -> WixResult<PlanOrder>
where
    F: FnMut(&mut PlanOrder) -> WixResult<()>,
{
    for _ in 0..5 {
        let before = p
            .store()
            .plan_order(site.id, id)
            .await?
            .ok_or_else(|| not_found(id))?;
        match store(p, site, &before, &mut f).await {
            Err(e)
                if e.code() == WixCode::ConditionFailed || e.code() == WixCode::AlreadyExists =>
            {
                continue;
            }
            done => return done,
        }
    }
    Err(WixError::new(
        WixCode::ConditionFailed,
        format!("order {id} kept changing; try again"),
    ))
}

/// Changes the order as read (`before`) with `f` and stores it if nothing changed it since:
/// Conflict (a `ConditionFailed`) otherwise.
pub async fn store<F>(
    p: &Platform,
    site: &Site,
    before: &PlanOrder,
    f: &mut F,
) -> WixResult<PlanOrder>
where
    F: FnMut(&mut PlanOrder) -> WixResult<()>,
{
    let mut o = before.clone();
    f(&mut o)?;
    o.updated_at = now_millis().max(before.updated_at + 1);
    o.due_at = due(&o);
    let stored = match p.store().update_plan_order(&o).await {
        Ok(s) => s,
        Err(Error::Conflict { .. }) => {
            return Err(WixError::new(
                WixCode::ConditionFailed,
                format!("order {} changed meanwhile", o.id),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    after(p, site, before, &stored).await?;
    Ok(stored)
}

/// What follows a stored change: the buyer's role, and the events of what changed.
async fn after(p: &Platform, site: &Site, before: &PlanOrder, o: &PlanOrder) -> WixResult<()> {
    if (before.status == "ACTIVE") != (o.status == "ACTIVE") {
        access::sync(p, site, &o.member_id, &o.plan_id).await?;
    }
    let data = json!({ "order": view(o) });
    let tell = |h: &'static str| crate::announce(p, site, h, &o.id, data.clone());
    if before.status == "NEW" {
        tell("wixPricingPlans_onOrderCreated").await;
    }
    let paid = |x: &PlanOrder| {
        x.doc["payments"]
            .as_array()
            .is_some_and(|a| a.iter().any(|e| e["status"] == "PAID"))
    };
    if (before.status == "NEW" && o.doc["type"] == "OFFLINE")
        || (!paid(before) && paid(o) && o.doc["type"] == "ONLINE")
    {
        tell("wixPricingPlans_onOrderPurchased").await;
    }
    if before.doc["lastPaymentStatus"] != "PAID"
        && o.doc["lastPaymentStatus"] == "PAID"
        && o.doc["type"] == "OFFLINE"
        && before.status != "NEW"
    {
        tell("wixPricingPlans_onOrderMarkedAsPaid").await;
    }
    match (before.status.as_str(), o.status.as_str()) {
        ("NEW" | "DRAFT" | "PENDING", "ACTIVE") => {
            tell("wixPricingPlans_onOrderStarted").await;
            tell("wixPricingPlans_onOrderCycleStarted").await;
        }
        ("ACTIVE", "PAUSED") => tell("wixPricingPlans_onOrderPaused").await,
        ("PAUSED", "ACTIVE") => tell("wixPricingPlans_onOrderResumed").await,
        (_, "CANCELED") if before.status != "CANCELED" => {
            tell("wixPricingPlans_onOrderCanceled").await
        }
        (_, "ENDED") if before.status != "ENDED" => tell("wixPricingPlans_onOrderEnded").await,
        ("ACTIVE", "ACTIVE")
            if before.doc["currentCycle"]["index"] != o.doc["currentCycle"]["index"] =>
        {
            tell("wixPricingPlans_onOrderCycleStarted").await;
        }
        _ => {}
    }
    if before.doc["autoRenewCanceled"] != json!(true)
        && o.doc["autoRenewCanceled"] == json!(true)
        && o.status == "ACTIVE"
    {
        tell("wixPricingPlans_onOrderAutoRenewCanceled").await;
    }
    Ok(())
}

/// Cancels: `IMMEDIATELY` ends it now (the role goes), `NEXT_PAYMENT_DATE` lets it run to
/// the end of the cycle it is paid for and stops its renewals.
pub async fn cancel(
    p: &Platform,
    site: &Site,
    id: &str,
    body: &Value,
    cause: &str,
) -> WixResult<PlanOrder> {
    let at = body["effectiveAt"].as_str().unwrap_or_default().to_string();
    if !matches!(at.as_str(), "IMMEDIATELY" | "NEXT_PAYMENT_DATE") {
        return Err(WixError::bad_request(
            "effectiveAt: IMMEDIATELY or NEXT_PAYMENT_DATE",
        ));
    }
    change(p, site, id, |o| {
        if !matches!(o.status.as_str(), "ACTIVE" | "PAUSED" | "PENDING" | "DRAFT") {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!("order {id} is {} and cannot be canceled", o.status),
            ));
        }
        let now = now_millis();
        let recurring = o.doc["pricing"]["subscription"].is_object();
        o.doc["cancellation"] =
            json!({ "requestedDate": date(now), "cause": cause, "effectiveAt": at });
        if at == "IMMEDIATELY" || !recurring || o.status != "ACTIVE" {
            finish(o, "CANCELED", now);
            o.doc["cancellation"]["effectiveAt"] = json!("IMMEDIATELY");
        } else {
            o.doc["autoRenewCanceled"] = json!(true);
            o.doc["endDate"] = o.doc["currentCycle"]["endedDate"].clone();
        }
        Ok(())
    })
    .await
}

async fn pause(p: &Platform, site: &Site, id: &str) -> WixResult<PlanOrder> {
    change(p, site, id, |o| {
        if o.status != "ACTIVE" {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!(
                    "order {id} is {}: only an ACTIVE order can be paused",
                    o.status
                ),
            ));
        }
        o.status = "PAUSED".into();
        let entry = json!({ "status": "ACTIVE", "pauseDate": date(now_millis()) });
        match o.doc["pausePeriods"].as_array_mut() {
            Some(a) => a.push(entry),
            None => o.doc["pausePeriods"] = json!([entry]),
        }
        Ok(())
    })
    .await
}

/// Resumes a paused order; its cycle and end move on by as long as it was paused.
async fn resume(p: &Platform, site: &Site, id: &str) -> WixResult<PlanOrder> {
    change(p, site, id, |o| {
        if o.status != "PAUSED" {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!(
                    "order {id} is {}: only a PAUSED order can be resumed",
                    o.status
                ),
            ));
        }
        let now = now_millis();
        let Some(period) = o.doc["pausePeriods"]
            .as_array_mut()
            .and_then(|a| a.last_mut())
        else {
            return Err(WixError::new(
                WixCode::Internal,
                format!("order {id} is paused without a pause period"),
            ));
        };
        let paused_for = now - millis_of(&period["pauseDate"]).unwrap_or(now);
        period["status"] = json!("ENDED");
        period["resumeDate"] = json!(date(now));
        for at in [
            &["currentCycle", "endedDate"][..],
            &["endDate"],
            &["earliestEndDate"],
        ] {
            let mut v = &mut o.doc;
            for k in at {
                v = &mut v[*k];
            }
            if let Some(t) = millis_of(v) {
                *v = json!(date(t + paused_for));
            }
        }
        o.status = "ACTIVE".into();
        Ok(())
    })
    .await
}

async fn mark_paid(p: &Platform, site: &Site, id: &str) -> WixResult<PlanOrder> {
    change(p, site, id, |o| {
        if o.doc["type"] != "OFFLINE" {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!("order {id} is paid online: only an offline order is marked as paid"),
            ));
        }
        if o.doc["lastPaymentStatus"] == "PAID" {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!("order {id} is paid already"),
            ));
        }
        let amount = o.doc["planPrice"].as_str().unwrap_or("0").to_string();
        payment(o, "PAID", None, &amount);
        Ok(())
    })
    .await
}

/// `POST /checkout/orders/offline {planId, memberId, startDate?, paid?}`: the owner gives a
/// member a plan; it is ACTIVE from its start (now, or a later date: PENDING until then).
async fn offline(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    may(&call.ctx, Permission::Manage)?;
    let site = &call.ctx.site;
    let b = &call.body;
    let plan_id = b["planId"]
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| WixError::bad_request("planId: is required"))?;
    let member = b["memberId"]
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| WixError::bad_request("memberId: is required"))?;
    let paid = match &b["paid"] {
        Value::Null => false,
        Value::Bool(x) => *x,
        _ => return Err(WixError::bad_request("paid: true or false")),
    };
    let now = now_millis();
    let start_at = iso_millis(&b["startDate"], "startDate")?
        .unwrap_or(now)
        .max(now);
    let plan = plans::get(p, site, plan_id).await.map_err(|_| {
        WixError::new(
            WixCode::ItemNotFound,
            format!("planId: plan {plan_id} does not exist"),
        )
    })?;
    let mut o = draft(p, site, &plan, member, "OFFLINE").await?;
    if start_at > now {
        o.status = "PENDING".into();
        o.doc["startDate"] = json!(date(start_at));
    } else {
        start(&mut o, now);
    }
    let price = o.doc["planPrice"].as_str().unwrap_or("0").to_string();
    if paid {
        payment(&mut o, "PAID", None, &price);
    } else if price.parse::<f64>().unwrap_or(0.0) == 0.0 {
        o.doc["lastPaymentStatus"] = json!("NOT_APPLICABLE");
    }
    let o = insert(p, site, o).await?;
    Ok(json!({ "order": view(&o) }))
}

/// A free plan taken online by `member` (nothing to pay, so no store checkout): ACTIVE now,
/// as Wix starts a free plan's order.
pub async fn take_free(
    p: &Platform,
    site: &Site,
    plan: &tessera_core::data::Item,
    member: &str,
) -> WixResult<PlanOrder> {
    let mut o = draft(p, site, plan, member, "ONLINE").await?;
    start(&mut o, now_millis());
    o.doc["lastPaymentStatus"] = json!("NOT_APPLICABLE");
    insert(p, site, o).await
}

async fn get_order(p: &Platform, site: &Site, id: &str) -> WixResult<PlanOrder> {
    p.store()
        .plan_order(site.id, id)
        .await?
        .ok_or_else(|| not_found(id))
}

async fn list(p: &Platform, call: &RouteCall, member: Option<String>) -> WixResult<Value> {
    let (limit, offset) = paging(call.query.one("limit"), call.query.one("offset"))?;
    let filter = PlanOrderFilter {
        plan_ids: call.query.all("planIds"),
        member_id: member.or_else(|| call.query.all("buyerIds").into_iter().next()),
        statuses: call.query.all("orderStatuses"),
    };
    let (orders, total) = p
        .store()
        .plan_orders(call.ctx.site.id, &filter, offset, limit)
        .await?;
    Ok(json!({
        "orders": orders.iter().map(view).collect::<Vec<_>>(),
        "pagingMetadata": paging_metadata(orders.len(), offset, total),
    }))
}

/// The calling member's own order.
async fn own(p: &Platform, call: &RouteCall) -> WixResult<PlanOrder> {
    let member = member_of(&call.ctx)?;
    let id = path_id(call, "id")?;
    let o = get_order(p, &call.ctx.site, &id).await?;
    if o.member_id != member {
        return Err(not_found(&id));
    }
    Ok(o)
}

pub fn routes() -> Vec<Route> {
    const BASE: &str = "/pricing-plans/v2/orders";
    const MEMBER: &str = "/pricing-plans/v2/member/orders";
    vec![
        Route::new(Method::Get, BASE, |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::View)?;
                list(&p, &call, None).await
            })
        }),
        Route::new(Method::Get, &format!("{BASE}/{{id}}"), |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::View)?;
                let o = get_order(&p, &call.ctx.site, &path_id(&call, "id")?).await?;
                Ok(json!({ "order": view(&o) }))
            })
        }),
        Route::new(Method::Post, &format!("{BASE}/{{id}}/cancel"), |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::Manage)?;
                let o = cancel(
                    &p,
                    &call.ctx.site,
                    &path_id(&call, "id")?,
                    &call.body,
                    "OWNER_ACTION",
                )
                .await?;
                Ok(json!({ "order": view(&o) }))
            })
        }),
        Route::new(Method::Post, &format!("{BASE}/{{id}}/pause"), |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::Manage)?;
                let o = pause(&p, &call.ctx.site, &path_id(&call, "id")?).await?;
                Ok(json!({ "order": view(&o) }))
            })
        }),
        Route::new(Method::Post, &format!("{BASE}/{{id}}/resume"), |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::Manage)?;
                let o = resume(&p, &call.ctx.site, &path_id(&call, "id")?).await?;
                Ok(json!({ "order": view(&o) }))
            })
        }),
        Route::new(
            Method::Post,
            &format!("{BASE}/{{id}}/mark-as-paid"),
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::Manage)?;
                    let o = mark_paid(&p, &call.ctx.site, &path_id(&call, "id")?).await?;
                    Ok(json!({ "order": view(&o) }))
                })
            },
        ),
        Route::new(
            Method::Post,
            "/pricing-plans/v2/checkout/orders/offline",
            |p, call| boxed(async move { offline(&p, &call).await }),
        ),
        Route::new(Method::Get, MEMBER, |p, call| {
            boxed(async move {
                let member = member_of(&call.ctx)?;
                list(&p, &call, Some(member)).await
            })
        }),
        Route::new(Method::Get, &format!("{MEMBER}/{{id}}"), |p, call| {
            boxed(async move { Ok(json!({ "order": view(&own(&p, &call).await?) })) })
        }),
        Route::new(
            Method::Post,
            &format!("{MEMBER}/{{id}}/cancel"),
            |p, call| {
                boxed(async move {
                    let o = own(&p, &call).await?;
                    let plan = plans::get(&p, &call.ctx.site, &o.plan_id).await?;
                    if plan.data.get("buyerCanCancel") != Some(&json!(true)) {
                        return Err(WixError::new(
                            WixCode::FailedPrecondition,
                            format!(
                                "plan {} cannot be canceled by its buyer; ask the site's owner",
                                o.plan_id
                            ),
                        ));
                    }
                    let o = cancel(&p, &call.ctx.site, &o.id, &call.body, "MEMBER_ACTION").await?;
                    Ok(json!({ "order": view(&o) }))
                })
            },
        ),
    ]
}
