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
use serde_json::{Map, Value, json};
use tessera_core::{Millis, data::Item, ids::SiteId, sites::Site};
use tessera_platform::{
    Platform, WixResult,
    module::{Module, Route},
    records::{Kind, Remembered},
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
    /// Runs each automation started on this node in the current minute: `(minute, count)`.
    started: std::sync::Mutex<std::collections::HashMap<String, (Millis, u64)>>,
}

impl Automations {
    fn of(p: &Platform) -> &Automations {
        p.module::<Automations>()
            .expect("the automations module's routes run only when it is installed")
    }

    /// Counts a run of `automation` starting at `now`; false when it is one more than
    /// `limit` in the minute. Counted in memory, by node: a check on every event must not
    /// cost a query.
    fn count_start(&self, automation: &str, now: Millis, limit: u64) -> bool {
        let minute = now / 60_000;
        let mut started = self.started.lock().expect("started runs");
        if started.len() >= 10_000 {
            started.retain(|_, (m, _)| *m == minute);
        }
        let (m, n) = started.entry(automation.to_string()).or_insert((minute, 0));
        if *m != minute {
            (*m, *n) = (minute, 0);
        }
        *n += 1;
        *n <= limit
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

/// An automation or a subscription as the API answers it: its fields, id and dates.
fn view(item: &Item) -> Value {
    let mut v = Value::Object(item.data.clone());
    v["id"] = json!(item.id);
    v["createdDate"] = json!(tessera_platform::time(item.created_at));
    v["updatedDate"] = json!(tessera_platform::time(item.updated_at));
    v
}

/// Turns off an automation or subscription that went wrong: writes `changes` onto it (its
/// status and why), lets every event see the change at once, and tells the site's owners
/// with the notice `tell` makes of it (a title and a body).
async fn turn_off(
    p: &Platform,
    site: &Site,
    kind: &Kind,
    id: &str,
    changes: Map<String, Value>,
    tell: impl FnOnce(&Map<String, Value>) -> (String, String),
) {
    let saved = async {
        let Some(mut item) = kind.get(p, site, id).await? else {
            return Ok(None);
        };
        item.data.extend(changes);
        kind.save(p, site, &item).await?;
        let this = Automations::of(p);
        this.automations.forget(site.id);
        this.subscriptions.forget(site.id);
        WixResult::Ok(Some(item))
    };
    match saved.await {
        Ok(Some(item)) => {
            let (title, body) = tell(&item.data);
            let notice = json!({
                "body": body, "channels": ["Dashboard", "Mobile"], "options": {"title": title},
            });
            if let Err(e) = tessera_platform::notifications::notify(p, site, &notice).await {
                tracing::warn!(error = %e, id, "telling the owner of {} turned off", kind.name);
            }
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(
            error = e.description(),
            id,
            "turning off one of {}",
            kind.name
        ),
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
