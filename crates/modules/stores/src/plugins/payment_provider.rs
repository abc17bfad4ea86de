//! `payment-provider` plugins: ways to pay at checkout beside the built-in ones. The owner
//! connects an account (`connectAccount`); `createTransaction` pays an order,
//! `refundTransaction` refunds it, and `submitEvent` from site code reports later results.

use std::{sync::Arc, time::Duration};

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use tessera_core::sites::Site;
use tessera_platform::{Platform, WixError, WixResult};

use super::{Buyer, Plugin, SiteCode, call, checked, config, context, published_plugins, text};
use crate::{
    money::Currency,
    settings::{self, Settings},
};

/// How long a payment provider may take (a buyer waits on the pay button).
const PAYMENT_TIME: Duration = Duration::from_secs(10);
pub const PAYMENT_PREFIX: &str = "payment-provider/";

/// The payment-provider plugins that are on, as checkout names them
/// (`payment-provider/<name>`), with the title their config gives.
pub async fn payment_providers(
    p: &Platform,
    site: &Site,
    s: &Settings,
) -> WixResult<Vec<(String, String)>> {
    let Some((code, found)) = published_plugins(p, site.id).await? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for plugin in found
        .iter()
        .filter(|pl| pl.kind == "payment-provider" && !s.disabled_plugins.contains(&pl.key()))
    {
        let config = config(p, site, &code, plugin).await;
        let title = config["title"].as_str().unwrap_or(&plugin.name).to_string();
        out.push((plugin.key(), title));
    }
    Ok(out)
}

/// The payment-provider plugin a checkout names, with the site's code.
async fn provider(p: &Platform, site: &Site, key: &str) -> WixResult<(Arc<SiteCode>, Plugin)> {
    let s = settings::of(p, site).await?;
    let found = published_plugins(p, site.id).await?;
    let Some((code, plugin)) = found.and_then(|(code, list)| {
        list.into_iter()
            .find(|pl| pl.key() == key && !s.disabled_plugins.contains(&pl.key()))
            .map(|pl| (code, pl))
    }) else {
        return Err(WixError::new(
            tessera_platform::WixCode::FailedPrecondition,
            format!("{key} is not a payment provider of this site's published code that is on"),
        ));
    };
    Ok((code, plugin))
}

/// Minor units (cents) of an amount, as payment providers take them.
fn minor(c: &Currency, d: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (c.round(d) * Decimal::from(10_i64.pow(c.minor)))
        .to_i64()
        .unwrap_or(0)
}

/// `createTransaction` of the order's provider plugin: the plugin's transaction id, what it
/// says happened (an `errorCode` declines, a `redirectUrl` or reason 5005 waits), and where
/// to send the buyer, if anywhere.
pub async fn create_transaction(
    p: &Platform,
    site: &Site,
    o: &tessera_core::commerce::OrderRecord,
    key: &str,
) -> WixResult<(String, crate::payments::Outcome, Option<String>)> {
    let (code, plugin) = provider(p, site, key).await?;
    let s = settings::of(p, site).await?;
    let c = &s.currency;
    let doc = &o.doc;
    let sum = |k: &str| minor(c, crate::money::stored(&doc["priceSummary"][k]["amount"]));
    let base = format!("{}/thank-you-page/{}", site_url(p, site), o.id);
    let options = json!({
        "wixTransactionId": o.id,
        "paymentMethod": "CREDIT_CARD",
        "merchantCredentials": s.provider_accounts[&plugin.name]["credentials"],
        "order": {
            "_id": o.id,
            "description": {
                "items": doc["lineItems"].as_array().into_iter().flatten().map(|l| json!({
                    "_id": l["id"], "name": l["productName"]["original"], "quantity": l["quantity"],
                    "price": minor(c, crate::money::stored(&l["price"]["amount"])),
                })).collect::<Vec<_>>(),
                "totalAmount": sum("total"),
                "charges": { "shipping": sum("shipping"), "tax": sum("tax"), "discount": sum("discount") },
                "currency": c.code,
                "billingAddress": doc["billingInfo"]["address"],
                "shippingAddress": doc["recipientInfo"]["address"],
                "buyerInfo": { "buyerEmail": doc["buyerInfo"]["email"] },
            },
            "returnUrls": { "successUrl": base, "errorUrl": base, "cancelUrl": base, "pendingUrl": base },
        },
        "wixMerchantId": site.id.to_string(),
    });
    let buyer = Buyer::of(doc.as_object().unwrap_or(&Map::new()));
    let ctx = context(p, site, c, &buyer).await?;
    let answer = call(
        p,
        site,
        &code,
        &plugin,
        "createTransaction",
        &options,
        &ctx,
        PAYMENT_TIME,
        &buyer,
    )
    .await;
    let got = checked(p, site, &plugin, &options, answer, |a| {
        let tx = text(&a["pluginTransactionId"], "pluginTransactionId", 200)?;
        let redirect = match &a["redirectUrl"] {
            Value::Null => None,
            Value::String(u) if u.starts_with("https://") || u.starts_with("http://") => {
                Some(u.clone())
            }
            _ => return Err("redirectUrl: an http(s) address".into()),
        };
        let outcome = if !a["errorCode"].is_null() {
            crate::payments::Outcome::Decline
        } else if redirect.is_some() || a["reasonCode"] == 5005 {
            crate::payments::Outcome::Pending
        } else {
            crate::payments::Outcome::Approve
        };
        Ok((tx, outcome, redirect))
    })
    .await;
    got.map_err(|e| WixError::new(tessera_platform::WixCode::PaymentDeclined, e))
}

/// `refundTransaction` of the provider plugin that took the payment; the plugin's refund id.
pub async fn refund_transaction(
    p: &Platform,
    site: &Site,
    o: &tessera_core::commerce::OrderRecord,
    key: &str,
    (plugin_transaction, amount, refund_id): (&str, Decimal, &str),
) -> WixResult<String> {
    let (code, plugin) = provider(p, site, key).await?;
    let s = settings::of(p, site).await?;
    let options = json!({
        "wixTransactionId": o.id,
        "wixRefundId": refund_id,
        "pluginTransactionId": plugin_transaction,
        "refundAmount": minor(&s.currency, amount),
        "merchantCredentials": s.provider_accounts[&plugin.name]["credentials"],
        "refundReason": "REQUESTED_BY_MERCHANT",
    });
    let ctx = context(p, site, &s.currency, &Buyer::default()).await?;
    let answer = call(
        p,
        site,
        &code,
        &plugin,
        "refundTransaction",
        &options,
        &ctx,
        PAYMENT_TIME,
        &Buyer::default(),
    )
    .await;
    checked(p, site, &plugin, &options, answer, |a| {
        if !a["errorCode"].is_null() {
            return Err(format!(
                "the refund was refused: {}",
                a["errorMessage"].as_str().unwrap_or("no reason given")
            ));
        }
        text(&a["pluginRefundId"], "pluginRefundId", 200)
    })
    .await
    .map_err(|e| WixError::new(tessera_platform::WixCode::FailedPrecondition, e))
}

/// `POST /ecom/v1/service-plugins/payment-provider/{name}/connect` `{credentials, country}`:
/// the plugin's `connectAccount`; what it answers is kept for its transactions.
pub(super) async fn connect(
    p: &Platform,
    site: &Site,
    name: &str,
    body: &Value,
) -> WixResult<Value> {
    let key = format!("{PAYMENT_PREFIX}{name}");
    let (code, plugin) = provider(p, site, &key).await?;
    let s = settings::of(p, site).await?;
    let options = json!({
        "credentials": body["credentials"],
        "country": body["country"].as_str().unwrap_or("US"),
        "currency": s.currency.code,
        "wixMerchantId": site.id.to_string(),
    });
    let ctx = context(p, site, &s.currency, &Buyer::default()).await?;
    let answer = call(
        p,
        site,
        &code,
        &plugin,
        "connectAccount",
        &options,
        &ctx,
        PAYMENT_TIME,
        &Buyer::default(),
    )
    .await;
    let account = checked(p, site, &plugin, &options, answer, |a| {
        if !a["errorCode"].is_null() {
            return Err(format!(
                "the account was refused: {}",
                a["errorMessage"].as_str().unwrap_or("no reason given")
            ));
        }
        Ok(json!({ "credentials": a["credentials"], "accountName": a["accountName"] }))
    })
    .await
    .map_err(|e| WixError::bad_request(format!("credentials: {e}")))?;
    let mut accounts = s.provider_accounts.clone();
    accounts[name] = account.clone();
    settings::update(
        p,
        site,
        &json!({ "settings": { "paymentProviderAccounts": accounts } }),
    )
    .await?;
    Ok(json!({ "accountName": account["accountName"] }))
}

/// `wix-payment-provider-backend`'s `submitEvent` (site code only):
/// `{event: {transaction: {wixTransactionId, pluginTransactionId, reasonCode?, errorCode?}}}`
/// records the payment's result; `{event: {refund: {wixTransactionId, wixRefundId,
/// pluginRefundId, errorCode?}}}` the refund's.
pub(super) async fn submit_event(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let event = &body["event"];
    if let Some(t) = event["transaction"].as_object() {
        let order = t
            .get("wixTransactionId")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                WixError::bad_request("event.transaction.wixTransactionId: is required")
            })?;
        let tx = t
            .get("pluginTransactionId")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                WixError::bad_request("event.transaction.pluginTransactionId: is required")
            })?;
        let outcome = if t.get("errorCode").is_some_and(|e| !e.is_null()) {
            crate::payments::Outcome::Decline
        } else if t.get("reasonCode").is_some_and(|r| r == 5005) {
            crate::payments::Outcome::Pending
        } else {
            crate::payments::Outcome::Approve
        };
        crate::payments::record(p, site, order, None, tx, "CREDIT_CARD", outcome).await?;
        return Ok(json!({}));
    }
    if let Some(r) = event["refund"].as_object() {
        let order = r
            .get("wixTransactionId")
            .and_then(Value::as_str)
            .ok_or_else(|| WixError::bad_request("event.refund.wixTransactionId: is required"))?;
        let refund = r
            .get("wixRefundId")
            .and_then(Value::as_str)
            .ok_or_else(|| WixError::bad_request("event.refund.wixRefundId: is required"))?;
        let status = if r.get("errorCode").is_some_and(|e| !e.is_null()) {
            "FAILED"
        } else {
            "SUCCEEDED"
        };
        crate::payments::refund_settled(p, site, order, refund, status).await?;
        return Ok(json!({}));
    }
    Err(WixError::bad_request("event: a transaction or a refund"))
}

fn site_url(p: &Platform, site: &Site) -> String {
    p.site_url(site)
}
