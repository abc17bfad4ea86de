//! Site analytics over HTTP on every backend: the counting rules (Do-Not-Track, Sec-GPC,
//! bots, sessions across the 30-minute edge, the salt rotating at midnight in the site's
//! time zone, with the collector's clock set by the test), rollups equal to the raw hits,
//! reports' arithmetic, and Wix's `site-analytics/data` with sales from a real order.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use chrono::TimeZone;
use reqwest::Method;
use serde_json::{Value, json};
use tessera_analytics::Analytics;
use tessera_core::{
    analytics::{DIMENSIONS, Grain},
    ids::SiteId,
};
use tessera_testkit::{TestApp, backends, call};

mod shop;
use shop::{Shop, Visitor};

const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
const GOOGLEBOT: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const MINUTE: i64 = 60_000;

/// The collector's clock, moved by the test.
struct Clock(Arc<AtomicI64>);

impl Clock {
    fn install(app: &TestApp, at: i64) -> Self {
        let now = Arc::new(AtomicI64::new(at));
        let read = Arc::clone(&now);
        analytics(app)
            .collector
            .set_clock(Arc::new(move || read.load(Ordering::SeqCst)));
        Clock(now)
    }

    fn set(&self, at: i64) {
        self.0.store(at, Ordering::SeqCst);
    }
}

fn analytics(app: &TestApp) -> &Analytics {
    app.state.platform().module::<Analytics>().unwrap()
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    chrono::Utc
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .timestamp_millis()
}

/// A beacon hit from `ip` with user agent `ua` and extra headers; the status.
async fn hit(
    app: &TestApp,
    ip: &str,
    ua: &str,
    headers: &[(&str, &str)],
    body: Value,
) -> (u16, Value) {
    let mut req = app
        .req_from(
            ip.parse().unwrap(),
            Method::POST,
            &format!("shop.localhost:{}", app.addr.port()),
            "/_api/analytics/hit",
        )
        .header("user-agent", ua)
        .header("content-type", "text/plain")
        .body(body.to_string());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    call(req).await
}

fn view(path: &str) -> Value {
    json!({"type": "pageview", "path": path})
}

async fn report(shop: &Shop, name: &str, query: &str) -> Value {
    shop.ok(
        Method::GET,
        &format!("/analytics/v1/reports/{name}?{query}"),
        json!(null),
    )
    .await
}

fn site(shop: &Shop) -> SiteId {
    shop.site_id.parse().unwrap()
}

/// Every dimension's daily rollup of `from..to` equals the raw hits summed, and the
/// hourly rollups add up to the same page views.
async fn rollups_equal_raw(shop: &Shop, from: i64, to: i64) {
    let store = &shop.app.store;
    for dim in DIMENSIONS {
        let raw = store.hit_sums(site(shop), &[dim], from, to).await.unwrap();
        let mut rolled = store
            .rollups(site(shop), Grain::Day, dim, from, to)
            .await
            .unwrap();
        let mut raw: Vec<_> = raw
            .into_iter()
            .map(|(_, s)| tessera_core::analytics::Sums { at: from, ..s })
            .collect();
        raw.sort_by(|a, b| a.value.cmp(&b.value));
        rolled.sort_by(|a, b| a.value.cmp(&b.value));
        assert_eq!(rolled, raw, "{dim}");
    }
    let hours = store
        .rollups(site(shop), Grain::Hour, "total", from, to)
        .await
        .unwrap();
    let raw = store
        .hit_sums(site(shop), &["total"], from, to)
        .await
        .unwrap();
    assert_eq!(hours.iter().map(|h| h.views).sum::<i64>(), raw[0].1.views);
}

#[tokio::test]
async fn counting_rules_sessions_and_rollups() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let app = &shop.app;
        let t0 = utc(2026, 3, 10, 10, 0);
        let clock = Clock::install(app, t0);

        // Visitor A, from a search engine; ignored: Do-Not-Track, Sec-GPC, a crawler, a script.
        let from_google = json!({"type": "pageview", "path": "/", "referrer": "https://www.google.com/", "utm_campaign": "spring", "language": "fr-FR"});
        assert_eq!(hit(app, "127.0.0.1", CHROME, &[], from_google).await.0, 204);
        assert_eq!(
            hit(app, "127.0.0.1", CHROME, &[("dnt", "1")], view("/dnt"))
                .await
                .0,
            204
        );
        assert_eq!(
            hit(app, "127.0.0.1", CHROME, &[("sec-gpc", "1")], view("/gpc"))
                .await
                .0,
            204
        );
        assert_eq!(
            hit(app, "127.0.0.3", GOOGLEBOT, &[], view("/bot")).await.0,
            204
        );
        assert_eq!(
            hit(app, "127.0.0.3", "curl/8.5.0", &[], view("/bot"))
                .await
                .0,
            204
        );
        // Visitor B on a phone: two pages and 30 s on the second.
        assert_eq!(hit(app, "127.0.0.2", IPHONE, &[], view("/")).await.0, 204);
        clock.set(t0 + 10 * MINUTE);
        assert_eq!(
            hit(app, "127.0.0.2", IPHONE, &[], view("/shop")).await.0,
            204
        );
        let engage = json!({"type": "engage", "path": "/shop", "duration": 30_000});
        assert_eq!(hit(app, "127.0.0.2", IPHONE, &[], engage).await.0, 204);
        // A again 29 minutes after its first view (same session), then 31 after that (a new one).
        clock.set(t0 + 29 * MINUTE);
        assert_eq!(
            hit(app, "127.0.0.1", CHROME, &[], view("/about")).await.0,
            204
        );
        clock.set(t0 + 60 * MINUTE);
        assert_eq!(hit(app, "127.0.0.1", CHROME, &[], view("/")).await.0, 204);
        let event =
            json!({"type": "event", "path": "/", "name": "signup", "props": {"plan": "gold"}});
        assert_eq!(hit(app, "127.0.0.1", CHROME, &[], event).await.0, 204);

        // Bad input, named.
        let (s, b) = hit(
            app,
            "127.0.0.1",
            CHROME,
            &[],
            json!({"type": "click", "path": "/"}),
        )
        .await;
        assert_eq!(s, 400, "{b}");
        assert!(b["message"].as_str().unwrap().contains("type"), "{b}");
        let (s, b) = hit(
            app,
            "127.0.0.1",
            CHROME,
            &[],
            json!({"type": "pageview", "path": "x"}),
        )
        .await;
        assert_eq!(s, 400);
        assert!(b["message"].as_str().unwrap().contains("path"), "{b}");

        let day = "from=2026-03-10&to=2026-03-10";
        let check = |o: &Value| {
            let t = &o["totals"];
            assert_eq!(t["visitors"], 2, "{o}");
            assert_eq!(t["sessions"], 3, "{o}");
            assert_eq!(t["views"], 5, "{o}");
            // A's second session saw one page.
            assert_eq!(t["bounceRate"], 0.3333, "{o}");
            assert_eq!(t["avgTimeOnPage"], 30.0, "{o}");
        };
        let live = report(&shop, "overview", day).await;
        check(&live);
        let hours: Vec<i64> = live["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["views"].as_i64().unwrap())
            .collect();
        assert_eq!(hours.len(), 24);
        assert_eq!((hours[10], hours[11]), (4, 1), "{hours:?}");

        let traffic = report(&shop, "traffic", day).await;
        let sessions_of = |rows: &Value, v: &str| {
            rows.as_array()
                .unwrap()
                .iter()
                .find(|r| r["value"] == v)
                .map(|r| r["sessions"].clone())
        };
        assert_eq!(
            sessions_of(&traffic["source"], "search"),
            Some(json!(1)),
            "{traffic}"
        );
        assert_eq!(
            sessions_of(&traffic["source"], "direct"),
            Some(json!(2)),
            "{traffic}"
        );
        assert_eq!(
            sessions_of(&traffic["referrer"], "www.google.com"),
            Some(json!(1))
        );
        assert_eq!(
            sessions_of(&traffic["utm_campaign"], "spring"),
            Some(json!(1))
        );
        let pages = report(&shop, "pages", day).await;
        let exits: Vec<(String, i64)> = pages["exit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["value"].as_str().unwrap().to_string(),
                    r["exits"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            exits,
            vec![
                ("/".to_string(), 1),
                ("/about".to_string(), 1),
                ("/shop".to_string(), 1)
            ]
        );
        let devices = report(&shop, "devices", day).await;
        assert_eq!(devices["device"].as_array().unwrap().len(), 2, "{devices}");
        assert!(
            devices["language"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["value"] == "fr"),
            "{devices}"
        );
        let events = report(&shop, "events", day).await;
        assert_eq!(events["event"][0]["value"], "signup");
        let realtime = report(&shop, "realtime", "").await;
        assert_eq!(
            realtime["visitors"], 1,
            "only A in the last 5 minutes: {realtime}"
        );

        // The next day, once the session timeout has passed: the day is rolled up, and the
        // same report reads the rollup.
        clock.set(utc(2026, 3, 11, 1, 0));
        let rolled = report(&shop, "overview", day).await;
        check(&rolled);
        assert_eq!(
            app.store
                .rolled_until(site(&shop), Grain::Day)
                .await
                .unwrap(),
            Some(utc(2026, 3, 11, 0, 0))
        );
        rollups_equal_raw(&shop, utc(2026, 3, 10, 0, 0), utc(2026, 3, 11, 0, 0)).await;
        // The previous range is the day before, empty.
        assert_eq!(rolled["previous"]["sessions"], 0);
        assert_eq!(rolled["previousRange"]["from"], "2026-03-09");
    }
}

#[tokio::test]
async fn the_salt_rotates_at_midnight_in_the_sites_time_zone() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let app = &shop.app;
        let (s, b) = shop
            .wix(
                Method::PATCH,
                "/analytics/v1/settings",
                json!({"settings": {"timeZone": "Mars/Olympus"}}),
            )
            .await;
        assert_eq!(s, 400, "{b}");
        assert!(
            b["message"].as_str().unwrap().contains("settings.timeZone"),
            "{b}"
        );
        shop.ok(
            Method::PATCH,
            "/analytics/v1/settings",
            json!({"settings": {"timeZone": "America/New_York"}}),
        )
        .await;
        // 23:50 in New York on 10 March is 03:50 UTC on the 11th.
        let late = utc(2026, 3, 11, 3, 50);
        let clock = Clock::install(app, late);
        hit(app, "127.0.0.1", CHROME, &[], view("/")).await;
        clock.set(late + 8 * MINUTE);
        hit(app, "127.0.0.1", CHROME, &[], view("/a")).await;
        // 00:05 the next day: a new salt, so a new visitor, and a new session.
        clock.set(late + 15 * MINUTE);
        hit(app, "127.0.0.1", CHROME, &[], view("/b")).await;
        let both = report(&shop, "overview", "from=2026-03-10&to=2026-03-11").await;
        assert_eq!(both["totals"]["visitors"], 2, "{both}");
        assert_eq!(both["totals"]["sessions"], 2, "{both}");
        assert_eq!(both["range"]["timeZone"], "America/New_York");
        let series: Vec<(String, i64)> = both["series"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["views"].as_i64().unwrap() > 0)
            .map(|h| {
                (
                    h["at"].as_str().unwrap().to_string(),
                    h["views"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            series,
            vec![
                ("2026-03-10T23:00".to_string(), 2),
                ("2026-03-11T00:00".to_string(), 1)
            ]
        );
        let first = report(&shop, "overview", "from=2026-03-10&to=2026-03-10").await;
        assert_eq!(first["totals"]["visitors"], 1);
        // The 10th's salt is gone: asking for it again gets a fresh one.
        let again = app
            .store
            .day_salt(site(&shop), "2026-03-10", "fresh")
            .await
            .unwrap();
        assert_eq!(again, "fresh");
    }
}

#[tokio::test]
async fn wix_site_analytics_data_and_sales() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let app = &shop.app;
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        hit(app, "127.0.0.1", CHROME, &[], view("/")).await;
        hit(app, "127.0.0.2", IPHONE, &[], view("/")).await;
        hit(
            app,
            "127.0.0.2",
            IPHONE,
            &[],
            json!({"type": "event", "path": "/", "name": "contact_clicked"}),
        )
        .await;
        let (product, small, _) = shop.tee(5, 5).await;
        let buyer = Visitor::new(app);
        let checkout = buyer.checkout_of(2, &product, &small).await;
        buyer.order_and_pay(&checkout).await;

        let path = format!(
            "/analytics/v2/site-analytics/data?dateRange.startDate={today}&measurementTypes=TOTAL_SESSIONS&measurementTypes=TOTAL_ORDERS&measurementTypes=TOTAL_SALES&measurementTypes=CLICKS_TO_CONTACT&measurementTypes=TOTAL_UNIQUE_VISITORS"
        );
        let b = shop.ok(Method::GET, &path, json!(null)).await;
        let of = |t: &str| {
            b["data"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["type"] == t)
                .unwrap()
                .clone()
        };
        assert_eq!(of("TOTAL_SESSIONS")["total"], 2, "{b}");
        assert_eq!(
            of("TOTAL_SESSIONS")["values"],
            json!([{"date": today, "value": 2}])
        );
        assert_eq!(of("TOTAL_UNIQUE_VISITORS")["total"], 2);
        assert_eq!(of("CLICKS_TO_CONTACT")["total"], 1);
        assert_eq!(of("TOTAL_ORDERS")["total"], 1);
        let sales = report(&shop, "sales", &format!("from={today}&to={today}")).await;
        let revenue: f64 = sales["revenue"].as_str().unwrap().parse().unwrap();
        assert_eq!(of("TOTAL_SALES")["total"], json!(revenue), "{b} {sales}");
        assert!(revenue >= 40.0, "two tees at 20.00 and shipping: {sales}");
        // Conversion: orders per session.
        assert_eq!(sales["orders"], 1);
        assert_eq!(sales["conversionRate"], 0.5);
        assert_eq!(sales["topProducts"][0]["name"], "Tee");
        assert_eq!(sales["topProducts"][0]["quantity"], 2);

        // Bad requests name their field.
        let old = (chrono::Utc::now() - chrono::Duration::days(100)).format("%Y-%m-%d");
        for (q, named) in [
            (format!("dateRange.startDate={today}"), "measurementTypes"),
            (
                format!("dateRange.startDate={today}&measurementTypes=VISITS"),
                "VISITS",
            ),
            (
                "measurementTypes=TOTAL_SESSIONS".to_string(),
                "dateRange.startDate",
            ),
            (
                format!("dateRange.startDate={old}&measurementTypes=TOTAL_SESSIONS"),
                "Do not have data",
            ),
        ] {
            let (s, b) = shop
                .wix(
                    Method::GET,
                    &format!("/analytics/v2/site-analytics/data?{q}"),
                    json!(null),
                )
                .await;
            assert_eq!(s, 400, "{q}: {b}");
            assert!(b["message"].as_str().unwrap().contains(named), "{q}: {b}");
        }
        // A visitor may not read them.
        let (s, _) = call(app.wix(Method::GET, &path, "shop", None)).await;
        assert_eq!(s, 403);
    }
}

/// Store-level ingest rate on every backend (not the HTTP path): `cargo test -p tessera-http
/// --test analytics ingest_rate -- --ignored --nocapture`. Batches as the collector writes
/// them (5,000 hits).
#[tokio::test]
#[ignore]
async fn ingest_rate() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let n = 100_000;
        let hits: Vec<tessera_core::analytics::Hit> = (0..n)
            .map(|i| tessera_core::analytics::Hit {
                site_id: site(&shop),
                at: utc(2026, 3, 10, 0, 0) + i * 300,
                visitor: format!("v{}", i % 5_000),
                session: format!("s{}", i % 20_000),
                kind: "pageview".into(),
                entry: i < 20_000,
                path: format!("/page/{}", i % 50),
                source: "direct".into(),
                device: "desktop".into(),
                browser: "Chrome".into(),
                os: "Linux".into(),
                language: "en".into(),
                props: "{}".into(),
                ..Default::default()
            })
            .collect();
        let started = std::time::Instant::now();
        for batch in hits.chunks(5_000) {
            shop.app.store.insert_hits(batch).await.unwrap();
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{backend:?}: {n} hits in {secs:.2} s = {:.0} hits/s",
            n as f64 / secs
        );
    }
}
