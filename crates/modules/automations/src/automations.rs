//! Automations (`/_automations/v1/…`): when a business event happens (any kind of the
//! catalogue, or a custom trigger reported by site code), and its conditions hold, after an
//! optional delay, do the actions in order: send an email, call a webhook, create a CMS item,
//! notify the owner, run a backend function (`backend/automations.js`). An automation is a
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
    Platform, WixCode, WixError, WixResult,
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
/// An automation that starts more runs than this in a minute is taken to trigger itself.
const RUNAWAY: u64 = 100;
/// The waits after a step's failed attempts; after the last, the run fails.
const RETRIES: [Millis; 4] = [5_000, 60_000, 10 * 60_000, 3_600_000];
/// Custom triggers reported by site code are event types `custom:<triggerKey>`.
const CUSTOM: &str = "custom:";
const ACTIONS: [&str; 5] = [
    "SEND_EMAIL",
    "WEBHOOK",
    "CREATE_ITEM",
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
    if !known && !custom {
        return Err(bad(format!(
            "automation.trigger.eventType: {event:?} is not an event type (GET /_webhooks/v1/event-types lists them; custom triggers are \"custom:<key>\")"
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
    for k in ["trigger", "conditions", "delay", "actions"] {
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

/// Starts a run of each active automation of the site triggered by `event` whose conditions
/// hold; an automation that starts runs too fast is stopped instead.
pub async fn trigger(
    p: &Platform,
    site: SiteId,
    event: &str,
    payload: &Value,
    entity: Option<&str>,
) -> tessera_core::Result<()> {
    let cache = &Automations::of(p).automations;
    // The site is read only when its automations are not known: most events cost no query.
    let automations = match cache.get(site) {
        Some(known) => known,
        None => {
            let Some(site) = p.store().site(site).await? else {
                return Ok(());
            };
            let list = std::sync::Arc::new(
                all(p, &site)
                    .await
                    .map_err(|e| tessera_core::Error::internal(e.description()))?,
            );
            cache.keep(site.id, list.clone());
            list
        }
    };
    let now = now_millis();
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
        if p.store()
            .count_work_since(site, QUEUE, &a.id, now - 60_000)
            .await?
            >= RUNAWAY
        {
            if let Some(site) = p.store().site(site).await? {
                let why = format!(
                    "it started more than {RUNAWAY} runs in a minute: does it trigger itself?"
                );
                stop(p, &site, &a.id, &why).await;
            }
            continue;
        }
        let mut doc = json!({"eventType": event, "event": payload, "steps": [], "test": false});
        if let Some(e) = entity {
            doc["externalEntityId"] = json!(e);
        }
        queue_run(p, site, &a.id, doc, start_of(d.at("delay"), payload, now)).await?;
    }
    Ok(())
}

async fn queue_run(
    p: &Platform,
    site: SiteId,
    automation: &str,
    doc: Value,
    due_at: Millis,
) -> tessera_core::Result<WorkItem> {
    let now = now_millis();
    let run = WorkItem {
        site_id: site,
        id: uuid::Uuid::now_v7().to_string(),
        queue: QUEUE.into(),
        owner: automation.to_string(),
        status: "pending".into(),
        step: 0,
        attempts: 0,
        due_at,
        doc,
        created_at: now,
        updated_at: now,
    };
    p.store().queue_work(&run).await?;
    Automations::of(p).queued.notify_one();
    Ok(run)
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
    crate::work::run_due(p, QUEUE, now, |p, r, now| step(p, r, now).boxed()).await
}

/// One attempt at a run's next action.
async fn step(p: Platform, mut r: WorkItem, now: Millis) -> tessera_core::Result<()> {
    let store = p.store();
    let Some(site) = store.site(r.site_id).await? else {
        return Ok(());
    };
    let automation = AUTOMATIONS
        .get(&p, &site, &r.owner)
        .await
        .map_err(|e| tessera_core::Error::internal(e.description()))?;
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
        return store.update_work(&r).await;
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
        return store.update_work(&r).await;
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
    let result = act(&p, &site, &input, &context).await;
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
    store.update_work(&r).await?;
    if r.status == "pending" {
        Automations::of(&p).queued.notify_one();
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

/// Does one action (its texts already rendered); its output, or why it failed.
async fn act(p: &Platform, site: &Site, a: &Value, context: &Value) -> Result<Value, String> {
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
            tessera_platform::mail::queue(p, site, &brand, mail)
                .await
                .map_err(|e| e.to_string())?;
            Ok(json!({ "to": to }))
        }
        "WEBHOOK" => {
            let body = json!({"event": context["event"], "steps": context["steps"]}).to_string();
            let (status, answer) = tessera_platform::fetch::post(
                &p.config().fetch_allow,
                a["url"].as_str().unwrap_or_default(),
                vec![("content-type".into(), "application/json".into())],
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
            let req = serde_json::from_value(json!({
                "dataCollectionId": a["collectionId"], "dataItem": {"data": a["data"]},
            }))
            .map_err(|e| e.to_string())?;
            let item = tessera_platform::data::items::insert(p, &ctx, req)
                .await
                .map_err(|e| e.description().to_string())?;
            Ok(item["dataItem"].clone())
        }
        "NOTIFY_OWNER" => {
            let notice = json!({
                "body": a["body"], "channels": ["Dashboard"],
                "options": {"title": a["title"].as_str().unwrap_or("Automation")},
            });
            tessera_platform::notifications::notify(p, site, &notice)
                .await
                .map_err(|e| e.to_string())?;
            Ok(json!({}))
        }
        "RUN_FUNCTION" => {
            let function = a["function"].as_str().unwrap_or_default();
            let arg = json!({"event": context["event"], "steps": context["steps"]});
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
            let data = parse(p, sent)?;
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
            item.data = parse(p, &merged)?;
            AUTOMATIONS
                .save(p, site, &item)
                .await?
                .ok_or_else(|| not_found("automation", id))?
        }
    };
    Automations::of(p).automations.forget(site.id);
    Ok(json!({ "automation": view(&saved) }))
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
    let (pending, _) = p
        .store()
        .work_items(site.id, QUEUE, None, Some("pending"), 0, 1000)
        .await?;
    let now = now_millis();
    for mut r in pending {
        if r.doc["eventType"] == event.as_str() && r.doc["externalEntityId"] == entity {
            r.status = "canceled".into();
            r.doc["error"] = json!("the trigger was canceled");
            r.updated_at = now;
            p.store().update_work(&r).await?;
        }
    }
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
                let event = a.data.at("trigger")["eventType"].clone();
                let doc = json!({"eventType": event, "event": call.body["payload"], "steps": [], "test": true});
                let run = queue_run(&p, site.id, &a.id, doc, now_millis()).await?;
                Ok(json!({ "run": run_view(&run) }))
            }
            .boxed()
            },
        ),
        Route::new(Method::Post, "/_automations/v1/runs/query", |p, call| {
            async move {
                may(&call)?;
                runs(&p, &call.ctx.site, &call.body).await
            }
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
