//! The scheduler's part: orders due (a PENDING order's start, the end of an ACTIVE order's
//! cycle or term, a retried payment) are claimed one at a time with a conditional update on
//! the order's revision, so each runs once across nodes. An online recurring order renews
//! by charging the payment method saved with its first store order, through the store
//! (`POST /_stores/v1/orders/{id}/renew`, the `stores` host operation), without the buyer.
//! Dunning: a declined renewal is retried 1 and 3 days later; a third decline ENDS the
//! order, and its role goes.

use serde_json::json;
use tessera_core::{Millis, data::DataCaller, plans::PlanOrder, sites::Site};
use tessera_platform::{Platform, WixCode, WixError, WixResult, module::CodeCaller};

use crate::orders::{self, finish, last_cycle, next_cycle, payment, start};

const DAY: Millis = 24 * 3600 * 1000;
/// How long a claimed renewal is left to its node before another may take it again.
const LEASE: Millis = 10 * 60 * 1000;
/// When a declined renewal is tried again, counted from the first decline.
const RETRIES: [Millis; 2] = [DAY, 3 * DAY];

/// Runs the orders due by `now` (what the scheduler does every 30 seconds); how many it
/// changed.
pub async fn run_due(p: &Platform, now: Millis) -> WixResult<usize> {
    let mut done = 0;
    for (site_id, id) in p.store().due_plan_orders(now, 200).await? {
        let Some(site) = p.store().site(site_id).await? else {
            continue;
        };
        match run_one(p, &site, &id, now).await {
            Ok(true) => done += 1,
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(error = e.description(), order = %id, site = %site.slug, "a plan order due")
            }
        }
    }
    Ok(done)
}

/// Whether this node ran the order (false: not due, or another node took it).
async fn run_one(p: &Platform, site: &Site, id: &str, now: Millis) -> WixResult<bool> {
    let Some(o) = p.store().plan_order(site.id, id).await? else {
        return Ok(false);
    };
    if o.due_at.is_none_or(|d| d > now) {
        return Ok(false);
    }
    let charging = o.status == "ACTIVE"
        && (o.doc["renewal"].is_object()
            || (o.doc["type"] == "ONLINE"
                && o.doc["pricing"]["subscription"].is_object()
                && o.doc["autoRenewCanceled"] != json!(true)
                && !last_cycle(&o)));
    if charging {
        return renew_online(p, site, o, now).await;
    }
    let claimed = orders::store(p, site, &o, &mut |x: &mut PlanOrder| {
        match x.status.as_str() {
            "PENDING" => start(x, now),
            "ACTIVE" => {
                let ended_at = crate::millis_of(&x.doc["currentCycle"]["endedDate"]).unwrap_or(now);
                if x.doc["autoRenewCanceled"] == json!(true) {
                    finish(x, "CANCELED", ended_at);
                } else if !x.doc["pricing"]["subscription"].is_object() || last_cycle(x) {
                    finish(x, "ENDED", ended_at);
                } else {
                    // An offline plan's next cycle starts unpaid: the owner marks it paid.
                    next_cycle(x);
                    let price = x.doc["planPrice"].as_str().unwrap_or("0").to_string();
                    payment(x, "UNPAID", None, &price);
                }
            }
            _ => {}
        }
        Ok(())
    })
    .await;
    claimed_or_taken(claimed)
}

/// A conditional write that lost to another node is no error: that node runs it.
fn claimed_or_taken(r: WixResult<PlanOrder>) -> WixResult<bool> {
    match r {
        Ok(_) => Ok(true),
        Err(e) if e.code() == WixCode::ConditionFailed => Ok(false),
        Err(e) => Err(e),
    }
}

/// Claims the renewal (leased to this node), charges it through the store, and records what
/// came of it.
async fn renew_online(p: &Platform, site: &Site, o: PlanOrder, now: Millis) -> WixResult<bool> {
    let attempt = o.doc["renewal"]["attempts"].as_i64().unwrap_or(0) + 1;
    let cycle = o.doc["currentCycle"]["index"].as_i64().unwrap_or(0) + 1;
    let first_failed = o.doc["renewal"]["firstFailedAt"].clone();
    let claimed = orders::store(p, site, &o, &mut |x: &mut PlanOrder| {
        x.doc["renewal"] = json!({
            "cycle": cycle,
            "attempts": attempt - 1,
            "firstFailedAt": first_failed,
            "retryAt": now + LEASE,
        });
        Ok(())
    })
    .await;
    let claimed = match claimed {
        Ok(c) => c,
        Err(e) if e.code() == WixCode::ConditionFailed => return Ok(false),
        Err(e) => return Err(e),
    };
    let key = format!("{}:{cycle}:{attempt}", claimed.id);
    let outcome = charge(p, site, &claimed, &key).await;
    let (approved, store_order) = match outcome {
        Ok((approved, store_order)) => (approved, store_order),
        Err(e) if e.code() == WixCode::PaymentDeclined => (false, None),
        // The provider or the store could not answer: tried again when the lease ends,
        // without counting it as a decline.
        Err(e) => {
            tracing::warn!(error = e.description(), order = %claimed.id, "charging a plan renewal");
            return Ok(true);
        }
    };
    let price = claimed.doc["planPrice"].as_str().unwrap_or("0").to_string();
    orders::change(p, site, &claimed.id, |x| {
        if x.status != "ACTIVE" || x.doc["renewal"]["cycle"] != json!(cycle) {
            // Canceled or paused meanwhile: the charge, if any, is recorded and nothing more.
            if approved {
                payment(x, "PAID", store_order.as_deref(), &price);
            }
            return Ok(());
        }
        if approved {
            if let Some(m) = x.doc.as_object_mut() {
                m.remove("renewal");
            }
            next_cycle(x);
            payment(x, "PAID", store_order.as_deref(), &price);
            return Ok(());
        }
        payment(x, "FAILED", store_order.as_deref(), &price);
        let first = x.doc["renewal"]["firstFailedAt"].as_i64().unwrap_or(now);
        let failed = attempt as usize;
        match RETRIES.get(failed - 1) {
            Some(after) => {
                x.doc["renewal"]["attempts"] = json!(attempt);
                x.doc["renewal"]["firstFailedAt"] = json!(first);
                x.doc["renewal"]["retryAt"] = json!(first + after);
            }
            None => {
                let ended = crate::millis_of(&x.doc["currentCycle"]["endedDate"])
                    .unwrap_or(now)
                    .min(now);
                finish(x, "ENDED", now.max(ended));
                x.doc["cancellation"] = json!({
                    "requestedDate": crate::date(now),
                    "cause": "PAYMENT_FAILURE",
                    "effectiveAt": "IMMEDIATELY",
                });
            }
        }
        Ok(())
    })
    .await?;
    Ok(true)
}

/// Charges one more cycle of the order through the store: whether it was approved, and the
/// store's renewal order.
async fn charge(
    p: &Platform,
    site: &Site,
    o: &PlanOrder,
    key: &str,
) -> WixResult<(bool, Option<String>)> {
    let first = o.doc["wixPayOrderId"].as_str().unwrap_or_default();
    if first.is_empty() {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!("order {} has no store order to renew from", o.id),
        ));
    }
    let Some(op) = p
        .modules()
        .iter()
        .flat_map(|m| m.host_ops())
        .find(|(name, _)| *name == "stores")
        .map(|(_, op)| op)
    else {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            "the store is not installed",
        ));
    };
    let who = CodeCaller {
        site: site.clone(),
        caller: DataCaller::Code { member: None },
        visitor: String::new(),
    };
    let answer = op(
        p.clone(),
        who,
        json!({
            "method": "POST",
            "path": format!("/_stores/v1/orders/{first}/renew"),
            "body": {
                "idempotencyKey": key,
                "catalogReference": {
                    "appId": crate::PLANS_APP_ID,
                    "catalogItemId": o.plan_id,
                    "options": { "orderId": o.id },
                },
            },
        }),
    )
    .await
    .map_err(|e| {
        let code = if e.code == WixCode::PaymentDeclined.as_str() {
            WixCode::PaymentDeclined
        } else {
            WixCode::Internal
        };
        WixError::new(code, e.message)
    })?;
    let approved = answer["transactionStatus"] == "APPROVED";
    let id = answer["order"]["id"].as_str().map(str::to_string);
    Ok((approved, id))
}
