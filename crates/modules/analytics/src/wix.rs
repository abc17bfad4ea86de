//! Wix's Analytics Data API: `GET /analytics/v2/site-analytics/data` with `dateRange`
//! (`startDate`, `endDate`, YYYY-MM-DD of the site's time zone; the end is today when left
//! out) and `measurementTypes`, each answered as a total and a value per day. The start may
//! be at most the retention (62 days by default) ago, as Wix keeps no more.

use serde_json::{Value, json};
use tessera_core::{Millis, ids::SiteId};
use tessera_platform::{Platform, WixError, WixResult, module::RouteCall};

use crate::{
    Analytics, business,
    reports::{Range, checked, date, sums},
    rollup::{date_of, day_start, next_day},
};

pub const MEASUREMENTS: [&str; 6] = [
    "TOTAL_SESSIONS",
    "TOTAL_SALES",
    "TOTAL_ORDERS",
    "CLICKS_TO_CONTACT",
    "TOTAL_FORMS_SUBMITTED",
    "TOTAL_UNIQUE_VISITORS",
];

/// A field from the body (the SDK's `.r`) or the query (`dateRange.startDate`).
fn field(call: &RouteCall, path: &[&str]) -> Option<String> {
    let mut v = &call.body;
    for p in path {
        v = &v[p];
    }
    v.as_str()
        .map(str::to_string)
        .or_else(|| call.query.one(&path.join(".")).map(str::to_string))
        .filter(|s| !s.is_empty())
}

pub async fn data(p: &Platform, site: SiteId, call: &RouteCall) -> WixResult<Value> {
    let m = p
        .module::<Analytics>()
        .ok_or_else(|| tessera_core::Error::internal("analytics is not running"))?;
    let tz = m.collector.zone(p, site).await?;
    let now = m.collector.now();
    let mut types: Vec<String> = match call.body["measurementTypes"].as_array() {
        Some(a) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        None => call.query.all("measurementTypes"),
    };
    types.dedup();
    if types.is_empty() {
        return Err(WixError::bad_request(
            "measurementTypes: at least one is required",
        ));
    }
    if let Some(t) = types.iter().find(|t| !MEASUREMENTS.contains(&t.as_str())) {
        return Err(WixError::bad_request(format!(
            "measurementTypes: no measurement type {t:?} ({})",
            MEASUREMENTS.join(", ")
        )));
    }
    let start = field(call, &["dateRange", "startDate"])
        .ok_or_else(|| WixError::bad_request("dateRange.startDate: is required"))?;
    let first = date("dateRange.startDate", &start)?;
    let today = date_of(tz, now);
    let last = match field(call, &["dateRange", "endDate"]) {
        Some(s) => date("dateRange.endDate", &s)?.min(today),
        None => today,
    };
    checked(first, last, "dateRange.startDate", "dateRange.endDate")?;
    let retention = p.store().analytics_settings(site).await?.retention_days;
    if (today - first).num_days() > retention {
        return Err(WixError::bad_request(
            "dateRange.startDate: Do not have data for this start date",
        ));
    }
    m.collector.flush(p).await;
    crate::rollup::roll_up(p, site, tz, now).await?;
    let r = Range { tz, first, last };
    let days = r.days();
    let starts: Vec<Millis> = days.iter().map(|d| day_start(tz, *d)).collect();
    let sales = business::sales(p, site, r.from(), r.to(), &starts).await?;
    // Each day's totals and events.
    let mut per_day = Vec::with_capacity(days.len());
    for d in &days {
        let (from, to) = (day_start(tz, *d), day_start(tz, next_day(*d)));
        let t = sums(p, site, "total", from, to)
            .await?
            .into_iter()
            .next()
            .unwrap_or_default();
        let events = sums(p, site, "event", from, to).await?;
        let count = |n: &str| events.iter().find(|e| e.value == n).map_or(0, |e| e.events);
        per_day.push((
            t.sessions,
            t.visitors,
            count(crate::CONTACT_CLICKED),
            count(crate::FORM_SUBMITTED),
        ));
    }
    let data: Vec<Value> = types
        .iter()
        .map(|t| {
            let values: Vec<Value> = days
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let (sessions, visitors, contact, forms) = per_day[i];
                    let (orders, revenue) = sales.days[i];
                    let value = match t.as_str() {
                        "TOTAL_SESSIONS" => json!(sessions),
                        "TOTAL_UNIQUE_VISITORS" => json!(visitors),
                        "CLICKS_TO_CONTACT" => json!(contact),
                        "TOTAL_FORMS_SUBMITTED" => json!(forms),
                        "TOTAL_ORDERS" => json!(orders),
                        _ => json!(revenue as f64 / 100.0),
                    };
                    json!({ "date": d.to_string(), "value": value })
                })
                .collect();
            let total = match t.as_str() {
                "TOTAL_SALES" => json!(sales.revenue as f64 / 100.0),
                _ => json!(
                    values
                        .iter()
                        .map(|v| v["value"].as_i64().unwrap_or(0))
                        .sum::<i64>()
                ),
            };
            json!({ "type": t, "total": total, "values": values })
        })
        .collect();
    Ok(json!({ "data": data }))
}
