//! A store's settings: its one currency, tax regions, shipping rules and payment providers
//! (`GET|PATCH /stores/v1/settings`, Tessera's own: Wix keeps these in its dashboard only).

use futures::FutureExt;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use tessera_core::{data::FieldType, sites::Permission, sites::Site};
use tessera_platform::{
    Platform, WixError, WixResult,
    module::{Method, Route},
};

use crate::{
    may,
    money::{Currency, amount},
    records::Kind,
};

pub const SETTINGS: Kind = Kind {
    id: "Stores/Settings",
    name: "Store settings",
    fields: &[("currency", FieldType::Text)],
    indexes: &[],
    public: false,
};

const ID: &str = "store";

/// How a shipping rule prices a delivery.
#[derive(Clone, Debug, PartialEq)]
pub enum Rate {
    Flat(Decimal),
    /// `base` plus `per_unit` for each unit of weight (kg or lb, as the store weighs).
    ByWeight {
        base: Decimal,
        per_unit: Decimal,
    },
    /// Collected by the buyer: costs nothing, needs no shipping address.
    Pickup {
        address: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ShippingRule {
    pub code: String,
    pub title: String,
    /// ISO country codes it delivers to; empty: everywhere.
    pub countries: Vec<String>,
    pub rate: Rate,
    /// Free when the items' subtotal after discounts reaches it.
    pub free_over: Option<Decimal>,
    pub delivery_time: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaxRegion {
    pub country: String,
    /// A state or province code; empty: the whole country.
    pub subdivision: String,
    /// 0.0725 for 7.25 %.
    pub rate: Decimal,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub currency: Currency,
    pub tax_included: bool,
    pub tax_shipping: bool,
    pub tax_regions: Vec<TaxRegion>,
    pub shipping: Vec<ShippingRule>,
    /// Payment providers buyers may choose, in order: `test`, `offline`, `stripe`.
    pub providers: Vec<String>,
    pub offline_instructions: String,
    /// Where new-order emails go (none: nobody is told).
    pub notify_email: Option<String>,
    pub weight_unit: &'static str,
    /// Service plugins the owner turned off, as `<type>/<name>`.
    pub disabled_plugins: Vec<String>,
    /// What each payment-provider plugin's `connectAccount` answered, by plugin name.
    pub provider_accounts: Value,
}

impl Settings {
    /// A new store: US dollars, no tax, free shipping everywhere, the test provider and
    /// offline payment on, so that everything can be tried with no account.
    fn initial() -> Value {
        json!({
            "currency": "USD",
            "taxIncludedInPrices": false,
            "taxShipping": false,
            "taxRegions": [],
            "shippingRules": [{
                "code": "free", "title": "Free shipping", "countries": [],
                "rate": {"type": "FLAT", "amount": "0"}, "deliveryTime": "3-5 business days"
            }],
            "paymentProviders": ["test", "offline"],
            "offlineInstructions": "Pay on pickup or by bank transfer.",
            "weightUnit": "KG",
        })
    }

    pub fn tax_region(&self, country: &str, subdivision: &str) -> Option<&TaxRegion> {
        let country = country.to_ascii_uppercase();
        let subdivision = subdivision.to_ascii_uppercase();
        // The most precise region that applies.
        self.tax_regions
            .iter()
            .filter(|r| r.country == country)
            .filter(|r| r.subdivision.is_empty() || r.subdivision == subdivision)
            .max_by_key(|r| !r.subdivision.is_empty())
    }
}

fn text(v: &Value, field: &str, max: usize) -> WixResult<String> {
    match v {
        Value::Null => Ok(String::new()),
        Value::String(s) if s.chars().count() <= max => Ok(s.trim().to_string()),
        Value::String(_) => Err(WixError::bad_request(format!(
            "{field}: at most {max} characters"
        ))),
        _ => Err(WixError::bad_request(format!("{field}: must be text"))),
    }
}

fn country(v: &Value, field: &str) -> WixResult<String> {
    let c = text(v, field, 2)?.to_ascii_uppercase();
    if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(WixError::bad_request(format!(
            "{field}: must be a two-letter ISO country code"
        )));
    }
    Ok(c)
}

fn required_amount(v: &Value, field: &str) -> WixResult<Decimal> {
    amount(v, field)?.ok_or_else(|| WixError::bad_request(format!("{field}: is required")))
}

/// Reads and checks stored or sent settings.
pub fn parse(v: &Value) -> WixResult<Settings> {
    let code = v["currency"].as_str().unwrap_or("USD");
    let currency = Currency::parse(code).ok_or_else(|| {
        WixError::bad_request(format!(
            "currency: '{code}' is not a currency Tessera sells in"
        ))
    })?;
    let mut tax_regions = Vec::new();
    for (i, r) in v["taxRegions"].as_array().into_iter().flatten().enumerate() {
        let field = format!("taxRegions[{i}]");
        let rate = required_amount(&r["rate"], &format!("{field}.rate"))?;
        if rate >= Decimal::ONE {
            return Err(WixError::bad_request(format!(
                "{field}.rate: a fraction below 1 (0.0725 for 7.25 %)"
            )));
        }
        tax_regions.push(TaxRegion {
            country: country(&r["country"], &format!("{field}.country"))?,
            subdivision: text(&r["subdivision"], &format!("{field}.subdivision"), 10)?
                .to_ascii_uppercase(),
            rate,
            name: text(&r["name"], &format!("{field}.name"), 50)?,
        });
    }
    let mut shipping = Vec::new();
    for (i, r) in v["shippingRules"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let field = format!("shippingRules[{i}]");
        let code = text(&r["code"], &format!("{field}.code"), 100)?;
        if code.is_empty() || shipping.iter().any(|s: &ShippingRule| s.code == code) {
            return Err(WixError::bad_request(format!(
                "{field}.code: is required and unique among the rules"
            )));
        }
        let rate = &r["rate"];
        let rate = match rate["type"].as_str().unwrap_or("FLAT") {
            "FLAT" => Rate::Flat(required_amount(
                &rate["amount"],
                &format!("{field}.rate.amount"),
            )?),
            "BY_WEIGHT" => Rate::ByWeight {
                base: amount(&rate["base"], &format!("{field}.rate.base"))?.unwrap_or_default(),
                per_unit: required_amount(&rate["perUnit"], &format!("{field}.rate.perUnit"))?,
            },
            "PICKUP" => Rate::Pickup {
                address: text(&rate["address"], &format!("{field}.rate.address"), 300)?,
            },
            other => {
                return Err(WixError::bad_request(format!(
                    "{field}.rate.type: FLAT, BY_WEIGHT or PICKUP, not '{other}'"
                )));
            }
        };
        let mut countries = Vec::new();
        for (j, c) in r["countries"].as_array().into_iter().flatten().enumerate() {
            countries.push(country(c, &format!("{field}.countries[{j}]"))?);
        }
        shipping.push(ShippingRule {
            title: match text(&r["title"], &format!("{field}.title"), 100)? {
                t if t.is_empty() => code.clone(),
                t => t,
            },
            code,
            countries,
            rate,
            free_over: amount(&r["freeOver"], &format!("{field}.freeOver"))?,
            delivery_time: text(&r["deliveryTime"], &format!("{field}.deliveryTime"), 100)?,
        });
    }
    let mut providers = Vec::new();
    for p in v["paymentProviders"].as_array().into_iter().flatten() {
        match p.as_str() {
            Some(name @ ("test" | "offline" | "stripe"))
                if !providers.iter().any(|x| x == name) =>
            {
                providers.push(name.to_string())
            }
            _ => {
                return Err(WixError::bad_request(format!(
                    "paymentProviders: each of test, offline, stripe once, not {p}"
                )));
            }
        }
    }
    let notify = text(&v["notifyEmail"], "notifyEmail", 200)?;
    let mut disabled_plugins = Vec::new();
    for (i, k) in v["disabledServicePlugins"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        disabled_plugins.push(text(k, &format!("disabledServicePlugins[{i}]"), 300)?);
    }
    Ok(Settings {
        currency,
        tax_included: v["taxIncludedInPrices"].as_bool().unwrap_or(false),
        tax_shipping: v["taxShipping"].as_bool().unwrap_or(false),
        tax_regions,
        shipping,
        providers,
        offline_instructions: text(&v["offlineInstructions"], "offlineInstructions", 1000)?,
        notify_email: (!notify.is_empty()).then_some(notify),
        weight_unit: match v["weightUnit"].as_str() {
            Some("LB") => "LB",
            _ => "KG",
        },
        disabled_plugins,
        provider_accounts: match &v["paymentProviderAccounts"] {
            Value::Null => json!({}),
            Value::Object(m) => Value::Object(m.clone()),
            _ => {
                return Err(WixError::bad_request(
                    "paymentProviderAccounts: an object by plugin name",
                ));
            }
        },
    })
}

async fn stored(p: &Platform, site: &Site) -> WixResult<Map<String, Value>> {
    let remembered = &crate::Stores::of(p).settings;
    if let Some(data) = remembered.get(site.id) {
        return Ok(data);
    }
    let data = match SETTINGS.get(p, site, ID).await? {
        Some(item) => item.data,
        None => Settings::initial().as_object().cloned().unwrap_or_default(),
    };
    remembered.keep(site.id, data.clone());
    Ok(data)
}

fn forget(p: &Platform, site: &Site) {
    crate::Stores::of(p).settings.forget(site.id);
}

/// The site's store settings.
pub async fn of(p: &Platform, site: &Site) -> WixResult<Settings> {
    parse(&Value::Object(stored(p, site).await?))
}

/// Changes the fields `patch` gives (checked as a whole before anything is stored).
pub async fn update(p: &Platform, site: &Site, patch: &Value) -> WixResult<Value> {
    let Some(patch) = patch["settings"].as_object() else {
        return Err(WixError::bad_request("settings: is required (an object)"));
    };
    let mut data = stored(p, site).await?;
    for (k, v) in patch {
        data.insert(k.clone(), v.clone());
    }
    parse(&Value::Object(data.clone()))?;
    forget(p, site);
    match SETTINGS.get(p, site, ID).await? {
        Some(mut item) => {
            item.data = data.clone();
            SETTINGS
                .save(p, site, &item)
                .await?
                .ok_or_else(|| WixError::bad_request("settings: changed meanwhile, try again"))?;
        }
        None => {
            SETTINGS.insert(p, site, ID, data.clone()).await?;
        }
    }
    forget(p, site);
    Ok(json!({ "settings": data }))
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(Method::Get, "/stores/v1/settings", |p, call| {
            async move {
                may(&call.ctx, Permission::View)?;
                Ok(json!({ "settings": stored(&p, &call.ctx.site).await? }))
            }
            .boxed()
        }),
        Route::new(Method::Patch, "/stores/v1/settings", |p, call| {
            async move {
                may(&call.ctx, Permission::Manage)?;
                update(&p, &call.ctx.site, &call.body).await
            }
            .boxed()
        }),
    ]
}
