//! Orders: placed from checkouts (stock held in the same transaction, a number from the
//! site's sequence), their states as Wix names them, `/ecom/v1/orders…` (get, search,
//! update, cancel, mark as paid), fulfillments, and the emails and events they cause.

use rust_decimal::Decimal;
use serde_json::{Value, json};
use tessera_core::{
    commerce::{OrderFilter, OrderRecord, StockChange, StockLine},
    data::DataCaller,
    now_millis,
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    backend_events::event_payload,
    mail,
    module::{Method, Route, RouteCall},
};

use crate::records::At;
use crate::{
    Stores, boxed,
    carts::CARTS,
    checkouts::{self, CHECKOUTS},
    date,
    inventory::insufficient,
    is_staff, may,
    money::{Currency, stored},
    path_id, products,
    settings::{self, Settings},
};

pub fn not_found(id: &str) -> WixError {
    WixError::new(WixCode::ItemNotFound, format!("order {id} does not exist"))
}

/// An order in Wix's shape: its document with the columns, without the records kept for
/// the transactions and fulfillments APIs.
pub fn view(o: &OrderRecord) -> Value {
    let mut v = o.doc.clone();
    if let Some(m) = v.as_object_mut() {
        for private in ["payments", "refunds", "fulfillments", "stockTaken", "holds"] {
            m.remove(private);
        }
        m.insert("id".into(), json!(o.id));
        m.insert("number".into(), json!(o.number.to_string()));
        m.insert("status".into(), json!(o.status));
        m.insert("paymentStatus".into(), json!(o.payment_status));
        m.insert("fulfillmentStatus".into(), json!(o.fulfillment_status));
        m.insert("archived".into(), json!(o.archived));
        m.insert("createdDate".into(), json!(date(o.created_at)));
        m.insert("updatedDate".into(), json!(date(o.updated_at)));
    }
    v
}

pub fn currency(o: &OrderRecord) -> Currency {
    Currency::parse(o.doc["currency"].as_str().unwrap_or("USD"))
        .unwrap_or(Currency::parse("USD").expect("USD is a currency"))
}

/// What the order's lines take from the stock.
pub fn stock_lines(o: &OrderRecord) -> Vec<StockLine> {
    o.doc["holds"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|h| h["catalog"].is_null())
        .map(|h| StockLine {
            product_id: h["productId"].as_str().unwrap_or_default().into(),
            variant_id: h["variantId"].as_str().unwrap_or_default().into(),
            quantity: h["quantity"].as_i64().unwrap_or(0),
        })
        .collect()
}

pub fn activity(o: &mut OrderRecord, kind: &str, extra: Value) {
    let entry = json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "type": kind,
        "createdDate": date(now_millis()),
        "details": extra,
    });
    match o.doc["activities"].as_array_mut() {
        Some(a) => a.push(entry),
        None => o.doc["activities"] = json!([entry]),
    }
}

/// The order's money figures: total, paid, refunded.
pub fn balance(o: &OrderRecord) -> (Decimal, Decimal, Decimal) {
    let total = stored(&o.doc["priceSummary"]["total"]["amount"]);
    let sum = |key: &str, status: &str| -> Decimal {
        o.doc[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|x| x["status"] == status)
            .map(|x| stored(&x["amount"]["amount"]))
            .sum()
    };
    (
        total,
        sum("payments", "APPROVED"),
        sum("refunds", "SUCCEEDED"),
    )
}

pub fn set_balance(o: &mut OrderRecord) {
    let c = currency(o);
    let (total, paid, refunded) = balance(o);
    o.doc["balanceSummary"] = json!({
        "balance": c.order_price((total - paid).max(Decimal::ZERO)),
        "paid": c.order_price(paid),
        "refunded": c.order_price(refunded),
    });
}

/// Reads the order, lets `f` change it, and stores it with its stock change; again when
/// another change came between.
pub async fn change<F>(p: &Platform, site: &Site, id: &str, f: F) -> WixResult<OrderRecord>
where
    F: FnMut(&mut OrderRecord) -> WixResult<StockChange>,
{
    change_from(p, site, id, None, f).await
}

/// `change`, starting from the order as the caller just read it (`read`), if it did.
pub async fn change_from<F>(
    p: &Platform,
    site: &Site,
    id: &str,
    mut read: Option<OrderRecord>,
    mut f: F,
) -> WixResult<OrderRecord>
where
    F: FnMut(&mut OrderRecord) -> WixResult<StockChange>,
{
    for _ in 0..5 {
        let mut o = match read.take() {
            Some(o) => o,
            None => p
                .store()
                .order(site.id, id)
                .await?
                .ok_or_else(|| not_found(id))?,
        };
        let before = Before::of(&o);
        let stock = f(&mut o)?;
        o.updated_at = now_millis();
        match p.store().update_order(&o, &stock).await {
            Ok((stored, available_changed)) => {
                // A canceled order gives back the coupon use it took.
                if before.status != "CANCELED" && stored.status == "CANCELED" {
                    let names = crate::coupons::given_back(&stored.doc);
                    if let Err(e) = p.store().give_back(site.id, &names).await {
                        tracing::warn!(error = %e, "giving back a coupon's use");
                    }
                }
                if available_changed {
                    refresh_products(p, site, &stored).await;
                }
                announce_change(p, site, &stored, &before).await;
                return Ok(stored);
            }
            Err(tessera_core::Error::Conflict {
                field: "revision", ..
            }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(WixError::new(
        WixCode::ConditionFailed,
        format!("order {id} kept changing; try again"),
    ))
}

async fn refresh_products(p: &Platform, site: &Site, o: &OrderRecord) {
    let mut seen = Vec::new();
    for l in stock_lines(o) {
        if !seen.contains(&l.product_id) {
            if let Err(e) = products::refresh_stock(p, site, &l.product_id).await {
                tracing::warn!(
                    error = e.description(),
                    "refreshing a product's stock figures"
                );
            }
            seen.push(l.product_id);
        }
    }
}

/// What an order was before a change, for the events the change makes.
struct Before {
    status: String,
    payment_status: String,
    transactions: (Value, Value),
    fulfillments: Value,
}

impl Before {
    fn of(o: &OrderRecord) -> Self {
        Self {
            status: o.status.clone(),
            payment_status: o.payment_status.clone(),
            transactions: (o.doc["payments"].clone(), o.doc["refunds"].clone()),
            fulfillments: o.doc["fulfillments"].clone(),
        }
    }
}

/// Velo's envelope of an action event: `{metadata, data}`.
fn action(o: &OrderRecord, data: Value) -> Value {
    json!({
        "metadata": { "id": uuid::Uuid::new_v4().to_string(), "entityId": o.id, "eventTime": date(now_millis()) },
        "data": data,
    })
}

/// Ids of the entries of `now` (a list) that `before` does not have as they are now.
fn changed_ids(before: &Value, now: &Value) -> Vec<Value> {
    now.as_array()
        .into_iter()
        .flatten()
        .filter(|x| !before.as_array().is_some_and(|b| b.contains(x)))
        .map(|x| x["id"].clone())
        .collect()
}

/// The modules that sell lines of the order (bookings, plans) hear of it, through the event
/// queue (see `Module::order_changed`).
async fn tell_modules(p: &Platform, site: &Site, o: &OrderRecord, event: &'static str) {
    let order = view(o);
    if let Err(e) = tessera_platform::module::queue_order_changed(p, site.id, event, &order).await {
        tracing::error!(error = %e, event, order = o.id, site = %site.slug, "queueing an order's change for its modules");
    }
}

/// `events.js` hears of orders as on Wix: created, updated, approved, payment status and
/// transactions (and `wixPay_onPaymentUpdate`), fulfillments, canceled.
async fn announce_change(p: &Platform, site: &Site, o: &OrderRecord, before: &Before) {
    if before.payment_status != o.payment_status {
        match o.payment_status.as_str() {
            "PAID" => tell_modules(p, site, o, "paid").await,
            "FULLY_REFUNDED" => tell_modules(p, site, o, "refunded").await,
            _ => {}
        }
    }
    if before.status != o.status && o.status == "CANCELED" {
        tell_modules(p, site, o, "canceled").await;
    }
    crate::legacy::announce_order(p, site, o, Some((&before.status, &before.payment_status))).await;
    let order = view(o);
    crate::announce(
        p,
        site,
        "wixEcom_onOrderUpdated",
        event_payload(&o.id, order.clone()),
    )
    .await;
    if before.payment_status != o.payment_status {
        crate::announce(
            p,
            site,
            "wixEcom_onOrderPaymentStatusUpdated",
            action(
                o,
                json!({ "order": order, "previousPaymentStatus": before.payment_status }),
            ),
        )
        .await;
        crate::announce(p, site, "wixPay_onPaymentUpdate", pay_update(o)).await;
    }
    let (payments, refunds) = (&o.doc["payments"], &o.doc["refunds"]);
    if (payments, refunds) != (&before.transactions.0, &before.transactions.1) {
        let mut entity = crate::payments::transactions(o);
        entity["paymentIds"] = json!(changed_ids(&before.transactions.0, payments));
        entity["refundIds"] = json!(changed_ids(&before.transactions.1, refunds));
        crate::announce(
            p,
            site,
            "wixEcom_onOrderTransactionsUpdated",
            event_payload(&o.id, entity),
        )
        .await;
    }
    if o.doc["fulfillments"] != before.fulfillments {
        let entity = json!({ "orderId": o.id, "fulfillments": o.doc["fulfillments"].as_array().cloned().unwrap_or_default() });
        crate::announce(
            p,
            site,
            "wixEcom_onFulfillmentsUpdated",
            event_payload(&o.id, entity),
        )
        .await;
    }
    if before.status != o.status {
        let handler = match o.status.as_str() {
            "APPROVED" => "wixEcom_onOrderApproved",
            "CANCELED" => "wixEcom_onOrderCanceled",
            _ => return,
        };
        crate::announce(p, site, handler, action(o, json!({ "order": order }))).await;
    }
}

/// `wixPay_onPaymentUpdate`'s event: the payment (the order's total), its status in Wix
/// Pay's words, the provider's transaction, the buyer.
fn pay_update(o: &OrderRecord) -> Value {
    let status = match o.payment_status.as_str() {
        "PAID" => "Successful",
        "PENDING" => "Pending",
        "FULLY_REFUNDED" => "Refunded",
        "PARTIALLY_REFUNDED" => "PartiallyRefunded",
        "NOT_PAID" if o.status == "CANCELED" => "Cancelled",
        "NOT_PAID" => "Offline",
        _ => "Undefined",
    };
    let last = o.doc["payments"]
        .as_array()
        .and_then(|a| a.last())
        .cloned()
        .unwrap_or_default();
    let buyer = &o.doc["buyerInfo"];
    let contact = &o.doc["billingInfo"]["contactDetails"];
    json!({
        "payment": {
            "id": o.id,
            "amount": o.doc["priceSummary"]["total"]["amount"].as_str().and_then(|a| a.parse::<f64>().ok()),
            "currency": o.doc["currency"],
            "items": o.doc["lineItems"].as_array().into_iter().flatten().map(|l| json!({
                "name": l["productName"]["original"], "quantity": l["quantity"],
                "price": l["price"]["amount"].as_str().and_then(|a| a.parse::<f64>().ok()),
            })).collect::<Vec<_>>(),
        },
        "status": status,
        "transactionId": last["regularPaymentDetails"]["gatewayTransactionId"].as_str().or_else(|| last["id"].as_str()),
        "userInfo": {
            "email": buyer["email"],
            "firstName": contact["firstName"],
            "lastName": contact["lastName"],
            "phone": contact["phone"],
        },
    })
}

/// What a fee of a checkout or order adds to its total: its price with tax where prices
/// include tax, else before tax (the tax has its own row).
pub fn fee_shown<'a>(view: &Value, fee: &'a Value) -> &'a Value {
    if view["taxIncludedInPrices"] == true || fee["priceBeforeTax"].is_null() {
        &fee["price"]
    } else {
        &fee["priceBeforeTax"]
    }
}

/// Tells the buyer (and the owner, when the store names an address) that an order is placed.
pub async fn confirm(p: &Platform, site: &Site, s: &Settings, o: &OrderRecord) {
    let c = currency(o);
    let brand = mail::brand(p, site).await;
    let mut lines: Vec<String> = o.doc["lineItems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| {
            format!(
                "{} × {} — {}",
                l["quantity"],
                l["productName"]["original"].as_str().unwrap_or_default(),
                l["totalPriceAfterTax"]["formattedAmount"]
                    .as_str()
                    .unwrap_or_default()
            )
        })
        .collect();
    // The sums as the checkout showed them, so that they add up to the total.
    let sum = &o.doc["priceSummary"];
    let amount = |v: &Value| c.formatted(stored(&v["amount"]));
    lines.push(format!("Subtotal: {}", amount(&sum["subtotal"])));
    if !stored(&sum["discount"]["amount"]).is_zero() {
        lines.push(format!("Discount: −{}", amount(&sum["discount"])));
    }
    lines.push(format!("Shipping: {}", amount(&sum["shipping"])));
    for f in o.doc["additionalFees"].as_array().into_iter().flatten() {
        lines.push(format!(
            "{}: {}",
            f["name"].as_str().unwrap_or_default(),
            amount(fee_shown(&o.doc, f))
        ));
    }
    lines.push(format!("Tax: {}", amount(&sum["tax"])));
    lines.push(format!("Total: {}", amount(&sum["total"])));
    if o.payment_status != "PAID" && o.doc["paymentProvider"] == "offline" {
        lines.push(s.offline_instructions.clone());
    }
    let number = o.number;
    let mut to_buyer = vec![format!("Thank you for your order #{number}.")];
    to_buyer.extend(lines.iter().cloned());
    let sends = [
        (
            Some(o.buyer_email.clone()),
            "order_confirmation",
            format!("Your order #{number}"),
            to_buyer,
        ),
        (
            s.notify_email.clone(),
            "order_new",
            format!("New order #{number} from {}", o.buyer_email),
            lines,
        ),
    ];
    for (to, kind, subject, paragraphs) in sends {
        let Some(to) = to.filter(|t| !t.is_empty()) else {
            continue;
        };
        let out = mail::Outgoing {
            kind,
            to: &to,
            subject,
            paragraphs,
            action: None,
        };
        if let Err(e) = mail::queue(p, site, &brand, out).await {
            tracing::warn!(error = %e, "queueing an order email");
        }
    }
}

/// The order document made from a checkout priced now.
fn order_doc(
    s: &Settings,
    checkout: &tessera_core::data::Item,
    lines: &[crate::pricing::Priced],
    sum: &crate::pricing::Summary,
    provider: &str,
) -> Value {
    let c = &s.currency;
    let d = &checkout.data;
    let line_items: Vec<Value> = lines
        .iter()
        .zip(&sum.lines)
        .map(|(l, t)| {
            let paid = t.total - t.discount;
            let before_tax = if s.tax_included { paid - t.tax } else { paid };
            let after_tax = if s.tax_included { paid } else { paid + t.tax };
            json!({
                "id": l.line.id,
                "productName": { "original": l.name, "translated": l.name },
                "catalogReference": l.line.reference,
                "quantity": l.quantity(),
                "price": c.order_price(l.price),
                "priceBeforeDiscounts": c.order_price(l.price),
                "totalDiscount": c.order_price(t.discount),
                "totalPriceBeforeTax": c.order_price(before_tax),
                "totalPriceAfterTax": c.order_price(after_tax),
                "taxDetails": { "taxRate": t.rate.to_string(), "totalTax": c.order_price(t.tax) },
                "descriptionLines": l.description_lines,
                "image": l.image.as_ref().map(|u| json!({"url": u})),
                "physicalProperties": { "weight": l.weight.to_string(), "sku": l.sku, "shippable": l.shippable },
                "itemType": { "preset": if l.shippable { "PHYSICAL" } else { "DIGITAL" } },
                "paymentOption": if provider == "offline" { "FULL_PAYMENT_OFFLINE" } else { "FULL_PAYMENT_ONLINE" },
                "refundQuantity": 0,
                "restockQuantity": 0,
                "fulfilledQuantity": 0,
            })
        })
        .collect();
    let shipping = sum.selected.as_ref().map(|o| {
        json!({
            "code": o.code,
            "title": o.title,
            "carrierId": "tessera",
            "logistics": {
                "deliveryTime": o.delivery_time,
                "shippingDestination": d.at("shippingInfo")["shippingDestination"],
                "pickupDetails": o.pickup.as_ref().map(|a| json!({"address": {"addressLine": a}})),
            },
            "cost": { "price": c.order_price(o.cost), "totalPriceAfterTax": c.order_price(o.cost) },
        })
    });
    json!({
        "lineItems": line_items,
        "buyerInfo": d.at("buyerInfo"),
        "currency": c.code,
        "weightUnit": s.weight_unit,
        "taxIncludedInPrices": s.tax_included,
        "priceSummary": {
            "subtotal": c.order_price(sum.subtotal),
            "shipping": c.order_price(sum.shipping),
            "tax": c.order_price(sum.tax),
            "discount": c.order_price(sum.discount),
            "total": c.order_price(sum.total),
            "totalAdditionalFees": c.order_price(sum.fees_total()),
        },
        "billingInfo": d.at("billingInfo"),
        "shippingInfo": shipping,
        "recipientInfo": d.at("shippingInfo")["shippingDestination"],
        "buyerNote": d.at("buyerNote").as_str().unwrap_or_default(),
        "taxSummary": { "totalTax": c.order_price(sum.tax) },
        "appliedDiscounts": sum.discounts_view(c),
        "additionalFees": sum.fees.iter().map(|f| {
            let before_tax = if s.tax_included { f.price - f.tax } else { f.price };
            json!({
                "id": uuid::Uuid::new_v4().to_string(),
                "code": f.code,
                "name": f.name,
                "price": c.order_price(before_tax + f.tax),
                "priceBeforeTax": c.order_price(before_tax),
                "taxDetails": { "taxable": f.taxable, "totalTax": c.order_price(f.tax) },
                "lineItemIds": f.line_ids,
                "providerAppId": f.plugin,
            })
        }).collect::<Vec<_>>(),
        "activities": [],
        "channelInfo": { "type": d.at("channelType").as_str().unwrap_or("WEB") },
        "checkoutId": checkout.id,
        "purchaseFlowId": d.at("cartId"),
        "paymentProvider": provider,
        "payments": [],
        "refunds": [],
        "fulfillments": [],
        "holds": lines.iter().map(|l| json!({"productId": l.product_id, "variantId": l.variant_id, "quantity": l.quantity(), "catalog": l.catalog})).collect::<Vec<_>>(),
        "stockTaken": false,
    })
}

/// `POST /ecom/v1/checkouts/{id}/create-order`: places the checkout's order, holding its
/// stock; sent twice, answers the same order.
pub async fn create_from_checkout(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let site = &call.ctx.site;
    let id = call.path_param("id");
    let s = settings::of(p, site).await?;
    let mut checkout = checkouts::get(p, site, id).await?;
    if let Some(order_id) = checkout
        .data
        .at("orderId")
        .as_str()
        .filter(|_| checkout.data.at("completed") == true)
    {
        return Ok(json!({ "orderId": order_id, "paymentGatewayOrderId": order_id }));
    }
    let provider = match call.body["paymentProvider"].as_str() {
        Some(name) if s.providers.iter().any(|p| p == name) => name.to_string(),
        Some(name)
            if name.starts_with(crate::plugins::PAYMENT_PREFIX)
                && crate::plugins::payment_providers(p, site, &s)
                    .await?
                    .iter()
                    .any(|(key, _)| key == name) =>
        {
            name.to_string()
        }
        Some(name) => {
            return Err(WixError::bad_request(format!(
                "paymentProvider: '{name}' is not one of the store's providers ({})",
                s.providers.join(", ")
            )));
        }
        None => s.providers.first().cloned().ok_or_else(|| {
            WixError::new(WixCode::FailedPrecondition, "the store takes no payments")
        })?,
    };
    let (lines, sum) = checkouts::priced(p, site, &s, &checkout).await?;
    let short = lines
        .iter()
        .find(|l| l.status != "NOT_FOUND" && l.available.is_some_and(|a| a < l.line.quantity));
    if let Some(short) = short {
        return Err(WixError::new(
            WixCode::InsufficientInventory,
            format!(
                "lineItems: {} has {} in stock, {} asked",
                short.name,
                short.available.unwrap_or(0),
                short.line.quantity
            ),
        ));
    }
    let problems = checkouts::problems(&checkout, &lines, &sum);
    if !problems.is_empty() {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            problems.join("; "),
        ));
    }
    let doc = order_doc(&s, &checkout, &lines, &sum, &provider);
    let contact = &checkout.data.at("billingInfo")["contactDetails"];
    let name = format!(
        "{} {}",
        contact["firstName"].as_str().unwrap_or_default(),
        contact["lastName"].as_str().unwrap_or_default()
    );
    let now = now_millis();
    let attempt = checkout.data.at("attempt").as_i64().unwrap_or(0);
    let offline = provider == "offline";
    let mut record = OrderRecord {
        site_id: site.id,
        id: uuid::Uuid::now_v7().to_string(),
        number: 0,
        checkout_id: Some(format!("{id}:{attempt}")),
        // Offline orders are approved at once and wait for "mark as paid", as on Wix.
        status: if offline { "APPROVED" } else { "INITIALIZED" }.into(),
        payment_status: "NOT_PAID".into(),
        fulfillment_status: "NOT_FULFILLED".into(),
        archived: false,
        buyer_email: checkout.data.at("buyerInfo")["email"]
            .as_str()
            .unwrap_or_default()
            .into(),
        buyer_name: name.trim().into(),
        created_at: now,
        updated_at: now,
        revision: 0,
        doc,
    };
    // Stored as placed: a second call finds this order, not a new one.
    activity(&mut record, "ORDER_PLACED", Value::Null);
    set_balance(&mut record);
    // What other catalogs sell is not the store's stock.
    let holds: Vec<StockLine> = lines
        .iter()
        .filter(|l| l.catalog.is_none())
        .map(|l| l.stock_line())
        .collect();
    let mut uses = sum
        .coupon
        .as_ref()
        .map(|k| crate::coupons::uses(k, &record.buyer_email))
        .unwrap_or_default();
    uses.extend(
        sum.rules
            .iter()
            .map(|r| crate::discount_rules::use_of(&r.id)),
    );
    let hold_until = now + Stores::of(p).config.hold_millis;
    let mut placed = p
        .store()
        .place_order(&record, &holds, hold_until, &uses)
        .await
        .map_err(|e| match e {
            tessera_core::Error::Conflict { field: "uses", .. } => WixError::new(
                WixCode::FailedPrecondition,
                "couponCode: the coupon is used up",
            ),
            e => insufficient(e),
        })?;
    let fresh = placed.id == record.id;
    if fresh {
        if offline {
            placed.doc["stockTaken"] = json!(true);
            placed = p
                .store()
                .update_order(&placed, &StockChange::Commit(holds.clone()))
                .await?
                .0;
        }
        refresh_products(p, site, &placed).await;
        crate::legacy::announce_order(p, site, &placed, None).await;
        crate::announce(
            p,
            site,
            "wixEcom_onOrderCreated",
            event_payload(&placed.id, view(&placed)),
        )
        .await;
        tell_modules(p, site, &placed, "created").await;
        if placed.payment_status == "PAID" {
            tell_modules(p, site, &placed, "paid").await;
        }
        if offline {
            crate::announce(
                p,
                site,
                "wixEcom_onOrderApproved",
                action(&placed, json!({ "order": view(&placed) })),
            )
            .await;
            confirm(p, site, &s, &placed).await;
        }
    }
    checkout.data.insert("completed".into(), json!(true));
    checkout.data.insert("orderId".into(), json!(placed.id));
    let completed = CHECKOUTS.save(p, site, &checkout).await?;
    if let Some(done) = completed.filter(|_| fresh) {
        let checkout = checkouts::view_priced(&s, &done, &lines, &sum);
        crate::announce(
            p,
            site,
            "wixEcom_onCheckoutCompleted",
            action(&placed, json!({ "checkout": checkout })),
        )
        .await;
    }
    if fresh && checkout.data.at("abandonedAt").is_i64() {
        crate::abandoned::recovered(p, site, &checkout.id).await?;
    }
    if let Some(cart) = checkout.data.at("cartId").as_str() {
        CARTS.remove(p, site, cart).await?;
    }
    Ok(json!({
        "orderId": placed.id,
        "paymentGatewayOrderId": placed.id,
        "order": view(&placed),
    }))
}

/// Whether the caller may see the order: staff, or the buyer (same member or visitor).
pub fn is_buyer(call: &RouteCall, o: &OrderRecord) -> bool {
    let buyer = &o.doc["buyerInfo"];
    match &call.ctx.caller {
        DataCaller::Member { id, .. } => buyer["memberId"] == id.as_str(),
        _ => !call.visitor.is_empty() && buyer["visitorId"] == call.visitor.as_str(),
    }
}

pub async fn get_for(p: &Platform, call: &RouteCall, id: &str) -> WixResult<OrderRecord> {
    let o = p
        .store()
        .order(call.ctx.site.id, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    if is_staff(&call.ctx, Permission::View) || is_buyer(call, &o) {
        Ok(o)
    } else {
        Err(not_found(id))
    }
}

fn list(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Object(m) => m
            .get("$in")
            .or_else(|| m.get("$hasSome"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .or_else(|| {
                m.get("$eq")
                    .and_then(Value::as_str)
                    .map(|s| vec![s.to_string()])
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn millis_of(v: &Value) -> Option<i64> {
    let s = v.as_str().or_else(|| v["$date"].as_str())?;
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.timestamp_millis())
}

/// `POST /ecom/v1/orders/search`: filters on statuses, archive, number, buyer email and
/// creation date; newest first unless sorted by `createdDate` ascending.
async fn search(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let q = &call.body["search"];
    let f = &q["filter"];
    let mut filter = OrderFilter {
        status: list(&f["status"]),
        payment_status: list(&f["paymentStatus"]),
        fulfillment_status: list(&f["fulfillmentStatus"]),
        archived: f["archived"]
            .as_bool()
            .or_else(|| f["archived"]["$eq"].as_bool()),
        ..OrderFilter::default()
    };
    for key in ["number", "buyerInfo.email", "search"] {
        if let Some(v) = f[key]
            .as_str()
            .map(str::to_string)
            .or_else(|| f[key].as_i64().map(|n| n.to_string()))
            .or_else(|| f[key]["$eq"].as_str().map(str::to_string))
        {
            filter.search = Some(v);
        }
    }
    if let Some(v) = q["search"]["expression"].as_str() {
        filter.search = Some(v.to_string());
    }
    filter.created_from = millis_of(&f["createdDate"]["$gte"]);
    filter.created_to = millis_of(&f["createdDate"]["$lt"]);
    let newest_first = q["sort"]
        .as_array()
        .and_then(|s| s.first())
        .is_none_or(|s| s["order"] != "ASC");
    let (limit, offset) = crate::cursor_paging(&q["cursorPaging"], "search")?;
    let (orders, total) = p
        .store()
        .orders(call.ctx.site.id, &filter, newest_first, offset, limit)
        .await?;
    let next = offset + orders.len() as u64;
    Ok(json!({
        "orders": orders.iter().map(view).collect::<Vec<_>>(),
        "metadata": {
            "count": orders.len(),
            "cursors": { "next": (next < total).then(|| next.to_string()), "prev": (offset > 0).then(|| offset.saturating_sub(u64::from(limit)).to_string()) },
            "hasNext": next < total,
            "total": total,
        },
    }))
}

/// `POST /ecom/v1/orders/{id}/cancel`: releases what an unpaid order holds, and puts back
/// what a taken one took when `restockAllItems`.
async fn cancel(p: &Platform, site: &Site, id: &str, body: &Value) -> WixResult<Value> {
    let restock = body["restockAllItems"].as_bool().unwrap_or(false);
    let o = change(p, site, id, |o| {
        if o.status == "CANCELED" {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!("order {id} is canceled already"),
            ));
        }
        o.status = "CANCELED".into();
        activity(
            o,
            "ORDER_CANCELED",
            json!({ "restockAllItems": restock, "customMessage": body["customMessage"] }),
        );
        Ok(if o.doc["stockTaken"] == true {
            if restock {
                o.doc["stockTaken"] = json!(false);
                StockChange::Restock(stock_lines(o))
            } else {
                StockChange::None
            }
        } else {
            StockChange::Release
        })
    })
    .await?;
    if body["sendOrderCanceledEmail"].as_bool() == Some(true) && !o.buyer_email.is_empty() {
        let brand = mail::brand(p, site).await;
        let mut paragraphs = vec![format!("Your order #{} was canceled.", o.number)];
        if let Some(m) = body["customMessage"].as_str() {
            paragraphs.push(m.to_string());
        }
        let out = mail::Outgoing {
            kind: "order_canceled",
            to: &o.buyer_email,
            subject: format!("Order #{} canceled", o.number),
            paragraphs,
            action: None,
        };
        mail::queue(p, site, &brand, out).await?;
    }
    Ok(json!({ "order": view(&o) }))
}

/// `PATCH /ecom/v1/orders/{id}`: the buyer's note, the archive flag, the addresses.
async fn update(p: &Platform, site: &Site, id: &str, body: &Value) -> WixResult<Value> {
    let sent = &body["order"];
    let o = change(p, site, id, |o| {
        if let Some(n) = sent["buyerNote"].as_str() {
            o.doc["buyerNote"] = json!(n);
        }
        match &sent["archived"] {
            Value::Bool(b) => o.archived = *b,
            Value::Null => {}
            _ => return Err(WixError::bad_request("order.archived: true or false")),
        }
        for key in ["billingInfo", "recipientInfo"] {
            if sent[key].is_object() {
                o.doc[key] = sent[key].clone();
            }
        }
        Ok(StockChange::None)
    })
    .await?;
    Ok(json!({ "order": view(&o) }))
}

/// Marks an offline order paid: its stock was taken when it was approved.
pub async fn mark_paid(p: &Platform, site: &Site, id: &str) -> WixResult<OrderRecord> {
    change(p, site, id, |o| {
        if o.payment_status == "PAID" {
            return Ok(StockChange::None);
        }
        if o.status == "CANCELED" {
            return Err(WixError::new(WixCode::FailedPrecondition, format!("order {id} is canceled")));
        }
        let c = currency(o);
        let total = stored(&o.doc["priceSummary"]["total"]["amount"]);
        let payment = json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "amount": c.order_price(total),
            "status": "APPROVED",
            "createdDate": date(now_millis()),
            "regularPaymentDetails": { "offlinePayment": true, "status": "APPROVED", "paymentMethod": "offline" },
            "refundDisabled": true,
        });
        push(&mut o.doc["payments"], payment);
        o.payment_status = "PAID".into();
        o.status = "APPROVED".into();
        activity(o, "ORDER_PAID", Value::Null);
        set_balance(o);
        Ok(take_stock(o))
    })
    .await
}

/// The order's stock becomes a sale now, unless it already did.
pub fn take_stock(o: &mut OrderRecord) -> StockChange {
    if o.doc["stockTaken"] == true {
        return StockChange::None;
    }
    o.doc["stockTaken"] = json!(true);
    StockChange::Commit(stock_lines(o))
}

pub fn push(list: &mut Value, entry: Value) {
    match list.as_array_mut() {
        Some(a) => a.push(entry),
        None => *list = json!([entry]),
    }
}

/// Cancels unpaid orders whose holds expired, releasing their stock, and opens their
/// checkouts again. Answers how many.
pub async fn release_expired(p: &Platform, now: tessera_core::Millis) -> WixResult<usize> {
    let expired = p.store().expired_holds(now, 100).await?;
    let mut done = 0;
    for (site_id, order_id) in expired {
        let Some(site) = p.store().site(site_id).await? else {
            continue;
        };
        let o = change(p, &site, &order_id, |o| {
            if o.payment_status == "PAID" {
                return Ok(take_stock(o));
            }
            // Another node released it first.
            if o.status == "CANCELED" {
                return Ok(StockChange::Release);
            }
            o.status = "CANCELED".into();
            activity(
                o,
                "ORDER_CANCELED",
                json!({ "reason": "the stock hold expired before payment" }),
            );
            Ok(StockChange::Release)
        })
        .await?;
        reopen_checkout(p, &site, &o).await?;
        done += 1;
    }
    Ok(done)
}

/// After a failed or expired payment: the checkout can place a new order.
pub async fn reopen_checkout(p: &Platform, site: &Site, o: &OrderRecord) -> WixResult<()> {
    let Some(id) = o.doc["checkoutId"].as_str() else {
        return Ok(());
    };
    for _ in 0..3 {
        let Some(mut c) = CHECKOUTS.get(p, site, id).await? else {
            return Ok(());
        };
        if c.data.at("orderId") != o.id.as_str() {
            return Ok(());
        }
        let attempt = c.data.at("attempt").as_i64().unwrap_or(0) + 1;
        c.data.insert("attempt".into(), json!(attempt));
        c.data.insert("completed".into(), json!(false));
        c.data.insert("orderId".into(), Value::Null);
        match CHECKOUTS.save(p, site, &c).await {
            Ok(_) => return Ok(()),
            Err(e) if e.is_condition_failed() => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// `POST /ecom/v1/fulfillments/orders/{orderId}/create-fulfillment`.
async fn fulfill(p: &Platform, site: &Site, id: &str, body: &Value) -> WixResult<Value> {
    let f = &body["fulfillment"];
    let tracking = &f["trackingInfo"];
    let o = change(p, site, id, |o| {
        if o.status == "CANCELED" {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!("order {id} is canceled"),
            ));
        }
        let mut items = Vec::new();
        let lines = o.doc["lineItems"].as_array().cloned().unwrap_or_default();
        let asked: Vec<(String, i64)> = match f["lineItems"].as_array() {
            Some(a) if !a.is_empty() => a
                .iter()
                .map(|x| {
                    (
                        x["id"].as_str().unwrap_or_default().to_string(),
                        x["quantity"].as_i64().unwrap_or(0),
                    )
                })
                .collect(),
            // None named: whatever is left of every line.
            _ => lines
                .iter()
                .map(|l| {
                    (
                        l["id"].as_str().unwrap_or_default().to_string(),
                        l["quantity"].as_i64().unwrap_or(0)
                            - l["fulfilledQuantity"].as_i64().unwrap_or(0),
                    )
                })
                .filter(|(_, q)| *q > 0)
                .collect(),
        };
        if asked.is_empty() {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                "fulfillment.lineItems: everything is fulfilled already",
            ));
        }
        for (line_id, q) in asked {
            let Some(l) = o.doc["lineItems"]
                .as_array_mut()
                .and_then(|a| a.iter_mut().find(|l| l["id"] == line_id.as_str()))
            else {
                return Err(WixError::bad_request(format!(
                    "fulfillment.lineItems: the order has no line {line_id}"
                )));
            };
            let left =
                l["quantity"].as_i64().unwrap_or(0) - l["fulfilledQuantity"].as_i64().unwrap_or(0);
            if q < 1 || q > left {
                return Err(WixError::bad_request(format!(
                    "fulfillment.lineItems: line {line_id} has {left} to fulfil, not {q}"
                )));
            }
            l["fulfilledQuantity"] = json!(l["fulfilledQuantity"].as_i64().unwrap_or(0) + q);
            items.push(json!({ "id": line_id, "quantity": q }));
        }
        let all = o.doc["lineItems"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|l| l["fulfilledQuantity"] == l["quantity"]);
        o.fulfillment_status = if all {
            "FULFILLED"
        } else {
            "PARTIALLY_FULFILLED"
        }
        .into();
        let entry = json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "createdDate": date(now_millis()),
            "lineItems": items,
            "trackingInfo": {
                "trackingNumber": tracking["trackingNumber"],
                "shippingProvider": tracking["shippingProvider"],
                "trackingLink": tracking["trackingLink"],
            },
        });
        push(&mut o.doc["fulfillments"], entry);
        activity(o, "ORDER_FULFILLED", Value::Null);
        Ok(StockChange::None)
    })
    .await?;
    if let Some(number) = tracking["trackingNumber"]
        .as_str()
        .filter(|_| !o.buyer_email.is_empty())
    {
        let brand = mail::brand(p, site).await;
        let provider = tracking["shippingProvider"]
            .as_str()
            .unwrap_or("the carrier");
        let mut paragraphs = vec![
            format!("Your order #{} is on its way.", o.number),
            format!("Tracking number ({provider}): {number}"),
        ];
        if let Some(link) = tracking["trackingLink"].as_str() {
            paragraphs.push(link.to_string());
        }
        let out = mail::Outgoing {
            kind: "order_shipped",
            to: &o.buyer_email,
            subject: format!("Order #{} shipped", o.number),
            paragraphs,
            action: None,
        };
        mail::queue(p, site, &brand, out).await?;
    }
    Ok(fulfillments_view(&o))
}

fn fulfillments_view(o: &OrderRecord) -> Value {
    json!({ "orderWithFulfillments": { "orderId": o.id, "fulfillments": o.doc["fulfillments"].as_array().cloned().unwrap_or_default() } })
}

async fn unfulfill(p: &Platform, site: &Site, id: &str, fulfillment: &str) -> WixResult<Value> {
    let o = change(p, site, id, |o| {
        let list = o.doc["fulfillments"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let Some(f) = list.iter().find(|f| f["id"] == fulfillment) else {
            return Err(WixError::new(
                WixCode::ItemNotFound,
                format!("fulfillment {fulfillment} does not exist"),
            ));
        };
        for item in f["lineItems"].as_array().into_iter().flatten() {
            if let Some(l) = o.doc["lineItems"]
                .as_array_mut()
                .and_then(|a| a.iter_mut().find(|l| l["id"] == item["id"]))
            {
                l["fulfilledQuantity"] = json!(
                    l["fulfilledQuantity"].as_i64().unwrap_or(0)
                        - item["quantity"].as_i64().unwrap_or(0)
                );
            }
        }
        o.doc["fulfillments"] = json!(
            list.iter()
                .filter(|f| f["id"] != fulfillment)
                .collect::<Vec<_>>()
        );
        let any = o.doc["lineItems"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|l| l["fulfilledQuantity"].as_i64().unwrap_or(0) > 0);
        o.fulfillment_status = if any {
            "PARTIALLY_FULFILLED"
        } else {
            "NOT_FULFILLED"
        }
        .into();
        Ok(StockChange::None)
    })
    .await?;
    Ok(fulfillments_view(&o))
}

pub fn routes() -> Vec<Route> {
    let routes = vec![
        Route::new(Method::Get, "/ecom/v1/orders/{id}", |p, call| {
            boxed(async move {
                let o = get_for(&p, &call, &path_id(&call, "id")?).await?;
                Ok(json!({ "order": view(&o) }))
            })
        }),
        Route::new(Method::Post, "/ecom/v1/orders/search", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::View)?;
                search(&p, &call).await
            })
        }),
        Route::new(Method::Patch, "/ecom/v1/orders/{id}", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                update(&p, &call.ctx.site, &path_id(&call, "id")?, &call.body).await
            })
        }),
        Route::new(Method::Post, "/ecom/v1/orders/{id}/cancel", |p, call| {
            boxed(async move {
                may(&call.ctx, Permission::EditContent)?;
                cancel(&p, &call.ctx.site, &path_id(&call, "id")?, &call.body).await
            })
        }),
        Route::new(
            Method::Post,
            "/ecom/v1/orders/{id}/mark-as-paid",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::EditContent)?;
                    let o = mark_paid(&p, &call.ctx.site, &path_id(&call, "id")?).await?;
                    Ok(json!({ "order": view(&o) }))
                })
            },
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/orders/{id}/activities",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::EditContent)?;
                    let comment = call.body["activity"]["merchantComment"]["message"].clone();
                    let o = change(&p, &call.ctx.site, &path_id(&call, "id")?, |o| {
                        activity(o, "MERCHANT_COMMENT", json!({ "message": comment }));
                        Ok(StockChange::None)
                    })
                    .await?;
                    Ok(json!({ "order": view(&o) }))
                })
            },
        ),
        Route::new(
            Method::Get,
            "/ecom/v1/fulfillments/orders/{id}",
            |p, call| {
                boxed(async move {
                    let o = get_for(&p, &call, &path_id(&call, "id")?).await?;
                    Ok(fulfillments_view(&o))
                })
            },
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/fulfillments/orders/{id}/create-fulfillment",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::EditContent)?;
                    fulfill(&p, &call.ctx.site, &path_id(&call, "id")?, &call.body).await
                })
            },
        ),
        Route::new(
            Method::Delete,
            "/ecom/v1/fulfillments/{fulfillmentId}/orders/{id}",
            |p, call| {
                boxed(async move {
                    may(&call.ctx, Permission::EditContent)?;
                    let f = path_id(&call, "fulfillmentId")?;
                    unfulfill(&p, &call.ctx.site, &path_id(&call, "id")?, &f).await
                })
            },
        ),
    ];
    routes.into_iter().map(Route::for_visitors).collect()
}
