//! Collection: the beacon's hits checked, counted or dropped by the privacy and bot rules,
//! given a visitor (a hash with the day's salt) and a session, and buffered for one batch
//! insert per second (or per `FLUSH_AT` hits) by the node's writer task, never in the
//! request: a bounded buffer refuses hits (429) while the writer is behind.
//!
//! The rules, in order: a request with `DNT: 1` or `Sec-GPC: 1` is not counted; a user agent
//! woothee does not know as a browser (crawlers, scripts, empty) is not counted; a visitor
//! sending more than `BURST` hits within a minute is taken for a bot and its session's hits
//! are dropped from then on. A session ends after 30 minutes without a hit, and at the end of
//! the site's day (the visitor's hash changes with the salt).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, RwLock},
};

use chrono::TimeZone;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tessera_core::{Millis, analytics::Hit, ids::SiteId, sites::Site};
use tessera_platform::{Platform, WixError, WixResult};

/// What the collector's clock reads: injectable, so tests can cross midnight.
pub type Clock = Arc<dyn Fn() -> Millis + Send + Sync>;

pub const SESSION_IDLE: Millis = 30 * 60 * 1000;
/// Hits in one minute past which a visitor is taken for a bot.
pub const BURST: u32 = 120;
/// Buffered hits that wake the writer at once, without waiting for the second.
const FLUSH_AT: usize = 5_000;
/// Most hits a node holds unwritten (some 30 MB): past it, hits are refused until the writer
/// catches up, so a database that stalls cannot grow the node's memory without end.
pub const MAX_BUFFERED: usize = 50_000;
/// How long a hit waits for room in a full buffer before it is refused (429): a burst is
/// slowed to the writer's pace, rather than answered at once by refusals that cost the node
/// as much as hits and leave the writer less of it.
const ROOM_WAIT: std::time::Duration = std::time::Duration::from_secs(1);
/// How long a site's settings (its time zone) are taken as read.
const SETTINGS_FOR: Millis = 60_000;

/// Who sent a hit, from the request.
#[derive(Clone, Debug, Default)]
pub struct Visit {
    pub address: String,
    pub user_agent: String,
    /// `DNT: 1` or `Sec-GPC: 1`.
    pub opted_out: bool,
    pub accept_language: String,
    /// The site's host as the visitor reached it: a referrer on it is no referrer.
    pub host: String,
}

impl Visit {
    pub fn from_headers(address: &str, header: impl Fn(&str) -> Option<String>) -> Self {
        let on = |name: &str| header(name).is_some_and(|v| v.trim() == "1");
        Self {
            address: address.to_string(),
            user_agent: header("user-agent").unwrap_or_default(),
            opted_out: on("dnt") || on("sec-gpc"),
            accept_language: header("accept-language").unwrap_or_default(),
            host: header("host").unwrap_or_default(),
        }
    }
}

/// A hit as the beacon sends it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Beacon {
    pub kind: &'static str,
    pub path: String,
    pub referrer: String,
    pub utm_source: String,
    pub utm_medium: String,
    pub utm_campaign: String,
    pub language: String,
    pub name: String,
    pub props: String,
    pub duration: i64,
}

fn bad(field: &str, message: &str) -> WixError {
    WixError::bad_request(format!("{field}: {message}"))
}

/// A text field of at most `max` characters ("" when absent).
fn text(body: &Value, field: &str, max: usize) -> WixResult<String> {
    match &body[field] {
        Value::Null => Ok(String::new()),
        Value::String(s) if s.chars().count() <= max => Ok(s.clone()),
        Value::String(_) => Err(bad(field, &format!("at most {max} characters"))),
        _ => Err(bad(field, "must be text")),
    }
}

/// The beacon's JSON: `{type: "pageview"|"event"|"engage", path, referrer?, utm_source?,
/// utm_medium?, utm_campaign?, language?, name? (events), props? (events, an object),
/// duration? (engage, milliseconds)}`.
pub fn beacon(body: &Value) -> WixResult<Beacon> {
    if !body.is_object() {
        return Err(bad("body", "must be a JSON object"));
    }
    let kind = match body["type"].as_str() {
        Some("pageview") => "pageview",
        Some("event") => "event",
        Some("engage") => "engage",
        _ => return Err(bad("type", "must be pageview, event or engage")),
    };
    let mut path = text(body, "path", 512)?;
    if !path.starts_with('/') {
        return Err(bad("path", "must start with /"));
    }
    if let Some(q) = path.find(['?', '#']) {
        path.truncate(q);
    }
    let name = text(body, "name", 100)?;
    if kind == "event" && name.trim().is_empty() {
        return Err(bad("name", "an event needs a name"));
    }
    let props = match &body["props"] {
        Value::Null => "{}".to_string(),
        v @ Value::Object(_) if v.to_string().len() <= 2048 => v.to_string(),
        Value::Object(_) => return Err(bad("props", "at most 2048 bytes of JSON")),
        _ => return Err(bad("props", "must be an object")),
    };
    let duration = match &body["duration"] {
        Value::Null if kind != "engage" => 0,
        v => v
            .as_i64()
            .filter(|d| *d >= 0)
            // A page left open for hours says little: its time counts up to a session's idle.
            .map(|d| d.min(SESSION_IDLE))
            .ok_or_else(|| bad("duration", "milliseconds, a whole number from 0"))?,
    };
    Ok(Beacon {
        kind,
        path,
        referrer: text(body, "referrer", 1024)?,
        utm_source: text(body, "utm_source", 100)?,
        utm_medium: text(body, "utm_medium", 100)?,
        utm_campaign: text(body, "utm_campaign", 100)?,
        language: text(body, "language", 35)?,
        name,
        props,
        duration,
    })
}

/// The device, browser and OS of a browser's user agent; None for crawlers and what woothee
/// does not know as a browser.
pub fn agent(ua: &str) -> Option<(&'static str, String, String)> {
    let r = woothee::parser::Parser::new().parse(ua)?;
    let device = match r.category {
        "pc" => "desktop",
        "smartphone" | "mobilephone" if r.os == "iPad" => "tablet",
        "smartphone" | "mobilephone" => "mobile",
        "appliance" => "other",
        _ => return None,
    };
    if r.name == woothee::woothee::VALUE_UNKNOWN {
        return None;
    }
    Some((device, r.name.to_string(), r.os.to_string()))
}

/// `search`, `social`, `direct` (none, or the site itself) or `other`, with the referring
/// host ("" for direct).
pub fn source(referrer: &str, site_host: &str) -> (&'static str, String) {
    let rest = referrer.split_once("://").map_or("", |(_, r)| r);
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bare = |h: &str| h.split(':').next().unwrap_or_default().to_string();
    if host.is_empty() || bare(&host) == bare(&site_host.to_ascii_lowercase()) {
        return ("direct", String::new());
    }
    let host = bare(&host);
    let name = host.strip_prefix("www.").unwrap_or(&host);
    let labels: Vec<&str> = name.split('.').collect();
    let has = |w: &str| labels.contains(&w);
    let category = if [
        "google",
        "bing",
        "duckduckgo",
        "yahoo",
        "baidu",
        "yandex",
        "ecosia",
        "qwant",
        "startpage",
        "brave",
    ]
    .iter()
    .any(|w| has(w))
    {
        "search"
    } else if [
        "facebook",
        "instagram",
        "twitter",
        "linkedin",
        "reddit",
        "pinterest",
        "youtube",
        "tiktok",
        "threads",
        "mastodon",
    ]
    .iter()
    .any(|w| has(w))
        || ["t.co", "x.com", "lnkd.in", "fb.me"].contains(&name)
    {
        "social"
    } else {
        "other"
    };
    (category, host)
}

/// The primary language subtag (`en` of `en-GB`), lower case; "" when not one.
pub fn language(tag: &str) -> String {
    let first = tag.split([',', ';']).next().unwrap_or_default().trim();
    let primary = first.split(['-', '_']).next().unwrap_or_default();
    if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()) {
        primary.to_ascii_lowercase()
    } else {
        String::new()
    }
}

/// The site's day at `now` in `tz` (YYYY-MM-DD).
pub fn day_of(tz: chrono_tz::Tz, now: Millis) -> String {
    tz.timestamp_millis_opt(now)
        .single()
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

pub fn zone(name: &str) -> Option<chrono_tz::Tz> {
    name.parse().ok()
}

fn hex(bytes: &[u8], chars: usize) -> String {
    bytes
        .iter()
        .flat_map(|b| [b >> 4, b & 15])
        .take(chars)
        .map(|n| char::from_digit(u32::from(n), 16).unwrap_or('0'))
        .collect()
}

fn busy() -> tessera_core::Error {
    tessera_core::Error::RateLimited {
        retry_after_secs: 1,
    }
}

struct Session {
    id: String,
    last: Millis,
    views: u32,
    minute: Millis,
    in_minute: u32,
    bot: bool,
}

/// A node's collector: its buffer, the sessions it has seen in the last 30 minutes, and the
/// day's salts and sites' time zones it has read.
pub struct Collector {
    clock: RwLock<Clock>,
    buffer: Mutex<Vec<Hit>>,
    /// Wakes the writer when `FLUSH_AT` hits wait.
    pub(crate) full: tokio::sync::Notify,
    /// Wakes the hits waiting for room when the writer takes the buffer.
    drained: tokio::sync::Notify,
    /// One batch at a time per node, in order (writer, reports and shutdown all flush).
    writing: tokio::sync::Mutex<()>,
    sessions: Mutex<HashMap<(SiteId, String), Session>>,
    salts: Mutex<HashMap<SiteId, (String, String)>>,
    zones: Mutex<HashMap<SiteId, (Millis, chrono_tz::Tz)>>,
}

impl Default for Collector {
    fn default() -> Self {
        Self {
            clock: RwLock::new(Arc::new(tessera_core::now_millis)),
            buffer: Mutex::default(),
            full: tokio::sync::Notify::new(),
            drained: tokio::sync::Notify::new(),
            writing: tokio::sync::Mutex::new(()),
            sessions: Mutex::default(),
            salts: Mutex::default(),
            zones: Mutex::default(),
        }
    }
}

impl Collector {
    pub fn now(&self) -> Millis {
        let clock = self.clock.read().unwrap_or_else(|e| e.into_inner());
        clock()
    }

    pub fn set_clock(&self, clock: Clock) {
        *self.clock.write().unwrap_or_else(|e| e.into_inner()) = clock;
    }

    /// The site's time zone (UTC when unset or unknown), read at most once a minute.
    pub async fn zone(&self, p: &Platform, site: SiteId) -> tessera_core::Result<chrono_tz::Tz> {
        let now = self.now();
        if let Some((at, tz)) = self
            .zones
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&site)
            && now - at < SETTINGS_FOR
        {
            return Ok(*tz);
        }
        let set = p.store().analytics_settings(site).await?;
        let tz = zone(&set.time_zone).unwrap_or(chrono_tz::UTC);
        self.zones
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(site, (now, tz));
        Ok(tz)
    }

    /// Forgets the site's time zone: its settings changed.
    pub fn forget(&self, site: SiteId) {
        self.zones
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&site);
    }

    async fn salt(&self, p: &Platform, site: SiteId, day: &str) -> tessera_core::Result<String> {
        if let Some((d, salt)) = self
            .salts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&site)
            && d == day
        {
            return Ok(salt.clone());
        }
        let fresh = hex(&rand::random::<[u8; 32]>(), 64);
        let salt = p.store().day_salt(site, day, &fresh).await?;
        self.salts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(site, (day.to_string(), salt.clone()));
        Ok(salt)
    }

    /// Counts `b` from `visit` when the rules allow (see the module's comment): whether it
    /// was counted.
    pub async fn collect(
        &self,
        p: &Platform,
        site: &Site,
        visit: &Visit,
        b: Beacon,
    ) -> tessera_core::Result<bool> {
        if visit.opted_out {
            return Ok(false);
        }
        // Refused before the session sees it, so a refused page view leaves no trace.
        self.room().await?;
        let Some((device, browser, os)) = agent(&visit.user_agent) else {
            return Ok(false);
        };
        let tz = self.zone(p, site.id).await?;
        let now = self.now();
        let day = day_of(tz, now);
        let salt = self.salt(p, site.id, &day).await?;
        let visitor = {
            let mut h = Sha256::new();
            for part in [
                &salt,
                &site.id.to_string(),
                &visit.address,
                &visit.user_agent,
            ] {
                h.update(part.as_bytes());
                h.update([0]);
            }
            hex(&h.finalize(), 32)
        };
        let (session, entry) = {
            let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
            let s = sessions
                .entry((site.id, visitor.clone()))
                .or_insert_with(|| Session {
                    id: String::new(),
                    last: Millis::MIN,
                    views: 0,
                    minute: now,
                    in_minute: 0,
                    bot: false,
                });
            if now.saturating_sub(s.last) > SESSION_IDLE {
                let mut h = Sha256::new();
                h.update(visitor.as_bytes());
                h.update(now.to_be_bytes());
                s.id = hex(&h.finalize(), 32);
                s.views = 0;
            }
            s.last = now;
            if now - s.minute >= 60_000 {
                s.minute = now;
                s.in_minute = 0;
            }
            s.in_minute += 1;
            if s.in_minute > BURST {
                s.bot = true;
            }
            if s.bot {
                return Ok(false);
            }
            // A page's time without a page view of the session (a tab left open past the
            // session's end) is nobody's.
            if b.kind == "engage" && s.views == 0 {
                return Ok(false);
            }
            let entry = b.kind == "pageview" && s.views == 0;
            if b.kind == "pageview" {
                s.views += 1;
            }
            (s.id.clone(), entry)
        };
        let (source, referrer) = if entry {
            source(&b.referrer, &visit.host)
        } else {
            // Only a session's entry says where it came from.
            ("direct", String::new())
        };
        let language = match language(&b.language) {
            l if l.is_empty() => language(&visit.accept_language),
            l => l,
        };
        let hit = Hit {
            site_id: site.id,
            at: now,
            visitor,
            session,
            kind: b.kind.to_string(),
            entry,
            path: b.path,
            referrer,
            source: source.to_string(),
            utm_source: b.utm_source,
            utm_medium: b.utm_medium,
            utm_campaign: b.utm_campaign,
            device: device.to_string(),
            browser,
            os,
            language,
            name: b.name,
            props: b.props,
            duration: b.duration,
        };
        // Past the check above: hits being collected at once may overshoot the bound a little.
        self.enqueue(hit);
        Ok(true)
    }

    /// Buffers a hit for the writer, or refuses it while `MAX_BUFFERED` wait.
    pub fn push(&self, hit: Hit) -> tessera_core::Result<()> {
        if self.buffered() >= MAX_BUFFERED {
            return Err(busy());
        }
        self.enqueue(hit);
        Ok(())
    }

    /// Waits until the buffer has room, at most `ROOM_WAIT`; else refused (429).
    async fn room(&self) -> tessera_core::Result<()> {
        let until = tokio::time::Instant::now() + ROOM_WAIT;
        loop {
            // Made before the check: a drain between the two still wakes it.
            let drained = self.drained.notified();
            if self.buffered() < MAX_BUFFERED {
                return Ok(());
            }
            if tokio::time::timeout_at(until, drained).await.is_err() {
                return Err(busy());
            }
        }
    }

    /// Buffers a hit; a full batch wakes the writer.
    fn enqueue(&self, hit: Hit) {
        let mut buffer = self.buffer.lock().unwrap_or_else(|e| e.into_inner());
        buffer.push(hit);
        if buffer.len() == FLUSH_AT {
            self.full.notify_one();
        }
    }

    /// The buffered hits, for the writer; hits waiting for room go on.
    fn take(&self) -> Vec<Hit> {
        let hits = std::mem::take(&mut *self.buffer.lock().unwrap_or_else(|e| e.into_inner()));
        self.drained.notify_waiters();
        hits
    }

    /// Hits buffered and not yet being written.
    pub fn buffered(&self) -> usize {
        self.buffer.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Writes the buffered hits in one batch and forgets sessions idle past 30 minutes; a
    /// failed batch is logged and dropped (counting must not hold the site up). What the
    /// writer does every second; reports call it to read this node's latest hits, tests to
    /// step it, and the server before it stops.
    pub async fn flush(&self, p: &Platform) {
        let _one = self.writing.lock().await;
        let hits = self.take();
        if !hits.is_empty()
            && let Err(e) = p.store().insert_hits(&hits).await
        {
            tracing::error!(error = %e, hits = hits.len(), "writing analytics hits");
        }
        let now = self.now();
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, s| now.saturating_sub(s.last) <= SESSION_IDLE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    const GOOGLEBOT: &str =
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    #[test]
    fn agents() {
        assert_eq!(agent(CHROME).map(|a| a.0), Some("desktop"));
        assert_eq!(agent(IPHONE).map(|a| a.0), Some("mobile"));
        assert_eq!(agent(GOOGLEBOT), None);
        assert_eq!(agent("curl/8.0"), None);
        assert_eq!(agent(""), None);
    }

    #[test]
    fn sources() {
        assert_eq!(source("", "a.test").0, "direct");
        assert_eq!(source("https://a.test:8080/x", "a.test:8080").0, "direct");
        assert_eq!(
            source("https://www.google.co.uk/search?q=x", "a.test"),
            ("search", "www.google.co.uk".into())
        );
        assert_eq!(source("https://t.co/abc", "a.test").0, "social");
        assert_eq!(source("https://m.facebook.com/", "a.test").0, "social");
        assert_eq!(
            source("https://blog.example.org/post", "a.test"),
            ("other", "blog.example.org".into())
        );
    }

    #[test]
    fn a_full_buffer_refuses_hits_until_written() {
        let c = Collector::default();
        let hit = || Hit {
            kind: "event".into(),
            ..Default::default()
        };
        for _ in 0..MAX_BUFFERED {
            c.push(hit()).unwrap();
        }
        let e = c.push(hit()).unwrap_err();
        assert_eq!(e.code().http_status(), 429);
        assert_eq!(c.buffered(), MAX_BUFFERED);
        c.buffer.lock().unwrap().clear();
        c.push(hit()).unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn a_hit_waits_for_room_in_a_full_buffer_then_is_refused() {
        let c = Arc::new(Collector::default());
        let fill = |c: &Collector| {
            while c.buffered() < MAX_BUFFERED {
                c.push(Hit::default()).unwrap();
            }
        };
        fill(&c);
        let waiting = tokio::spawn({
            let c = c.clone();
            async move { c.room().await }
        });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        // The writer takes the buffer: the waiting hit goes on.
        assert_eq!(c.take().len(), MAX_BUFFERED);
        waiting.await.unwrap().unwrap();
        // Nobody writes: refused once the wait is over, not before.
        fill(&c);
        let started = tokio::time::Instant::now();
        let e = c.room().await.unwrap_err();
        assert_eq!(e.code().http_status(), 429);
        assert_eq!(started.elapsed(), ROOM_WAIT);
    }

    #[test]
    fn beacons() {
        let b = beacon(&serde_json::json!({"type": "pageview", "path": "/shop?x=1"})).unwrap();
        assert_eq!(b.path, "/shop");
        let e = |v: Value| beacon(&v).unwrap_err().description().to_string();
        assert!(e(serde_json::json!({"type": "view", "path": "/"})).starts_with("type:"));
        assert!(e(serde_json::json!({"type": "pageview", "path": "x"})).starts_with("path:"));
        assert!(e(serde_json::json!({"type": "event", "path": "/"})).starts_with("name:"));
        assert!(
            e(serde_json::json!({"type": "engage", "path": "/", "duration": -1}))
                .starts_with("duration:")
        );
        assert!(
            e(serde_json::json!({"type": "event", "path": "/", "name": "x", "props": [1]}))
                .starts_with("props:")
        );
        assert_eq!(language("en-GB,en;q=0.9"), "en");
        assert_eq!(language("*"), "");
    }
}
