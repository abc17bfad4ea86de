//! Abandoned checkouts (`/ecom/v1/abandoned-checkout…`): a checkout that has the buyer's
//! email and is left unfinished for `abandon_millis` (default an hour) is marked abandoned,
//! once across nodes (`mark_abandoned` is conditional), and `events.js` hears
//! `wixEcom_onAbandonedCheckoutCreated` and `wixStores_onCartAbandoned`; completed later, it
//! is recovered (`…Recovered`, `wixStores_onCartRecovered`).

use serde_json::{Value, json};
use tessera_core::{
    Millis,
    commerce::Basket,
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    backend_events::event_payload,
    module::{Method, Route},
};

use crate::{Stores, boxed, checkouts, date, may, path_id, records::At, settings};

/// eCommerce's `AbandonedCheckout`, priced now.
async fn view(p: &Platform, site: &Site, b: &Basket) -> WixResult<Value> {
    let s = settings::of(p, site).await?;
    let item = tessera_core::data::Item {
        id: b.id.clone(),
        owner: None,
        created_at: b.created_at,
        updated_at: b.updated_at,
        data: b.doc.clone(),
    };
    let (_, sum) = checkouts::priced(p, site, &s, &item).await?;
    let c = &s.currency;
    let buyer = b.doc.at("buyerInfo");
    Ok(json!({
        "id": b.id,
        "checkoutId": b.id,
        "cartId": b.doc.at("cartId"),
        "status": if b.completed { "RECOVERED" } else { "ABANDONED" },
        "buyerInfo": {
            "email": buyer["email"],
            "contactId": buyer["contactId"],
            "memberId": buyer["memberId"],
            "visitorId": buyer["visitorId"],
        },
        "contactDetails": b.doc.at("billingInfo")["contactDetails"],
        "checkoutUrl": format!("/checkout?checkoutId={}", b.id),
        "subtotalPrice": c.price(sum.subtotal),
        "totalPrice": c.price(sum.total),
        "createdDate": b.abandoned_at.map(date),
        "updatedDate": date(b.updated_at),
        "checkoutRecoveredDate": if b.completed { Some(date(b.updated_at)) } else { None },
        "activities": [],
    }))
}

fn legacy(v: &Value) -> Value {
    json!({
        "cartId": v["cartId"].as_str().unwrap_or(v["checkoutId"].as_str().unwrap_or_default()),
        "checkoutId": v["checkoutId"],
        "buyerInfo": { "email": v["buyerInfo"]["email"], "id": v["buyerInfo"]["memberId"].as_str().or(v["buyerInfo"]["contactId"].as_str()) },
        "abandonedTime": v["createdDate"],
        "totals": { "subtotal": v["subtotalPrice"]["amount"], "total": v["totalPrice"]["amount"] },
    })
}

/// Marks the checkouts left unfinished since `now − abandon_millis` as abandoned, and says so.
pub async fn sweep(p: &Platform, now: Millis) -> WixResult<usize> {
    let before = now - Stores::of(p).config.abandon_millis;
    let mut done = 0;
    for (site_id, id) in p.store().stale_checkouts(before, 100).await? {
        if !p.store().mark_abandoned(site_id, &id, before, now).await? {
            continue;
        }
        done += 1;
        let (Some(site), Some(b)) = (
            p.store().site(site_id).await?,
            p.store()
                .basket(site_id, tessera_core::commerce::BasketKind::Checkout, &id)
                .await?,
        ) else {
            continue;
        };
        let v = view(p, &site, &b).await?;
        crate::announce(p, &site, "wixStores_onCartAbandoned", legacy(&v)).await;
        crate::announce(
            p,
            &site,
            "wixEcom_onAbandonedCheckoutCreated",
            event_payload(&id, v),
        )
        .await;
    }
    Ok(done)
}

/// A checkout that had been abandoned is completed: it is recovered.
pub async fn recovered(p: &Platform, site: &Site, checkout_id: &str) -> WixResult<()> {
    let Some(b) = p
        .store()
        .basket(
            site.id,
            tessera_core::commerce::BasketKind::Checkout,
            checkout_id,
        )
        .await?
        .filter(|b| b.abandoned_at.is_some())
    else {
        return Ok(());
    };
    let v = view(p, site, &b).await?;
    crate::announce(p, site, "wixStores_onCartRecovered", legacy(&v)).await;
    crate::announce(
        p,
        site,
        "wixEcom_onAbandonedCheckoutRecovered",
        event_payload(checkout_id, v),
    )
    .await;
    Ok(())
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(
            Method::Get,
            "/ecom/v1/abandoned-checkout/{id}",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::View)?;
                    let id = path_id(&call, "id")?;
                    let site = &call.ctx.site;
                    let b = p
                        .store()
                        .basket(site.id, tessera_core::commerce::BasketKind::Checkout, &id)
                        .await?
                        .filter(|b| b.abandoned_at.is_some())
                        .ok_or_else(|| {
                            WixError::new(
                                WixCode::ItemNotFound,
                                format!("abandoned checkout {id} does not exist"),
                            )
                        })?;
                    Ok(json!({ "abandonedCheckout": view(&p, site, &b).await? }))
                })
            },
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/abandoned-checkout/query",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::View)?;
                    let site = &call.ctx.site;
                    let (limit, offset) =
                        crate::cursor_paging(&call.body["query"]["cursorPaging"], "query")?;
                    let (found, total) = p
                        .store()
                        .abandoned_checkouts(site.id, offset, limit)
                        .await?;
                    let mut out = Vec::new();
                    for b in &found {
                        out.push(view(&p, site, b).await?);
                    }
                    let next = offset + found.len() as u64;
                    Ok(json!({
                        "abandonedCheckouts": out,
                        "pagingMetadata": {
                            "count": out.len(),
                            "cursors": { "next": (next < total).then(|| next.to_string()) },
                            "hasNext": next < total,
                            "total": total,
                        },
                    }))
                })
            },
        ),
    ]
}
