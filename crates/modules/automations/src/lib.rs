//! The automations module: automations (see `automations.rs`) and outbound webhooks. Outside systems
//! subscribe to the site's business events — every kind the platform and its modules emit
//! (`module::event_types`) — and get each one POSTed, signed by the Standard Webhooks
//! convention, retried for three days, with a delivery log, replay, and a subscription
//! disabled (and the owner told) when its receiver keeps failing.

mod automations;
mod webhooks;
mod work;

use std::sync::Arc;

use futures::{FutureExt, future::BoxFuture};
use serde_json::Value;
use tessera_core::{Millis, ids::SiteId};
use tessera_platform::{
    Platform,
    module::{Module, Route},
    records::Remembered,
};

pub use automations::run_due;
pub use webhooks::deliver_due;

/// The automations module.
#[derive(Default)]
pub struct Automations {
    /// Each site's webhook subscriptions as read in the last second: every event looks.
    subscriptions: Remembered<Arc<Vec<webhooks::Subscription>>>,
    /// Each site's automations as read in the last second: every event looks.
    automations: Remembered<Arc<Vec<tessera_core::data::Item>>>,
    /// Woken when this node queues a delivery or a run.
    queued: tokio::sync::Notify,
}

impl Automations {
    fn of(p: &Platform) -> &Automations {
        p.module::<Automations>()
            .expect("the automations module's routes run only when it is installed")
    }
}

impl Module for Automations {
    fn name(&self) -> &'static str {
        "automations"
    }

    fn routes(&self) -> Vec<Route> {
        let mut routes = webhooks::routes();
        routes.extend(automations::routes());
        routes
    }

    fn event(
        &self,
        p: Platform,
        site: SiteId,
        name: String,
        payload: Value,
    ) -> BoxFuture<'static, tessera_core::Result<()>> {
        async move {
            webhooks::queue(&p, site, &name, &payload).await?;
            automations::trigger(&p, site, &name, &payload, None).await
        }
        .boxed()
    }
}

/// Delivers due webhooks and runs due automation steps on this node until the process ends:
/// at once when this node queues one, and every two seconds for retries, delays and other
/// nodes' work. Forgets deliveries
/// older than 30 days once an hour.
pub fn spawn_deliverer(p: Platform) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut pruned: Millis = 0;
        loop {
            let now = tessera_core::now_millis();
            if let Err(e) = deliver_due(&p, now).await {
                tracing::error!(error = %e, "delivering webhooks");
            }
            if let Err(e) = run_due(&p, now).await {
                tracing::error!(error = %e, "running automations");
            }
            if now - pruned > 3_600_000 {
                pruned = now;
                if let Err(e) = p.store().prune_work(now - 30 * 86_400_000).await {
                    tracing::warn!(error = %e, "forgetting old webhook deliveries and runs");
                }
            }
            tokio::select! {
                () = Automations::of(&p).queued.notified() => {}
                () = tokio::time::sleep(std::time::Duration::from_secs(2)) => {}
            }
        }
    })
}
