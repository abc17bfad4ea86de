//! Services (`/bookings/v2/services`): appointments (the customer picks a time with a staff
//! member), classes (scheduled sessions with a capacity) and courses (a set of sessions
//! booked as one), with their price, payment options, location and booking policy.

use futures::FutureExt;
use serde_json::{Map, Value, json};
use tessera_core::{
    data::{FieldType, Filter, Item, Query},
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route},
    records::{At, Kind},
};

use crate::{is_staff, may, paging, paging_metadata, schedule::SessionRule};

pub const SERVICES: Kind = Kind {
    id: "Bookings/Services",
    name: "Services",
    fields: &[
        ("name", FieldType::Text),
        ("type", FieldType::Text),
        ("slug", FieldType::Text),
        ("hidden", FieldType::Boolean),
    ],
    indexes: &[("slug", &["slug"], false)],
    public: true,
};

const MAX_SERVICES: u64 = 500;
const MAX_SESSION_RULES: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceType {
    Appointment,
    Class,
    Course,
}

/// The booking policy, in minutes.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// Bookable at most this long ahead.
    pub earliest: Option<i64>,
    /// Bookable until this long before the start.
    pub latest: Option<i64>,
    /// Cancelable by the customer until this long before the start.
    pub cancel_before: Option<i64>,
    pub reschedule_before: Option<i64>,
    pub max_participants: i64,
    /// Places on the waiting list of a full session.
    pub waitlist: Option<i64>,
}

/// A service as availability and bookings read it.
#[derive(Clone, Debug)]
pub struct Service {
    pub id: String,
    pub kind: ServiceType,
    pub name: String,
    pub minutes: i64,
    pub buffer_minutes: i64,
    pub capacity: i64,
    /// The price per participant (decimal text) and its currency; None: free.
    pub price: Option<(String, String)>,
    pub online_payment: bool,
    pub in_person: bool,
    /// Members may book it with a session of a pricing plan.
    pub pricing_plan: bool,
    pub online_booking: bool,
    pub manual_approval: bool,
    pub policy: Policy,
    pub staff_ids: Vec<String>,
    /// The types of resource (room, equipment) an appointment also needs one of each of.
    pub resource_types: Vec<String>,
    pub sessions: Vec<SessionRule>,
    pub slug: String,
    pub hidden: bool,
}

impl Service {
    pub fn of(item: &Item) -> WixResult<Service> {
        parse_checked(&Value::Object(item.data.clone()), &item.id)
    }
}

fn bad(message: impl Into<String>) -> WixError {
    WixError::bad_request(message.into())
}

fn minutes(v: &Value, field: &str, max: i64) -> WixResult<Option<i64>> {
    match v {
        Value::Null => Ok(None),
        v => v
            .as_i64()
            .filter(|m| (0..=max).contains(m))
            .map(Some)
            .ok_or_else(|| {
                bad(format!(
                    "{field}: a whole number of minutes from 0 to {max}"
                ))
            }),
    }
}

/// A policy part's minutes when it is `enabled` (or sends its minutes without the flag).
fn policy_part(v: &Value, key: &str, field: &str) -> WixResult<Option<i64>> {
    if v["enabled"] == false {
        return Ok(None);
    }
    minutes(&v[key], &format!("{field}.{key}"), 365 * 24 * 60)
}

/// Checks a service as sent (or stored, as `id`), answering what availability reads.
fn parse_checked(v: &Value, id: &str) -> WixResult<Service> {
    let kind = match v["type"].as_str() {
        Some("APPOINTMENT") => ServiceType::Appointment,
        Some("CLASS") => ServiceType::Class,
        Some("COURSE") => ServiceType::Course,
        _ => return Err(bad("service.type: APPOINTMENT, CLASS or COURSE")),
    };
    let name = v["name"].as_str().map(str::trim).unwrap_or_default();
    if name.is_empty() || name.chars().count() > 400 {
        return Err(bad("service.name: is required, at most 400 characters"));
    }
    let constraints = &v["schedule"]["availabilityConstraints"];
    let durations: Vec<i64> = constraints["sessionDurations"]
        .as_array()
        .map(|d| d.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    if durations.iter().any(|d| !(5..=24 * 60).contains(d)) {
        return Err(bad(
            "service.schedule.availabilityConstraints.sessionDurations: minutes from 5 to 1440",
        ));
    }
    let buffer = minutes(
        &constraints["timeBetweenSessions"],
        "service.schedule.availabilityConstraints.timeBetweenSessions",
        24 * 60,
    )?
    .unwrap_or(0);
    let capacity = match &v["defaultCapacity"] {
        Value::Null if kind == ServiceType::Appointment => 1,
        c => c
            .as_i64()
            .filter(|c| (1..=1000).contains(c))
            .ok_or_else(|| {
                bad("service.defaultCapacity: is required, a whole number from 1 to 1000")
            })?,
    };
    let payment = &v["payment"];
    let rate = payment["rateType"].as_str().unwrap_or("NO_FEE");
    let price = match rate {
        "NO_FEE" => None,
        "FIXED" => {
            let p = &payment["fixed"]["price"];
            let value = p["value"].as_str().unwrap_or_default();
            let ok = !value.is_empty()
                && value.split('.').count() <= 2
                && value.chars().all(|c| c.is_ascii_digit() || c == '.')
                && value.split('.').nth(1).is_none_or(|d| d.len() <= 3);
            if !ok {
                return Err(bad(
                    "service.payment.fixed.price.value: an amount as a decimal text such as \"75.00\"",
                ));
            }
            let currency = p["currency"].as_str().unwrap_or_default();
            if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(bad(
                    "service.payment.fixed.price.currency: a three-letter ISO 4217 code",
                ));
            }
            Some((value.to_string(), currency.to_string()))
        }
        other => {
            return Err(bad(format!(
                "service.payment.rateType: FIXED or NO_FEE (not {other})"
            )));
        }
    };
    let options = &payment["options"];
    let flag = |k: &str, default: bool| options[k].as_bool().unwrap_or(default);
    let (online, in_person, plan) = (
        flag("online", price.is_some()),
        flag("inPerson", price.is_none()),
        flag("pricingPlan", false),
    );
    if price.is_none() && online {
        return Err(bad(
            "service.payment.options.online: INVALID_PAYMENT_OPTIONS: a service with no fee is not paid online",
        ));
    }
    if price.is_some() && !online && !in_person && !plan {
        return Err(bad(
            "service.payment.options: INVALID_PAYMENT_OPTIONS: at least one of online, inPerson or pricingPlan",
        ));
    }
    let staff_ids: Vec<String> = match &v["staffMemberIds"] {
        Value::Null => Vec::new(),
        Value::Array(ids) if ids.len() <= 200 && ids.iter().all(Value::is_string) => ids
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => return Err(bad("service.staffMemberIds: an array of at most 200 ids")),
    };
    let sessions: Vec<SessionRule> = match &v["schedule"]["sessions"] {
        Value::Null => Vec::new(),
        Value::Array(list) if list.len() <= MAX_SESSION_RULES => list
            .iter()
            .enumerate()
            .map(|(i, s)| SessionRule::parse(s, &format!("service.schedule.sessions[{i}]")))
            .collect::<WixResult<_>>()?,
        _ => {
            return Err(bad(format!(
                "service.schedule.sessions: an array of at most {MAX_SESSION_RULES}"
            )));
        }
    };
    match kind {
        ServiceType::Appointment if durations.is_empty() || staff_ids.is_empty() => {
            return Err(bad(
                "service: MISSING_APPOINTMENT_RESOURCES: an appointment needs schedule.availabilityConstraints.sessionDurations and staffMemberIds",
            ));
        }
        ServiceType::Class | ServiceType::Course if sessions.is_empty() => {
            return Err(bad(format!(
                "service.schedule.sessions: a {} needs at least one session",
                v["type"].as_str().unwrap_or_default().to_lowercase()
            )));
        }
        _ => {}
    }
    let policy = &v["bookingPolicy"];
    let max_participants = match &policy["participantsPolicy"]["maxParticipantsPerBooking"] {
        Value::Null => 1,
        m => m.as_i64().filter(|m| (1..=capacity).contains(m)).ok_or_else(|| {
            bad(format!(
                "service.bookingPolicy.participantsPolicy.maxParticipantsPerBooking: from 1 to the capacity ({capacity})"
            ))
        })?,
    };
    let waitlist = &policy["waitlistPolicy"];
    let online_booking = &v["onlineBooking"];
    let slug = slug_of(v["mainSlug"]["name"].as_str().unwrap_or(name));
    Ok(Service {
        id: id.to_string(),
        kind,
        name: name.to_string(),
        minutes: durations
            .first()
            .copied()
            .or_else(|| sessions.first().map(|s| s.minutes))
            .unwrap_or(60),
        buffer_minutes: buffer,
        capacity,
        price,
        online_payment: online,
        in_person,
        pricing_plan: plan,
        online_booking: online_booking["enabled"].as_bool().unwrap_or(true),
        manual_approval: online_booking["requireManualApproval"]
            .as_bool()
            .unwrap_or(false),
        policy: Policy {
            earliest: policy_part(
                &policy["limitEarlyBookingPolicy"],
                "earliestBookingInMinutes",
                "service.bookingPolicy.limitEarlyBookingPolicy",
            )?,
            latest: policy_part(
                &policy["limitLateBookingPolicy"],
                "latestBookingInMinutes",
                "service.bookingPolicy.limitLateBookingPolicy",
            )?,
            cancel_before: policy_part(
                &policy["cancellationPolicy"],
                "latestCancellationInMinutes",
                "service.bookingPolicy.cancellationPolicy",
            )?,
            reschedule_before: policy_part(
                &policy["reschedulePolicy"],
                "latestRescheduleInMinutes",
                "service.bookingPolicy.reschedulePolicy",
            )?,
            max_participants,
            waitlist: if waitlist["enabled"] == true {
                Some(waitlist["capacity"].as_i64().unwrap_or(10).clamp(1, 1000))
            } else {
                None
            },
        },
        staff_ids,
        resource_types: resource_types(v, kind)?,
        sessions,
        slug,
        hidden: v["hidden"].as_bool().unwrap_or(false),
    })
}

/// `serviceResources: [{resourceType: {id}}]`: at most 3 types, for appointments.
fn resource_types(v: &Value, kind: ServiceType) -> WixResult<Vec<String>> {
    let list = match &v["serviceResources"] {
        Value::Null => return Ok(Vec::new()),
        Value::Array(l) if l.len() <= 3 => l,
        _ => return Err(bad("service.serviceResources: a list of at most 3")),
    };
    if !list.is_empty() && kind != ServiceType::Appointment {
        return Err(bad(
            "service.serviceResources: only an appointment needs resources besides its staff",
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for (i, r) in list.iter().enumerate() {
        let id = r["resourceType"]["id"].as_str().ok_or_else(|| {
            bad(format!(
                "service.serviceResources[{i}].resourceType.id: is required"
            ))
        })?;
        if !out.iter().any(|x| x == id) {
            out.push(id.to_string());
        }
    }
    Ok(out)
}

/// A service's address part: lower-case letters, digits and dashes.
fn slug_of(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(80).collect()
}

/// The stored document: what was sent, with the parts Tessera keeps in its own form.
fn document(v: &Value, s: &Service) -> Map<String, Value> {
    let mut data = v.as_object().cloned().unwrap_or_default();
    for k in ["id", "revision", "createdDate", "updatedDate"] {
        data.remove(k);
    }
    data.insert("name".into(), json!(s.name));
    data.insert("slug".into(), json!(s.slug));
    data.insert("mainSlug".into(), json!({ "name": s.slug }));
    data.insert("hidden".into(), json!(s.hidden));
    data.insert("defaultCapacity".into(), json!(s.capacity));
    let sessions: Vec<Value> = s.sessions.iter().map(SessionRule::json).collect();
    let mut schedule = data.get("schedule").cloned().unwrap_or(json!({}));
    schedule["sessions"] = json!(sessions);
    data.insert("schedule".into(), schedule);
    data
}

pub fn view(item: &Item) -> Value {
    let mut v = Value::Object(item.data.clone());
    if let Some(m) = v.as_object_mut() {
        m.remove("slug");
        m.remove("revision");
    }
    v["id"] = json!(item.id);
    v["schedule"]["id"] = json!(item.id);
    v["revision"] = json!(item.data.at("revision").as_i64().unwrap_or(1).to_string());
    v["createdDate"] = json!(tessera_platform::time(item.created_at));
    v["updatedDate"] = json!(tessera_platform::time(item.updated_at));
    v
}

fn not_found(id: &str) -> WixError {
    WixError::new(WixCode::ItemNotFound, format!("service {id} not found"))
}

/// The revision sent as `field` (a number or its text) must be `current`.
pub fn check_revision(sent: &Value, current: i64, field: &str) -> WixResult<()> {
    let given = match sent {
        Value::String(s) => s.parse::<i64>().ok(),
        v => v.as_i64(),
    };
    match given {
        Some(g) if g == current => Ok(()),
        Some(g) => Err(WixError::new(
            WixCode::ConditionFailed,
            format!("{field}: {g} is not the current revision ({current})"),
        )),
        None => Err(bad(format!("{field}: is required"))),
    }
}

pub async fn get(p: &Platform, site: &Site, id: &str) -> WixResult<(Item, Service)> {
    let item = SERVICES
        .get(p, site, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    let s = Service::of(&item)?;
    Ok((item, s))
}

/// Staff members and resource types named must exist.
async fn check_links(p: &Platform, site: &Site, s: &Service) -> WixResult<()> {
    for id in &s.resource_types {
        crate::entities::get::<crate::resources::ResourceTypes>(p, site, id)
            .await
            .map_err(|_| bad(format!("service.serviceResources: no resource type {id}")))?;
    }
    let known: Vec<String> = crate::staff::all(p, site)
        .await?
        .into_iter()
        .map(|i| i.id)
        .collect();
    let ids = s
        .staff_ids
        .iter()
        .chain(s.sessions.iter().filter_map(|r| r.staff_member_id.as_ref()));
    for id in ids {
        if !known.contains(id) {
            return Err(bad(format!("service.staffMemberIds: no staff member {id}")));
        }
    }
    Ok(())
}

async fn create(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let sent = &body["service"];
    let s = parse_checked(sent, "")?;
    check_links(p, site, &s).await?;
    if SERVICES.count(p, site, &Filter::All).await? >= MAX_SERVICES {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!("a site has at most {MAX_SERVICES} services"),
        ));
    }
    let mut data = document(sent, &s);
    categorize(p, site, &mut data).await?;
    data.insert("revision".into(), json!(1));
    let id = uuid::Uuid::new_v4().to_string();
    let item = SERVICES.insert(p, site, &id, data).await?;
    crate::announce(
        p,
        site,
        "wixBookings_onServiceCreated",
        json!({ "entity": view(&item) }),
    )
    .await;
    Ok(json!({ "service": view(&item) }))
}

async fn update(p: &Platform, site: &Site, id: &str, body: &Value) -> WixResult<Value> {
    let sent = &body["service"];
    let (mut item, _) = get(p, site, id).await?;
    let current = item.data.at("revision").as_i64().unwrap_or(1);
    check_revision(&sent["revision"], current, "service.revision")?;
    let mut merged = Value::Object(item.data.clone());
    for (k, v) in sent.as_object().into_iter().flatten() {
        merged[k] = v.clone();
    }
    let s = parse_checked(&merged, id)?;
    check_links(p, site, &s).await?;
    let mut data = document(&merged, &s);
    categorize(p, site, &mut data).await?;
    data.insert("revision".into(), json!(current + 1));
    item.data = data;
    let saved = SERVICES
        .save(p, site, &item)
        .await?
        .ok_or_else(|| not_found(id))?;
    crate::announce(
        p,
        site,
        "wixBookings_onServiceUpdated",
        json!({ "entity": view(&saved) }),
    )
    .await;
    Ok(json!({ "service": view(&saved) }))
}

/// Keeps the category as its service does (see `categories::resolve`).
async fn categorize(p: &Platform, site: &Site, data: &mut Map<String, Value>) -> WixResult<()> {
    match crate::categories::resolve(p, site, data.at("category")).await? {
        Value::Null => data.remove("category"),
        c => data.insert("category".into(), c),
    };
    Ok(())
}

/// Every service (at most `MAX_SERVICES`), visible ones only for visitors.
pub async fn all(p: &Platform, site: &Site, with_hidden: bool) -> WixResult<Vec<Item>> {
    let q = Query {
        limit: MAX_SERVICES as u32,
        ..Query::default()
    };
    let mut items = SERVICES.query(p, site, &q).await?;
    if !with_hidden {
        items.retain(|i| i.data.at("hidden") != true);
    }
    Ok(items)
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(Method::Post, "/bookings/v2/services", |p, call| {
            async move {
                may(&call.ctx, Permission::Manage)?;
                create(&p, &call.ctx.site, &call.body).await
            }
            .boxed()
        }),
        Route::new(Method::Get, "/bookings/v2/services/{id}", |p, call| {
            async move {
                let (item, s) = get(&p, &call.ctx.site, call.path_param("id")).await?;
                if s.hidden && !is_staff(&call.ctx, Permission::View) {
                    return Err(not_found(&item.id));
                }
                Ok(json!({ "service": view(&item) }))
            }
            .boxed()
        }),
        Route::new(Method::Patch, "/bookings/v2/services/{id}", |p, call| {
            async move {
                may(&call.ctx, Permission::Manage)?;
                update(&p, &call.ctx.site, call.path_param("id"), &call.body).await
            }
            .boxed()
        }),
        Route::new(Method::Delete, "/bookings/v2/services/{id}", |p, call| {
            async move {
                may(&call.ctx, Permission::Manage)?;
                let id = call.path_param("id");
                let site = &call.ctx.site;
                let gone = SERVICES
                    .remove(&p, site, id)
                    .await?
                    .ok_or_else(|| not_found(id))?;
                crate::announce(
                    &p,
                    site,
                    "wixBookings_onServiceDeleted",
                    json!({ "entity": view(&gone) }),
                )
                .await;
                Ok(json!({}))
            }
            .boxed()
        }),
        Route::new(Method::Post, "/bookings/v2/services/query", |p, call| {
            async move {
                let query = &call.body["query"];
                let (limit, offset) = paging(query)?;
                let staff = is_staff(&call.ctx, Permission::View);
                let mut items = all(&p, &call.ctx.site, staff).await?;
                // The filters a service list needs: by type, by id, by visibility.
                let filter = &query["filter"];
                let wanted = |k: &str, v: &Value| match &filter[k] {
                    Value::Null => true,
                    Value::Object(o) => {
                        o.get("$in")
                            .and_then(Value::as_array)
                            .is_some_and(|l| l.contains(v))
                            || o.get("$eq") == Some(v)
                    }
                    f => f == v,
                };
                items.retain(|i| {
                    wanted("type", i.data.at("type"))
                        && wanted("id", &json!(i.id))
                        && wanted("hidden", i.data.at("hidden"))
                });
                items.sort_by(|a, b| a.data.at("name").as_str().cmp(&b.data.at("name").as_str()));
                let total = items.len() as u64;
                let page: Vec<Value> = items
                    .iter()
                    .skip(offset as usize)
                    .take(limit as usize)
                    .map(view)
                    .collect();
                Ok(json!({
                    "services": page,
                    "pagingMetadata": paging_metadata(page.len(), offset, total),
                }))
            }
            .boxed()
        }),
    ]
}
