//! Outbound webhooks on every backend, against a receiver that checks each message with the
//! Standard Webhooks reference library (PyPI `standardwebhooks`): business events reach the
//! subscriptions that want them, signed; failures are retried on the schedule (a stepped
//! clock, no waiting), replayed by hand, and a receiver that keeps failing has its
//! subscription turned off and the owner told.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_core::now_millis;
use tessera_testkit::{TestApp, backends, call};

mod shop;
use shop::{Shop, code};

const HOUR: i64 = 3_600_000;

/// The receiver (killed when dropped) and its address.
async fn receiver() -> (tokio::process::Child, String) {
    use tokio::io::AsyncBufReadExt;
    let python = std::env::var("TESSERA_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/webhook_receiver.py"
    );
    let mut child = tokio::process::Command::new(&python)
        .arg(script)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("{python} {script}: {e}"));
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let port = lines
        .next_line()
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("the receiver did not start: is standardwebhooks installed for {python}? (the test command installs it)"));
    (child, format!("127.0.0.1:{}", port.trim()))
}

async fn log(at: &str) -> Vec<Value> {
    let (_, b) = call(reqwest::Client::new().get(format!("http://{at}/log"))).await;
    b.as_array().unwrap().clone()
}

async fn configure(at: &str, config: Value) {
    let (s, _) = call(
        reqwest::Client::new()
            .post(format!("http://{at}/config"))
            .json(&config),
    )
    .await;
    assert_eq!(s, 200);
}

/// Delivers what is due at `now` until nothing is left.
async fn deliver(shop: &Shop, now: i64) {
    let p = shop.app.state.platform();
    while tessera_automations::deliver_due(p, now).await.unwrap() > 0 {}
}

async fn deliveries(shop: &Shop) -> Vec<Value> {
    shop.ok(Method::POST, "/_webhooks/v1/deliveries/query", json!({}))
        .await["deliveries"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn webhooks_are_signed_retried_replayed_and_turned_off() {
    let (_receiver, at) = receiver().await;
    for backend in backends() {
        let mut config = tessera_http::HttpConfig::default();
        config.platform.fetch_allow = vec![at.clone()];
        let shop = Shop::new(TestApp::spawn_with(backend, config).await).await;
        configure(&at, json!({"fail": 0, "log": []})).await;

        let types = shop
            .ok(Method::GET, "/_webhooks/v1/event-types", json!({}))
            .await;
        let names: Vec<&str> = types["eventTypes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        for name in [
            "wixData_onDataItemCreated",
            "wixEcom_onOrderCreated",
            "wixBookings_onBookingConfirmed",
            "wixPricingPlans_onOrderPurchased",
        ] {
            assert!(names.contains(&name), "{name} in {names:?}");
        }

        // Bad input names the field and stores nothing.
        for (body, field) in [
            (
                json!({"url": "ftp://x", "eventTypes": ["*"]}),
                "subscription.url",
            ),
            (
                json!({"url": format!("http://{at}/hook"), "eventTypes": []}),
                "subscription.eventTypes",
            ),
            (
                json!({"url": format!("http://{at}/hook"), "eventTypes": ["wixNothing_onNothing"]}),
                "subscription.eventTypes[0]",
            ),
        ] {
            let (s, b) = shop
                .wix(
                    Method::POST,
                    "/_webhooks/v1/subscriptions",
                    json!({"subscription": body}),
                )
                .await;
            assert!(
                s == 400 && b["message"].as_str().unwrap().contains(field),
                "{field}: {b}"
            );
        }
        let b = shop
            .ok(
                Method::POST,
                "/_webhooks/v1/subscriptions",
                json!({"subscription": {"url": format!("http://{at}/hook"), "eventTypes": ["wixBookings_onServiceCreated"]}}),
            )
            .await;
        let sub = b["subscription"]["id"].as_str().unwrap().to_string();
        let secret = b["subscription"]["secret"].as_str().unwrap().to_string();
        assert!(secret.starts_with("whsec_"), "{b}");
        // Shown at creation; afterwards only when asked for. A rotated one replaces it.
        let path = format!("/_webhooks/v1/subscriptions/{sub}");
        let got = shop.ok(Method::GET, &path, json!(null)).await;
        assert!(got["subscription"]["secret"].is_null(), "{got}");
        let asked = shop
            .ok(Method::GET, &format!("{path}/secret"), json!(null))
            .await;
        assert_eq!(asked["secret"], secret.as_str());
        let rotated = shop
            .ok(Method::POST, &format!("{path}/rotate-secret"), json!({}))
            .await;
        let secret = rotated["secret"].as_str().unwrap().to_string();
        assert!(
            secret.starts_with("whsec_") && asked["secret"] != secret.as_str(),
            "{rotated}"
        );
        configure(&at, json!({"secret": secret})).await;
        // Visitors cannot see or make subscriptions.
        let (s, _) = shop::Visitor::new(&shop.app)
            .call(Method::POST, "/_webhooks/v1/subscriptions/query", json!({}))
            .await;
        assert_eq!(s, 403);

        // A business event it wants is delivered, signed; one it does not want is not.
        shop.ok(
            Method::POST,
            "/bookings/v1/staff-members",
            json!({"staffMember": {"name": "Ann"}}),
        )
        .await;
        shop.ok(
            Method::POST,
            "/bookings/v2/services",
            json!({"service": {"type": "CLASS", "name": "Yoga", "defaultCapacity": 5,
                "schedule": {"sessions": [{"start": "2027-03-22T18:00:00", "durationInMinutes": 60}]}}}),
        )
        .await;
        let now = now_millis();
        deliver(&shop, now).await;
        let got = log(&at).await;
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            (&got[0]["type"], &got[0]["verified"], &got[0]["answered"]),
            (
                &json!("wixBookings_onServiceCreated"),
                &json!(true),
                &json!(200)
            )
        );
        let d = &deliveries(&shop).await[0];
        assert_eq!(
            (&d["status"], &d["response"]["status"]),
            (&json!("DELIVERED"), &json!(200)),
            "{d}"
        );
        assert_eq!(d["body"]["data"]["entity"]["name"], "Yoga", "{d}");

        // Failing twice: retried after 5 s, then 5 min, with the same message id.
        configure(&at, json!({"fail": 2, "status": 503})).await;
        let (s, b) = shop
            .wix(
                Method::POST,
                &format!("/_webhooks/v1/subscriptions/{sub}/test"),
                json!({}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let now = now_millis();
        deliver(&shop, now).await;
        let d = deliveries(&shop).await[0].clone();
        assert_eq!(
            (&d["status"], &d["attempts"], &d["response"]["status"]),
            (&json!("PENDING"), &json!(1), &json!(503)),
            "{d}"
        );
        deliver(&shop, now + 4_000).await;
        assert_eq!(log(&at).await.len(), 2, "not due before 5 s");
        deliver(&shop, now + 6_000).await;
        deliver(&shop, now + 6_000 + 5 * 60_000).await;
        let d = deliveries(&shop).await[0].clone();
        assert_eq!(
            (&d["status"], &d["attempts"]),
            (&json!("DELIVERED"), &json!(3)),
            "{d}"
        );
        let tries: Vec<Value> = log(&at).await.into_iter().skip(1).collect();
        assert!(
            tries
                .iter()
                .all(|t| t["id"] == d["id"] && t["verified"] == true),
            "{tries:?}"
        );

        // Replayed by hand: the same message again.
        let id = d["id"].as_str().unwrap();
        shop.ok(
            Method::POST,
            &format!("/_webhooks/v1/deliveries/{id}/replay"),
            json!({}),
        )
        .await;
        deliver(&shop, now_millis()).await;
        let last = log(&at).await.last().cloned().unwrap();
        assert_eq!((&last["id"], &last["answered"]), (&d["id"], &json!(200)));

        // A receiver that fails for three days: given up, the subscription turned off, the
        // owner told; events after that are not queued.
        configure(&at, json!({"fail": 1000, "status": 500})).await;
        shop.ok(
            Method::POST,
            &format!("/_webhooks/v1/subscriptions/{sub}/test"),
            json!({}),
        )
        .await;
        let mut clock = now_millis();
        for _ in 0..10 {
            deliver(&shop, clock).await;
            clock += 25 * HOUR;
        }
        let d = deliveries(&shop).await[0].clone();
        assert_eq!(
            (&d["status"], &d["attempts"]),
            (&json!("FAILED"), &json!(10)),
            "{d}"
        );
        let s = shop
            .ok(
                Method::GET,
                &format!("/_webhooks/v1/subscriptions/{sub}"),
                json!({}),
            )
            .await;
        assert_eq!(s["subscription"]["enabled"], false, "{s}");
        assert!(
            s["subscription"]["disabledReason"]
                .as_str()
                .unwrap()
                .contains("three days"),
            "{s}"
        );
        let (_, notes) = call(shop.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/notifications",
            &shop.owner,
        ))
        .await;
        assert!(
            notes.to_string().contains("A webhook is turned off"),
            "{notes}"
        );
        shop.ok(
            Method::POST,
            "/bookings/v2/services",
            json!({"service": {"type": "CLASS", "name": "Pilates", "defaultCapacity": 5,
                "schedule": {"sessions": [{"start": "2027-03-22T18:00:00", "durationInMinutes": 60}]}}}),
        )
        .await;
        assert_eq!(
            deliveries(&shop).await.len(),
            3,
            "nothing queued for a turned-off subscription"
        );
        // A delivery that is not there is not found.
        let (s, b) = shop
            .wix(
                Method::POST,
                "/_webhooks/v1/deliveries/nope/replay",
                json!({}),
            )
            .await;
        assert_eq!(s, 404, "{b}");

        // CMS item events (the bus) reach a subscription to every event.
        shop.ok(
            Method::PATCH,
            &format!("/_webhooks/v1/subscriptions/{sub}"),
            json!({"subscription": {"enabled": true, "eventTypes": ["*"]}}),
        )
        .await;
        configure(&at, json!({"fail": 0})).await;
        let mut bus = shop.app.state.platform().events().subscribe();
        let (s, b) = call(shop.app.wix(Method::POST, "/wix-data/v2/collections", "shop", Some(&shop.owner))
            .json(&json!({"collection": {"id": "Notes", "fields": [{"key": "n", "type": "NUMBER"}]}})))
            .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = call(
            shop.app
                .wix(
                    Method::POST,
                    "/wix-data/v2/items",
                    "shop",
                    Some(&shop.owner),
                )
                .json(&json!({"dataCollectionId": "Notes", "dataItem": {"data": {"n": 4}}})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        loop {
            let event = bus.recv().await.unwrap();
            tessera_http::platform::backend_events::dispatch(shop.app.state.platform(), &event)
                .await
                .unwrap();
            if matches!(event, tessera_core::events::Event::Item(_)) {
                break;
            }
        }
        deliver(&shop, now_millis()).await;
        let last = log(&at).await.last().cloned().unwrap();
        assert_eq!(
            (&last["type"], &last["verified"]),
            (&json!("wixData_onDataItemCreated"), &json!(true)),
            "{last}"
        );
    }
}

/// A private address the operator did not allow is refused, as site code's fetch is.
#[tokio::test]
async fn webhooks_to_private_addresses_are_refused() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let b = shop
            .ok(
                Method::POST,
                "/_webhooks/v1/subscriptions",
                json!({"subscription": {"url": "http://127.0.0.1:9/hook", "eventTypes": ["*"]}}),
            )
            .await;
        let sub = b["subscription"]["id"].as_str().unwrap();
        shop.ok(
            Method::POST,
            &format!("/_webhooks/v1/subscriptions/{sub}/test"),
            json!({}),
        )
        .await;
        deliver(&shop, now_millis()).await;
        let d = deliveries(&shop).await[0].clone();
        assert_eq!(d["status"], "PENDING", "{d}");
        assert!(
            d["error"].as_str().unwrap().contains("private or loopback"),
            "{d}"
        );
        let (s, b) = shop
            .wix(
                Method::DELETE,
                &format!("/_webhooks/v1/subscriptions/{sub}"),
                json!({}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let _ = code(&b);
    }
}
