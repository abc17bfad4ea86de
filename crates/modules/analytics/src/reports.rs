//! The dashboard's reports over a range of the site's days (`from`..=`to`, YYYY-MM-DD,
//! the last 7 days by default): whole days come from the daily rollups, the rest (today,
//! and days not rolled up yet) from the raw hits, so a year reads about 365 rows.
//! Visitors over several days are the sum of each day's: the salt changes daily, so nobody
//! is recognised across days.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Value, json};
use tessera_core::{
    Millis,
    analytics::{Grain, Sums},
    ids::SiteId,
};
use tessera_platform::{Platform, WixError, WixResult, module::RouteCall};

use crate::{
    Analytics, business,
    rollup::{HOUR, date_of, day_start, next_day},
};

/// A range of whole days of the site's time zone.
#[derive(Clone, Debug)]
pub struct Range {
    pub tz: chrono_tz::Tz,
    pub first: NaiveDate,
    /// The last day, included.
    pub last: NaiveDate,
}

impl Range {
    pub fn from(&self) -> Millis {
        day_start(self.tz, self.first)
    }

    pub fn to(&self) -> Millis {
        day_start(self.tz, next_day(self.last))
    }

    pub fn days(&self) -> Vec<NaiveDate> {
        let mut d = self.first;
        let mut all = Vec::new();
        while d <= self.last {
            all.push(d);
            d = next_day(d);
        }
        all
    }

    /// As many days just before.
    pub fn previous(&self) -> Range {
        let n = self.days().len() as u64;
        Range {
            tz: self.tz,
            first: self.first - chrono::Days::new(n),
            last: self.first - chrono::Days::new(1),
        }
    }
}

pub fn date(field: &str, s: &str) -> WixResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| WixError::bad_request(format!("{field}: a date as YYYY-MM-DD")))
}

/// `from` and `to` of the call's query, or the last `days` to `to`; `to` is today and
/// `days` 7 when not given. At most 400 days.
pub fn range(call: &RouteCall, tz: chrono_tz::Tz, now: Millis) -> WixResult<Range> {
    let today = date_of(tz, now);
    let last = match call.query.one("to") {
        Some(s) if !s.is_empty() => date("to", s)?,
        _ => today,
    };
    let first = match (call.query.one("from"), call.query.one("days")) {
        (Some(s), _) if !s.is_empty() => date("from", s)?,
        (_, Some(n)) if !n.is_empty() => {
            let n = n
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=400).contains(n))
                .ok_or_else(|| WixError::bad_request("days: a whole number from 1 to 400"))?;
            last - chrono::Days::new(n - 1)
        }
        _ => last - chrono::Days::new(6),
    };
    checked(first, last, "from", "to")?;
    Ok(Range { tz, first, last })
}

pub fn checked(first: NaiveDate, last: NaiveDate, from: &str, to: &str) -> WixResult<()> {
    if first > last {
        return Err(WixError::bad_request(format!(
            "{to}: must not be before {from}"
        )));
    }
    if (last - first).num_days() >= 400 {
        return Err(WixError::bad_request(format!(
            "{from}: a range of at most 400 days"
        )));
    }
    Ok(())
}

/// The hits of `dim` over `from..to` (day starts), per value: daily rollups up to where
/// they end, the raw hits after.
pub async fn sums(
    p: &Platform,
    site: SiteId,
    dim: &str,
    from: Millis,
    to: Millis,
) -> tessera_core::Result<Vec<Sums>> {
    let store = p.store();
    let rolled = store
        .rolled_until(site, Grain::Day)
        .await?
        .unwrap_or(from)
        .clamp(from, to);
    let mut by: BTreeMap<String, Sums> = BTreeMap::new();
    let mut rows = store.rollups(site, Grain::Day, dim, from, rolled).await?;
    if rolled < to {
        let raw = store.hit_sums(site, &[dim], rolled, to).await?;
        rows.extend(raw.into_iter().map(|(_, s)| s));
    }
    for r in rows {
        by.entry(r.value.clone())
            .or_insert_with(|| Sums {
                at: from,
                value: r.value.clone(),
                ..Default::default()
            })
            .add(&r);
    }
    Ok(by.into_values().collect())
}

/// Totals per bucket of the range: per hour for a range of one or two days, else per day;
/// rollups where they exist, the raw hits after. Each bucket's start with its sums.
pub async fn series(p: &Platform, site: SiteId, r: &Range) -> tessera_core::Result<Vec<Sums>> {
    let store = p.store();
    let (grain, starts): (Grain, Vec<Millis>) = if r.days().len() <= 2 {
        (
            Grain::Hour,
            (r.from()..r.to()).step_by(HOUR as usize).collect(),
        )
    } else {
        (
            Grain::Day,
            r.days().into_iter().map(|d| day_start(r.tz, d)).collect(),
        )
    };
    let (from, to) = (r.from(), r.to());
    let rolled = store
        .rolled_until(site, grain)
        .await?
        .unwrap_or(from)
        .clamp(from, to);
    let mut out: Vec<Sums> = starts
        .iter()
        .map(|at| Sums {
            at: *at,
            ..Default::default()
        })
        .collect();
    let place = |out: &mut Vec<Sums>, s: &Sums| {
        let i = starts.partition_point(|a| *a <= s.at).saturating_sub(1);
        if let Some(b) = out.get_mut(i) {
            b.add(s);
        }
    };
    for s in store.rollups(site, grain, "total", from, rolled).await? {
        place(&mut out, &s);
    }
    for (i, at) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(to);
        if end <= rolled {
            continue;
        }
        let begin = (*at).max(rolled);
        for (_, s) in store.hit_sums(site, &["total"], begin, end).await? {
            place(&mut out, &Sums { at: *at, ..s });
        }
    }
    Ok(out)
}

fn ratio(a: i64, b: i64) -> f64 {
    if b == 0 {
        0.0
    } else {
        (a as f64 / b as f64 * 10_000.0).round() / 10_000.0
    }
}

/// A dimension's row as the reports answer it.
pub fn row(s: &Sums) -> Value {
    json!({
        "value": s.value,
        "views": s.views,
        "visitors": s.visitors,
        "sessions": s.sessions,
        "bounceRate": ratio(s.bounces, s.sessions),
        "exits": s.exits,
        "events": s.events,
        "avgTimeOnPage": ratio(s.duration, s.engaged * 1000),
    })
}

fn money(cents: i64) -> String {
    format!(
        "{}{}.{:02}",
        if cents < 0 { "-" } else { "" },
        (cents / 100).abs(),
        (cents % 100).abs()
    )
}

/// Sessions, visitors, views, bounce rate, time on page and sales of a range.
async fn totals(p: &Platform, site: SiteId, r: &Range) -> WixResult<Value> {
    let t = sums(p, site, "total", r.from(), r.to())
        .await?
        .into_iter()
        .next()
        .unwrap_or_default();
    let sales = business::sales(p, site, r.from(), r.to(), &[]).await?;
    Ok(json!({
        "visitors": t.visitors,
        "sessions": t.sessions,
        "views": t.views,
        "bounceRate": ratio(t.bounces, t.sessions),
        "viewsPerSession": ratio(t.views, t.sessions),
        "avgTimeOnPage": ratio(t.duration, t.engaged * 1000),
        "orders": sales.orders,
        "revenue": money(sales.revenue),
        "averageOrderValue": money(if sales.orders == 0 { 0 } else { sales.revenue / sales.orders }),
        "conversionRate": ratio(sales.orders, t.sessions),
        "currency": sales.currency,
    }))
}

fn label(r: &Range, at: Millis) -> String {
    use chrono::TimeZone;
    let t = r.tz.timestamp_millis_opt(at).single();
    let f = if r.days().len() <= 2 {
        "%Y-%m-%dT%H:00"
    } else {
        "%Y-%m-%d"
    };
    t.map(|t| t.format(f).to_string()).unwrap_or_default()
}

fn range_json(r: &Range) -> Value {
    json!({ "from": r.first.to_string(), "to": r.last.to_string(), "timeZone": r.tz.name() })
}

/// A report by its name (`overview`, `traffic`, `pages`, `devices`, `events`, `sales`,
/// `bookings`, `realtime`) over the call's range.
pub async fn report(p: &Platform, site: SiteId, name: &str, call: &RouteCall) -> WixResult<Value> {
    let m = p
        .module::<Analytics>()
        .ok_or_else(|| tessera_core::Error::internal("analytics is not running"))?;
    let tz = m.collector.zone(p, site).await?;
    let now = m.collector.now();
    m.collector.flush(p).await;
    crate::rollup::roll_up(p, site, tz, now).await?;
    let r = range(call, tz, now)?;
    let (from, to) = (r.from(), r.to());
    let dims = |names: &'static [&'static str]| async move {
        let mut out = serde_json::Map::new();
        for d in names {
            let mut rows = sums(p, site, d, from, to).await?;
            rows.sort_by(|a, b| {
                (b.views + b.sessions + b.events)
                    .cmp(&(a.views + a.sessions + a.events))
                    .then(a.value.cmp(&b.value))
            });
            rows.truncate(100);
            out.insert(d.to_string(), rows.iter().map(row).collect());
        }
        Ok::<_, WixError>(Value::Object(out))
    };
    let body = match name {
        "overview" => {
            let prev = r.previous();
            let series = series(p, site, &r).await?;
            json!({
                "totals": totals(p, site, &r).await?,
                "previous": totals(p, site, &prev).await?,
                "previousRange": range_json(&prev),
                "series": series.iter().map(|s| json!({
                    "at": label(&r, s.at), "visitors": s.visitors, "sessions": s.sessions, "views": s.views,
                })).collect::<Vec<_>>(),
            })
        }
        "traffic" => {
            dims(&[
                "source",
                "referrer",
                "utm_source",
                "utm_medium",
                "utm_campaign",
            ])
            .await?
        }
        "pages" => dims(&["page", "entry", "exit"]).await?,
        "devices" => dims(&["device", "browser", "os", "language"]).await?,
        "events" => dims(&["event"]).await?,
        "sales" => {
            let days = r.days();
            let starts: Vec<Millis> = days.iter().map(|d| day_start(tz, *d)).collect();
            let s = business::sales(p, site, from, to, &starts).await?;
            let t = sums(p, site, "total", from, to)
                .await?
                .into_iter()
                .next()
                .unwrap_or_default();
            json!({
                "orders": s.orders,
                "revenue": money(s.revenue),
                "averageOrderValue": money(if s.orders == 0 { 0 } else { s.revenue / s.orders }),
                "conversionRate": ratio(s.orders, t.sessions),
                "currency": s.currency,
                "abandonedCheckouts": business::abandoned(p, site).await?,
                "planSales": business::plan_sales(p, site, from, to).await?,
                "plansRevenue": money(s.plans_revenue),
                "topProducts": s.products.iter().map(|x| json!({
                    "name": x.name, "quantity": x.quantity, "revenue": money(x.revenue),
                })).collect::<Vec<_>>(),
                "days": days.iter().zip(&s.days).map(|(d, (orders, revenue))| json!({
                    "at": d.to_string(), "orders": orders, "revenue": money(*revenue),
                })).collect::<Vec<_>>(),
            })
        }
        "bookings" => {
            let s = business::sales(p, site, from, to, &[]).await?;
            let events = sums(p, site, "event", from, to).await?;
            let count = |n: &str| events.iter().find(|e| e.value == n).map_or(0, |e| e.events);
            json!({
                "bookings": business::bookings(p, site, from, to).await?,
                "bookingsRevenue": money(s.bookings_revenue),
                "currency": s.currency,
                "formSubmissions": count(crate::FORM_SUBMITTED),
                "newMembers": count(crate::MEMBER_CREATED),
            })
        }
        "realtime" => {
            let since = now - 5 * 60_000;
            let sums = p
                .store()
                .hit_sums(site, &["total", "page"], since, now + 1)
                .await?;
            let (total, pages): (Vec<_>, Vec<_>) =
                sums.into_iter().partition(|(dim, _)| dim == "total");
            let total = total.first().map(|(_, s)| s);
            json!({
                "visitors": total.map_or(0, |t| t.visitors),
                "views": total.map_or(0, |t| t.views),
                "pages": pages.iter().map(|(_, s)| row(s)).collect::<Vec<_>>(),
            })
        }
        other => {
            return Err(WixError::bad_request(format!(
                "report: no report {other:?} (overview, traffic, pages, devices, events, sales, bookings, realtime)"
            )));
        }
    };
    let mut body = body;
    body["range"] = range_json(&r);
    Ok(body)
}
