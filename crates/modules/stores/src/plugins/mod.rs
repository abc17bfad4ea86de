//! eCommerce service plugins in site code (Wix's SPIs): `backend/___spi___/<type>/<name>/`
//! of the published revision, each on unless the owner turned it off
//! (`disabledServicePlugins` in the store's settings). Pricing asks them, in this order:
//! discount triggers (which custom triggers hold), shipping rates (beside the store's),
//! then over the summary additional fees, tax (replacing the store's regions) and
//! validations. Catalog plugins price the cart lines of their own catalog, and
//! payment-provider plugins are ways to pay at checkout. Each call is held to a time limit,
//! its answer is checked field by field, and a failure is a calculation error that blocks
//! the order (never a wrong price) and a line in the site's code log with the plugin, its
//! input and the error.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use futures::FutureExt;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use tessera_core::{ids::SiteId, sites::Permission, sites::Site};
use tessera_platform::{
    Platform, WixError, WixResult,
    code::{Plugin, SiteCode, call_plugin, published_plugins},
    module::{Method, Route},
};

mod catalog;
mod payment_provider;

pub use catalog::catalog_items;
pub use payment_provider::{
    PAYMENT_PREFIX, create_transaction, payment_providers, refund_transaction,
};

use crate::{
    may,
    money::Currency,
    pricing::{Fee, Priced, ShippingOption, Summary},
    records::At,
    settings::{self, Settings},
};

/// Time limits per call. Wix documents 10 s for shipping rates; the others answer while
/// a buyer waits for a price, so they get less.
const SHIPPING_TIME: Duration = Duration::from_secs(10);
const PRICING_TIME: Duration = Duration::from_secs(5);
/// How long shipping rates are kept per input, as Wix keeps them.
const SHIPPING_KEPT: Duration = Duration::from_secs(600);
/// Entries of the caches below before the stale ones go.
const KEPT_ENTRIES: usize = 10_000;
const MAX_FEES: usize = 20;
const MAX_RATES: usize = 20;
const MAX_VIOLATIONS: usize = 50;

/// What plugins answered, kept per published revision: each plugin's `getConfig()`, and
/// shipping rates by input.
#[derive(Default)]
pub struct Kept {
    configs: Mutex<HashMap<(SiteId, i64, String), Value>>,
    rates: Mutex<HashMap<String, (Instant, Vec<ShippingOption>)>>,
}

/// The plugins that are on for a site, with their config.
pub struct Active {
    code: Arc<SiteCode>,
    plugins: Vec<(Plugin, Value)>,
}

impl Active {
    fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a (Plugin, Value)> + 'a {
        self.plugins.iter().filter(move |(p, _)| p.kind == kind)
    }
}

/// Who is buying, from a cart's or checkout's data.
#[derive(Clone, Debug, Default)]
pub struct Buyer {
    pub visitor: String,
    pub member: Option<String>,
}

impl Buyer {
    pub fn of(data: &Map<String, Value>) -> Self {
        let info = data.at("buyerInfo");
        let text = |k: &str| {
            data.at(k)
                .as_str()
                .or_else(|| info[k].as_str())
                .map(str::to_string)
        };
        Self {
            visitor: text("visitorId").unwrap_or_default(),
            member: text("memberId"),
        }
    }
}

/// The plugins of the site's published code that are on.
pub async fn active(p: &Platform, site: &Site, s: &Settings) -> WixResult<Option<Active>> {
    let Some((code, found)) = published_plugins(p, site.id).await? else {
        return Ok(None);
    };
    let on: Vec<Plugin> = found
        .into_iter()
        .filter(|pl| pl.kind != "payment-provider" && pl.kind != "ecom-catalog")
        .filter(|pl| !s.disabled_plugins.contains(&pl.key()))
        .collect();
    if on.is_empty() {
        return Ok(None);
    }
    let mut plugins = Vec::new();
    for plugin in on {
        let config = config(p, site, &code, &plugin).await;
        plugins.push((plugin, config));
    }
    Ok(Some(Active { code, plugins }))
}

/// A plugin's `getConfig()`, asked once per revision ({} when it fails: the failure is in
/// the log, and the plugin still runs with Wix's defaults).
async fn config(p: &Platform, site: &Site, code: &Arc<SiteCode>, plugin: &Plugin) -> Value {
    let kept = &crate::Stores::of(p).kept;
    let key = (site.id, code.revision, plugin.key());
    if let Some(v) = kept.configs.lock().expect("plugins").get(&key) {
        return v.clone();
    }
    let got = call_plugin(
        p,
        site,
        (code, plugin),
        (&plugin.config_file, "getConfig"),
        &[],
        PRICING_TIME,
        ("", None),
    )
    .await
    .ok()
    .filter(Value::is_object)
    .unwrap_or_else(|| json!({}));
    let mut configs = kept.configs.lock().expect("plugins");
    if configs.len() >= KEPT_ENTRIES {
        configs.clear();
    }
    configs.insert(key, got.clone());
    got
}

/// Wix's `context`: the currency and who is buying (`identity`), plus Tessera's
/// `identity.memberRoles` (the keys of the member's roles).
pub async fn context(p: &Platform, site: &Site, c: &Currency, buyer: &Buyer) -> WixResult<Value> {
    let identity = match &buyer.member {
        Some(id) => {
            let roles = p
                .store()
                .member(site.id, id)
                .await?
                .map(|m| m.roles)
                .unwrap_or_default();
            json!({ "identityType": "MEMBER", "memberId": id, "memberRoles": roles })
        }
        None => json!({ "identityType": "ANONYMOUS_VISITOR", "anonymousVisitorId": buyer.visitor }),
    };
    Ok(json!({
        "currency": c.code,
        "identity": identity,
        "languages": ["en"],
        "requestId": uuid::Uuid::new_v4().to_string(),
    }))
}

/// Calls `function` of each plugin of `kind`, one after another, with `(options, context)`.
async fn ask_each(
    p: &Platform,
    site: &Site,
    active: &Active,
    (kind, function, time): (&str, &str, Duration),
    options: &Value,
    ctx: &Value,
    buyer: &Buyer,
) -> Vec<(Plugin, Value, Result<Value, String>)> {
    let mut out = Vec::new();
    for (plugin, config) in active.of_kind(kind) {
        let answer = call(
            p,
            site,
            &active.code,
            plugin,
            function,
            options,
            ctx,
            time,
            buyer,
        )
        .await;
        out.push((plugin.clone(), config.clone(), answer));
    }
    out
}

#[allow(clippy::too_many_arguments)]
async fn call(
    p: &Platform,
    site: &Site,
    code: &Arc<SiteCode>,
    plugin: &Plugin,
    function: &str,
    options: &Value,
    ctx: &Value,
    time: Duration,
    buyer: &Buyer,
) -> Result<Value, String> {
    call_plugin(
        p,
        site,
        (code, plugin),
        (&plugin.file, function),
        &[options.clone(), ctx.clone()],
        time,
        (&buyer.visitor, buyer.member.as_deref()),
    )
    .await
    .map_err(|e| format!("the {} plugin {}: {e}", plugin.kind, plugin.name))
}

/// A plugin's answer checked by `check`: a call that failed is already logged; a malformed
/// answer is logged here.
async fn checked<T>(
    p: &Platform,
    site: &Site,
    plugin: &Plugin,
    input: &Value,
    answer: Result<Value, String>,
    check: impl FnOnce(&Value) -> Result<T, String>,
) -> Result<T, String> {
    let answer = answer?;
    match check(&answer) {
        Ok(v) => Ok(v),
        Err(problem) => Err(malformed(p, site, plugin, input, problem).await),
    }
}

/// A malformed answer: logged as the plugin's failure, and said to the buyer.
async fn malformed(
    p: &Platform,
    site: &Site,
    plugin: &Plugin,
    input: &Value,
    problem: String,
) -> String {
    let message = format!(
        "the {} plugin {} answered wrongly: {problem}",
        plugin.kind, plugin.name
    );
    let line = tessera_platform::code::plugin_failure(&message, std::slice::from_ref(input));
    tessera_platform::code::append_logs(
        p,
        site,
        &format!("service plugin {}", plugin.key()),
        None,
        tessera_core::now_millis(),
        &[line],
    )
    .await;
    message
}

/// A price a plugin sent: a decimal string (or number) from 0, with no more decimals than
/// the currency has.
fn price(c: &Currency, v: &Value, field: &str) -> Result<Decimal, String> {
    let d = match v {
        Value::String(s) => s.trim().parse::<Decimal>().ok(),
        Value::Number(n) => n.to_string().parse::<Decimal>().ok(),
        _ => None,
    }
    .ok_or_else(|| format!("{field}: a price as a decimal string"))?;
    if d.is_sign_negative() {
        return Err(format!("{field}: not below 0"));
    }
    if c.round(d) != d {
        return Err(format!(
            "{field}: {d} has more decimals than {} has",
            c.code
        ));
    }
    Ok(d)
}

/// A tax rate: a fraction from 0 below 1 (0.0725 for 7.25 %).
fn fraction(v: &Value, field: &str) -> Result<Decimal, String> {
    let d = match v {
        Value::String(s) => s.trim().parse::<Decimal>().ok(),
        Value::Number(n) => n.to_string().parse::<Decimal>().ok(),
        _ => None,
    };
    d.filter(|d| !d.is_sign_negative() && *d < Decimal::ONE)
        .ok_or_else(|| format!("{field}: a fraction from 0 below 1"))
}

fn text(v: &Value, field: &str, max: usize) -> Result<String, String> {
    match v.as_str() {
        Some(s) if !s.trim().is_empty() && s.chars().count() <= max => Ok(s.trim().to_string()),
        _ => Err(format!("{field}: text of 1 to {max} characters")),
    }
}

fn list<'a>(v: &'a Value, field: &str, max: usize) -> Result<&'a [Value], String> {
    match v {
        Value::Null => Ok(&[]),
        Value::Array(a) if a.len() <= max => Ok(a),
        _ => Err(format!("{field}: a list of at most {max}")),
    }
}

fn currency_matches(c: &Currency, answer: &Value) -> Result<(), String> {
    match answer["currency"].as_str() {
        None => Ok(()),
        Some(code) if code.eq_ignore_ascii_case(c.code) => Ok(()),
        Some(code) => Err(format!(
            "currency: {code}, but the store sells in {}",
            c.code
        )),
    }
}

/// A line as plugins see it (Velo's names: `_id`; prices as decimal strings, as Wix's shipping,
/// fee and catalog plugins get them).
fn line_view(c: &Currency, l: &Priced, total: Option<Decimal>) -> Value {
    use rust_decimal::prelude::ToPrimitive;
    json!({
        "_id": l.line.id,
        "name": l.name,
        "quantity": l.quantity(),
        "catalogReference": l.line.reference,
        "productName": { "original": l.name },
        "price": c.text(l.price),
        "totalPrice": total.map(|t| c.text(t)),
        "physicalProperties": { "weight": l.weight.to_f64(), "sku": l.sku, "shippable": l.shippable },
        "itemType": { "preset": if l.shippable { "PHYSICAL" } else { "DIGITAL" } },
        "paymentOption": "FULL_PAYMENT_ONLINE",
    })
}

/// The custom triggers (`ecom-discounts-trigger`) that hold for these lines, of those the
/// live rules name.
pub async fn eligible_triggers(
    p: &Platform,
    site: &Site,
    active: &Active,
    (c, lines, wanted): (&Currency, &[Priced], &[String]),
    ctx: &Value,
    buyer: &Buyer,
) -> (HashSet<String>, Vec<String>) {
    let mut eligible = HashSet::new();
    let mut errors = Vec::new();
    if wanted.is_empty() {
        return (eligible, errors);
    }
    let options = json!({
        "lineItems": lines.iter().map(|l| line_view(c, l, None)).collect::<Vec<_>>(),
        "triggers": wanted.iter().map(|id| json!({ "customTrigger": { "_id": id, "id": id }, "identifier": id })).collect::<Vec<_>>(),
    });
    let kind = (
        "ecom-discounts-trigger",
        "getEligibleTriggers",
        PRICING_TIME,
    );
    for (plugin, _, answer) in ask_each(p, site, active, kind, &options, ctx, buyer).await {
        let checked = checked(p, site, &plugin, &options, answer, |a| {
            list(&a["eligibleTriggers"], "eligibleTriggers", 1000)?
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    t["customTriggerId"]
                        .as_str()
                        .or_else(|| t["identifier"].as_str())
                        .map(str::to_string)
                        .ok_or_else(|| {
                            format!("eligibleTriggers[{i}].customTriggerId: is required")
                        })
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .await;
        match checked {
            Ok(ids) => eligible.extend(ids),
            Err(e) => errors.push(e),
        }
    }
    (eligible, errors)
}

/// Rates from `ecom-shipping-rates` plugins for these lines and this address, kept 10
/// minutes per input.
pub async fn shipping_rates(
    p: &Platform,
    site: &Site,
    s: &Settings,
    active: &Active,
    (lines, address, contact): (&[Priced], &Value, &Value),
    ctx: &Value,
    buyer: &Buyer,
) -> (Vec<ShippingOption>, Vec<String>) {
    let c = &s.currency;
    let shippable: Vec<&Priced> = lines
        .iter()
        .filter(|l| l.shippable && l.can_buy())
        .collect();
    let mut rates = Vec::new();
    let mut errors = Vec::new();
    if shippable.is_empty() || active.of_kind("ecom-shipping-rates").next().is_none() {
        return (rates, errors);
    }
    let options = json!({
        "lineItems": shippable.iter().map(|l| {
            line_view(c, l, Some(c.round(l.price * Decimal::from(l.quantity()))))
        }).collect::<Vec<_>>(),
        "shippingDestination": { "address": address, "contactDetails": contact },
        "weightUnit": s.weight_unit,
        "taxIncludedInPrices": s.tax_included,
        "currency": c.code,
    });
    let kept = &crate::Stores::of(p).kept;
    let key = format!(
        "{}:{}:{}:{options}",
        site.id, active.code.revision, ctx["identity"]
    );
    if let Some((at, got)) = kept.rates.lock().expect("plugins").get(&key)
        && at.elapsed() < SHIPPING_KEPT
    {
        return (got.clone(), errors);
    }
    let kind = ("ecom-shipping-rates", "getShippingRates", SHIPPING_TIME);
    for (plugin, config, answer) in ask_each(p, site, active, kind, &options, ctx, buyer).await {
        let carrier = config["name"].as_str().unwrap_or(&plugin.name).to_string();
        let taken: Vec<String> = rates
            .iter()
            .map(|r: &ShippingOption| r.code.clone())
            .collect();
        let checked = checked(p, site, &plugin, &options, answer, |a| {
            let got = list(&a["shippingRates"], "shippingRates", MAX_RATES)?
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let f = format!("shippingRates[{i}]");
                    let cost = &r["cost"];
                    if cost["currency"]
                        .as_str()
                        .is_some_and(|k| !k.eq_ignore_ascii_case(c.code))
                    {
                        return Err(format!("{f}.cost.currency: the store sells in {}", c.code));
                    }
                    let mut amount = price(c, &cost["price"], &format!("{f}.cost.price"))?;
                    for (j, charge) in list(
                        &cost["additionalCharges"],
                        &format!("{f}.cost.additionalCharges"),
                        10,
                    )?
                    .iter()
                    .enumerate()
                    {
                        amount += price(
                            c,
                            &charge["price"],
                            &format!("{f}.cost.additionalCharges[{j}].price"),
                        )?;
                    }
                    Ok(ShippingOption {
                        code: text(&r["code"], &format!("{f}.code"), 100)?,
                        title: text(&r["title"], &format!("{f}.title"), 100)?,
                        cost: amount,
                        delivery_time: r["logistics"]["deliveryTime"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                        pickup: None,
                        carrier: carrier.clone(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            match got
                .iter()
                .find(|o| s.shipping.iter().any(|r| r.code == o.code) || taken.contains(&o.code))
            {
                Some(o) => Err(format!(
                    "shippingRates: the code {} is taken by another rate",
                    o.code
                )),
                None => Ok(got),
            }
        })
        .await;
        match checked {
            Ok(got) => rates.extend(got),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        let mut map = kept.rates.lock().expect("plugins");
        if map.len() >= KEPT_ENTRIES {
            map.retain(|_, (at, _)| at.elapsed() < SHIPPING_KEPT);
        }
        map.insert(key, (Instant::now(), rates.clone()));
    }
    (rates, errors)
}

/// `ecom-additional-fees`: fees over the priced lines and the chosen shipping option.
pub async fn fees(
    p: &Platform,
    site: &Site,
    s: &Settings,
    active: &Active,
    (lines, sum): (&[Priced], &mut Summary),
    ctx: &Value,
    buyer: &Buyer,
) {
    let c = &s.currency;
    if active.of_kind("ecom-additional-fees").next().is_none() {
        return;
    }
    let options = json!({
        "lineItems": lines.iter().filter(|l| l.can_buy()).map(|l| line_view(c, l, None)).collect::<Vec<_>>(),
        "shippingInfo": {
            "selectedCarrierServiceOption": sum.selected.as_ref().map(|o| json!({"code": o.code, "title": o.title, "carrierId": o.carrier, "cost": {"price": c.order_price(o.cost)}})),
            "carrierServiceOptions": sum.options.iter().map(|o| json!({"code": o.code, "title": o.title, "carrierId": o.carrier})).collect::<Vec<_>>(),
        },
        "currency": c.code,
    });
    let kind = (
        "ecom-additional-fees",
        "calculateAdditionalFees",
        PRICING_TIME,
    );
    for (plugin, _, answer) in ask_each(p, site, active, kind, &options, ctx, buyer).await {
        let checked = checked(p, site, &plugin, &options, answer, |a| {
            currency_matches(c, a)?;
            list(&a["additionalFees"], "additionalFees", MAX_FEES)?
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let at = format!("additionalFees[{i}]");
                    let line_ids: Vec<String> =
                        list(&f["lineItemIds"], &format!("{at}.lineItemIds"), 300)?
                            .iter()
                            .map(|id| {
                                id.as_str()
                                    .filter(|id| lines.iter().any(|l| l.line.id == *id))
                                    .map(str::to_string)
                                    .ok_or_else(|| {
                                        format!(
                                            "{at}.lineItemIds: {id} is not a line of this checkout"
                                        )
                                    })
                            })
                            .collect::<Result<_, _>>()?;
                    Ok(Fee {
                        code: text(&f["code"], &format!("{at}.code"), 100)?,
                        name: text(&f["name"], &format!("{at}.name"), 50)?,
                        price: price(c, &f["price"], &format!("{at}.price"))?,
                        taxable: f["taxDetails"]["taxable"].as_bool().unwrap_or(false),
                        tax: Decimal::ZERO,
                        line_ids,
                        plugin: plugin.key(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .await;
        match checked {
            Ok(got) => sum.add_fees(s, got),
            Err(e) => sum.errors.push(e),
        }
    }
}

/// `billing-tax-calculation`: the first plugin that is on taxes each line after its
/// discount, the shipping and the taxable fees, in place of the store's regions.
pub async fn tax(
    p: &Platform,
    site: &Site,
    s: &Settings,
    active: &Active,
    (lines, sum, address): (&[Priced], &mut Summary, &Value),
    ctx: &Value,
    buyer: &Buyer,
) {
    let c = &s.currency;
    let Some((plugin, config)) = active.of_kind("billing-tax-calculation").next() else {
        return;
    };
    let country = address["country"].as_str().unwrap_or_default();
    let unsupported = config["unsupportedCountries"].as_array().is_some_and(|a| {
        a.iter()
            .any(|x| x.as_str().is_some_and(|x| x.eq_ignore_ascii_case(country)))
    });
    if unsupported {
        return;
    }
    // What is taxed: each line after its discount, the shipping, the taxable fees.
    let mut taxed: Vec<(String, String, i64, Decimal)> = lines
        .iter()
        .zip(&sum.lines)
        .filter(|(l, _)| l.can_buy())
        .map(|(l, t)| {
            (
                l.line.id.clone(),
                l.name.clone(),
                l.quantity(),
                t.total - t.discount,
            )
        })
        .collect();
    let shipping_paid = sum.shipping - sum.shipping_off;
    if sum.selected.is_some() && s.tax_shipping {
        taxed.push(("shipping".into(), "Shipping".into(), 1, shipping_paid));
    }
    for f in sum.fees.iter().filter(|f| f.taxable) {
        taxed.push((format!("fee:{}", f.code), f.name.clone(), 1, f.price));
    }
    let options = json!({
        "currency": c.code,
        "addresses": [address],
        "lineItems": taxed.iter().map(|(id, name, q, amount)| json!({
            "_id": id, "itemName": name, "quantity": q, "taxIncludedInPrice": s.tax_included,
            "price": c.text(*amount), "addressIndex": { "singleAddress": 0 },
        })).collect::<Vec<_>>(),
    });
    let answer = call(
        p,
        site,
        &active.code,
        plugin,
        "calculateTax",
        &options,
        ctx,
        PRICING_TIME,
        buyer,
    )
    .await;
    let checked = checked(p, site, plugin, &options, answer, |a| {
        currency_matches(c, a)?;
        let details = list(&a["lineItemTaxDetails"], "lineItemTaxDetails", 1000)?;
        let mut by_id = HashMap::new();
        for (i, d) in details.iter().enumerate() {
            let at = format!("lineItemTaxDetails[{i}]");
            let id = d["_id"]
                .as_str()
                .or_else(|| d["id"].as_str())
                .ok_or_else(|| format!("{at}._id: is required"))?;
            let mut tax = Decimal::ZERO;
            let mut rate = Decimal::ZERO;
            for (j, b) in list(&d["taxBreakdown"], &format!("{at}.taxBreakdown"), 20)?
                .iter()
                .enumerate()
            {
                tax += price(
                    c,
                    &b["taxAmount"],
                    &format!("{at}.taxBreakdown[{j}].taxAmount"),
                )?;
                rate += fraction(&b["rate"], &format!("{at}.taxBreakdown[{j}].rate"))?;
            }
            if d["taxBreakdown"].is_null() {
                tax = price(
                    c,
                    &d["taxSummary"]["taxAmount"],
                    &format!("{at}.taxSummary.taxAmount"),
                )?;
            }
            by_id.insert(id.to_string(), (tax, rate));
        }
        match taxed.iter().find(|(id, ..)| !by_id.contains_key(id)) {
            Some((id, ..)) => Err(format!("lineItemTaxDetails: nothing for line {id}")),
            None => Ok(by_id),
        }
    })
    .await;
    match checked {
        Ok(by_id) => sum.set_taxes(s, lines, &by_id),
        Err(e) => sum.errors.push(e),
    }
}

/// Where an order comes from, for validations.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Cart,
    Checkout,
}

/// `ecom-validations`: what a buyer is warned of (WARNING) or stopped by (ERROR). In a cart
/// only plugins whose config says `validateInCart`.
#[allow(clippy::too_many_arguments)]
pub async fn validate(
    p: &Platform,
    site: &Site,
    s: &Settings,
    active: &Active,
    (lines, sum, doc, source): (&[Priced], &mut Summary, &Map<String, Value>, Source),
    ctx: &Value,
    buyer: &Buyer,
) {
    let c = &s.currency;
    let options = json!({
        "sourceInfo": {
            "source": if source == Source::Cart { "CART" } else { "CHECKOUT" },
            "purchaseFlowId": doc.at("cartId").as_str().unwrap_or_default(),
        },
        "validationInfo": {
            "buyerDetails": { "email": doc.at("buyerInfo")["email"], "contactId": doc.at("buyerInfo")["contactId"] },
            // Validations get each price as `{amount}`.
            "lineItems": lines.iter().map(|l| {
                let mut v = line_view(c, l, None);
                v["price"] = c.order_price(l.price);
                v
            }).collect::<Vec<_>>(),
            "priceSummary": {
                "subtotal": c.order_price(sum.subtotal), "shipping": c.order_price(sum.shipping), "tax": c.order_price(sum.tax),
                "discount": c.order_price(sum.discount), "total": c.order_price(sum.total), "additionalFees": c.order_price(sum.fees_total()),
            },
            "billingInfo": doc.at("billingInfo"),
            "shippingAddress": doc.at("shippingInfo")["shippingDestination"]["address"],
            "shippingInfo": { "selectedCarrierServiceOption": sum.selected.as_ref().map(|o| json!({"code": o.code, "title": o.title})) },
            "appliedDiscounts": sum.discounts_view(c),
        },
    });
    for (plugin, config) in active.of_kind("ecom-validations") {
        if source == Source::Cart && config["validateInCart"] != true {
            continue;
        }
        let answer = call(
            p,
            site,
            &active.code,
            plugin,
            "getValidationViolations",
            &options,
            ctx,
            PRICING_TIME,
            buyer,
        )
        .await;
        let checked = checked(p, site, plugin, &options, answer, |a| {
            list(&a["violations"], "violations", MAX_VIOLATIONS)?
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let at = format!("violations[{i}]");
                    let severity = match v["severity"].as_str() {
                        Some(s @ ("WARNING" | "ERROR")) => s,
                        _ => return Err(format!("{at}.severity: WARNING or ERROR")),
                    };
                    let target = &v["target"];
                    let target = match (&target["lineItem"], &target["other"]) {
                        (Value::Null, Value::Null) => json!({ "other": { "name": "OTHER_DEFAULT" } }),
                        (Value::Null, other) => json!({ "other": { "name": other["name"].as_str().unwrap_or("OTHER_DEFAULT") } }),
                        (line, _) => {
                            let id = line["_id"].as_str().or_else(|| line["id"].as_str()).unwrap_or_default();
                            if !lines.iter().any(|l| l.line.id == id) {
                                return Err(format!("{at}.target.lineItem._id: '{id}' is not a line of this {}", if source == Source::Cart { "cart" } else { "checkout" }));
                            }
                            json!({ "lineItem": { "name": "LINE_ITEM_DEFAULT", "_id": id, "id": id } })
                        }
                    };
                    Ok(json!({ "severity": severity, "target": target, "description": text(&v["description"], &format!("{at}.description"), 1000)? }))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .await;
        match checked {
            Ok(got) => sum.violations.extend(got),
            Err(e) => sum.errors.push(e),
        }
    }
}

/// `GET /ecom/v1/service-plugins` (Tessera's own): the published code's plugins by type,
/// each with its config and whether it is on; `PATCH /ecom/v1/service-plugins/{type}/{name}`
/// `{enabled}` turns one off or on.
pub fn routes() -> Vec<Route> {
    vec![
        Route::new(
            Method::Post,
            "/ecom/v1/service-plugins/payment-provider/{name}/connect",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::Manage)?;
                    payment_provider::connect(
                        &p,
                        &call.ctx.site,
                        call.path_param("name"),
                        &call.body,
                    )
                    .await
                }
                .boxed()
            },
        ),
        // Tessera's own, for `wix-payment-provider-backend` in site code.
        Route::new(
            Method::Post,
            "/_stores/v1/payment-provider-events",
            |p, call| {
                async move {
                    if !matches!(call.ctx.caller, tessera_core::data::DataCaller::Code { .. }) {
                        return Err(WixError::new(
                            tessera_platform::WixCode::PermissionDenied,
                            "payment provider events come from the site's code",
                        ));
                    }
                    payment_provider::submit_event(&p, &call.ctx.site, &call.body).await
                }
                .boxed()
            },
        ),
        Route::new(Method::Get, "/ecom/v1/service-plugins", |p, call| {
            async move {
                may(&call.ctx, Permission::View)?;
                list_plugins(&p, &call.ctx.site).await
            }
            .boxed()
        }),
        Route::new(
            Method::Patch,
            "/ecom/v1/service-plugins/{type}/{name}",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::Manage)?;
                    let site = &call.ctx.site;
                    let key = format!("{}/{}", call.path_param("type"), call.path_param("name"));
                    let Some(enabled) = call.body["enabled"].as_bool() else {
                        return Err(WixError::bad_request("enabled: true or false is required"));
                    };
                    let s = settings::of(&p, site).await?;
                    let mut off: Vec<String> = s.disabled_plugins.clone();
                    off.retain(|k| *k != key);
                    if !enabled {
                        off.push(key.clone());
                    }
                    off.sort();
                    settings::update(
                        &p,
                        site,
                        &json!({ "settings": { "disabledServicePlugins": off } }),
                    )
                    .await?;
                    list_plugins(&p, site).await
                }
                .boxed()
            },
        ),
    ]
}

async fn list_plugins(p: &Platform, site: &Site) -> WixResult<Value> {
    let s = settings::of(p, site).await?;
    let Some((code, found)) = published_plugins(p, site.id).await? else {
        return Ok(json!({ "servicePlugins": [], "revision": null }));
    };
    let mut out = Vec::new();
    for plugin in &found {
        let config = config(p, site, &code, plugin).await;
        let mut v = json!({
            "type": plugin.kind,
            "name": plugin.name,
            "key": plugin.key(),
            "file": plugin.file,
            "enabled": !s.disabled_plugins.contains(&plugin.key()),
            "config": config,
        });
        if plugin.kind == "ecom-discounts-trigger" {
            let ctx = context(p, site, &s.currency, &Buyer::default()).await?;
            v["customTriggers"] = match call(
                p,
                site,
                &code,
                plugin,
                "listTriggers",
                &json!({}),
                &ctx,
                PRICING_TIME,
                &Buyer::default(),
            )
            .await
            {
                Ok(a) => a["customTriggers"].clone(),
                Err(e) => json!({ "error": e }),
            };
        }
        out.push(v);
    }
    Ok(json!({ "servicePlugins": out, "revision": code.revision }))
}

/// What a cart or checkout asks pricing: who buys, where to, from which page.
pub struct Ask<'a> {
    pub doc: &'a Map<String, Value>,
    pub source: Source,
    /// The shipping address (or the billing one), as sent.
    pub address: &'a Value,
    pub chosen: Option<&'a str>,
    /// Whether the whole price is wanted (shipping, fees, tax), or only the lines with their
    /// discounts and violations (a cart).
    pub totals: bool,
}

/// `pricing::summarize` with the site's service plugins: their custom triggers and shipping
/// rates go in, their fees, tax and violations come out.
pub async fn summarize(
    p: &Platform,
    site: &Site,
    s: &Settings,
    lines: &[Priced],
    mut offers: crate::pricing::Offers,
    ask: &Ask<'_>,
) -> WixResult<Summary> {
    let to = crate::pricing::Destination::of(ask.address);
    let Some(active) = active(p, site, s).await? else {
        return Ok(crate::pricing::summarize(
            s,
            lines,
            to.as_ref(),
            ask.chosen,
            &offers,
        ));
    };
    let buyer = Buyer::of(ask.doc);
    let ctx = context(p, site, &s.currency, &buyer).await?;
    let wanted = offers.custom_trigger_ids();
    let (eligible, mut errors) = eligible_triggers(
        p,
        site,
        &active,
        (&s.currency, lines, &wanted),
        &ctx,
        &buyer,
    )
    .await;
    offers.custom_triggers = eligible;
    if ask.totals && to.is_some() {
        let shipping = ask.doc.at("shippingInfo");
        let contact = match &shipping["shippingDestination"]["contactDetails"] {
            Value::Object(c) if !c.is_empty() => &shipping["shippingDestination"]["contactDetails"],
            _ => &ask.doc.at("billingInfo")["contactDetails"],
        };
        let (rates, failed) = shipping_rates(
            p,
            site,
            s,
            &active,
            (lines, ask.address, contact),
            &ctx,
            &buyer,
        )
        .await;
        offers.rates = rates;
        errors.extend(failed);
    }
    let mut sum = crate::pricing::summarize(s, lines, to.as_ref(), ask.chosen, &offers);
    sum.errors = errors;
    if ask.totals {
        fees(p, site, s, &active, (lines, &mut sum), &ctx, &buyer).await;
    }
    if ask.totals && to.is_some() {
        tax(
            p,
            site,
            s,
            &active,
            (lines, &mut sum, ask.address),
            &ctx,
            &buyer,
        )
        .await;
    }
    validate(
        p,
        site,
        s,
        &active,
        (lines, &mut sum, ask.doc, ask.source),
        &ctx,
        &buyer,
    )
    .await;
    Ok(sum)
}
