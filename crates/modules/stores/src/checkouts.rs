//! Checkouts: `/ecom/v1/checkouts…`, kept as baskets (`CommerceStore`): the
//! lines (from a cart or sent), the buyer, addresses, the shipping option, the price summary
//! computed now, and `create-order`.

use serde_json::{Map, Value, json};
use tessera_core::{
    commerce::BasketKind,
    data::{DataCaller, Item},
    sites::Site,
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route, RouteCall},
};

use crate::records::At;
use crate::{
    boxed,
    carts::{self, CARTS},
    date, plugins,
    pricing::{self, Destination, Line, Priced, Summary},
    records::Baskets,
    settings::{self, Settings},
};

pub const CHECKOUTS: Baskets = Baskets(BasketKind::Checkout);

pub fn not_found(id: &str) -> WixError {
    WixError::new(
        WixCode::ItemNotFound,
        format!("checkout {id} does not exist"),
    )
}

pub async fn get(p: &Platform, site: &Site, id: &str) -> WixResult<Item> {
    CHECKOUTS
        .get(p, site, id)
        .await?
        .ok_or_else(|| not_found(id))
}

pub fn lines_of(checkout: &Item) -> Vec<Line> {
    carts::lines_of(checkout)
}

/// The address goods go to: the shipping address, else the billing one.
pub fn destination(checkout: &Item) -> &Value {
    let shipping = &checkout.data.at("shippingInfo")["shippingDestination"]["address"];
    match Destination::of(shipping) {
        Some(_) => shipping,
        None => &checkout.data.at("billingInfo")["address"],
    }
}

/// The checkout's lines priced now, and its sums.
pub async fn priced(
    p: &Platform,
    site: &Site,
    s: &Settings,
    checkout: &Item,
) -> WixResult<(Vec<Priced>, Summary)> {
    let lines = pricing::price(
        p,
        site,
        s,
        checkout.data.at("buyerInfo")["memberId"].as_str(),
        &lines_of(checkout),
    )
    .await?;
    let d = &checkout.data;
    let ask = plugins::Ask {
        doc: d,
        source: plugins::Source::Checkout,
        address: destination(checkout),
        chosen: d.at("shippingInfo")["selectedCarrierServiceOption"]["code"].as_str(),
        totals: true,
    };
    let offers = pricing::offers(p, site, d).await?;
    let sum = plugins::summarize(p, site, s, &lines, offers, &ask).await?;
    Ok((lines, sum))
}

/// What is missing before an order can be made, as eCommerce's calculation errors.
pub fn problems(checkout: &Item, lines: &[Priced], sum: &Summary) -> Vec<String> {
    let mut out = Vec::new();
    if lines.is_empty() {
        out.push("lineItems: the checkout has no items".to_string());
    }
    for l in lines {
        if !l.can_buy() {
            out.push(format!(
                "lineItems: {} is {}",
                if l.name.is_empty() {
                    &l.product_id
                } else {
                    &l.name
                },
                match l.status {
                    "NOT_FOUND" => "no longer sold",
                    _ => "out of stock",
                }
            ));
        }
    }
    if let Some(e) = &sum.coupon_error {
        out.push(format!("couponCode: {e}"));
    }
    out.extend(sum.errors.iter().cloned());
    out.extend(
        sum.violations
            .iter()
            .filter(|v| v["severity"] == "ERROR")
            .map(|v| v["description"].as_str().unwrap_or_default().to_string()),
    );
    let email = checkout.data.at("buyerInfo")["email"]
        .as_str()
        .unwrap_or_default();
    if email.is_empty() {
        out.push("buyerInfo.email: is required".to_string());
    }
    if sum.needs_shipping {
        let pickup = sum.selected.as_ref().is_some_and(|o| o.pickup.is_some());
        let address = &checkout.data.at("shippingInfo")["shippingDestination"]["address"];
        if !pickup
            && (address["country"].as_str().is_none() || address["addressLine"].as_str().is_none())
        {
            out.push(
                "shippingInfo.shippingDestination.address: shippable items need an address with country and addressLine"
                    .to_string(),
            );
        }
        if sum.selected.is_none() {
            out.push(
                "shippingInfo.selectedCarrierServiceOption: no shipping option delivers to this address"
                    .to_string(),
            );
        }
    }
    out
}

/// A checkout in eCommerce's shape, priced now.
pub async fn view(p: &Platform, site: &Site, s: &Settings, checkout: &Item) -> WixResult<Value> {
    let (lines, sum) = priced(p, site, s, checkout).await?;
    let mut v = view_priced(s, checkout, &lines, &sum);
    if let Some(list) = v["paymentProviders"].as_array_mut() {
        for (key, _) in plugins::payment_providers(p, site, s).await? {
            list.push(json!(key));
        }
    }
    Ok(v)
}

/// A checkout in eCommerce's shape, with its lines and sums as just priced.
pub fn view_priced(s: &Settings, checkout: &Item, lines: &[Priced], sum: &Summary) -> Value {
    let c = &s.currency;
    let d = &checkout.data;
    let errors = problems(checkout, lines, sum);
    json!({
        "id": checkout.id,
        "lineItems": lines.iter().map(|l| l.view(c)).collect::<Vec<_>>(),
        "billingInfo": d.at("billingInfo"),
        "shippingInfo": sum.shipping_view(c, &d.at("shippingInfo")["shippingDestination"]),
        "buyerNote": d.at("buyerNote").as_str().unwrap_or_default(),
        "buyerInfo": d.at("buyerInfo"),
        "currency": c.code,
        "conversionCurrency": c.code,
        "priceSummary": sum.view(c),
        "calculationErrors": if errors.is_empty() { json!({}) } else {
            json!({ "generalShippingCalculationError": null, "orderValidationErrors": errors.iter().map(|e| json!({"code": if sum.errors.contains(e) { "SERVICE_PLUGIN_FAILED" } else { "FAILED_PRECONDITION" }, "message": e})).collect::<Vec<_>>() })
        },
        "appliedDiscounts": sum.discounts_view(c),
        "taxSummary": sum.tax_view(c),
        "taxIncludedInPrices": s.tax_included,
        "weightUnit": s.weight_unit,
        "channelType": d.at("channelType").as_str().unwrap_or("WEB"),
        "completed": d.at("completed").as_bool().unwrap_or(false),
        "orderId": d.at("orderId"),
        "payNow": sum.view(c),
        "payLater": Summary { subtotal: 0.into(), shipping: 0.into(), tax: 0.into(), discount: 0.into(), total: 0.into(), ..sum.clone() }.view(c),
        "additionalFees": sum.fees_view(c, s.tax_included),
        "cartId": d.at("cartId"),
        "violations": sum.violations,
        "paymentProviders": s.providers,
        "createdDate": date(checkout.created_at),
        "updatedDate": date(checkout.updated_at),
    })
}

fn text(v: &Value, field: &str, max: usize) -> WixResult<Option<String>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.chars().count() <= max => Ok(Some(s.trim().to_string())),
        _ => Err(WixError::bad_request(format!(
            "{field}: text of at most {max} characters"
        ))),
    }
}

/// Checks an address as eCommerce sends it; keeps the fields it knows.
fn address(v: &Value, field: &str) -> WixResult<Value> {
    let mut out = Map::new();
    // REST says `addressLine`; the SDK and Velo say `addressLine1` (the SDK renames it).
    if let Some(t) = text(&v["addressLine"], &format!("{field}.addressLine"), 200)?.or(text(
        &v["addressLine1"],
        &format!("{field}.addressLine1"),
        200,
    )?) {
        out.insert("addressLine".into(), json!(t));
    }
    for (key, max) in [
        ("addressLine2", 200),
        ("city", 100),
        ("subdivision", 50),
        ("postalCode", 20),
    ] {
        if let Some(t) = text(&v[key], &format!("{field}.{key}"), max)? {
            out.insert(key.into(), json!(t));
        }
    }
    if let Some(c) = text(&v["country"], &format!("{field}.country"), 2)? {
        if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
            return Err(WixError::bad_request(format!(
                "{field}.country: a two-letter ISO country code"
            )));
        }
        out.insert("country".into(), json!(c.to_ascii_uppercase()));
    }
    Ok(Value::Object(out))
}

fn contact(v: &Value, field: &str) -> WixResult<Value> {
    let mut out = Map::new();
    for (key, max) in [
        ("firstName", 100),
        ("lastName", 100),
        ("phone", 50),
        ("company", 100),
    ] {
        if let Some(t) = text(&v[key], &format!("{field}.{key}"), max)? {
            out.insert(key.into(), json!(t));
        }
    }
    Ok(Value::Object(out))
}

fn email(v: &Value, field: &str) -> WixResult<Option<String>> {
    let Some(e) = text(v, field, 200)? else {
        return Ok(None);
    };
    let ok = e
        .split_once('@')
        .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
    if !ok {
        return Err(WixError::bad_request(format!(
            "{field}: '{e}' is not an email address"
        )));
    }
    Ok(Some(e.to_lowercase()))
}

/// Applies the parts of a checkout a buyer sets: contact, addresses, shipping option, note.
fn apply(data: &mut Map<String, Value>, c: &Value) -> WixResult<()> {
    if let Some(e) = email(&c["buyerInfo"]["email"], "checkout.buyerInfo.email")? {
        data.entry("buyerInfo").or_insert(json!({}))["email"] = json!(e);
    }
    let billing = &c["billingInfo"];
    if billing.is_object() {
        data.insert(
            "billingInfo".into(),
            json!({
                "address": address(&billing["address"], "checkout.billingInfo.address")?,
                "contactDetails": contact(&billing["contactDetails"], "checkout.billingInfo.contactDetails")?,
            }),
        );
    }
    let dest = &c["shippingInfo"]["shippingDestination"];
    if dest.is_object() {
        data.entry("shippingInfo").or_insert(json!({}))["shippingDestination"] = json!({
            "address": address(&dest["address"], "checkout.shippingInfo.shippingDestination.address")?,
            "contactDetails": contact(&dest["contactDetails"], "checkout.shippingInfo.shippingDestination.contactDetails")?,
        });
    }
    if let Some(code) = c["shippingInfo"]["selectedCarrierServiceOption"]["code"].as_str() {
        data.entry("shippingInfo").or_insert(json!({}))["selectedCarrierServiceOption"] =
            json!({ "code": code });
    }
    if let Some(n) = text(&c["buyerNote"], "checkout.buyerNote", 1000)? {
        data.insert("buyerNote".into(), json!(n));
    }
    Ok(())
}

/// The signed-in member who calls, if any.
pub fn member(call: &RouteCall) -> Option<&str> {
    match &call.ctx.caller {
        DataCaller::Member { id, .. } | DataCaller::Code { member: Some(id) } => Some(id),
        _ => None,
    }
}

/// Who buys: the member, or the visitor by their cookie (also when site code or another
/// module's page runs for them), not a collaborator or API key.
fn buyer(call: &RouteCall) -> Value {
    match &call.ctx.caller {
        DataCaller::Member { id, .. } => json!({ "memberId": id }),
        DataCaller::Code { member: Some(id) } => json!({ "memberId": id }),
        DataCaller::Visitor | DataCaller::Code { member: None } if !call.visitor.is_empty() => {
            json!({ "visitorId": call.visitor })
        }
        _ => json!({}),
    }
}

async fn insert(p: &Platform, call: &RouteCall, data: Map<String, Value>) -> WixResult<Value> {
    let site = &call.ctx.site;
    let s = settings::of(p, site).await?;
    let item = stored(p, call, data).await?;
    Ok(json!({ "checkout": view(p, site, &s, &item).await?, "checkoutId": item.id }))
}

/// Stores a new checkout of `data`, bought by the caller.
async fn stored(p: &Platform, call: &RouteCall, data: Map<String, Value>) -> WixResult<Item> {
    stored_as(p, call, &uuid::Uuid::new_v4().to_string(), data).await
}

/// `stored` with the id given (Conflict when it is taken).
pub async fn stored_as(
    p: &Platform,
    call: &RouteCall,
    id: &str,
    mut data: Map<String, Value>,
) -> WixResult<Item> {
    let site = &call.ctx.site;
    let mut who = buyer(call);
    if let Some(e) = data.get("buyerInfo").and_then(|b| b.get("email")) {
        who["email"] = e.clone();
    }
    data.insert("buyerInfo".into(), who);
    data.insert("completed".into(), json!(false));
    data.insert("attempt".into(), json!(0));
    data.entry("channelType").or_insert(json!("WEB"));
    CHECKOUTS.insert(p, site, id, data).await
}

/// `POST /ecom/v1/carts/{id}/create-checkout`: the cart's lines, with what the body sets.
pub async fn from_cart(p: &Platform, call: &RouteCall, cart: Item) -> WixResult<Value> {
    let lines = carts::lines_of(&cart);
    if lines.is_empty() {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            "lineItems: the cart is empty",
        ));
    }
    let b = &call.body;
    let mut data = Map::new();
    data.insert("lineItems".into(), cart.data.at("lineItems").clone());
    data.insert("cartId".into(), json!(cart.id));
    for key in ["buyerNote", "couponCode"] {
        if let Some(v) = cart.data.at(key).as_str() {
            data.insert(key.into(), json!(v));
        }
    }
    let sent = json!({
        "buyerInfo": { "email": b["email"] },
        "billingInfo": if b["billingAddress"].is_object() { json!({"address": b["billingAddress"]}) } else { Value::Null },
        "shippingInfo": {
            "shippingDestination": if b["shippingAddress"].is_object() { json!({"address": b["shippingAddress"]}) } else { Value::Null },
            "selectedCarrierServiceOption": b["selectedShippingOption"],
        },
    });
    apply(&mut data, &sent)?;
    if let Some(t) = b["channelType"].as_str() {
        data.insert("channelType".into(), json!(t));
    }
    let checkout = stored(p, call, data).await?;
    let mut cart = cart;
    cart.data.insert("checkoutId".into(), json!(checkout.id));
    CARTS.save(p, &call.ctx.site, &cart).await?;
    Ok(json!({ "checkoutId": checkout.id }))
}

/// Reads, changes and saves a checkout (not once its order is placed).
async fn change<F>(p: &Platform, call: &RouteCall, f: F) -> WixResult<Value>
where
    F: Fn(&mut Item) -> WixResult<Vec<Line>>,
{
    let site = &call.ctx.site;
    let s = settings::of(p, site).await?;
    let id = call.path_param("id");
    for _ in 0..5 {
        let mut checkout = get(p, site, id).await?;
        if checkout.data.at("completed") == true {
            return Err(WixError::new(
                WixCode::FailedPrecondition,
                format!("checkout {id} is completed: its order is placed"),
            ));
        }
        let added = f(&mut checkout)?;
        carts::check_added(p, site, &s, member(call), &lines_of(&checkout), &added).await?;
        match CHECKOUTS.save(p, site, &checkout).await {
            Ok(Some(saved)) => return Ok(json!({ "checkout": view(p, site, &s, &saved).await? })),
            Ok(None) => return Err(not_found(id)),
            Err(e) if e.is_condition_failed() => continue,
            Err(e) => return Err(e),
        }
    }
    Err(WixError::new(
        WixCode::ConditionFailed,
        "the checkout kept changing; try again",
    ))
}

/// `PATCH /ecom/v1/checkouts/{id}`: the buyer, addresses, shipping option, note.
pub async fn update(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let code = crate::coupons::applied_code(p, &call.ctx.site, &call.body["couponCode"]).await?;
    let sent = call.body["checkout"].clone();
    change(p, call, |checkout| {
        apply(&mut checkout.data, &sent)?;
        if let Some(code) = &code {
            checkout.data.insert("couponCode".into(), json!(code));
        }
        Ok(Vec::new())
    })
    .await
}

fn set_lines(checkout: &mut Item, lines: &[Line]) {
    checkout.data.insert(
        "lineItems".into(),
        Value::Array(lines.iter().map(Line::to_json).collect()),
    );
}

pub fn routes() -> Vec<Route> {
    let routes = vec![
        Route::new(Method::Post, "/ecom/v1/checkouts", |p, call| {
            boxed(async move {
                let site = call.ctx.site.clone();
                let s = settings::of(&p, &site).await?;
                let lines = pricing::parse_lines(&call.body["lineItems"], "lineItems")?;
                if lines.is_empty() {
                    return Err(WixError::bad_request("lineItems: at least one line"));
                }
                let mut merged = Vec::new();
                carts::merge(&mut merged, lines.clone());
                carts::check_added(&p, &site, &s, member(&call), &merged, &lines).await?;
                let code =
                    crate::coupons::applied_code(&p, &site, &call.body["couponCode"]).await?;
                let mut data = Map::new();
                data.insert(
                    "lineItems".into(),
                    Value::Array(merged.iter().map(Line::to_json).collect()),
                );
                apply(&mut data, &call.body["checkoutInfo"])?;
                if let Some(code) = code {
                    data.insert("couponCode".into(), json!(code));
                }
                if let Some(t) = call.body["channelType"].as_str() {
                    data.insert("channelType".into(), json!(t));
                }
                let out = insert(&p, &call, data).await?;
                Ok(json!({ "checkout": out["checkout"] }))
            })
        }),
        Route::new(Method::Get, "/ecom/v1/checkouts/{id}", |p, call| {
            boxed(async move {
                let site = &call.ctx.site;
                let s = settings::of(&p, site).await?;
                let checkout = get(&p, site, call.path_param("id")).await?;
                Ok(json!({ "checkout": view(&p, site, &s, &checkout).await? }))
            })
        }),
        Route::new(
            Method::Get,
            "/ecom/v1/checkouts/{id}/checkout-url",
            |p, call| {
                boxed(async move {
                    let checkout = get(&p, &call.ctx.site, call.path_param("id")).await?;
                    Ok(json!({ "checkoutUrl": format!("/checkout?checkoutId={}", checkout.id) }))
                })
            },
        ),
        Route::new(Method::Patch, "/ecom/v1/checkouts/{id}", |p, call| {
            boxed(async move { update(&p, &call).await })
        }),
        Route::new(
            Method::Post,
            "/ecom/v1/checkouts/{id}/add-to-checkout",
            |p, call| {
                boxed(async move {
                    let added = pricing::parse_lines(&call.body["lineItems"], "lineItems")?;
                    change(&p, &call, |checkout| {
                        let mut lines = lines_of(checkout);
                        carts::merge(&mut lines, added.clone());
                        set_lines(checkout, &lines);
                        Ok(added.clone())
                    })
                    .await
                })
            },
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/checkouts/{id}/remove-line-items",
            |p, call| {
                boxed(async move {
                    let ids: Vec<String> = call.body["lineItemIds"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect();
                    change(&p, &call, |checkout| {
                        let mut lines = lines_of(checkout);
                        lines.retain(|l| !ids.contains(&l.id));
                        set_lines(checkout, &lines);
                        Ok(Vec::new())
                    })
                    .await
                })
            },
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/checkouts/{id}/update-line-items-quantity",
            |p, call| {
                boxed(async move {
                    let changes = carts::quantities(&call.body)?;
                    change(&p, &call, |checkout| {
                        let mut lines = lines_of(checkout);
                        carts::set_quantities(&mut lines, &changes)?;
                        set_lines(checkout, &lines);
                        Ok(Vec::new())
                    })
                    .await
                })
            },
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/checkouts/{id}/remove-coupon",
            |p, call| {
                boxed(async move {
                    change(&p, &call, |checkout| {
                        checkout.data.remove("couponCode");
                        Ok(Vec::new())
                    })
                    .await
                })
            },
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/checkouts/{id}/create-order",
            |p, call| boxed(async move { crate::orders::create_from_checkout(&p, &call).await }),
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/checkouts/{id}/mark-as-completed",
            |p, call| {
                boxed(async move {
                    crate::may(&call.ctx, tessera_core::sites::Permission::EditContent)?;
                    let site = &call.ctx.site;
                    let mut checkout = get(&p, site, call.path_param("id")).await?;
                    checkout.data.insert("completed".into(), json!(true));
                    CHECKOUTS.save(&p, site, &checkout).await?;
                    Ok(json!({}))
                })
            },
        ),
    ];
    routes.into_iter().map(Route::for_visitors).collect()
}
