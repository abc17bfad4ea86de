//! The bookings module: Wix Bookings. Services (appointments, classes, courses), staff with
//! working hours and time off, the business's hours and time zone, availability, and
//! bookings that never double-book, with Wix's REST shapes (`/bookings/v2/services`,
//! `/bookings/v1/staff-members`, `/bookings/v1/availability/query`, time slots v2,
//! `/bookings/v2/bookings`). Paid bookings are sold through the store's checkout as lines of
//! Wix Bookings' catalog (`Module::catalog_items`).

mod availability;
mod bookings;
mod categories;
mod code;
mod entities;
mod resources;
mod schedule;
mod services;
mod settings;
mod site;
mod staff;

use futures::FutureExt;
use serde_json::Value;
use tessera_core::{Millis, sites::Permission};
use tessera_platform::{
    Platform, WixError, WixResult,
    data::DataContext,
    module::{HostOp, Module, Route},
    records::Remembered,
};

/// Wix Bookings' app id: a store line with it is a booking (`catalogItemId` its id).
pub const BOOKINGS_APP_ID: &str = "13d21c63-b5ec-5912-8397-c3a5ddb27a97";

/// The bookings module.
#[derive(Default)]
pub struct Bookings {
    settings: Remembered<settings::Settings>,
}

impl Bookings {
    fn of(p: &Platform) -> &Bookings {
        p.module::<Bookings>()
            .expect("the bookings module's routes run only when it is installed")
    }
}

impl Module for Bookings {
    fn name(&self) -> &'static str {
        "bookings"
    }

    fn event_types(&self) -> &'static [tessera_platform::module::EventType] {
        use tessera_platform::module::EventType;
        &[
            EventType {
                name: "wixBookings_onBookingRequestCreated",
                title: "Booking requested",
                sample: include_str!("samples/booking.json"),
            },
            EventType {
                name: "wixBookings_onBookingConfirmed",
                title: "Booking confirmed",
                sample: include_str!("samples/booking.json"),
            },
            EventType {
                name: "wixBookings_onBookingDeclined",
                title: "Booking declined",
                sample: include_str!("samples/booking.json"),
            },
            EventType {
                name: "wixBookings_onBookingCanceled",
                title: "Booking canceled",
                sample: include_str!("samples/booking.json"),
            },
            EventType {
                name: "wixBookings_onBookingUpdated",
                title: "Booking updated",
                sample: include_str!("samples/booking.json"),
            },
            EventType {
                name: "wixBookings_onServiceCreated",
                title: "Service created",
                sample: include_str!("samples/service.json"),
            },
            EventType {
                name: "wixBookings_onServiceUpdated",
                title: "Service updated",
                sample: include_str!("samples/service.json"),
            },
            EventType {
                name: "wixBookings_onServiceDeleted",
                title: "Service deleted",
                sample: include_str!("samples/service.json"),
            },
        ]
    }

    fn routes(&self) -> Vec<Route> {
        let mut routes = settings::routes();
        routes.extend(services::routes());
        routes.extend(entities::routes::<staff::StaffMembers>());
        routes.extend(entities::routes::<categories::Categories>());
        routes.extend(entities::routes::<resources::ResourceTypes>());
        routes.extend(entities::routes::<resources::Resources>());
        routes.extend(availability::routes());
        routes.extend(bookings::routes());
        routes
    }

    fn raw_routes(&self) -> Vec<tessera_platform::module::RawRoute> {
        let mut routes = bookings::raw_routes();
        routes.extend(site::routes());
        routes
    }

    fn host_ops(&self) -> Vec<(&'static str, HostOp)> {
        vec![("bookings", |p, who, payload| {
            async move { code::call(&p, who, &payload).await }.boxed()
        })]
    }

    fn catalog_app_id(&self) -> Option<&'static str> {
        Some(BOOKINGS_APP_ID)
    }

    fn catalog_items(
        &self,
        p: Platform,
        site: tessera_core::sites::Site,
        options: Value,
    ) -> futures::future::BoxFuture<'static, WixResult<Value>> {
        async move { bookings::catalog_items(&p, &site, &options).await }.boxed()
    }

    fn order_changed(
        &self,
        p: Platform,
        site: tessera_core::sites::Site,
        event: &'static str,
        order: Value,
    ) -> futures::future::BoxFuture<'static, WixResult<()>> {
        async move { bookings::order_changed(&p, &site, event, &order).await }.boxed()
    }
}

/// Reminders and unpaid bookings' holds, every 30 seconds on every node (each booking's
/// change is claimed by its revision, so one node makes it).
pub fn spawn_sweeper(p: Platform) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(30));
        loop {
            every.tick().await;
            match sweep(&p, tessera_core::now_millis()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(bookings = n, "booking reminders sent or holds released"),
                Err(e) => tracing::warn!(error = e.description(), "sweeping bookings"),
            }
        }
    })
}

/// Sends the reminders due at `now` and releases unpaid bookings past their hold; how many
/// bookings it changed (tests call it with the time they want).
pub async fn sweep(p: &Platform, now: Millis) -> WixResult<usize> {
    bookings::sweep(p, now).await
}

pub(crate) use tessera_platform::module::is_staff;

/// The caller's right to run the business's bookings: a collaborator with `needed`, or site code.
pub(crate) fn may(ctx: &DataContext, needed: Permission) -> WixResult<()> {
    tessera_platform::module::may(ctx, needed, "managing bookings")
}

/// Queues a bookings event for the site's `events.js`, once what it tells of is stored.
pub(crate) async fn announce(
    p: &Platform,
    site: &tessera_core::sites::Site,
    handler: &'static str,
    payload: Value,
) {
    if let Err(e) = tessera_platform::backend_events::queue(p, site.id, handler, &payload).await {
        tracing::error!(error = %e, handler, site = %site.slug, "queueing a bookings event");
    }
}

/// `Wix`'s paging of a query: `{limit, offset}` (default 50, at most 1000).
pub(crate) fn paging(query: &Value) -> WixResult<(u64, u64)> {
    let paging = &query["paging"];
    let limit = match &paging["limit"] {
        Value::Null => 50,
        v => v
            .as_u64()
            .filter(|l| (1..=1000).contains(l))
            .ok_or_else(|| {
                WixError::bad_request("query.paging.limit: a whole number from 1 to 1000")
            })?,
    };
    let offset = match &paging["offset"] {
        Value::Null => 0,
        v => v
            .as_u64()
            .ok_or_else(|| WixError::bad_request("query.paging.offset: a whole number from 0"))?,
    };
    Ok((limit, offset))
}

/// Wix's `pagingMetadata` for a page of `count` of `total` from `offset`.
pub(crate) fn paging_metadata(count: usize, offset: u64, total: u64) -> Value {
    serde_json::json!({
        "count": count, "offset": offset, "total": total,
        "hasNext": offset + (count as u64) < total,
    })
}
