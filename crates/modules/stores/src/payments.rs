//! Payments and refunds of orders. Providers: `test` (a sandbox whose card numbers approve,
//! decline or stay pending, on by default so a new store can be tried with no account) and
//! `offline` (the order waits for "mark as paid"). A result that arrives twice changes
//! nothing the second time. Routes: the order's transactions (`/ecom/v1/payments/orders/…`),
//! refunds, and the storefront's pay call (`/_stores/v1/orders/{id}/pay`, Tessera's own).

use rust_decimal::Decimal;
use serde_json::{Value, json};
use tessera_core::{
    commerce::{StockChange, StockLine},
    now_millis,
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route, RouteCall},
};

use crate::{
    boxed, date, may,
    money::{amount, stored},
    orders::{self, activity, currency, push, set_balance, take_stock, view},
    path_id, settings,
};

/// What a provider answered for a payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Approve,
    Decline,
    Pending,
}

/// What the test provider does with a card number (Stripe's test numbers where they exist).
pub fn test_outcome(card: &str) -> WixResult<Outcome> {
    let digits: String = card
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if !(12..=19).contains(&digits.len())
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !luhn(&digits)
    {
        return Err(WixError::bad_request(format!(
            "cardNumber: '{card}' is not a card number (test cards: 4242 4242 4242 4242 approves, 4000 0000 0000 0002 declines, 4000 0000 0000 3220 stays pending)"
        )));
    }
    Ok(match digits.as_str() {
        "4000000000000002" | "4000000000009995" | "4000000000000069" => Outcome::Decline,
        "4000000000003220" | "4000002500003155" => Outcome::Pending,
        _ => Outcome::Approve,
    })
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Records a payment's result on the order. The same transaction id again is answered with
/// the order as it is.
pub async fn record(
    p: &Platform,
    site: &Site,
    order_id: &str,
    read: Option<tessera_core::commerce::OrderRecord>,
    transaction: &str,
    method: &str,
    outcome: Outcome,
) -> WixResult<tessera_core::commerce::OrderRecord> {
    let status = match outcome {
        Outcome::Approve => "APPROVED",
        Outcome::Decline => "DECLINED",
        Outcome::Pending => "PENDING",
    };
    let o = orders::change_from(p, site, order_id, read, |o| {
        // The same transaction again: nothing to do, unless a pending one has now ended.
        let known = o.doc["payments"]
            .as_array()
            .into_iter()
            .flatten()
            .position(|x| x["regularPaymentDetails"]["providerTransactionId"] == transaction);
        if let Some(i) = known {
            if o.doc["payments"][i]["status"] != "PENDING" || status == "PENDING" {
                return Ok(StockChange::None);
            }
            o.doc["payments"].as_array_mut().map(|a| a.remove(i));
        }
        if o.payment_status == "PAID" {
            return Ok(StockChange::None);
        }
        if o.status == "CANCELED" {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!("order {order_id} is canceled: start the checkout again"),
            ));
        }
        let c = currency(o);
        let total = stored(&o.doc["priceSummary"]["total"]["amount"]);
        push(
            &mut o.doc["payments"],
            json!({
                "id": uuid::Uuid::new_v4().to_string(),
                "amount": c.order_price(total),
                "status": status,
                "createdDate": date(now_millis()),
                "refundDisabled": false,
                "regularPaymentDetails": {
                    "paymentMethod": method,
                    "providerTransactionId": transaction,
                    "gatewayTransactionId": transaction,
                    "offlinePayment": false,
                    "status": status,
                },
            }),
        );
        Ok(match outcome {
            Outcome::Approve => {
                o.payment_status = "PAID".into();
                o.status = "APPROVED".into();
                activity(o, "ORDER_PAID", Value::Null);
                set_balance(o);
                take_stock(o)
            }
            Outcome::Pending => {
                o.payment_status = "PENDING".into();
                StockChange::None
            }
            // A declined payment lets the stock go at once; the buyer starts again.
            Outcome::Decline => {
                o.status = "CANCELED".into();
                activity(o, "PAYMENT_DECLINED", Value::Null);
                StockChange::Release
            }
        })
    })
    .await?;
    match o.status.as_str() {
        "APPROVED" if outcome == Outcome::Approve => {
            let s = settings::of(p, site).await?;
            orders::confirm(p, site, &s, &o).await;
        }
        "CANCELED" => orders::reopen_checkout(p, site, &o).await?,
        _ => {}
    }
    Ok(o)
}

/// `POST /_stores/v1/orders/{id}/pay`: the buyer pays with the order's provider.
pub(crate) async fn pay(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let id = path_id(call, "id")?;
    let site = &call.ctx.site;
    let o = orders::get_for(p, call, &id).await?;
    // Each provider answers its transaction, what became of it, where to send the buyer, and
    // what to say when it is declined; the result is recorded alike.
    let (transaction, outcome, redirect, declined) = match o.doc["paymentProvider"].as_str() {
        Some("test") => {
            let card = call.body["cardNumber"].as_str().unwrap_or_default();
            let outcome = test_outcome(card)?;
            // The card and the order make the transaction: the same payment sent twice is
            // one payment.
            let last4: String = card
                .chars()
                .filter(char::is_ascii_digit)
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            (
                format!("test_{}_{last4}", o.id),
                outcome,
                None,
                "the card was declined (test card 4000 0000 0000 0002); the checkout is open again",
            )
        }
        Some("stripe") => {
            let method = call.body["paymentMethod"]
                .as_str()
                .filter(|m| m.starts_with("pm_"))
                .ok_or_else(|| {
                    WixError::bad_request(
                        "paymentMethod: the id of a Stripe PaymentMethod (pm_…) made by Stripe.js",
                    )
                })?;
            let (intent, outcome) = crate::stripe::pay(p, site, &o, method).await?;
            (
                intent,
                outcome,
                None,
                "the card was declined; the checkout is open again",
            )
        }
        Some("offline") => {
            return Ok(json!({ "order": view(&o), "transactionStatus": "OFFLINE" }));
        }
        Some(key) if key.starts_with(crate::plugins::PAYMENT_PREFIX) => {
            let (transaction, outcome, redirect) =
                crate::plugins::create_transaction(p, site, &o, key).await?;
            (
                transaction,
                outcome,
                redirect,
                "the payment was declined; the checkout is open again",
            )
        }
        other => {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!(
                    "order {id} is paid through {}",
                    other.unwrap_or("no provider")
                ),
            ));
        }
    };
    let done = record(
        p,
        site,
        &id,
        Some(o.clone()),
        &transaction,
        "CREDIT_CARD",
        outcome,
    )
    .await?;
    if outcome == Outcome::Decline {
        return Err(WixError::new(WixCode::PaymentDeclined, declined));
    }
    let mut answer = json!({
        "order": view(&done),
        "transactionStatus": match outcome { Outcome::Approve => "APPROVED", _ => "PENDING" },
    });
    if let Some(url) = redirect {
        answer["redirectUrl"] = json!(url);
    }
    Ok(answer)
}

/// `POST /_stores/v1/orders/{id}/renew {idempotencyKey, catalogReference}` (Tessera's own,
/// for modules' renewals: a plan's next cycle): an order of one line of `catalogReference`
/// for the earlier order's buyer, priced by its catalog now and charged without the buyer to
/// what paid the earlier order (the test provider: the same card, where 4000 0000 0000 0341
/// is declined off-session; Stripe: its customer's saved method, off-session). The same key
/// again answers the same order and never charges twice.
async fn renew(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    may(&call.ctx, Permission::Manage)?;
    let site = &call.ctx.site;
    let first_id = path_id(call, "id")?;
    let key = call.body["idempotencyKey"]
        .as_str()
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .ok_or_else(|| WixError::bad_request("idempotencyKey: 1 to 200 characters"))?;
    let first = p
        .store()
        .order(site.id, &first_id)
        .await?
        .ok_or_else(|| orders::not_found(&first_id))?;
    let paid_with = approved_transaction(&first);
    let provider = first.doc["paymentProvider"].as_str().unwrap_or_default();
    if paid_with.is_empty() || !matches!(provider, "test" | "stripe") {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!(
                "order {first_id} was not paid by card through the test provider or Stripe: nothing to charge again"
            ),
        ));
    }
    let member = first.doc["buyerInfo"]["memberId"]
        .as_str()
        .map(str::to_string);
    let as_buyer = |body: Value, path: Vec<(String, String)>| RouteCall {
        ctx: tessera_platform::data::DataContext {
            site: site.clone(),
            caller: tessera_core::data::DataCaller::Code {
                member: member.clone(),
            },
            suppress_hooks: false,
        },
        path,
        query: tessera_platform::data::Params::parse(""),
        body,
        visitor: String::new(),
        new_visitor: false,
    };
    // One checkout per key: a retried renewal finds the order it placed.
    let checkout = format!("renewal-{key}");
    if crate::checkouts::CHECKOUTS
        .get(p, site, &checkout)
        .await?
        .is_none()
    {
        let mut data = serde_json::Map::new();
        data.insert(
            "lineItems".into(),
            json!([{ "id": uuid::Uuid::new_v4().to_string(), "quantity": 1, "catalogReference": call.body["catalogReference"] }]),
        );
        data.insert("billingInfo".into(), first.doc["billingInfo"].clone());
        data.insert("channelType".into(), json!("OTHER_PLATFORM"));
        data.insert(
            "buyerInfo".into(),
            json!({ "email": first.doc["buyerInfo"]["email"] }),
        );
        let made = as_buyer(json!({}), Vec::new());
        match crate::checkouts::stored_as(p, &made, &checkout, data).await {
            Ok(_) => {}
            Err(e) if e.code() == WixCode::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    let placed = orders::create_from_checkout(
        p,
        &as_buyer(
            json!({ "paymentProvider": provider }),
            vec![("id".into(), checkout)],
        ),
    )
    .await?;
    let id = placed["orderId"].as_str().unwrap_or_default().to_string();
    let o = orders::get_for(p, call, &id).await?;
    if o.payment_status == "PAID" {
        return Ok(json!({ "order": view(&o), "transactionStatus": "APPROVED" }));
    }
    let (transaction, outcome) = match provider {
        "stripe" => crate::stripe::pay_again(p, site, &o, &paid_with).await?,
        _ => {
            let last4 = paid_with.rsplit('_').next().unwrap_or_default().to_string();
            let outcome = if last4 == "0341" {
                Outcome::Decline
            } else {
                Outcome::Approve
            };
            (format!("test_{}_{last4}", o.id), outcome)
        }
    };
    let done = record(p, site, &id, Some(o), &transaction, "CREDIT_CARD", outcome).await?;
    Ok(json!({
        "order": view(&done),
        "transactionStatus": match outcome { Outcome::Approve => "APPROVED", Outcome::Decline => "DECLINED", Outcome::Pending => "PENDING" },
    }))
}

pub(crate) fn transactions(o: &tessera_core::commerce::OrderRecord) -> Value {
    json!({
        "orderTransactions": {
            "orderId": o.id,
            "payments": o.doc["payments"].as_array().cloned().unwrap_or_default(),
            "refunds": o.doc["refunds"].as_array().cloned().unwrap_or_default(),
        }
    })
}

/// `POST /ecom/v1/payments/orders/{id}/refund`: `amount` (the whole paid balance if none),
/// the lines refunded, and whether they go back to stock.
async fn refund(p: &Platform, site: &Site, id: &str, body: &Value) -> WixResult<Value> {
    let asked = amount(&body["amount"], "amount")?;
    let restock = body["restockAllItems"].as_bool().unwrap_or(false);
    let reason = body["reason"].as_str().unwrap_or_default().to_string();
    // What to refund, checked against the order as it is; checked again when it is recorded.
    let refundable = |o: &tessera_core::commerce::OrderRecord| -> WixResult<Decimal> {
        let (_, paid, refunded) = orders::balance(o);
        let left = paid - refunded;
        if left <= Decimal::ZERO {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!("order {id} has nothing paid left to refund"),
            ));
        }
        let amount = asked.unwrap_or(left);
        if amount.is_zero() || amount > left {
            return Err(WixError::bad_request(format!(
                "amount: from 0.01 to what is left to refund, {left}"
            )));
        }
        Ok(amount)
    };
    let before = p
        .store()
        .order(site.id, id)
        .await?
        .ok_or_else(|| orders::not_found(id))?;
    let amount = refundable(&before)?;
    let refund_id = uuid::Uuid::new_v4().to_string();
    // A card paid through Stripe is refunded there first (keyed by the refund's id).
    let provider_refund = match before.doc["paymentProvider"].as_str() {
        Some("stripe") => {
            let intent = approved_transaction(&before);
            let c = currency(&before);
            Some(crate::stripe::refund(p, site, &c, &intent, amount, &refund_id).await?)
        }
        Some(key) if key.starts_with(crate::plugins::PAYMENT_PREFIX) => {
            let paid = approved_transaction(&before);
            Some(
                crate::plugins::refund_transaction(
                    p,
                    site,
                    &before,
                    key,
                    (&paid, amount, &refund_id),
                )
                .await?,
            )
        }
        _ => None,
    };
    let o = orders::change(p, site, id, |o| {
        if refundable(o)? < amount {
            return Err(WixError::new(
                WixCode::ConditionFailed,
                format!("order {id} was refunded meanwhile"),
            ));
        }
        let c = currency(o);
        let mut items = Vec::new();
        let mut back = Vec::new();
        for (i, it) in body["lineItems"].as_array().into_iter().flatten().enumerate() {
            let line_id = it["lineItemId"].as_str().unwrap_or_default();
            let q = it["quantity"].as_i64().unwrap_or(0);
            let Some(l) = o.doc["lineItems"].as_array_mut().and_then(|a| a.iter_mut().find(|l| l["id"] == line_id)) else {
                return Err(WixError::bad_request(format!("lineItems[{i}].lineItemId: the order has no line {line_id}")));
            };
            let left = l["quantity"].as_i64().unwrap_or(0) - l["refundQuantity"].as_i64().unwrap_or(0);
            if q < 1 || q > left {
                return Err(WixError::bad_request(format!("lineItems[{i}].quantity: from 1 to {left}")));
            }
            l["refundQuantity"] = json!(l["refundQuantity"].as_i64().unwrap_or(0) + q);
            // Only the store's own products go back to its stock.
            if restock && l["catalogReference"]["appId"] == crate::pricing::STORES_APP_ID {
                l["restockQuantity"] = json!(l["restockQuantity"].as_i64().unwrap_or(0) + q);
                let r = &l["catalogReference"];
                back.push(StockLine {
                    product_id: r["catalogItemId"].as_str().unwrap_or_default().into(),
                    variant_id: o_variant(o, line_id),
                    quantity: q,
                });
            }
            items.push(json!({ "lineItemId": line_id, "quantity": q }));
        }
        let payment = o.doc["payments"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|x| x["status"] == "APPROVED")
            .map(|x| x["id"].clone())
            .unwrap_or(Value::Null);
        push(
            &mut o.doc["refunds"],
            json!({
                "id": refund_id,
                "amount": c.order_price(amount),
                "status": "SUCCEEDED",
                "createdDate": date(now_millis()),
                "transactions": [{ "paymentId": payment, "amount": c.order_price(amount), "refundStatus": "SUCCEEDED", "providerRefundId": provider_refund }],
                "details": { "items": items, "shippingIncluded": body["shippingIncluded"].as_bool().unwrap_or(false), "reason": reason },
            }),
        );
        let (_, paid, refunded) = orders::balance(o);
        o.payment_status = if refunded >= paid { "FULLY_REFUNDED" } else { "PARTIALLY_REFUNDED" }.into();
        activity(o, "ORDER_REFUNDED", json!({ "amount": c.order_price(amount) }));
        set_balance(o);
        Ok(if back.is_empty() { StockChange::None } else { StockChange::Restock(back) })
    })
    .await?;
    Ok(transactions(&o))
}

/// The provider's id of the order's approved payment.
fn approved_transaction(o: &tessera_core::commerce::OrderRecord) -> String {
    o.doc["payments"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|x| x["status"] == "APPROVED")
        .and_then(|x| x["regularPaymentDetails"]["providerTransactionId"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// A provider's later word on a refund: `SUCCEEDED`, or `FAILED` (then it no longer counts
/// as refunded).
pub async fn refund_settled(
    p: &Platform,
    site: &Site,
    order: &str,
    refund: &str,
    status: &str,
) -> WixResult<()> {
    orders::change(p, site, order, |o| {
        let Some(r) = o.doc["refunds"]
            .as_array_mut()
            .and_then(|a| a.iter_mut().find(|r| r["id"] == refund))
        else {
            return Err(WixError::new(
                WixCode::ItemNotFound,
                format!("order {order} has no refund {refund}"),
            ));
        };
        r["status"] = json!(status);
        for t in r["transactions"].as_array_mut().into_iter().flatten() {
            t["refundStatus"] = json!(status);
        }
        let (_, paid, refunded) = orders::balance(o);
        o.payment_status = if refunded.is_zero() {
            "PAID"
        } else if refunded >= paid {
            "FULLY_REFUNDED"
        } else {
            "PARTIALLY_REFUNDED"
        }
        .into();
        set_balance(o);
        Ok(StockChange::None)
    })
    .await?;
    Ok(())
}

/// The variant a line of the order took.
fn o_variant(o: &tessera_core::commerce::OrderRecord, line_id: &str) -> String {
    let Some(pos) = o.doc["lineItems"]
        .as_array()
        .and_then(|a| a.iter().position(|l| l["id"] == line_id))
    else {
        return String::new();
    };
    o.doc["holds"][pos]["variantId"]
        .as_str()
        .unwrap_or_default()
        .into()
}

pub fn routes() -> Vec<Route> {
    let routes = vec![
        Route::new(Method::Post, "/_stores/v1/orders/{id}/pay", |p, call| {
            boxed(async move { pay(&p, &call).await })
        }),
        Route::new(Method::Post, "/_stores/v1/orders/{id}/renew", |p, call| {
            boxed(async move { renew(&p, &call).await })
        }),
        Route::new(Method::Get, "/ecom/v1/payments/orders/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::View)?;
                let id = path_id(&call, "id")?;
                let o = orders::get_for(&p, &call, &id).await?;
                Ok(transactions(&o))
            })
        }),
        Route::new(
            Method::Post,
            "/ecom/v1/payments/orders/{id}/refund",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::Manage)?;
                    refund(&p, &call.ctx.site, &path_id(&call, "id")?, &call.body).await
                })
            },
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/payments/orders/{id}/add-payment",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::EditContent)?;
                    let o = orders::mark_paid(&p, &call.ctx.site, &path_id(&call, "id")?).await?;
                    Ok(transactions(&o))
                })
            },
        ),
    ];
    routes.into_iter().map(Route::for_visitors).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_cards() {
        assert_eq!(
            test_outcome("4242 4242 4242 4242").unwrap(),
            Outcome::Approve
        );
        assert_eq!(
            test_outcome("4000-0000-0000-0002").unwrap(),
            Outcome::Decline
        );
        assert_eq!(test_outcome("4000000000003220").unwrap(), Outcome::Pending);
        assert!(
            test_outcome("4242424242424241").is_err(),
            "fails the Luhn check"
        );
        assert!(test_outcome("abc").is_err());
    }
}
