//! Site notifications (`wix-crm-backend`'s `notifications.notify`): messages from the site's
//! code to the people who run it. The `Dashboard` channel keeps them in the system collection
//! `Dashboard/Notifications`, which the dashboard lists; `Mobile` and `Browser` (Wix's app
//! and browser pushes, which Tessera has not) send them by email instead.

use serde_json::{Value, json};
use tessera_core::{
    Error, Result,
    data::{Collection, Field, FieldType, Item, Query, Sort, SortOrder},
    now_millis,
    sites::{Role, Site},
};

use crate::{Platform, contacts, time};

pub const NOTIFICATIONS: &str = "Dashboard/Notifications";
const MAX_BODY: usize = 512;
const CHANNELS: [&str; 3] = ["Dashboard", "Mobile", "Browser"];

pub async fn collection(state: &Platform, site: &Site) -> Result<Collection> {
    let c = contacts::system_collection(
        site,
        NOTIFICATIONS,
        "Notifications",
        vec![
            Field::new("body", FieldType::Text),
            Field::new("title", FieldType::Text),
            Field::new("actionTitle", FieldType::Text),
            Field::new("actionTarget", FieldType::Object),
            Field::new("role", FieldType::Text),
        ],
    );
    contacts::ensure(state, c).await
}

/// What `notify(body, channels, options)` asks, checked.
struct Notice {
    body: String,
    channels: Vec<String>,
    title: Option<String>,
    action_title: Option<String>,
    action_target: Option<Value>,
    /// `All_Contributors` (default) or `Owner`.
    role: String,
    /// Contacts and members (one id names both) who get it by email too.
    people: Vec<String>,
}

fn notice(p: &Value) -> Result<Notice> {
    let text = |v: &Value, field: &'static str| -> Result<Option<String>> {
        match v {
            Value::Null => Ok(None),
            Value::String(s) if s.chars().count() <= MAX_BODY => Ok(Some(s.clone())),
            Value::String(_) => Err(Error::invalid(
                field,
                format!("{field} is longer than {MAX_BODY} characters"),
            )),
            _ => Err(Error::invalid(field, format!("{field} must be a string"))),
        }
    };
    let body = text(&p["body"], "body")?
        .filter(|b| !b.trim().is_empty())
        .ok_or_else(|| Error::invalid("body", "body must be a non-empty string"))?;
    let channels: Vec<String> = match p["channels"].as_array() {
        Some(list) if !list.is_empty() => list
            .iter()
            .map(|c| match c.as_str() {
                Some(c) if CHANNELS.contains(&c) => Ok(c.to_string()),
                _ => Err(Error::invalid(
                    "channels",
                    format!("channels: {c} is not one of Dashboard, Mobile, Browser"),
                )),
            })
            .collect::<Result<_>>()?,
        _ => {
            return Err(Error::invalid(
                "channels",
                "channels must be a non-empty array of Dashboard, Mobile, Browser",
            ));
        }
    };
    let o = &p["options"];
    let recipients = &o["recipients"];
    let role = match recipients["role"].as_str() {
        None => "All_Contributors",
        Some(r @ ("All_Contributors" | "Owner")) => r,
        Some(other) => {
            return Err(Error::invalid(
                "options.recipients.role",
                format!("options.recipients.role: {other} is not All_Contributors or Owner"),
            ));
        }
    };
    let mut people = Vec::new();
    for key in ["contactIds", "memberIds"] {
        for id in recipients[key].as_array().into_iter().flatten() {
            let id = id.as_str().filter(|s| !s.is_empty()).ok_or_else(|| {
                Error::invalid(
                    "options.recipients",
                    format!("options.recipients.{key} must be an array of ids"),
                )
            })?;
            people.push(id.to_string());
        }
    }
    let action_target = match &o["actionTarget"] {
        Value::Null => None,
        t @ Value::Object(m) if m.contains_key("url") || m.contains_key("navigateTo") => {
            if let Some(url) = t.get("url")
                && !url
                    .as_str()
                    .is_some_and(|u| u.starts_with("https://") || u.starts_with("http://"))
            {
                return Err(Error::invalid(
                    "options.actionTarget.url",
                    "options.actionTarget.url must be an http(s) address",
                ));
            }
            Some(t.clone())
        }
        _ => {
            return Err(Error::invalid(
                "options.actionTarget",
                "options.actionTarget must be {url} or {navigateTo}",
            ));
        }
    };
    Ok(Notice {
        body,
        channels,
        title: text(&o["title"], "options.title")?,
        action_title: text(&o["actionTitle"], "options.actionTitle")?,
        action_target,
        role: role.to_string(),
        people,
    })
}

/// Sends a notification from the site's code; a bad one sends nothing.
pub async fn notify(state: &Platform, site: &Site, p: &Value) -> Result<()> {
    notify_as(state, site, p, None).await
}

/// `notify` for a notice that must be sent once however often it is asked for (an
/// automation's step, retried after a node died): one of this `id` already sent is not sent
/// again.
pub async fn notify_once(state: &Platform, site: &Site, p: &Value, id: &str) -> Result<()> {
    notify_as(state, site, p, Some(id)).await
}

async fn notify_as(state: &Platform, site: &Site, p: &Value, id: Option<&str>) -> Result<()> {
    let n = notice(p)?;
    let has = |c: &str| n.channels.iter().any(|x| x == c);
    let to = match has("Mobile") || has("Browser") {
        true => addresses(state, site, &n).await?,
        false => Vec::new(),
    };
    if has("Dashboard") {
        let c = collection(state, site).await?;
        let now = now_millis();
        let mut data = serde_json::Map::new();
        data.insert("body".into(), json!(n.body));
        data.insert("role".into(), json!(n.role));
        for (key, value) in [
            ("title", n.title.clone().map(Value::String)),
            ("actionTitle", n.action_title.clone().map(Value::String)),
            ("actionTarget", n.action_target.clone()),
        ] {
            if let Some(v) = value {
                data.insert(key.into(), v);
            }
        }
        let item = Item {
            id: id.map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_string),
            owner: None,
            created_at: now,
            updated_at: now,
            data,
        };
        match state
            .store()
            .insert_items(&c, std::slice::from_ref(&item))
            .await
        {
            Err(Error::Conflict { .. }) if id.is_some() => return Ok(()),
            done => done?,
        };
    }
    if !to.is_empty() {
        email(state, site, &n, &to).await?;
    }
    Ok(())
}

/// Who gets the notice by email: the contributors its role names and the people it lists.
async fn addresses(state: &Platform, site: &Site, n: &Notice) -> Result<Vec<String>> {
    let mut to: Vec<String> = state
        .store()
        .collaborators(site.id)
        .await?
        .into_iter()
        .filter(|c| n.role == "All_Contributors" || c.role == Role::Owner)
        .map(|c| c.email.to_lowercase())
        .collect();
    if !n.people.is_empty() {
        let c = contacts::contacts_collection(state, site).await?;
        for id in &n.people {
            let email = state.store().item(&c, id).await?.and_then(|i| {
                i.data
                    .get("email")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
            match email {
                Some(e) => to.push(e),
                None => {
                    return Err(Error::invalid(
                        "options.recipients",
                        format!("no contact or member {id} with an email"),
                    ));
                }
            }
        }
    }
    to.sort();
    to.dedup();
    Ok(to)
}

async fn email(state: &Platform, site: &Site, n: &Notice, to: &[String]) -> Result<()> {
    let brand = crate::mail::brand(state, site).await;
    let url = n
        .action_target
        .as_ref()
        .and_then(|t| t["url"].as_str())
        .map(str::to_string);
    for address in to {
        crate::mail::queue(
            state,
            site,
            &brand,
            crate::mail::Outgoing {
                kind: "notification",
                to: address,
                subject: n
                    .title
                    .clone()
                    .unwrap_or_else(|| format!("Notification from {}", brand.name)),
                paragraphs: vec![n.body.clone()],
                action: url
                    .clone()
                    .map(|u| (n.action_title.clone().unwrap_or_else(|| "Open".into()), u)),
            },
        )
        .await?;
    }
    Ok(())
}

/// The dashboard's notifications, newest first, as a contributor with `role` sees them
/// (those for the owner only show to owners).
pub async fn list(state: &Platform, site: &Site, role: Role, limit: u32) -> Result<Vec<Value>> {
    let Some(c) = state.store().collection(site.id, NOTIFICATIONS).await? else {
        return Ok(Vec::new());
    };
    let items = state
        .store()
        .query_items(
            &c,
            &Query {
                sort: vec![Sort {
                    field: "_id".into(),
                    order: SortOrder::Desc,
                }],
                limit,
                ..Query::default()
            },
        )
        .await?;
    Ok(items
        .into_iter()
        .filter(|i| {
            role == Role::Owner || i.data.get("role").and_then(Value::as_str) != Some("Owner")
        })
        .map(|i| {
            let mut v = Value::Object(i.data);
            v["id"] = json!(i.id);
            v["createdDate"] = json!(time(i.created_at));
            v
        })
        .collect())
}
