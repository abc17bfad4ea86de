//! Time in the business's zone: weekly hours turned into instants over a range (correct
//! across daylight-saving changes), time taken out of them, and class sessions expanded
//! from their recurrence rules.

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, NaiveTime, TimeZone, Timelike, Weekday};
use chrono_tz::Tz;
use serde_json::Value;
use tessera_core::Millis;
use tessera_platform::{WixError, WixResult};

pub const DAYS: [&str; 7] = [
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
];

/// Hours on one weekday, local: `start..end` (an end of 00:00 is midnight, the day's end).
#[derive(Clone, Debug, PartialEq)]
pub struct DayHours {
    pub day: Weekday,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Reads `[{day, startTime, endTime}]` sent as `field`.
pub fn parse_hours(v: &Value, field: &str) -> WixResult<Vec<DayHours>> {
    let Some(list) = v.as_array() else {
        return Err(WixError::bad_request(format!("{field}: must be an array")));
    };
    if list.len() > 70 {
        return Err(WixError::bad_request(format!(
            "{field}: at most 70 entries"
        )));
    }
    list.iter()
        .enumerate()
        .map(|(i, h)| {
            let at = format!("{field}[{i}]");
            let day = h["day"]
                .as_str()
                .and_then(|d| DAYS.iter().position(|x| *x == d))
                .and_then(|n| Weekday::try_from(n as u8).ok())
                .ok_or_else(|| {
                    WixError::bad_request(format!("{at}.day: one of {}", DAYS.join(", ")))
                })?;
            let time = |k: &str| {
                h[k].as_str()
                    .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
                    .ok_or_else(|| WixError::bad_request(format!("{at}.{k}: a time as HH:MM")))
            };
            let (start, end) = (time("startTime")?, time("endTime")?);
            if end != NaiveTime::MIN && end <= start {
                return Err(WixError::bad_request(format!(
                    "{at}.endTime: after its startTime"
                )));
            }
            Ok(DayHours { day, start, end })
        })
        .collect()
}

pub fn hours_json(hours: &[DayHours]) -> Value {
    Value::Array(
        hours
            .iter()
            .map(|h| {
                serde_json::json!({
                    "day": DAYS[h.day.num_days_from_monday() as usize],
                    "startTime": h.start.format("%H:%M").to_string(),
                    "endTime": h.end.format("%H:%M").to_string(),
                })
            })
            .collect(),
    )
}

/// A time zone by its IANA name.
pub fn zone(name: &str, field: &str) -> WixResult<Tz> {
    name.parse::<Tz>().map_err(|_| {
        WixError::bad_request(format!(
            "{field}: an IANA time zone such as Europe/London (not {name:?})"
        ))
    })
}

/// The instant of a local time: in a gap (clocks go forward) the time the gap ends at, in
/// an overlap (clocks go back) the first of the two.
pub fn instant(tz: Tz, local: NaiveDateTime) -> Millis {
    let mut t = local;
    for _ in 0..4 {
        if let Some(at) = tz.from_local_datetime(&t).earliest() {
            return at.timestamp_millis();
        }
        t += Duration::minutes(30);
    }
    tz.from_utc_datetime(&local).timestamp_millis()
}

pub fn local(tz: Tz, at: Millis) -> NaiveDateTime {
    DateTime::from_timestamp_millis(at)
        .unwrap_or_default()
        .with_timezone(&tz)
        .naive_local()
}

/// The intervals of `hours` that overlap `from..to` (whole), as instants, in order.
pub fn open_intervals(
    hours: &[DayHours],
    tz: Tz,
    from: Millis,
    to: Millis,
) -> Vec<(Millis, Millis)> {
    let first = local(tz, from).date() - Duration::days(1);
    let last = local(tz, to).date() + Duration::days(1);
    let mut out = Vec::new();
    let mut day = first;
    while day <= last {
        for h in hours.iter().filter(|h| h.day == day.weekday()) {
            let start = instant(tz, day.and_time(h.start));
            let end = if h.end == NaiveTime::MIN {
                instant(tz, (day + Duration::days(1)).and_time(NaiveTime::MIN))
            } else {
                instant(tz, day.and_time(h.end))
            };
            // Whole intervals: slots are laid from an interval's real start, whatever the
            // range asked.
            if start < to && end > from {
                out.push((start, end));
            }
        }
        day += Duration::days(1);
    }
    out.sort_unstable();
    out
}

/// `open` without the `taken` intervals (both in order or not).
pub fn subtract(open: &[(Millis, Millis)], taken: &[(Millis, Millis)]) -> Vec<(Millis, Millis)> {
    let mut out = Vec::new();
    for &(s, e) in open {
        let mut pieces = vec![(s, e)];
        for &(ts, te) in taken.iter().filter(|(ts, te)| *ts < e && *te > s) {
            pieces = pieces
                .into_iter()
                .flat_map(|(ps, pe)| {
                    let mut left = Vec::new();
                    if ts > ps {
                        left.push((ps, ts.min(pe)));
                    }
                    if te < pe {
                        left.push((te.max(ps), pe));
                    }
                    left.into_iter().filter(|(a, b)| a < b)
                })
                .collect();
        }
        out.extend(pieces);
    }
    out
}

/// A local date-time sent as `field` (`2026-12-08T18:00:00`, seconds optional).
pub fn parse_local(v: &Value, field: &str) -> WixResult<NaiveDateTime> {
    v.as_str()
        .and_then(|s| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
                .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
                .ok()
        })
        .ok_or_else(|| {
            WixError::bad_request(format!(
                "{field}: a local date and time as YYYY-MM-DDThh:mm:ss"
            ))
        })
}

/// `2026-12-08T18:00:00`, written digit by digit: availability writes hundreds at once, and
/// chrono's `format` reads its pattern for each.
pub fn local_text(t: NaiveDateTime) -> String {
    let year = t.year();
    if !(0..=9999).contains(&year) {
        return t.format("%Y-%m-%dT%H:%M:%S").to_string();
    }
    let mut out = String::with_capacity(19);
    let year = year.unsigned_abs();
    for (n, after) in [
        (year / 100, ""),
        (year % 100, "-"),
        (t.month(), "-"),
        (t.day(), "T"),
        (t.hour(), ":"),
        (t.minute(), ":"),
        (t.second(), ""),
    ] {
        out.push(char::from(b'0' + (n / 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
        out.push_str(after);
    }
    out
}

/// A class or course session rule: a first start and a length, repeated weekly on chosen
/// days until a date (or once).
#[derive(Clone, Debug, PartialEq)]
pub struct SessionRule {
    pub id: String,
    pub start: NaiveDateTime,
    pub minutes: i64,
    pub staff_member_id: Option<String>,
    /// `RRULE:…` text (RFC 5545), or None for one session.
    pub rule: Option<String>,
}

/// At most this many sessions are expanded per rule and range.
const MAX_SESSIONS: u16 = 1000;

impl SessionRule {
    /// Reads `schedule.sessions[i]` (`{id, start, durationInMinutes, staffMemberId,
    /// recurrenceRule: {frequency: "WEEKLY", interval, days, until}}`).
    pub fn parse(v: &Value, at: &str) -> WixResult<Self> {
        let start = parse_local(&v["start"], &format!("{at}.start"))?;
        let minutes = v["durationInMinutes"]
            .as_i64()
            .filter(|m| (5..=24 * 60).contains(m))
            .ok_or_else(|| {
                WixError::bad_request(format!("{at}.durationInMinutes: from 5 to 1440"))
            })?;
        let rule = match &v["recurrenceRule"] {
            Value::Null => None,
            r => {
                if r["frequency"] != "WEEKLY" {
                    return Err(WixError::bad_request(format!(
                        "{at}.recurrenceRule.frequency: WEEKLY"
                    )));
                }
                let interval = match &r["interval"] {
                    Value::Null => 1,
                    i => i.as_u64().filter(|i| (1..=52).contains(i)).ok_or_else(|| {
                        WixError::bad_request(format!("{at}.recurrenceRule.interval: from 1 to 52"))
                    })?,
                };
                let days: Vec<&str> = r["days"]
                    .as_array()
                    .map(|d| d.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if days.is_empty() || days.iter().any(|d| !DAYS.contains(d)) {
                    return Err(WixError::bad_request(format!(
                        "{at}.recurrenceRule.days: one or more of {}",
                        DAYS.join(", ")
                    )));
                }
                let until = parse_local(&r["until"], &format!("{at}.recurrenceRule.until"))?;
                if until <= start {
                    return Err(WixError::bad_request(format!(
                        "{at}.recurrenceRule.until: after the start"
                    )));
                }
                let byday: Vec<&str> = days.iter().map(|d| &d[..2]).collect();
                Some(format!(
                    "RRULE:FREQ=WEEKLY;INTERVAL={interval};BYDAY={};UNTIL={}",
                    byday.join(","),
                    until.format("%Y%m%dT%H%M%S")
                ))
            }
        };
        Ok(SessionRule {
            id: v["id"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string()[..8].to_string()),
            start,
            minutes,
            staff_member_id: v["staffMemberId"].as_str().map(str::to_string),
            rule,
        })
    }

    /// The sessions' starts (instants) from `from` to `to`, in the zone `tz`.
    pub fn starts(&self, tz: Tz, from: Millis, to: Millis) -> Vec<Millis> {
        let first = instant(tz, self.start);
        let Some(rule) = &self.rule else {
            return if first + self.minutes * 60_000 > from && first < to {
                vec![first]
            } else {
                Vec::new()
            };
        };
        let text = format!(
            "DTSTART;TZID={}:{}\n{}",
            tz.name(),
            self.start.format("%Y%m%dT%H%M%S"),
            rule.replace(
                &format!(
                    "UNTIL={}",
                    &rule[rule.find("UNTIL=").map_or(0, |i| i + 6)..]
                ),
                &format!("UNTIL={}", self.until_utc(tz, rule)),
            )
        );
        let Ok(set) = text.parse::<rrule::RRuleSet>() else {
            return Vec::new();
        };
        let tz = rrule::Tz::Tz(tz);
        let after = DateTime::from_timestamp_millis(from - self.minutes * 60_000)
            .unwrap_or_default()
            .with_timezone(&tz);
        let before = DateTime::from_timestamp_millis(to)
            .unwrap_or_default()
            .with_timezone(&tz);
        set.after(after)
            .before(before)
            .all(MAX_SESSIONS)
            .dates
            .into_iter()
            .map(|d| d.timestamp_millis())
            .filter(|s| s + self.minutes * 60_000 > from && *s < to)
            .collect()
    }

    /// The rule's UNTIL (local) as UTC text, as RFC 5545 wants with a zoned start.
    fn until_utc(&self, tz: Tz, rule: &str) -> String {
        let local = rule
            .find("UNTIL=")
            .and_then(|i| NaiveDateTime::parse_from_str(&rule[i + 6..], "%Y%m%dT%H%M%S").ok())
            .unwrap_or(self.start);
        DateTime::from_timestamp_millis(instant(tz, local))
            .unwrap_or_default()
            .format("%Y%m%dT%H%M%SZ")
            .to_string()
    }

    pub fn json(&self) -> Value {
        let rule = self.rule.as_ref().map(|r| {
            let part = |k: &str| {
                r.split(';')
                    .find_map(|p| p.strip_prefix(k))
                    .unwrap_or_default()
                    .to_string()
            };
            let days: Vec<&str> = part("BYDAY=")
                .split(',')
                .filter_map(|d| DAYS.iter().find(|x| x.starts_with(d)).copied())
                .collect();
            let until = NaiveDateTime::parse_from_str(&part("UNTIL="), "%Y%m%dT%H%M%S")
                .map(local_text)
                .unwrap_or_default();
            serde_json::json!({
                "frequency": "WEEKLY",
                "interval": part("INTERVAL=").parse::<u64>().unwrap_or(1),
                "days": days,
                "until": until,
            })
        });
        serde_json::json!({
            "id": self.id,
            "start": local_text(self.start),
            "durationInMinutes": self.minutes,
            "staffMemberId": self.staff_member_id,
            "recurrenceRule": rule,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(tz: Tz, s: &str) -> Millis {
        instant(
            tz,
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap(),
        )
    }

    #[test]
    fn hours_follow_the_clock_across_dst() {
        let tz: Tz = "Europe/London".parse().unwrap();
        let hours = parse_hours(
            &serde_json::json!([{"day": "SUNDAY", "startTime": "09:00", "endTime": "12:00"}]),
            "h",
        )
        .unwrap();
        // 2026-03-29 is the day London's clocks go forward: 09:00 BST is 08:00 UTC.
        let from = at(tz, "2026-03-22T00:00");
        let to = at(tz, "2026-04-05T00:00");
        let open = open_intervals(&hours, tz, from, to);
        let utc: Vec<String> = open
            .iter()
            .map(|(s, _)| {
                DateTime::from_timestamp_millis(*s)
                    .unwrap()
                    .format("%m-%d %H:%M")
                    .to_string()
            })
            .collect();
        assert_eq!(utc, ["03-22 09:00", "03-29 08:00"]);
        assert!(open.iter().all(|(s, e)| e - s == 3 * 3_600_000));
    }

    #[test]
    fn a_gap_starts_when_it_ends() {
        let tz: Tz = "Europe/London".parse().unwrap();
        // 01:30 does not exist on 2026-03-29; the day's clocks jump to 02:00 BST (01:00 UTC).
        assert_eq!(at(tz, "2026-03-29T01:30"), at(tz, "2026-03-29T02:00"));
    }

    #[test]
    fn local_text_is_chronos_format() {
        for text in [
            "2026-03-09T07:05:00",
            "0999-12-31T23:59:59",
            "2027-11-01T00:00:00",
        ] {
            let t = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").unwrap();
            assert_eq!(local_text(t), text);
        }
    }

    #[test]
    fn subtracting_time_off() {
        assert_eq!(
            subtract(&[(0, 100), (200, 300)], &[(50, 60), (250, 400)]),
            [(0, 50), (60, 100), (200, 250)]
        );
    }

    #[test]
    fn weekly_sessions_keep_their_local_time() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let rule = SessionRule::parse(
            &serde_json::json!({"start": "2026-10-26T18:00:00", "durationInMinutes": 60,
                "recurrenceRule": {"frequency": "WEEKLY", "days": ["MONDAY"], "until": "2026-11-17T00:00:00"}}),
            "s",
        )
        .unwrap();
        let starts = rule.starts(tz, at(tz, "2026-10-01T00:00"), at(tz, "2027-01-01T00:00"));
        let local: Vec<String> = starts
            .iter()
            .map(|s| local(tz, *s).format("%m-%d %H:%M").to_string())
            .collect();
        // New York leaves daylight time on 2026-11-01: still 18:00 local every Monday.
        assert_eq!(
            local,
            ["10-26 18:00", "11-02 18:00", "11-09 18:00", "11-16 18:00"]
        );
        assert_eq!(
            rule.json()["recurrenceRule"]["days"],
            serde_json::json!(["MONDAY"])
        );
    }
}
