//! The business's bookings settings: its time zone, opening hours (staff without hours of
//! their own work these), reminders and whether the owner hears of each booking
//! (`GET|PATCH /_bookings/v1/settings`, Tessera's own: Wix keeps these in its dashboard).

use chrono_tz::Tz;
use futures::FutureExt;
use serde_json::{Map, Value, json};
use tessera_core::{data::FieldType, sites::Permission, sites::Site};
use tessera_platform::{
    Platform, WixError, WixResult,
    module::{Method, Route},
    records::Kind,
};

use crate::{
    may,
    schedule::{self, DayHours},
};

pub const SETTINGS: Kind = Kind {
    id: "Bookings/Settings",
    name: "Bookings settings",
    fields: &[("timeZone", FieldType::Text)],
    indexes: &[],
    public: false,
};

const ID: &str = "bookings";

#[derive(Clone, Debug)]
pub struct Settings {
    pub time_zone: Tz,
    pub business_hours: Vec<DayHours>,
    /// Hours before a session its reminder goes (0: none).
    pub reminder_hours: i64,
    pub notify_owner: bool,
    /// How long an unpaid online booking keeps its slot.
    pub hold_minutes: i64,
}

impl Settings {
    fn json(&self) -> Value {
        json!({
            "timeZone": self.time_zone.name(),
            "businessHours": schedule::hours_json(&self.business_hours),
            "reminderHoursBefore": self.reminder_hours,
            "notifyOwner": self.notify_owner,
            "holdMinutes": self.hold_minutes,
        })
    }
}

/// Monday to Friday, 9 to 5, in UTC, until the owner says otherwise.
fn defaults() -> Value {
    let days: Vec<Value> = schedule::DAYS[..5]
        .iter()
        .map(|d| json!({"day": d, "startTime": "09:00", "endTime": "17:00"}))
        .collect();
    json!({
        "timeZone": "UTC", "businessHours": days, "reminderHoursBefore": 24,
        "notifyOwner": true, "holdMinutes": 15,
    })
}

fn parse(v: &Value) -> WixResult<Settings> {
    let number = |k: &str, max: i64| {
        v[k].as_i64()
            .filter(|n| (0..=max).contains(n))
            .ok_or_else(|| {
                WixError::bad_request(format!("settings.{k}: a whole number from 0 to {max}"))
            })
    };
    Ok(Settings {
        time_zone: schedule::zone(
            v["timeZone"].as_str().unwrap_or_default(),
            "settings.timeZone",
        )?,
        business_hours: schedule::parse_hours(&v["businessHours"], "settings.businessHours")?,
        reminder_hours: number("reminderHoursBefore", 24 * 14)?,
        notify_owner: v["notifyOwner"]
            .as_bool()
            .ok_or_else(|| WixError::bad_request("settings.notifyOwner: true or false"))?,
        hold_minutes: number("holdMinutes", 24 * 60)?.max(1),
    })
}

async fn stored(p: &Platform, site: &Site) -> WixResult<Map<String, Value>> {
    let mut data = defaults().as_object().cloned().unwrap_or_default();
    if let Some(item) = SETTINGS.get(p, site, ID).await? {
        data.extend(item.data);
    }
    Ok(data)
}

/// The site's bookings settings (read at most once a second per site on each node).
pub async fn of(p: &Platform, site: &Site) -> WixResult<Settings> {
    let kept = &crate::Bookings::of(p).settings;
    if let Some(s) = kept.get(site.id) {
        return Ok(s);
    }
    let s = parse(&Value::Object(stored(p, site).await?))?;
    kept.keep(site.id, s.clone());
    Ok(s)
}

/// Changes the fields `body.settings` gives (checked as a whole before anything is stored).
async fn update(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let Some(patch) = body["settings"].as_object() else {
        return Err(WixError::bad_request("settings: is required (an object)"));
    };
    let mut data = stored(p, site).await?;
    for (k, v) in patch {
        if !defaults().as_object().is_some_and(|d| d.contains_key(k)) {
            return Err(WixError::bad_request(format!(
                "settings.{k}: no such setting"
            )));
        }
        data.insert(k.clone(), v.clone());
    }
    let parsed = parse(&Value::Object(data.clone()))?;
    match SETTINGS.get(p, site, ID).await? {
        Some(mut item) => {
            item.data = data;
            SETTINGS
                .save(p, site, &item)
                .await?
                .ok_or_else(|| WixError::bad_request("settings: changed meanwhile, try again"))?;
        }
        None => {
            SETTINGS.insert(p, site, ID, data).await?;
        }
    }
    crate::Bookings::of(p).settings.forget(site.id);
    Ok(json!({ "settings": parsed.json() }))
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(Method::Get, "/_bookings/v1/settings", |p, call| {
            async move {
                may(&call.ctx, Permission::View)?;
                Ok(json!({ "settings": of(&p, &call.ctx.site).await?.json() }))
            }
            .boxed()
        }),
        Route::new(Method::Patch, "/_bookings/v1/settings", |p, call| {
            async move {
                may(&call.ctx, Permission::Manage)?;
                update(&p, &call.ctx.site, &call.body).await
            }
            .boxed()
        }),
    ]
}
