//! Site analytics' storage: raw hits, their hourly and daily rollups, the day's salt and the
//! site's analytics settings, and its latest SEO report (`AnalyticsStore`).

use async_trait::async_trait;

use crate::{Millis, Result, ids::SiteId};

/// One thing a visitor did, as stored: a page view, a custom event, or the time a page was
/// visible (`engage`, `duration` in milliseconds).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hit {
    pub site_id: SiteId,
    pub at: Millis,
    /// Hash of the day's salt, address and user agent.
    pub visitor: String,
    pub session: String,
    /// `pageview`, `event` or `engage`.
    pub kind: String,
    /// The first page view of its session.
    pub entry: bool,
    pub path: String,
    /// The referring site's host ("" for none or the site itself).
    pub referrer: String,
    /// `direct`, `search`, `social` or `other`.
    pub source: String,
    pub utm_source: String,
    pub utm_medium: String,
    pub utm_campaign: String,
    /// `desktop`, `mobile` or `other`.
    pub device: String,
    pub browser: String,
    pub os: String,
    pub language: String,
    /// A custom event's name ("" for others).
    pub name: String,
    /// A custom event's properties as JSON text ("{}" for others).
    pub props: String,
    pub duration: i64,
}

/// The dimensions hits are summed by, beside `total`: each a column of the hits, `entry`
/// and `exit` the path of a session's first and last page view, `event` a custom event's
/// name.
pub const DIMENSIONS: [&str; 14] = [
    "total",
    "page",
    "entry",
    "exit",
    "source",
    "referrer",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "device",
    "browser",
    "os",
    "language",
    "event",
];

/// Hits summed over a time and one value of a dimension.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    /// The bucket's start (rollups) or the range's start.
    pub at: Millis,
    pub value: String,
    pub views: i64,
    /// Distinct visitors of the bucket; summed over buckets (days), a visitor counts once a
    /// day, since the salt changes daily.
    pub visitors: i64,
    pub sessions: i64,
    /// Sessions of one page view.
    pub bounces: i64,
    /// Page views that were their session's last.
    pub exits: i64,
    pub events: i64,
    /// `engage` hits and their time.
    pub engaged: i64,
    pub duration: i64,
}

impl Sums {
    pub fn add(&mut self, o: &Sums) {
        self.views += o.views;
        self.visitors += o.visitors;
        self.sessions += o.sessions;
        self.bounces += o.bounces;
        self.exits += o.exits;
        self.events += o.events;
        self.engaged += o.engaged;
        self.duration += o.duration;
    }
}

/// `hour` (UTC hours) or `day` (days of the site's time zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grain {
    Hour,
    Day,
}

impl Grain {
    pub fn as_str(self) -> &'static str {
        match self {
            Grain::Hour => "hour",
            Grain::Day => "day",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyticsSettings {
    /// An IANA time zone name: where the site's days begin.
    pub time_zone: String,
    pub retention_days: i64,
}

impl Default for AnalyticsSettings {
    fn default() -> Self {
        Self {
            time_zone: "UTC".into(),
            retention_days: 62,
        }
    }
}

#[async_trait]
pub trait AnalyticsStore: Send + Sync {
    /// Stores hits of any sites in as few statements as their number allows.
    async fn insert_hits(&self, hits: &[Hit]) -> Result<()>;
    /// Hits of `site` in `from..to` summed per dimension of `dims` (of `DIMENSIONS`) and
    /// value, each with its dimension, read from the raw hits in one pass; `at` of each is
    /// `from`.
    async fn hit_sums(
        &self,
        site: SiteId,
        dims: &[&str],
        from: Millis,
        to: Millis,
    ) -> Result<Vec<(String, Sums)>>;
    /// Replaces the rollups of each bucket `(grain, dim, at)` in `rows`, and sets the
    /// grain's mark to `until`, in one transaction.
    async fn put_rollups(
        &self,
        site: SiteId,
        grain: Grain,
        rows: &[(String, Sums)],
        until: Millis,
    ) -> Result<()>;
    /// Rollups of `dim` of buckets starting in `from..to`, by bucket.
    async fn rollups(
        &self,
        site: SiteId,
        grain: Grain,
        dim: &str,
        from: Millis,
        to: Millis,
    ) -> Result<Vec<Sums>>;
    /// Where the grain's rollups end (None before the first).
    async fn rolled_until(&self, site: SiteId, grain: Grain) -> Result<Option<Millis>>;
    /// The time of the site's first hit at or after `from`.
    async fn first_hit(&self, site: SiteId, from: Millis) -> Result<Option<Millis>>;
    /// Sites with hits at or after `since`.
    async fn sites_with_hits(&self, since: Millis) -> Result<Vec<SiteId>>;
    /// Deletes `site`'s hits before `before`; how many went.
    async fn prune_hits(&self, site: SiteId, before: Millis) -> Result<u64>;
    /// The salt of `day` for `site`: `fresh` when it has none yet (the first node to ask
    /// sets it). Salts of other days are deleted.
    async fn day_salt(&self, site: SiteId, day: &str, fresh: &str) -> Result<String>;
    async fn analytics_settings(&self, site: SiteId) -> Result<AnalyticsSettings>;
    async fn put_analytics_settings(&self, site: SiteId, s: &AnalyticsSettings) -> Result<()>;
    /// The site's latest SEO report: the published version it read, when it ran, and the
    /// report as JSON text.
    async fn seo_report(&self, site: SiteId) -> Result<Option<SeoReportRow>>;
    /// Replaces the site's SEO report.
    async fn put_seo_report(&self, site: SiteId, row: &SeoReportRow) -> Result<()>;
}

/// A stored SEO report (`crates/modules/analytics/src/seo.rs` writes and reads its JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeoReportRow {
    pub version: i64,
    pub ran_at: Millis,
    pub report: String,
}
