//! What carts and checkouts cost: their lines priced from the catalog as it is now (a price
//! changed since the cart was made shows at once, never the old one), shipping options from
//! the store's rules, tax from its regions, and the summary, all in exact decimals.

use rust_decimal::Decimal;
use serde_json::{Value, json};
use tessera_core::{commerce::StockLine, sites::Site};
use tessera_platform::{Platform, WixError, WixResult};

use crate::records::At;
use crate::{
    money::{Currency, stored},
    products::{self, DEFAULT_VARIANT},
    settings::{Rate, Settings},
};

/// The app id of Wix Stores in a line's `catalogReference`.
pub const STORES_APP_ID: &str = "215238eb-22a5-4c36-9e7b-e7c08025e04e";
pub const MAX_LINES: usize = 300;
pub const MAX_QUANTITY: i64 = 100_000;

/// A line as carts and checkouts keep it.
#[derive(Clone, Debug)]
pub struct Line {
    pub id: String,
    pub quantity: i64,
    pub reference: Value,
}

impl Line {
    pub fn to_json(&self) -> Value {
        json!({ "id": self.id, "quantity": self.quantity, "catalogReference": self.reference })
    }

    pub fn from_json(v: &Value) -> Self {
        Self {
            id: v["id"].as_str().unwrap_or_default().into(),
            quantity: v["quantity"].as_i64().unwrap_or(1),
            reference: v["catalogReference"].clone(),
        }
    }
}

/// Reads `lineItems` sent to add: each a `catalogReference` of a store product and a
/// quantity from 1.
pub fn parse_lines(v: &Value, field: &str) -> WixResult<Vec<Line>> {
    let Some(list) = v.as_array() else {
        return Err(WixError::bad_request(format!("{field}: must be an array")));
    };
    if list.len() > MAX_LINES {
        return Err(WixError::bad_request(format!(
            "{field}: at most {MAX_LINES} lines"
        )));
    }
    list.iter()
        .enumerate()
        .map(|(i, l)| {
            let f = format!("{field}[{i}]");
            let r = &l["catalogReference"];
            if r["catalogItemId"].as_str().is_none_or(str::is_empty) {
                return Err(WixError::bad_request(format!(
                    "{f}.catalogReference.catalogItemId: is required"
                )));
            }
            // Another catalog is an `ecom-catalog` plugin of the site's code, by its name;
            // pricing finds whether it sells the item.
            match &r["appId"] {
                Value::Null => {}
                Value::String(a) if !a.is_empty() && a.len() <= 100 => {}
                _ => {
                    return Err(WixError::bad_request(format!(
                        "{f}.catalogReference.appId: the store's app id, or the name of the site's ecom-catalog plugin"
                    )));
                }
            }
            let quantity = match &l["quantity"] {
                Value::Null => 1,
                q => q
                    .as_i64()
                    .filter(|q| (1..=MAX_QUANTITY).contains(q))
                    .ok_or_else(|| {
                        WixError::bad_request(format!(
                            "{f}.quantity: a whole number from 1 to {MAX_QUANTITY}"
                        ))
                    })?,
            };
            let mut reference = r.clone();
            if reference["appId"].is_null() {
                reference["appId"] = json!(STORES_APP_ID);
            }
            Ok(Line {
                id: uuid::Uuid::new_v4().to_string(),
                quantity,
                reference,
            })
        })
        .collect()
}

/// A line priced from the catalog.
#[derive(Clone, Debug)]
pub struct Priced {
    pub line: Line,
    /// `AVAILABLE`, `NOT_FOUND`, `NOT_AVAILABLE` or `PARTIALLY_AVAILABLE`.
    pub status: &'static str,
    /// How many can be bought (`None`: no limit).
    pub available: Option<i64>,
    pub product_id: String,
    pub variant_id: String,
    pub name: String,
    /// Each, after the product's discount; `full_price` before it.
    pub price: Decimal,
    pub full_price: Decimal,
    pub weight: Decimal,
    pub sku: String,
    pub shippable: bool,
    pub image: Option<String>,
    pub slug: String,
    pub description_lines: Vec<Value>,
    /// The collections the product is in (for coupons scoped to one).
    pub collections: Vec<String>,
    /// The product's `customTextFields` (what a buyer must or may write).
    pub text_fields: Vec<Value>,
    /// The `ecom-catalog` plugin that sells it (`ecom-catalog/<name>`), and its page;
    /// None for the store's own products.
    pub catalog: Option<String>,
    pub url: Option<String>,
}

impl Priced {
    /// A line of nothing the catalog sells (`NOT_FOUND`), to be filled in.
    pub fn missing(line: &Line) -> Self {
        Self {
            line: line.clone(),
            status: "NOT_FOUND",
            available: Some(0),
            product_id: line.reference["catalogItemId"]
                .as_str()
                .unwrap_or_default()
                .into(),
            variant_id: String::new(),
            name: String::new(),
            price: Decimal::ZERO,
            full_price: Decimal::ZERO,
            weight: Decimal::ZERO,
            sku: String::new(),
            shippable: false,
            image: None,
            slug: String::new(),
            description_lines: Vec::new(),
            collections: Vec::new(),
            text_fields: Vec::new(),
            catalog: None,
            url: None,
        }
    }

    pub fn can_buy(&self) -> bool {
        matches!(self.status, "AVAILABLE" | "PARTIALLY_AVAILABLE")
    }

    /// What an order of this line holds.
    pub fn stock_line(&self) -> StockLine {
        StockLine {
            product_id: self.product_id.clone(),
            variant_id: self.variant_id.clone(),
            quantity: self.quantity(),
        }
    }

    /// The quantity that can be bought: the line's, or what is left when less.
    pub fn quantity(&self) -> i64 {
        match self.available {
            Some(a) => self.line.quantity.min(a),
            None => self.line.quantity,
        }
    }

    /// eCommerce's line item.
    pub fn view(&self, c: &Currency) -> Value {
        json!({
            "id": self.line.id,
            "quantity": self.line.quantity,
            "catalogReference": self.line.reference,
            "productName": { "original": self.name, "translated": self.name },
            "url": self.url.clone().unwrap_or_else(|| format!("/product-page/{}", self.slug)),
            "price": c.price(self.price),
            "fullPrice": c.price(self.full_price),
            "priceBeforeDiscounts": c.price(self.price),
            "lineItemPrice": c.price(self.price * Decimal::from(self.line.quantity)),
            "descriptionLines": self.description_lines,
            "image": self.image.as_ref().map(|u| json!({"url": u})),
            "availability": {
                "status": self.status,
                "quantityAvailable": self.available,
            },
            "physicalProperties": { "weight": self.weight.to_string(), "sku": self.sku, "shippable": self.shippable },
            "itemType": { "preset": if self.shippable { "PHYSICAL" } else { "DIGITAL" } },
            "paymentOption": "FULL_PAYMENT_ONLINE",
            "rootCatalogItemId": self.product_id,
        })
    }
}

/// Prices `lines` from the catalog and stock as they are now, for `member` (the buyer, when
/// signed in: other catalogs may sell to members only).
pub async fn price(
    p: &Platform,
    site: &Site,
    s: &Settings,
    member: Option<&str>,
    all: &[Line],
) -> WixResult<Vec<Priced>> {
    let (lines, others): (Vec<Line>, Vec<Line>) = all
        .iter()
        .cloned()
        .partition(|l| l.reference["appId"] == STORES_APP_ID);
    let mut from_plugins = crate::plugins::catalog_items(p, site, s, member, &others).await?;
    let mut ids: Vec<String> = lines
        .iter()
        .filter_map(|l| l.reference["catalogItemId"].as_str().map(str::to_string))
        .collect();
    ids.sort();
    ids.dedup();
    let catalog = products::by_ids(p, site, &ids).await?;
    let stock = p.store().stock(site.id, &ids).await?;
    let c = &s.currency;
    let mut from_store: Vec<Priced> = lines
        .iter()
        .map(|line| {
            let pid = line.reference["catalogItemId"].as_str().unwrap_or_default();
            let mut priced = Priced::missing(line);
            let Some(product) = catalog.get(pid).filter(|i| i.data.at("visible") != false) else {
                return priced;
            };
            let d = &product.data;
            let options = &line.reference["options"];
            let variants: Vec<&Value> = d.at("variants").as_array().into_iter().flatten().collect();
            let variant = match (
                options["variantId"].as_str(),
                options["options"].as_object(),
            ) {
                (Some(vid), _) => variants.iter().find(|v| v["id"] == vid),
                (None, Some(chosen)) => variants.iter().find(|v| {
                    v["choices"].as_object().is_some_and(|c| {
                        c.len() == chosen.len() && chosen.iter().all(|(k, x)| c.get(k) == Some(x))
                    })
                }),
                (None, None) => variants.iter().find(|v| v["id"] == DEFAULT_VARIANT),
            };
            priced.name = d.at("name").as_str().unwrap_or_default().into();
            priced.slug = d.at("slug").as_str().unwrap_or_default().into();
            priced.image = d.at("mainMedia").as_str().map(str::to_string);
            priced.collections = d
                .at("collectionIds")
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect();
            priced.text_fields = d
                .at("customTextFields")
                .as_array()
                .cloned()
                .unwrap_or_default();
            let Some(variant) = variant.filter(|v| v["visible"] != false) else {
                return priced;
            };
            let vid = variant["id"].as_str().unwrap_or_default();
            let (full, discounted) = products::variant_prices(c, d, variant);
            priced.variant_id = vid.into();
            priced.full_price = full;
            priced.price = discounted;
            priced.weight = match &variant["weight"] {
                Value::Null => stored(d.at("weight")),
                w => stored(w),
            };
            priced.sku = variant["sku"]
                .as_str()
                .or_else(|| d.at("sku").as_str())
                .unwrap_or_default()
                .into();
            priced.shippable = d.at("productType") != "digital";
            for (name, choice) in variant["choices"].as_object().into_iter().flatten() {
                priced.description_lines.push(json!({
                    "name": { "original": name, "translated": name },
                    "plainText": { "original": choice, "translated": choice },
                    "lineType": "PLAIN_TEXT",
                }));
            }
            for (title, text) in options["customTextFields"]
                .as_object()
                .into_iter()
                .flatten()
            {
                priced.description_lines.push(json!({
                    "name": { "original": title, "translated": title },
                    "plainText": { "original": text, "translated": text },
                    "lineType": "PLAIN_TEXT",
                }));
            }
            let level = stock
                .iter()
                .find(|l| l.product_id == pid && l.variant_id == vid);
            priced.available = match level {
                Some(l) => l.available(),
                None => Some(0),
            };
            priced.status = availability(priced.available, line.quantity);
            priced
        })
        .collect();
    // In the order the lines were given.
    Ok(all
        .iter()
        .filter_map(|l| {
            let from = if l.reference["appId"] == STORES_APP_ID {
                &mut from_store
            } else {
                &mut from_plugins
            };
            let at = from.iter().position(|x| x.line.id == l.id)?;
            Some(from.swap_remove(at))
        })
        .collect())
}

/// A line's availability for `quantity` when `available` can be bought (None: no limit).
pub fn availability(available: Option<i64>, quantity: i64) -> &'static str {
    match available {
        None => "AVAILABLE",
        Some(0) => "NOT_AVAILABLE",
        Some(a) if a < quantity => "PARTIALLY_AVAILABLE",
        Some(_) => "AVAILABLE",
    }
}

/// A coupon as pricing applies it (`coupons.rs` reads it).
#[derive(Clone, Debug)]
pub struct Coupon {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: CouponKind,
    pub minimum_subtotal: Option<Decimal>,
    pub scope: Scope,
    pub limit: Option<i64>,
    pub per_customer: Option<i64>,
}

#[derive(Clone, Debug)]
pub enum CouponKind {
    /// Percent off the items it applies to.
    PercentOff(Decimal),
    /// An amount off those items in all.
    MoneyOff(Decimal),
    FreeShipping,
    /// Each item it applies to costs this.
    FixedPrice(Decimal),
    /// For every `x` bought, `y` more free (the cheapest).
    BuyXGetY {
        x: i64,
        y: i64,
    },
}

/// The items a coupon or a discount rule applies to.
#[derive(Clone, Debug)]
pub enum Scope {
    All,
    Products(Vec<String>),
    Collections(Vec<String>),
}

impl Scope {
    fn covers(&self, l: &Priced) -> bool {
        match self {
            Self::All => true,
            Self::Products(ids) => ids.contains(&l.product_id),
            Self::Collections(ids) => l.collections.iter().any(|c| ids.contains(c)),
        }
    }
}

/// Whether any of `scopes` covers the line (no scopes: every line).
fn in_scopes(scopes: &[Scope], l: &Priced) -> bool {
    scopes.is_empty() || scopes.iter().any(|s| s.covers(l))
}

/// An automatic discount (`/ecom/v1/discount-rules`) as pricing applies it
/// (`discount_rules.rs` reads it): when its trigger holds, each of its discounts takes off
/// the lines in its scopes.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub trigger: Option<Trigger>,
    pub discounts: Vec<RuleDiscount>,
}

/// When a rule applies.
#[derive(Clone, Debug)]
pub enum Trigger {
    All(Vec<Trigger>),
    Any(Vec<Trigger>),
    /// The subtotal of the lines in scope, both ends included.
    Subtotal {
        scopes: Vec<Scope>,
        from: Option<Decimal>,
        to: Option<Decimal>,
    },
    /// How many items in scope, both ends included.
    Quantity {
        scopes: Vec<Scope>,
        from: Option<i64>,
        to: Option<i64>,
    },
    /// Only these members.
    Members(Vec<String>),
    /// A custom trigger of an `ecom-discounts-trigger` plugin, by its id.
    Custom(String),
}

#[derive(Clone, Debug)]
pub struct RuleDiscount {
    pub kind: RuleKind,
    pub scopes: Vec<Scope>,
}

#[derive(Clone, Debug)]
pub enum RuleKind {
    Percent(Decimal),
    /// Off each item.
    AmountOff(Decimal),
    /// Each item costs this.
    FixedPrice(Decimal),
    /// Each group of `quantity` items costs `price` ("3 for $10"), largest groups first.
    QuantityPrice(Vec<(i64, Decimal)>),
}

impl Trigger {
    fn holds(&self, lines: &[Priced], totals: &[Decimal], offers: &Offers) -> bool {
        match self {
            Self::All(ts) => ts.iter().all(|t| t.holds(lines, totals, offers)),
            Self::Any(ts) => ts.iter().any(|t| t.holds(lines, totals, offers)),
            Self::Subtotal { scopes, from, to } => {
                let sum: Decimal = (0..lines.len())
                    .filter(|&i| in_scopes(scopes, &lines[i]))
                    .map(|i| totals[i])
                    .sum();
                from.is_none_or(|f| sum >= f) && to.is_none_or(|t| sum <= t)
            }
            Self::Quantity { scopes, from, to } => {
                let n: i64 = (0..lines.len())
                    .filter(|&i| in_scopes(scopes, &lines[i]) && !totals[i].is_zero())
                    .map(|i| lines[i].quantity())
                    .sum();
                from.is_none_or(|f| n >= f) && to.is_none_or(|t| n <= t)
            }
            Self::Members(ids) => offers
                .member
                .as_ref()
                .is_some_and(|m| ids.iter().any(|i| i == m)),
            Self::Custom(id) => offers.custom_triggers.contains(id),
        }
    }

    /// The custom triggers it names.
    pub fn custom(&self, out: &mut Vec<String>) {
        match self {
            Self::All(ts) | Self::Any(ts) => ts.iter().for_each(|t| t.custom(out)),
            Self::Custom(id) if !out.contains(id) => out.push(id.clone()),
            _ => {}
        }
    }
}

impl Rule {
    /// What the rule takes off each line, never more than the line has `left`.
    fn discounts(
        &self,
        c: &Currency,
        lines: &[Priced],
        totals: &[Decimal],
        left: &[Decimal],
    ) -> Vec<Decimal> {
        let mut off = vec![Decimal::ZERO; lines.len()];
        for d in &self.discounts {
            let covered: Vec<usize> = (0..lines.len())
                .filter(|&i| in_scopes(&d.scopes, &lines[i]) && !totals[i].is_zero())
                .collect();
            for &i in &covered {
                let q = Decimal::from(lines[i].quantity());
                off[i] += match &d.kind {
                    RuleKind::Percent(rate) => c.round(totals[i] * *rate / Decimal::ONE_HUNDRED),
                    RuleKind::AmountOff(each) => c.round(*each * q),
                    RuleKind::FixedPrice(each) => {
                        (totals[i] - c.round(*each * q)).max(Decimal::ZERO)
                    }
                    RuleKind::QuantityPrice(_) => Decimal::ZERO,
                };
            }
            if let RuleKind::QuantityPrice(groups) = &d.kind {
                // Every unit, dearest first, taken in the largest groups that fit.
                let mut units: Vec<(Decimal, usize)> = covered
                    .iter()
                    .flat_map(|&i| {
                        std::iter::repeat_n(
                            (lines[i].price, i),
                            lines[i].quantity().max(0) as usize,
                        )
                    })
                    .collect();
                units.sort_by_key(|u| std::cmp::Reverse(u.0));
                let mut sizes = groups.clone();
                sizes.sort_by_key(|g| std::cmp::Reverse(g.0));
                let mut rest = units.as_slice();
                for (size, price) in sizes {
                    let size = size.max(1) as usize;
                    while rest.len() >= size {
                        let (group, after) = rest.split_at(size);
                        let full: Decimal = group.iter().map(|u| u.0).sum();
                        if full > price {
                            // Shared in proportion to each unit's price, the last taking what rounding left.
                            let saved = full - price;
                            let mut given = Decimal::ZERO;
                            for (k, (unit, i)) in group.iter().enumerate() {
                                let share = if k + 1 == group.len() {
                                    saved - given
                                } else {
                                    c.round(saved * *unit / full)
                                };
                                off[*i] += share;
                                given += share;
                            }
                        }
                        rest = after;
                    }
                }
            }
        }
        for (o, l) in off.iter_mut().zip(left) {
            *o = (*o).min(*l).max(Decimal::ZERO);
        }
        off
    }
}

/// A rule that took something off, for `appliedDiscounts`.
#[derive(Clone, Debug)]
pub struct AppliedRule {
    pub id: String,
    pub name: String,
    pub amount: Decimal,
    pub line_ids: Vec<String>,
}

/// What may lower a cart's or checkout's price: its coupon (or why the code it has no longer
/// applies), the site's live discount rules, and the member buying.
#[derive(Clone, Debug, Default)]
pub struct Offers {
    pub coupon: Option<Coupon>,
    pub coupon_error: Option<String>,
    pub rules: std::sync::Arc<Vec<Rule>>,
    pub member: Option<String>,
    /// The custom triggers that hold (`ecom-discounts-trigger` plugins).
    pub custom_triggers: std::collections::HashSet<String>,
    /// Shipping rates from `ecom-shipping-rates` plugins, beside the store's rules.
    pub rates: Vec<ShippingOption>,
}

impl Offers {
    /// The custom triggers the live rules name.
    pub fn custom_trigger_ids(&self) -> Vec<String> {
        let mut out = Vec::new();
        for r in self.rules.iter() {
            if let Some(t) = &r.trigger {
                t.custom(&mut out);
            }
        }
        out
    }

    #[cfg(test)]
    pub fn coupon(c: Coupon) -> Self {
        Self {
            coupon: Some(c),
            ..Self::default()
        }
    }
}

/// The offers a cart's or checkout's data names.
pub async fn offers(
    p: &Platform,
    site: &Site,
    data: &serde_json::Map<String, Value>,
) -> WixResult<Offers> {
    let (coupon, coupon_error) = crate::coupons::of_doc(p, site, data).await?;
    let member = data
        .at("memberId")
        .as_str()
        .or_else(|| data.at("buyerInfo")["memberId"].as_str())
        .map(str::to_string);
    Ok(Offers {
        coupon,
        coupon_error,
        rules: crate::discount_rules::live(p, site).await?,
        member,
        ..Offers::default()
    })
}

/// What each line takes off for `coupon`, and what the delivery does (line discounts).
fn coupon_discounts(
    c: &Currency,
    coupon: &Coupon,
    lines: &[Priced],
    totals: &[Decimal],
) -> Vec<Decimal> {
    let mut off = vec![Decimal::ZERO; lines.len()];
    let covered: Vec<usize> = (0..lines.len())
        .filter(|&i| coupon.scope.covers(&lines[i]) && !totals[i].is_zero())
        .collect();
    match &coupon.kind {
        CouponKind::PercentOff(rate) => {
            for &i in &covered {
                off[i] = c.round(totals[i] * *rate / Decimal::ONE_HUNDRED);
            }
        }
        CouponKind::MoneyOff(amount) => {
            // Shared in proportion to the lines, the last taking what rounding left.
            let base: Decimal = covered.iter().map(|&i| totals[i]).sum();
            let mut left = (*amount).min(base);
            for (k, &i) in covered.iter().enumerate() {
                let share = if k + 1 == covered.len() {
                    left
                } else {
                    c.round(*amount.min(&base) * totals[i] / base)
                };
                off[i] = share.min(left);
                left -= off[i];
            }
        }
        CouponKind::FixedPrice(each) => {
            for &i in &covered {
                let q = Decimal::from(lines[i].quantity());
                off[i] = (totals[i] - c.round(*each * q)).max(Decimal::ZERO);
            }
        }
        CouponKind::BuyXGetY { x, y } => {
            // Every unit, dearest first; in each group of x + y, the last y are free.
            let mut units: Vec<(Decimal, usize)> = covered
                .iter()
                .flat_map(|&i| {
                    std::iter::repeat_n((lines[i].price, i), lines[i].quantity().max(0) as usize)
                })
                .collect();
            units.sort_by_key(|u| std::cmp::Reverse(u.0));
            let group = (x + y) as usize;
            for (n, (price, i)) in units.into_iter().enumerate() {
                if n % group >= *x as usize {
                    off[i] += price;
                }
            }
        }
        CouponKind::FreeShipping => {}
    }
    off
}

/// Where the goods go, as far as tax and shipping need it.
#[derive(Clone, Debug, Default)]
pub struct Destination {
    pub country: String,
    pub subdivision: String,
}

impl Destination {
    pub fn of(address: &Value) -> Option<Self> {
        let country = address["country"].as_str()?.trim().to_ascii_uppercase();
        if country.is_empty() {
            return None;
        }
        Some(Self {
            country,
            subdivision: address["subdivision"]
                .as_str()
                .unwrap_or_default()
                .rsplit('-')
                .next()
                .unwrap_or_default()
                .to_ascii_uppercase(),
        })
    }
}

#[derive(Clone, Debug)]
pub struct ShippingOption {
    pub code: String,
    pub title: String,
    pub cost: Decimal,
    pub delivery_time: String,
    pub pickup: Option<String>,
    /// `tessera` for the store's rules, else the plugin's name.
    pub carrier: String,
}

/// An additional fee from an `ecom-additional-fees` plugin.
#[derive(Clone, Debug)]
pub struct Fee {
    pub code: String,
    pub name: String,
    pub price: Decimal,
    pub taxable: bool,
    pub tax: Decimal,
    pub line_ids: Vec<String>,
    /// `<type>/<name>` of the plugin.
    pub plugin: String,
}

#[derive(Clone, Debug)]
pub struct LineTotals {
    /// Price × quantity, as the price is written (with tax when prices include it).
    pub total: Decimal,
    pub tax: Decimal,
    pub rate: Decimal,
    /// What discount rules and a coupon take off the line.
    pub discount: Decimal,
}

#[derive(Clone, Debug)]
pub struct Summary {
    pub lines: Vec<LineTotals>,
    pub subtotal: Decimal,
    pub shipping: Decimal,
    pub tax: Decimal,
    pub discount: Decimal,
    pub total: Decimal,
    /// The coupon that applies and what it takes off, and why one sent does not.
    pub coupon: Option<Coupon>,
    pub coupon_amount: Decimal,
    pub coupon_error: Option<String>,
    /// The discount rules that took something off.
    pub rules: Vec<AppliedRule>,
    pub needs_shipping: bool,
    pub options: Vec<ShippingOption>,
    pub selected: Option<ShippingOption>,
    /// What a free-shipping coupon takes off the shipping, and the shipping's tax.
    pub shipping_off: Decimal,
    pub shipping_tax: Decimal,
    /// The store's tax rate for the destination.
    pub rate: Decimal,
    pub fees: Vec<Fee>,
    /// Validation plugins' violations (`{severity, target, description}`).
    pub violations: Vec<Value>,
    /// Service plugins that failed: each blocks the order.
    pub errors: Vec<String>,
}

/// The tax inside `amount` at `rate` when prices include it, else on top of it.
fn tax_of(c: &Currency, amount: Decimal, rate: Decimal, included: bool) -> Decimal {
    if rate.is_zero() {
        return Decimal::ZERO;
    }
    if included {
        c.round(amount - amount / (Decimal::ONE + rate))
    } else {
        c.round(amount * rate)
    }
}

/// The sums of priced lines (only what can be bought counts) for a destination, with the
/// chosen shipping option (or the first that applies).
pub fn summarize(
    s: &Settings,
    lines: &[Priced],
    to: Option<&Destination>,
    chosen: Option<&str>,
    offers: &Offers,
) -> Summary {
    let c = &s.currency;
    let rate = to
        .and_then(|d| s.tax_region(&d.country, &d.subdivision))
        .map_or(Decimal::ZERO, |r| r.rate);
    let mut totals = Vec::new();
    let mut subtotal = Decimal::ZERO;
    let mut weight = Decimal::ZERO;
    let mut needs_shipping = false;
    let mut line_totals = Vec::new();
    for l in lines {
        let q = if l.can_buy() { l.quantity() } else { 0 };
        let total = c.round(l.price * Decimal::from(q));
        subtotal += total;
        if l.shippable && q > 0 {
            needs_shipping = true;
            weight += l.weight * Decimal::from(q);
        }
        line_totals.push(total);
    }
    // Rules first, each on what the others left; then the coupon on what is left.
    let mut off = vec![Decimal::ZERO; lines.len()];
    let mut rules = Vec::new();
    for r in offers.rules.iter() {
        if r.trigger
            .as_ref()
            .is_some_and(|t| !t.holds(lines, &line_totals, offers))
        {
            continue;
        }
        let left: Vec<Decimal> = line_totals.iter().zip(&off).map(|(t, o)| *t - *o).collect();
        let took = r.discounts(c, lines, &line_totals, &left);
        let amount: Decimal = took.iter().sum();
        if amount.is_zero() {
            continue;
        }
        rules.push(AppliedRule {
            id: r.id.clone(),
            name: r.name.clone(),
            amount,
            line_ids: (0..lines.len())
                .filter(|&i| !took[i].is_zero())
                .map(|i| lines[i].line.id.clone())
                .collect(),
        });
        for (o, t) in off.iter_mut().zip(took) {
            *o += t;
        }
    }
    // A coupon below its minimum subtotal does not apply (and says so).
    let (coupon, coupon_error) = match &offers.coupon {
        Some(k) if k.minimum_subtotal.is_some_and(|m| subtotal < m) => (
            None,
            Some(format!(
                "coupon {} needs a subtotal of {}",
                k.code,
                c.formatted(k.minimum_subtotal.unwrap_or_default())
            )),
        ),
        other => (other.as_ref(), offers.coupon_error.clone()),
    };
    let left: Vec<Decimal> = line_totals.iter().zip(&off).map(|(t, o)| *t - *o).collect();
    let mut coupon_amount = Decimal::ZERO;
    if let Some(k) = coupon {
        for (i, took) in coupon_discounts(c, k, lines, &left).into_iter().enumerate() {
            let took = took.min(left[i]);
            off[i] += took;
            coupon_amount += took;
        }
    }
    let discounts = off;
    // Tax is on what is paid for each line, after its discount.
    for (total, off) in line_totals.iter().zip(&discounts) {
        let tax = tax_of(c, *total - *off, rate, s.tax_included);
        totals.push(LineTotals {
            total: *total,
            tax,
            rate,
            discount: *off,
        });
    }
    let options: Vec<ShippingOption> = if needs_shipping {
        s.shipping
            .iter()
            .filter(|r| {
                r.countries.is_empty() || to.is_some_and(|d| r.countries.contains(&d.country))
            })
            .map(|r| {
                let cost = match &r.rate {
                    Rate::Flat(a) => *a,
                    Rate::ByWeight { base, per_unit } => *base + *per_unit * weight,
                    Rate::Pickup { .. } => Decimal::ZERO,
                };
                let free = r.free_over.is_some_and(|f| subtotal >= f);
                ShippingOption {
                    code: r.code.clone(),
                    title: r.title.clone(),
                    cost: if free { Decimal::ZERO } else { c.round(cost) },
                    delivery_time: r.delivery_time.clone(),
                    pickup: match &r.rate {
                        Rate::Pickup { address } => Some(address.clone()),
                        _ => None,
                    },
                    carrier: "tessera".into(),
                }
            })
            .chain(offers.rates.iter().cloned())
            .collect()
    } else {
        Vec::new()
    };
    let selected = chosen
        .and_then(|code| options.iter().find(|o| o.code == code))
        .or_else(|| options.first())
        .cloned();
    let shipping = selected.as_ref().map_or(Decimal::ZERO, |o| o.cost);
    let shipping_off = match coupon.map(|k| &k.kind) {
        Some(CouponKind::FreeShipping) => shipping,
        _ => Decimal::ZERO,
    };
    let shipping_tax = if s.tax_shipping {
        tax_of(c, shipping - shipping_off, rate, s.tax_included)
    } else {
        Decimal::ZERO
    };
    let tax: Decimal = totals.iter().map(|t| t.tax).sum::<Decimal>() + shipping_tax;
    let discount = discounts.iter().copied().sum::<Decimal>() + shipping_off;
    let total = if s.tax_included {
        subtotal + shipping - discount
    } else {
        subtotal + shipping - discount + tax
    };
    Summary {
        lines: totals,
        subtotal,
        shipping,
        tax,
        discount,
        coupon: coupon.cloned(),
        coupon_amount: coupon_amount + shipping_off,
        coupon_error,
        rules,
        total,
        needs_shipping,
        options,
        selected,
        shipping_off,
        shipping_tax,
        rate,
        fees: Vec::new(),
        violations: Vec::new(),
        errors: Vec::new(),
    }
}

impl Summary {
    pub fn fees_total(&self) -> Decimal {
        self.fees.iter().map(|f| f.price).sum()
    }

    /// Adds fees, taxable ones taxed at the store's rate for the destination.
    pub fn add_fees(&mut self, s: &Settings, fees: Vec<Fee>) {
        for mut f in fees {
            if f.taxable {
                f.tax = tax_of(&s.currency, f.price, self.rate, s.tax_included);
            }
            self.fees.push(f);
        }
        self.retotal(s);
    }

    /// Taxes from a tax plugin, by line id (`shipping`, `fee:<code>` for those).
    pub fn set_taxes(
        &mut self,
        s: &Settings,
        lines: &[Priced],
        by_id: &std::collections::HashMap<String, (Decimal, Decimal)>,
    ) {
        for (l, t) in lines.iter().zip(self.lines.iter_mut()) {
            let (tax, rate) = by_id.get(&l.line.id).copied().unwrap_or_default();
            (t.tax, t.rate) = (tax, rate);
        }
        self.shipping_tax = by_id.get("shipping").map_or(Decimal::ZERO, |t| t.0);
        for f in &mut self.fees {
            f.tax = by_id
                .get(&format!("fee:{}", f.code))
                .map_or(Decimal::ZERO, |t| t.0);
        }
        self.retotal(s);
    }

    /// The tax and total again from the parts.
    fn retotal(&mut self, s: &Settings) {
        self.tax = self.lines.iter().map(|t| t.tax).sum::<Decimal>()
            + self.shipping_tax
            + self.fees.iter().map(|f| f.tax).sum::<Decimal>();
        let before_tax = self.subtotal + self.shipping - self.discount + self.fees_total();
        self.total = if s.tax_included {
            before_tax
        } else {
            before_tax + self.tax
        };
    }
}

impl Summary {
    /// eCommerce's `priceSummary`.
    pub fn view(&self, c: &Currency) -> Value {
        json!({
            "subtotal": c.price(self.subtotal),
            "shipping": c.price(self.shipping),
            "tax": c.price(self.tax),
            "discount": c.price(self.discount),
            "total": c.price(self.total),
            "additionalFees": c.price(self.fees_total()),
        })
    }

    pub fn option_view(&self, c: &Currency, o: &ShippingOption) -> Value {
        json!({
            "code": o.code,
            "title": o.title,
            "logistics": {
                "deliveryTime": o.delivery_time,
                "pickupDetails": o.pickup.as_ref().map(|a| json!({"address": {"addressLine": a}, "pickupMethod": "STORE_PICKUP"})),
            },
            "cost": { "price": c.price(o.cost), "totalPriceAfterTax": c.price(o.cost) },
        })
    }

    /// `shippingInfo.carrierServiceOptions` and the selected option.
    pub fn shipping_view(&self, c: &Currency, destination: &Value) -> Value {
        let mut carriers: Vec<&str> = Vec::new();
        for o in &self.options {
            if !carriers.contains(&o.carrier.as_str()) {
                carriers.push(&o.carrier);
            }
        }
        if carriers.is_empty() {
            carriers.push("tessera");
        }
        json!({
            "shippingDestination": destination,
            "selectedCarrierServiceOption": self.selected.as_ref().map(|o| {
                let mut v = self.option_view(c, o);
                v["carrierId"] = json!(o.carrier);
                v
            }),
            "carrierServiceOptions": carriers.iter().map(|carrier| json!({
                "carrierId": carrier,
                "shippingOptions": self.options.iter().filter(|o| o.carrier == *carrier).map(|o| self.option_view(c, o)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }

    /// eCommerce's `appliedDiscounts`: each rule that took something off, then the coupon.
    pub fn discounts_view(&self, c: &Currency) -> Value {
        let mut out: Vec<Value> = self
            .rules
            .iter()
            .map(|r| {
                json!({
                    "discountType": "SPECIFIC_ITEMS",
                    "lineItemIds": r.line_ids,
                    "discountRule": { "id": r.id, "name": { "original": r.name }, "amount": c.price(r.amount) },
                })
            })
            .collect();
        if let Some(k) = &self.coupon {
            out.push(json!({
                "discountType": if matches!(k.kind, CouponKind::FreeShipping) { "SHIPPING" } else { "GLOBAL" },
                "coupon": { "id": k.id, "code": k.code, "name": k.name, "amount": c.price(self.coupon_amount), "perCustomer": k.per_customer.is_some() },
            }));
        }
        Value::Array(out)
    }

    pub fn tax_view(&self, c: &Currency) -> Value {
        json!({ "totalTax": c.price(self.tax) })
    }

    /// eCommerce's `additionalFees`.
    pub fn fees_view(&self, c: &Currency, tax_included: bool) -> Value {
        self.fees
            .iter()
            .map(|f| {
                let before_tax = if tax_included {
                    f.price - f.tax
                } else {
                    f.price
                };
                json!({
                    "code": f.code,
                    "name": f.name,
                    "translatedName": f.name,
                    "price": c.price(f.price),
                    "priceBeforeTax": c.price(before_tax),
                    "priceAfterTax": c.price(before_tax + f.tax),
                    "taxDetails": { "taxable": f.taxable, "totalTax": c.price(f.tax) },
                    "lineItemIds": f.line_ids,
                    "providerAppId": f.plugin,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::parse;

    fn line(price: &str, quantity: i64, weight: &str) -> Priced {
        Priced {
            line: Line {
                id: "l".into(),
                quantity,
                reference: Value::Null,
            },
            status: "AVAILABLE",
            available: None,
            product_id: "p".into(),
            variant_id: DEFAULT_VARIANT.into(),
            name: "Thing".into(),
            price: price.parse().unwrap(),
            full_price: price.parse().unwrap(),
            weight: weight.parse().unwrap(),
            sku: String::new(),
            shippable: true,
            image: None,
            slug: "thing".into(),
            description_lines: Vec::new(),
            collections: Vec::new(),
            text_fields: Vec::new(),
            catalog: None,
            url: None,
        }
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn settings(v: Value) -> Settings {
        parse(&v).unwrap()
    }

    fn to(country: &str, subdivision: &str) -> Destination {
        Destination {
            country: country.into(),
            subdivision: subdivision.into(),
        }
    }

    /// Tax on top, per line, rounded half-up to the cent; shipping by weight.
    #[test]
    fn tax_added_to_prices_and_shipping_by_weight() {
        let s = settings(json!({
            "currency": "USD",
            "taxRegions": [
                {"country": "US", "rate": "0.05", "name": "US"},
                {"country": "US", "subdivision": "CA", "rate": "0.0725", "name": "CA"}
            ],
            "shippingRules": [
                {"code": "post", "rate": {"type": "BY_WEIGHT", "base": "2.50", "perUnit": "1.10"}},
                {"code": "pickup", "rate": {"type": "PICKUP", "address": "1 Main St"}}
            ],
        }));
        let lines = [line("19.99", 3, "0.5"), line("0.35", 1, "0")];
        let sum = summarize(&s, &lines, Some(&to("US", "CA")), None, &Offers::default());
        // 59.97 × 0.0725 = 4.347825 → 4.35; 0.35 × 0.0725 = 0.025375 → 0.03.
        assert_eq!(sum.subtotal, d("60.32"));
        assert_eq!(sum.tax, d("4.38"));
        // 2.50 + 1.10 × 1.5 kg = 4.15.
        assert_eq!(sum.shipping, d("4.15"));
        assert_eq!(sum.total, d("68.85"));
        // Another state of the country: the country's rate.
        let ny = summarize(
            &s,
            &lines,
            Some(&to("US", "NY")),
            Some("pickup"),
            &Offers::default(),
        );
        assert_eq!(ny.tax, d("3.02"));
        assert_eq!(ny.shipping, d("0"));
        assert_eq!(ny.total, d("63.34"));
    }

    /// Prices with tax in them: the tax is the part of the price, and the total is the sum.
    #[test]
    fn tax_included_in_prices_and_free_over() {
        let s = settings(json!({
            "currency": "EUR",
            "taxIncludedInPrices": true,
            "taxShipping": true,
            "taxRegions": [{"country": "DE", "rate": "0.19"}],
            "shippingRules": [{"code": "std", "rate": {"type": "FLAT", "amount": "4.90"}, "freeOver": "50", "countries": ["DE", "AT"]}],
        }));
        let lines = [line("11.90", 2, "1")];
        let sum = summarize(&s, &lines, Some(&to("DE", "")), None, &Offers::default());
        // 23.80 / 1.19 = 20.00 → tax 3.80; shipping 4.90 → tax 0.78.
        assert_eq!(sum.tax, d("4.58"));
        assert_eq!(sum.total, d("28.70"));
        let big = summarize(
            &s,
            &[line("25", 2, "1")],
            Some(&to("DE", "")),
            None,
            &Offers::default(),
        );
        assert_eq!(big.shipping, d("0"), "free from 50");
        // No rule for France: nothing to choose, no shipping priced.
        let fr = summarize(&s, &lines, Some(&to("FR", "")), None, &Offers::default());
        assert!(fr.options.is_empty() && fr.selected.is_none());
    }

    /// Yen have no minor units, dinars three.
    #[test]
    fn rounds_to_each_currency() {
        let jpy = settings(
            json!({"currency": "JPY", "taxRegions": [{"country": "JP", "rate": "0.1"}], "shippingRules": []}),
        );
        let sum = summarize(
            &jpy,
            &[line("1234", 1, "0")],
            Some(&to("JP", "")),
            None,
            &Offers::default(),
        );
        assert_eq!((sum.tax, sum.total), (d("123"), d("1357")));
        let kwd = settings(
            json!({"currency": "KWD", "taxRegions": [{"country": "KW", "rate": "0.05"}], "shippingRules": []}),
        );
        let sum = summarize(
            &kwd,
            &[line("1.005", 3, "0")],
            Some(&to("KW", "")),
            None,
            &Offers::default(),
        );
        // 3.015 × 0.05 = 0.15075 → 0.151.
        assert_eq!(
            (sum.subtotal, sum.tax, sum.total),
            (d("3.015"), d("0.151"), d("3.166"))
        );
    }

    #[test]
    fn only_what_can_be_bought_counts() {
        let s = settings(json!({"currency": "USD", "shippingRules": []}));
        let mut gone = line("10", 2, "0");
        gone.status = "NOT_AVAILABLE";
        gone.available = Some(0);
        let mut few = line("10", 5, "0");
        few.status = "PARTIALLY_AVAILABLE";
        few.available = Some(3);
        let sum = summarize(&s, &[gone, few], None, None, &Offers::default());
        assert_eq!(sum.subtotal, d("30"));
    }

    fn coupon(kind: CouponKind) -> Coupon {
        Coupon {
            id: "c".into(),
            code: "SAVE".into(),
            name: "Save".into(),
            kind,
            minimum_subtotal: None,
            scope: Scope::All,
            limit: None,
            per_customer: None,
        }
    }

    /// Each kind of coupon, to the cent, with tax on what is paid after the discount.
    #[test]
    fn coupons_take_off_exactly() {
        let s = settings(
            json!({"currency": "USD", "taxRegions": [{"country": "US", "rate": "0.1"}],
            "shippingRules": [{"code": "std", "rate": {"type": "FLAT", "amount": "5"}}]}),
        );
        let us = to("US", "");
        let lines = [line("10", 3, "0"), line("5.55", 1, "0")];
        let with =
            |k: CouponKind| summarize(&s, &lines, Some(&us), None, &Offers::coupon(coupon(k)));
        // 15 % of 30.00 = 4.50 and of 5.55 = 0.8325 → 0.83; tax 10 % of 25.50 and 4.72.
        let pct = with(CouponKind::PercentOff(d("15")));
        assert_eq!(
            (pct.discount, pct.tax, pct.total),
            (d("5.33"), d("3.02"), d("38.24"))
        );
        // 10.00 off shared 30 : 5.55 → 8.44 and 1.56.
        let off = with(CouponKind::MoneyOff(d("10")));
        assert_eq!(
            off.lines.iter().map(|l| l.discount).collect::<Vec<_>>(),
            vec![d("8.44"), d("1.56")]
        );
        assert_eq!(off.total, d("25.55") + d("2.56") + d("5"));
        // More off than the items cost: the items, no more.
        assert_eq!(with(CouponKind::MoneyOff(d("100"))).discount, d("35.55"));
        // Buy 2 get 1: of 10, 10, 10, 5.55 the third unit (10.00) is free.
        assert_eq!(with(CouponKind::BuyXGetY { x: 2, y: 1 }).discount, d("10"));
        assert_eq!(
            with(CouponKind::FixedPrice(d("4"))).discount,
            d("18") + d("1.55")
        );
        let free = with(CouponKind::FreeShipping);
        assert_eq!((free.discount, free.shipping), (d("5"), d("5")));
        // Below its minimum it does not apply, and says why.
        let mut k = coupon(CouponKind::PercentOff(d("50")));
        k.minimum_subtotal = Some(d("100"));
        let sum = summarize(&s, &lines, Some(&us), None, &Offers::coupon(k));
        assert!(sum.discount.is_zero() && sum.coupon.is_none());
        assert!(sum.coupon_error.unwrap().contains("$100.00"));
        // Scoped to another product: nothing off.
        let mut k = coupon(CouponKind::PercentOff(d("50")));
        k.scope = Scope::Products(vec!["other".into()]);
        assert!(
            summarize(&s, &lines, Some(&us), None, &Offers::coupon(k))
                .discount
                .is_zero()
        );
    }

    fn rule(trigger: Option<Trigger>, kind: RuleKind) -> Rule {
        Rule {
            id: "r".into(),
            name: "Rule".into(),
            trigger,
            discounts: vec![RuleDiscount {
                kind,
                scopes: vec![Scope::All],
            }],
        }
    }

    /// Each kind of discount rule, its triggers, rules stacking on what the others left, and
    /// a coupon after them.
    #[test]
    fn discount_rules_take_off_exactly() {
        let s = settings(json!({"currency": "USD", "shippingRules": []}));
        let mut lines = vec![line("10", 3, "0"), line("5.55", 1, "0")];
        lines[1].product_id = "q".into();
        lines[1].collections = vec!["mugs".into()];
        let with = |rules: Vec<Rule>, member: Option<&str>| {
            summarize(
                &s,
                &lines,
                None,
                None,
                &Offers {
                    rules: std::sync::Arc::new(rules),
                    member: member.map(str::to_string),
                    ..Offers::default()
                },
            )
        };
        // 15 % of 30.00 and of 5.55 (0.8325 → 0.83).
        let sum = with(vec![rule(None, RuleKind::Percent(d("15")))], None);
        assert_eq!((sum.discount, sum.total), (d("5.33"), d("30.22")));
        assert_eq!(sum.rules[0].amount, d("5.33"));
        // 2.00 off each item: 6.00 and 2.00; 7.00 off each: 21.00, and 5.55 (no more than it costs).
        assert_eq!(
            with(vec![rule(None, RuleKind::AmountOff(d("2")))], None).discount,
            d("8")
        );
        assert_eq!(
            with(vec![rule(None, RuleKind::AmountOff(d("7")))], None).discount,
            d("26.55")
        );
        // Each at 4.00: 18.00 and 1.55 off.
        assert_eq!(
            with(vec![rule(None, RuleKind::FixedPrice(d("4")))], None).discount,
            d("19.55")
        );
        // Two for 15.00 over 10, 10, 10, 5.55: one pair of 10s (5.00 off), then 10 + 5.55
        // (0.55 off); three for 25.00 first takes the three 10s (5.00 off).
        assert_eq!(
            with(
                vec![rule(None, RuleKind::QuantityPrice(vec![(2, d("15"))]))],
                None
            )
            .discount,
            d("5.55")
        );
        assert_eq!(
            with(
                vec![rule(
                    None,
                    RuleKind::QuantityPrice(vec![(2, d("15")), (3, d("25"))])
                )],
                None
            )
            .discount,
            d("5")
        );
        // Triggers: a subtotal of the mugs from 5.00, a quantity of 5 or more, members.
        let mugs = vec![Scope::Collections(vec!["mugs".into()])];
        let pct = || RuleKind::Percent(d("10"));
        let subtotal = Trigger::Subtotal {
            scopes: mugs.clone(),
            from: Some(d("5")),
            to: None,
        };
        assert_eq!(
            with(vec![rule(Some(subtotal.clone()), pct())], None).discount,
            d("3.56")
        );
        let many = Trigger::Quantity {
            scopes: Vec::new(),
            from: Some(5),
            to: None,
        };
        assert!(
            with(vec![rule(Some(many.clone()), pct())], None)
                .discount
                .is_zero()
        );
        assert!(
            with(
                vec![rule(
                    Some(Trigger::All(vec![subtotal.clone(), many.clone()])),
                    pct()
                )],
                None
            )
            .rules
            .is_empty()
        );
        assert_eq!(
            with(
                vec![rule(Some(Trigger::Any(vec![subtotal, many])), pct())],
                None
            )
            .discount,
            d("3.56")
        );
        let vip = Trigger::Members(vec!["m1".into()]);
        assert!(
            with(vec![rule(Some(vip.clone()), pct())], None)
                .discount
                .is_zero()
        );
        assert_eq!(
            with(vec![rule(Some(vip), pct())], Some("m1")).discount,
            d("3.56")
        );
        // Stacked: 50 % then 10.00 off each item, never past what each line costs.
        let sum = with(
            vec![
                rule(None, RuleKind::Percent(d("50"))),
                rule(None, RuleKind::AmountOff(d("10"))),
            ],
            None,
        );
        assert_eq!(sum.discount, d("35.55"));
        assert_eq!(
            (sum.rules[0].amount, sum.rules[1].amount),
            (d("17.78"), d("17.77"))
        );
        // A coupon takes its share of what the rules left: 10 % of 30.00 − 15.00 and 5.55 − 2.78.
        let mut offers = Offers::coupon(coupon(CouponKind::PercentOff(d("10"))));
        offers.rules = std::sync::Arc::new(vec![rule(None, RuleKind::Percent(d("50")))]);
        let sum = summarize(&s, &lines, None, None, &offers);
        assert_eq!((sum.coupon_amount, sum.discount), (d("1.78"), d("19.56")));
    }
}
