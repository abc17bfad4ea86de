//! The analytics module: first-party site analytics without cookies. Published pages carry
//! a small beacon (`tessera-render`'s `page.rs`) that posts page views, the time a page was
//! visible and custom events to `POST /_api/analytics/hit`; pages seen without JavaScript
//! count through a `<noscript>` image (`GET /_api/analytics/pixel`). `collect` applies the
//! privacy and bot rules and buffers hits; `rollup` sums them per hour and day;
//! `reports` and `wix` answer the dashboard and Wix's Analytics Data API; `business` reads
//! sales, bookings and plan sales from the other modules' records; `seo` crawls the
//! published site for the SEO report, after each publish and on demand.

pub mod business;
pub mod collect;
pub mod reports;
pub mod rollup;
pub mod seo;
pub mod wix;

use std::{sync::OnceLock, time::Duration};

use tokio::time::MissedTickBehavior;

use bytes::Bytes;
use futures::{FutureExt, future::BoxFuture};
use serde_json::{Value, json};
use tessera_core::{analytics::Hit, ids::SiteId, sites::Permission};
use tessera_platform::{
    Platform, WixError, WixResult,
    data::DataContext,
    module::{Method, Module, RawCall, RawReply, RawRoute, Route, RouteCall},
};

pub use collect::{Clock, Collector};

/// Custom event names the server and the beacon record.
pub const FORM_SUBMITTED: &str = "form_submitted";
pub const MEMBER_CREATED: &str = "member_created";
/// A click on a `tel:`, `mailto:` or WhatsApp link (the beacon's).
pub const CONTACT_CLICKED: &str = "contact_clicked";

/// The analytics module.
#[derive(Default)]
pub struct Analytics {
    pub collector: Collector,
    /// The SEO reports due after publishes.
    pub seo: seo::Scheduler,
    ticking: OnceLock<()>,
    /// One rollup at a time on a node: a report asked during the minute's rollup (or another
    /// report's) waits for it instead of summing the same hours again.
    rolling: tokio::sync::Mutex<()>,
}

impl Analytics {
    /// Starts, once, the node's two tasks: the writer, which writes buffered hits every
    /// second or as soon as a batch is full, and the rollups, every minute (pruning every
    /// hour), apart so that a long rollup never holds the hits back.
    fn tick(&self, p: &Platform) {
        self.ticking.get_or_init(|| {
            let writer = p.clone();
            tokio::spawn(async move {
                let p = writer;
                let mut every = tokio::time::interval(Duration::from_secs(1));
                every.set_missed_tick_behavior(MissedTickBehavior::Delay);
                while let Some(m) = p.module::<Analytics>() {
                    tokio::select! {
                        _ = every.tick() => {}
                        () = m.collector.full.notified() => {}
                    }
                    m.collector.flush(&p).await;
                }
            });
            let p = p.clone();
            tokio::spawn(async move {
                let mut every = tokio::time::interval(Duration::from_secs(60));
                every.set_missed_tick_behavior(MissedTickBehavior::Delay);
                every.tick().await;
                let mut n: u64 = 0;
                loop {
                    every.tick().await;
                    let Some(m) = p.module::<Analytics>() else {
                        return;
                    };
                    n += 1;
                    // Pruning reads every site's hits: once an hour.
                    let prune = n.is_multiple_of(60);
                    if let Err(e) = rollup::run(&p, m.collector.now(), prune).await {
                        tracing::warn!(error = %e, "analytics rollups");
                    }
                }
            });
        });
    }
}

/// The SEO report is the owners' and admins' (it reads every page, members-only ones aside).
fn may_run_seo(ctx: &DataContext) -> WixResult<()> {
    tessera_platform::module::may(ctx, Permission::Manage, "the SEO report")
}

fn may_read(ctx: &DataContext) -> WixResult<()> {
    tessera_platform::module::may(ctx, Permission::View, "reading site analytics")
}

fn boxed<F>(f: F) -> BoxFuture<'static, WixResult<Value>>
where
    F: std::future::Future<Output = WixResult<Value>> + Send + 'static,
{
    f.boxed()
}

fn module(p: &Platform) -> WixResult<&Analytics> {
    let m = p
        .module::<Analytics>()
        .ok_or_else(|| tessera_core::Error::internal("analytics is not running"))?;
    m.tick(p);
    Ok(m)
}

fn no_content() -> RawReply {
    RawReply {
        status: 204,
        headers: vec![("cache-control", "no-store".into())],
        body: Bytes::new(),
    }
}

/// A transparent 1×1 GIF.
const PIXEL: &[u8] = &[
    71, 73, 70, 56, 57, 97, 1, 0, 1, 0, 128, 0, 0, 0, 0, 0, 255, 255, 255, 33, 249, 4, 1, 0, 0, 0,
    0, 44, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 68, 1, 0, 59,
];

async fn hit(p: Platform, call: RawCall, body: Value) -> WixResult<bool> {
    let Some(site) = call.site.clone() else {
        return Err(WixError::bad_request(
            "host: hits go to a site's own address",
        ));
    };
    let m = module(&p)?;
    let b = collect::beacon(&body)?;
    let visit = collect::Visit::from_headers(&call.address, |n| call.header(n).map(str::to_string));
    Ok(m.collector.collect(&p, &site, &visit, b).await?)
}

fn settings_json(s: &tessera_core::analytics::AnalyticsSettings) -> Value {
    json!({ "settings": { "timeZone": s.time_zone, "retentionDays": s.retention_days } })
}

async fn patch_settings(p: Platform, call: RouteCall) -> WixResult<Value> {
    tessera_platform::module::may(&call.ctx, Permission::Manage, "changing analytics settings")?;
    let site = call.ctx.site.id;
    let mut s = p.store().analytics_settings(site).await?;
    let asked = &call.body["settings"];
    if !asked.is_object() {
        return Err(WixError::bad_request("settings: an object is required"));
    }
    if !asked["timeZone"].is_null() {
        let tz = asked["timeZone"]
            .as_str()
            .and_then(collect::zone)
            .ok_or_else(|| {
                WixError::bad_request("settings.timeZone: an IANA time zone such as Europe/Paris")
            })?;
        s.time_zone = tz.name().to_string();
    }
    if !asked["retentionDays"].is_null() {
        s.retention_days = asked["retentionDays"]
            .as_i64()
            .filter(|d| (1..=3650).contains(d))
            .ok_or_else(|| {
                WixError::bad_request("settings.retentionDays: a whole number from 1 to 3650")
            })?;
    }
    p.store().put_analytics_settings(site, &s).await?;
    module(&p)?.collector.forget(site);
    Ok(settings_json(&s))
}

impl Module for Analytics {
    fn name(&self) -> &'static str {
        "analytics"
    }

    fn routes(&self) -> Vec<Route> {
        vec![
            Route::new(Method::Get, "/analytics/v1/reports/{report}", |p, call| {
                boxed(async move {
                    may_read(&call.ctx)?;
                    module(&p)?;
                    let site = call.ctx.site.id;
                    reports::report(&p, site, call.path_param("report"), &call).await
                })
            }),
            Route::new(Method::Get, "/analytics/v1/settings", |p, call| {
                boxed(async move {
                    may_read(&call.ctx)?;
                    Ok(settings_json(
                        &p.store().analytics_settings(call.ctx.site.id).await?,
                    ))
                })
            }),
            Route::new(Method::Patch, "/analytics/v1/settings", |p, call| {
                boxed(patch_settings(p, call))
            }),
            Route::new(Method::Get, "/analytics/v1/seo", |p, call| {
                boxed(async move {
                    may_run_seo(&call.ctx)?;
                    seo::view(&p, &call.ctx.site).await
                })
            }),
            Route::new(Method::Post, "/analytics/v1/seo/run", |p, call| {
                boxed(async move {
                    may_run_seo(&call.ctx)?;
                    seo::run(&p, &call.ctx.site).await?;
                    seo::view(&p, &call.ctx.site).await
                })
            }),
            Route::new(
                Method::Get,
                "/analytics/v2/site-analytics/data",
                |p, call| {
                    boxed(async move {
                        may_read(&call.ctx)?;
                        module(&p)?;
                        wix::data(&p, call.ctx.site.id, &call).await
                    })
                },
            ),
        ]
    }

    fn raw_routes(&self) -> Vec<RawRoute> {
        vec![
            RawRoute::new(Method::Post, "/_api/analytics/hit", 16 * 1024, |p, call| {
                async move {
                    // `sendBeacon` posts text/plain: the body is read as JSON whatever its type.
                    let body: Value = serde_json::from_slice(&call.body)
                        .map_err(|_| WixError::bad_request("body: must be JSON"))?;
                    hit(p, call, body).await?;
                    Ok(no_content())
                }
                .boxed()
            }),
            RawRoute::new(Method::Get, "/_api/analytics/pixel", 0, |p, call| {
                async move {
                    // The page that shows the image is its referrer.
                    let page = call.header("referer").unwrap_or_default();
                    let path = page
                        .split_once("://")
                        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
                        .unwrap_or("/");
                    let body = json!({ "type": "pageview", "path": path });
                    hit(p, call, body).await?;
                    Ok(RawReply {
                        status: 200,
                        headers: vec![
                            ("content-type", "image/gif".into()),
                            ("cache-control", "no-store".into()),
                        ],
                        body: Bytes::from_static(PIXEL),
                    })
                }
                .boxed()
            }),
        ]
    }

    fn site_published(&self, p: &Platform, site: SiteId) {
        self.seo.published(p, site);
    }

    fn event(
        &self,
        p: Platform,
        site: SiteId,
        name: String,
        _payload: Value,
    ) -> BoxFuture<'static, tessera_core::Result<()>> {
        async move {
            let what = match name.as_str() {
                "wixForms_onFormSubmit" => FORM_SUBMITTED,
                "wixMembers_onMemberCreated" => MEMBER_CREATED,
                _ => return Ok(()),
            };
            let Some(m) = p.module::<Analytics>() else {
                return Ok(());
            };
            m.tick(&p);
            // A business event of no visitor: counted among events, never as a visitor.
            let hit = Hit {
                site_id: site,
                at: m.collector.now(),
                kind: "event".into(),
                path: "/".into(),
                source: "direct".into(),
                name: what.into(),
                props: "{}".into(),
                ..Default::default()
            };
            m.collector.push(hit)
        }
        .boxed()
    }
}
