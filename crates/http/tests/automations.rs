//! Automations on every backend: a CMS event starts one whose conditions hold, after its
//! delay (a stepped clock, no waiting) its actions run in order with the event's and earlier
//! steps' values (an email through the outbox, a CMS item, a backend function, the owner
//! told); a failing step is retried on its schedule and then fails the run; custom triggers
//! are reported and canceled; an automation that starts runs too fast is stopped.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_core::now_millis;
use tessera_testkit::{TestApp, backends, call};

mod shop;
use shop::Shop;

const CODE: &str = r#"
export function tag({ event, steps }) {
  if (event.fail) throw new Error('asked to fail');
  return { tag: 'vip-' + event.entity.data.name, mailed: steps[0].to };
}
"#;

/// Runs what is due at `now` until nothing is left.
async fn run(shop: &Shop, now: i64) {
    let p = shop.app.state.platform();
    while tessera_automations::run_due(p, now).await.unwrap() > 0 {}
}

async fn runs(shop: &Shop, automation: &str) -> Vec<Value> {
    shop.ok(
        Method::POST,
        "/_automations/v1/runs/query",
        json!({ "automationId": automation }),
    )
    .await["runs"]
        .as_array()
        .unwrap()
        .clone()
}

async fn collection(shop: &Shop, id: &str) {
    let (s, b) = call(
        shop.app
            .wix(
                Method::POST,
                "/wix-data/v2/collections",
                "shop",
                Some(&shop.owner),
            )
            .json(&json!({"collection": {"id": id, "fields": [{"key": "name", "type": "TEXT"}]}})),
    )
    .await;
    assert_eq!(s, 200, "{b}");
}

/// Inserts an item and hands the bus's events to the dispatcher, as the server's does.
async fn insert(shop: &Shop, collection: &str, data: Value) {
    let mut bus = shop.app.state.platform().events().subscribe();
    let (s, b) = call(
        shop.app
            .wix(
                Method::POST,
                "/wix-data/v2/items",
                "shop",
                Some(&shop.owner),
            )
            .json(&json!({"dataCollectionId": collection, "dataItem": {"data": data}})),
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
}

#[tokio::test]
async fn an_event_runs_the_actions_after_the_delay() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        collection(&shop, "Leads").await;
        collection(&shop, "Log").await;
        shop.publish_code(json!({ "backend/automations.js": CODE }))
            .await;

        // Bad input names the field and stores nothing.
        for (body, field) in [
            (
                json!({"name": "x", "trigger": {"eventType": "wixNothing_onNothing"}, "actions": [{"type": "NOTIFY_OWNER", "body": "b"}]}),
                "automation.trigger.eventType",
            ),
            (
                json!({"name": "x", "trigger": {"eventType": "wixData_onDataItemCreated"}, "actions": []}),
                "automation.actions",
            ),
            (
                json!({"name": "x", "trigger": {"eventType": "wixData_onDataItemCreated"}, "actions": [{"type": "FAX"}]}),
                "automation.actions[0].type",
            ),
            (
                json!({"name": "x", "trigger": {"eventType": "wixData_onDataItemCreated"}, "actions": [{"type": "SEND_EMAIL", "to": "a@b.c", "subject": "s"}]}),
                "automation.actions[0].body",
            ),
            (
                json!({"name": "x", "trigger": {"eventType": "wixData_onDataItemCreated"}, "conditions": {"rules": [{"field": "x", "operator": "LIKE"}]}, "actions": [{"type": "NOTIFY_OWNER", "body": "b"}]}),
                "automation.conditions.rules[0]",
            ),
        ] {
            let (s, b) = shop
                .wix(
                    Method::POST,
                    "/_automations/v1/automations",
                    json!({ "automation": body }),
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
                "/_automations/v1/automations",
                json!({"automation": {
                    "name": "Thank new leads",
                    "trigger": {"eventType": "wixData_onDataItemCreated", "collectionId": "Leads"},
                    "conditions": {"match": "ALL", "rules": [{"field": "event.entity.data.email", "operator": "CONTAINS", "value": "@"}]},
                    "delay": {"minutes": 1},
                    "actions": [
                        {"type": "SEND_EMAIL", "to": "{{event.entity.data.email}}", "subject": "Thanks, {{event.entity.data.name}}", "body": "We will call you."},
                        {"type": "CREATE_ITEM", "collectionId": "Log", "data": {"name": "mailed {{steps.0.to}}"}},
                        {"type": "RUN_FUNCTION", "function": "tag"},
                        {"type": "NOTIFY_OWNER", "title": "New lead", "body": "{{event.entity.data.name}} is {{steps.2.tag}}"},
                    ],
                }}),
            )
            .await;
        let thanks = b["automation"]["id"].as_str().unwrap().to_string();

        // A lead without an email does not meet the condition; one with it starts a run.
        insert(&shop, "Leads", json!({"name": "Bo"})).await;
        insert(
            &shop,
            "Leads",
            json!({"name": "Ann", "email": "ann@example.com"}),
        )
        .await;
        // Another collection's items do not start it.
        insert(
            &shop,
            "Log",
            json!({"name": "ignored", "email": "x@example.com"}),
        )
        .await;
        let now = now_millis();
        run(&shop, now).await;
        let list = runs(&shop, &thanks).await;
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!(
            (&list[0]["status"], &list[0]["nextStep"]),
            (&json!("PENDING"), &json!(0)),
            "the delay holds it"
        );

        run(&shop, now + 61_000).await;
        let r = &runs(&shop, &thanks).await[0];
        assert_eq!(r["status"], "DONE", "{r}");
        let steps = r["steps"].as_array().unwrap();
        assert_eq!(steps.len(), 4, "{r}");
        assert_eq!(
            steps[2]["output"],
            json!({"tag": "vip-Ann", "mailed": "ann@example.com"}),
            "{r}"
        );
        let mail = shop.outbox().await;
        assert!(
            mail.iter()
                .any(|m| m["to"] == "ann@example.com" && m["subject"] == "Thanks, Ann"),
            "{mail:?}"
        );
        let (_, logged) = call(
            shop.app
                .wix(Method::POST, "/wix-data/v2/items/query", "shop", Some(&shop.owner))
                .json(&json!({"dataCollectionId": "Log", "query": {"filter": {"name": "mailed ann@example.com"}}})),
        )
        .await;
        assert_eq!(logged["dataItems"].as_array().unwrap().len(), 1, "{logged}");
        let (_, notes) = call(shop.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/notifications",
            &shop.owner,
        ))
        .await;
        assert!(notes.to_string().contains("Ann is vip-Ann"), "{notes}");

        // A test run with a sample event whose function throws: retried after 5 s, 1 min,
        // 10 min and 1 h, then the run fails with the error in its history.
        let b = shop
            .ok(
                Method::POST,
                &format!("/_automations/v1/automations/{thanks}/test"),
                json!({"payload": {"fail": true, "entity": {"data": {"name": "Cy", "email": "cy@example.com"}}}}),
            )
            .await;
        assert_eq!(b["run"]["test"], true);
        let mut clock = now_millis();
        run(&shop, clock).await;
        let r = runs(&shop, &thanks).await[0].clone();
        assert_eq!(
            (&r["status"], &r["nextStep"]),
            (&json!("PENDING"), &json!(2)),
            "{r}"
        );
        assert!(
            r["error"].as_str().unwrap().contains("asked to fail"),
            "{r}"
        );
        for wait in [5_000, 60_000, 600_000, 3_600_000] {
            clock += wait + 1_000;
            run(&shop, clock).await;
        }
        let r = runs(&shop, &thanks).await[0].clone();
        assert_eq!(r["status"], "FAILED", "{r}");
        assert_eq!(
            r["steps"].as_array().unwrap().len(),
            3,
            "one record per step: {r}"
        );

        // Paused, an automation starts nothing.
        shop.ok(
            Method::PATCH,
            &format!("/_automations/v1/automations/{thanks}"),
            json!({"automation": {"status": "INACTIVE"}}),
        )
        .await;
        insert(
            &shop,
            "Leads",
            json!({"name": "Di", "email": "di@example.com"}),
        )
        .await;
        assert_eq!(runs(&shop, &thanks).await.len(), 2);
    }
}

#[tokio::test]
async fn custom_triggers_are_reported_and_canceled_and_runaways_stop() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        // An hour before the appointment the event names.
        let b = shop
            .ok(
                Method::POST,
                "/_automations/v1/automations",
                json!({"automation": {
                    "name": "Remind", "trigger": {"eventType": "custom:appointment"},
                    "delay": {"field": "event.startDate", "minutes": -60},
                    "actions": [{"type": "NOTIFY_OWNER", "body": "{{event.who}} comes soon"}],
                }}),
            )
            .await;
        let remind = b["automation"]["id"].as_str().unwrap().to_string();
        let now = now_millis();
        let start = tessera_platform_time(now + 3 * 3_600_000);
        for (who, entity) in [("Ann", "a1"), ("Bob", "b1")] {
            shop.ok(
                Method::POST,
                "/automations/v1/events/report",
                json!({"triggerKey": "appointment", "externalEntityId": entity, "payload": {"who": who, "startDate": start}}),
            )
            .await;
        }
        shop.ok(
            Method::POST,
            "/automations/v1/events/cancel",
            json!({"triggerKey": "appointment", "externalEntityId": "b1"}),
        )
        .await;
        run(&shop, now + 3_600_000).await;
        let list = runs(&shop, &remind).await;
        let status: Vec<&str> = list.iter().map(|r| r["status"].as_str().unwrap()).collect();
        assert_eq!(status, ["CANCELED", "PENDING"], "not before 2 h: {list:?}");
        run(&shop, now + 2 * 3_600_000 + 1_000).await;
        let list = runs(&shop, &remind).await;
        assert_eq!(list[1]["status"], "DONE", "{list:?}");

        // 100 runs in a minute is all an automation may start: the next report stops it.
        let b = shop
            .ok(
                Method::POST,
                "/_automations/v1/automations",
                json!({"automation": {"name": "Echo", "trigger": {"eventType": "custom:echo"}, "delay": {"minutes": 60},
                    "actions": [{"type": "NOTIFY_OWNER", "body": "echo"}]}}),
            )
            .await;
        let echo = b["automation"]["id"].as_str().unwrap().to_string();
        for _ in 0..101 {
            shop.ok(
                Method::POST,
                "/automations/v1/events/report",
                json!({"triggerKey": "echo", "payload": {}}),
            )
            .await;
        }
        let a = shop
            .ok(
                Method::GET,
                &format!("/_automations/v1/automations/{echo}"),
                json!({}),
            )
            .await;
        assert_eq!(a["automation"]["status"], "INACTIVE", "{a}");
        assert!(
            a["automation"]["stoppedReason"]
                .as_str()
                .unwrap()
                .contains("trigger itself"),
            "{a}"
        );
        let total = shop
            .ok(
                Method::POST,
                "/_automations/v1/runs/query",
                json!({"automationId": echo, "paging": {"limit": 1}}),
            )
            .await["pagingMetadata"]["total"]
            .clone();
        assert_eq!(total, 100);
        // Visitors cannot report.
        let (s, _) = shop::Visitor::new(&shop.app)
            .call(
                Method::POST,
                "/automations/v1/events/report",
                json!({"triggerKey": "echo"}),
            )
            .await;
        assert_eq!(s, 403);
    }
}

fn tessera_platform_time(at: i64) -> String {
    tessera_http::platform::time(at)
}
