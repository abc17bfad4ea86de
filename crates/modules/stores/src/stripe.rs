//! Stripe: a payment is a PaymentIntent confirmed on the server with the PaymentMethod the
//! buyer's browser made (Stripe.js) (a SetupIntent when nothing is due now but a plan will
//! be charged later), refunds go back through Stripe, and Stripe's webhooks
//! (`POST /_stores/v1/stripe-webhook/{siteId}`) are checked by their signature before they
//! change an order. Keys are the site's sealed secrets `STRIPE_SECRET_KEY` and
//! `STRIPE_WEBHOOK_SECRET`; every call to Stripe is keyed, so a retry is never a second
//! charge or refund.

use std::time::Duration;

use futures::FutureExt;
use hmac::{Hmac, Mac};
use rust_decimal::{Decimal, prelude::ToPrimitive};
use serde_json::Value;
use sha2::Sha256;
use tessera_core::{commerce::OrderRecord, sites::Site};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, RawCall, RawReply, RawRoute},
    secrets,
};

use crate::{Stores, money::Currency, payments::Outcome};

pub const SECRET_KEY: &str = "STRIPE_SECRET_KEY";
pub const WEBHOOK_SECRET: &str = "STRIPE_WEBHOOK_SECRET";
/// How long Stripe may take to answer before the buyer is told to try again.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How old a webhook's signature may be.
const TOLERANCE_SECS: i64 = 300;

/// An amount in the currency's minor units, as Stripe counts (1050 for $10.50).
pub fn minor_units(c: &Currency, amount: Decimal) -> i64 {
    (c.round(amount) * Decimal::from(10i64.pow(c.minor)))
        .to_i64()
        .unwrap_or(0)
}

fn unavailable(why: impl std::fmt::Display) -> WixError {
    WixError::new(
        WixCode::PaymentProviderUnavailable,
        format!("Stripe did not answer ({why}); nothing was charged, try again"),
    )
}

/// A form POST to Stripe with the site's key, keyed by `idempotency`.
async fn post(
    p: &Platform,
    site: &Site,
    path: &str,
    form: &[(&str, String)],
    idempotency: &str,
) -> WixResult<Value> {
    send(p, site, path, Some((form, idempotency))).await
}

/// A GET from Stripe with the site's key.
async fn get(p: &Platform, site: &Site, path: &str) -> WixResult<Value> {
    send(p, site, path, None).await
}

/// A call to Stripe with the site's key: a keyed form POST, or a GET.
async fn send(
    p: &Platform,
    site: &Site,
    path: &str,
    post: Option<(&[(&str, String)], &str)>,
) -> WixResult<Value> {
    let key = secrets::value(p, site.id, SECRET_KEY)
        .await?
        .ok_or_else(|| {
            WixError::new(
                WixCode::FailedPrecondition,
                format!(
                    "the store takes Stripe payments once the site has the secret {SECRET_KEY}"
                ),
            )
        })?;
    let base = &Stores::of(p).config.stripe_api_url;
    let client = reqwest::Client::new();
    let req = match post {
        Some((form, idempotency)) => client
            .post(format!("{base}{path}"))
            .header("Idempotency-Key", idempotency)
            .form(form),
        None => client.get(format!("{base}{path}")),
    };
    let res = req
        .basic_auth(key, Some(""))
        .timeout(TIMEOUT)
        .send()
        .await
        .map_err(unavailable)?;
    let status = res.status().as_u16();
    let body: Value = res.json().await.map_err(unavailable)?;
    match status {
        200..=299 => Ok(body),
        402 => Err(WixError::new(
            WixCode::PaymentDeclined,
            body["error"]["message"]
                .as_str()
                .unwrap_or("the card was declined")
                .to_string(),
        )),
        500.. => Err(unavailable(status)),
        _ => Err(WixError::new(
            WixCode::FailedPrecondition,
            format!(
                "Stripe refused: {}",
                body["error"]["message"]
                    .as_str()
                    .unwrap_or("no reason given")
            ),
        )),
    }
}

/// Charges the order's total to `payment_method`: the intent's id and what came of it. An
/// order with nothing to pay now but a line to charge again (a plan's free trial) saves the
/// card instead: a SetupIntent's id and what came of it.
pub async fn pay(
    p: &Platform,
    site: &Site,
    o: &OrderRecord,
    payment_method: &str,
) -> WixResult<(String, Outcome)> {
    let c = crate::orders::currency(o);
    let total = crate::money::stored(&o.doc["priceSummary"]["total"]["amount"]);
    let key = format!("{}:{payment_method}", o.id);
    let metadata = [
        ("metadata[order_id]", o.id.clone()),
        ("metadata[site_id]", site.id.to_string()),
        ("metadata[order_number]", o.number.to_string()),
    ];
    // Another catalog's line (a plan) may be charged again later without the buyer
    // (`pay_again`): the method is kept on a customer of its own.
    let renewable = o.doc["lineItems"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|l| l["catalogReference"]["appId"] != crate::pricing::STORES_APP_ID);
    let customer = if renewable {
        let customer = post(
            p,
            site,
            "/v1/customers",
            &[("email", o.buyer_email.clone())],
            &format!("{key}:customer"),
        )
        .await?;
        customer["id"].as_str().unwrap_or_default().to_string()
    } else {
        String::new()
    };
    let (path, form, confirm, key) = if renewable && minor_units(&c, total) == 0 {
        // Stripe charges no 0: a SetupIntent checks the card and, confirmed, attaches it
        // to the customer for off-session charges.
        let mut form = vec![("customer", customer), ("usage", "off_session".to_string())];
        form.extend(metadata);
        let confirm = vec![("payment_method", payment_method.to_string())];
        ("/v1/setup_intents", form, confirm, format!("{key}:setup"))
    } else {
        let mut form = vec![
            ("amount", minor_units(&c, total).to_string()),
            ("currency", c.code.to_lowercase()),
            ("payment_method", payment_method.to_string()),
        ];
        form.extend(metadata);
        if renewable {
            post(
                p,
                site,
                &format!("/v1/payment_methods/{payment_method}/attach"),
                &[("customer", customer.clone())],
                &format!("{key}:attach"),
            )
            .await?;
            form.push(("customer", customer));
        }
        ("/v1/payment_intents", form, Vec::new(), key)
    };
    let intent = post(p, site, path, &form, &key).await?;
    let id = intent["id"].as_str().unwrap_or_default().to_string();
    let confirmed = post(
        p,
        site,
        &format!("{path}/{id}/confirm"),
        &confirm,
        &format!("{key}:confirm"),
    )
    .await;
    let outcome = match confirmed {
        Ok(i) => outcome_of(&i),
        Err(e) if e.code() == WixCode::PaymentDeclined => Outcome::Decline,
        Err(e) => return Err(e),
    };
    Ok((id, outcome))
}

/// Charges the order's total, off-session, to the customer and method of an earlier
/// PaymentIntent or SetupIntent (`pay` kept them for a renewable line): the new intent's id
/// and outcome.
pub async fn pay_again(
    p: &Platform,
    site: &Site,
    o: &OrderRecord,
    earlier: &str,
) -> WixResult<(String, Outcome)> {
    let kind = if earlier.starts_with("seti_") {
        "setup_intents"
    } else {
        "payment_intents"
    };
    let before = get(p, site, &format!("/v1/{kind}/{earlier}")).await?;
    let (customer, method) = (
        before["customer"].as_str().unwrap_or_default(),
        before["payment_method"].as_str().unwrap_or_default(),
    );
    if customer.is_empty() || method.is_empty() {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!("Stripe kept no payment method for {earlier}: the buyer pays again"),
        ));
    }
    let c = crate::orders::currency(o);
    let total = crate::money::stored(&o.doc["priceSummary"]["total"]["amount"]);
    let charged = post(
        p,
        site,
        "/v1/payment_intents",
        &[
            ("amount", minor_units(&c, total).to_string()),
            ("currency", c.code.to_lowercase()),
            ("customer", customer.to_string()),
            ("payment_method", method.to_string()),
            ("off_session", "true".into()),
            ("confirm", "true".into()),
            ("metadata[order_id]", o.id.clone()),
            ("metadata[site_id]", site.id.to_string()),
            ("metadata[order_number]", o.number.to_string()),
        ],
        &format!("{}:again", o.id),
    )
    .await;
    match charged {
        Ok(i) => Ok((
            i["id"].as_str().unwrap_or_default().to_string(),
            outcome_of(&i),
        )),
        Err(e) if e.code() == WixCode::PaymentDeclined => {
            Ok((format!("declined_{}", o.id), Outcome::Decline))
        }
        Err(e) => Err(e),
    }
}

fn outcome_of(intent: &Value) -> Outcome {
    match intent["status"].as_str() {
        Some("succeeded") => Outcome::Approve,
        Some("processing" | "requires_action" | "requires_capture") => Outcome::Pending,
        _ => Outcome::Decline,
    }
}

/// Refunds `amount` of the intent; Stripe's refund id.
pub async fn refund(
    p: &Platform,
    site: &Site,
    c: &Currency,
    intent: &str,
    amount: Decimal,
    refund_id: &str,
) -> WixResult<String> {
    let r = post(
        p,
        site,
        "/v1/refunds",
        &[
            ("payment_intent", intent.to_string()),
            ("amount", minor_units(c, amount).to_string()),
        ],
        refund_id,
    )
    .await?;
    Ok(r["id"].as_str().unwrap_or_default().to_string())
}

/// Whether `header` (`t=…,v1=…`) signs `body` with `secret`, and is recent.
pub fn signed(secret: &str, header: &str, body: &[u8], now_secs: i64) -> bool {
    let mut t = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => sigs.push(v),
            _ => {}
        }
    }
    let Some(t) = t.filter(|t| (now_secs - t).abs() <= TOLERANCE_SECS) else {
        return false;
    };
    sigs.iter().any(|sig| {
        let Ok(expected) = hex_bytes(sig) else {
            return false;
        };
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
            return false;
        };
        mac.update(t.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac.verify_slice(&expected).is_ok()
    })
}

fn hex_bytes(s: &str) -> Result<Vec<u8>, ()> {
    if !s.len().is_multiple_of(2) {
        return Err(());
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|_| ()))
        .collect()
}

fn plain(status: u16, text: &str) -> RawReply {
    RawReply {
        status,
        headers: vec![("content-type", "text/plain; charset=utf-8".into())],
        body: text.to_string().into(),
    }
}

/// `POST /_stores/v1/stripe-webhook/{siteId}`: a payment's result, from Stripe.
async fn webhook(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let Ok(site_id) = raw.path_param("site").parse() else {
        return Ok(plain(404, "no such site"));
    };
    let Some(site) = p.store().site(site_id).await? else {
        return Ok(plain(404, "no such site"));
    };
    let Some(secret) = secrets::value(&p, site.id, WEBHOOK_SECRET).await? else {
        return Ok(plain(400, "the site has no STRIPE_WEBHOOK_SECRET"));
    };
    let header = raw.header("stripe-signature").unwrap_or_default();
    if !signed(
        &secret,
        header,
        &raw.body,
        tessera_core::now_millis() / 1000,
    ) {
        return Ok(plain(400, "bad or stale Stripe-Signature"));
    }
    let event: Value = serde_json::from_slice(&raw.body)
        .map_err(|e| WixError::bad_request(format!("not JSON: {e}")))?;
    let intent = &event["data"]["object"];
    let order = intent["metadata"]["order_id"].as_str().unwrap_or_default();
    let outcome = match event["type"].as_str() {
        Some("payment_intent.succeeded" | "setup_intent.succeeded") => Outcome::Approve,
        Some("payment_intent.payment_failed" | "setup_intent.setup_failed") => Outcome::Decline,
        Some("payment_intent.processing") => Outcome::Pending,
        // Other events change nothing here.
        _ => return Ok(plain(200, "ignored")),
    };
    if order.is_empty() || intent["metadata"]["site_id"] != site.id.to_string().as_str() {
        return Ok(plain(200, "not an order of this site"));
    }
    let id = intent["id"].as_str().unwrap_or_default();
    match crate::payments::record(&p, &site, order, None, id, "CREDIT_CARD", outcome).await {
        Ok(_) => Ok(plain(200, "ok")),
        // A canceled order (its hold expired) cannot take the payment: Stripe should not retry.
        Err(e) if e.code() == WixCode::FailedPrecondition || e.code() == WixCode::ItemNotFound => {
            tracing::warn!(
                order,
                error = e.description(),
                "a Stripe payment for an order that cannot take it"
            );
            Ok(plain(200, e.description()))
        }
        Err(e) => Err(e),
    }
}

pub fn routes() -> Vec<RawRoute> {
    vec![RawRoute::new(
        Method::Post,
        "/_stores/v1/stripe-webhook/{site}",
        256 * 1024,
        |p, c| webhook(p, c).boxed(),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(secret: &str, t: i64, body: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.").as_bytes());
        mac.update(body);
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("t={t},v1={hex}")
    }

    #[test]
    fn webhook_signatures() {
        let body = br#"{"type":"payment_intent.succeeded"}"#;
        let good = sign("whsec_1", 1_000, body);
        assert!(signed("whsec_1", &good, body, 1_100));
        assert!(!signed("whsec_2", &good, body, 1_100), "another secret");
        assert!(!signed("whsec_1", &good, b"{}", 1_100), "another body");
        assert!(!signed("whsec_1", &good, body, 2_000), "too old");
        assert!(!signed("whsec_1", "t=1000,v1=zz", body, 1_000));
        assert!(!signed("whsec_1", "", body, 1_000));
    }

    #[test]
    fn minor_units_per_currency() {
        let usd = Currency::parse("USD").unwrap();
        let jpy = Currency::parse("JPY").unwrap();
        let kwd = Currency::parse("KWD").unwrap();
        assert_eq!(minor_units(&usd, "10.50".parse().unwrap()), 1050);
        assert_eq!(minor_units(&jpy, "1500".parse().unwrap()), 1500);
        assert_eq!(minor_units(&kwd, "1.005".parse().unwrap()), 1005);
    }
}
