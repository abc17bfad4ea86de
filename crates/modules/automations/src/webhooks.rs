//! Outbound webhooks (`/_webhooks/v1/…`). A subscription is a URL, the event types it wants
//! (or `*`) and a secret; it is a document of the data layer (`Webhooks/Subscriptions`,
//! collaborators only). Each event it wants becomes a row of `webhook_deliveries` when the
//! event happens (`Module::event`, on the node where it happened), POSTed by whichever node
//! claims each attempt:
//!
//! - the body is `{type, timestamp, data}`, `data` being what `events.js` is given;
//! - headers by the Standard Webhooks convention: `webhook-id` (the same on every attempt
//!   and replay), `webhook-timestamp` (seconds) and `webhook-signature`
//!   (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` with the secret's bytes);
//! - a 2xx answer delivers it; anything else is tried again after 5 s, 5 min, 30 min, 2 h,
//!   5 h, 10 h, 10 h, 14 h and 24 h (about three days), then given up, and the subscription
//!   is disabled and the owner told; `410 Gone` disables it at once;
//! - the address goes through the same guard as site code's fetch (no private or loopback
//!   address unless the operator allows it).

use std::{sync::Arc, time::Duration};

use base64::Engine as _;
use futures::FutureExt;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value, json};
use sha2::Sha256;
use tessera_core::{
    Millis,
    data::{FieldType, Item, Query},
    ids::SiteId,
    now_millis,
    sites::{Permission, Site},
    work::WorkItem,
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{self, Method, Route},
    records::{At, Kind},
};

use crate::{Automations, view};

const SUBSCRIPTIONS: Kind = Kind {
    id: "Webhooks/Subscriptions",
    name: "Webhook subscriptions",
    fields: &[("url", FieldType::Text), ("enabled", FieldType::Boolean)],
    indexes: &[],
    public: false,
};

/// A site has at most this many subscriptions.
const MAX_SUBSCRIPTIONS: u64 = 20;
/// The waits after each failed attempt; after the last, the delivery is given up.
const RETRIES: [Millis; 9] = [
    5_000,
    5 * 60_000,
    30 * 60_000,
    2 * 3_600_000,
    5 * 3_600_000,
    10 * 3_600_000,
    10 * 3_600_000,
    14 * 3_600_000,
    24 * 3_600_000,
];
const TIMEOUT: Duration = Duration::from_secs(15);
/// What is kept of a receiver's answer.
const KEPT_ANSWER: usize = 2_000;
/// The event type of a test message (`POST …/subscriptions/{id}/test`).
const TEST_EVENT: &str = "webhook.test";

/// A subscription as deliveries read it.
#[derive(Clone, Debug)]
pub struct Subscription {
    pub id: String,
    pub url: String,
    pub event_types: Vec<String>,
    pub secret: String,
    pub enabled: bool,
}

impl Subscription {
    fn of(item: &Item) -> Subscription {
        let d = &item.data;
        Subscription {
            id: item.id.clone(),
            url: d.at("url").as_str().unwrap_or_default().to_string(),
            event_types: d
                .at("eventTypes")
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
            secret: d.at("secret").as_str().unwrap_or_default().to_string(),
            enabled: d.at("enabled") != false,
        }
    }

    fn wants(&self, event: &str) -> bool {
        self.enabled && self.event_types.iter().any(|t| t == "*" || t == event)
    }
}

fn bad(message: impl Into<String>) -> WixError {
    WixError::bad_request(message.into())
}

fn not_found(what: &str, id: &str) -> WixError {
    WixError::new(WixCode::ItemNotFound, format!("{what} {id} not found"))
}

/// The site's subscriptions, as read in the last second (the site is read only when they
/// are not: most events of most sites cost no query here).
async fn subscriptions(p: &Platform, site: SiteId) -> tessera_core::Result<Arc<Vec<Subscription>>> {
    let cache = &Automations::of(p).subscriptions;
    if let Some(known) = cache.get(site) {
        return Ok(known);
    }
    let Some(site) = p.store().site(site).await? else {
        return Ok(Arc::default());
    };
    let q = Query {
        limit: MAX_SUBSCRIPTIONS as u32,
        ..Query::default()
    };
    let all: Vec<Subscription> = SUBSCRIPTIONS
        .query_existing(p, &site, &q)
        .await
        .map_err(|e| tessera_core::Error::internal(e.description()))?
        .iter()
        .map(Subscription::of)
        .collect();
    let all = Arc::new(all);
    cache.keep(site.id, all.clone());
    Ok(all)
}

/// Queues a delivery of `event` for each subscription of the site that wants it.
pub async fn queue(
    p: &Platform,
    site: SiteId,
    event: &str,
    payload: &Value,
) -> tessera_core::Result<()> {
    for s in subscriptions(p, site)
        .await?
        .iter()
        .filter(|s| s.wants(event))
    {
        push(p, site, s, event, payload).await?;
    }
    Ok(())
}

/// The queue of webhook deliveries in `work_queue`.
pub const QUEUE: &str = "webhook";

async fn push(
    p: &Platform,
    site: SiteId,
    s: &Subscription,
    event: &str,
    payload: &Value,
) -> tessera_core::Result<WorkItem> {
    let now = now_millis();
    let body = json!({"type": event, "timestamp": tessera_platform::time(now), "data": payload});
    let d = WorkItem {
        site_id: site,
        id: format!("msg_{}", uuid::Uuid::now_v7().simple()),
        queue: QUEUE.into(),
        owner: s.id.clone(),
        status: "pending".into(),
        step: 0,
        attempts: 0,
        due_at: now,
        doc: json!({"eventType": event, "body": body.to_string()}),
        created_at: now,
        updated_at: now,
    };
    let this = Automations::of(p);
    this.writes.queue(p, d.clone()).await?;
    this.queued.notify_one();
    Ok(d)
}

/// The Standard Webhooks signature of a message: `v1,<base64>`.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let key = b64
        .decode(secret.trim_start_matches("whsec_"))
        .unwrap_or_default();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", b64.encode(mac.finalize().into_bytes()))
}

/// A new secret: `whsec_` and 32 random bytes in base64.
fn new_secret() -> String {
    let mut bytes = uuid::Uuid::new_v4().into_bytes().to_vec();
    bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Delivers the deliveries due by `now` that this node claims; how many attempts it made.
/// `now` also times the retries (tests step it).
pub async fn deliver_due(p: &Platform, now: Millis) -> tessera_core::Result<usize> {
    crate::work::run_due(p, QUEUE, now, |p, d, now| attempt(p, d, now).boxed()).await
}

/// One attempt at `d`, claimed by this node.
async fn attempt(p: Platform, mut d: WorkItem, now: Millis) -> tessera_core::Result<()> {
    let store = p.store();
    let Some(site) = store.site(d.site_id).await? else {
        return Ok(());
    };
    let sub = SUBSCRIPTIONS
        .get(&p, &site, &d.owner)
        .await
        .map_err(|e| tessera_core::Error::internal(e.description()))?
        .map(|i| Subscription::of(&i));
    let Some(sub) = sub.filter(|s| s.enabled) else {
        d.status = "failed".into();
        d.doc["error"] = json!("the subscription is deleted or disabled");
        d.updated_at = now_millis();
        return Automations::of(&p).writes.update(&p, d).await;
    };
    let body = d.doc["body"].as_str().unwrap_or_default().to_string();
    let sent_at = now_millis() / 1000;
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("user-agent".to_string(), "Tessera-Webhooks/1".to_string()),
        ("webhook-id".to_string(), d.id.clone()),
        ("webhook-timestamp".to_string(), sent_at.to_string()),
        (
            "webhook-signature".to_string(),
            sign(&sub.secret, &d.id, sent_at, &body),
        ),
    ];
    let answer = tessera_platform::fetch::post(
        &p.config().fetch_allow,
        &sub.url,
        headers,
        body.into_bytes(),
        TIMEOUT,
        1024 * 1024,
    )
    .await;
    d.updated_at = now_millis();
    let gone = match answer {
        Ok((status, body)) => {
            let text: String = String::from_utf8_lossy(&body)
                .chars()
                .take(KEPT_ANSWER)
                .collect();
            d.doc["response"] = json!({"status": status, "body": text});
            d.doc["error"] = Value::Null;
            if (200..300).contains(&status) {
                d.status = "done".into();
                return Automations::of(&p).writes.update(&p, d).await;
            }
            status == 410
        }
        Err(e) => {
            d.doc["response"] = Value::Null;
            d.doc["error"] = json!(e.message);
            false
        }
    };
    let retry = usize::try_from(d.attempts - 1)
        .ok()
        .and_then(|n| RETRIES.get(n));
    match retry {
        Some(wait) if !gone => {
            d.due_at = now + wait;
            Automations::of(&p).writes.update(&p, d).await?;
        }
        _ => {
            d.status = "failed".into();
            let why = if gone {
                "the receiver answered 410 Gone".to_string()
            } else {
                format!("a delivery failed {} times over three days", d.attempts)
            };
            Automations::of(&p).writes.update(&p, d).await?;
            disable(&p, &site, &sub.id, &why).await;
        }
    }
    Ok(())
}

/// Turns a failing subscription off and tells the site's owners.
async fn disable(p: &Platform, site: &Site, id: &str, why: &str) {
    let mut changes = Map::new();
    changes.insert("enabled".into(), json!(false));
    changes.insert("disabledReason".into(), json!(why));
    crate::turn_off(p, site, &SUBSCRIPTIONS, id, changes, |s| {
        let url = s.at("url").as_str().unwrap_or_default();
        (
            "A webhook is turned off".into(),
            format!("The webhook to {url} is turned off: {why}. Turn it on again in Settings → Webhooks once its receiver works."),
        )
    })
    .await;
}

/// Checks a subscription as sent (on update, merged onto the stored one).
fn parse(p: &Platform, v: &Value) -> WixResult<Map<String, Value>> {
    let url = v["url"].as_str().map(str::trim).unwrap_or_default();
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    if !scheme_ok || url.len() > 2000 || url.contains(char::is_whitespace) {
        return Err(bad(
            "subscription.url: is required, an http or https URL of at most 2000 characters",
        ));
    }
    let known = module::event_types(p);
    let types = v["eventTypes"]
        .as_array()
        .filter(|l| !l.is_empty() && l.len() <= 200)
        .ok_or_else(|| {
            bad("subscription.eventTypes: is required, a list of 1 to 200 event types (or \"*\" for all)")
        })?;
    let mut event_types = Vec::new();
    for (i, t) in types.iter().enumerate() {
        let name = t.as_str().unwrap_or_default();
        if name != "*" && name != TEST_EVENT && !known.iter().any(|k| k.name == name) {
            return Err(bad(format!(
                "subscription.eventTypes[{i}]: {name:?} is not an event type (GET /_webhooks/v1/event-types lists them)"
            )));
        }
        event_types.push(json!(name));
    }
    let description = v["description"].as_str().unwrap_or_default();
    if description.chars().count() > 500 {
        return Err(bad("subscription.description: at most 500 characters"));
    }
    let mut data = Map::new();
    data.insert("url".into(), json!(url));
    data.insert("eventTypes".into(), json!(event_types));
    data.insert("description".into(), json!(description));
    data.insert("enabled".into(), json!(v["enabled"] != false));
    Ok(data)
}

fn delivery_view(d: &WorkItem) -> Value {
    let body: Value =
        serde_json::from_str(d.doc["body"].as_str().unwrap_or_default()).unwrap_or(Value::Null);
    json!({
        "id": d.id,
        "subscriptionId": d.owner,
        "eventType": d.doc["eventType"],
        "body": body,
        "status": if d.status == "done" { "DELIVERED".to_string() } else { d.status.to_uppercase() },
        "attempts": d.attempts,
        "nextAttemptDate": (d.status == "pending").then(|| tessera_platform::time(d.due_at)),
        "response": d.doc["response"],
        "error": d.doc["error"],
        "createdDate": tessera_platform::time(d.created_at),
        "updatedDate": tessera_platform::time(d.updated_at),
    })
}

async fn get(p: &Platform, site: &Site, id: &str) -> WixResult<Item> {
    SUBSCRIPTIONS
        .get(p, site, id)
        .await?
        .ok_or_else(|| not_found("subscription", id))
}

async fn create(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let mut data = parse(p, &body["subscription"])?;
    if SUBSCRIPTIONS
        .count(p, site, &tessera_core::data::Filter::All)
        .await?
        >= MAX_SUBSCRIPTIONS
    {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!("a site has at most {MAX_SUBSCRIPTIONS} webhook subscriptions"),
        ));
    }
    data.insert("secret".into(), json!(new_secret()));
    let id = uuid::Uuid::new_v4().to_string();
    let item = SUBSCRIPTIONS.insert(p, site, &id, data).await?;
    Automations::of(p).subscriptions.forget(site.id);
    // The one answer that shows the secret unasked.
    let mut answer = view(&item);
    answer["secret"] = item.data.at("secret").clone();
    Ok(json!({ "subscription": answer }))
}

/// A subscription as the API shows it: its secret only when asked for (`…/{id}/secret`).
fn sub_view(item: &Item) -> Value {
    let mut v = crate::view(item);
    if let Some(o) = v.as_object_mut() {
        o.remove("secret");
    }
    v
}

/// `GET …/{id}/secret`, or with `rotate` (`POST …/{id}/rotate-secret`) a new one: the old one
/// signs nothing from then on.
async fn secret(p: &Platform, site: &Site, id: &str, rotate: bool) -> WixResult<Value> {
    let mut item = get(p, site, id).await?;
    if rotate {
        item.data.insert("secret".into(), json!(new_secret()));
        item = SUBSCRIPTIONS
            .save(p, site, &item)
            .await?
            .ok_or_else(|| not_found("subscription", id))?;
        Automations::of(p).subscriptions.forget(site.id);
    }
    Ok(json!({ "secret": item.data.at("secret") }))
}

async fn update(p: &Platform, site: &Site, id: &str, body: &Value) -> WixResult<Value> {
    let mut item = get(p, site, id).await?;
    let mut merged = Value::Object(item.data.clone());
    for (k, v) in body["subscription"].as_object().into_iter().flatten() {
        merged[k] = v.clone();
    }
    let mut data = parse(p, &merged)?;
    data.insert("secret".into(), item.data.at("secret").clone());
    // Turned on again, it forgets why it was turned off.
    if data["enabled"] == false
        && let Some(why) = item.data.get("disabledReason")
    {
        data.insert("disabledReason".into(), why.clone());
    }
    item.data = data;
    let saved = SUBSCRIPTIONS
        .save(p, site, &item)
        .await?
        .ok_or_else(|| not_found("subscription", id))?;
    Automations::of(p).subscriptions.forget(site.id);
    Ok(json!({ "subscription": sub_view(&saved) }))
}

/// The deliveries of the site, newest first: `{subscriptionId?, status?, paging}`.
async fn deliveries(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let paging = &body["paging"];
    let limit = paging["limit"].as_u64().unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(bad("paging.limit: a whole number from 1 to 200"));
    }
    let offset = paging["offset"].as_u64().unwrap_or(0);
    let status = match body["status"].as_str() {
        None => None,
        Some("DELIVERED") => Some("done".to_string()),
        Some(s @ ("PENDING" | "FAILED")) => Some(s.to_lowercase()),
        Some(_) => return Err(bad("status: PENDING, DELIVERED or FAILED")),
    };
    let (list, total) = p
        .store()
        .work_items(
            site.id,
            QUEUE,
            body["subscriptionId"].as_str(),
            status.as_deref(),
            offset,
            limit as u32,
        )
        .await?;
    Ok(json!({
        "deliveries": list.iter().map(delivery_view).collect::<Vec<_>>(),
        "pagingMetadata": {"count": list.len(), "offset": offset, "total": total},
    }))
}

/// Sends a delivery again as it was, with the same `webhook-id`, on a fresh schedule.
async fn replay(p: &Platform, site: &Site, id: &str) -> WixResult<Value> {
    let mut d = p
        .store()
        .work_item(site.id, id)
        .await?
        .filter(|d| d.queue == QUEUE)
        .ok_or_else(|| not_found("delivery", id))?;
    if d.status == "pending" {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!("delivery {id} is still being tried"),
        ));
    }
    let now = now_millis();
    d.status = "pending".into();
    d.attempts = 0;
    d.due_at = now;
    d.updated_at = now;
    p.store().update_work(&d).await?;
    Automations::of(p).queued.notify_one();
    Ok(json!({ "delivery": delivery_view(&d) }))
}

fn may(call: &module::RouteCall) -> WixResult<()> {
    module::may(&call.ctx, Permission::Manage, "managing webhooks")
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(Method::Get, "/_webhooks/v1/event-types", |p, call| {
            async move {
                may(&call)?;
                let types: Vec<Value> = module::event_types(&p)
                    .iter()
                    .map(crate::catalogue::view)
                    .collect();
                Ok(json!({ "eventTypes": types }))
            }
            .boxed()
        }),
        Route::new(Method::Post, "/_webhooks/v1/subscriptions", |p, call| {
            async move {
                may(&call)?;
                create(&p, &call.ctx.site, &call.body).await
            }
            .boxed()
        }),
        Route::new(
            Method::Post,
            "/_webhooks/v1/subscriptions/query",
            |p, call| {
                async move {
                    may(&call)?;
                    let q = Query {
                        limit: MAX_SUBSCRIPTIONS as u32,
                        ..Query::default()
                    };
                    let list: Vec<Value> = SUBSCRIPTIONS
                        .query_existing(&p, &call.ctx.site, &q)
                        .await?
                        .iter()
                        .map(sub_view)
                        .collect();
                    Ok(json!({ "subscriptions": list }))
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Get,
            "/_webhooks/v1/subscriptions/{id}",
            |p, call| {
                async move {
                    may(&call)?;
                    let item = get(&p, &call.ctx.site, call.path_param("id")).await?;
                    Ok(json!({ "subscription": sub_view(&item) }))
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Patch,
            "/_webhooks/v1/subscriptions/{id}",
            |p, call| {
                async move {
                    may(&call)?;
                    update(&p, &call.ctx.site, call.path_param("id"), &call.body).await
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Delete,
            "/_webhooks/v1/subscriptions/{id}",
            |p, call| {
                async move {
                    may(&call)?;
                    let (site, id) = (&call.ctx.site, call.path_param("id"));
                    SUBSCRIPTIONS
                        .remove(&p, site, id)
                        .await?
                        .ok_or_else(|| not_found("subscription", id))?;
                    Automations::of(&p).subscriptions.forget(site.id);
                    Ok(json!({}))
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Get,
            "/_webhooks/v1/subscriptions/{id}/secret",
            |p, call| {
                async move {
                    may(&call)?;
                    secret(&p, &call.ctx.site, call.path_param("id"), false).await
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Post,
            "/_webhooks/v1/subscriptions/{id}/rotate-secret",
            |p, call| {
                async move {
                    may(&call)?;
                    secret(&p, &call.ctx.site, call.path_param("id"), true).await
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Post,
            "/_webhooks/v1/subscriptions/{id}/test",
            |p, call| {
                async move {
                    may(&call)?;
                    let site = &call.ctx.site;
                    let s = Subscription::of(&get(&p, site, call.path_param("id")).await?);
                    let payload =
                        json!({"message": "A test message from Tessera", "site": site.slug});
                    let d = push(&p, site.id, &s, TEST_EVENT, &payload).await?;
                    Ok(json!({ "delivery": delivery_view(&d) }))
                }
                .boxed()
            },
        ),
        Route::new(Method::Post, "/_webhooks/v1/deliveries/query", |p, call| {
            async move {
                may(&call)?;
                deliveries(&p, &call.ctx.site, &call.body).await
            }
            .boxed()
        }),
        Route::new(
            Method::Post,
            "/_webhooks/v1/deliveries/{id}/replay",
            |p, call| {
                async move {
                    may(&call)?;
                    replay(&p, &call.ctx.site, call.path_param("id")).await
                }
                .boxed()
            },
        ),
    ]
}
