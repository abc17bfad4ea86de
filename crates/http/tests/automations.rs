//! Automations on every backend: a CMS event starts one whose conditions hold, after its
//! delay (a stepped clock, no waiting) its actions run in order with the event's and earlier
//! steps' values (an email through the outbox, a CMS item, a backend function, the owner
//! told); a failing step is retried on its schedule and then fails the run; custom triggers
//! are reported and canceled; an automation that starts runs too fast is stopped; a schedule
//! fires once per time across retries; an outside system starts one at its secret address;
//! contacts get labels and notes, members roles, and text messages wait in the outbox; a
//! run waiting on an item stops when the item is deleted; a member's login and each label
//! newly on a contact start theirs; two nodes share one queue, and a node that dies in the
//! middle of a run loses nothing and does no step twice.

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
    let bus = shop.app.state.platform().events().subscribe();
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
    dispatch_until_item(shop, bus).await;
}

/// Hands the bus's events to the dispatcher, as the server's does, up to an item's event.
async fn dispatch_until_item(
    shop: &Shop,
    mut bus: tokio::sync::broadcast::Receiver<tessera_core::events::Event>,
) {
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

        // 100 runs in a minute is all this automation may start: the next report stops it.
        let b = shop
            .ok(
                Method::POST,
                "/_automations/v1/automations",
                json!({"automation": {"name": "Echo", "trigger": {"eventType": "custom:echo"}, "delay": {"minutes": 60}, "maxRunsPerMinute": 100,
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

#[tokio::test]
async fn schedules_inbound_addresses_and_actions_on_people() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let create = |automation: Value| {
            let shop = &shop;
            async move {
                shop.wix(
                    Method::POST,
                    "/_automations/v1/automations",
                    json!({ "automation": automation }),
                )
                .await
            }
        };
        let sms = json!([{"type": "SEND_SMS", "to": "+33 6 12 34 56 78", "body": "Open at {{event.scheduledDate}}"}]);
        for (trigger, field) in [
            (
                json!({"eventType": "schedule", "cron": "*/5 * * * *"}),
                "more often than once an hour",
            ),
            (
                json!({"eventType": "schedule", "cron": "0 9 * *"}),
                "automation.trigger.cron",
            ),
            (
                json!({"eventType": "schedule", "cron": "0 9 * * *", "timeZone": "Mars/Base"}),
                "automation.trigger.timeZone",
            ),
        ] {
            let (s, b) = create(json!({"name": "x", "trigger": trigger, "actions": sms})).await;
            assert!(
                s == 400 && b["message"].as_str().unwrap().contains(field),
                "{field}: {b}"
            );
        }
        let (s, b) = create(json!({"name": "x", "trigger": {"eventType": "custom:x"}, "actions": [{"type": "SEND_SMS", "to": "1", "body": ""}]})).await;
        assert!(
            s == 400 && b["message"].as_str().unwrap().contains("actions[0].body"),
            "{b}"
        );

        // Every day at 9 in Paris: the firing after now starts one run, however often the
        // queue is run at that time, and queues the next day's.
        let (s, b) = create(json!({"name": "Morning", "trigger": {"eventType": "schedule", "cron": "0 9 * * *", "timeZone": "Europe/Paris"}, "actions": sms})).await;
        assert_eq!(s, 200, "{b}");
        let morning = b["automation"]["id"].as_str().unwrap().to_string();
        let now = now_millis();
        run(&shop, now).await;
        assert!(runs(&shop, &morning).await.is_empty());
        let paris = chrono::DateTime::from_timestamp_millis(now)
            .unwrap()
            .with_timezone(&chrono_tz::Europe::Paris);
        let mut nine = paris
            .date_naive()
            .and_hms_opt(9, 0, 0)
            .unwrap()
            .and_local_timezone(chrono_tz::Europe::Paris)
            .unwrap();
        if nine <= paris {
            nine += chrono::Duration::days(1);
        }
        let nine = nine.timestamp_millis();
        run(&shop, nine + 1_000).await;
        run(&shop, nine + 2_000).await;
        let list = runs(&shop, &morning).await;
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!(list[0]["status"], "DONE", "{list:?}");
        assert_eq!(
            list[0]["event"]["scheduledDate"],
            tessera_platform_time(nine)
        );
        let texts: Vec<Value> = shop
            .outbox()
            .await
            .into_iter()
            .filter(|m| m["kind"] == "sms")
            .collect();
        assert_eq!(texts.len(), 1, "{texts:?}");
        assert_eq!(texts[0]["to"], "+33 6 12 34 56 78");
        run(&shop, nine + 86_400_000 + 1_000).await;
        assert_eq!(runs(&shop, &morning).await.len(), 2);
        // Paused, it fires no more; the pending firing of the old version does nothing.
        shop.ok(
            Method::PATCH,
            &format!("/_automations/v1/automations/{morning}"),
            json!({"automation": {"status": "INACTIVE"}}),
        )
        .await;
        run(&shop, nine + 2 * 86_400_000 + 1_000).await;
        assert_eq!(runs(&shop, &morning).await.len(), 2);

        // An outside system POSTs to the inbound address: the contact is labeled and noted,
        // the member with that email gets a role.
        let mia = "mia@members.test";
        shop.app.member_cookie("shop", "mia", &[]).await;
        let (s, b) = call(
            shop.app
                .req_as(
                    Method::PUT,
                    "/api/v1/sites/shop/member-roles/gold",
                    &shop.owner,
                )
                .json(&json!({"kind": "role", "title": "Gold"})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = create(json!({
            "name": "Big spenders", "trigger": {"eventType": "inbound", "key": "chosen-by-me"},
            "conditions": {"rules": [{"field": "event.amount", "operator": "GREATER_THAN", "value": 100}]},
            "actions": [
                {"type": "ADD_LABEL", "email": "{{event.email}}", "labelKey": "custom.big-spender"},
                {"type": "ADD_NOTE", "email": "{{event.email}}", "text": "Spent {{event.amount}} at {{event.shop}}"},
                {"type": "ASSIGN_ROLE", "member": "{{event.email}}", "role": "gold"},
            ],
        }))
        .await;
        assert_eq!(s, 200, "{b}");
        let big = b["automation"]["id"].as_str().unwrap().to_string();
        let key = b["automation"]["trigger"]["key"]
            .as_str()
            .unwrap()
            .to_string();
        assert_ne!(key, "chosen-by-me", "the server picks the secret");
        // An update keeps it.
        let b = shop
            .ok(
                Method::PATCH,
                &format!("/_automations/v1/automations/{big}"),
                json!({"automation": {"name": "Big spenders!", "trigger": {"eventType": "inbound"}}}),
            )
            .await;
        assert_eq!(b["automation"]["trigger"]["key"], key.as_str());
        let outside = shop::Visitor::new(&shop.app);
        let (s, _) = outside
            .call(
                Method::POST,
                "/_automations/v1/inbound/guessed",
                json!({"email": mia, "amount": 500}),
            )
            .await;
        assert_eq!(s, 404);
        let path = format!("/_automations/v1/inbound/{key}");
        let small = outside
            .ok(Method::POST, &path, json!({"email": mia, "amount": 5}))
            .await;
        assert!(small["run"].is_null(), "the condition holds it: {small}");
        let b = outside
            .ok(
                Method::POST,
                &path,
                json!({"email": mia, "amount": 500, "shop": "Lyon"}),
            )
            .await;
        assert!(b["run"]["id"].is_string(), "{b}");
        run(&shop, now_millis()).await;
        let list = runs(&shop, &big).await;
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!(list[0]["status"], "DONE", "{list:?}");
        let contacts = shop
            .ok(
                Method::POST,
                "/contacts/v4/contacts/query",
                json!({"query": {}}),
            )
            .await;
        let contact = contacts["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| {
                c["primaryInfo"]["email"] == mia || c["info"]["emails"]["items"][0]["email"] == mia
            })
            .unwrap_or_else(|| panic!("{contacts}"))
            .clone();
        assert_eq!(
            contact["info"]["labelKeys"]["items"],
            json!(["custom.big-spender"]),
            "{contact}"
        );
        let (_, timeline) = call(shop.app.req_as(
            Method::GET,
            &format!(
                "/api/v1/sites/shop/contacts/{}/activities",
                contact["id"].as_str().unwrap()
            ),
            &shop.owner,
        ))
        .await;
        assert!(
            timeline.to_string().contains("Spent 500 at Lyon"),
            "{timeline}"
        );
        let member = shop
            .app
            .store
            .member(
                shop.app
                    .store
                    .site_by_slug("shop")
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
                "mia",
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(member.roles, ["gold"]);

        // A run waiting on an item stops when the item is deleted.
        collection(&shop, "Visits").await;
        let (s, b) = create(json!({
            "name": "Follow up", "trigger": {"eventType": "wixData_onDataItemCreated", "collectionId": "Visits"},
            "delay": {"minutes": 60}, "actions": [{"type": "NOTIFY_OWNER", "body": "follow up {{event.entity.data.name}}"}],
        }))
        .await;
        assert_eq!(s, 200, "{b}");
        let follow = b["automation"]["id"].as_str().unwrap().to_string();
        insert(&shop, "Visits", json!({"name": "kept"})).await;
        insert(&shop, "Visits", json!({"name": "gone"})).await;
        let (_, found) = call(
            shop.app
                .wix(
                    Method::POST,
                    "/wix-data/v2/items/query",
                    "shop",
                    Some(&shop.owner),
                )
                .json(
                    &json!({"dataCollectionId": "Visits", "query": {"filter": {"name": "gone"}}}),
                ),
        )
        .await;
        let gone = found["dataItems"][0]["id"].as_str().unwrap().to_string();
        let bus = shop.app.state.platform().events().subscribe();
        let (s, b) = call(shop.app.wix(
            Method::DELETE,
            &format!("/wix-data/v2/items/{gone}?dataCollectionId=Visits"),
            "shop",
            Some(&shop.owner),
        ))
        .await;
        assert_eq!(s, 200, "{b}");
        dispatch_until_item(&shop, bus).await;
        run(&shop, now_millis() + 3_601_000).await;
        let list = runs(&shop, &follow).await;
        let mut status: Vec<(&str, &str)> = list
            .iter()
            .map(|r| {
                (
                    r["event"]["entity"]["data"]["name"].as_str().unwrap(),
                    r["status"].as_str().unwrap(),
                )
            })
            .collect();
        status.sort();
        assert_eq!(status, [("gone", "CANCELED"), ("kept", "DONE")], "{list:?}");
    }
}

/// Hands every event the bus holds to the dispatcher, as the server's does.
async fn dispatch_all(
    shop: &Shop,
    bus: &mut tokio::sync::broadcast::Receiver<tessera_core::events::Event>,
) {
    while let Ok(event) = bus.try_recv() {
        tessera_http::platform::backend_events::dispatch(shop.app.state.platform(), &event)
            .await
            .unwrap();
    }
}

/// Events start runs, whose actions make events (a label added), which start runs: until
/// the bus and the queue are empty.
async fn settle(
    shop: &Shop,
    bus: &mut tokio::sync::broadcast::Receiver<tessera_core::events::Event>,
) {
    while !bus.is_empty() {
        dispatch_all(shop, bus).await;
        run(shop, now_millis()).await;
    }
}

/// What the events of `automation`'s runs have at `path` (who logged in, which label was
/// added), sorted; each run done.
async fn started_by(shop: &Shop, automation: &str, path: &str) -> Vec<String> {
    let mut got: Vec<String> = runs(shop, automation)
        .await
        .iter()
        .map(|r| {
            assert_eq!(r["status"], "DONE", "{r}");
            r["event"]
                .pointer(path)
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("no {path} in {r}"))
                .to_string()
        })
        .collect();
    got.sort();
    got
}

#[tokio::test]
async fn logins_and_labels_added_start_automations() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (s, b) = call(
            shop.app
                .req_as(
                    Method::PUT,
                    "/api/v1/sites/shop/members/settings",
                    &shop.owner,
                )
                .json(&json!({"signup": "open", "verifyEmail": false})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let mut ids = Vec::new();
        for automation in [
            // A member who logs in is labeled, which is a label added in turn.
            json!({"name": "Welcome back", "trigger": {"eventType": "wixMembers_onMemberLoggedIn"},
                   "actions": [{"type": "ADD_LABEL", "email": "{{event.entity.loginEmail}}", "labelKey": "custom.returning"}]}),
            json!({"name": "Labeled", "trigger": {"eventType": "wixCrm_onContactLabelAdded"},
                   "actions": [{"type": "NOTIFY_OWNER", "body": "{{event.labelKey}} on {{event.entity.primaryInfo.email}}"}]}),
            json!({"name": "VIPs", "trigger": {"eventType": "wixCrm_onContactLabelAdded"},
                   "conditions": {"rules": [{"field": "event.labelKey", "operator": "EQUALS", "value": "custom.vip"}]},
                   "actions": [{"type": "NOTIFY_OWNER", "body": "a new VIP"}]}),
        ] {
            let b = shop
                .ok(
                    Method::POST,
                    "/_automations/v1/automations",
                    json!({ "automation": automation }),
                )
                .await;
            ids.push(b["automation"]["id"].as_str().unwrap().to_string());
        }
        let [back, labeled, vips] = &ids[..] else {
            unreachable!()
        };
        let mut bus = shop.app.state.platform().events().subscribe();

        // Signing up is no login, nor is a wrong password; the right one is.
        let visitor = shop::Visitor::new(&shop.app);
        let ann = json!({"email": "ann@example.com", "password": "correct horse"});
        visitor
            .ok(Method::POST, "/_api/members/v1/auth/register", ann.clone())
            .await;
        let (s, b) = visitor
            .call(
                Method::POST,
                "/_api/members/v1/auth/login",
                json!({"email": "ann@example.com", "password": "wrong horse"}),
            )
            .await;
        assert_eq!(s, 401, "{b}");
        settle(&shop, &mut bus).await;
        assert!(runs(&shop, back).await.is_empty());
        visitor
            .ok(Method::POST, "/_api/members/v1/auth/login", ann.clone())
            .await;
        settle(&shop, &mut bus).await;
        assert_eq!(
            started_by(&shop, back, "/entity/loginEmail").await,
            ["ann@example.com"]
        );

        // A contact made with a label: one event; the label again: none; it and two new
        // ones: two; a list that drops two and brings one: one.
        let b = shop
            .ok(
                Method::POST,
                "/contacts/v4/contacts",
                json!({"info": {"emails": {"items": [{"email": "bo@example.com"}]}, "labelKeys": {"items": ["custom.vip"]}}}),
            )
            .await;
        let bo = b["contact"]["id"].as_str().unwrap().to_string();
        let labels = format!("/contacts/v4/contacts/{bo}/labels");
        shop.ok(Method::POST, &labels, json!({"labelKeys": ["custom.vip"]}))
            .await;
        settle(&shop, &mut bus).await;
        assert_eq!(started_by(&shop, vips, "/labelKey").await, ["custom.vip"]);
        shop.ok(
            Method::POST,
            &labels,
            json!({"labelKeys": ["custom.vip", "custom.gold", "custom.new"]}),
        )
        .await;
        shop.ok(
            Method::PATCH,
            &format!("/contacts/v4/contacts/{bo}"),
            json!({"info": {"labelKeys": {"items": ["custom.gold", "custom.late"]}}}),
        )
        .await;
        settle(&shop, &mut bus).await;
        assert_eq!(
            started_by(&shop, labeled, "/labelKey").await,
            [
                "custom.gold",
                "custom.late",
                "custom.new",
                "custom.returning",
                "custom.vip"
            ]
        );
        // The payload is the contact's, as it is with the label.
        let late = runs(&shop, labeled)
            .await
            .into_iter()
            .find(|r| r["event"]["labelKey"] == "custom.late")
            .unwrap();
        assert_eq!(
            (
                &late["event"]["entity"]["primaryInfo"]["email"],
                &late["event"]["entity"]["info"]["labelKeys"],
                &late["event"]["metadata"]["entityId"],
            ),
            (
                &json!("bo@example.com"),
                &json!(["custom.gold", "custom.late"]),
                &json!(bo)
            ),
            "{late}"
        );
        assert_eq!(started_by(&shop, vips, "/labelKey").await, ["custom.vip"]);
        // Logging in again labels Ann's contact again: it has the label, so no event.
        visitor
            .ok(Method::POST, "/_api/members/v1/auth/login", ann)
            .await;
        settle(&shop, &mut bus).await;
        assert_eq!(runs(&shop, back).await.len(), 2);
        assert_eq!(runs(&shop, labeled).await.len(), 5);
    }
}

/// Runs what is due at `now` on node `p` until nothing is left.
async fn run_on(p: &tessera_http::platform::Platform, now: i64) {
    while tessera_automations::run_due(p, now).await.unwrap() > 0 {}
}

#[tokio::test]
async fn two_nodes_share_the_queue_and_a_node_dying_mid_run_loses_and_repeats_nothing() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        collection(&shop, "Log").await;
        let other = shop.app.second_node().await;
        let (a, b) = (shop.app.state.platform(), other.platform());
        let created = shop
            .ok(
                Method::POST,
                "/_automations/v1/automations",
                json!({"automation": {
                    "name": "Welcome", "trigger": {"eventType": "custom:joined"},
                    "actions": [
                        {"type": "SEND_EMAIL", "to": "{{event.email}}", "subject": "Welcome", "body": "Hello {{event.n}}"},
                        {"type": "CREATE_ITEM", "collectionId": "Log", "data": {"name": "joined {{event.n}}"}},
                        {"type": "NOTIFY_OWNER", "body": "{{event.n}} joined"},
                    ],
                }}),
            )
            .await;
        let welcome = created["automation"]["id"].as_str().unwrap().to_string();
        let report = |n: usize| {
            let shop = &shop;
            async move {
                shop.ok(
                    Method::POST,
                    "/automations/v1/events/report",
                    json!({"triggerKey": "joined", "payload": {"n": n, "email": format!("p{n}@example.com")}}),
                )
                .await;
            }
        };
        let counts = || {
            let shop = &shop;
            async move {
                let mail = shop
                    .outbox()
                    .await
                    .iter()
                    .filter(|m| m["subject"] == "Welcome")
                    .count();
                let (_, items) = call(
                    shop.app
                        .wix(Method::POST, "/wix-data/v2/items/query", "shop", Some(&shop.owner))
                        .json(&json!({"dataCollectionId": "Log", "query": {"paging": {"limit": 1000}}})),
                )
                .await;
                let (_, notes) = call(shop.app.req_as(
                    Method::GET,
                    "/api/v1/sites/shop/notifications",
                    &shop.owner,
                ))
                .await;
                let notes = notes.to_string().matches(" joined").count();
                (mail, items["dataItems"].as_array().unwrap().len(), notes)
            }
        };

        // A node takes the run and dies before it reports: the other waits out its lease,
        // then does the run.
        report(0).await;
        let now = now_millis();
        let run = runs(&shop, &welcome).await[0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let site = shop
            .app
            .store
            .site_by_slug("shop")
            .await
            .unwrap()
            .unwrap()
            .id;
        assert!(
            shop.app
                .store
                .claim_work(site, &run, 0, now + 60_000)
                .await
                .unwrap()
        );
        run_on(b, now).await;
        assert_eq!(runs(&shop, &welcome).await[0]["status"], "PENDING");
        run_on(b, now + 61_000).await;
        let r = runs(&shop, &welcome).await[0].clone();
        assert_eq!(r["status"], "DONE", "{r}");
        assert_eq!(counts().await, (1, 1, 1));

        // A node does the steps and dies before it stores that it did them: the run is
        // done again from its first step, and nothing is sent, written or told twice.
        let mut stored = shop.app.store.work_item(site, &run).await.unwrap().unwrap();
        (stored.status, stored.step, stored.attempts, stored.due_at) = ("pending".into(), 0, 0, 0);
        stored.doc["steps"] = json!([]);
        shop.app.store.update_work(&stored).await.unwrap();
        run_on(a, now_millis()).await;
        assert_eq!(runs(&shop, &welcome).await[0]["status"], "DONE");
        assert_eq!(counts().await, (1, 1, 1));

        // Twenty events, both nodes working the queue at once: each run once.
        for n in 1..=20 {
            report(n).await;
        }
        let now = now_millis();
        tokio::join!(run_on(a, now), run_on(b, now));
        let list = runs(&shop, &welcome).await;
        assert_eq!(list.len(), 21);
        assert!(list.iter().all(|r| r["status"] == "DONE"), "{list:?}");
        assert_eq!(counts().await, (21, 21, 21));
    }
}

fn tessera_platform_time(at: i64) -> String {
    tessera_http::platform::time(at)
}

#[tokio::test]
async fn every_trigger_publishes_a_sample_payload_and_its_fields() {
    // The catalogue is the server's, not the database's: one backend says it.
    let backend = backends().into_iter().next().unwrap();
    let shop = Shop::new(TestApp::spawn(backend).await).await;
    let b = shop
        .ok(Method::GET, "/_automations/v1/triggers", json!(null))
        .await;
    let triggers = b["triggers"].as_array().unwrap();
    let hooks = shop
        .ok(Method::GET, "/_webhooks/v1/event-types", json!(null))
        .await;
    // Webhooks list the same event types; automations add the triggers that are not events.
    let kinds: Vec<&Value> = triggers.iter().filter(|t| t["kind"] == true).collect();
    assert_eq!(
        kinds
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["custom:", "schedule", "inbound"]
    );
    assert_eq!(
        hooks["eventTypes"].as_array().unwrap().len() + kinds.len(),
        triggers.len()
    );
    for t in triggers.iter().filter(|t| t["kind"] != true) {
        let fields = t["fields"].as_array().unwrap();
        assert!(t["sample"].is_object() && !fields.is_empty(), "{t}");
        for f in fields {
            assert!(
                f["path"].is_string() && f["title"].is_string() && f["type"].is_string(),
                "{f}"
            );
        }
    }
    let form = triggers
        .iter()
        .find(|t| t["name"] == "wixForms_onFormSubmit")
        .unwrap();
    let email = form["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "entity.submissionData.email")
        .unwrap();
    assert_eq!(email["title"], "Submission data › Email");
    assert_eq!(
        form["sample"]["entity"]["submissionData"]["email"],
        "ann@example.com"
    );
    // The new triggers: a member's login, and a label added with its key beside the contact.
    for (name, title) in [
        ("wixMembers_onMemberLoggedIn", "Member logged in"),
        ("wixCrm_onContactLabelAdded", "Label added to a contact"),
    ] {
        let t = triggers.iter().find(|t| t["name"] == name).unwrap();
        assert_eq!(t["title"], title);
    }
    let label = triggers
        .iter()
        .find(|t| t["name"] == "wixCrm_onContactLabelAdded")
        .unwrap();
    assert!(
        label["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "labelKey" && f["type"] == "text"),
        "{label}"
    );
    // The test clock is off but in browser tests: no route to move it.
    let (s, _) = shop
        .wix(
            Method::POST,
            "/_automations/v1/test-clock",
            json!({"advanceMinutes": 1}),
        )
        .await;
    assert_eq!(s, 404);
}
