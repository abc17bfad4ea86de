//! `wix-pay-backend`'s `createPayment`: a payment of items that are not the store's products
//! (a donation, a fee, a custom quote), made by site code for the visitor or member whose
//! request runs it. It is an order of its own (channel `WIX_PAY`, no stock held) that the
//! buyer pays as any order, through the store's providers; `wixPay_onPaymentUpdate` tells
//! `events.js` when its status changes.

use rust_decimal::Decimal;
use serde_json::{Value, json};
use tessera_core::{commerce::OrderRecord, data::DataCaller, now_millis};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route, RouteCall},
};

use crate::{
    Stores, boxed, date,
    money::amount,
    orders::{activity, set_balance},
    settings,
};

const MAX_ITEMS: usize = 300;

/// `POST /_stores/v1/wix-pay/payments` (site code only): `{amount, currency?, items: [{name,
/// price, quantity}], userInfo: {firstName, lastName, email, phone}}`; `amount` must be
/// what the items add up to.
async fn create(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let DataCaller::Code { member } = &call.ctx.caller else {
        return Err(WixError::new(
            WixCode::PermissionDenied,
            "payments are made by the site's code",
        ));
    };
    let site = &call.ctx.site;
    let s = settings::of(p, site).await?;
    let c = &s.currency;
    let b = &call.body;
    if let Some(code) = b["currency"].as_str()
        && !code.eq_ignore_ascii_case(c.code)
    {
        return Err(WixError::bad_request(format!(
            "currency: the store takes {}, not {code}",
            c.code
        )));
    }
    let Some(items) = b["items"]
        .as_array()
        .filter(|a| !a.is_empty() && a.len() <= MAX_ITEMS)
    else {
        return Err(WixError::bad_request(format!(
            "items: 1 to {MAX_ITEMS} items"
        )));
    };
    let mut lines = Vec::new();
    let mut sum = Decimal::ZERO;
    for (i, item) in items.iter().enumerate() {
        let f = format!("items[{i}]");
        let name = item["name"]
            .as_str()
            .filter(|n| !n.trim().is_empty() && n.chars().count() <= 200)
            .ok_or_else(|| {
                WixError::bad_request(format!("{f}.name: text of 1 to 200 characters"))
            })?;
        let price = amount(&item["price"], &format!("{f}.price"))?
            .filter(|p| !p.is_sign_negative() && c.round(*p) == *p)
            .ok_or_else(|| {
                WixError::bad_request(format!("{f}.price: an amount from 0 in {}", c.code))
            })?;
        let quantity = match &item["quantity"] {
            Value::Null => 1,
            q => q
                .as_i64()
                .filter(|q| (1..=100_000).contains(q))
                .ok_or_else(|| {
                    WixError::bad_request(format!("{f}.quantity: a whole number from 1"))
                })?,
        };
        let total = price * Decimal::from(quantity);
        sum += total;
        lines.push(json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "productName": { "original": name, "translated": name },
            "catalogReference": Value::Null,
            "quantity": quantity,
            "price": c.order_price(price),
            "priceBeforeDiscounts": c.order_price(price),
            "totalDiscount": c.order_price(Decimal::ZERO),
            "totalPriceBeforeTax": c.order_price(total),
            "totalPriceAfterTax": c.order_price(total),
            "taxDetails": { "taxRate": "0", "totalTax": c.order_price(Decimal::ZERO) },
            "descriptionLines": [],
            "itemType": { "preset": "UNRECOGNISED" },
            "paymentOption": "FULL_PAYMENT_ONLINE",
            "refundQuantity": 0, "restockQuantity": 0, "fulfilledQuantity": 0,
        }));
    }
    let asked = amount(&b["amount"], "amount")?
        .ok_or_else(|| WixError::bad_request("amount: is required"))?;
    if asked != sum || sum.is_zero() {
        return Err(WixError::bad_request(format!(
            "amount: {asked} is not what the items add up to ({sum}), or is 0"
        )));
    }
    let provider = s
        .providers
        .iter()
        .find(|x| *x != "offline")
        .cloned()
        .ok_or_else(|| {
            WixError::new(
                WixCode::FailedPrecondition,
                "the store takes no payments online",
            )
        })?;
    let user = &b["userInfo"];
    let email = user["email"]
        .as_str()
        .unwrap_or_default()
        .trim()
        .to_string();
    let buyer = match member {
        Some(m) => json!({ "memberId": m, "email": email }),
        None => json!({ "visitorId": call.visitor, "email": email }),
    };
    let now = now_millis();
    let zero = c.order_price(Decimal::ZERO);
    let mut record = OrderRecord {
        site_id: site.id,
        id: uuid::Uuid::now_v7().to_string(),
        number: 0,
        checkout_id: None,
        status: "INITIALIZED".into(),
        payment_status: "NOT_PAID".into(),
        fulfillment_status: "NOT_FULFILLED".into(),
        archived: false,
        buyer_email: email,
        buyer_name: format!(
            "{} {}",
            user["firstName"].as_str().unwrap_or_default(),
            user["lastName"].as_str().unwrap_or_default()
        )
        .trim()
        .to_string(),
        created_at: now,
        updated_at: now,
        revision: 0,
        doc: json!({
            "lineItems": lines,
            "buyerInfo": buyer,
            "currency": c.code,
            "weightUnit": s.weight_unit,
            "taxIncludedInPrices": s.tax_included,
            "priceSummary": { "subtotal": c.order_price(sum), "shipping": zero, "tax": zero, "discount": zero, "total": c.order_price(sum), "totalAdditionalFees": zero },
            "billingInfo": { "contactDetails": { "firstName": user["firstName"], "lastName": user["lastName"], "phone": user["phone"] } },
            "taxSummary": { "totalTax": zero },
            "appliedDiscounts": [],
            "additionalFees": [],
            "activities": [],
            "channelInfo": { "type": "WIX_PAY" },
            "paymentProvider": provider,
            "payments": [], "refunds": [], "fulfillments": [], "holds": [],
            "stockTaken": true,
        }),
    };
    activity(&mut record, "ORDER_PLACED", Value::Null);
    set_balance(&mut record);
    let placed = p
        .store()
        .place_order(&record, &[], now + Stores::of(p).config.hold_millis, &[])
        .await?;
    Ok(json!({
        "id": placed.id,
        "amount": sum.to_string().parse::<f64>().unwrap_or_default(),
        "currency": c.code,
        "items": items,
        "userInfo": user,
        "status": "Pending",
        "createdDate": date(placed.created_at),
    }))
}

pub fn routes() -> Vec<Route> {
    vec![Route::new(
        Method::Post,
        "/_stores/v1/wix-pay/payments",
        |p, call| boxed(async move { create(&p, &call).await }),
    )]
}
