//! Availability: a service's slots over a range, honouring working hours, time off, existing
//! bookings with their buffers, capacity and the booking policy. Wix's two shapes: the
//! legacy availability calendar (`POST /bookings/v1/availability/query`: one entry per slot
//! and staff member, `openSpots`, `totalSpots`) and time slots v2
//! (`POST /_api/service-availability/v2/time-slots`: one per start, in the visitor's local
//! time, `remainingCapacity`, `bookableCapacity`).

use std::{collections::HashMap, sync::Arc};

use chrono_tz::Tz;
use futures::FutureExt;
use serde_json::{Value, json};
use tessera_core::{Millis, now_millis, sites::Site};
use tessera_platform::{
    Platform, WixError, WixResult,
    module::{Method, Route},
};

use crate::{
    resources,
    schedule::{self, instant, local, local_text, open_intervals, subtract},
    services::{self, Service, ServiceType},
    settings,
    staff::{self, Staff},
};

/// The longest range one call may ask about.
const MAX_RANGE: Millis = 62 * 24 * 3_600_000;
const MINUTE: Millis = 60_000;
/// The resource type of staff members, as time slots name it.
pub const STAFF_TYPE: &str = "staff";

/// A time a service can be booked at (or could be, but for the reasons it says).
#[derive(Clone, Debug)]
pub struct Slot {
    pub start: Millis,
    pub end: Millis,
    /// The staff member (appointments; a class's teacher): id and name, shared by the
    /// member's slots (a month of a busy calendar is thousands of them).
    pub resource: Option<Arc<(String, String)>>,
    /// The resources besides staff it holds (a room): one of each type the service needs.
    pub others: Vec<Arc<(String, String)>>,
    /// The class session or course; "" for appointments.
    pub session_key: String,
    pub total: i64,
    pub open: i64,
    pub too_early: bool,
    pub too_late: bool,
    pub online_disabled: bool,
    /// Waiting list places in all and still open, for a full session with a waiting list.
    pub waitlist: Option<(i64, i64)>,
}

impl Slot {
    /// A slot as a booking holds it, with no places counted.
    pub fn held(start: Millis, end: Millis, resource: Option<String>, session_key: String) -> Slot {
        Slot {
            start,
            end,
            resource: resource.map(|id| Arc::new((id, String::new()))),
            others: Vec::new(),
            session_key,
            total: 0,
            open: 0,
            too_early: false,
            too_late: false,
            online_disabled: false,
            waitlist: None,
        }
    }

    pub fn resource_id(&self) -> Option<&str> {
        self.resource.as_deref().map(|(id, _)| id.as_str())
    }

    pub fn bookable(&self) -> bool {
        self.open > 0 && !self.too_early && !self.too_late && !self.online_disabled
    }

    fn violations(&self) -> Value {
        json!({
            "tooEarlyToBook": self.too_early,
            "tooLateToBook": self.too_late,
            "bookOnlineDisabled": self.online_disabled,
        })
    }
}

/// The key of a class session: the service, its rule and its start.
pub fn session_key(service: &str, rule: &str, start: Millis) -> String {
    format!("{service}:{rule}:{start}")
}

pub fn course_key(service: &str) -> String {
    format!("{service}:course")
}

/// The slots of `s` starting from `from` to `to` (instants), as they are at `now`.
pub async fn slots(
    p: &Platform,
    site: &Site,
    s: &Service,
    from: Millis,
    to: Millis,
    now: Millis,
) -> WixResult<Vec<Slot>> {
    if to <= from || to - from > MAX_RANGE {
        return Err(WixError::bad_request(
            "the range: an end after its start, at most 62 days later",
        ));
    }
    let set = settings::of(p, site).await?;
    let tz = set.time_zone;
    let staff: HashMap<String, Staff> = staff::all(p, site)
        .await?
        .iter()
        .map(|i| (i.id.clone(), Staff::of(i)))
        .collect();
    let policy = |start: Millis| {
        (
            s.policy.earliest.is_some_and(|m| start > now + m * MINUTE),
            s.policy.latest.is_some_and(|m| start < now + m * MINUTE),
        )
    };
    let mut out = Vec::new();
    let needed = resources::of_types(p, site, &s.resource_types).await?;
    let (dur, buffer) = (s.minutes * MINUTE, s.buffer_minutes * MINUTE);
    let busy;
    // Each staff member's and resource's busy times merged into disjoint intervals in order,
    // so one pass over them answers every slot (slots come in order too).
    let mut taken: HashMap<&str, Vec<(Millis, Millis)>> = HashMap::new();
    match s.kind {
        ServiceType::Appointment => {
            let ids: Vec<String> = s
                .staff_ids
                .iter()
                .filter(|id| staff.contains_key(*id))
                .cloned()
                .collect();
            let all: Vec<String> = ids
                .iter()
                .cloned()
                .chain(needed.iter().map(|r| r.who.0.clone()))
                .collect();
            busy = p
                .store()
                .busy_times(site.id, &all, from - dur - buffer, to + dur + buffer, now)
                .await?;
            for (r, a, b) in &busy {
                let list = taken.entry(r.as_str()).or_default();
                match list.last_mut() {
                    Some(last) if *a <= last.1 => last.1 = last.1.max(*b),
                    _ => list.push((*a, *b)),
                }
            }
            for id in &ids {
                let member = &staff[id];
                let who = Arc::new((id.clone(), member.name.clone()));
                let hours = member.hours.as_ref().unwrap_or(&set.business_hours);
                let open = subtract(&open_intervals(hours, tz, from, to + dur), &member.time_off);
                let busy = taken.get(id.as_str()).map_or(&[][..], Vec::as_slice);
                let mut k = 0;
                for (os, oe) in open {
                    let mut t = os;
                    while t + dur <= oe && t < to {
                        if t >= from && t > now {
                            while k < busy.len() && busy[k].1 <= t {
                                k += 1;
                            }
                            let clash = busy.get(k).is_some_and(|(a, _)| *a < t + dur + buffer);
                            let (too_early, too_late) = policy(t);
                            out.push(Slot {
                                start: t,
                                end: t + dur,
                                resource: Some(who.clone()),
                                others: Vec::new(),
                                session_key: String::new(),
                                total: 1,
                                open: i64::from(!clash),
                                too_early,
                                too_late,
                                online_disabled: !s.online_booking,
                                waitlist: None,
                            });
                        }
                        t += dur + buffer;
                    }
                }
            }
        }
        ServiceType::Class | ServiceType::Course => {
            let mut found: Vec<(Millis, Millis, String, Option<String>)> = Vec::new();
            if s.kind == ServiceType::Class {
                for rule in &s.sessions {
                    for start in rule.starts(tz, from, to) {
                        if start >= from && start > now {
                            found.push((
                                start,
                                start + rule.minutes * MINUTE,
                                session_key(&s.id, &rule.id, start),
                                rule.staff_member_id.clone(),
                            ));
                        }
                    }
                }
            } else if let Some((start, end, teacher)) = course_start(s, tz)
                && start >= from
                && start < to
                && start > now
            {
                found.push((start, end, course_key(&s.id), teacher));
            }
            let keys: Vec<String> = found.iter().map(|f| f.2.clone()).collect();
            let counts: HashMap<String, (i64, i64)> = p
                .store()
                .session_counts(site.id, &keys, now)
                .await?
                .into_iter()
                .map(|(key, booked, waiting)| (key, (booked, waiting)))
                .collect();
            for (start, end, key, teacher) in found {
                let (booked, waiting) = counts.get(&key).copied().unwrap_or((0, 0));
                let open = (s.capacity - booked).max(0);
                let (too_early, too_late) = policy(start);
                out.push(Slot {
                    start,
                    end,
                    resource: teacher.map(|t| {
                        let name = staff.get(&t).map(|m| m.name.clone()).unwrap_or_default();
                        Arc::new((t, name))
                    }),
                    others: Vec::new(),
                    session_key: key,
                    total: s.capacity,
                    open,
                    too_early,
                    too_late,
                    online_disabled: !s.online_booking,
                    waitlist: s
                        .policy
                        .waitlist
                        .filter(|_| open == 0)
                        .map(|w| (w, (w - waiting).max(0))),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.resource.cmp(&b.resource))
    });
    if !s.resource_types.is_empty() {
        hold_resources(&mut out, s, &needed, &taken, tz, (from, to), (dur, buffer));
    }
    Ok(out)
}

/// Gives each open slot one free resource of every type the service needs, or closes it:
/// slots of one start share the same time, so they share that time's free resources.
fn hold_resources(
    out: &mut [Slot],
    s: &Service,
    needed: &[resources::Resource],
    taken: &HashMap<&str, Vec<(Millis, Millis)>>,
    tz: Tz,
    (from, to): (Millis, Millis),
    (dur, buffer): (Millis, Millis),
) {
    let hours: Vec<Option<Vec<(Millis, Millis)>>> = needed
        .iter()
        .map(|r| {
            r.hours
                .as_ref()
                .map(|h| open_intervals(h, tz, from, to + dur))
        })
        .collect();
    let free_at = |k: usize, t: Millis| {
        let inside = hours[k]
            .as_ref()
            .is_none_or(|open| open.iter().any(|(a, b)| *a <= t && t + dur <= *b));
        let busy = taken
            .get(needed[k].who.0.as_str())
            .map_or(&[][..], Vec::as_slice);
        let i = busy.partition_point(|(_, b)| *b <= t);
        inside && busy.get(i).is_none_or(|(a, _)| *a >= t + dur + buffer)
    };
    let mut i = 0;
    while i < out.len() {
        let t = out[i].start;
        let mut free: Vec<Vec<usize>> = s
            .resource_types
            .iter()
            .map(|ty| {
                (0..needed.len())
                    .filter(|k| needed[*k].type_id == *ty && free_at(*k, t))
                    .collect()
            })
            .collect();
        while i < out.len() && out[i].start == t {
            let slot = &mut out[i];
            if slot.open > 0 {
                if free.iter().all(|f| !f.is_empty()) {
                    slot.others = free
                        .iter_mut()
                        .filter_map(|f| f.pop())
                        .map(|k| needed[k].who.clone())
                        .collect();
                } else {
                    slot.open = 0;
                }
            }
            i += 1;
        }
    }
}

/// A course's first session (its start and end) and teacher: the earliest of its rules.
pub fn course_start(s: &Service, tz: Tz) -> Option<(Millis, Millis, Option<String>)> {
    s.sessions
        .iter()
        .map(|r| {
            let start = instant(tz, r.start);
            (start, start + r.minutes * MINUTE, r.staff_member_id.clone())
        })
        .min_by_key(|(start, _, _)| *start)
}

/// The time zone a call names as `field`, or the business's.
async fn zone_of(p: &Platform, site: &Site, v: &Value, field: &str) -> WixResult<Tz> {
    match v.as_str() {
        Some(name) if !name.is_empty() => schedule::zone(name, field),
        _ => Ok(settings::of(p, site).await?.time_zone),
    }
}

/// A time sent as ISO 8601 with its offset, or as a local date (`2026-12-08`, midnight) or
/// date and time in `tz`, as real site code sends both.
fn moment(v: &Value, field: &str, tz: Tz) -> WixResult<Millis> {
    let text = v.as_str().unwrap_or_default();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(d.timestamp_millis());
    }
    let local = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| d.and_time(chrono::NaiveTime::MIN))
        .or_else(|_| schedule::parse_local(v, field).map_err(|_| ()));
    local.map(|t| instant(tz, t)).map_err(|_| {
        WixError::bad_request(format!(
            "{field}: is required, an ISO 8601 date (or a local date such as 2026-12-08)"
        ))
    })
}

/// The ids a filter gives for `key`: one, a list, or `{$in}`/`{$eq}`.
pub(crate) fn ids(v: &Value) -> Vec<String> {
    let one = |v: &Value| v.as_str().map(str::to_string);
    match v {
        Value::String(_) => one(v).into_iter().collect(),
        Value::Array(a) => a.iter().filter_map(one).collect(),
        Value::Object(o) => o
            .get("$in")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(one).collect())
            .or_else(|| o.get("$eq").and_then(one).map(|x| vec![x]))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `POST /bookings/v1/availability/query`.
async fn query(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let filter = &body["query"]["filter"];
    let service_ids = ids(&filter["serviceId"]);
    if service_ids.is_empty() || service_ids.len() > 20 {
        return Err(WixError::bad_request(
            "query.filter.serviceId: one to 20 service ids",
        ));
    }
    let tz = zone_of(p, site, &body["timezone"], "timezone").await?;
    let from = moment(&filter["startDate"], "query.filter.startDate", tz)?;
    let to = moment(&filter["endDate"], "query.filter.endDate", tz)?;
    let resources = ids(&filter["resourceId"]);
    let min_open = filter["openSpots"].as_i64();
    let now = now_millis();
    let mut entries = Vec::new();
    for id in &service_ids {
        let (_, s) = services::get(p, site, id).await?;
        for slot in slots(p, site, &s, from, to, now).await? {
            if !resources.is_empty()
                && !slot
                    .resource_id()
                    .is_some_and(|r| resources.iter().any(|x| x == r))
            {
                continue;
            }
            if filter["bookable"]
                .as_bool()
                .is_some_and(|b| b != slot.bookable())
                || min_open.is_some_and(|n| slot.open < n)
            {
                continue;
            }
            entries.push((slot.start, s.id.clone(), slot));
        }
    }
    entries.sort_by_key(|e| e.0);
    let per_day = body["slotsPerDay"].as_u64().filter(|n| *n > 0);
    let mut taken_per_day: HashMap<chrono::NaiveDate, u64> = HashMap::new();
    let list: Vec<Value> = entries
        .into_iter()
        .filter(|(start, _, _)| {
            let day = local(tz, *start).date();
            let n = taken_per_day.entry(day).or_default();
            *n += 1;
            per_day.is_none_or(|max| *n <= max)
        })
        .take(1000)
        .map(|(_, service, slot)| {
            json!({
                "slot": {
                    "sessionId": (!slot.session_key.is_empty()).then_some(&slot.session_key),
                    "serviceId": service,
                    "scheduleId": service,
                    "startDate": tessera_platform::time(slot.start),
                    "endDate": tessera_platform::time(slot.end),
                    "timezone": tz.name(),
                    "resource": slot.resource.as_deref().map(|(id, name)| json!({"id": id, "name": name})),
                    "location": {"locationType": "OWNER_BUSINESS"},
                },
                "bookable": slot.bookable(),
                "totalSpots": slot.total,
                "openSpots": slot.open,
                "waitingList": slot.waitlist.map(|(t, o)| json!({"totalSpots": t, "openSpots": o})),
                "bookingPolicyViolations": slot.violations(),
                "locked": false,
            })
        })
        .collect();
    Ok(json!({ "availabilityEntries": list, "pagingMetadata": {"total": list.len()} }))
}

/// The slots of a service that start at one time: one per staff member for appointments.
pub struct Starts {
    pub start: Millis,
    pub slots: Vec<Slot>,
}

impl Starts {
    pub fn bookable(&self) -> bool {
        self.slots.iter().any(Slot::bookable)
    }

    pub fn remaining(&self) -> i64 {
        self.slots.iter().map(|g| g.open).sum()
    }

    /// Who is free then: id and name.
    pub fn free(&self) -> impl Iterator<Item = &(String, String)> {
        self.slots
            .iter()
            .filter(|g| g.open > 0)
            .filter_map(|g| g.resource.as_deref())
    }
}

/// The slots of `s` from `from` to `to` grouped by their start.
pub async fn starts(
    p: &Platform,
    site: &Site,
    s: &Service,
    from: Millis,
    to: Millis,
    now: Millis,
) -> WixResult<Vec<Starts>> {
    let mut out: Vec<Starts> = Vec::new();
    for slot in slots(p, site, s, from, to, now).await? {
        match out.last_mut() {
            Some(group) if group.start == slot.start => group.slots.push(slot),
            _ => out.push(Starts {
                start: slot.start,
                slots: vec![slot],
            }),
        }
    }
    Ok(out)
}

/// `POST /_api/service-availability/v2/time-slots`: one entry per start, in `timeZone`. As
/// on Wix, the free staff of each time are listed only when asked for with
/// `includeResourceTypeIds` (or `resourceIds`, which keeps the times one of them is free):
/// a month of a busy calendar stays small.
pub(crate) async fn time_slots(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let id = body["serviceId"]
        .as_str()
        .ok_or_else(|| WixError::bad_request("serviceId: is required"))?;
    let (_, s) = services::get(p, site, id).await?;
    let tz = zone_of(p, site, &body["timeZone"], "timeZone").await?;
    let from = instant(
        tz,
        schedule::parse_local(&body["fromLocalDate"], "fromLocalDate")?,
    );
    let to = instant(
        tz,
        schedule::parse_local(&body["toLocalDate"], "toLocalDate")?,
    );
    let only_bookable = body["bookable"].as_bool();
    let resource_ids = ids(&body["resourceIds"]);
    let with_resources = !resource_ids.is_empty()
        || ids(&body["includeResourceTypeIds"])
            .iter()
            .any(|t| t == STAFF_TYPE);
    let list: Vec<Value> = starts(p, site, &s, from, to, now_millis())
        .await?
        .into_iter()
        .filter(|t| only_bookable.is_none_or(|b| b == t.bookable()))
        .filter(|t| resource_ids.is_empty() || t.free().any(|(id, _)| resource_ids.contains(id)))
        .take(1000)
        .map(|t| {
            let first = &t.slots[0];
            let bookable = t.bookable();
            let remaining = t.remaining();
            let mut slot = json!({
                "serviceId": s.id,
                "localStartDate": local_text(local(tz, t.start)),
                "localEndDate": local_text(local(tz, first.end)),
                "bookable": bookable,
                "totalCapacity": t.slots.iter().map(|g| g.total).sum::<i64>(),
                "remainingCapacity": remaining,
                "bookableCapacity": if bookable { remaining } else { 0 },
                "bookingPolicyViolations": first.violations(),
                "location": {"locationType": "BUSINESS"},
                "eventInfo": (!first.session_key.is_empty()).then(|| json!({
                    "eventId": first.session_key,
                    "waitingList": first.waitlist.map(|(t, o)| json!({"totalCapacity": t, "remainingCapacity": o})),
                })),
            });
            if with_resources {
                let free: Vec<Value> = t
                    .free()
                    .filter(|(id, _)| resource_ids.is_empty() || resource_ids.contains(id))
                    .map(|(id, name)| json!({"id": id, "name": name}))
                    .collect();
                slot["availableResources"] =
                    json!([{"resourceTypeId": STAFF_TYPE, "resources": free}]);
            }
            slot
        })
        .collect();
    Ok(json!({ "timeSlots": list, "timeZone": tz.name() }))
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(
            Method::Post,
            "/bookings/v1/availability/query",
            |p, call| async move { query(&p, &call.ctx.site, &call.body).await }.boxed(),
        ),
        Route::new(
            Method::Post,
            "/_api/service-availability/v2/time-slots",
            |p, call| async move { time_slots(&p, &call.ctx.site, &call.body).await }.boxed(),
        ),
    ]
}
