//! Carts: `/ecom/v1/carts…`, kept as baskets (`CommerceStore`). The visitor's
//! own cart is `current` (`/ecom/v1/carts/current…`), found by their visitor cookie, or by
//! their member id once they log in (a cart they filled before is merged into it then).

use serde_json::{Map, Value, json};
use tessera_core::{
    commerce::{BasketKind, BasketOwner},
    data::{DataCaller, Item},
    sites::Site,
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    backend_events::event_payload,
    module::{Method, Route, RouteCall},
};

use crate::records::At;
use crate::{
    boxed, date,
    inventory::insufficient,
    plugins,
    pricing::{self, Destination, Line, MAX_LINES, Priced, Summary},
    records::Baskets,
    settings::{self, Settings},
};

pub const CARTS: Baskets = Baskets(BasketKind::Cart);

pub fn not_found(id: &str) -> WixError {
    WixError::new(WixCode::ItemNotFound, format!("cart {id} does not exist"))
}

fn member_of(call: &RouteCall) -> Option<String> {
    match &call.ctx.caller {
        DataCaller::Member { id, .. } => Some(id.clone()),
        DataCaller::Code { member } => member.clone(),
        _ => None,
    }
}

pub fn lines_of(cart: &Item) -> Vec<Line> {
    cart.data
        .at("lineItems")
        .as_array()
        .into_iter()
        .flatten()
        .map(Line::from_json)
        .collect()
}

fn set_lines(cart: &mut Item, lines: &[Line]) {
    cart.data.insert(
        "lineItems".into(),
        Value::Array(lines.iter().map(Line::to_json).collect()),
    );
}

/// How many items the caller's current cart holds (what a cart icon shows), from its stored
/// lines, unpriced: one read, none for a new visitor.
pub async fn count(p: &Platform, call: &RouteCall) -> WixResult<i64> {
    Ok(current(p, call)
        .await?
        .map(|cart| lines_of(&cart).iter().map(|l| l.quantity).sum())
        .unwrap_or(0))
}

/// The caller's current cart, if they have one: a member's (merging in the cart they filled
/// as a visitor), else the visitor's.
async fn current(p: &Platform, call: &RouteCall) -> WixResult<Option<Item>> {
    let site = &call.ctx.site;
    let as_visitor = if call.visitor.is_empty() || call.new_visitor {
        None
    } else {
        CARTS
            .find(p, site, BasketOwner::Visitor(&call.visitor))
            .await?
    };
    let Some(member) = member_of(call) else {
        return Ok(as_visitor);
    };
    let mine = CARTS.find(p, site, BasketOwner::Member(&member)).await?;
    match (mine, as_visitor) {
        (mine, None) => Ok(mine),
        (None, Some(mut theirs)) => {
            theirs.data.insert("memberId".into(), json!(member));
            Ok(CARTS.save(p, site, &theirs).await?)
        }
        (Some(mut mine), Some(theirs)) => {
            let mut lines = lines_of(&mine);
            merge(&mut lines, lines_of(&theirs));
            set_lines(&mut mine, &lines);
            let saved = CARTS.save(p, site, &mine).await?;
            CARTS.remove(p, site, &theirs.id).await?;
            Ok(saved)
        }
    }
}

/// Whether two references name the same thing (product, variant or options, text fields).
fn same(a: &Value, b: &Value) -> bool {
    a["catalogItemId"] == b["catalogItemId"] && a["options"] == b["options"]
}

/// Adds `new` lines to `lines`: the same item again raises its quantity.
pub fn merge(lines: &mut Vec<Line>, new: Vec<Line>) {
    for n in new {
        match lines.iter_mut().find(|l| same(&l.reference, &n.reference)) {
            Some(l) => l.quantity = (l.quantity + n.quantity).min(pricing::MAX_QUANTITY),
            None => lines.push(n),
        }
    }
}

/// Checks lines being added against the catalog: the item exists and is sold, mandatory
/// text fields are filled, and no more is asked than is in stock.
pub async fn check_added(
    p: &Platform,
    site: &Site,
    s: &Settings,
    member: Option<&str>,
    all: &[Line],
    added: &[Line],
) -> WixResult<Vec<Priced>> {
    if all.len() > MAX_LINES {
        return Err(WixError::bad_request(format!(
            "lineItems: a cart holds at most {MAX_LINES} lines"
        )));
    }
    let priced = pricing::price(p, site, s, member, all).await?;
    for a in added {
        let Some(line) = priced
            .iter()
            .find(|x| same(&x.line.reference, &a.reference))
        else {
            continue;
        };
        let pid = &line.product_id;
        if line.status == "NOT_FOUND" {
            let app = line.line.reference["appId"].as_str().unwrap_or_default();
            return Err(WixError::new(
                WixCode::ItemNotFound,
                if app == pricing::STORES_APP_ID {
                    format!("product {pid} with these options is not in the catalog")
                } else {
                    format!(
                        "catalogReference.appId: no ecom-catalog plugin named {app} that is on sells {pid}"
                    )
                },
            ));
        }
        if let Some(available) = line.available
            && line.line.quantity > available
        {
            return Err(insufficient(tessera_core::Error::conflict(
                "inventory",
                format!(
                    "product {pid}: {} asked, {available} in stock",
                    line.line.quantity
                ),
            )));
        }
        let texts = &a.reference["options"]["customTextFields"];
        for f in &line.text_fields {
            let title = f["title"].as_str().unwrap_or_default();
            let text = texts[title].as_str().unwrap_or_default();
            if f["mandatory"] == true && text.trim().is_empty() {
                return Err(WixError::bad_request(format!(
                    "catalogReference.options.customTextFields.{title}: is required"
                )));
            }
            if let Some(max) = f["maxLength"].as_u64()
                && text.chars().count() as u64 > max
            {
                return Err(WixError::bad_request(format!(
                    "catalogReference.options.customTextFields.{title}: at most {max} characters"
                )));
            }
        }
    }
    Ok(priced)
}

/// Quantities past the stock come down to it.
pub fn cap(lines: &mut [Line], priced: &[Priced]) {
    for l in lines.iter_mut() {
        if let Some(a) = priced
            .iter()
            .find(|x| x.line.id == l.id)
            .and_then(|x| x.available)
            && a > 0
        {
            l.quantity = l.quantity.min(a);
        }
    }
}

/// A cart in eCommerce's shape, priced now.
pub async fn view(p: &Platform, site: &Site, s: &Settings, cart: &Item) -> WixResult<Value> {
    let priced = pricing::price(
        p,
        site,
        s,
        cart.data.at("memberId").as_str(),
        &lines_of(cart),
    )
    .await?;
    view_priced(p, site, s, cart, &priced).await
}

/// A cart in eCommerce's shape, with its lines as just priced.
pub async fn view_priced(
    p: &Platform,
    site: &Site,
    s: &Settings,
    cart: &Item,
    priced: &[Priced],
) -> WixResult<Value> {
    let c = &s.currency;
    let offers = pricing::offers(p, site, &cart.data).await?;
    let ask = plugins::Ask {
        doc: &cart.data,
        source: plugins::Source::Cart,
        address: &Value::Null,
        chosen: None,
        totals: false,
    };
    let sum = plugins::summarize(p, site, s, priced, offers, &ask).await?;
    Ok(json!({
        "id": cart.id,
        "lineItems": priced.iter().map(|l| l.view(c)).collect::<Vec<_>>(),
        "buyerNote": cart.data.at("buyerNote").as_str().unwrap_or_default(),
        "buyerInfo": {
            "visitorId": cart.data.at("visitorId"),
            "memberId": cart.data.at("memberId"),
        },
        "currency": c.code,
        "conversionCurrency": c.code,
        "buyerLanguage": "en",
        "siteLanguage": "en",
        "taxIncludedInPrices": s.tax_included,
        "weightUnit": s.weight_unit,
        "subtotal": c.price(sum.subtotal),
        // Tessera's: what validation plugins that check carts say (Wix shows them).
        "violations": sum.violations,
        "calculationErrors": calculation_errors(&sum),
        "appliedDiscounts": sum.discounts_view(c),
        "checkoutId": cart.data.at("checkoutId"),
        "createdDate": date(cart.created_at),
        "updatedDate": date(cart.updated_at),
    }))
}

fn note(v: &Value) -> WixResult<Option<String>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.chars().count() <= 1000 => Ok(Some(s.clone())),
        _ => Err(WixError::bad_request(
            "buyerNote: text of at most 1000 characters",
        )),
    }
}

/// `POST /ecom/v1/carts`: a new cart (the visitor's current one when they have none).
async fn create(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let site = &call.ctx.site;
    let s = settings::of(p, site).await?;
    let body = &call.body;
    let code = crate::coupons::applied_code(p, site, &body["couponCode"]).await?;
    let lines = match &body["lineItems"] {
        Value::Null => Vec::new(),
        v => pricing::parse_lines(v, "lineItems")?,
    };
    let mut merged = Vec::new();
    merge(&mut merged, lines.clone());
    check_added(p, site, &s, crate::checkouts::member(call), &merged, &lines).await?;
    let mut data = Map::new();
    data.insert(
        "lineItems".into(),
        Value::Array(merged.iter().map(Line::to_json).collect()),
    );
    if let Some(n) = note(&body["cartInfo"]["buyerNote"])? {
        data.insert("buyerNote".into(), json!(n));
    }
    if let Some(code) = code {
        data.insert("couponCode".into(), json!(code));
    }
    if let Some(m) = member_of(call) {
        data.insert("memberId".into(), json!(m));
    } else if !call.visitor.is_empty() && current(p, call).await?.is_none() {
        data.insert("visitorId".into(), json!(call.visitor));
    }
    let cart = CARTS
        .insert(p, site, &uuid::Uuid::new_v4().to_string(), data)
        .await?;
    let view = view(p, site, &s, &cart).await?;
    crate::announce(
        p,
        site,
        "wixEcom_onCartCreated",
        event_payload(&cart.id, view.clone()),
    )
    .await;
    Ok(json!({ "cart": view }))
}

/// The cart a route names: `current` is the caller's (made empty for them when `make`).
async fn target(p: &Platform, call: &RouteCall) -> WixResult<Item> {
    let site = &call.ctx.site;
    let id = call.path_param("id");
    if id != "current" {
        return CARTS.get(p, site, id).await?.ok_or_else(|| not_found(id));
    }
    current(p, call).await?.ok_or_else(|| not_found("current"))
}

/// A new, empty cart for the caller (stored once something is in it).
fn fresh(call: &RouteCall) -> Item {
    let mut data = Map::new();
    data.insert("lineItems".into(), json!([]));
    match member_of(call) {
        Some(m) => data.insert("memberId".into(), json!(m)),
        None => data.insert("visitorId".into(), json!(call.visitor)),
    };
    let now = tessera_core::now_millis();
    Item {
        id: uuid::Uuid::new_v4().to_string(),
        owner: None,
        created_at: now,
        updated_at: now,
        data,
    }
}

/// Reads, changes and saves the route's cart, again if another change came between.
async fn change<F>(p: &Platform, call: &RouteCall, make: bool, f: F) -> WixResult<Value>
where
    F: Fn(&mut Item, &Settings) -> WixResult<Vec<Line>>,
{
    let site = &call.ctx.site;
    let s = settings::of(p, site).await?;
    for _ in 0..5 {
        let (mut cart, new) = match target(p, call).await {
            Ok(cart) => (cart, false),
            Err(e)
                if make
                    && call.path_param("id") == "current"
                    && e.code() == WixCode::ItemNotFound =>
            {
                (fresh(call), true)
            }
            Err(e) => return Err(e),
        };
        let added = f(&mut cart, &s)?;
        let lines = lines_of(&cart);
        let priced =
            check_added(p, site, &s, crate::checkouts::member(call), &lines, &added).await?;
        let saved = if new {
            CARTS
                .insert(p, site, &cart.id, cart.data.clone())
                .await
                .map(Some)
        } else {
            CARTS.save(p, site, &cart).await
        };
        match saved {
            Ok(Some(saved)) => {
                let cart = view_priced(p, site, &s, &saved, &priced).await?;
                let handler = if new {
                    "wixEcom_onCartCreated"
                } else {
                    "wixEcom_onCartUpdated"
                };
                crate::announce(p, site, handler, event_payload(&saved.id, cart.clone())).await;
                return Ok(json!({ "cart": cart }));
            }
            Ok(None) => return Err(not_found(&cart.id)),
            Err(e) if e.is_condition_failed() => continue,
            Err(e) => return Err(e),
        }
    }
    Err(WixError::new(
        WixCode::ConditionFailed,
        "the cart kept changing; try again",
    ))
}

fn ids_in(body: &Value) -> WixResult<Vec<String>> {
    let ids: Vec<String> = body["lineItemIds"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    if ids.is_empty() {
        return Err(WixError::bad_request("lineItemIds: at least one line id"));
    }
    Ok(ids)
}

/// `{lineItems: [{id, quantity}]}`: the new quantities (0 removes the line).
pub fn quantities(body: &Value) -> WixResult<Vec<(String, i64)>> {
    let Some(list) = body["lineItems"].as_array().filter(|l| !l.is_empty()) else {
        return Err(WixError::bad_request(
            "lineItems: at least one {id, quantity}",
        ));
    };
    list.iter()
        .enumerate()
        .map(|(i, l)| {
            let id = l["id"]
                .as_str()
                .or_else(|| l["_id"].as_str())
                .ok_or_else(|| WixError::bad_request(format!("lineItems[{i}].id: is required")))?;
            let q = l["quantity"]
                .as_i64()
                .filter(|q| (0..=pricing::MAX_QUANTITY).contains(q))
                .ok_or_else(|| {
                    WixError::bad_request(format!(
                        "lineItems[{i}].quantity: a whole number from 0 to {}",
                        pricing::MAX_QUANTITY
                    ))
                })?;
            Ok((id.to_string(), q))
        })
        .collect()
}

/// Applies new quantities to lines; an unknown line id is an error.
pub fn set_quantities(lines: &mut Vec<Line>, changes: &[(String, i64)]) -> WixResult<()> {
    for (id, q) in changes {
        let Some(l) = lines.iter_mut().find(|l| &l.id == id) else {
            return Err(WixError::bad_request(format!(
                "lineItems: no line {id} in the cart"
            )));
        };
        l.quantity = *q;
    }
    lines.retain(|l| l.quantity > 0);
    Ok(())
}

/// eCommerce's `calculationErrors`: the coupon's, and service plugins that failed.
fn calculation_errors(sum: &Summary) -> Value {
    let mut out = Map::new();
    if let Some(e) = &sum.coupon_error {
        out.insert("couponCalculationError".into(), json!({ "message": e }));
    }
    if !sum.errors.is_empty() {
        out.insert(
            "orderValidationErrors".into(),
            sum.errors
                .iter()
                .map(|e| json!({ "code": "SERVICE_PLUGIN_FAILED", "message": e }))
                .collect(),
        );
    }
    Value::Object(out)
}

/// `POST …/estimate-totals`.
async fn estimate(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let site = &call.ctx.site;
    let s = settings::of(p, site).await?;
    let cart = target(p, call).await?;
    let c = &s.currency;
    let priced = pricing::price(
        p,
        site,
        &s,
        cart.data.at("memberId").as_str(),
        &lines_of(&cart),
    )
    .await?;
    let address = &call.body["shippingAddress"];
    let ask = plugins::Ask {
        doc: &cart.data,
        source: plugins::Source::Cart,
        address: match Destination::of(address) {
            Some(_) => address,
            None => &call.body["billingAddress"],
        },
        chosen: call.body["selectedShippingOption"]["code"].as_str(),
        totals: true,
    };
    let offers = pricing::offers(p, site, &cart.data).await?;
    let sum = plugins::summarize(p, site, &s, &priced, offers, &ask).await?;
    Ok(json!({
        "cart": view(p, site, &s, &cart).await?,
        "calculatedLineItems": priced.iter().zip(&sum.lines).map(|(l, t)| json!({
            "lineItemId": l.line.id,
            "pricesBreakdown": {
                "lineItemPrice": c.price(t.total),
                "totalPriceBeforeTax": c.price(if s.tax_included { t.total - t.tax } else { t.total }),
                "totalPriceAfterTax": c.price(if s.tax_included { t.total } else { t.total + t.tax }),
                "taxDetails": { "taxRate": t.rate.to_string(), "totalTax": c.price(t.tax) },
                "totalDiscount": c.price(t.discount),
                "price": c.price(l.price),
            },
        })).collect::<Vec<_>>(),
        "priceSummary": sum.view(c),
        "taxSummary": sum.tax_view(c),
        "shippingInfo": sum.shipping_view(c, address),
        "appliedDiscounts": sum.discounts_view(c),
        "calculationErrors": calculation_errors(&sum),
        "additionalFees": sum.fees_view(c, s.tax_included),
        "violations": sum.violations,
        "currency": c.code,
        "weightUnit": s.weight_unit,
    }))
}

/// `POST …/add-to-cart`.
pub async fn add(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let added = pricing::parse_lines(&call.body["lineItems"], "lineItems")?;
    if added.is_empty() {
        return Err(WixError::bad_request("lineItems: at least one line"));
    }
    change(p, call, true, |cart, _| {
        let mut lines = lines_of(cart);
        merge(&mut lines, added.clone());
        set_lines(cart, &lines);
        Ok(added.clone())
    })
    .await
}

/// `POST …/remove-line-items`.
pub async fn remove(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let ids = ids_in(&call.body)?;
    change(p, call, false, |cart, _| {
        let mut lines = lines_of(cart);
        lines.retain(|l| !ids.contains(&l.id));
        set_lines(cart, &lines);
        Ok(Vec::new())
    })
    .await
}

/// `POST …/update-line-items-quantity`: new quantities, capped at the stock.
pub async fn update_quantities(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let changes = quantities(&call.body)?;
    let site = &call.ctx.site;
    let s = settings::of(p, site).await?;
    // Priced before the change, to cap the new quantities at the stock.
    let before = target(p, call).await?;
    let priced = pricing::price(
        p,
        site,
        &s,
        before.data.at("memberId").as_str(),
        &lines_of(&before),
    )
    .await?;
    change(p, call, false, |cart, _| {
        let mut lines = lines_of(cart);
        set_quantities(&mut lines, &changes)?;
        cap(&mut lines, &priced);
        set_lines(cart, &lines);
        Ok(Vec::new())
    })
    .await
}

/// `GET /ecom/v1/carts/{id}`.
pub async fn get(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let site = &call.ctx.site;
    let s = settings::of(p, site).await?;
    let cart = target(p, call).await?;
    Ok(json!({ "cart": view(p, site, &s, &cart).await? }))
}

/// `POST …/create-checkout`.
pub async fn create_checkout(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let cart = target(p, call).await?;
    crate::checkouts::from_cart(p, call, cart).await
}

pub fn routes() -> Vec<Route> {
    let routes = vec![
        Route::new(Method::Post, "/ecom/v1/carts", |p, call| {
            boxed(async move { create(&p, &call).await })
        }),
        Route::new(Method::Get, "/ecom/v1/carts/{id}", |p, call| {
            boxed(async move { get(&p, &call).await })
        }),
        // The count a page's cart icon shows: 0 without a cart (no 404 in the console), and
        // from the stored lines, unpriced (one read).
        Route::new(Method::Get, "/_stores/v1/cart-count", |p, call| {
            boxed(async move { Ok(json!({ "count": count(&p, &call).await? })) })
        }),
        Route::new(Method::Patch, "/ecom/v1/carts/{id}", |p, call| {
            boxed(async move {
                let code =
                    crate::coupons::applied_code(&p, &call.ctx.site, &call.body["couponCode"])
                        .await?;
                let n = note(&call.body["cartInfo"]["buyerNote"])?;
                change(&p, &call, true, |cart, _| {
                    if let Some(n) = &n {
                        cart.data.insert("buyerNote".into(), json!(n));
                    }
                    if let Some(code) = &code {
                        cart.data.insert("couponCode".into(), json!(code));
                    }
                    Ok(Vec::new())
                })
                .await
            })
        }),
        Route::new(Method::Delete, "/ecom/v1/carts/{id}", |p, call| {
            boxed(async move {
                let cart = target(&p, &call).await?;
                CARTS.remove(&p, &call.ctx.site, &cart.id).await?;
                Ok(json!({}))
            })
        }),
        Route::new(
            Method::Post,
            "/ecom/v1/carts/{id}/add-to-cart",
            |p, call| boxed(async move { add(&p, &call).await }),
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/carts/{id}/remove-line-items",
            |p, call| boxed(async move { remove(&p, &call).await }),
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/carts/{id}/update-line-items-quantity",
            |p, call| boxed(async move { update_quantities(&p, &call).await }),
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/carts/{id}/remove-coupon",
            |p, call| {
                boxed(async move {
                    change(&p, &call, false, |cart, _| {
                        cart.data.remove("couponCode");
                        Ok(Vec::new())
                    })
                    .await
                })
            },
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/carts/{id}/estimate-totals",
            |p, call| boxed(async move { estimate(&p, &call).await }),
        ),
        Route::new(
            Method::Post,
            "/ecom/v1/carts/{id}/create-checkout",
            |p, call| boxed(async move { create_checkout(&p, &call).await }),
        ),
    ];
    routes.into_iter().map(Route::for_visitors).collect()
}
