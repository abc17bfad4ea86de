//! Staff members (`/bookings/v1/staff-members`): who serves appointments and teaches
//! classes, with their working hours per weekday (or the business's) and time off.

use futures::FutureExt;
use serde_json::{Map, Value, json};
use tessera_core::{
    Millis,
    data::{FieldType, Filter, Item, Query},
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route},
    records::{At, Kind},
};

use crate::{
    may, paging, paging_metadata,
    schedule::{self, DayHours},
};

pub const STAFF: Kind = Kind {
    id: "Bookings/StaffMembers",
    name: "Staff members",
    fields: &[("name", FieldType::Text), ("email", FieldType::Text)],
    indexes: &[],
    public: true,
};

/// A site has at most this many staff members.
const MAX_STAFF: u64 = 200;

/// A staff member as availability reads them.
#[derive(Clone, Debug)]
pub struct Staff {
    pub name: String,
    /// None: the business's hours.
    pub hours: Option<Vec<DayHours>>,
    pub time_off: Vec<(Millis, Millis)>,
}

impl Staff {
    pub fn of(item: &Item) -> Staff {
        let d = &item.data;
        Staff {
            name: d.at("name").as_str().unwrap_or_default().to_string(),
            hours: match d.at("workingHours") {
                Value::Null => None,
                h => schedule::parse_hours(h, "workingHours").ok(),
            },
            time_off: time_off(d.at("timeOff"), "timeOff").unwrap_or_default(),
        }
    }
}

fn time_off(v: &Value, field: &str) -> WixResult<Vec<(Millis, Millis)>> {
    let list = match v {
        Value::Null => return Ok(Vec::new()),
        Value::Array(l) if l.len() <= 500 => l,
        _ => {
            return Err(WixError::bad_request(format!(
                "{field}: an array of at most 500"
            )));
        }
    };
    list.iter()
        .enumerate()
        .map(|(i, t)| {
            let at = format!("{field}[{i}]");
            let time = |k: &str| {
                t[k].as_str()
                    .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
                    .map(|d| d.timestamp_millis())
                    .ok_or_else(|| WixError::bad_request(format!("{at}.{k}: an ISO 8601 date")))
            };
            let (s, e) = (time("start")?, time("end")?);
            if e <= s {
                return Err(WixError::bad_request(format!("{at}.end: after its start")));
            }
            Ok((s, e))
        })
        .collect()
}

/// Checks a staff member as sent, answering the fields to store.
fn parse(v: &Value) -> WixResult<Map<String, Value>> {
    let name = v["name"].as_str().map(str::trim).unwrap_or_default();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(WixError::bad_request(
            "staffMember.name: is required, at most 100 characters",
        ));
    }
    let email = v["email"].as_str().unwrap_or_default().trim();
    if !email.is_empty() && (!email.contains('@') || email.len() > 200) {
        return Err(WixError::bad_request("staffMember.email: an email address"));
    }
    let mut data = Map::new();
    data.insert("name".into(), json!(name));
    data.insert("email".into(), json!(email));
    for k in ["phone", "description"] {
        match &v[k] {
            Value::Null => {}
            Value::String(s) if s.len() <= 2000 => {
                data.insert(k.into(), json!(s));
            }
            _ => return Err(WixError::bad_request(format!("staffMember.{k}: a text"))),
        }
    }
    if !v["mainMedia"].is_null() {
        data.insert("mainMedia".into(), v["mainMedia"].clone());
    }
    match &v["workingHours"] {
        Value::Null => {}
        h => {
            let hours = schedule::parse_hours(h, "staffMember.workingHours")?;
            data.insert("workingHours".into(), schedule::hours_json(&hours));
        }
    }
    time_off(&v["timeOff"], "staffMember.timeOff")?;
    if !v["timeOff"].is_null() {
        data.insert("timeOff".into(), v["timeOff"].clone());
    }
    Ok(data)
}

pub fn view(item: &Item) -> Value {
    let d = &item.data;
    json!({
        "id": item.id,
        "name": d.at("name"),
        "email": d.at("email"),
        "phone": d.at("phone"),
        "description": d.at("description"),
        "mainMedia": d.at("mainMedia"),
        "workingHours": d.at("workingHours"),
        "timeOff": d.get("timeOff").cloned().unwrap_or(json!([])),
        "resourceId": item.id,
        "revision": d.at("revision").as_i64().unwrap_or(1).to_string(),
        "createdDate": tessera_platform::time(item.created_at),
        "updatedDate": tessera_platform::time(item.updated_at),
    })
}

fn not_found(id: &str) -> WixError {
    WixError::new(
        WixCode::ItemNotFound,
        format!("staff member {id} not found"),
    )
}

/// Every staff member of the site (at most `MAX_STAFF`).
pub async fn all(p: &Platform, site: &Site) -> WixResult<Vec<Item>> {
    let q = Query {
        limit: MAX_STAFF as u32,
        ..Query::default()
    };
    STAFF.query(p, site, &q).await
}

pub async fn get(p: &Platform, site: &Site, id: &str) -> WixResult<Item> {
    STAFF.get(p, site, id).await?.ok_or_else(|| not_found(id))
}

async fn create(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let mut data = parse(&body["staffMember"])?;
    if STAFF.count(p, site, &Filter::All).await? >= MAX_STAFF {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!("a site has at most {MAX_STAFF} staff members"),
        ));
    }
    data.insert("revision".into(), json!(1));
    let id = uuid::Uuid::new_v4().to_string();
    let item = STAFF.insert(p, site, &id, data).await?;
    Ok(json!({ "staffMember": view(&item) }))
}

async fn update(p: &Platform, site: &Site, id: &str, body: &Value) -> WixResult<Value> {
    let sent = &body["staffMember"];
    let mut item = get(p, site, id).await?;
    let current = item.data.at("revision").as_i64().unwrap_or(1);
    crate::services::check_revision(&sent["revision"], current, "staffMember.revision")?;
    let mut merged = Value::Object(item.data.clone());
    for (k, v) in sent.as_object().into_iter().flatten() {
        merged[k] = v.clone();
    }
    let mut data = parse(&merged)?;
    data.insert("revision".into(), json!(current + 1));
    item.data = data;
    let saved = STAFF
        .save(p, site, &item)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(json!({ "staffMember": view(&saved) }))
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(Method::Post, "/bookings/v1/staff-members", |p, call| {
            async move {
                may(&call.ctx, Permission::Manage)?;
                create(&p, &call.ctx.site, &call.body).await
            }
            .boxed()
        }),
        Route::new(Method::Get, "/bookings/v1/staff-members/{id}", |p, call| {
            async move {
                let item = get(&p, &call.ctx.site, call.path_param("id")).await?;
                Ok(json!({ "staffMember": view(&item) }))
            }
            .boxed()
        }),
        Route::new(
            Method::Patch,
            "/bookings/v1/staff-members/{id}",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::Manage)?;
                    update(&p, &call.ctx.site, call.path_param("id"), &call.body).await
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Delete,
            "/bookings/v1/staff-members/{id}",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::Manage)?;
                    let id = call.path_param("id");
                    STAFF
                        .remove(&p, &call.ctx.site, id)
                        .await?
                        .ok_or_else(|| not_found(id))?;
                    Ok(json!({}))
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Post,
            "/bookings/v1/staff-members/query",
            |p, call| {
                async move {
                    let (limit, offset) = paging(&call.body["query"])?;
                    let mut staff = all(&p, &call.ctx.site).await?;
                    staff.sort_by(|a, b| {
                        a.data.at("name").as_str().cmp(&b.data.at("name").as_str())
                    });
                    let total = staff.len() as u64;
                    let page: Vec<Value> = staff
                        .iter()
                        .skip(offset as usize)
                        .take(limit as usize)
                        .map(view)
                        .collect();
                    Ok(json!({
                        "staffMembers": page,
                        "pagingMetadata": paging_metadata(page.len(), offset, total),
                    }))
                }
                .boxed()
            },
        ),
    ]
}
