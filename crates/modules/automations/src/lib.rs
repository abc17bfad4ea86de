//! The automations module: automations (see `automations.rs`) and outbound webhooks. Outside systems
//! subscribe to the site's business events — every kind the platform and its modules emit
//! (`module::event_types`) — and get each one POSTed, signed by the Standard Webhooks
//! convention, retried for three days, with a delivery log, replay, and a subscription
//! disabled (and the owner told) when its receiver keeps failing.

mod automations;
mod catalogue;
mod webhooks;
mod work;

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

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
    /// This node's writes of the work queue, committed in groups.
    writes: work::Writes,
    /// Runs each automation started on this node in the current minute: `(minute, count)`.
    started: std::sync::Mutex<std::collections::HashMap<String, (Millis, u64)>>,
    /// How far the test clock is ahead of the real one, in ms: only with `with_test_clock`.
    test_clock: Option<AtomicI64>,
}

impl Automations {
    /// The module with a test clock (`tessera serve --test-clock`, for browser tests):
    /// `POST /_automations/v1/test-clock` moves the time by which runs and deliveries are
    /// due, so a delay passes without waiting for it. Without it the route does not exist.
    pub fn with_test_clock() -> Automations {
        Automations {
            test_clock: Some(AtomicI64::new(0)),
            ..Automations::default()
        }
    }

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

    /// The time runs and deliveries are due by: the real time, or the test clock's.
    fn now(&self) -> Millis {
        let ahead = self
            .test_clock
            .as_ref()
            .map_or(0, |c| c.load(Ordering::Relaxed));
        tessera_core::now_millis() + ahead
    }
}

impl Module for Automations {
    fn name(&self) -> &'static str {
        "automations"
    }

    fn routes(&self) -> Vec<Route> {
        let mut routes = webhooks::routes();
        routes.extend(automations::routes());
        if self.test_clock.is_some() {
            routes.push(Route::new(
                tessera_platform::module::Method::Post,
                "/_automations/v1/test-clock",
                |p, call| advance_test_clock(p, call).boxed(),
            ));
        }
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

/// `POST /_automations/v1/test-clock {advanceMinutes}` (owners, and only with the test
/// clock): moves the clock on and does what is due by then (every step of the runs that
/// are), so the answer comes once it is done: `{now, attempts}`.
async fn advance_test_clock(
    p: Platform,
    call: tessera_platform::module::RouteCall,
) -> WixResult<Value> {
    tessera_platform::module::may(
        &call.ctx,
        tessera_core::sites::Permission::Own,
        "moving the test clock",
    )?;
    let minutes = call.body["advanceMinutes"]
        .as_i64()
        .filter(|m| (0..=366 * 24 * 60).contains(m))
        .ok_or_else(|| {
            tessera_platform::WixError::bad_request(
                "advanceMinutes: whole minutes from 0 to a year",
            )
        })?;
    let this = Automations::of(&p);
    if let Some(clock) = &this.test_clock {
        clock.fetch_add(minutes * 60_000, Ordering::Relaxed);
    }
    let now = this.now();
    let mut attempts = 0;
    // A run's next step is due at once after the one before: until nothing is left by now.
    loop {
        let done = deliver_due(&p, now).await? + run_due(&p, now).await?;
        if done == 0 {
            break;
        }
        attempts += done;
    }
    Ok(json!({ "now": tessera_platform::time(now), "attempts": attempts }))
}

/// Delivers due webhooks and runs due automation steps on this node until the process ends:
/// again at once after a pass that did something (a pass takes a batch), at once when this
/// node queues work, and every two seconds for retries, delays and other nodes' work.
/// Forgets deliveries older than 30 days once an hour.
pub fn spawn_deliverer(p: Platform) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut pruned: Millis = 0;
        loop {
            let now = Automations::of(&p).now();
            let delivered = deliver_due(&p, now).await.unwrap_or_else(|e| {
                tracing::error!(error = %e, "delivering webhooks");
                0
            });
            let stepped = run_due(&p, now).await.unwrap_or_else(|e| {
                tracing::error!(error = %e, "running automations");
                0
            });
            if now - pruned > 3_600_000 {
                pruned = now;
                if let Err(e) = p.store().prune_work(now - 30 * 86_400_000).await {
                    tracing::warn!(error = %e, "forgetting old webhook deliveries and runs");
                }
            }
            // A pass takes at most a batch of what is due: while there was work, more may be.
            if delivered + stepped > 0 {
                continue;
            }
            tokio::select! {
                () = Automations::of(&p).queued.notified() => {}
                () = tokio::time::sleep(std::time::Duration::from_secs(2)) => {}
            }
        }
    })
}
