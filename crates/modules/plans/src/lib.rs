//! The pricing plans module: Wix Pricing Plans. Plans (free, one-time, recurring) are
//! documents of the data layer (`PricingPlans/Plans`); orders are `PlanStore` rows. A plan
//! owns a member role, held by a member exactly while they have an ACTIVE order of it, so
//! pages and collections limited to that role are what the plan unlocks. Online purchases go
//! through the store's checkout (`catalog_items`, `order_changed`); renewals are charged by
//! the scheduler (`renewals`). REST `/pricing-plans/v2/…`, `wix-pricing-plans-*` in site
//! code, `wixPricingPlans_*` events.

mod access;
mod catalog;
mod code;
mod orders;
mod plans;
mod renewals;
mod site;

use futures::{FutureExt, future::BoxFuture};
use serde_json::{Value, json};
use tessera_core::{Millis, data::DataCaller, sites::Permission, sites::Site};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    data::DataContext,
    module::{HostOp, Module, RawRoute, Route, RouteCall},
};

pub use renewals::run_due;

/// Wix Pricing Plans' app id: `catalogReference.appId` of plan lines in the store's checkout.
pub const PLANS_APP_ID: &str = "1522827f-c56c-a5c9-2ac9-00f9e6ae12d3";

/// The pricing plans module.
#[derive(Default)]
pub struct Plans;

impl Module for Plans {
    fn name(&self) -> &'static str {
        "plans"
    }

    fn event_types(&self) -> &'static [tessera_platform::module::EventType] {
        use tessera_platform::module::EventType;
        &[
            EventType {
                name: "wixPricingPlans_onPlanCreated",
                title: "Plan created",
                sample: include_str!("samples/plan.json"),
            },
            EventType {
                name: "wixPricingPlans_onPlanUpdated",
                title: "Plan updated",
                sample: include_str!("samples/plan.json"),
            },
            EventType {
                name: "wixPricingPlans_onPlanArchived",
                title: "Plan archived",
                sample: include_str!("samples/plan.json"),
            },
            EventType {
                name: "wixPricingPlans_onOrderCreated",
                title: "Plan order created",
                sample: include_str!("samples/order.json"),
            },
            EventType {
                name: "wixPricingPlans_onOrderPurchased",
                title: "Plan purchased",
                sample: include_str!("samples/order.json"),
            },
            EventType {
                name: "wixPricingPlans_onOrderStarted",
                title: "Plan started",
                sample: include_str!("samples/order.json"),
            },
            EventType {
                name: "wixPricingPlans_onOrderCycleStarted",
                title: "Plan cycle started",
                sample: include_str!("samples/order.json"),
            },
            EventType {
                name: "wixPricingPlans_onOrderPaused",
                title: "Plan paused",
                sample: include_str!("samples/order.json"),
            },
            EventType {
                name: "wixPricingPlans_onOrderResumed",
                title: "Plan resumed",
                sample: include_str!("samples/order.json"),
            },
            EventType {
                name: "wixPricingPlans_onOrderAutoRenewCanceled",
                title: "Plan renewal canceled",
                sample: include_str!("samples/order.json"),
            },
            EventType {
                name: "wixPricingPlans_onOrderCanceled",
                title: "Plan canceled",
                sample: include_str!("samples/order.json"),
            },
            EventType {
                name: "wixPricingPlans_onOrderEnded",
                title: "Plan ended",
                sample: include_str!("samples/order.json"),
            },
            EventType {
                name: "wixPricingPlans_onOrderMarkedAsPaid",
                title: "Plan order marked as paid",
                sample: include_str!("samples/order.json"),
            },
        ]
    }

    fn routes(&self) -> Vec<Route> {
        let mut routes = plans::routes();
        routes.extend(orders::routes());
        routes
    }

    fn raw_routes(&self) -> Vec<RawRoute> {
        site::routes()
    }

    fn host_ops(&self) -> Vec<(&'static str, HostOp)> {
        vec![("plans", |p, who, payload| {
            async move { code::call(&p, who, &payload).await }.boxed()
        })]
    }

    fn catalog_app_id(&self) -> Option<&'static str> {
        Some(PLANS_APP_ID)
    }

    fn catalog_items(
        &self,
        p: Platform,
        site: Site,
        options: Value,
    ) -> BoxFuture<'static, WixResult<Value>> {
        async move { catalog::items(&p, &site, &options).await }.boxed()
    }

    fn order_changed(
        &self,
        p: Platform,
        site: Site,
        event: &'static str,
        order: Value,
    ) -> BoxFuture<'static, WixResult<()>> {
        async move { catalog::order_changed(&p, &site, event, &order).await }.boxed()
    }
}

/// The caller's right to run the site's plans: a collaborator with `needed`, or site code.
pub(crate) fn may(ctx: &DataContext, needed: Permission) -> WixResult<()> {
    tessera_platform::module::may(ctx, needed, "managing pricing plans")
}

/// The signed-in member who calls (a member, or site code run for one).
pub(crate) fn member_of(ctx: &DataContext) -> WixResult<String> {
    match &ctx.caller {
        DataCaller::Member { id, .. } | DataCaller::Code { member: Some(id) } => Ok(id.clone()),
        _ => Err(WixError::new(
            WixCode::Unauthenticated,
            "this needs a signed-in site member",
        )),
    }
}

/// A time as Wix writes it (ISO 8601, milliseconds, UTC).
pub(crate) fn date(at: Millis) -> String {
    tessera_platform::time(at)
}

pub(crate) use tessera_platform::iso_millis;

/// Milliseconds of an ISO 8601 date the module wrote.
pub(crate) fn millis_of(v: &Value) -> Option<Millis> {
    v.as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.timestamp_millis())
}

/// A required, non-empty id in the path.
pub(crate) fn path_id(call: &RouteCall, name: &str) -> WixResult<String> {
    match call.path_param(name) {
        "" => Err(WixError::bad_request(format!("{name}: is required"))),
        id => Ok(id.to_string()),
    }
}

/// `limit` and `offset` of a listing's query (`limit` 50 by default, at most 100).
pub(crate) fn paging(limit: Option<&str>, offset: Option<&str>) -> WixResult<(u32, u64)> {
    let limit = match limit {
        None | Some("") => 50,
        Some(l) => l
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| WixError::bad_request("limit: a whole number from 1 to 100"))?,
    };
    let offset = match offset {
        None | Some("") => 0,
        Some(o) => o
            .parse::<u64>()
            .map_err(|_| WixError::bad_request("offset: a whole number from 0"))?,
    };
    Ok((limit, offset))
}

pub(crate) fn paging_metadata(count: usize, offset: u64, total: u64) -> Value {
    json!({ "count": count, "offset": offset, "total": total, "hasNext": offset + (count as u64) < total })
}

/// Queues a plans event for the site's `events.js` (`backend_events::queue`) as Velo hands
/// it over (`{data, metadata}`): delivered at least once, so call it once what it tells of
/// is stored.
pub(crate) async fn announce(
    p: &Platform,
    site: &Site,
    handler: &'static str,
    entity_id: &str,
    data: Value,
) {
    let payload = json!({
        "data": data,
        "metadata": {
            "id": uuid::Uuid::new_v4().to_string(),
            "entityId": entity_id,
            "eventTime": date(tessera_core::now_millis()),
        },
    });
    if let Err(e) = tessera_platform::backend_events::queue(p, site.id, handler, &payload).await {
        tracing::error!(error = %e, handler, site = %site.slug, "queueing a plans event");
    }
}

/// What a route answers as JSON.
pub(crate) fn boxed<F>(f: F) -> BoxFuture<'static, WixResult<Value>>
where
    F: std::future::Future<Output = WixResult<Value>> + Send + 'static,
{
    f.boxed()
}

/// Every 30 seconds: the plan orders due (renewals, ends, retried payments, starts), each
/// claimed by one node.
pub fn spawn_scheduler(p: Platform) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(30));
        loop {
            every.tick().await;
            match run_due(&p, tessera_core::now_millis()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(orders = n, "plan orders renewed or ended"),
                Err(e) => tracing::warn!(error = e.description(), "running plan orders"),
            }
        }
    })
}
