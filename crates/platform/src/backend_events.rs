//! `backend/events.js`: the site's published handlers for events of the core event bus, by
//! Velo's `<app>_<event>` names. Data items: `wixData_onDataItemCreated`, `…Updated`,
//! `…Deleted`, each given `{metadata: {id, entityId, eventTime}, entity}` where `entity` is
//! the DataItem `{id, dataCollectionId, data}` (for deletions, the item as it was).
//! Data item handlers run after the write has been answered, as the site's admin, on the
//! server node where it happened. Business events (the store's orders, payments, carts, …)
//! are queued in the database instead (`queue`): delivered at least once, after what they
//! tell of is stored, by whichever node claims each attempt, and retried with backoff
//! (`deliver_due`); each failed attempt is a line in the site's code log. The same queue
//! carries modules' own events (`module:<name>:<what>`, see `module::queue_order_changed`),
//! delivered to the module rather than to site code.

use serde_json::{Value, json};
use tessera_core::{
    Millis,
    data::DataCaller,
    events::{Event, ItemChange},
    ids::SiteId,
    store::QueuedEvent,
};

use crate::{
    Platform,
    code::{append_logs, log_outcome, published_code},
    host::SiteHost,
    module::EventType,
};

const EVENTS_JS: &str = "backend/events.js";

/// Tells the modules of a bus event and runs the site's handler for it, if it has one.
pub async fn dispatch(state: &Platform, event: &Event) -> tessera_core::Result<()> {
    let (site_id, handler, payload) = match event {
        Event::Item(e) => {
            let data = e
                .after
                .clone()
                .or_else(|| e.before.clone())
                .map(Value::Object);
            let payload = event_payload(
                &e.item_id,
                json!({ "id": e.item_id, "dataCollectionId": e.collection_id, "data": data }),
            );
            (e.site_id, item_handler(e.change), payload)
        }
        Event::App {
            site_id,
            handler,
            payload,
        } => (*site_id, *handler, payload.clone()),
        _ => return Ok(()),
    };
    tell_modules(state, site_id, handler, &payload).await;
    // A handler's name must appear in the file; other events cost nothing more.
    let Some(code) = handles(state, site_id, handler).await? else {
        return Ok(());
    };
    let Some(site) = state.store().site(site_id).await? else {
        return Ok(());
    };
    let source = format!("event {handler}");
    let outcome = run(state, &site, &code, handler, payload).await;
    log_outcome(state, &site, &source, None, &outcome).await;
    Ok(())
}

/// Every module hears of every business event (`Module::event`).
async fn tell_modules(state: &Platform, site: SiteId, handler: &str, payload: &Value) {
    for m in state.modules() {
        let heard = m
            .event(state.clone(), site, handler.to_string(), payload.clone())
            .await;
        if let Err(e) = heard {
            tracing::error!(error = %e, module = m.name(), handler, "a module hearing of an event");
        }
    }
}

/// The platform's own business events (the modules add theirs: `Module::event_types`).
pub const CORE_EVENTS: &[EventType] = &[
    EventType {
        name: "wixData_onDataItemCreated",
        title: "CMS item created",
        sample: include_str!("samples/item.json"),
    },
    EventType {
        name: "wixData_onDataItemUpdated",
        title: "CMS item updated",
        sample: include_str!("samples/item.json"),
    },
    EventType {
        name: "wixData_onDataItemDeleted",
        title: "CMS item deleted",
        sample: include_str!("samples/item.json"),
    },
    EventType {
        name: "wixMembers_onMemberCreated",
        title: "Member signed up",
        sample: include_str!("samples/member.json"),
    },
    EventType {
        name: "wixMembers_onMemberUpdated",
        title: "Member updated",
        sample: include_str!("samples/member.json"),
    },
    EventType {
        name: "wixMembers_onMemberDeleted",
        title: "Member deleted",
        sample: include_str!("samples/member.json"),
    },
    EventType {
        name: "wixMembers_onMemberLoggedIn",
        title: "Member logged in",
        sample: include_str!("samples/member.json"),
    },
    EventType {
        name: "wixForms_onFormSubmit",
        title: "Form submitted",
        sample: include_str!("samples/form.json"),
    },
    EventType {
        name: "wixCrm_onContactCreated",
        title: "Contact created",
        sample: include_str!("samples/contact.json"),
    },
    EventType {
        name: "wixCrm_onContactUpdated",
        title: "Contact updated",
        sample: include_str!("samples/contact.json"),
    },
    EventType {
        name: "wixCrm_onContactDeleted",
        title: "Contact deleted",
        sample: include_str!("samples/contact.json"),
    },
    EventType {
        name: "wixCrm_onContactLabelAdded",
        title: "Label added to a contact",
        sample: include_str!("samples/contact-label.json"),
    },
];

async fn run(
    state: &Platform,
    site: &tessera_core::sites::Site,
    code: &std::sync::Arc<tessera_jsrt::SiteCode>,
    handler: &str,
    payload: Value,
) -> tessera_jsrt::Outcome<Value> {
    let source = format!("event {handler}");
    let host = SiteHost::for_caller(state, site, DataCaller::Code { member: None }, &source);
    state
        .engine()
        .call_export(
            &site.id.to_string(),
            code,
            host,
            (EVENTS_JS, handler),
            &[payload],
        )
        .await
}

/// Whether the site's published `events.js` names `handler`.
async fn handles(
    state: &Platform,
    site: SiteId,
    handler: &str,
) -> tessera_core::Result<Option<std::sync::Arc<tessera_jsrt::SiteCode>>> {
    Ok(published_code(state, site).await?.filter(|code| {
        code.files
            .get(EVENTS_JS)
            .is_some_and(|f| f.contains(handler))
    }))
}

/// Attempts before an event is given up on.
pub const ATTEMPTS: i32 = 8;
/// How long an attempt may take before another node takes the event as lost (beyond the
/// code's own wall-time quota).
pub const LEASE: Millis = 60_000;

/// The wait after failed attempt `n` (from 1): 2 s, 8 s, 32 s, … up to an hour.
pub fn backoff(n: i32) -> Millis {
    (2_000 * 4_i64.saturating_pow(n.saturating_sub(1).max(0) as u32)).min(3_600_000)
}

/// A business event happened: the modules hear of it (webhooks queue their deliveries), and
/// it is queued for the site's `backend/events.js` if its published code handles it (other
/// events cost one look at the code). Call it once what the event tells of is stored: it is
/// delivered at least once from then on.
pub async fn queue(
    state: &Platform,
    site: SiteId,
    handler: &str,
    payload: &Value,
) -> tessera_core::Result<()> {
    tell_modules(state, site, handler, payload).await;
    if handles(state, site, handler).await?.is_none() {
        return Ok(());
    }
    push(state, site, handler, payload).await
}

/// How a module's events are named in the queue: a colon is in no JavaScript name, so no
/// Velo handler (`<app>_<event>`) is ever taken for one.
pub const MODULE_PREFIX: &str = "module:";

/// Queues `what` (`<module>:<event>`) for a module, as `queue` does for site code: delivered
/// at least once (`module::deliver`), retried with the same backoff while it fails.
pub async fn queue_for_module(
    state: &Platform,
    site: SiteId,
    what: &str,
    payload: &Value,
) -> tessera_core::Result<()> {
    push(state, site, &format!("{MODULE_PREFIX}{what}"), payload).await
}

async fn push(
    state: &Platform,
    site: SiteId,
    handler: &str,
    payload: &Value,
) -> tessera_core::Result<()> {
    let now = tessera_core::now_millis();
    state
        .store()
        .queue_event(&QueuedEvent {
            site_id: site,
            id: uuid::Uuid::now_v7().to_string(),
            handler: handler.to_string(),
            payload: payload.to_string(),
            attempts: 0,
            due_at: now,
            done_at: None,
            error: None,
            created_at: now,
        })
        .await?;
    state.queued_event().notify_one();
    Ok(())
}

/// Delivers the queued events due by `now` that this node claims, four at a time; how many
/// attempts it made. A failed attempt is due again after `backoff`, the last one given up on.
pub async fn deliver_due(state: &Platform, now: Millis) -> tessera_core::Result<usize> {
    use futures::StreamExt;
    let due = state.store().due_events(now, 100).await?;
    let attempts = std::sync::atomic::AtomicUsize::new(0);
    futures::stream::iter(due)
        .for_each_concurrent(4, |e| {
            let attempts = &attempts;
            async move {
                match deliver(state, &e, now).await {
                    Ok(true) => {
                        attempts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    Ok(false) => {}
                    Err(err) => {
                        tracing::error!(error = %err, handler = e.handler, "delivering an event")
                    }
                }
            }
        })
        .await;
    Ok(attempts.into_inner())
}

/// One attempt at `e`, if this node claims it.
async fn deliver(state: &Platform, e: &QueuedEvent, now: Millis) -> tessera_core::Result<bool> {
    let store = state.store();
    if !store
        .claim_event(e.site_id, &e.id, e.attempts, now + LEASE)
        .await?
    {
        return Ok(false);
    }
    let attempt = e.attempts + 1;
    let module = e.handler.strip_prefix(MODULE_PREFIX);
    let site = store.site(e.site_id).await?;
    let code = match module {
        Some(_) => None,
        None => handles(state, e.site_id, &e.handler).await?,
    };
    let payload: Value = serde_json::from_str(&e.payload).map_err(tessera_core::Error::internal)?;
    let source = format!("event {}", e.handler);
    let result = match (&site, module, code) {
        (Some(site), Some(what), _) => crate::module::deliver(state, site, what, payload)
            .await
            .map(|r| r.map_err(|e| e.description().to_string())),
        (Some(site), None, Some(code)) => {
            let outcome = run(state, site, &code, &e.handler, payload).await;
            log_outcome(state, site, &source, None, &outcome).await;
            Some(outcome.result.map(drop).map_err(|f| f.to_string()))
        }
        _ => None,
    };
    let ended = tessera_core::now_millis();
    let (Some(site), Some(Err(error))) = (site, result) else {
        // Handled; or the site, its handler or the module is gone: nothing is left to
        // deliver to.
        store
            .settle_event(e.site_id, &e.id, Some(ended), ended, None)
            .await?;
        return Ok(true);
    };
    let (done, due, said) = if attempt >= ATTEMPTS {
        (
            Some(ended),
            ended,
            format!("attempt {attempt} of {ATTEMPTS} failed; the event is given up"),
        )
    } else {
        let due = ended + backoff(attempt);
        (
            None,
            due,
            format!(
                "attempt {attempt} of {ATTEMPTS} failed; the next is at {}",
                crate::time(due)
            ),
        )
    };
    if module.is_some() {
        // The module's failure is the server's to see, not the site code's log.
        match done {
            Some(_) => tracing::error!(site = %site.slug, handler = e.handler, error, "{said}"),
            None => tracing::warn!(site = %site.slug, handler = e.handler, error, "{said}"),
        }
    } else {
        let line = tessera_jsrt::LogLine {
            level: "error".into(),
            message: said,
        };
        append_logs(state, &site, &source, None, ended, &[line]).await;
    }
    store
        .settle_event(e.site_id, &e.id, done, due, Some(&error))
        .await?;
    Ok(true)
}

/// Delivers queued events on this node until the process ends: at once when this node
/// queues one, and every two seconds for retries and other nodes' events. Forgets events
/// handled more than a week ago, once an hour.
pub fn spawn_deliverer(state: Platform) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut pruned = 0;
        loop {
            let now = tessera_core::now_millis();
            if let Err(e) = deliver_due(&state, now).await {
                tracing::error!(error = %e, "delivering events");
            }
            if now - pruned > 3_600_000 {
                pruned = now;
                if let Err(e) = state.store().prune_events(now - 7 * 86_400_000).await {
                    tracing::warn!(error = %e, "forgetting delivered events");
                }
            }
            tokio::select! {
                () = state.queued_event().notified() => {}
                () = tokio::time::sleep(std::time::Duration::from_secs(2)) => {}
            }
        }
    })
}

fn item_handler(change: ItemChange) -> &'static str {
    match change {
        ItemChange::Inserted => "wixData_onDataItemCreated",
        ItemChange::Updated => "wixData_onDataItemUpdated",
        ItemChange::Removed => "wixData_onDataItemDeleted",
    }
}

/// Velo's event shape: `{metadata: {id, entityId, eventTime}, entity}`.
pub fn event_payload(entity_id: &str, entity: Value) -> Value {
    json!({
        "metadata": {
            "id": uuid::Uuid::now_v7().to_string(),
            "entityId": entity_id,
            "eventTime": crate::time(tessera_core::now_millis()),
        },
        "entity": entity,
    })
}

/// Handles the bus's events one after another until the process ends.
pub fn spawn_dispatcher(state: Platform) -> tokio::task::JoinHandle<()> {
    let mut events = state.events().subscribe();
    tokio::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Err(e) = dispatch(&state, &event).await {
                        tracing::error!(error = %e, "backend event");
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(
                        missed = n,
                        "backend events fell behind; some were not handled"
                    );
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
        }
    })
}
