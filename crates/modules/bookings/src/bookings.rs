//! Bookings (`/bookings/v2/bookings`): create, confirm, decline, cancel, reschedule (each
//! change naming the revision it read), with Wix's statuses. A booking takes its time in the
//! transaction that stores it (`BookingStore::insert_booking`), so a staff member's time is
//! taken once and a class never goes over its capacity. A paid booking waits `CREATED` for
//! its store order (a line of Wix Bookings' catalog) and is confirmed when it is paid.

use futures::FutureExt;
use serde_json::{Value, json};
use tessera_core::{
    Millis,
    bookings::{BookingFilter, BookingRecord, SlotCheck},
    data::DataCaller,
    members::Attachment,
    now_millis,
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult, contacts,
    mail::{self, Outgoing},
    module::{Method, RawReply, RawRoute, Route, RouteCall},
};

use crate::{
    BOOKINGS_APP_ID,
    availability::{self, Slot},
    is_staff, paging, paging_metadata,
    schedule::local,
    services::{self, Service, ServiceType, check_revision},
    settings,
};

const MINUTE: Millis = 60_000;

fn not_found(id: &str) -> WixError {
    WixError::new(WixCode::ItemNotFound, format!("booking {id} not found"))
}

fn taken(message: impl Into<String>) -> WixError {
    WixError::new(WixCode::SlotNotAvailable, message.into())
}

fn policy(message: impl Into<String>) -> WixError {
    WixError::new(WixCode::BookingPolicyViolation, message.into())
}

/// The booking as the API shows it: its document with the live fields.
pub fn view(b: &BookingRecord) -> Value {
    let mut v = b.doc.clone();
    v["id"] = json!(b.id);
    v["status"] = json!(b.status);
    v["paymentStatus"] = json!(b.payment_status);
    v["startDate"] = json!(tessera_platform::time(b.start));
    v["endDate"] = json!(tessera_platform::time(b.end));
    v["totalParticipants"] = json!(b.participants);
    v["revision"] = json!(b.revision.to_string());
    v["createdDate"] = json!(tessera_platform::time(b.created_at));
    v["updatedDate"] = json!(tessera_platform::time(b.updated_at));
    if let Some(slot) = v["bookedEntity"]["slot"].as_object_mut() {
        slot.insert("startDate".into(), json!(tessera_platform::time(b.start)));
        slot.insert("endDate".into(), json!(tessera_platform::time(b.end)));
    }
    if let Some(obj) = v.as_object_mut() {
        obj.remove("icsToken");
    }
    v
}

/// What a booking asks for: the slot found in the service's availability.
struct Asked {
    slot: Slot,
    /// The owner books over what is there on purpose.
    overridden: bool,
}

/// The slots a request names (`bookedEntity.slot`, or for a course `.schedule`) as the
/// service's availability has them at `now`: at its start, of its staff member if it names
/// one. Also the start and staff member it asked for.
async fn offered(
    p: &Platform,
    site: &Site,
    s: &Service,
    entity: &Value,
    field: &str,
    now: Millis,
) -> WixResult<(Vec<Slot>, Millis, Option<String>)> {
    let slot = &entity["slot"];
    let tz = settings::of(p, site).await?.time_zone;
    let (start, resource) = match s.kind {
        ServiceType::Course => {
            let (start, _, _) = availability::course_start(s, tz)
                .ok_or_else(|| WixError::bad_request("the course has no sessions"))?;
            (start, None)
        }
        ServiceType::Class => {
            let start = match slot["eventId"].as_str().or(slot["sessionId"].as_str()) {
                Some(key) => key
                    .rsplit(':')
                    .next()
                    .and_then(|t| t.parse::<Millis>().ok())
                    .filter(|_| key.starts_with(&format!("{}:", s.id)))
                    .ok_or_else(|| {
                        WixError::bad_request(format!(
                            "{field}.slot.eventId: not a session of this service"
                        ))
                    })?,
                None => iso(&slot["startDate"], &format!("{field}.slot.startDate"))?,
            };
            (start, None)
        }
        ServiceType::Appointment => (
            iso(&slot["startDate"], &format!("{field}.slot.startDate"))?,
            slot["resource"]["id"].as_str().map(str::to_string),
        ),
    };
    let found = availability::slots(p, site, s, start, start + 1, now).await?;
    let mine = found
        .into_iter()
        .filter(|x| {
            resource
                .as_ref()
                .is_none_or(|r| x.resource_id() == Some(r.as_str()))
        })
        .collect();
    Ok((mine, start, resource))
}

/// The booking policy's word on a slot, for customers (staff book any time).
fn policy_allows(slot: &Slot) -> WixResult<()> {
    if slot.online_disabled {
        return Err(policy("the service is not booked online"));
    }
    if slot.too_early {
        return Err(policy("too early to book this time"));
    }
    if slot.too_late {
        return Err(policy("too late to book this time"));
    }
    Ok(())
}

/// Who books how many, and whether over availability, at `now`.
#[derive(Clone, Copy)]
struct Who {
    participants: i64,
    staff: bool,
    skip: bool,
    now: Millis,
}

/// The slot to book: one with room, or with the owner's override (`skip`) the time as
/// asked, even outside hours or over capacity.
async fn find_slot(
    p: &Platform,
    site: &Site,
    s: &Service,
    entity: &Value,
    field: &str,
    who: Who,
) -> WixResult<Asked> {
    let Who {
        participants,
        staff,
        skip,
        now,
    } = who;
    let (mine, start, resource) = offered(p, site, s, entity, field, now).await?;
    if let Some(open) = mine.iter().find(|x| x.open >= participants) {
        if !staff {
            policy_allows(open)?;
        }
        return Ok(Asked {
            slot: open.clone(),
            overridden: false,
        });
    }
    if skip {
        let rid = resource.or_else(|| s.staff_ids.first().cloned());
        let slot = match mine.into_iter().next() {
            Some(x) => x,
            None if s.kind == ServiceType::Appointment && rid.is_some() => Slot {
                total: 1,
                ..Slot::held(start, start + s.minutes * MINUTE, rid, String::new())
            },
            None => return Err(taken("no session of the service starts then")),
        };
        return Ok(Asked {
            slot,
            overridden: true,
        });
    }
    Err(taken(match mine.first() {
        Some(_) if s.kind == ServiceType::Appointment => "that time is already booked".to_string(),
        Some(x) => format!("the session has {} places left", x.open),
        None => "the service is not offered at that time".to_string(),
    }))
}

/// A time that must be sent as `field` (ISO 8601), in milliseconds.
fn iso(v: &Value, field: &str) -> WixResult<Millis> {
    tessera_platform::iso_millis(v, field)?
        .ok_or_else(|| WixError::bad_request(format!("{field}: is required, an ISO 8601 date")))
}

/// What the booking's transaction must check for its slot.
fn check_for(s: &Service, slot: &Slot, overridden: bool) -> SlotCheck {
    if overridden {
        return SlotCheck::Overridden;
    }
    match s.kind {
        ServiceType::Appointment => SlotCheck::Free,
        _ => SlotCheck::Capacity {
            session_key: slot.session_key.clone(),
            capacity: s.capacity,
        },
    }
}

/// Places the record at the slot: its times, resource and session.
fn place(b: &mut BookingRecord, s: &Service, slot: &Slot, tz: &str) {
    b.start = slot.start;
    b.end = slot.end;
    b.busy_from = slot.start;
    b.busy_to = slot.end + s.buffer_minutes * MINUTE;
    b.session_key = slot.session_key.clone();
    b.resource_id = match s.kind {
        ServiceType::Appointment => slot.resource_id().unwrap_or_default().to_string(),
        _ => String::new(),
    };
    b.other_resources = slot.others.iter().map(|r| r.0.clone()).collect();
    let resource = slot
        .resource
        .as_deref()
        .map(|(id, name)| json!({"id": id, "name": name}));
    // What it holds besides staff: the room, the equipment.
    b.doc["bookedResources"] = json!(
        slot.others
            .iter()
            .map(|r| json!({"id": r.0, "name": r.1}))
            .collect::<Vec<_>>()
    );
    b.doc["bookedEntity"] = json!({
        "title": s.name,
        "tags": [match s.kind { ServiceType::Appointment => "INDIVIDUAL", ServiceType::Class => "GROUP", ServiceType::Course => "COURSE" }],
        "slot": if s.kind == ServiceType::Course { Value::Null } else { json!({
            "serviceId": s.id, "scheduleId": s.id,
            "eventId": (!slot.session_key.is_empty()).then_some(&slot.session_key),
            "timezone": tz, "resource": resource,
            "location": {"locationType": "OWNER_BUSINESS"},
        }) },
        "schedule": if s.kind == ServiceType::Course { json!({"serviceId": s.id, "scheduleId": s.id, "timezone": tz}) } else { Value::Null },
    });
}

/// The contact a booking names (`contactDetails`), or the signed-in member's.
async fn contact(
    p: &Platform,
    site: &Site,
    sent: &Value,
    member: Option<&str>,
) -> WixResult<Value> {
    let mut details = sent.as_object().cloned().unwrap_or_default();
    let mut email = sent["email"]
        .as_str()
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    if let Some(id) = member
        && let Some(m) = p.store().member(site.id, id).await?
        && email.is_empty()
    {
        email = m.email.to_lowercase();
    }
    if email.is_empty() || !email.contains('@') || email.len() > 200 {
        return Err(WixError::bad_request(
            "booking.contactDetails.email: is required, an email address",
        ));
    }
    let text = |k: &str| {
        sent[k]
            .as_str()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    for k in ["firstName", "lastName", "phone"] {
        if text(k).is_some_and(|v| v.chars().count() > 100) {
            return Err(WixError::bad_request(format!(
                "booking.contactDetails.{k}: at most 100 characters"
            )));
        }
    }
    let (item, _) = contacts::upsert(
        p,
        site,
        contacts::ContactInput {
            email: Some(email.clone()),
            first_name: text("firstName"),
            last_name: text("lastName"),
            phone: text("phone"),
            member_id: member.map(str::to_string),
            source: "FORM",
            ..Default::default()
        },
    )
    .await?;
    details.insert("email".into(), json!(email));
    details.insert("contactId".into(), json!(item.id));
    Ok(Value::Object(details))
}

/// `POST /bookings/v2/bookings`.
pub(crate) async fn create(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    make(p, call, false).await
}

/// `POST /bookings/v1/waitlist/register {booking}`: a place on the waiting list of a full
/// class session or course (`WAITING_LIST`, holding nothing), given the first place that
/// frees (`promote`).
async fn register(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    make(p, call, true).await
}

async fn make(p: &Platform, call: &RouteCall, waitlist: bool) -> WixResult<Value> {
    let site = &call.ctx.site;
    let sent = &call.body["booking"];
    let entity = &sent["bookedEntity"];
    let service_id = entity["slot"]["serviceId"]
        .as_str()
        .or(entity["schedule"]["serviceId"].as_str())
        .ok_or_else(|| WixError::bad_request("booking.bookedEntity.slot.serviceId: is required"))?;
    let (_, s) = services::get(p, site, service_id).await?;
    let staff = is_staff(&call.ctx, Permission::Manage);
    let skip = call.body["flowControlSettings"]["skipAvailabilityValidation"] == true;
    if skip && !staff {
        return Err(WixError::new(
            WixCode::PermissionDenied,
            "flowControlSettings.skipAvailabilityValidation: only the site's staff may book over availability",
        ));
    }
    if s.hidden && !staff {
        return Err(WixError::new(
            WixCode::ItemNotFound,
            format!("service {service_id} not found"),
        ));
    }
    let participants = match &sent["totalParticipants"] {
        Value::Null => 1,
        n => n
            .as_i64()
            .filter(|n| {
                (1..=s.policy.max_participants).contains(n)
                    || (staff && *n >= 1 && *n <= s.capacity)
            })
            .ok_or_else(|| {
                WixError::bad_request(format!(
                    "booking.totalParticipants: from 1 to {}",
                    s.policy.max_participants
                ))
            })?,
    };
    let member = match &call.ctx.caller {
        DataCaller::Member { id, .. } => Some(id.clone()),
        DataCaller::Code { member } => member.clone(),
        _ => None,
    };
    let option = match sent["selectedPaymentOption"].as_str() {
        None if s.price.is_none() => "OFFLINE",
        None if s.online_payment => "ONLINE",
        None => "OFFLINE",
        Some(o @ ("ONLINE" | "OFFLINE" | "MEMBERSHIP")) => o,
        Some(other) => {
            return Err(WixError::bad_request(format!(
                "booking.selectedPaymentOption: ONLINE, OFFLINE or MEMBERSHIP (not {other})"
            )));
        }
    };
    if option == "MEMBERSHIP" {
        if !s.pricing_plan || s.price.is_none() {
            return Err(WixError::bad_request(
                "booking.selectedPaymentOption: the service is not booked with a pricing plan",
            ));
        }
        if member.is_none() {
            return Err(WixError::new(
                WixCode::Unauthenticated,
                "booking.selectedPaymentOption: sign in to book with your plan",
            ));
        }
    }
    if s.price.is_some() && !staff {
        let allowed = match option {
            "ONLINE" => s.online_payment,
            "MEMBERSHIP" => s.pricing_plan,
            _ => s.in_person,
        };
        if !allowed {
            return Err(WixError::bad_request(format!(
                "booking.selectedPaymentOption: the service is not paid {}",
                if option == "ONLINE" {
                    "online"
                } else {
                    "in person"
                }
            )));
        }
    }
    let now = now_millis();
    let asked = if waitlist {
        wait_for(p, site, &s, entity, participants, option, now).await?
    } else {
        find_slot(
            p,
            site,
            &s,
            entity,
            "booking.bookedEntity",
            Who {
                participants,
                staff,
                skip,
                now,
            },
        )
        .await?
    };
    let details = contact(p, site, &sent["contactDetails"], member.as_deref()).await?;
    let set = settings::of(p, site).await?;
    // Paid online or with a plan's session, it holds its time until that is done.
    let paid_online = s.price.is_some() && option != "OFFLINE";
    let status = if waitlist {
        "WAITING_LIST"
    } else if paid_online {
        "CREATED"
    } else if s.manual_approval && !staff {
        "PENDING"
    } else {
        "CONFIRMED"
    };
    let mut b = BookingRecord {
        site_id: site.id,
        // Time-ordered, so a session's waiting list is in the order people joined it.
        id: uuid::Uuid::now_v7().to_string(),
        service_id: s.id.clone(),
        resource_id: String::new(),
        other_resources: Vec::new(),
        session_key: String::new(),
        start: 0,
        end: 0,
        busy_from: 0,
        busy_to: 0,
        status: status.into(),
        payment_status: if s.price.is_none() {
            "EXEMPT"
        } else {
            "NOT_PAID"
        }
        .into(),
        participants,
        hold_until: (paid_online && !waitlist).then_some(now + set.hold_minutes * MINUTE),
        remind_at: None,
        member_id: member,
        email: details["email"].as_str().unwrap_or_default().to_string(),
        revision: 1,
        created_at: now,
        updated_at: now,
        doc: json!({
            "contactDetails": details,
            "selectedPaymentOption": option,
            "createdBy": if staff { "OWNER" } else { "CUSTOMER" },
            "doubleBooked": false,
            "icsToken": uuid::Uuid::new_v4().simple().to_string(),
            "additionalFields": sent["additionalFields"].as_array().cloned().unwrap_or_default(),
        }),
    };
    place(&mut b, &s, &asked.slot, set.time_zone.name());
    if asked.overridden {
        b.doc["doubleBooked"] = json!(asked.slot.open < participants);
    }
    b.remind_at = reminder(&b, &set, now);
    p.store()
        .insert_booking(&b, &check_for(&s, &asked.slot, asked.overridden), now)
        .await
        .map_err(|e| match e {
            tessera_core::Error::Conflict {
                field: "slot",
                message,
            } => taken(message),
            e => e.into(),
        })?;
    if option == "MEMBERSHIP" {
        with_plan(p, site, &mut b, &s, now).await?;
    }
    let v = view(&b);
    crate::announce(
        p,
        site,
        "wixBookings_onBookingRequestCreated",
        json!({ "booking": v }),
    )
    .await;
    if b.status == "CONFIRMED" {
        crate::announce(
            p,
            site,
            "wixBookings_onBookingConfirmed",
            json!({ "booking": v }),
        )
        .await;
        confirmation(p, site, &b, &s).await;
    }
    if b.status == "WAITING_LIST" {
        let when = when(p, site, &b).await;
        send(
            p,
            site,
            &b,
            "booking_waitlisted",
            format!("On the waiting list: {}", s.name),
            vec![format!(
                "You are on the waiting list of {} on {when}. We will write when a place is yours.",
                s.name
            )],
        )
        .await;
    } else if b.status != "CREATED" {
        tell_owner(p, site, &b, &s).await;
    }
    Ok(json!({ "booking": v }))
}

/// The full session a waiting list place is asked for (`Asked` with no check: a place on
/// the list holds nothing).
async fn wait_for(
    p: &Platform,
    site: &Site,
    s: &Service,
    entity: &Value,
    participants: i64,
    option: &str,
    now: Millis,
) -> WixResult<Asked> {
    let Some(capacity) = s
        .policy
        .waitlist
        .filter(|_| s.kind != ServiceType::Appointment)
    else {
        return Err(WixError::bad_request(
            "booking.bookedEntity.slot.serviceId: the service has no waiting list",
        ));
    };
    if option == "MEMBERSHIP" {
        return Err(WixError::bad_request(
            "booking.selectedPaymentOption: a waiting list place is not paid with a plan",
        ));
    }
    let (mine, _, _) = offered(p, site, s, entity, "booking.bookedEntity", now).await?;
    let slot = mine
        .into_iter()
        .next()
        .ok_or_else(|| taken("no session of the service starts then"))?;
    if slot.open >= participants {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            "booking.bookedEntity: the session has places left: book it",
        ));
    }
    let filter = BookingFilter {
        session_key: Some(slot.session_key.clone()),
        statuses: vec!["WAITING_LIST".into()],
        ..BookingFilter::default()
    };
    let (_, waiting) = p.store().bookings(site.id, &filter, 0, 1).await?;
    if waiting as i64 >= capacity {
        return Err(taken("the waiting list is full"));
    }
    Ok(Asked {
        slot,
        overridden: true,
    })
}

/// A place of the session freed: those waiting for it get it, first come first, while the
/// session has room (each taken by the same check as a new booking).
async fn promote(p: &Platform, site: &Site, s: &Service, session_key: &str) -> WixResult<()> {
    if session_key.is_empty() || s.policy.waitlist.is_none() {
        return Ok(());
    }
    let filter = BookingFilter {
        session_key: Some(session_key.to_string()),
        statuses: vec!["WAITING_LIST".into()],
        ..BookingFilter::default()
    };
    let (waiting, _) = p.store().bookings(site.id, &filter, 0, 50).await?;
    let mut waiting = waiting;
    waiting.sort_by(|a, b| a.id.cmp(&b.id));
    let set = settings::of(p, site).await?;
    for mut b in waiting {
        let now = now_millis();
        let revision = b.revision;
        let online = b.doc["selectedPaymentOption"] == "ONLINE" && s.price.is_some();
        b.status = if online {
            "CREATED"
        } else if s.manual_approval {
            "PENDING"
        } else {
            "CONFIRMED"
        }
        .into();
        b.hold_until = online.then_some(now + set.hold_minutes * MINUTE);
        b.remind_at = reminder(&b, &set, now);
        let check = check_for(s, &slot_of(&b), false);
        match save(p, &mut b, revision, Some(&check), now).await {
            Ok(()) => {
                crate::announce(
                    p,
                    site,
                    "wixBookings_onBookingUpdated",
                    json!({ "booking": view(&b) }),
                )
                .await;
                let when = when(p, site, &b).await;
                let line = if online {
                    format!(
                        "A place of {} on {when} is yours: pay for it within {} minutes to keep it.",
                        s.name, set.hold_minutes
                    )
                } else {
                    format!("A place of {} on {when} is yours.", s.name)
                };
                send(
                    p,
                    site,
                    &b,
                    "booking_off_waitlist",
                    format!("A place is yours: {}", s.name),
                    vec![line],
                )
                .await;
            }
            // Full again, or changed meanwhile: the rest wait for the next place.
            Err(e) if e.code() == WixCode::SlotNotAvailable => break,
            Err(_) => continue,
        }
    }
    Ok(())
}

/// Asks the plans module (its `plans` host operation, as site code would).
async fn plans(p: &Platform, site: &Site, asked: Value) -> WixResult<Value> {
    let Some(op) = p
        .modules()
        .iter()
        .flat_map(|m| m.host_ops())
        .find_map(|(name, op)| (name == "plans").then_some(op))
    else {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            "booking.selectedPaymentOption: pricing plans are not installed",
        ));
    };
    let who = tessera_platform::module::CodeCaller {
        site: site.clone(),
        caller: DataCaller::Code { member: None },
        visitor: String::new(),
    };
    op(p.clone(), who, asked)
        .await
        .map_err(|e| WixError::new(WixCode::Internal, format!("asking pricing plans: {e:?}")))
}

/// Pays a booking that holds its slot with a session of the member's pricing plan (the
/// plans module's `useSession`): confirmed and paid, or declined (its slot let go) with the
/// plans module's reason.
async fn with_plan(
    p: &Platform,
    site: &Site,
    b: &mut BookingRecord,
    s: &Service,
    now: Millis,
) -> WixResult<()> {
    let asked = json!({"method": "useSession", "memberId": b.member_id, "serviceId": s.id});
    let answer = plans(p, site, asked).await?;
    let revision = b.revision;
    b.hold_until = None;
    if answer["ok"] == true {
        b.status = if s.manual_approval {
            "PENDING"
        } else {
            "CONFIRMED"
        }
        .into();
        b.payment_status = "PAID".into();
        b.doc["planOrderId"] = answer["orderId"].clone();
        let set = settings::of(p, site).await?;
        b.remind_at = reminder(b, &set, now);
        save(p, b, revision, None, now).await
    } else {
        b.status = "DECLINED".into();
        save(p, b, revision, None, now).await?;
        Err(WixError::new(
            WixCode::FailedPrecondition,
            format!(
                "booking.selectedPaymentOption: {}",
                answer["reason"].as_str().unwrap_or("no plan session left")
            ),
        ))
    }
}

/// When the reminder of a booking that holds its time is due (None: none, or too late).
fn reminder(b: &BookingRecord, set: &settings::Settings, now: Millis) -> Option<Millis> {
    let at = b.start - set.reminder_hours * 60 * MINUTE;
    (set.reminder_hours > 0 && matches!(b.status.as_str(), "CONFIRMED" | "PENDING") && at > now)
        .then_some(at)
}

async fn get(p: &Platform, site: &Site, id: &str) -> WixResult<BookingRecord> {
    p.store()
        .booking(site.id, id)
        .await?
        .ok_or_else(|| not_found(id))
}

/// Whether the caller is the booking's customer (the member who booked it).
fn is_customer(call: &RouteCall, b: &BookingRecord) -> bool {
    match &call.ctx.caller {
        DataCaller::Member { id, .. } => b.member_id.as_deref() == Some(id.as_str()),
        _ => false,
    }
}

/// The booking for a change by the caller: staff, or its customer where `customer_may`.
async fn for_change(
    p: &Platform,
    call: &RouteCall,
    customer_may: bool,
) -> WixResult<BookingRecord> {
    let b = get(p, &call.ctx.site, call.path_param("id")).await?;
    if is_staff(&call.ctx, Permission::Manage) || (customer_may && is_customer(call, &b)) {
        return Ok(b);
    }
    if is_customer(call, &b) || is_staff(&call.ctx, Permission::View) {
        return Err(WixError::new(
            WixCode::PermissionDenied,
            "only the site's staff may do this",
        ));
    }
    Err(not_found(&b.id))
}

/// Stores a change of `b` read at `revision`; Conflict when it changed meanwhile, or when
/// `check` finds the new time taken.
async fn save(
    p: &Platform,
    b: &mut BookingRecord,
    revision: i64,
    check: Option<&SlotCheck>,
    now: Millis,
) -> WixResult<()> {
    b.revision = revision + 1;
    b.updated_at = now.max(b.updated_at + 1);
    p.store()
        .update_booking(b, revision, check, now)
        .await
        .map_err(|e| match e {
            tessera_core::Error::Conflict {
                field: "slot",
                message,
            } => taken(message),
            tessera_core::Error::Conflict { message, .. } => {
                WixError::new(WixCode::ConditionFailed, message)
            }
            e => e.into(),
        })
}

/// `confirm`, `decline` and `cancel`.
pub(crate) async fn set_status(
    p: &Platform,
    call: &RouteCall,
    to: &'static str,
) -> WixResult<Value> {
    let site = &call.ctx.site;
    let mut b = for_change(p, call, to == "CANCELED").await?;
    check_revision(&call.body["revision"], b.revision, "revision")?;
    let allowed: &[&str] = match to {
        "CONFIRMED" => &["PENDING", "CREATED", "WAITING_LIST"],
        "DECLINED" => &["PENDING", "CREATED", "WAITING_LIST"],
        _ => &["PENDING", "CREATED", "CONFIRMED", "WAITING_LIST"],
    };
    if !allowed.contains(&b.status.as_str()) {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!(
                "a {} booking cannot be {}",
                b.status.to_lowercase(),
                to.to_lowercase()
            ),
        ));
    }
    let (_, s) = services::get(p, site, &b.service_id).await?;
    let now = now_millis();
    if to == "CANCELED"
        && !is_staff(&call.ctx, Permission::Manage)
        && let Some(m) = s.policy.cancel_before
        && b.start - now < m * MINUTE
    {
        return Err(policy(format!(
            "too late to cancel: bookings are canceled at least {m} minutes before they start"
        )));
    }
    let revision = b.revision;
    let back = to == "CONFIRMED" && !b.holds(now);
    b.status = to.into();
    if let Some(ps) = call.body["paymentStatus"].as_str() {
        if !["NOT_PAID", "PAID", "PARTIALLY_PAID", "REFUNDED", "EXEMPT"].contains(&ps) {
            return Err(WixError::bad_request(
                "paymentStatus: NOT_PAID, PAID, PARTIALLY_PAID, REFUNDED or EXEMPT",
            ));
        }
        b.payment_status = ps.into();
    }
    if to == "CONFIRMED" {
        b.hold_until = None;
    }
    let set = settings::of(p, site).await?;
    b.remind_at = reminder(&b, &set, now);
    // A booking that comes back to the calendar takes its time again.
    let slot = slot_of(&b);
    let check = back.then(|| check_for(&s, &slot, false));
    // A canceled or declined booking paid with a plan's session gives it back, once: the
    // status change is stored first, by its revision.
    let plan_order = b.doc["planOrderId"].as_str().map(str::to_string);
    if to != "CONFIRMED" && plan_order.is_some() && b.payment_status == "PAID" {
        b.payment_status = "REFUNDED".into();
    }
    save(p, &mut b, revision, check.as_ref(), now).await?;
    if let Some(order) = plan_order.filter(|_| b.payment_status == "REFUNDED") {
        let asked = json!({"method": "giveBackSession", "orderId": order});
        if let Err(e) = plans(p, site, asked).await {
            tracing::error!(error = e.description(), booking = %b.id, "giving back a plan's session");
        }
    }
    let v = view(&b);
    let handler = match to {
        "CONFIRMED" => "wixBookings_onBookingConfirmed",
        "DECLINED" => "wixBookings_onBookingDeclined",
        _ => "wixBookings_onBookingCanceled",
    };
    crate::announce(p, site, handler, json!({ "booking": v })).await;
    match to {
        "CONFIRMED" => confirmation(p, site, &b, &s).await,
        _ => {
            changed_mail(p, site, &b, &s, to).await;
            promote(p, site, &s, &b.session_key).await?;
        }
    }
    Ok(json!({ "booking": v }))
}

/// `POST /bookings/v2/bookings/{id}/reschedule {slot, revision}`.
pub(crate) async fn reschedule(p: &Platform, call: &RouteCall) -> WixResult<Value> {
    let site = &call.ctx.site;
    let mut b = for_change(p, call, true).await?;
    check_revision(&call.body["revision"], b.revision, "revision")?;
    if !b.holds(now_millis()) {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            format!(
                "a {} booking cannot be rescheduled",
                b.status.to_lowercase()
            ),
        ));
    }
    let (_, s) = services::get(p, site, &b.service_id).await?;
    let staff = is_staff(&call.ctx, Permission::Manage);
    let now = now_millis();
    if !staff
        && let Some(m) = s.policy.reschedule_before
        && b.start - now < m * MINUTE
    {
        return Err(policy(format!(
            "too late to reschedule: bookings are moved at least {m} minutes before they start"
        )));
    }
    let skip = call.body["flowControlSettings"]["skipAvailabilityValidation"] == true;
    if skip && !staff {
        return Err(WixError::new(
            WixCode::PermissionDenied,
            "flowControlSettings.skipAvailabilityValidation: only the site's staff may book over availability",
        ));
    }
    let entity = json!({ "slot": call.body["slot"] });
    let revision = b.revision;
    let (mine, _, _) = offered(p, site, &s, &entity, "slot", now).await?;
    // The store's check leaves the booking itself out, so it may move within its own time.
    let asked = match mine.into_iter().next() {
        Some(slot) => {
            if !staff {
                policy_allows(&slot)?;
            }
            Asked {
                slot,
                overridden: skip,
            }
        }
        None if skip => {
            find_slot(
                p,
                site,
                &s,
                &entity,
                "slot",
                Who {
                    participants: b.participants,
                    staff,
                    skip: true,
                    now,
                },
            )
            .await?
        }
        None => return Err(taken("the service is not offered at that time")),
    };
    let overridden = asked.overridden;
    let set = settings::of(p, site).await?;
    place(&mut b, &s, &asked.slot, set.time_zone.name());
    b.doc["doubleBooked"] = json!(overridden && asked.slot.open < b.participants);
    b.remind_at = reminder(&b, &set, now);
    let check = check_for(&s, &asked.slot, overridden);
    save(p, &mut b, revision, Some(&check), now).await?;
    let v = view(&b);
    crate::announce(
        p,
        site,
        "wixBookings_onBookingUpdated",
        json!({ "booking": v }),
    )
    .await;
    changed_mail(p, site, &b, &s, "RESCHEDULED").await;
    Ok(json!({ "booking": v }))
}

/// `POST /bookings/v2/bookings/query`: staff see every booking, a member their own.
pub(crate) async fn query(p: &Platform, call: &RouteCall, mine: bool) -> WixResult<Value> {
    let q = &call.body["query"];
    let (limit, offset) = paging(q)?;
    let f = &q["filter"];
    let list = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Object(o) => o
                .get("$in")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .or_else(|| {
                    o.get("$eq")
                        .and_then(Value::as_str)
                        .map(|x| vec![x.to_string()])
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    };
    let bound = |v: &Value, op: &str, field: &str| -> WixResult<Option<Millis>> {
        match &v[op] {
            Value::Null => Ok(None),
            t => iso(t, field).map(Some),
        }
    };
    let mut filter = BookingFilter {
        from: bound(&f["endDate"], "$gt", "query.filter.endDate")?
            .or(bound(&f["endDate"], "$gte", "query.filter.endDate")?)
            .or(bound(&f["startDate"], "$gte", "query.filter.startDate")?),
        to: bound(&f["startDate"], "$lt", "query.filter.startDate")?
            .or(bound(&f["startDate"], "$lte", "query.filter.startDate")?.map(|t| t + 1))
            .or(bound(&f["endDate"], "$lte", "query.filter.endDate")?),
        service_ids: list(&f["bookedEntity.slot.serviceId"]),
        resource_ids: list(&f["bookedEntity.slot.resource.id"]),
        statuses: list(&f["status"]),
        email: f["contactDetails.email"].as_str().map(str::to_string),
        ..BookingFilter::default()
    };
    if mine {
        let DataCaller::Member { id, .. } = &call.ctx.caller else {
            return Err(WixError::new(
                WixCode::Unauthenticated,
                "sign in to see your bookings",
            ));
        };
        filter.member_id = Some(id.clone());
    } else if !is_staff(&call.ctx, Permission::View) {
        return Err(WixError::new(
            WixCode::PermissionDenied,
            "listing bookings needs a site collaborator or API key",
        ));
    }
    let (found, total) = p
        .store()
        .bookings(call.ctx.site.id, &filter, offset, limit)
        .await?;
    let page: Vec<Value> = found.iter().map(view).collect();
    Ok(json!({ "bookings": page, "pagingMetadata": paging_metadata(page.len(), offset, total) }))
}

/// The store prices lines of Wix Bookings' catalog: each a booking waiting for payment.
pub async fn catalog_items(p: &Platform, site: &Site, options: &Value) -> WixResult<Value> {
    let now = now_millis();
    let mut items = Vec::new();
    for r in options["catalogReferences"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let reference = &r["catalogReference"];
        let Some(id) = reference["catalogItemId"].as_str() else {
            continue;
        };
        let Some(b) = p.store().booking(site.id, id).await? else {
            continue;
        };
        let Ok((_, s)) = services::get(p, site, &b.service_id).await else {
            continue;
        };
        let Some((price, _)) = &s.price else { continue };
        let each: f64 = price.parse().unwrap_or(0.0);
        let available =
            i64::from(b.status == "CREATED" && b.holds(now) && b.payment_status == "NOT_PAID");
        let tz = settings::of(p, site).await?.time_zone;
        let when = local(tz, b.start).format("%a %e %b %Y, %H:%M").to_string();
        items.push(json!({
            "catalogReference": reference,
            "data": {
                "productName": {"original": s.name},
                "price": format!("{:.2}", each * b.participants as f64),
                "quantityAvailable": available,
                "itemType": {"preset": "SERVICE"},
                "descriptionLines": [
                    {"name": {"original": "When"}, "plainText": {"original": format!("{when} ({})", tz.name())}},
                    {"name": {"original": "Participants"}, "plainText": {"original": b.participants.to_string()}},
                ],
                "physicalProperties": {"shippable": false},
            },
        }));
    }
    Ok(json!({ "catalogItems": items }))
}

/// The slot a stored booking holds, to check it again.
fn slot_of(b: &BookingRecord) -> Slot {
    let resource = (!b.resource_id.is_empty()).then(|| b.resource_id.clone());
    Slot::held(b.start, b.end, resource, b.session_key.clone())
}

/// An order with bookings changed: paid confirms them, canceled lets them go.
pub async fn order_changed(p: &Platform, site: &Site, event: &str, order: &Value) -> WixResult<()> {
    let ids: Vec<&str> = order["lineItems"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|l| l["catalogReference"]["appId"] == BOOKINGS_APP_ID)
        .filter_map(|l| l["catalogReference"]["catalogItemId"].as_str())
        .collect();
    for id in ids {
        // Paid after its hold lapsed, a booking takes its time again; if something came
        // meanwhile it keeps it anyway (the customer paid) and the owner sees it double-booked.
        let mut over = false;
        for tries in 1.. {
            if tries > 4 {
                // Told again after a backoff (the event queue), when the booking is quieter.
                return Err(WixError::new(
                    WixCode::ConditionFailed,
                    format!("booking {id} kept changing while its order was {event}"),
                ));
            }
            let Some(mut b) = p.store().booking(site.id, id).await? else {
                break;
            };
            let (_, s) = services::get(p, site, &b.service_id).await?;
            let now = now_millis();
            let revision = b.revision;
            let mut check = None;
            let handler = match event {
                "paid" if b.payment_status != "PAID" => {
                    if !b.holds(now) {
                        check = Some(if over {
                            SlotCheck::Overridden
                        } else {
                            check_for(&s, &slot_of(&b), false)
                        });
                        b.doc["doubleBooked"] = json!(over);
                    }
                    b.payment_status = "PAID".into();
                    b.hold_until = None;
                    if matches!(b.status.as_str(), "CREATED" | "DECLINED") {
                        b.status = if s.manual_approval {
                            "PENDING"
                        } else {
                            "CONFIRMED"
                        }
                        .into();
                    }
                    b.doc["orderId"] = order["id"].clone();
                    if b.status == "CONFIRMED" {
                        "wixBookings_onBookingConfirmed"
                    } else {
                        "wixBookings_onBookingUpdated"
                    }
                }
                "canceled" if b.status == "CREATED" => {
                    b.status = "DECLINED".into();
                    b.hold_until = None;
                    "wixBookings_onBookingDeclined"
                }
                "refunded" if b.payment_status == "PAID" => {
                    b.payment_status = "REFUNDED".into();
                    "wixBookings_onBookingUpdated"
                }
                _ => break,
            };
            let set = settings::of(p, site).await?;
            b.remind_at = reminder(&b, &set, now);
            match save(p, &mut b, revision, check.as_ref(), now).await {
                Ok(()) => {
                    crate::announce(p, site, handler, json!({ "booking": view(&b) })).await;
                    if event == "paid" {
                        if b.status == "CONFIRMED" {
                            confirmation(p, site, &b, &s).await;
                        }
                        tell_owner(p, site, &b, &s).await;
                    }
                    break;
                }
                Err(e) if e.code() == WixCode::SlotNotAvailable => over = true,
                Err(e) if e.code() == WixCode::ConditionFailed => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// Sends the reminders due at `now` and lets unpaid bookings past their hold go.
pub async fn sweep(p: &Platform, now: Millis) -> WixResult<usize> {
    let due = p.store().due_bookings(now, 200).await?;
    let mut changed = 0;
    for mut b in due {
        let Some(site) = p.store().site(b.site_id).await? else {
            continue;
        };
        let revision = b.revision;
        let unpaid = b.status == "CREATED" && b.hold_until.is_some_and(|t| t <= now);
        let remind = b.remind_at.is_some_and(|t| t <= now) && b.holds(now);
        b.remind_at = None;
        if unpaid {
            b.status = "DECLINED".into();
            b.hold_until = None;
            b.doc["declineReason"] = json!("not paid in time");
        }
        // The revision makes each change happen once, whichever node gets there first.
        if save(p, &mut b, revision, None, now).await.is_err() {
            continue;
        }
        changed += 1;
        let Ok((_, s)) = services::get(p, &site, &b.service_id).await else {
            continue;
        };
        if unpaid {
            crate::announce(
                p,
                &site,
                "wixBookings_onBookingDeclined",
                json!({ "booking": view(&b) }),
            )
            .await;
            promote(p, &site, &s, &b.session_key).await?;
        } else if remind {
            send(
                p,
                &site,
                &b,
                "booking_reminder",
                format!("Reminder: {}", s.name),
                vec![format!(
                    "This is a reminder of your booking of {} on {}.",
                    s.name,
                    when(p, &site, &b).await
                )],
            )
            .await;
        }
    }
    Ok(changed)
}

async fn when(p: &Platform, site: &Site, b: &BookingRecord) -> String {
    let tz = settings::of(p, site)
        .await
        .map(|s| s.time_zone)
        .unwrap_or(chrono_tz::UTC);
    format!(
        "{} ({})",
        local(tz, b.start).format("%A %e %B %Y at %H:%M"),
        tz.name()
    )
}

/// An email to the booking's customer, with a link to add it to their calendar.
async fn send(
    p: &Platform,
    site: &Site,
    b: &BookingRecord,
    kind: &str,
    subject: String,
    paragraphs: Vec<String>,
) {
    let brand = mail::brand(p, site).await;
    let ics = format!(
        "{}/_bookings/v1/bookings/{}/calendar.ics?token={}",
        p.site_url(site),
        b.id,
        b.doc["icsToken"].as_str().unwrap_or_default()
    );
    let action = matches!(b.status.as_str(), "CONFIRMED" | "PENDING")
        .then(|| ("Add to calendar".to_string(), ics));
    let file = Attachment {
        name: "booking.ics".into(),
        content_type: "text/calendar; charset=utf-8".into(),
        content: self::ics(site, b),
    };
    let queued = mail::queue_with(
        p,
        site,
        &brand,
        Outgoing {
            kind,
            to: &b.email,
            subject,
            paragraphs,
            action,
        },
        Some(file),
    )
    .await;
    if let Err(e) = queued {
        tracing::warn!(error = %e, booking = %b.id, "queueing a booking email");
    }
}

async fn confirmation(p: &Platform, site: &Site, b: &BookingRecord, s: &Service) {
    let when = when(p, site, b).await;
    send(
        p,
        site,
        b,
        "booking_confirmed",
        format!("Booking confirmed: {}", s.name),
        vec![
            format!("Your booking of {} on {when} is confirmed.", s.name),
            format!("Participants: {}.", b.participants),
        ],
    )
    .await;
}

async fn changed_mail(p: &Platform, site: &Site, b: &BookingRecord, s: &Service, what: &str) {
    let when = when(p, site, b).await;
    let (kind, subject, line) = match what {
        "RESCHEDULED" => (
            "booking_rescheduled",
            format!("Booking moved: {}", s.name),
            format!("Your booking of {} is now on {when}.", s.name),
        ),
        "DECLINED" => (
            "booking_declined",
            format!("Booking declined: {}", s.name),
            format!("Your booking of {} on {when} was declined.", s.name),
        ),
        _ => (
            "booking_canceled",
            format!("Booking canceled: {}", s.name),
            format!("Your booking of {} on {when} is canceled.", s.name),
        ),
    };
    send(p, site, b, kind, subject, vec![line]).await;
}

/// The site's owners hear of a new booking in the dashboard and by email.
async fn tell_owner(p: &Platform, site: &Site, b: &BookingRecord, s: &Service) {
    let Ok(set) = settings::of(p, site).await else {
        return;
    };
    if !set.notify_owner {
        return;
    }
    let who = b.doc["contactDetails"]["firstName"]
        .as_str()
        .unwrap_or(&b.email);
    let notice = json!({
        "body": format!("{who} booked {} on {}", s.name, when(p, site, b).await),
        "channels": ["Dashboard", "Mobile"], "options": {"title": "New booking"},
    });
    if let Err(e) = tessera_platform::notifications::notify(p, site, &notice).await {
        tracing::warn!(error = %e, booking = %b.id, "telling the owner of a booking");
    }
}

/// The booking as an iCalendar event (RFC 5545): each change a higher `SEQUENCE`, so a
/// calendar that has it replaces it; one that no longer holds its time is CANCELLED.
fn ics(site: &Site, b: &BookingRecord) -> String {
    let stamp = |t: Millis| {
        chrono::DateTime::from_timestamp_millis(t)
            .unwrap_or_default()
            .format("%Y%m%dT%H%M%SZ")
            .to_string()
    };
    let escape = |t: &str| {
        t.replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace(',', "\\,")
            .replace('\n', "\\n")
    };
    let title = b.doc["bookedEntity"]["title"].as_str().unwrap_or("Booking");
    let (method, status) = if b.holds(now_millis()) {
        ("PUBLISH", "CONFIRMED")
    } else {
        ("CANCEL", "CANCELLED")
    };
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tessera//Bookings//EN\r\nMETHOD:{method}\r\nBEGIN:VEVENT\r\nUID:{}@{}\r\nDTSTAMP:{}\r\nDTSTART:{}\r\nDTEND:{}\r\nSUMMARY:{}\r\nSTATUS:{status}\r\nSEQUENCE:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        b.id,
        site.slug,
        stamp(b.updated_at),
        stamp(b.start),
        stamp(b.end),
        escape(title),
        b.revision,
    )
}

/// The booking's `.ics`, by the address its emails give.
async fn calendar(p: Platform, call: tessera_platform::module::RawCall) -> WixResult<RawReply> {
    let site = call
        .site
        .clone()
        .ok_or_else(|| not_found(call.path_param("id")))?;
    let b = get(&p, &site, call.path_param("id")).await?;
    let token = call.query.one("token").unwrap_or_default();
    if token.is_empty() || b.doc["icsToken"] != token {
        return Err(not_found(&b.id));
    }
    let body = ics(&site, &b);
    Ok(RawReply {
        status: 200,
        headers: vec![
            ("content-type", "text/calendar; charset=utf-8".into()),
            (
                "content-disposition",
                "attachment; filename=\"booking.ics\"".into(),
            ),
        ],
        body: body.into(),
    })
}

pub fn raw_routes() -> Vec<RawRoute> {
    vec![RawRoute::new(
        Method::Get,
        "/_bookings/v1/bookings/{id}/calendar.ics",
        0,
        |p, call| calendar(p, call).boxed(),
    )]
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(Method::Post, "/bookings/v2/bookings", |p, call| {
            async move { create(&p, &call).await }.boxed()
        }),
        Route::new(Method::Get, "/bookings/v2/bookings/{id}", |p, call| {
            async move {
                let b = get(&p, &call.ctx.site, call.path_param("id")).await?;
                if !is_staff(&call.ctx, Permission::View) && !is_customer(&call, &b) {
                    return Err(not_found(&b.id));
                }
                Ok(json!({ "booking": view(&b) }))
            }
            .boxed()
        }),
        Route::new(
            Method::Post,
            "/bookings/v2/bookings/{id}/confirm",
            |p, call| async move { set_status(&p, &call, "CONFIRMED").await }.boxed(),
        ),
        Route::new(
            Method::Post,
            "/bookings/v2/bookings/{id}/decline",
            |p, call| async move { set_status(&p, &call, "DECLINED").await }.boxed(),
        ),
        Route::new(
            Method::Post,
            "/bookings/v2/bookings/{id}/cancel",
            |p, call| async move { set_status(&p, &call, "CANCELED").await }.boxed(),
        ),
        Route::new(
            Method::Post,
            "/bookings/v2/bookings/{id}/reschedule",
            |p, call| async move { reschedule(&p, &call).await }.boxed(),
        ),
        Route::new(Method::Post, "/bookings/v1/waitlist/register", |p, call| {
            async move { register(&p, &call).await }.boxed()
        }),
        Route::new(Method::Post, "/bookings/v2/bookings/query", |p, call| {
            async move { query(&p, &call, false).await }.boxed()
        }),
        Route::new(
            Method::Post,
            "/_bookings/v1/my-bookings/query",
            |p, call| async move { query(&p, &call, true).await }.boxed(),
        ),
    ]
}
