//! Rollups: the raw hits summed per UTC hour and per day of the site's time zone, for each
//! dimension, once a bucket is closed; and the raw hits pruned past the site's retention.
//!
//! A bucket is closed `LAG` after its end: by then every page view in it knows whether a
//! later one of its session follows (one comes within 30 minutes or the session is over),
//! so its exits and bounces are final, and the rollup never changes once written.

use chrono::{Days, NaiveDate, TimeZone};
use tessera_core::{
    Millis,
    analytics::{DIMENSIONS, Grain, Sums},
    ids::SiteId,
};
use tessera_platform::Platform;

pub const HOUR: Millis = 3_600_000;
const DAY: Millis = 24 * HOUR;
/// The session timeout and a minute for buffered hits to be written.
pub const LAG: Millis = crate::collect::SESSION_IDLE + 60_000;

/// Where the local day `date` starts, in `tz` (a day starting in a gap starts at its end).
pub fn day_start(tz: chrono_tz::Tz, date: NaiveDate) -> Millis {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.timestamp_millis()
        }
        chrono::LocalResult::None => tz
            .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
            .earliest()
            .map_or(0, |t| t.timestamp_millis()),
    }
}

/// The local date at `at` in `tz`.
pub fn date_of(tz: chrono_tz::Tz, at: Millis) -> NaiveDate {
    tz.timestamp_millis_opt(at)
        .single()
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

pub fn next_day(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap_or(d)
}

/// The sums of every dimension of `from..to`, from the raw hits, stamped `from`.
async fn bucket(
    p: &Platform,
    site: SiteId,
    from: Millis,
    to: Millis,
) -> tessera_core::Result<Vec<(String, Sums)>> {
    let sums = p.store().hit_sums(site, &DIMENSIONS, from, to).await?;
    Ok(sums
        .into_iter()
        .map(|(dim, s)| (dim, Sums { at: from, ..s }))
        .collect())
}

/// Rolls up the site's closed hours and days not yet rolled up, as of `now`.
pub async fn roll_up(
    p: &Platform,
    site: SiteId,
    tz: chrono_tz::Tz,
    now: Millis,
) -> tessera_core::Result<()> {
    let _one = match p.module::<crate::Analytics>() {
        Some(m) => Some(m.rolling.lock().await),
        None => None,
    };
    let store = p.store();
    // Hours.
    let mut at = match store.rolled_until(site, Grain::Hour).await? {
        Some(t) => t,
        None => match store.first_hit(site, 0).await? {
            Some(t) => t - t.rem_euclid(HOUR),
            None => return Ok(()),
        },
    };
    let mut rows = Vec::new();
    while at + HOUR + LAG <= now {
        // Skip hours without hits.
        match store.first_hit(site, at).await? {
            Some(t) if t >= at + HOUR => {
                let skip_to =
                    (t - t.rem_euclid(HOUR)).min(now - LAG - (now - LAG).rem_euclid(HOUR));
                if skip_to > at {
                    at = skip_to;
                    continue;
                }
            }
            None => {
                at = now - LAG - (now - LAG).rem_euclid(HOUR);
                break;
            }
            _ => {}
        }
        rows.extend(bucket(p, site, at, at + HOUR).await?);
        at += HOUR;
        if rows.len() >= 1_000 {
            store.put_rollups(site, Grain::Hour, &rows, at).await?;
            rows.clear();
        }
    }
    store.put_rollups(site, Grain::Hour, &rows, at).await?;
    // Days of the site's time zone.
    let mut day = match store.rolled_until(site, Grain::Day).await? {
        Some(t) => date_of(tz, t),
        None => match store.first_hit(site, 0).await? {
            Some(t) => date_of(tz, t),
            None => return Ok(()),
        },
    };
    let mut rows = Vec::new();
    let mut until = day_start(tz, day);
    loop {
        let (from, to) = (day_start(tz, day), day_start(tz, next_day(day)));
        if to + LAG > now {
            break;
        }
        match store.first_hit(site, from).await? {
            Some(t) if t < to => rows.extend(bucket(p, site, from, to).await?),
            Some(t) => {
                // Jump to the day of the next hit (or the last closed day).
                let next = date_of(tz, t.min(now - LAG - DAY));
                day = if next > day { next } else { next_day(day) };
                until = day_start(tz, day);
                continue;
            }
            None => {}
        }
        day = next_day(day);
        until = to;
        if rows.len() >= 1_000 {
            store.put_rollups(site, Grain::Day, &rows, until).await?;
            rows.clear();
        }
    }
    store.put_rollups(site, Grain::Day, &rows, until).await
}

/// Rolls up every site with recent hits and prunes hits past each site's retention.
pub async fn run(p: &Platform, now: Millis, prune: bool) -> tessera_core::Result<()> {
    let Some(m) = p.module::<crate::Analytics>() else {
        return Ok(());
    };
    let since = if prune { 0 } else { now - 2 * DAY };
    for site in p.store().sites_with_hits(since).await? {
        let tz = m.collector.zone(p, site).await?;
        roll_up(p, site, tz, now).await?;
        if prune {
            let days = p.store().analytics_settings(site).await?.retention_days;
            p.store().prune_hits(site, now - days * DAY).await?;
        }
    }
    Ok(())
}
