//! Bookings as stored: each booking a row with the time it holds, so that taking a slot is
//! one transaction that sees every booking it could clash with.

use async_trait::async_trait;
use serde_json::Value;

use crate::{Millis, Result, ids::SiteId};

/// A booking: searchable columns, and the booking as the API shows it (`doc`).
#[derive(Clone, Debug, PartialEq)]
pub struct BookingRecord {
    pub site_id: SiteId,
    pub id: String,
    pub service_id: String,
    /// The staff member (appointments); "" for classes and courses.
    pub resource_id: String,
    /// The other resources it holds for the same time: a room, a piece of equipment.
    pub other_resources: Vec<String>,
    /// The class session (`<service>:<start>`) or course it is for; "" for appointments.
    pub session_key: String,
    pub start: Millis,
    pub end: Millis,
    /// The time it keeps the staff member busy: its start and end widened by the service's
    /// buffer.
    pub busy_from: Millis,
    pub busy_to: Millis,
    /// `CREATED`, `PENDING`, `CONFIRMED`, `CANCELED`, `DECLINED` or `WAITING_LIST`.
    pub status: String,
    pub payment_status: String,
    pub participants: i64,
    /// A `CREATED` booking waiting for payment holds its slot until then.
    pub hold_until: Option<Millis>,
    /// When the reminder is due; None once sent or when there is none.
    pub remind_at: Option<Millis>,
    pub member_id: Option<String>,
    pub email: String,
    pub revision: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub doc: Value,
}

impl BookingRecord {
    /// Whether it holds its time at `now`.
    pub fn holds(&self, now: Millis) -> bool {
        match self.status.as_str() {
            "PENDING" | "CONFIRMED" => true,
            "CREATED" => self.hold_until.is_none_or(|t| t > now),
            _ => false,
        }
    }
}

/// What a booking's time must leave free, checked in the transaction that writes it.
#[derive(Clone, Debug, PartialEq)]
pub enum SlotCheck {
    /// No other booking holding time of the staff member or of one of the other resources
    /// the booking holds overlaps `busy_from..busy_to`.
    Free,
    /// Bookings holding the session, with this one, have at most `capacity` participants.
    Capacity { session_key: String, capacity: i64 },
    /// The owner books over what is there on purpose.
    Overridden,
}

/// Which bookings to list.
#[derive(Clone, Debug, Default)]
pub struct BookingFilter {
    /// Bookings that end after `from` and start before `to`.
    pub from: Option<Millis>,
    pub to: Option<Millis>,
    pub service_ids: Vec<String>,
    pub resource_ids: Vec<String>,
    pub statuses: Vec<String>,
    pub member_id: Option<String>,
    pub email: Option<String>,
    pub session_key: Option<String>,
}

/// Resources (staff members, rooms) with their busy times, `(from, to)` in order.
pub type BusyTimes = Vec<(String, Vec<(Millis, Millis)>)>;

#[async_trait]
pub trait BookingStore: Send + Sync {
    /// Stores a new booking if `check` holds at `now` (Conflict, field `slot`, when the time
    /// is taken or the session full; nothing is stored). Bookings of one resource or
    /// session are written one at a time, so two can never both pass the check.
    async fn insert_booking(&self, b: &BookingRecord, check: &SlotCheck, now: Millis)
    -> Result<()>;
    /// Replaces a booking read at `revision` (Conflict, field `revision`, when it changed
    /// since), checking its new time with `check` when it moves or comes back.
    async fn update_booking(
        &self,
        b: &BookingRecord,
        revision: i64,
        check: Option<&SlotCheck>,
        now: Millis,
    ) -> Result<()>;
    async fn booking(&self, site: SiteId, id: &str) -> Result<Option<BookingRecord>>;
    /// Bookings by `filter`, by start time, from `offset`, and how many match.
    async fn bookings(
        &self,
        site: SiteId,
        filter: &BookingFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<BookingRecord>, u64)>;
    /// The busy times (`busy_from`, `busy_to`) of bookings of `resources` (staff members or
    /// other resources) that hold at `now` and overlap `from..to`, per resource and in order
    /// of their start: what availability needs, without the bookings' documents, and a row
    /// per resource rather than per booking (a month of a busy calendar is thousands).
    async fn busy_times(
        &self,
        site: SiteId,
        resources: &[String],
        from: Millis,
        to: Millis,
        now: Millis,
    ) -> Result<BusyTimes>;
    /// Per session key of `keys`: the participants of bookings that hold at `now`, and how
    /// many bookings wait on its waiting list.
    async fn session_counts(
        &self,
        site: SiteId,
        keys: &[String],
        now: Millis,
    ) -> Result<Vec<(String, i64, i64)>>;
    /// Bookings of every site whose reminder is due at `now`, or unpaid past their hold.
    async fn due_bookings(&self, now: Millis, limit: u64) -> Result<Vec<BookingRecord>>;
}
