//! Pricing plans over HTTP on every backend: plans made, changed, hidden and archived, bad
//! input refused naming the field; an offline grant gives the plan's role (its collection
//! opens) and takes it away when the order ends; cancel now or at the end of the cycle,
//! pause and resume; the scheduler stepped with the time it is given, never slept for.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends};

mod shop;
use shop::{Shop, Visitor};

const DAY: i64 = 24 * 3600 * 1000;

fn monthly() -> Value {
    json!({"plan": {
        "name": "Gold Club", "description": "Everything", "perks": {"values": ["Recipes", "Videos"]},
        "pricing": {"subscription": {"cycleDuration": {"count": 1, "unit": "MONTH"}, "cycleCount": 0},
                    "price": {"value": "10.00", "currency": "USD"}},
        "benefits": {"bookingSessions": {"count": 2, "serviceIds": ["svc-1"]}},
    }})
}

async fn plan(shop: &Shop, body: Value) -> Value {
    shop.ok(Method::POST, "/pricing-plans/v2/plans", body).await["plan"].clone()
}

async fn order(shop: &Shop, id: &str) -> Value {
    shop.ok(
        Method::GET,
        &format!("/pricing-plans/v2/orders/{id}"),
        json!(null),
    )
    .await["order"]
        .clone()
}

/// The roles member `id` holds.
async fn roles(shop: &Shop, id: &str) -> Vec<String> {
    let site = shop.app.store.site_by_slug("shop").await.unwrap().unwrap();
    shop.app
        .store
        .member(site.id, id)
        .await
        .unwrap()
        .unwrap()
        .roles
}

/// Runs the plans' scheduler as if it were `at`; how many orders it changed.
async fn step(shop: &Shop, at: i64) -> usize {
    tessera_plans::run_due(shop.app.state.platform(), at)
        .await
        .unwrap()
}

fn millis(v: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .timestamp_millis()
}

#[tokio::test]
async fn plans_are_made_changed_hidden_and_archived() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let gold = plan(&shop, monthly()).await;
        assert_eq!(gold["slug"], "gold-club");
        assert_eq!(gold["public"], true);
        assert_eq!(gold["hasOrders"], false);
        assert_eq!(gold["perks"]["values"], json!(["Recipes", "Videos"]));
        assert!(gold["roleId"].as_str().unwrap().starts_with("plan-"));
        let free = plan(&shop, json!({"plan": {"name": "Free", "pricing": {"singlePaymentUnlimited": true, "price": {"value": "0"}}}})).await;
        let week = plan(&shop, json!({"plan": {"name": "Week pass", "public": false,
            "pricing": {"singlePaymentForDuration": {"count": 7, "unit": "DAY"}, "price": {"value": "3"}}}})).await;

        // Bad input: the field is named and nothing is made.
        for (body, field) in [
            (
                json!({"plan": {"name": "X", "pricing": {"singlePaymentUnlimited": true, "price": {"value": "-1"}}}}),
                "plan.pricing.price.value",
            ),
            (
                json!({"plan": {"name": "X", "pricing": {"subscription": {"cycleDuration": {"count": 1, "unit": "FORTNIGHT"}}, "price": {"value": "5"}}}}),
                "plan.pricing.subscription.cycleDuration.unit",
            ),
            (
                json!({"plan": {"name": "X", "pricing": {"subscription": {"cycleDuration": {"count": 1, "unit": "MONTH"}}, "price": {"value": "0"}}}}),
                "plan.pricing.price.value",
            ),
            (
                json!({"plan": {"name": "X", "pricing": {"singlePaymentUnlimited": true, "price": {"value": "5"}, "freeTrialDays": 7}}}),
                "plan.pricing.freeTrialDays",
            ),
            (
                json!({"plan": {"pricing": {"singlePaymentUnlimited": true, "price": {"value": "5"}}}}),
                "plan.name",
            ),
            (
                json!({"plan": {"name": "X", "pricing": {"price": {"value": "5"}}}}),
                "plan.pricing",
            ),
        ] {
            let (s, b) = shop
                .wix(Method::POST, "/pricing-plans/v2/plans", body)
                .await;
            assert_eq!(s, 400, "{b}");
            assert!(
                b["message"].as_str().unwrap().contains(field),
                "{field}: {b}"
            );
        }
        let all = shop
            .ok(Method::GET, "/pricing-plans/v2/plans", json!(null))
            .await;
        assert_eq!(all["plans"].as_array().unwrap().len(), 3, "{all}");

        // Changed, with the same checks.
        let id = gold["id"].as_str().unwrap();
        let (s, b) = shop
            .wix(
                Method::PATCH,
                &format!("/pricing-plans/v2/plans/{id}"),
                json!({"plan": {"maxPurchasesPerBuyer": -2}}),
            )
            .await;
        assert_eq!(s, 400, "{b}");
        let b = shop
            .ok(
                Method::PATCH,
                &format!("/pricing-plans/v2/plans/{id}"),
                json!({"plan": {"name": "Gold", "primary": true}}),
            )
            .await;
        assert_eq!(
            (b["plan"]["name"].as_str(), b["plan"]["primary"].as_bool()),
            (Some("Gold"), Some(true))
        );
        assert_eq!(b["plan"]["pricing"]["price"]["value"], "10.00");

        // The public see public plans that are not archived, primary first.
        let visitor = Visitor::new(&shop.app);
        let public = visitor
            .ok(Method::GET, "/pricing-plans/v2/plans/public", json!(null))
            .await;
        let names: Vec<&str> = public["plans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Gold", "Free"], "{public}");
        assert!(
            public["plans"][0]["roleId"].is_null(),
            "no role for the public"
        );
        let q = visitor
            .ok(
                Method::POST,
                "/pricing-plans/v2/plans/public/query",
                json!({"query": {"filter": {"name": "Free"}}}),
            )
            .await;
        assert_eq!(q["plans"].as_array().unwrap().len(), 1);
        assert_eq!(q["plans"][0]["id"], free["id"]);
        let (s, _) = visitor
            .call(Method::GET, "/pricing-plans/v2/plans", json!(null))
            .await;
        assert_eq!(s, 403, "the owner's list is the owner's");

        let week_id = week["id"].as_str().unwrap();
        shop.ok(
            Method::PUT,
            &format!("/pricing-plans/v2/plans/{week_id}/visibility"),
            json!({"visible": true}),
        )
        .await;
        let b = shop
            .ok(
                Method::POST,
                &format!("/pricing-plans/v2/plans/{week_id}/archive"),
                json!({}),
            )
            .await;
        assert_eq!(
            (
                b["plan"]["archived"].as_bool(),
                b["plan"]["public"].as_bool()
            ),
            (Some(true), Some(false))
        );
        let (s, _) = shop
            .wix(
                Method::POST,
                &format!("/pricing-plans/v2/plans/{week_id}/archive"),
                json!({}),
            )
            .await;
        assert_eq!(s, 400);
        let public = visitor
            .ok(Method::GET, "/pricing-plans/v2/plans/public", json!(null))
            .await;
        assert_eq!(public["plans"].as_array().unwrap().len(), 2);
        let archived = shop
            .ok(
                Method::GET,
                "/pricing-plans/v2/plans?archived=true",
                json!(null),
            )
            .await;
        assert_eq!(archived["plans"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn an_offline_grant_opens_what_the_plan_locks_until_it_ends() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let gold = plan(&shop, monthly()).await;
        let (plan_id, role) = (
            gold["id"].as_str().unwrap(),
            gold["roleId"].as_str().unwrap(),
        );
        shop.ok(
            Method::POST,
            "/wix-data/v2/collections",
            json!({"collection": {
            "id": "Recipes", "fields": [{"key": "title", "type": "TEXT"}],
            "permissions": {"read": "SITE_MEMBER", "insert": "CMS_EDITOR", "update": "CMS_EDITOR",
                            "remove": "CMS_EDITOR", "memberRoles": [role]}}}),
        )
        .await;
        let ann = Visitor::member(&shop.app, "ann", &[]).await;
        let recipes = || {
            ann.call(
                Method::POST,
                "/wix-data/v2/items/query",
                json!({"dataCollectionId": "Recipes"}),
            )
        };
        assert_eq!(recipes().await.0, 403, "locked before the plan");

        // Bad grants change nothing.
        for (body, field) in [
            (json!({"planId": plan_id}), "memberId"),
            (json!({"planId": "nope", "memberId": "ann"}), "planId"),
            (json!({"planId": plan_id, "memberId": "nobody"}), "memberId"),
        ] {
            let (s, b) = shop
                .wix(
                    Method::POST,
                    "/pricing-plans/v2/checkout/orders/offline",
                    body,
                )
                .await;
            assert!(s >= 400, "{b}");
            assert!(
                b["message"].as_str().unwrap().contains(field),
                "{field}: {b}"
            );
        }
        let b = shop
            .ok(
                Method::POST,
                "/pricing-plans/v2/checkout/orders/offline",
                json!({"planId": plan_id, "memberId": "ann"}),
            )
            .await;
        let o = &b["order"];
        let id = o["id"].as_str().unwrap().to_string();
        assert_eq!(
            (
                o["status"].as_str(),
                o["type"].as_str(),
                o["lastPaymentStatus"].as_str()
            ),
            (Some("ACTIVE"), Some("OFFLINE"), Some("UNPAID"))
        );
        assert_eq!(o["currentCycle"]["index"], 1);
        assert_eq!(recipes().await.0, 200, "the plan opens the collection");
        let got = shop
            .ok(
                Method::GET,
                &format!("/pricing-plans/v2/plans/{plan_id}"),
                json!(null),
            )
            .await;
        assert_eq!(got["plan"]["hasOrders"], true);
        let (s, b) = shop.wix(Method::PATCH, &format!("/pricing-plans/v2/plans/{plan_id}"), json!({"plan": {"pricing": {"singlePaymentUnlimited": true, "price": {"value": "1"}}}})).await;
        assert_eq!(s, 400, "an ordered plan keeps its pricing: {b}");

        // Her own orders, and the owner marks it paid.
        let mine = ann
            .ok(Method::GET, "/pricing-plans/v2/member/orders", json!(null))
            .await;
        assert_eq!(mine["orders"][0]["id"], id.as_str());
        let b = shop
            .ok(
                Method::POST,
                &format!("/pricing-plans/v2/orders/{id}/mark-as-paid"),
                json!({}),
            )
            .await;
        assert_eq!(b["order"]["lastPaymentStatus"], "PAID");

        // A booking session of the plan's service, twice, then none left.
        let p = shop.app.state.platform();
        let site = shop.app.store.site_by_slug("shop").await.unwrap().unwrap();
        let op = p
            .modules()
            .iter()
            .flat_map(|m| m.host_ops())
            .find(|(n, _)| *n == "plans")
            .unwrap()
            .1;
        let who = tessera_platform::module::CodeCaller {
            site,
            caller: tessera_core::data::DataCaller::Code { member: None },
            visitor: String::new(),
        };
        let use_one = |service: &str| {
            op(
                p.clone(),
                who.clone(),
                json!({"method": "useSession", "memberId": "ann", "serviceId": service}),
            )
        };
        assert_eq!(use_one("svc-1").await.unwrap()["remaining"], 1);
        assert_eq!(
            use_one("svc-2").await.unwrap()["ok"],
            false,
            "another service"
        );
        assert_eq!(use_one("svc-1").await.unwrap()["remaining"], 0);
        assert_eq!(use_one("svc-1").await.unwrap()["ok"], false, "none left");

        // The month goes by: an offline plan's next cycle starts unpaid.
        let now = tessera_core::now_millis();
        assert_eq!(step(&shop, now).await, 0, "nothing due yet");
        let end = millis(&order(&shop, &id).await["currentCycle"]["endedDate"]);
        assert_eq!(step(&shop, end + 1).await, 1);
        assert_eq!(step(&shop, end + 1).await, 0, "each cycle once");
        let o = order(&shop, &id).await;
        assert_eq!(
            (
                o["currentCycle"]["index"].as_i64(),
                o["lastPaymentStatus"].as_str()
            ),
            (Some(2), Some("UNPAID"))
        );
        assert_eq!(
            use_one("svc-1").await.unwrap()["remaining"],
            1,
            "the plan's sessions again each cycle"
        );

        // Paused: the role goes; resumed: it comes back, with the cycle moved on.
        shop.ok(
            Method::POST,
            &format!("/pricing-plans/v2/orders/{id}/pause"),
            json!({}),
        )
        .await;
        assert_eq!(recipes().await.0, 403, "paused");
        let (s, _) = shop
            .wix(
                Method::POST,
                &format!("/pricing-plans/v2/orders/{id}/pause"),
                json!({}),
            )
            .await;
        assert_eq!(s, 400, "paused already");
        let b = shop
            .ok(
                Method::POST,
                &format!("/pricing-plans/v2/orders/{id}/resume"),
                json!({}),
            )
            .await;
        assert_eq!(b["order"]["status"], "ACTIVE");
        assert_eq!(b["order"]["pausePeriods"][0]["status"], "ENDED");
        assert_eq!(recipes().await.0, 200, "resumed");

        // At the end of the cycle: it runs to the end, then goes, with its role.
        let (s, b) = shop
            .wix(
                Method::POST,
                &format!("/pricing-plans/v2/orders/{id}/cancel"),
                json!({"effectiveAt": "SOMETIME"}),
            )
            .await;
        assert_eq!(s, 400);
        assert!(b["message"].as_str().unwrap().contains("effectiveAt"));
        let b = shop
            .ok(
                Method::POST,
                &format!("/pricing-plans/v2/orders/{id}/cancel"),
                json!({"effectiveAt": "NEXT_PAYMENT_DATE"}),
            )
            .await;
        assert_eq!(
            (
                b["order"]["status"].as_str(),
                b["order"]["autoRenewCanceled"].as_bool()
            ),
            (Some("ACTIVE"), Some(true))
        );
        assert_eq!(recipes().await.0, 200, "until the end of the cycle");
        let end = millis(&b["order"]["currentCycle"]["endedDate"]);
        assert_eq!(step(&shop, end + 1).await, 1);
        let o = order(&shop, &id).await;
        assert_eq!(
            (o["status"].as_str(), o["cancellation"]["cause"].as_str()),
            (Some("CANCELED"), Some("OWNER_ACTION"))
        );
        assert_eq!(recipes().await.0, 403, "the role went with the order");
    }
}

#[tokio::test]
async fn members_cancel_at_once_and_terms_end() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let week = plan(&shop, json!({"plan": {"name": "Week", "maxPurchasesPerBuyer": 2,
            "pricing": {"singlePaymentForDuration": {"count": 1, "unit": "WEEK"}, "price": {"value": "3"}}}})).await;
        let locked = plan(
            &shop,
            json!({"plan": {"name": "Locked", "buyerCanCancel": false,
            "pricing": {"singlePaymentUnlimited": true, "price": {"value": "0"}}}}),
        )
        .await;
        let bo = Visitor::member(&shop.app, "bo", &[]).await;
        let grant = |plan: &Value| {
            let body = json!({"planId": plan["id"], "memberId": "bo", "paid": true});
            let shop = &shop;
            async move {
                shop.ok(
                    Method::POST,
                    "/pricing-plans/v2/checkout/orders/offline",
                    body,
                )
                .await["order"]
                    .clone()
            }
        };
        let first = grant(&week).await;
        assert_eq!(first["lastPaymentStatus"], "PAID");
        let end = millis(&first["endDate"]);
        assert_eq!(end - millis(&first["startDate"]), 7 * DAY);
        let role = week["roleId"].as_str().unwrap();
        assert!(roles(&shop, "bo").await.contains(&role.to_string()));

        // The term ends: ENDED, the role goes.
        assert_eq!(step(&shop, end + 1).await, 1);
        let o = order(&shop, first["id"].as_str().unwrap()).await;
        assert_eq!(o["status"], "ENDED");
        assert!(!roles(&shop, "bo").await.contains(&role.to_string()));

        // Bought again, canceled by the member at once; a third is over the limit.
        let second = grant(&week).await;
        let id = second["id"].as_str().unwrap();
        let b = bo
            .ok(
                Method::POST,
                &format!("/pricing-plans/v2/member/orders/{id}/cancel"),
                json!({"effectiveAt": "IMMEDIATELY"}),
            )
            .await;
        assert_eq!(
            (
                b["order"]["status"].as_str(),
                b["order"]["cancellation"]["cause"].as_str()
            ),
            (Some("CANCELED"), Some("MEMBER_ACTION"))
        );
        assert!(!roles(&shop, "bo").await.contains(&role.to_string()));
        let (s, b) = shop
            .wix(
                Method::POST,
                "/pricing-plans/v2/checkout/orders/offline",
                json!({"planId": week["id"], "memberId": "bo"}),
            )
            .await;
        assert_eq!(s, 400, "{b}");

        // A plan its buyer may not cancel, and another member's order, are refused.
        let kept = grant(&locked).await;
        let kept_id = kept["id"].as_str().unwrap();
        let (s, b) = bo
            .call(
                Method::POST,
                &format!("/pricing-plans/v2/member/orders/{kept_id}/cancel"),
                json!({"effectiveAt": "IMMEDIATELY"}),
            )
            .await;
        assert_eq!(s, 400, "{b}");
        let cy = Visitor::member(&shop.app, "cy", &[]).await;
        let (s, _) = cy
            .call(
                Method::POST,
                &format!("/pricing-plans/v2/member/orders/{kept_id}/cancel"),
                json!({"effectiveAt": "IMMEDIATELY"}),
            )
            .await;
        assert_eq!(s, 404);
        assert_eq!(order(&shop, kept_id).await["status"], "ACTIVE");
    }
}

/// A plan line of the store's cart.
fn plan_line(plan: &Value) -> Value {
    json!({"catalogReference": {"catalogItemId": plan["id"], "appId": tessera_plans::PLANS_APP_ID}, "quantity": 1})
}

/// Ann (a member) buys `plan` through the store's checkout, paying with the test card
/// `card`: the store order's id.
async fn buy(shop: &Shop, who: &Visitor, plan: &Value, card: &str) -> String {
    let order = pay_for(who, plan, card).await;
    // The plan follows its store order through the event queue.
    shop.deliver().await;
    order
}

/// As `buy`, leaving the store order's events queued.
async fn pay_for(who: &Visitor, plan: &Value, card: &str) -> String {
    let order = order_of(who, plan, "test").await;
    let (s, b) = who
        .call(
            Method::POST,
            &format!("/_stores/v1/orders/{order}/pay"),
            json!({"cardNumber": card}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    order
}

/// A store order of `plan` for `who`, to pay through `provider`: its id.
async fn order_of(who: &Visitor, plan: &Value, provider: &str) -> String {
    who.ok(
        Method::POST,
        "/ecom/v1/carts/current/add-to-cart",
        json!({"lineItems": [plan_line(plan)]}),
    )
    .await;
    let b = who
        .ok(
            Method::POST,
            "/ecom/v1/carts/current/create-checkout",
            json!({"email": "ann@example.com", "billingAddress": shop::address()}),
        )
        .await;
    let checkout = b["checkoutId"].as_str().unwrap().to_string();
    let b = who
        .ok(
            Method::POST,
            &format!("/ecom/v1/checkouts/{checkout}/create-order"),
            json!({ "paymentProvider": provider }),
        )
        .await;
    b["orderId"].as_str().unwrap().to_string()
}

/// A store order's `created` and `paid` reach its plan through the event queue at least once:
/// delivered at the same time by two nodes, or `paid` again after a node died applying it,
/// they make one plan order, started and paid once.
#[tokio::test]
async fn a_plan_follows_its_store_order_once_however_often_it_is_told() {
    use tessera_http::platform::backend_events::deliver_due;
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let gold = plan(&shop, monthly()).await;
        let p = shop.app.state.platform();
        let ann = Visitor::member(&shop.app, "ann", &[]).await;
        pay_for(&ann, &gold, "4242 4242 4242 4242").await;
        let now = tessera_core::now_millis();
        let (a, b) = tokio::join!(deliver_due(p, now), deliver_due(p, now));
        assert!(a.unwrap() + b.unwrap() >= 2);
        let bo = Visitor::member(&shop.app, "bo", &[]).await;
        pay_for(&bo, &gold, "4242 4242 4242 4242").await;
        shop.redelivered("module:plans:order_paid").await;
        shop.deliver().await;
        for who in [&ann, &bo] {
            let mine = who
                .ok(Method::GET, "/pricing-plans/v2/member/orders", json!(null))
                .await;
            let orders = mine["orders"].as_array().unwrap();
            assert_eq!(orders.len(), 1, "{mine}");
            assert_eq!(
                (
                    orders[0]["status"].as_str(),
                    orders[0]["lastPaymentStatus"].as_str(),
                    orders[0]["payments"].as_array().map(Vec::len)
                ),
                (Some("ACTIVE"), Some("PAID"), Some(1)),
                "{mine}"
            );
        }
    }
}

#[tokio::test]
async fn a_member_buys_a_plan_through_the_store_and_it_renews() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let gold = plan(&shop, monthly()).await;
        let role = gold["roleId"].as_str().unwrap().to_string();

        // A visitor who is not signed in is told to log in; nothing is added.
        let visitor = Visitor::new(&shop.app);
        let (s, b) = visitor
            .call(
                Method::POST,
                "/ecom/v1/carts/current/add-to-cart",
                json!({"lineItems": [plan_line(&gold)]}),
            )
            .await;
        assert!(s >= 400, "{b}");
        assert!(b["message"].as_str().unwrap().contains("log in"), "{b}");

        let ann = Visitor::member(&shop.app, "ann", &[]).await;
        let store_order = buy(&shop, &ann, &gold, "4242 4242 4242 4242").await;
        let mine = ann
            .ok(Method::GET, "/pricing-plans/v2/member/orders", json!(null))
            .await;
        let o = &mine["orders"][0];
        assert_eq!(
            (
                o["status"].as_str(),
                o["type"].as_str(),
                o["lastPaymentStatus"].as_str()
            ),
            (Some("ACTIVE"), Some("ONLINE"), Some("PAID")),
            "{mine}"
        );
        assert_eq!(o["wixPayOrderId"], store_order.as_str());
        assert!(roles(&shop, "ann").await.contains(&role));
        let id = o["id"].as_str().unwrap().to_string();

        // The month ends: the store charges the saved test card for the next cycle, once
        // though two nodes run the scheduler at the same time.
        let end = millis(&o["currentCycle"]["endedDate"]);
        let (a, b) = tokio::join!(step(&shop, end + 1), step(&shop, end + 1));
        assert_eq!(a + b, 1, "one node renews it");
        let o = order(&shop, &id).await;
        assert_eq!(
            (
                o["currentCycle"]["index"].as_i64(),
                o["lastPaymentStatus"].as_str()
            ),
            (Some(2), Some("PAID")),
            "{o}"
        );
        let renewal = o["payments"][1]["storeOrderId"]
            .as_str()
            .unwrap()
            .to_string();
        assert_ne!(renewal, store_order);
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/orders/{renewal}"),
                json!(null),
            )
            .await;
        assert_eq!(b["order"]["paymentStatus"], "PAID", "{b}");
        assert_eq!(b["order"]["priceSummary"]["total"]["amount"], "10.00");
        assert_eq!(step(&shop, end + 1).await, 0, "each cycle once");

        // The owner refunds the store order it was bought with: the plan is canceled and
        // the role goes.
        shop.ok(
            Method::POST,
            &format!("/ecom/v1/payments/orders/{store_order}/refund"),
            json!({}),
        )
        .await;
        shop.deliver().await;
        let o = order(&shop, &id).await;
        assert_eq!(o["status"], "CANCELED", "{o}");
        assert!(!roles(&shop, "ann").await.contains(&role));
    }
}

#[tokio::test]
async fn declined_renewals_are_retried_then_the_plan_ends() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let gold = plan(&shop, monthly()).await;
        let role = gold["roleId"].as_str().unwrap().to_string();
        let bo = Visitor::member(&shop.app, "bo", &[]).await;
        // A card that pays once, then is declined: the test provider's "declines after
        // attaching" card, as Stripe's 4000 0000 0000 0341.
        buy(&shop, &bo, &gold, "4000 0000 0000 0341").await;
        let mine = bo
            .ok(Method::GET, "/pricing-plans/v2/member/orders", json!(null))
            .await;
        let id = mine["orders"][0]["id"].as_str().unwrap().to_string();
        let end = millis(&mine["orders"][0]["currentCycle"]["endedDate"]);

        assert_eq!(step(&shop, end + 1).await, 1);
        let o = order(&shop, &id).await;
        assert_eq!(
            (o["status"].as_str(), o["lastPaymentStatus"].as_str()),
            (Some("ACTIVE"), Some("FAILED")),
            "{o}"
        );
        assert!(
            roles(&shop, "bo").await.contains(&role),
            "kept while it is retried"
        );
        assert_eq!(
            step(&shop, end + DAY / 2).await,
            0,
            "not retried before a day"
        );
        assert_eq!(step(&shop, end + DAY + 2).await, 1, "the first retry");
        assert_eq!(order(&shop, &id).await["status"], "ACTIVE");
        assert_eq!(step(&shop, end + 3 * DAY + 2).await, 1, "the last retry");
        let o = order(&shop, &id).await;
        assert_eq!(
            (o["status"].as_str(), o["cancellation"]["cause"].as_str()),
            (Some("ENDED"), Some("PAYMENT_FAILURE")),
            "{o}"
        );
        assert!(
            !roles(&shop, "bo").await.contains(&role),
            "access ends with the plan"
        );
        assert_eq!(step(&shop, end + 30 * DAY).await, 0);
    }
}

/// The shop takes Stripe payments with a fresh key of localstripe's (started by the test
/// command), if it runs: the key.
async fn with_stripe(shop: &Shop) -> Option<String> {
    if tessera_testkit::stripe_url().is_none() {
        eprintln!("TESSERA_TEST_STRIPE_URL is not set (the test command starts localstripe)");
        return None;
    }
    let key = format!("sk_test_{}", uuid::Uuid::new_v4().simple());
    let (s, b) = tessera_testkit::call(
        shop.app
            .req_as(
                Method::PUT,
                "/api/v1/sites/shop/secrets/STRIPE_SECRET_KEY",
                &shop.owner,
            )
            .json(&json!({"value": key})),
    )
    .await;
    assert!(s == 201 || s == 200, "{b}");
    shop.ok(
        Method::PATCH,
        "/stores/v1/settings",
        json!({"settings": {"paymentProviders": ["stripe", "test"]}}),
    )
    .await;
    Some(key)
}

/// A GET (or, with a form, a POST) to localstripe with `key`.
async fn stripe(key: &str, path: &str, form: Option<&[(&str, &str)]>) -> Value {
    let url = format!("{}{path}", tessera_testkit::stripe_url().unwrap());
    let client = reqwest::Client::new();
    let req = match form {
        Some(form) => client.post(url).form(form),
        None => client.get(url),
    };
    req.basic_auth(key, Some(""))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// `who` buys `plan` through the store with Stripe, with a PaymentMethod of a card as
/// Stripe.js makes it: the store order, the pay call's answer and the PaymentMethod.
async fn buy_with_stripe(
    shop: &Shop,
    key: &str,
    who: &Visitor,
    plan: &Value,
) -> (String, Value, Value) {
    let order = order_of(who, plan, "stripe").await;
    let pm = stripe(
        key,
        "/v1/payment_methods",
        Some(&[
            ("type", "card"),
            ("card[number]", "4242424242424242"),
            ("card[exp_month]", "12"),
            ("card[exp_year]", "2034"),
            ("card[cvc]", "123"),
        ]),
    )
    .await;
    let paid = who
        .ok(
            Method::POST,
            &format!("/_stores/v1/orders/{order}/pay"),
            json!({"paymentMethod": pm["id"]}),
        )
        .await;
    shop.deliver().await;
    (order, paid, pm)
}

/// The member's one plan order: its id and the end of its current cycle.
async fn only_order(who: &Visitor) -> (String, Value) {
    let mine = who
        .ok(Method::GET, "/pricing-plans/v2/member/orders", json!(null))
        .await;
    let o = &mine["orders"][0];
    assert_eq!(o["status"], "ACTIVE", "{mine}");
    (o["id"].as_str().unwrap().to_string(), o.clone())
}

/// The scheduler ends the plan order's current cycle: the renewal's store order was paid
/// through Stripe, off-session; the PaymentIntent as localstripe has it.
async fn renewed_with_stripe(shop: &Shop, key: &str, id: &str, end: i64, cycle: i64) -> Value {
    assert_eq!(step(shop, end + 1).await, 1);
    let o = order(shop, id).await;
    assert_eq!(
        (
            o["currentCycle"]["index"].as_i64(),
            o["lastPaymentStatus"].as_str()
        ),
        (Some(cycle), Some("PAID")),
        "{o}"
    );
    let renewal = o["payments"].as_array().unwrap().last().unwrap()["storeOrderId"]
        .as_str()
        .unwrap()
        .to_string();
    let b = shop
        .ok(
            Method::GET,
            &format!("/ecom/v1/payments/orders/{renewal}"),
            json!(null),
        )
        .await;
    let intent =
        b["orderTransactions"]["payments"][0]["regularPaymentDetails"]["providerTransactionId"]
            .as_str()
            .unwrap()
            .to_string();
    assert!(intent.starts_with("pi_"), "{b}");
    stripe(key, &format!("/v1/payment_intents/{intent}"), None).await
}

/// Stripe through localstripe: the first cycle is paid with a PaymentMethod as Stripe.js
/// makes it, kept on a customer; the renewal is charged to it off-session, by the scheduler.
#[tokio::test]
async fn a_plan_paid_with_stripe_renews_off_session() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let Some(key) = with_stripe(&shop).await else {
            return;
        };
        let gold = plan(&shop, monthly()).await;
        let ann = Visitor::member(&shop.app, "ann", &[]).await;
        let (_, paid, pm) = buy_with_stripe(&shop, &key, &ann, &gold).await;
        assert_eq!(paid["transactionStatus"], "APPROVED", "{paid}");
        let (id, o) = only_order(&ann).await;
        let charged =
            renewed_with_stripe(&shop, &key, &id, millis(&o["currentCycle"]["endedDate"]), 2).await;
        assert_eq!(
            (charged["status"].as_str(), charged["amount"].as_i64()),
            (Some("succeeded"), Some(1000)),
            "{charged}"
        );
        assert_eq!(charged["payment_method"], pm["id"]);
    }
}

/// A free trial bought with Stripe costs nothing now: no PaymentIntent (Stripe charges no
/// 0), but a SetupIntent that saves the card on a customer for use off-session, and the
/// renewal at the trial's end charges that card.
#[tokio::test]
async fn a_free_trial_paid_with_stripe_saves_the_card_for_the_renewal() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let Some(key) = with_stripe(&shop).await else {
            return;
        };
        let mut body = monthly();
        body["plan"]["pricing"]["freeTrialDays"] = json!(7);
        let trial = plan(&shop, body).await;
        let ann = Visitor::member(&shop.app, "ann", &[]).await;
        let (store_order, paid, pm) = buy_with_stripe(&shop, &key, &ann, &trial).await;
        assert_eq!(paid["transactionStatus"], "APPROVED", "{paid}");
        assert_eq!(
            paid["order"]["priceSummary"]["total"]["amount"], "0.00",
            "{paid}"
        );
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/payments/orders/{store_order}"),
                json!(null),
            )
            .await;
        let setup =
            b["orderTransactions"]["payments"][0]["regularPaymentDetails"]["providerTransactionId"]
                .as_str()
                .unwrap()
                .to_string();
        assert!(setup.starts_with("seti_"), "{b}");
        let saved = stripe(&key, &format!("/v1/setup_intents/{setup}"), None).await;
        assert_eq!(
            (
                saved["status"].as_str(),
                saved["usage"].as_str(),
                saved["payment_method"].as_str()
            ),
            (Some("succeeded"), Some("off_session"), pm["id"].as_str()),
            "{saved}"
        );
        assert!(
            saved["customer"].as_str().unwrap().starts_with("cus_"),
            "{saved}"
        );

        let (id, o) = only_order(&ann).await;
        assert_eq!(o["currentCycle"]["index"], 0, "the trial: {o}");
        let charged =
            renewed_with_stripe(&shop, &key, &id, millis(&o["currentCycle"]["endedDate"]), 1).await;
        assert_eq!(
            (
                charged["status"].as_str(),
                charged["amount"].as_i64(),
                charged["payment_method"].as_str(),
                charged["customer"].as_str()
            ),
            (
                Some("succeeded"),
                Some(1000),
                pm["id"].as_str(),
                saved["customer"].as_str()
            ),
            "{charged}"
        );
    }
}

const PLANS_CODE: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { plans, orders, checkout } from 'wix-pricing-plans-backend';
import * as frontend from 'wix-pricing-plans-frontend';

export const grant = webMethod(Permissions.Anyone, async () => {
  const plan = await plans.createPlan({ name: 'Silver', pricing: { singlePaymentUnlimited: true, price: { value: '5' } } });
  let refused = '';
  try { await plans.createPlan({ name: 'Bad', pricing: { singlePaymentUnlimited: true, price: { value: 'lots' } } }); } catch (e) { refused = e.message; }
  const order = await checkout.createOfflineOrder(plan._id, 'ann', { paid: true });
  await orders.pauseOrder(order._id);
  await orders.resumeOrder(order._id);
  const listed = await orders.listOrders({ planIds: [plan._id] });
  const publicPlans = await plans.listPublicPlans();
  return { plan: plan._id, created: plan._createdDate instanceof Date, order: order._id, status: listed[0].status, refused, publicPlans: publicPlans.length };
});

export const mine = webMethod(Permissions.SiteMember, async () => {
  const list = await frontend.orders.listCurrentMemberOrders();
  return list.map((o) => [o._id, o.status]);
});

export const buy = webMethod(Permissions.SiteMember, async (planId) => frontend.checkout.startOnlinePurchase(planId));
"#;

const PLANS_EVENTS: &str = r#"
import wixData from 'wix-data';
const log = (what) => (event) => wixData.insert('Audit', { what, order: event.data.order ? event.data.order.status : event.data.plan.name, id: event.metadata.entityId });
export const wixPricingPlans_onPlanCreated = log('planCreated');
export const wixPricingPlans_onOrderCreated = log('orderCreated');
export const wixPricingPlans_onOrderPurchased = log('orderPurchased');
export const wixPricingPlans_onOrderStarted = log('orderStarted');
export const wixPricingPlans_onOrderCycleStarted = log('cycleStarted');
export const wixPricingPlans_onOrderPaused = log('orderPaused');
export const wixPricingPlans_onOrderResumed = log('orderResumed');
export const wixPricingPlans_onOrderCanceled = log('orderCanceled');
"#;

#[tokio::test]
async fn site_code_runs_plans_and_events_js_hears_them() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        shop.ok(
            Method::POST,
            "/wix-data/v2/collections",
            json!({"collection": {"id": "Audit"}}),
        )
        .await;
        shop.publish_code(
            json!({ "backend/plans.web.js": PLANS_CODE, "backend/events.js": PLANS_EVENTS }),
        )
        .await;
        let ann = Visitor::member(&shop.app, "ann", &[]).await;
        let b = ann
            .ok(
                Method::POST,
                "/_api/webmethods/backend/plans.web.js/grant",
                json!([]),
            )
            .await;
        let r = &b["result"];
        assert_eq!(
            (
                r["status"].as_str(),
                r["created"].as_bool(),
                r["publicPlans"].as_i64()
            ),
            (Some("ACTIVE"), Some(true), Some(1)),
            "{b}"
        );
        assert!(
            r["refused"]
                .as_str()
                .unwrap()
                .contains("plan.pricing.price.value"),
            "{r}"
        );
        let order_id = r["order"].as_str().unwrap().to_string();
        let plan_id = r["plan"].as_str().unwrap().to_string();

        let b = ann
            .ok(
                Method::POST,
                "/_api/webmethods/backend/plans.web.js/mine",
                json!([]),
            )
            .await;
        assert_eq!(b["result"], json!([[order_id, "ACTIVE"]]), "{b}");
        let b = ann
            .ok(
                Method::POST,
                "/_api/webmethods/backend/plans.web.js/buy",
                json!([plan_id]),
            )
            .await;
        let checkout = b["result"]["checkoutId"].as_str().unwrap();
        assert!(
            b["result"]["checkoutUrl"]
                .as_str()
                .unwrap()
                .contains(checkout),
            "{b}"
        );
        let c = ann
            .ok(
                Method::GET,
                &format!("/ecom/v1/checkouts/{checkout}"),
                json!(null),
            )
            .await;
        assert_eq!(
            c["checkout"]["priceSummary"]["total"]["amount"], "5.00",
            "{c}"
        );

        tessera_http::platform::backend_events::deliver_due(
            shop.app.state.platform(),
            tessera_core::now_millis(),
        )
        .await
        .unwrap();
        let b = shop
            .ok(
                Method::POST,
                "/wix-data/v2/items/query",
                json!({"dataCollectionId": "Audit", "query": {"limit": 50}}),
            )
            .await;
        let mut audit: Vec<(String, String)> = b["dataItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["data"]["what"].as_str().unwrap().to_string(),
                    i["data"]["order"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        audit.sort();
        let want: Vec<(String, String)> = [
            ("cycleStarted", "ACTIVE"),
            ("orderCreated", "ACTIVE"),
            ("orderPaused", "PAUSED"),
            ("orderPurchased", "ACTIVE"),
            ("orderResumed", "ACTIVE"),
            ("orderStarted", "ACTIVE"),
            ("planCreated", "Silver"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(audit, want);
    }
}

/// A page of the published site as `cookie`'s member sees it: status, Location, body.
async fn site_page(
    shop: &Shop,
    method: Method,
    path: &str,
    cookie: Option<&str>,
) -> (u16, String, String) {
    let host = format!("shop.localhost:{}", shop.app.addr.port());
    let mut req = shop
        .app
        .req_host(method, &host, path)
        .header("origin", format!("http://{host}"));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, location, res.text().await.unwrap())
}

#[tokio::test]
async fn a_page_locked_by_a_plan_offers_the_plan_and_opens_with_it() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let gold = plan(&shop, monthly()).await;
        let (plan_id, role) = (
            gold["id"].as_str().unwrap(),
            gold["roleId"].as_str().unwrap(),
        );
        let doc = json!({"schemaVersion": 1, "settings": {"name": "Shop"}, "pages": [
            {"id": "home", "title": "Home", "path": "/", "sections": []},
            {"id": "club", "title": "Club", "path": "/club", "visibility": {"roles": [role]}, "sections": []},
        ]});
        let path = "/api/v1/sites/shop/document";
        let (_, current) =
            tessera_testkit::call(shop.app.req_as(Method::GET, path, &shop.owner)).await;
        let (s, b) = tessera_testkit::call(shop.app.req_as(Method::PUT, path, &shop.owner).json(
            &json!({"revision": current["revision"].as_i64().unwrap_or(0), "document": doc}),
        ))
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = tessera_testkit::call(shop.app.req_as(
            Method::POST,
            "/api/v1/sites/shop/publish",
            &shop.owner,
        ))
        .await;
        assert_eq!(s, 200, "{b}");

        let cookie = shop.app.member_cookie("shop", "ann", &[]).await;
        let (s, to, _) = site_page(&shop, Method::GET, "/club", Some(&cookie)).await;
        assert_eq!(
            (s, to.as_str()),
            (
                302,
                format!("/plans-pricing?roles={role}&from=%2Fclub").as_str()
            ),
            "get a plan"
        );
        let (s, _, html) = site_page(&shop, Method::GET, &to, Some(&cookie)).await;
        assert_eq!(s, 200, "{html}");
        assert!(
            html.contains("Gold Club")
                && html.contains("10.00 USD every month")
                && html.contains(">Buy</button>")
                && !html.contains("Log in"),
            "{html}"
        );
        let (s, to, _) = site_page(
            &shop,
            Method::POST,
            &format!("/plans-pricing/{plan_id}"),
            None,
        )
        .await;
        assert_eq!(
            (s, to.as_str()),
            (
                303,
                format!("/login?returnUrl=%2Fplans-pricing%2F{plan_id}").as_str()
            ),
            "a visitor logs in first, then comes back to the plan"
        );
        let (s, to, body) = site_page(
            &shop,
            Method::POST,
            &format!("/plans-pricing/{plan_id}"),
            Some(&cookie),
        )
        .await;
        assert_eq!(s, 303, "{body}");
        let checkout = to
            .strip_prefix("/checkout?checkoutId=")
            .expect("the store's checkout");
        let c = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/checkouts/{checkout}"),
                json!(null),
            )
            .await;
        assert_eq!(c["checkout"]["buyerInfo"]["memberId"], "ann", "{c}");
        assert_eq!(
            c["checkout"]["priceSummary"]["total"]["amount"], "10.00",
            "{c}"
        );

        shop.ok(
            Method::POST,
            "/pricing-plans/v2/checkout/orders/offline",
            json!({"planId": plan_id, "memberId": "ann"}),
        )
        .await;
        assert_eq!(
            site_page(&shop, Method::GET, "/club", Some(&cookie))
                .await
                .0,
            200,
            "the plan opens the page"
        );
        let (s, _, html) = site_page(&shop, Method::GET, "/account/my-plans", Some(&cookie)).await;
        assert_eq!(s, 200);
        assert!(
            html.contains("Gold Club") && html.contains("ACTIVE"),
            "{html}"
        );
        let (s, to, _) = site_page(&shop, Method::GET, "/account/my-plans", None).await;
        assert_eq!(
            (s, to.as_str()),
            (303, "/login?returnUrl=%2Faccount%2Fmy-plans")
        );
    }
}

/// Publishes `pages` as the shop's site.
async fn publish(shop: &Shop, pages: Value) {
    let doc = json!({"schemaVersion": 1, "settings": {"name": "Shop"}, "pages": pages});
    let path = "/api/v1/sites/shop/document";
    let (_, current) = tessera_testkit::call(shop.app.req_as(Method::GET, path, &shop.owner)).await;
    let (s, b) =
        tessera_testkit::call(shop.app.req_as(Method::PUT, path, &shop.owner).json(
            &json!({"revision": current["revision"].as_i64().unwrap_or(0), "document": doc}),
        ))
        .await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = tessera_testkit::call(shop.app.req_as(
        Method::POST,
        "/api/v1/sites/shop/publish",
        &shop.owner,
    ))
    .await;
    assert_eq!(s, 200, "{b}");
}

#[tokio::test]
async fn a_plans_list_on_a_page_sells_the_public_plans_and_a_free_plan_starts_at_once() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let gold = plan(&shop, monthly()).await;
        let starter = plan(&shop, json!({"plan": {"name": "Starter", "perks": {"values": ["Newsletter"]},
            "maxPurchasesPerBuyer": 1, "pricing": {"singlePaymentUnlimited": true, "price": {"value": "0"}}}}))
        .await;
        let week = plan(&shop, json!({"plan": {"name": "Week pass", "public": false,
            "pricing": {"singlePaymentForDuration": {"count": 7, "unit": "DAY"}, "price": {"value": "3"}}}}))
        .await;
        let (gold_id, starter_id, week_id) = (
            gold["id"].as_str().unwrap(),
            starter["id"].as_str().unwrap(),
            week["id"].as_str().unwrap(),
        );
        let role = gold["roleId"].as_str().unwrap();
        // The editor's plans list: a dataset of the public plans and a repeater of cards.
        publish(&shop, json!([
            {"id": "home", "title": "Home", "path": "/",
             "datasets": [{"id": "plans", "collection": "PricingPlans/Plans", "filter": {"public": true},
                           "sort": [{"fieldName": "primary", "order": "DESC"}, {"fieldName": "_createdDate", "order": "ASC"}], "pageSize": 12}],
             "sections": [{"id": "s", "type": "section", "children": [
                {"id": "cards", "type": "repeater", "props": {"dataset": "plans", "columns": 3}, "children": [
                    {"id": "n", "type": "heading", "props": {"text": "Plan", "level": 3}, "bind": {"text": {"field": "name"}}},
                    {"id": "p", "type": "text", "props": {"html": "<p>Price</p>"}, "bind": {"text": {"field": "@price"}}},
                    {"id": "k", "type": "text", "props": {"html": "<p>Perks</p>"}, "bind": {"text": {"field": "perks.values"}}},
                    {"id": "b", "type": "button", "props": {"label": "Buy", "link": {"href": "/plans-pricing"}},
                     "bind": {"label": {"field": "@buy"}, "href": {"field": "@url"}}}]}]}]},
            {"id": "club", "title": "Club", "path": "/club", "visibility": {"roles": [role]}, "sections": []},
        ]))
        .await;

        let (s, _, html) = site_page(&shop, Method::GET, "/", None).await;
        assert_eq!(s, 200, "{html}");
        for part in [
            ">Gold Club</h3>",
            "<p>10.00 USD every month</p>",
            "<li>Recipes</li><li>Videos</li>",
            &format!("href=\"/plans-pricing/{gold_id}\""),
            ">Buy</a>",
            ">Starter</h3>",
            "<p>Free</p>",
            &format!("href=\"/plans-pricing/{starter_id}\""),
            ">Get it free</a>",
        ] {
            assert!(html.contains(part), "{part}: {html}");
        }
        assert!(!html.contains("Week pass"), "a hidden plan is not listed");

        // A visitor at the locked page is shown the plan, and may log in if they hold it.
        let (s, to, _) = site_page(&shop, Method::GET, "/club", None).await;
        assert_eq!(
            (s, to.as_str()),
            (
                302,
                format!("/plans-pricing?roles={role}&from=%2Fclub").as_str()
            )
        );
        let (_, _, html) = site_page(&shop, Method::GET, &to, None).await;
        assert!(
            html.contains("Gold Club")
                && !html.contains("Starter")
                && html.contains("href=\"/login?returnUrl=%2Fclub\""),
            "{html}"
        );
        let (_, _, html) = site_page(
            &shop,
            Method::GET,
            "/plans-pricing?roles=x&from=//evil.example",
            None,
        )
        .await;
        assert!(
            !html.contains("evil.example"),
            "only a path of the site: {html}"
        );

        // Each card's page, a hidden plan's too (sold by its link); none for another id.
        let (s, _, html) = site_page(
            &shop,
            Method::GET,
            &format!("/plans-pricing/{gold_id}"),
            None,
        )
        .await;
        assert_eq!(s, 200, "{html}");
        assert!(
            html.contains("<h1>Gold Club</h1>") && html.contains(">Buy</button>"),
            "{html}"
        );
        let (s, _, html) = site_page(
            &shop,
            Method::GET,
            &format!("/plans-pricing/{week_id}"),
            None,
        )
        .await;
        assert!(s == 200 && html.contains("3 USD for 7 days"), "{s} {html}");
        assert_eq!(
            site_page(&shop, Method::GET, "/plans-pricing/nonesuch", None)
                .await
                .0,
            404
        );

        // A free plan starts at once, without the store; a second is refused (one per buyer).
        let cookie = shop.app.member_cookie("shop", "ann", &[]).await;
        let (s, to, body) = site_page(
            &shop,
            Method::POST,
            &format!("/plans-pricing/{starter_id}"),
            Some(&cookie),
        )
        .await;
        assert_eq!((s, to.as_str()), (303, "/account/my-plans"), "{body}");
        let mine = || async {
            shop.ok(
                Method::GET,
                &format!("/pricing-plans/v2/orders?planIds={starter_id}"),
                json!(null),
            )
            .await["orders"]
                .as_array()
                .unwrap()
                .clone()
        };
        let orders = mine().await;
        assert_eq!(orders.len(), 1);
        assert_eq!(
            (
                orders[0]["status"].as_str(),
                orders[0]["type"].as_str(),
                orders[0]["lastPaymentStatus"].as_str()
            ),
            (Some("ACTIVE"), Some("ONLINE"), Some("NOT_APPLICABLE"))
        );
        assert!(
            roles(&shop, "ann")
                .await
                .contains(&starter["roleId"].as_str().unwrap().to_string())
        );
        let (s, _, body) = site_page(
            &shop,
            Method::POST,
            &format!("/plans-pricing/{starter_id}"),
            Some(&cookie),
        )
        .await;
        assert!(
            (400..500).contains(&s) && body.contains("the most times"),
            "{s} {body}"
        );
        assert_eq!(mine().await.len(), 1, "nothing more is made");
        let (_, _, html) = site_page(&shop, Method::GET, "/account/my-plans", Some(&cookie)).await;
        assert!(
            html.contains("Starter") && html.contains("ACTIVE"),
            "{html}"
        );
    }
}

#[tokio::test]
async fn a_free_trial_is_bought_for_its_setup_fee_and_the_card_pays_after_it() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let mut body = monthly();
        body["plan"]["pricing"]["freeTrialDays"] = json!(7);
        let trial = plan(&shop, body.clone()).await;
        body["plan"]["name"] = json!("Gold with setup");
        body["plan"]["pricing"]["setupFee"] = json!({"value": "5.00"});
        let with_fee = plan(&shop, body).await;
        let ann = Visitor::member(&shop.app, "ann", &[]).await;

        // Nothing to pay now: the card is taken for later, and the plan starts with its trial.
        let store_order = buy(&shop, &ann, &trial, "4242 4242 4242 4242").await;
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/orders/{store_order}"),
                json!(null),
            )
            .await;
        assert_eq!(
            (
                b["order"]["priceSummary"]["total"]["amount"].as_str(),
                b["order"]["paymentStatus"].as_str()
            ),
            (Some("0.00"), Some("PAID")),
            "{b}"
        );
        let mine = ann
            .ok(Method::GET, "/pricing-plans/v2/member/orders", json!(null))
            .await;
        let o = mine["orders"][0].clone();
        assert_eq!(
            (
                o["status"].as_str(),
                o["freeTrialDays"].as_i64(),
                o["currentCycle"]["index"].as_i64()
            ),
            (Some("ACTIVE"), Some(7), Some(0)),
            "{o}"
        );
        let started = millis(&o["startDate"]);
        let end = millis(&o["currentCycle"]["endedDate"]);
        assert_eq!(end - started, 7 * DAY);
        assert!(
            roles(&shop, "ann")
                .await
                .contains(&trial["roleId"].as_str().unwrap().to_string())
        );

        // The trial ends: the first month is charged to that card.
        assert_eq!(step(&shop, end + 1).await, 1);
        let o = order(&shop, o["id"].as_str().unwrap()).await;
        assert_eq!(
            (
                o["status"].as_str(),
                o["currentCycle"]["index"].as_i64(),
                o["lastPaymentStatus"].as_str()
            ),
            (Some("ACTIVE"), Some(1), Some("PAID")),
            "{o}"
        );
        let renewal = o["payments"].as_array().unwrap().last().unwrap()["storeOrderId"]
            .as_str()
            .unwrap()
            .to_string();
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/orders/{renewal}"),
                json!(null),
            )
            .await;
        assert_eq!(
            b["order"]["priceSummary"]["total"]["amount"], "10.00",
            "{b}"
        );

        // A trial with a setup fee costs the fee; a second trial of the same plan is not free.
        let cart = |plan: &Value| {
            let who = &ann;
            let line = plan_line(plan);
            async move {
                let b = who
                    .ok(
                        Method::POST,
                        "/ecom/v1/carts/current/add-to-cart",
                        json!({"lineItems": [line]}),
                    )
                    .await;
                let total = b["cart"]["lineItems"][0]["price"]["amount"]
                    .as_str()
                    .map(str::to_string);
                let id = b["cart"]["lineItems"][0]["id"].clone();
                who.ok(
                    Method::POST,
                    "/ecom/v1/carts/current/remove-line-items",
                    json!({"lineItemIds": [id]}),
                )
                .await;
                total
            }
        };
        assert_eq!(cart(&with_fee).await.as_deref(), Some("5.00"));
        assert_eq!(
            cart(&trial).await.as_deref(),
            Some("10.00"),
            "one trial per member"
        );
    }
}
