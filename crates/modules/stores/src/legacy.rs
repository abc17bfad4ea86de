//! Velo's older store events for `events.js`, beside eCommerce's: `wixStores_onNewOrder`
//! (when an order is approved: paid online, or placed offline), `…onOrderPaid`,
//! `…onOrderCanceled`, in their older, flat shapes (amounts as numbers, `_id`,
//! `options: [{option, selection}]`). `products.rs` tells of products the same way
//! (`wixStores_onProductCreated`/`Updated`/`Deleted`).

use serde_json::{Value, json};
use tessera_core::{commerce::OrderRecord, sites::Site};
use tessera_platform::Platform;

use crate::{date, money::stored};

/// An eCommerce amount (`{amount: "12.50"}`) as the older API's number.
fn number(price: &Value) -> f64 {
    stored(&price["amount"]).to_string().parse().unwrap_or(0.0)
}

fn buyer(o: &OrderRecord) -> Value {
    let b = &o.doc["buyerInfo"];
    let contact = &o.doc["billingInfo"]["contactDetails"];
    let (id, kind) = match b["memberId"].as_str() {
        Some(m) => (m, "MEMBER"),
        None => (b["contactId"].as_str().unwrap_or_default(), "CONTACT"),
    };
    json!({
        "id": id,
        "identityType": kind,
        "email": b["email"],
        "firstName": contact["firstName"],
        "lastName": contact["lastName"],
        "phone": contact["phone"],
    })
}

fn address(a: &Value) -> Value {
    json!({
        "addressLine": a["addressLine"].as_str().or_else(|| a["addressLine1"].as_str()),
        "addressLine2": a["addressLine2"],
        "city": a["city"],
        "subdivision": a["subdivision"],
        "country": a["country"],
        "postalCode": a["postalCode"],
    })
}

fn totals(o: &OrderRecord) -> Value {
    let s = &o.doc["priceSummary"];
    let lines = o.doc["lineItems"].as_array().cloned().unwrap_or_default();
    let weight: f64 = lines
        .iter()
        .map(|l| {
            l["physicalProperties"]["weight"]
                .as_str()
                .and_then(|w| w.parse::<f64>().ok())
                .unwrap_or(0.0)
                * l["quantity"].as_f64().unwrap_or(0.0)
        })
        .sum();
    json!({
        "subtotal": number(&s["subtotal"]),
        "shipping": number(&s["shipping"]),
        "tax": number(&s["tax"]),
        "discount": number(&s["discount"]),
        "total": number(&s["total"]),
        "weight": weight,
        "quantity": lines.iter().filter_map(|l| l["quantity"].as_i64()).sum::<i64>(),
    })
}

fn billing(o: &OrderRecord) -> Value {
    let b = &o.doc["billingInfo"];
    let c = &b["contactDetails"];
    json!({
        "address": address(&b["address"]),
        "firstName": c["firstName"],
        "lastName": c["lastName"],
        "email": o.doc["buyerInfo"]["email"],
        "phone": c["phone"],
        "company": c["company"],
    })
}

/// The order as the older Orders API and its events have it.
pub fn order(o: &OrderRecord) -> Value {
    let lines: Vec<Value> = o.doc["lineItems"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, l)| {
            let options: Vec<Value> = l["descriptionLines"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|d| json!({"option": d["name"]["original"], "selection": d["plainText"]["original"]}))
                .collect();
            json!({
                "index": i + 1,
                "quantity": l["quantity"],
                "price": number(&l["price"]),
                "name": l["productName"]["original"],
                "productId": l["catalogReference"]["catalogItemId"],
                "totalPrice": number(&l["totalPriceAfterTax"]),
                "lineItemType": l["itemType"]["preset"],
                "options": options,
                "sku": l["physicalProperties"]["sku"],
                "weight": l["physicalProperties"]["weight"].as_str().and_then(|w| w.parse::<f64>().ok()).unwrap_or(0.0),
                "discount": number(&l["totalDiscount"]),
                "tax": number(&l["taxDetails"]["totalTax"]),
                "taxIncludedInPrice": o.doc["taxIncludedInPrices"],
                "mediaItem": l["image"]["url"].as_str().map(|u| json!({"src": u, "type": "IMAGE"})),
            })
        })
        .collect();
    let coupon = o.doc["appliedDiscounts"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["coupon"].is_object()))
        .map(|d| json!({"appliedCoupon": {"code": d["coupon"]["code"], "couponId": d["coupon"]["id"], "name": d["coupon"]["name"]}}));
    let shipping = &o.doc["shippingInfo"];
    json!({
        "_id": o.id,
        "_dateCreated": date(o.created_at),
        "_updatedDate": date(o.updated_at),
        "number": o.number,
        "buyerLanguage": "en",
        "cartId": o.doc["purchaseFlowId"],
        "channelInfo": o.doc["channelInfo"],
        "buyerInfo": buyer(o),
        "billingInfo": billing(o),
        "buyerNote": o.doc["buyerNote"],
        "currency": o.doc["currency"],
        "weightUnit": o.doc["weightUnit"],
        "paymentStatus": o.payment_status,
        "fulfillmentStatus": o.fulfillment_status,
        "archived": o.archived,
        "activities": o.doc["activities"].as_array().into_iter().flatten().map(|a| json!({"type": a["type"], "timestamp": a["createdDate"]})).collect::<Vec<_>>(),
        "lineItems": lines,
        "totals": totals(o),
        "shippingInfo": if shipping.is_object() {
            json!({
                "deliveryOption": shipping["title"],
                "estimatedDeliveryTime": shipping["logistics"]["deliveryTime"],
                "shipmentDetails": { "address": address(&shipping["logistics"]["shippingDestination"]["address"]) },
                "pickupDetails": shipping["logistics"]["pickupDetails"],
            })
        } else {
            Value::Null
        },
        "discount": coupon,
    })
}

/// The older events an order's change makes, from its status and payment status before.
pub async fn announce_order(
    p: &Platform,
    site: &Site,
    o: &OrderRecord,
    before: Option<(&str, &str)>,
) {
    let (status, paid) = before.unwrap_or(("", ""));
    if o.status == "APPROVED" && status != "APPROVED" {
        crate::announce(
            p,
            site,
            "wixStores_onNewOrder",
            json!({
                "orderId": o.id,
                "number": o.number,
                "dateCreated": date(o.created_at),
                "buyerInfo": buyer(o),
                "currency": o.doc["currency"],
                "weightUnit": o.doc["weightUnit"],
                "totals": totals(o),
                "paymentStatus": o.payment_status,
                "fulfillmentStatus": o.fulfillment_status,
                "billingInfo": billing(o),
            }),
        )
        .await;
    }
    if o.payment_status == "PAID" && paid != "PAID" {
        crate::announce(p, site, "wixStores_onOrderPaid", order(o)).await;
    }
    if o.status == "CANCELED" && status != "CANCELED" {
        crate::announce(
            p,
            site,
            "wixStores_onOrderCanceled",
            json!({ "order": order(o) }),
        )
        .await;
    }
}
