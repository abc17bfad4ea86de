//! Automations (`/_automations/v1/…`): when a business event happens (any kind of the
//! catalogue, a custom trigger reported by site code, a schedule, or an outside system's POST
//! to the automation's secret address), and its conditions hold, after an optional delay, do
//! the actions in order: send an email or a text message, call a webhook, create a CMS item,
//! label or note a contact, give or take a member's role, notify the owner, run a backend
//! function (`backend/automations.js`). An automation is a
//! document of the data layer (`Automations/Automations`); each run is a row of the work queue
//! (queue `automation`, owner the automation): claimed step by step by one node, retried with
//! a backoff, with each step's input, output, error and times in its history. Values of the
//! event and of earlier steps go into actions as `{{event.…}}` and `{{steps.<n>.…}}`.

use futures::FutureExt;
use serde_json::{Map, Value, json};
use tessera_core::{
    Millis,
    data::{DataCaller, FieldType, Item, Query},
    ids::SiteId,
    now_millis,
    sites::{Permission, Site},
    work::WorkItem,
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult, contacts,
    data::DataContext,
    module::{self, Method, Route},
    records::{At, Kind},
};

use crate::{Automations, view};

const AUTOMATIONS: Kind = Kind {
    id: "Automations/Automations",
    name: "Automations",
    fields: &[("name", FieldType::Text), ("status", FieldType::Text)],
    indexes: &[],
    public: false,
};

/// The queue of automation runs in `work_queue`.
pub const QUEUE: &str = "automation";
const MAX_AUTOMATIONS: u64 = 100;
const MAX_ACTIONS: usize = 10;
/// An automation that starts more runs than this in a minute (or its own
/// `maxRunsPerMinute`, up to `MAX_RUNS_PER_MINUTE`) is taken to trigger itself.
const RUNAWAY: u64 = 1000;
const MAX_RUNS_PER_MINUTE: u64 = 100_000;
/// The waits after a step's failed attempts; after the last, the run fails.
const RETRIES: [Millis; 4] = [5_000, 60_000, 10 * 60_000, 3_600_000];
/// Custom triggers reported by site code are event types `custom:<triggerKey>`.
pub(crate) const CUSTOM: &str = "custom:";
/// A trigger on a schedule: `{eventType: "schedule", cron, timeZone}` (at most hourly).
pub(crate) const SCHEDULE: &str = "schedule";
/// A trigger by an outside system POSTing to the automation's secret address
/// (`/_automations/v1/inbound/<trigger.key>`): `{eventType: "inbound"}`.
pub(crate) const INBOUND: &str = "inbound";
/// The queue of scheduled automations' next firings in `work_queue`, one pending per
/// automation version: the firing starts the run and queues the next.
const FIRINGS: &str = "automation_schedule";
const ACTIONS: [&str; 10] = [
    "SEND_EMAIL",
    "SEND_SMS",
    "WEBHOOK",
    "CREATE_ITEM",
    "ADD_LABEL",
    "ADD_NOTE",
    "ASSIGN_ROLE",
    "REMOVE_ROLE",
    "NOTIFY_OWNER",
    "RUN_FUNCTION",
];
const OPERATORS: [&str; 8] = [
    "EQUALS",
    "NOT_EQUALS",
    "CONTAINS",
    "GREATER_THAN",
    "LESS_THAN",
    "IS_SET",
    "IS_NOT_SET",
    "IN",
];

fn bad(message: impl Into<String>) -> WixError {
    WixError::bad_request(message.into())
}

fn not_found(what: &str, id: &str) -> WixError {
    WixError::new(WixCode::ItemNotFound, format!("{what} {id} not found"))
}

/// The value at a dotted path (`event.entity.data.email`, `steps.0.status`).
fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(v, |v, k| match v {
        Value::Array(a) => k
            .parse::<usize>()
            .ok()
            .and_then(|i| a.get(i))
            .unwrap_or(&Value::Null),
        _ => v.get(k).unwrap_or(&Value::Null),
    })
}

/// `text` with each `{{path}}` replaced by the value there (text as is, other values as JSON,
/// nothing for none).
pub fn render(text: &str, context: &Value) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}") else {
            break;
        };
        out.push_str(&rest[..open]);
        match at(context, rest[open + 2..open + close].trim()) {
            Value::Null => {}
            Value::String(s) => out.push_str(s),
            v => out.push_str(&v.to_string()),
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

/// Every text inside `v` rendered.
fn render_all(v: &Value, context: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(render(s, context)),
        Value::Array(a) => Value::Array(a.iter().map(|x| render_all(x, context)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), render_all(x, context)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

/// Whether one rule holds of the event.
fn holds(rule: &Value, event: &Value) -> bool {
    let got = at(event, rule["field"].as_str().unwrap_or_default());
    let want = &rule["value"];
    let text = |v: &Value| match v {
        Value::String(s) => s.to_lowercase(),
        v => v.to_string().to_lowercase(),
    };
    match rule["operator"].as_str().unwrap_or_default() {
        "EQUALS" => text(got) == text(want),
        "NOT_EQUALS" => text(got) != text(want),
        "CONTAINS" => match got {
            Value::Array(a) => a.iter().any(|x| text(x) == text(want)),
            v => text(v).contains(&text(want)),
        },
        "GREATER_THAN" => matches!((number(got), number(want)), (Some(a), Some(b)) if a > b),
        "LESS_THAN" => matches!((number(got), number(want)), (Some(a), Some(b)) if a < b),
        "IS_SET" => !got.is_null() && got != "",
        "IS_NOT_SET" => got.is_null() || got == "",
        "IN" => want
            .as_array()
            .is_some_and(|l| l.iter().any(|x| text(x) == text(got))),
        _ => false,
    }
}

/// Whether the automation's conditions hold of `event` (`{match: ALL|ANY, rules}`).
fn conditions_hold(conditions: &Value, event: &Value) -> bool {
    let rules = conditions["rules"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let context = json!({ "event": event });
    match conditions["match"].as_str() {
        Some("ANY") => rules.is_empty() || rules.iter().any(|r| holds(r, &context)),
        _ => rules.iter().all(|r| holds(r, &context)),
    }
}

/// When a run of the event starts: now, a fixed time later (`delay.minutes`), or a time of
/// the event moved by `delay.minutes` (`delay.field`, e.g. 1,440 minutes before a booking).
fn start_of(delay: &Value, event: &Value, now: Millis) -> Millis {
    let minutes = delay["minutes"].as_i64().unwrap_or(0) * 60_000;
    match delay["field"].as_str() {
        Some(field) => {
            let context = json!({ "event": event });
            let base = at(&context, field)
                .as_str()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map_or(now, |t| t.timestamp_millis());
            (base + minutes).max(now)
        }
        None => now + minutes.max(0),
    }
}

/// A schedule trigger's cron expression (5 fields, in its `timeZone`, UTC if none), checked
/// to fire at most once an hour.
fn schedule_of(trigger: &Value) -> WixResult<(croner::Cron, chrono_tz::Tz)> {
    let text = trigger["cron"].as_str().unwrap_or_default().trim();
    let cron = (text.split_whitespace().count() == 5)
        .then(|| text.parse::<croner::Cron>().ok())
        .flatten()
        .ok_or_else(|| {
            bad(format!(
                "automation.trigger.cron: {text:?} is not a cron expression of 5 fields (minute hour day month weekday)"
            ))
        })?;
    let zone = trigger["timeZone"].as_str().unwrap_or("UTC");
    let tz = zone.parse::<chrono_tz::Tz>().map_err(|_| {
        bad(format!(
            "automation.trigger.timeZone: {zone:?} is not an IANA time zone"
        ))
    })?;
    let mut at = chrono::DateTime::UNIX_EPOCH.with_timezone(&tz);
    for _ in 0..100 {
        let Ok(next) = cron.find_next_occurrence(&at, false) else {
            break;
        };
        if at.timestamp() > 0 && next.signed_duration_since(at) < chrono::Duration::hours(1) {
            return Err(bad(format!(
                "automation.trigger.cron: {text:?} fires more often than once an hour"
            )));
        }
        at = next;
    }
    Ok((cron, tz))
}

/// The first time after `after` a schedule trigger fires.
fn next_firing(trigger: &Value, after: Millis) -> Option<Millis> {
    let (cron, tz) = schedule_of(trigger).ok()?;
    let after = chrono::DateTime::from_timestamp_millis(after)?.with_timezone(&tz);
    let next = cron.find_next_occurrence(&after, false).ok()?;
    Some(next.timestamp_millis())
}

/// Checks an automation as sent (on update, merged onto the stored one).
fn parse(p: &Platform, v: &Value) -> WixResult<Map<String, Value>> {
    let name = v["name"].as_str().map(str::trim).unwrap_or_default();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(bad("automation.name: is required, at most 200 characters"));
    }
    let event = v["trigger"]["eventType"].as_str().unwrap_or_default();
    let known = module::event_types(p).iter().any(|t| t.name == event);
    let custom = event
        .strip_prefix(CUSTOM)
        .is_some_and(|k| !k.is_empty() && k.len() <= 100);
    if event == SCHEDULE {
        schedule_of(&v["trigger"])?;
    }
    if !known && !custom && !matches!(event, SCHEDULE | INBOUND) {
        return Err(bad(format!(
            "automation.trigger.eventType: {event:?} is not an event type (GET /_webhooks/v1/event-types lists them; custom triggers are \"custom:<key>\"; also \"schedule\" and \"inbound\")"
        )));
    }
    if !v["maxRunsPerMinute"].is_null()
        && v["maxRunsPerMinute"]
            .as_u64()
            .is_none_or(|n| !(1..=MAX_RUNS_PER_MINUTE).contains(&n))
    {
        return Err(bad(format!(
            "automation.maxRunsPerMinute: a whole number from 1 to {MAX_RUNS_PER_MINUTE}"
        )));
    }
    let status = v["status"].as_str().unwrap_or("ACTIVE");
    if !matches!(status, "ACTIVE" | "INACTIVE") {
        return Err(bad("automation.status: ACTIVE or INACTIVE"));
    }
    let rules = match &v["conditions"]["rules"] {
        Value::Null => &Vec::new(),
        Value::Array(r) if r.len() <= 20 => r,
        _ => return Err(bad("automation.conditions.rules: a list of at most 20")),
    };
    for (i, r) in rules.iter().enumerate() {
        let op = r["operator"].as_str().unwrap_or_default();
        if r["field"].as_str().is_none_or(str::is_empty) || !OPERATORS.contains(&op) {
            return Err(bad(format!(
                "automation.conditions.rules[{i}]: a field and an operator of {}",
                OPERATORS.join(", ")
            )));
        }
    }
    if !v["conditions"]["match"].is_null()
        && !matches!(v["conditions"]["match"].as_str(), Some("ALL" | "ANY"))
    {
        return Err(bad("automation.conditions.match: ALL or ANY"));
    }
    let delay = &v["delay"];
    if !delay.is_null()
        && (delay["minutes"]
            .as_i64()
            .is_none_or(|m| m.abs() > 366 * 24 * 60)
            || (delay["field"].is_null() && delay["minutes"].as_i64() < Some(0)))
    {
        return Err(bad(
            "automation.delay.minutes: whole minutes, at most a year (before a time of the event only with delay.field)",
        ));
    }
    let actions = v["actions"]
        .as_array()
        .filter(|a| !a.is_empty() && a.len() <= MAX_ACTIONS)
        .ok_or_else(|| bad(format!("automation.actions: 1 to {MAX_ACTIONS} actions")))?;
    for (i, a) in actions.iter().enumerate() {
        let f = format!("automation.actions[{i}]");
        let need = |k: &str| {
            a[k].as_str()
                .filter(|s| !s.trim().is_empty())
                .map(|_| ())
                .ok_or_else(|| bad(format!("{f}.{k}: is required")))
        };
        match a["type"].as_str().unwrap_or_default() {
            "SEND_EMAIL" => {
                need("to")?;
                need("subject")?;
                need("body")?;
            }
            "WEBHOOK" => {
                let url = a["url"].as_str().unwrap_or_default();
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(bad(format!("{f}.url: an http or https URL")));
                }
            }
            "CREATE_ITEM" => {
                need("collectionId")?;
                if !a["data"].is_object() {
                    return Err(bad(format!("{f}.data: an object of the item's fields")));
                }
            }
            "SEND_SMS" => {
                need("to")?;
                need("body")?;
            }
            "ADD_LABEL" => {
                need("email")?;
                need("labelKey")?;
            }
            "ADD_NOTE" => {
                need("email")?;
                need("text")?;
            }
            "ASSIGN_ROLE" | "REMOVE_ROLE" => {
                need("member")?;
                need("role")?;
            }
            "NOTIFY_OWNER" => need("body")?,
            "RUN_FUNCTION" => {
                let name = a["function"].as_str().unwrap_or_default();
                if name.is_empty()
                    || !name
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
                {
                    return Err(bad(format!(
                        "{f}.function: the name of a function exported by backend/automations.js"
                    )));
                }
            }
            other => {
                return Err(bad(format!(
                    "{f}.type: {other:?} is not one of {}",
                    ACTIONS.join(", ")
                )));
            }
        }
    }
    let mut data = Map::new();
    for k in [
        "trigger",
        "conditions",
        "delay",
        "actions",
        "maxRunsPerMinute",
    ] {
        if !v[k].is_null() {
            data.insert(k.into(), v[k].clone());
        }
    }
    data.insert("name".into(), json!(name));
    data.insert("status".into(), json!(status));
    Ok(data)
}

fn run_view(r: &WorkItem) -> Value {
    json!({
        "id": r.id,
        "automationId": r.owner,
        "status": r.status.to_uppercase(),
        "eventType": r.doc["eventType"],
        "event": r.doc["event"],
        "test": r.doc["test"] == true,
        "steps": r.doc["steps"],
        "nextStep": r.step,
        "nextAttemptDate": (r.status == "pending").then(|| tessera_platform::time(r.due_at)),
        "error": r.doc["error"],
        "createdDate": tessera_platform::time(r.created_at),
        "updatedDate": tessera_platform::time(r.updated_at),
    })
}

async fn all(p: &Platform, site: &Site) -> WixResult<Vec<Item>> {
    let q = Query {
        limit: MAX_AUTOMATIONS as u32,
        ..Query::default()
    };
    AUTOMATIONS.query_existing(p, site, &q).await
}

/// The site's automations as read in the last second (none for a site that is gone): the
/// site is read only when they are not known, so most events and steps cost no query.
async fn of_site(p: &Platform, site: SiteId) -> tessera_core::Result<std::sync::Arc<Vec<Item>>> {
    let cache = &Automations::of(p).automations;
    if let Some(known) = cache.get(site) {
        return Ok(known);
    }
    let Some(site) = p.store().site(site).await? else {
        return Ok(Default::default());
    };
    let list = std::sync::Arc::new(
        all(p, &site)
            .await
            .map_err(|e| tessera_core::Error::internal(e.description()))?,
    );
    cache.keep(site.id, list.clone());
    Ok(list)
}

/// Starts a run of each active automation of the site triggered by `event` whose conditions
/// hold; an automation that starts runs too fast is stopped instead.
pub async fn trigger(
    p: &Platform,
    site: SiteId,
    event: &str,
    payload: &Value,
    entity: Option<&str>,
) -> tessera_core::Result<()> {
    let automations = of_site(p, site).await?;
    if automations.is_empty() {
        return Ok(());
    }
    let now = now_millis();
    let entity = entity.or_else(|| entity_of(payload));
    if let Some(id) = entity.filter(|_| ends(event)) {
        // A reminder waiting for a booking that is now canceled is not sent.
        cancel_runs(p, site, "what it was for ended", |r| {
            r.step == 0 && r.doc["externalEntityId"] == id && r.doc["eventType"] != event
        })
        .await?;
    }
    for a in automations.iter() {
        let d = &a.data;
        if d.at("status") != "ACTIVE"
            || d.at("trigger")["eventType"] != event
            || !conditions_hold(d.at("conditions"), payload)
        {
            continue;
        }
        // A collection's item events: only the collection named, when one is.
        if let Some(c) = d.at("trigger")["collectionId"].as_str()
            && payload["entity"]["dataCollectionId"] != c
        {
            continue;
        }
        start(p, site, a, event, payload, entity, now).await?;
    }
    Ok(())
}

/// Queues a run of `a` for the event, to start after its delay; None when the automation
/// started so many runs in the last minute that it is taken to trigger itself, and stopped.
async fn start(
    p: &Platform,
    site: SiteId,
    a: &Item,
    event: &str,
    payload: &Value,
    entity: Option<&str>,
    now: Millis,
) -> tessera_core::Result<Option<WorkItem>> {
    let limit = a.data.at("maxRunsPerMinute").as_u64().unwrap_or(RUNAWAY);
    if !Automations::of(p).count_start(&a.id, now, limit) {
        if let Some(site) = p.store().site(site).await? {
            let why =
                format!("it started more than {limit} runs in a minute: does it trigger itself?");
            stop(p, &site, &a.id, &why).await;
        }
        return Ok(None);
    }
    let mut doc = run_doc(event, payload, false);
    if let Some(e) = entity {
        doc["externalEntityId"] = json!(e);
    }
    // Due by the module's clock, which a test clock moves on.
    let due = start_of(a.data.at("delay"), payload, Automations::of(p).now());
    queue_run(p, site, new_run_id(), &a.id, doc, due)
        .await
        .map(Some)
}

/// What an event is about: the booking, order or item its payload names.
fn entity_of(payload: &Value) -> Option<&str> {
    [
        &payload["metadata"]["entityId"],
        &payload["booking"]["id"],
        &payload["order"]["id"],
        &payload["entity"]["_id"],
        &payload["entity"]["id"],
    ]
    .into_iter()
    .find_map(Value::as_str)
}

/// Whether an event ends what it is about, so that runs waiting on that thing stop.
fn ends(event: &str) -> bool {
    ["Canceled", "Declined", "Deleted", "Ended", "Recovered"]
        .iter()
        .any(|e| event.ends_with(e))
}

/// Cancels the site's pending runs that `which` picks, saying why.
async fn cancel_runs(
    p: &Platform,
    site: SiteId,
    why: &str,
    which: impl Fn(&WorkItem) -> bool,
) -> tessera_core::Result<()> {
    let (pending, _) = p
        .store()
        .work_items(site, QUEUE, None, Some("pending"), 0, 1000)
        .await?;
    for mut r in pending.into_iter().filter(|r| which(r)) {
        r.status = "canceled".into();
        r.doc["error"] = json!(why);
        r.updated_at = now_millis();
        p.store().update_work(&r).await?;
    }
    Ok(())
}

/// A run's document as queued: the event that started it, no steps yet.
fn run_doc(event_type: &str, event: &Value, test: bool) -> Value {
    json!({"eventType": event_type, "event": event, "steps": [], "test": test})
}

fn new_run_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Queues run `id` of `automation` (a run of that id already queued stays as it is) and wakes
/// this node's deliverer.
async fn queue_run(
    p: &Platform,
    site: SiteId,
    id: String,
    automation: &str,
    doc: Value,
    due_at: Millis,
) -> tessera_core::Result<WorkItem> {
    let run = work(site, QUEUE, id, automation, doc, due_at);
    let this = Automations::of(p);
    this.writes.queue(p, run.clone()).await?;
    this.queued.notify_one();
    Ok(run)
}

/// A new pending item of `queue`.
fn work(
    site: SiteId,
    queue: &str,
    id: String,
    owner: &str,
    doc: Value,
    due_at: Millis,
) -> WorkItem {
    let now = now_millis();
    WorkItem {
        site_id: site,
        id,
        queue: queue.into(),
        owner: owner.to_string(),
        status: "pending".into(),
        step: 0,
        attempts: 0,
        due_at,
        doc,
        created_at: now,
        updated_at: now,
    }
}

/// Turns an automation off with the reason, and tells the owner.
async fn stop(p: &Platform, site: &Site, id: &str, why: &str) {
    let mut changes = Map::new();
    changes.insert("status".into(), json!("INACTIVE"));
    changes.insert("stoppedReason".into(), json!(why));
    crate::turn_off(p, site, &AUTOMATIONS, id, changes, |a| {
        let name = a.at("name").as_str().unwrap_or_default();
        (
            "An automation is stopped".into(),
            format!("The automation “{name}” is stopped: {why}"),
        )
    })
    .await;
}

/// Runs the runs due by `now` that this node claims, a step per attempt; how many attempts.
pub async fn run_due(p: &Platform, now: Millis) -> tessera_core::Result<usize> {
    let fired = crate::work::run_due(p, FIRINGS, now, |p, f, now| fire(p, f, now).boxed()).await?;
    let stepped = crate::work::run_due(p, QUEUE, now, |p, r, now| step(p, r, now).boxed()).await?;
    Ok(fired + stepped)
}

/// One attempt at a run's next action.
async fn step(p: Platform, mut r: WorkItem, now: Millis) -> tessera_core::Result<()> {
    let store = p.store();
    let Some(site) = store.site(r.site_id).await? else {
        return Ok(());
    };
    let automation = of_site(&p, site.id)
        .await?
        .iter()
        .find(|a| a.id == r.owner)
        .cloned();
    let test = r.doc["test"] == true;
    let why_not = match &automation {
        None => Some("the automation is deleted"),
        Some(a) if !test && a.data.at("status") != "ACTIVE" => Some("the automation is paused"),
        _ => None,
    };
    if let Some(why) = why_not {
        r.status = "canceled".into();
        r.doc["error"] = json!(why);
        r.updated_at = now_millis();
        return Automations::of(&p).writes.update(&p, r).await;
    }
    let automation = automation.expect("checked above");
    let actions = automation
        .data
        .at("actions")
        .as_array()
        .cloned()
        .unwrap_or_default();
    let Some(action) = usize::try_from(r.step).ok().and_then(|i| actions.get(i)) else {
        r.status = "done".into();
        r.updated_at = now_millis();
        return Automations::of(&p).writes.update(&p, r).await;
    };
    // Later actions see each earlier step's output as `steps.<n>`.
    let outputs: Vec<Value> = r.doc["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| s["output"].clone())
        .collect();
    let context = json!({"event": r.doc["event"], "steps": outputs});
    let input = render_all(action, &context);
    let started = now_millis();
    // Each step's effects are named after it, so a step retried after a node died mid-way
    // (its result not stored) does not send, write or notify twice.
    let step_id = format!("{}.{}", r.id, r.step);
    let result = act(&p, &site, &input, &context, &step_id).await;
    let ended = now_millis();
    let mut record = json!({
        "type": input["type"], "input": input, "attempt": r.attempts,
        "startedDate": tessera_platform::time(started), "endedDate": tessera_platform::time(ended),
    });
    r.updated_at = ended;
    match result {
        Ok(output) => {
            record["output"] = output;
            push_step(&mut r, record);
            r.step += 1;
            r.attempts = 0;
            r.doc["error"] = Value::Null;
            if usize::try_from(r.step).is_ok_and(|s| s >= actions.len()) {
                r.status = "done".into();
            } else {
                r.due_at = now;
            }
        }
        Err(error) => {
            record["error"] = json!(error);
            push_step(&mut r, record);
            r.doc["error"] = json!(error);
            match usize::try_from(r.attempts - 1)
                .ok()
                .and_then(|n| RETRIES.get(n))
            {
                Some(wait) => r.due_at = now + wait,
                None => r.status = "failed".into(),
            }
        }
    }
    let pending = r.status == "pending";
    let this = Automations::of(&p);
    this.writes.update(&p, r).await?;
    if pending {
        this.queued.notify_one();
    }
    Ok(())
}

/// A step's record in the run's history (failed attempts too); `steps.<n>` of later actions
/// is the n-th action's output.
fn push_step(r: &mut WorkItem, record: Value) {
    let list = r.doc["steps"].as_array_mut();
    match list {
        Some(l) => {
            // A retried action replaces its failed attempt's record.
            if l.len() > usize::try_from(r.step).unwrap_or(0) {
                l.pop();
            }
            l.push(record);
        }
        None => r.doc["steps"] = json!([record]),
    }
}

/// Does one action (its texts already rendered) once per `id`; its output, or why it failed.
async fn act(
    p: &Platform,
    site: &Site,
    a: &Value,
    context: &Value,
    id: &str,
) -> Result<Value, String> {
    match a["type"].as_str().unwrap_or_default() {
        "SEND_EMAIL" => {
            let to = a["to"].as_str().unwrap_or_default().trim();
            if !to.contains('@') || to.contains(char::is_whitespace) {
                return Err(format!("to: {to:?} is not an email address"));
            }
            let brand = tessera_platform::mail::brand(p, site).await;
            let mail = tessera_platform::mail::Outgoing {
                kind: "automation",
                to,
                subject: a["subject"].as_str().unwrap_or_default().to_string(),
                paragraphs: a["body"]
                    .as_str()
                    .unwrap_or_default()
                    .split("\n\n")
                    .map(str::to_string)
                    .collect(),
                action: None,
            };
            tessera_platform::mail::queue_once(p, site, &brand, mail, id)
                .await
                .map_err(|e| e.to_string())?;
            Ok(json!({ "to": to, "messageId": id }))
        }
        "WEBHOOK" => {
            let body = json!({"event": context["event"], "steps": context["steps"]}).to_string();
            let (status, answer) = tessera_platform::fetch::post(
                &p.config().fetch_allow,
                a["url"].as_str().unwrap_or_default(),
                vec![
                    ("content-type".into(), "application/json".into()),
                    ("idempotency-key".into(), id.into()),
                ],
                body.into_bytes(),
                std::time::Duration::from_secs(15),
                1024 * 1024,
            )
            .await
            .map_err(|e| e.message)?;
            let answer = serde_json::from_slice(&answer).unwrap_or_else(|_| {
                Value::String(
                    String::from_utf8_lossy(&answer)
                        .chars()
                        .take(2000)
                        .collect(),
                )
            });
            if !(200..300).contains(&status) {
                return Err(format!("the webhook answered {status}"));
            }
            Ok(json!({ "status": status, "body": answer }))
        }
        "CREATE_ITEM" => {
            let ctx = DataContext {
                site: site.clone(),
                caller: DataCaller::Code { member: None },
                suppress_hooks: false,
            };
            let mut data = a["data"].clone();
            if data["_id"].is_null() {
                data["_id"] = json!(id);
            }
            let item_id = data["_id"].clone();
            let req = serde_json::from_value(json!({
                "dataCollectionId": a["collectionId"], "dataItem": {"data": data},
            }))
            .map_err(|e| e.to_string())?;
            match tessera_platform::data::items::insert(p, &ctx, req).await {
                Ok(item) => Ok(item["dataItem"].clone()),
                // Made by this step's earlier attempt.
                Err(e) if e.code() == WixCode::AlreadyExists => {
                    Ok(json!({ "id": item_id, "dataCollectionId": a["collectionId"] }))
                }
                Err(e) => Err(e.description().to_string()),
            }
        }
        "SEND_SMS" => {
            let to = a["to"].as_str().unwrap_or_default().trim();
            let digits = to.chars().filter(char::is_ascii_digit).count();
            if !(7..=15).contains(&digits)
                || !to
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-().".contains(c))
            {
                return Err(format!("to: {to:?} is not a phone number"));
            }
            let body: String = a["body"]
                .as_str()
                .unwrap_or_default()
                .chars()
                .take(1600)
                .collect();
            tessera_platform::mail::keep_text_message(p, site, to, &body, id)
                .await
                .map_err(|e| e.to_string())?;
            Ok(json!({ "to": to, "messageId": id }))
        }
        "ADD_LABEL" | "ADD_NOTE" => {
            let email = a["email"]
                .as_str()
                .unwrap_or_default()
                .trim()
                .to_lowercase();
            if !email.contains('@') || email.contains(char::is_whitespace) {
                return Err(format!("email: {email:?} is not an email address"));
            }
            let label = a["labelKey"].as_str().map(str::trim).unwrap_or_default();
            let input = contacts::ContactInput {
                email: Some(email),
                labels: (a["type"] == "ADD_LABEL")
                    .then(|| label.to_string())
                    .into_iter()
                    .collect(),
                source: "AUTOMATION",
                ..Default::default()
            };
            let (contact, _) = contacts::upsert(p, site, input)
                .await
                .map_err(|e| e.to_string())?;
            if a["type"] == "ADD_NOTE" && !noted(p, site, &contact.id, id).await? {
                let text = a["text"].as_str().unwrap_or_default();
                let title: String = text.chars().take(200).collect();
                let details = json!({ "text": text, "stepId": id });
                contacts::add_activity(p, site, &contact, "NOTE", &title, details)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            Ok(json!({ "contactId": contact.id }))
        }
        "ASSIGN_ROLE" | "REMOVE_ROLE" => {
            let who = a["member"].as_str().unwrap_or_default().trim();
            let found = match who.contains('@') {
                true => p
                    .store()
                    .member_by_email(site.id, who)
                    .await
                    .map(|m| m.map(|(m, _)| m)),
                false => p.store().member(site.id, who).await,
            };
            let member = found
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("member: no member {who:?}"))?;
            let role = a["role"].as_str().unwrap_or_default().trim().to_string();
            let mut roles = member.roles.clone();
            roles.retain(|r| *r != role);
            if a["type"] == "ASSIGN_ROLE" {
                roles.push(role);
            }
            let member = tessera_platform::members::set_roles(p, site, &member.id, roles)
                .await
                .map_err(|e| e.to_string())?;
            Ok(json!({ "memberId": member.id, "roles": member.roles }))
        }
        "NOTIFY_OWNER" => {
            let notice = json!({
                "body": a["body"], "channels": ["Dashboard"],
                "options": {"title": a["title"].as_str().unwrap_or("Automation")},
            });
            tessera_platform::notifications::notify_once(p, site, &notice, id)
                .await
                .map_err(|e| e.to_string())?;
            Ok(json!({}))
        }
        "RUN_FUNCTION" => {
            let function = a["function"].as_str().unwrap_or_default();
            // `stepId` lets the function do its work once when a step is retried.
            let arg = json!({"event": context["event"], "steps": context["steps"], "stepId": id});
            tessera_platform::code::call_backend(
                p,
                site,
                ("backend/automations.js", function),
                &[arg],
                &format!("automation {function}"),
            )
            .await
        }
        other => Err(format!("no action {other:?}")),
    }
}

/// Whether the contact's timeline has the note of step `id` already.
async fn noted(p: &Platform, site: &Site, contact: &str, id: &str) -> Result<bool, String> {
    let timeline = contacts::activities(p, site, contact)
        .await
        .map_err(|e| e.to_string())?;
    Ok(timeline
        .iter()
        .any(|a| a.data.get("details").is_some_and(|d| d["stepId"] == id)))
}

async fn get(p: &Platform, site: &Site, id: &str) -> WixResult<Item> {
    AUTOMATIONS
        .get(p, site, id)
        .await?
        .ok_or_else(|| not_found("automation", id))
}

fn may(call: &module::RouteCall) -> WixResult<()> {
    module::may(&call.ctx, Permission::Manage, "managing automations")
}

async fn save(p: &Platform, site: &Site, id: Option<&str>, body: &Value) -> WixResult<Value> {
    let sent = &body["automation"];
    let saved = match id {
        None => {
            let mut data = parse(p, sent)?;
            give_inbound_key(&mut data, None);
            if AUTOMATIONS
                .count(p, site, &tessera_core::data::Filter::All)
                .await?
                >= MAX_AUTOMATIONS
            {
                return Err(WixError::new(
                    WixCode::FailedPrecondition,
                    format!("a site has at most {MAX_AUTOMATIONS} automations"),
                ));
            }
            let id = uuid::Uuid::new_v4().to_string();
            AUTOMATIONS.insert(p, site, &id, data).await?
        }
        Some(id) => {
            let mut item = get(p, site, id).await?;
            let mut merged = Value::Object(item.data.clone());
            for (k, v) in sent.as_object().into_iter().flatten() {
                merged[k] = v.clone();
            }
            let key = item.data.at("trigger")["key"].as_str().map(str::to_string);
            item.data = parse(p, &merged)?;
            give_inbound_key(&mut item.data, key);
            AUTOMATIONS
                .save(p, site, &item)
                .await?
                .ok_or_else(|| not_found("automation", id))?
        }
    };
    Automations::of(p).automations.forget(site.id);
    schedule(p, site.id, &saved, now_millis()).await?;
    Ok(json!({ "automation": view(&saved) }))
}

/// An inbound trigger keeps the secret of its address (`key`) across updates; a new one
/// gets one. Other triggers have none.
fn give_inbound_key(data: &mut Map<String, Value>, stored: Option<String>) {
    let Some(trigger) = data.get_mut("trigger").and_then(Value::as_object_mut) else {
        return;
    };
    if trigger.get("eventType").and_then(Value::as_str) == Some(INBOUND) {
        let key = stored.unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
        trigger.insert("key".into(), json!(key));
    } else {
        trigger.remove("key");
    }
}

/// Queues the next firing of an active scheduled automation, named after its version (the
/// time it was last changed) and the firing time: a firing of an older version does nothing.
async fn schedule(p: &Platform, site: SiteId, a: &Item, after: Millis) -> tessera_core::Result<()> {
    let trigger = a.data.at("trigger");
    if a.data.at("status") != "ACTIVE" || trigger["eventType"] != SCHEDULE {
        return Ok(());
    }
    let Some(at) = next_firing(trigger, after) else {
        return Ok(());
    };
    let id = format!("{}:{}:{at}", a.id, a.updated_at);
    let doc = json!({ "version": a.updated_at, "firesAt": at });
    p.store()
        .queue_work(&work(site, FIRINGS, id, &a.id, doc, at))
        .await?;
    Ok(())
}

/// A scheduled automation's firing: starts its run (named after the automation and the
/// firing time, so a firing retried after a node died starts it once) and queues the next.
async fn fire(p: Platform, mut f: WorkItem, now: Millis) -> tessera_core::Result<()> {
    let store = p.store();
    let Some(site) = store.site(f.site_id).await? else {
        return Ok(());
    };
    let automation = AUTOMATIONS
        .get(&p, &site, &f.owner)
        .await
        .map_err(|e| tessera_core::Error::internal(e.description()))?;
    let at = f.doc["firesAt"].as_i64().unwrap_or(now);
    match automation {
        Some(a) if a.updated_at == f.doc["version"] && a.data.at("status") == "ACTIVE" => {
            let event = json!({ "scheduledDate": tessera_platform::time(at) });
            let doc = run_doc(SCHEDULE, &event, false);
            queue_run(&p, site.id, format!("{}@{at}", a.id), &a.id, doc, now).await?;
            // After a long stop, the missed firings are one run, not a burst.
            schedule(&p, site.id, &a, at.max(now)).await?;
            f.status = "done".into();
        }
        _ => f.status = "canceled".into(),
    }
    f.updated_at = now_millis();
    Automations::of(&p).writes.update(&p, f).await
}

async fn runs(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let limit = body["paging"]["limit"].as_u64().unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(bad("paging.limit: a whole number from 1 to 200"));
    }
    let offset = body["paging"]["offset"].as_u64().unwrap_or(0);
    let status = match body["status"].as_str() {
        None => None,
        Some(s @ ("PENDING" | "DONE" | "FAILED" | "CANCELED")) => Some(s.to_lowercase()),
        Some(_) => return Err(bad("status: PENDING, DONE, FAILED or CANCELED")),
    };
    let (list, total) = p
        .store()
        .work_items(
            site.id,
            QUEUE,
            body["automationId"].as_str(),
            status.as_deref(),
            offset,
            limit as u32,
        )
        .await?;
    Ok(json!({
        "runs": list.iter().map(run_view).collect::<Vec<_>>(),
        "pagingMetadata": {"count": list.len(), "offset": offset, "total": total},
    }))
}

/// `POST /automations/v1/events/report {triggerKey, payload, externalEntityId?}`: a custom
/// trigger from site code or an outside system.
async fn report(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let key = body["triggerKey"]
        .as_str()
        .filter(|k| !k.is_empty() && k.len() <= 100)
        .ok_or_else(|| bad("triggerKey: is required, at most 100 characters"))?;
    let payload = body["payload"].clone();
    if !payload.is_object() && !payload.is_null() {
        return Err(bad("payload: an object"));
    }
    let entity = body["externalEntityId"].as_str();
    trigger(p, site.id, &format!("{CUSTOM}{key}"), &payload, entity).await?;
    Ok(json!({}))
}

/// `POST /_automations/v1/inbound/<key>` with a JSON object: a run of the active inbound
/// automation with that key, the object as its event.
async fn inbound(p: &Platform, site: &Site, key: &str, body: &Value) -> WixResult<Value> {
    let found = all(p, site).await?.into_iter().find(|a| {
        let t = a.data.at("trigger");
        t["eventType"] == INBOUND && t["key"] == key && a.data.at("status") == "ACTIVE"
    });
    // No hint whether the key was ever right.
    let a = found.ok_or_else(|| not_found("inbound automation", "of this address"))?;
    if !body.is_object() {
        return Err(bad("body: a JSON object"));
    }
    if !conditions_hold(a.data.at("conditions"), body) {
        return Ok(json!({ "run": null }));
    }
    let run = start(p, site.id, &a, INBOUND, body, None, now_millis()).await?;
    Ok(json!({ "run": run.map(|r| json!({ "id": r.id })) }))
}

/// `POST /automations/v1/events/cancel {triggerKey, externalEntityId}`: the runs a custom
/// trigger started for that entity and that have not finished stop.
async fn cancel(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let key = body["triggerKey"]
        .as_str()
        .ok_or_else(|| bad("triggerKey: is required"))?;
    let entity = body["externalEntityId"]
        .as_str()
        .ok_or_else(|| bad("externalEntityId: is required"))?;
    let event = format!("{CUSTOM}{key}");
    cancel_runs(p, site.id, "the trigger was canceled", |r| {
        r.doc["eventType"] == event.as_str() && r.doc["externalEntityId"] == entity
    })
    .await?;
    Ok(json!({}))
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(Method::Post, "/_automations/v1/automations", |p, call| {
            async move {
                may(&call)?;
                save(&p, &call.ctx.site, None, &call.body).await
            }
            .boxed()
        }),
        Route::new(
            Method::Post,
            "/_automations/v1/automations/query",
            |p, call| {
                async move {
                    may(&call)?;
                    let list: Vec<Value> =
                        all(&p, &call.ctx.site).await?.iter().map(view).collect();
                    Ok(json!({ "automations": list }))
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Get,
            "/_automations/v1/automations/{id}",
            |p, call| {
                async move {
                may(&call)?;
                Ok(json!({ "automation": view(&get(&p, &call.ctx.site, call.path_param("id")).await?) }))
            }
            .boxed()
            },
        ),
        Route::new(
            Method::Patch,
            "/_automations/v1/automations/{id}",
            |p, call| {
                async move {
                    may(&call)?;
                    save(&p, &call.ctx.site, Some(call.path_param("id")), &call.body).await
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Delete,
            "/_automations/v1/automations/{id}",
            |p, call| {
                async move {
                    may(&call)?;
                    let (site, id) = (&call.ctx.site, call.path_param("id"));
                    AUTOMATIONS
                        .remove(&p, site, id)
                        .await?
                        .ok_or_else(|| not_found("automation", id))?;
                    Automations::of(&p).automations.forget(site.id);
                    Ok(json!({}))
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Post,
            "/_automations/v1/automations/{id}/test",
            |p, call| {
                async move {
                    may(&call)?;
                    let site = &call.ctx.site;
                    let a = get(&p, site, call.path_param("id")).await?;
                    let event_type = a.data.at("trigger")["eventType"]
                        .as_str()
                        .unwrap_or_default();
                    let doc = run_doc(event_type, &call.body["payload"], true);
                    let run =
                        queue_run(&p, site.id, new_run_id(), &a.id, doc, now_millis()).await?;
                    Ok(json!({ "run": run_view(&run) }))
                }
                .boxed()
            },
        ),
        Route::new(Method::Get, "/_automations/v1/triggers", |p, call| {
            async move {
                may(&call)?;
                let mut list: Vec<Value> = module::event_types(&p)
                    .iter()
                    .map(crate::catalogue::view)
                    .collect();
                list.extend(crate::catalogue::kinds());
                Ok(json!({ "triggers": list }))
            }
            .boxed()
        }),
        Route::new(Method::Post, "/_automations/v1/runs/query", |p, call| {
            async move {
                may(&call)?;
                runs(&p, &call.ctx.site, &call.body).await
            }
            .boxed()
        }),
        // Outside systems: the secret in the address is the credential.
        Route::new(Method::Post, "/_automations/v1/inbound/{key}", |p, call| {
            async move { inbound(&p, &call.ctx.site, call.path_param("key"), &call.body).await }
                .boxed()
        }),
        Route::new(Method::Post, "/automations/v1/events/report", |p, call| {
            async move {
                may(&call)?;
                report(&p, &call.ctx.site, &call.body).await
            }
            .boxed()
        }),
        Route::new(Method::Post, "/automations/v1/events/cancel", |p, call| {
            async move {
                may(&call)?;
                cancel(&p, &call.ctx.site, &call.body).await
            }
            .boxed()
        }),
    ]
}
