//! Availability: a service's slots over a range, honouring working hours, time off, existing
//! bookings with their buffers, capacity and the booking policy. Wix's two shapes: the
//! legacy availability calendar (`POST /bookings/v1/availability/query`: one entry per slot
//! and staff member, `openSpots`, `totalSpots`) and time slots v2
//! (`POST /_api/service-availability/v2/time-slots`: one per start, in the visitor's local
//! time, `remainingCapacity`, `bookableCapacity`).

use std::{collections::HashMap, sync::Arc};

use chrono_tz::Tz;
use futures::FutureExt;
use serde::Serialize;
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

/// How much a caller needs to know of each time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Places per start only: a month of a busy calendar is hundreds of times, not a slot
    /// per staff member at each.
    Counts,
    /// Also each staff member's (or session's) slot at each start: who is free, and what
    /// else a booking there would hold.
    Slots,
}

/// One start time of a service and its places in all: staff members with a slot then (or
/// a session's capacity), how many are still open, and the booking policy's word on it.
#[derive(Debug)]
pub struct Time {
    pub start: Millis,
    /// The first slot's end.
    pub end: Millis,
    pub total: i64,
    pub open: i64,
    pub too_early: bool,
    pub too_late: bool,
    pub online_disabled: bool,
    /// The slots at this start, in staff order: with `Detail::Slots`, and always for class
    /// sessions and courses (a few).
    pub slots: Vec<Slot>,
}

impl Time {
    fn new(s: &Service, start: Millis, end: Millis, now: Millis) -> Time {
        Time {
            start,
            end,
            total: 0,
            open: 0,
            too_early: s.policy.earliest.is_some_and(|m| start > now + m * MINUTE),
            too_late: s.policy.latest.is_some_and(|m| start < now + m * MINUTE),
            online_disabled: !s.online_booking,
            slots: Vec::new(),
        }
    }

    /// A slot at this time with the policy's word on it.
    fn slot(&self, end: Millis, resource: Option<Arc<(String, String)>>, open: i64) -> Slot {
        Slot {
            start: self.start,
            end,
            resource,
            others: Vec::new(),
            session_key: String::new(),
            total: 1,
            open,
            too_early: self.too_early,
            too_late: self.too_late,
            online_disabled: self.online_disabled,
            waitlist: None,
        }
    }

    pub fn bookable(&self) -> bool {
        self.open > 0 && !self.too_early && !self.too_late && !self.online_disabled
    }

    /// Who is free then (id and name), from the slots.
    pub fn free(&self) -> impl Iterator<Item = &(String, String)> {
        self.slots
            .iter()
            .filter(|g| g.open > 0)
            .filter_map(|g| g.resource.as_deref())
    }
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
    let times = times(p, site, s, (from, to), now, Detail::Slots).await?;
    Ok(times.into_iter().flat_map(|t| t.slots).collect())
}

/// The times `s` starts at from `from` to `to` (instants), in order, as they are at `now`.
pub async fn times(
    p: &Platform,
    site: &Site,
    s: &Service,
    (from, to): (Millis, Millis),
    now: Millis,
    detail: Detail,
) -> WixResult<Vec<Time>> {
    if to <= from || to - from > MAX_RANGE {
        return Err(WixError::bad_request(
            "the range: an end after its start, at most 62 days later",
        ));
    }
    let set = settings::of(p, site).await?;
    let staff: HashMap<String, Staff> = staff::all(p, site)
        .await?
        .iter()
        .map(|i| (i.id.clone(), Staff::of(i)))
        .collect();
    match s.kind {
        ServiceType::Appointment => {
            appointment_times(p, site, s, &set, &staff, (from, to), now, detail).await
        }
        ServiceType::Class | ServiceType::Course => {
            session_times(p, site, s, set.time_zone, &staff, (from, to), now).await
        }
    }
}

/// An appointment's times: each staff member's slots laid from the start of each of their
/// open intervals, every length + buffer, counted per start; a slot is open unless the
/// member's busy times (bookings with their buffers) clash with it.
#[allow(clippy::too_many_arguments)]
async fn appointment_times(
    p: &Platform,
    site: &Site,
    s: &Service,
    set: &settings::Settings,
    staff: &HashMap<String, Staff>,
    (from, to): (Millis, Millis),
    now: Millis,
    detail: Detail,
) -> WixResult<Vec<Time>> {
    let tz = set.time_zone;
    // In id order: the order a start's slots are listed and given resources in.
    let mut ids: Vec<&String> = s
        .staff_ids
        .iter()
        .filter(|id| staff.contains_key(*id))
        .collect();
    ids.sort_unstable();
    let needed = resources::of_types(p, site, &s.resource_types).await?;
    let (dur, buffer) = (s.minutes * MINUTE, s.buffer_minutes * MINUTE);
    let all: Vec<String> = ids
        .iter()
        .map(|id| id.to_string())
        .chain(needed.iter().map(|r| r.who.0.clone()))
        .collect();
    let busy = p
        .store()
        .busy_times(site.id, &all, from - dur - buffer, to + dur + buffer, now)
        .await?;
    // Each staff member's and resource's busy times merged into disjoint intervals in order,
    // so one pass over them answers every slot (slots come in order too).
    let mut taken: HashMap<&str, Vec<(Millis, Millis)>> = HashMap::new();
    for (r, times) in &busy {
        let list = taken.entry(r.as_str()).or_default();
        for &(a, b) in times {
            match list.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => list.push((a, b)),
            }
        }
    }
    let who: Vec<Arc<(String, String)>> = match detail {
        Detail::Slots => ids
            .iter()
            .map(|id| Arc::new((id.to_string(), staff[*id].name.clone())))
            .collect(),
        Detail::Counts => Vec::new(),
    };
    // Members without hours of their own share the business's, worked out once.
    let business_open = open_intervals(&set.business_hours, tz, from, to + dur);
    let mut out: Vec<Time> = Vec::new();
    for (k, id) in ids.iter().enumerate() {
        let member = &staff[*id];
        let own;
        let hours_open = match &member.hours {
            Some(hours) => {
                own = open_intervals(hours, tz, from, to + dur);
                &own
            }
            None => &business_open,
        };
        let busy = taken.get(id.as_str()).map_or(&[][..], Vec::as_slice);
        // The member's slots counted into the times so far (in order): most members share
        // most starts, so new times are few, sorted in after the member.
        let mut b = 0;
        let mut added: Vec<Time> = Vec::new();
        for (os, oe) in subtract(hours_open, &member.time_off) {
            let mut t = os;
            while t + dur <= oe && t < to {
                if t >= from && t > now {
                    while b < busy.len() && busy[b].1 <= t {
                        b += 1;
                    }
                    let free = busy.get(b).is_none_or(|(a, _)| *a >= t + dur + buffer);
                    let at = out.partition_point(|x| x.start < t);
                    let time = if out.get(at).is_some_and(|x| x.start == t) {
                        &mut out[at]
                    } else {
                        let new = added.iter().rposition(|x| x.start == t);
                        let new = new.unwrap_or_else(|| {
                            added.push(Time::new(s, t, t + dur, now));
                            added.len() - 1
                        });
                        &mut added[new]
                    };
                    time.total += 1;
                    time.open += i64::from(free);
                    if detail == Detail::Slots {
                        let slot = time.slot(t + dur, Some(who[k].clone()), i64::from(free));
                        time.slots.push(slot);
                    }
                }
                t += dur + buffer;
            }
        }
        if !added.is_empty() {
            out.append(&mut added);
            out.sort_by_key(|x| x.start);
        }
    }
    if !s.resource_types.is_empty() {
        hold_resources(&mut out, s, &needed, &taken, tz, (from, to), (dur, buffer));
    }
    Ok(out)
}

/// A class's sessions (or a course's first) in the range, with their places left from
/// `session_counts`.
async fn session_times(
    p: &Platform,
    site: &Site,
    s: &Service,
    tz: Tz,
    staff: &HashMap<String, Staff>,
    (from, to): (Millis, Millis),
    now: Millis,
) -> WixResult<Vec<Time>> {
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
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.3.cmp(&b.3)));
    let mut out: Vec<Time> = Vec::new();
    for (start, end, key, teacher) in found {
        let (booked, waiting) = counts.get(&key).copied().unwrap_or((0, 0));
        let open = (s.capacity - booked).max(0);
        if out.last().is_none_or(|last| last.start != start) {
            out.push(Time::new(s, start, end, now));
        }
        let Some(time) = out.last_mut() else { break };
        let teacher = teacher.map(|t| {
            let name = staff.get(&t).map(|m| m.name.clone()).unwrap_or_default();
            Arc::new((t, name))
        });
        let mut slot = time.slot(end, teacher, open);
        slot.session_key = key;
        slot.total = s.capacity;
        slot.waitlist = s
            .policy
            .waitlist
            .filter(|_| open == 0)
            .map(|w| (w, (w - waiting).max(0)));
        time.total += slot.total;
        time.open += open;
        time.slots.push(slot);
    }
    Ok(out)
}

/// Holds one free resource of every type the service needs for each open slot, or closes
/// it: the slots of one start share that time's free resources, so a time has as many open
/// places as its fewest free resources of a type allow.
fn hold_resources(
    out: &mut [Time],
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
    for time in out {
        let t = time.start;
        let mut free: Vec<Vec<usize>> = s
            .resource_types
            .iter()
            .map(|ty| {
                (0..needed.len())
                    .filter(|k| needed[*k].type_id == *ty && free_at(*k, t))
                    .collect()
            })
            .collect();
        let fewest = free.iter().map(Vec::len).min().unwrap_or(0);
        time.open = time.open.min(fewest as i64);
        for slot in time.slots.iter_mut().filter(|slot| slot.open > 0) {
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

/// Time slots v2's answer, serialized from these without a `Value` tree (a month is hundreds
/// of times); keys in the order a `Value` writes them, alphabetical.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TimeSlots<'a> {
    time_slots: Vec<TimeSlot<'a>>,
    time_zone: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TimeSlot<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    available_resources: Option<[AvailableResources<'a>; 1]>,
    bookable: bool,
    bookable_capacity: i64,
    booking_policy_violations: Violations,
    event_info: Option<EventInfo<'a>>,
    local_end_date: String,
    local_start_date: String,
    location: Location,
    remaining_capacity: i64,
    service_id: &'a str,
    total_capacity: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Violations {
    book_online_disabled: bool,
    too_early_to_book: bool,
    too_late_to_book: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    location_type: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventInfo<'a> {
    event_id: &'a str,
    waiting_list: Option<Capacity>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Capacity {
    remaining_capacity: i64,
    total_capacity: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AvailableResources<'a> {
    resource_type_id: &'static str,
    resources: Vec<Named<'a>>,
}

#[derive(Serialize)]
struct Named<'a> {
    id: &'a str,
    name: &'a str,
}

/// `POST /_api/service-availability/v2/time-slots`: one entry per start, in `timeZone`. As
/// on Wix, the free staff of each time are listed only when asked for with
/// `includeResourceTypeIds` (or `resourceIds`, which keeps the times one of them is free):
/// a month of a busy calendar stays small, and is counted per time without a slot per
/// staff member.
pub(crate) async fn time_slots(p: &Platform, site: &Site, body: &Value) -> WixResult<Vec<u8>> {
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
    let detail = if with_resources {
        Detail::Slots
    } else {
        Detail::Counts
    };
    let times = times(p, site, &s, (from, to), now_millis(), detail).await?;
    let time_slots = times
        .iter()
        .filter(|t| only_bookable.is_none_or(|b| b == t.bookable()))
        .filter(|t| resource_ids.is_empty() || t.free().any(|(id, _)| resource_ids.contains(id)))
        .take(1000)
        .map(|t| {
            let bookable = t.bookable();
            let available_resources = with_resources.then(|| {
                [AvailableResources {
                    resource_type_id: STAFF_TYPE,
                    resources: t
                        .free()
                        .filter(|(id, _)| resource_ids.is_empty() || resource_ids.contains(id))
                        .map(|(id, name)| Named { id, name })
                        .collect(),
                }]
            });
            TimeSlot {
                available_resources,
                bookable,
                bookable_capacity: if bookable { t.open } else { 0 },
                booking_policy_violations: Violations {
                    book_online_disabled: t.online_disabled,
                    too_early_to_book: t.too_early,
                    too_late_to_book: t.too_late,
                },
                event_info: t
                    .slots
                    .first()
                    .filter(|g| !g.session_key.is_empty())
                    .map(|g| EventInfo {
                        event_id: &g.session_key,
                        waiting_list: g.waitlist.map(|(total, open)| Capacity {
                            remaining_capacity: open,
                            total_capacity: total,
                        }),
                    }),
                local_end_date: local_text(local(tz, t.end)),
                local_start_date: local_text(local(tz, t.start)),
                location: Location {
                    location_type: "BUSINESS",
                },
                remaining_capacity: t.open,
                service_id: &s.id,
                total_capacity: t.total,
            }
        })
        .collect();
    serde_json::to_vec(&TimeSlots {
        time_slots,
        time_zone: tz.name(),
    })
    .map_err(|e| tessera_core::Error::internal(e).into())
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(
            Method::Post,
            "/bookings/v1/availability/query",
            |p, call| async move { query(&p, &call.ctx.site, &call.body).await }.boxed(),
        ),
        Route::json(
            Method::Post,
            "/_api/service-availability/v2/time-slots",
            |p, call| async move { time_slots(&p, &call.ctx.site, &call.body).await }.boxed(),
        ),
    ]
}
