//! The stores module: Wix Stores and Wix eCommerce. A site's catalog (products with options
//! and variants, collections), stock, carts, checkouts with their price arithmetic, orders,
//! payments (test, offline, Stripe), with Wix's REST shapes (`/stores/v1/…`,
//! `/stores/v2/inventoryItems/…`, `/ecom/v1/…`).

mod abandoned;
mod carts;
mod checkouts;
mod code;
mod collections;
mod coupons;
mod discount_rules;
mod inventory;
mod legacy;
pub mod money;
mod orders;
mod payments;
mod plugins;
mod pricing;
mod products;
mod records;
pub mod sample;
mod settings;
mod storefront;
mod stripe;
mod variants;
mod wix_pay;

use futures::FutureExt;
use serde_json::Value;
use tessera_core::{Millis, sites::Permission};
use tessera_platform::{
    Platform, WixError, WixResult,
    data::DataContext,
    module::{HostOp, Module, RawRoute, Route},
};

/// What the operator sets.
#[derive(Clone, Debug)]
pub struct StoresConfig {
    /// How long an unpaid order holds its stock.
    pub hold_millis: Millis,
    /// How long a checkout with the buyer's email is left before it counts as abandoned.
    pub abandon_millis: Millis,
    /// Stripe's API (another address for a stand-in such as localstripe).
    pub stripe_api_url: String,
}

impl Default for StoresConfig {
    fn default() -> Self {
        Self {
            hold_millis: 15 * 60 * 1000,
            abandon_millis: 60 * 60 * 1000,
            stripe_api_url: "https://api.stripe.com".into(),
        }
    }
}

/// The stores module.
#[derive(Default)]
pub struct Stores {
    config: StoresConfig,
    settings: records::Remembered<serde_json::Map<String, Value>>,
    rules: records::Remembered<std::sync::Arc<Vec<pricing::Rule>>>,
    kept: plugins::Kept,
}

impl Stores {
    pub fn new(config: StoresConfig) -> Self {
        Self {
            config,
            ..Self::default()
        }
    }

    fn of(p: &Platform) -> &Stores {
        p.module::<Stores>()
            .expect("the stores module's routes run only when it is installed")
    }
}

impl Module for Stores {
    fn name(&self) -> &'static str {
        "stores"
    }

    fn event_types(&self) -> &'static [tessera_platform::module::EventType] {
        use tessera_platform::module::EventType;
        &[
            EventType {
                name: "wixEcom_onOrderCreated",
                title: "Order placed",
                sample: include_str!("samples/order.json"),
            },
            EventType {
                name: "wixEcom_onOrderUpdated",
                title: "Order updated",
                sample: include_str!("samples/order.json"),
            },
            EventType {
                name: "wixEcom_onOrderApproved",
                title: "Order approved",
                sample: include_str!("samples/order_action.json"),
            },
            EventType {
                name: "wixEcom_onOrderPaymentStatusUpdated",
                title: "Order payment status changed",
                sample: include_str!("samples/order_payment_status.json"),
            },
            EventType {
                name: "wixEcom_onOrderTransactionsUpdated",
                title: "Order payments or refunds changed",
                sample: include_str!("samples/transactions.json"),
            },
            EventType {
                name: "wixEcom_onFulfillmentsUpdated",
                title: "Order fulfillments changed",
                sample: include_str!("samples/fulfillments.json"),
            },
            EventType {
                name: "wixEcom_onOrderCanceled",
                title: "Order canceled",
                sample: include_str!("samples/order_action.json"),
            },
            EventType {
                name: "wixEcom_onCartCreated",
                title: "Cart created",
                sample: include_str!("samples/cart.json"),
            },
            EventType {
                name: "wixEcom_onCartUpdated",
                title: "Cart updated",
                sample: include_str!("samples/cart.json"),
            },
            EventType {
                name: "wixEcom_onCheckoutCompleted",
                title: "Checkout completed",
                sample: include_str!("samples/checkout_completed.json"),
            },
            EventType {
                name: "wixEcom_onAbandonedCheckoutCreated",
                title: "Checkout abandoned",
                sample: include_str!("samples/abandoned_checkout.json"),
            },
            EventType {
                name: "wixEcom_onAbandonedCheckoutRecovered",
                title: "Abandoned checkout recovered",
                sample: include_str!("samples/abandoned_checkout.json"),
            },
            EventType {
                name: "wixEcom_onDiscountRuleCreated",
                title: "Discount rule created",
                sample: include_str!("samples/discount_rule.json"),
            },
            EventType {
                name: "wixEcom_onDiscountRuleUpdated",
                title: "Discount rule updated",
                sample: include_str!("samples/discount_rule.json"),
            },
            EventType {
                name: "wixEcom_onDiscountRuleDeleted",
                title: "Discount rule deleted",
                sample: include_str!("samples/discount_rule.json"),
            },
            EventType {
                name: "wixStores_onNewOrder",
                title: "New order (Stores)",
                sample: include_str!("samples/new_order.json"),
            },
            EventType {
                name: "wixStores_onOrderPaid",
                title: "Order paid",
                sample: include_str!("samples/stores_order.json"),
            },
            EventType {
                name: "wixStores_onOrderCanceled",
                title: "Order canceled (Stores)",
                sample: include_str!("samples/stores_order_canceled.json"),
            },
            EventType {
                name: "wixStores_onCartAbandoned",
                title: "Cart abandoned",
                sample: include_str!("samples/cart_abandoned.json"),
            },
            EventType {
                name: "wixStores_onCartRecovered",
                title: "Cart recovered",
                sample: include_str!("samples/cart_abandoned.json"),
            },
            EventType {
                name: "wixStores_onProductCreated",
                title: "Product created",
                sample: include_str!("samples/product_created.json"),
            },
            EventType {
                name: "wixStores_onProductUpdated",
                title: "Product updated",
                sample: include_str!("samples/product_updated.json"),
            },
            EventType {
                name: "wixStores_onProductDeleted",
                title: "Product deleted",
                sample: include_str!("samples/product_deleted.json"),
            },
            EventType {
                name: "wixStores_onInventoryItemUpdated",
                title: "Inventory changed",
                sample: include_str!("samples/inventory_item.json"),
            },
            EventType {
                name: "wixStores_onInventoryVariantUpdated",
                title: "Variant inventory changed",
                sample: include_str!("samples/inventory_variant.json"),
            },
            EventType {
                name: "wixPay_onPaymentUpdate",
                title: "Payment updated",
                sample: include_str!("samples/payment_update.json"),
            },
        ]
    }

    fn routes(&self) -> Vec<Route> {
        let mut routes = settings::routes();
        routes.extend(products::routes());
        routes.extend(collections::routes());
        routes.extend(coupons::routes());
        routes.extend(discount_rules::routes());
        routes.extend(abandoned::routes());
        routes.extend(inventory::routes());
        routes.extend(carts::routes());
        routes.extend(checkouts::routes());
        routes.extend(orders::routes());
        routes.extend(payments::routes());
        routes.extend(plugins::routes());
        routes.extend(wix_pay::routes());
        routes
    }

    fn raw_routes(&self) -> Vec<RawRoute> {
        let mut routes = storefront::routes();
        routes.extend(stripe::routes());
        routes
    }

    fn host_ops(&self) -> Vec<(&'static str, HostOp)> {
        vec![("stores", |p, who, payload| {
            async move { code::call(&p, who, &payload).await }.boxed()
        })]
    }
}

pub(crate) use tessera_platform::module::is_staff;

/// The caller's right to run the store: a collaborator with `needed`, or site code.
pub(crate) fn may(ctx: &DataContext, needed: Permission) -> WixResult<()> {
    tessera_platform::module::may(ctx, needed, "running the store")
}

/// A time as Wix writes it (ISO 8601, milliseconds, UTC).
pub(crate) fn date(at: Millis) -> String {
    tessera_platform::time(at)
}

/// A required, non-empty id in the path.
pub(crate) fn path_id(call: &tessera_platform::module::RouteCall, name: &str) -> WixResult<String> {
    match call.path_param(name) {
        "" => Err(WixError::bad_request(format!("{name}: is required"))),
        id => Ok(id.to_string()),
    }
}

/// A page's `{limit, offset}` of a V1 query (`paging`), or a cursor query's limit.
pub(crate) fn paging(v: &Value, default: u32, max: u32) -> WixResult<(u32, u64)> {
    let limit = match &v["limit"] {
        Value::Null => default,
        l => match l.as_u64() {
            Some(n) if (1..=u64::from(max)).contains(&n) => n as u32,
            _ => {
                return Err(WixError::bad_request(format!(
                    "paging.limit: a whole number from 1 to {max}"
                )));
            }
        },
    };
    let offset = match &v["offset"] {
        Value::Null => 0,
        o => o
            .as_u64()
            .ok_or_else(|| WixError::bad_request("paging.offset: a whole number from 0"))?,
    };
    Ok((limit, offset))
}

/// A cursor-paged query's `{limit, cursor}` (`{what}.cursorPaging`): the page size (50 when not
/// sent, 1 to 100) and the offset the cursor names (the cursors this module hands out are
/// offsets).
pub(crate) fn cursor_paging(v: &Value, what: &str) -> WixResult<(u32, u64)> {
    let limit = match &v["limit"] {
        Value::Null => 50,
        l => l
            .as_u64()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                WixError::bad_request(format!("{what}.cursorPaging.limit: from 1 to 100"))
            })?,
    };
    let offset = match v["cursor"].as_str() {
        None | Some("") => 0,
        Some(c) => c.parse().map_err(|_| {
            WixError::bad_request(format!(
                "{what}.cursorPaging.cursor: not a cursor of this {what}"
            ))
        })?,
    };
    Ok((limit as u32, offset))
}

pub(crate) use tessera_platform::iso_millis;

/// Queues a store event for the site's `events.js` (`backend_events::queue`): delivered at
/// least once from now on, so call it once what it tells of is stored.
pub(crate) async fn announce(
    p: &Platform,
    site: &tessera_core::sites::Site,
    handler: &'static str,
    mut payload: Value,
) {
    if handler.starts_with("wixEcom_") {
        for part in ["entity", "data"] {
            velo_names(&mut payload[part]);
        }
    }
    if let Err(e) = tessera_platform::backend_events::queue(p, site.id, handler, &payload).await {
        tracing::error!(error = %e, handler, site = %site.slug, "queueing a store event");
    }
}

/// eCommerce objects as Velo hands them to code: `_id`, `_createdDate`, `_updatedDate` where
/// REST says `id`, `createdDate`, `updatedDate` (as `wix-ecom-backend` renames them).
fn velo_names(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (rest, velo) in [
                ("id", "_id"),
                ("createdDate", "_createdDate"),
                ("updatedDate", "_updatedDate"),
            ] {
                if let Some(x) = m.remove(rest) {
                    m.insert(velo.into(), x);
                }
            }
            m.values_mut().for_each(velo_names);
        }
        Value::Array(a) => a.iter_mut().for_each(velo_names),
        _ => {}
    }
}

/// A V1 query's filter or sort: a JSON string, or already an object or array.
pub(crate) fn json_part(v: &Value, field: &str) -> WixResult<Value> {
    match v {
        Value::String(s) if s.trim().is_empty() => Ok(Value::Null),
        Value::String(s) => serde_json::from_str(s)
            .map_err(|e| WixError::bad_request(format!("{field}: is not JSON: {e}"))),
        other => Ok(other.clone()),
    }
}

/// A filter with each field by its stored name (operators keep theirs).
pub(crate) fn renamed(v: &Value, stored: fn(&str) -> &str) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (stored(k).to_string(), renamed(v, stored)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|v| renamed(v, stored)).collect()),
        v => v.clone(),
    }
}

/// A V1 sort, `[{"price": "asc"}]` (or already `{fieldName, order}`), in the data layer's
/// shape, each field by its stored name.
pub(crate) fn v1_sort(sort: Value, stored: impl Fn(&str) -> &str) -> Value {
    let Value::Array(items) = sort else {
        return sort;
    };
    Value::Array(
        items
            .into_iter()
            .map(|s| match s.as_object() {
                Some(m) if !m.contains_key("fieldName") && m.len() == 1 => {
                    let (k, v) = m.iter().next().expect("one entry");
                    serde_json::json!({ "fieldName": stored(k), "order": v.as_str().unwrap_or("asc").to_uppercase() })
                }
                Some(m) => {
                    let mut m = m.clone();
                    if let Some(f) = m.get("fieldName").and_then(Value::as_str) {
                        let f = stored(f).to_string();
                        m.insert("fieldName".into(), serde_json::json!(f));
                    }
                    Value::Object(m)
                }
                None => s,
            })
            .collect(),
    )
}

/// Every 30 seconds: releases the stock that unpaid orders held past their time, and marks
/// the checkouts left unfinished as abandoned.
pub fn spawn_hold_sweeper(p: Platform) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(30));
        loop {
            every.tick().await;
            match orders::release_expired(&p, tessera_core::now_millis()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(orders = n, "expired stock holds released"),
                Err(e) => tracing::warn!(error = e.description(), "releasing stock holds"),
            }
            match abandoned::sweep(&p, tessera_core::now_millis()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(checkouts = n, "checkouts abandoned"),
                Err(e) => tracing::warn!(error = e.description(), "marking abandoned checkouts"),
            }
        }
    })
}

/// Marks the checkouts left unfinished by `now` as abandoned (what the sweeper does every
/// 30 seconds); how many.
pub async fn sweep_abandoned(p: &Platform, now: Millis) -> WixResult<usize> {
    abandoned::sweep(p, now).await
}

/// What a route answers as JSON.
pub(crate) fn boxed<F>(f: F) -> futures::future::BoxFuture<'static, WixResult<Value>>
where
    F: std::future::Future<Output = WixResult<Value>> + Send + 'static,
{
    f.boxed()
}
