//! The store over HTTP on every backend: a visitor fills a cart and checks out, prices come
//! from the catalog as it is now, tax and shipping, create-order held once, test payments
//! that approve or decline, the owner's orders (search, fulfil, refund with restock), the
//! emails, bad input, and stock that is never oversold by concurrent checkouts, on two nodes
//! on PostgreSQL.

use reqwest::{Client, Method};
use serde_json::{Value, json};
use tessera_core::store::Backend;
use tessera_testkit::{TestApp, backends, call};

mod shop;
use shop::{Shop, Visitor, address, code, line};

#[tokio::test]
async fn a_visitor_buys_and_the_owner_runs_the_order() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        shop.ok(
            Method::PATCH,
            "/stores/v1/settings",
            json!({"settings": {
                "taxRegions": [{"country": "US", "subdivision": "CA", "rate": "0.0725"}],
                "shippingRules": [{"code": "std", "title": "Standard", "rate": {"type": "FLAT", "amount": "5"}, "freeOver": "100"}],
                "notifyEmail": "owner@example.com",
            }}),
        )
        .await;
        let (product, _vs, vm) = shop.tee(5, 2).await;
        let ann = Visitor::new(&shop.app);

        // More than is in stock: refused, nothing added.
        let (s, b) = ann
            .call(
                Method::POST,
                "/ecom/v1/carts/current/add-to-cart",
                json!({"lineItems": [line(&product, &vm, 3)]}),
            )
            .await;
        assert_eq!((s, code(&b)), (409, "INSUFFICIENT_INVENTORY"), "{b}");
        let (s, b) = ann
            .call(
                Method::POST,
                "/ecom/v1/carts/current/add-to-cart",
                json!({"lineItems": [line(&product, &vm, 2)]}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let cart = &b["cart"];
        assert_eq!(cart["lineItems"][0]["price"]["amount"], "20.00");
        assert_eq!(
            cart["lineItems"][0]["descriptionLines"][0]["plainText"]["original"],
            "M"
        );
        // Another visitor has a cart of their own.
        let bo = Visitor::new(&shop.app);
        let (s, _) = bo
            .call(Method::GET, "/ecom/v1/carts/current", json!(null))
            .await;
        assert_eq!(s, 404);

        let (s, b) = ann
            .call(
                Method::POST,
                "/ecom/v1/carts/current/create-checkout",
                json!({"email": "Ann@Example.com", "shippingAddress": address(), "billingAddress": address()}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let checkout = b["checkoutId"].as_str().unwrap().to_string();
        let (_, b) = ann
            .call(
                Method::GET,
                &format!("/ecom/v1/checkouts/{checkout}"),
                json!(null),
            )
            .await;
        let sum = &b["checkout"]["priceSummary"];
        // 40.00 + 5.00 shipping + 7.25 % of 40.00 = 2.90.
        assert_eq!(
            (
                sum["subtotal"]["amount"].as_str(),
                sum["shipping"]["amount"].as_str(),
                sum["tax"]["amount"].as_str(),
                sum["total"]["amount"].as_str()
            ),
            (Some("40.00"), Some("5.00"), Some("2.90"), Some("47.90")),
            "{b}"
        );
        // The owner raises the price: the checkout shows the new one.
        shop.ok(
            Method::PATCH,
            &format!("/stores/v1/products/{product}"),
            json!({"product": {"priceData": {"price": 25}}}),
        )
        .await;
        let (_, b) = ann
            .call(
                Method::GET,
                &format!("/ecom/v1/checkouts/{checkout}"),
                json!(null),
            )
            .await;
        assert_eq!(
            b["checkout"]["priceSummary"]["total"]["amount"], "58.63",
            "{b}"
        );

        let (s, b) = ann
            .call(
                Method::POST,
                &format!("/ecom/v1/checkouts/{checkout}/create-order"),
                json!({}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let first = b["orderId"].as_str().unwrap().to_string();
        assert_eq!(b["order"]["status"], "INITIALIZED");
        assert_eq!(b["order"]["priceSummary"]["total"]["amount"], "58.63");
        let (_, again) = ann
            .call(
                Method::POST,
                &format!("/ecom/v1/checkouts/{checkout}/create-order"),
                json!({}),
            )
            .await;
        assert_eq!(again["orderId"], first.as_str(), "the same order");
        assert_eq!(shop.available(&product, &vm).await, 0, "held");
        let (s, b) = bo
            .call(
                Method::POST,
                "/ecom/v1/carts/current/add-to-cart",
                json!({"lineItems": [line(&product, &vm, 1)]}),
            )
            .await;
        assert_eq!((s, code(&b)), (409, "INSUFFICIENT_INVENTORY"), "{b}");

        // A declined card lets the stock go and opens the checkout again.
        let (s, b) = ann
            .call(
                Method::POST,
                &format!("/_stores/v1/orders/{first}/pay"),
                json!({"cardNumber": "4000 0000 0000 0002"}),
            )
            .await;
        assert_eq!((s, code(&b)), (402, "PAYMENT_DECLINED"), "{b}");
        assert_eq!(shop.available(&product, &vm).await, 2);
        let (s, b) = ann
            .call(
                Method::POST,
                &format!("/ecom/v1/checkouts/{checkout}/create-order"),
                json!({}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let order = b["orderId"].as_str().unwrap().to_string();
        assert_ne!(order, first);
        assert_eq!(b["order"]["number"], "10002");
        let pay_path = format!("/_stores/v1/orders/{order}/pay");
        let pay = || {
            ann.call(
                Method::POST,
                &pay_path,
                json!({"cardNumber": "4242424242424242"}),
            )
        };
        let (s, b) = pay().await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            (
                b["order"]["status"].as_str(),
                b["order"]["paymentStatus"].as_str()
            ),
            (Some("APPROVED"), Some("PAID"))
        );
        let (_, b) = pay().await;
        assert_eq!(b["order"]["paymentStatus"], "PAID");
        let tx = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/payments/orders/{order}"),
                json!(null),
            )
            .await;
        assert_eq!(
            tx["orderTransactions"]["payments"]
                .as_array()
                .unwrap()
                .len(),
            1,
            "paid once: {tx}"
        );
        assert_eq!(shop.available(&product, &vm).await, 0);
        let (_, cart) = ann
            .call(Method::GET, "/ecom/v1/carts/current", json!(null))
            .await;
        assert!(
            cart["cart"].is_null(),
            "the cart is gone once ordered: {cart}"
        );

        // The buyer sees their order; another visitor does not.
        let (s, _) = ann
            .call(
                Method::GET,
                &format!("/ecom/v1/orders/{order}"),
                json!(null),
            )
            .await;
        assert_eq!(s, 200);
        let (s, _) = bo
            .call(
                Method::GET,
                &format!("/ecom/v1/orders/{order}"),
                json!(null),
            )
            .await;
        assert_eq!(s, 404);

        // The owner's side: search, fulfil, refund with restock.
        let b = shop
            .ok(
                Method::POST,
                "/ecom/v1/orders/search",
                json!({"search": {"filter": {"paymentStatus": "PAID"}}}),
            )
            .await;
        assert_eq!(b["orders"].as_array().unwrap().len(), 1, "{b}");
        let line_id = b["orders"][0]["lineItems"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let b = shop
            .ok(
                Method::POST,
                "/ecom/v1/orders/search",
                json!({"search": {"filter": {"buyerInfo.email": "ann@example"}}}),
            )
            .await;
        assert_eq!(
            b["orders"].as_array().unwrap().len(),
            2,
            "both of Ann's: {b}"
        );
        shop.ok(
            Method::POST,
            &format!("/ecom/v1/fulfillments/orders/{order}/create-fulfillment"),
            json!({"fulfillment": {"lineItems": [{"id": line_id, "quantity": 2}], "trackingInfo": {"trackingNumber": "1Z999", "shippingProvider": "UPS"}}}),
        )
        .await;
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/orders/{order}"),
                json!(null),
            )
            .await;
        assert_eq!(b["order"]["fulfillmentStatus"], "FULFILLED");
        let (s, b) = shop
            .wix(
                Method::POST,
                &format!("/ecom/v1/payments/orders/{order}/refund"),
                json!({"amount": "100"}),
            )
            .await;
        assert_eq!(s, 400, "more than was paid: {b}");
        let b = shop
            .ok(
                Method::POST,
                &format!("/ecom/v1/payments/orders/{order}/refund"),
                json!({"amount": "10.00"}),
            )
            .await;
        assert_eq!(
            b["orderTransactions"]["refunds"].as_array().unwrap().len(),
            1
        );
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/orders/{order}"),
                json!(null),
            )
            .await;
        assert_eq!(b["order"]["paymentStatus"], "PARTIALLY_REFUNDED");
        shop.ok(
            Method::POST,
            &format!("/ecom/v1/payments/orders/{order}/refund"),
            json!({"lineItems": [{"lineItemId": line_id, "quantity": 2}], "restockAllItems": true}),
        )
        .await;
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/orders/{order}"),
                json!(null),
            )
            .await;
        assert_eq!(b["order"]["paymentStatus"], "FULLY_REFUNDED");
        assert_eq!(b["order"]["balanceSummary"]["refunded"]["amount"], "58.63");
        assert_eq!(shop.available(&product, &vm).await, 2, "restocked");

        let kinds: Vec<(String, String)> = shop
            .outbox()
            .await
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap_or_default().into(),
                    e["to"].as_str().unwrap_or_default().into(),
                )
            })
            .collect();
        for wanted in [
            ("order_confirmation", "ann@example.com"),
            ("order_new", "owner@example.com"),
            ("order_shipped", "ann@example.com"),
        ] {
            assert!(
                kinds.iter().any(|(k, t)| k == wanted.0 && t == wanted.1),
                "{backend:?}: {wanted:?} in {kinds:?}"
            );
        }
    }
}

#[tokio::test]
async fn offline_orders_wait_to_be_marked_paid() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (product, vs, _) = shop.tee(3, 0).await;
        let checkout = shop
            .ok(
                Method::POST,
                "/ecom/v1/checkouts",
                json!({"lineItems": [line(&product, &vs, 2)], "checkoutInfo": {"buyerInfo": {"email": "cy@example.com"}, "shippingInfo": {"shippingDestination": {"address": address()}}}}),
            )
            .await;
        let id = checkout["checkout"]["id"].as_str().unwrap();
        let b = shop
            .ok(
                Method::POST,
                &format!("/ecom/v1/checkouts/{id}/create-order"),
                json!({"paymentProvider": "offline"}),
            )
            .await;
        let order = b["orderId"].as_str().unwrap().to_string();
        assert_eq!(
            (
                b["order"]["status"].as_str(),
                b["order"]["paymentStatus"].as_str()
            ),
            (Some("APPROVED"), Some("NOT_PAID"))
        );
        // Approved: the stock is taken at once.
        assert_eq!(shop.available(&product, &vs).await, 1);
        let b = shop
            .ok(
                Method::POST,
                &format!("/ecom/v1/orders/{order}/mark-as-paid"),
                json!({}),
            )
            .await;
        assert_eq!(b["order"]["paymentStatus"], "PAID");
        assert_eq!(shop.available(&product, &vs).await, 1, "taken once");
        let b = shop
            .ok(
                Method::POST,
                &format!("/ecom/v1/orders/{order}/cancel"),
                json!({"restockAllItems": true}),
            )
            .await;
        assert_eq!(b["order"]["status"], "CANCELED");
        assert_eq!(shop.available(&product, &vs).await, 3);
    }
}

#[tokio::test]
async fn bad_input_is_refused_and_changes_nothing() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (product, vs, _) = shop.tee(3, 0).await;
        let ann = Visitor::new(&shop.app);
        for (body, status, needle) in [
            (
                json!({"lineItems": [line("nope", "x", 1)]}),
                404,
                "not in the catalog",
            ),
            (
                json!({"lineItems": [line(&product, &vs, 0)]}),
                400,
                "quantity",
            ),
            (
                json!({"lineItems": [{"catalogReference": {"catalogItemId": product, "appId": "someone-else"}}]}),
                404,
                "appId",
            ),
            (json!({"lineItems": "x"}), 400, "lineItems"),
        ] {
            let (s, b) = ann
                .call(Method::POST, "/ecom/v1/carts/current/add-to-cart", body)
                .await;
            assert_eq!(s, status, "{b}");
            assert!(
                b["message"].as_str().unwrap_or_default().contains(needle),
                "{needle}: {b}"
            );
        }
        // No address for shippable items: no order.
        let checkout = shop
            .ok(Method::POST, "/ecom/v1/checkouts", json!({"lineItems": [line(&product, &vs, 1)], "checkoutInfo": {"buyerInfo": {"email": "a@example.com"}}}))
            .await;
        let id = checkout["checkout"]["id"].as_str().unwrap();
        let (s, b) = shop
            .wix(
                Method::POST,
                &format!("/ecom/v1/checkouts/{id}/create-order"),
                json!({}),
            )
            .await;
        assert_eq!((s, code(&b)), (400, "FAILED_PRECONDITION"), "{b}");
        assert!(
            b["message"]
                .as_str()
                .unwrap()
                .contains("shippingDestination.address"),
            "{b}"
        );
        let (s, b) = shop
            .wix(
                Method::POST,
                &format!("/ecom/v1/checkouts/{id}/create-order"),
                json!({"paymentProvider": "paypal"}),
            )
            .await;
        assert_eq!(s, 400, "{b}");
        assert_eq!(shop.available(&product, &vs).await, 3);
        let b = shop
            .ok(Method::POST, "/ecom/v1/orders/search", json!({}))
            .await;
        assert!(b["orders"].as_array().unwrap().is_empty());
        // Settings are checked as a whole.
        for settings in [
            json!({"currency": "XYZ"}),
            json!({"taxRegions": [{"country": "USA", "rate": "0.1"}]}),
            json!({"taxRegions": [{"country": "US", "rate": "7"}]}),
        ] {
            let (s, b) = shop
                .wix(
                    Method::PATCH,
                    "/stores/v1/settings",
                    json!({"settings": settings}),
                )
                .await;
            assert_eq!(s, 400, "{b}");
        }
        // Products: a name is required, visitors may not write, prices are not negative.
        let (s, b) = shop
            .wix(
                Method::POST,
                "/stores/v1/products",
                json!({"product": {"priceData": {"price": 1}}}),
            )
            .await;
        assert_eq!(s, 400, "{b}");
        assert!(b["message"].as_str().unwrap().contains("product.name"));
        let (s, _) = shop
            .wix(
                Method::POST,
                "/stores/v1/products",
                json!({"product": {"name": "X", "priceData": {"price": -1}}}),
            )
            .await;
        assert_eq!(s, 400);
        let (s, _) = ann
            .call(
                Method::POST,
                "/stores/v1/products",
                json!({"product": {"name": "X", "priceData": {"price": 1}}}),
            )
            .await;
        assert_eq!(s, 403);
        // The catalog reads through wix-data, and is written only through the store.
        let (s, b) = shop
            .wix(
                Method::POST,
                "/wix-data/v2/items/query",
                json!({"dataCollectionId": "Stores/Products", "query": {}}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["dataItems"][0]["data"]["name"], "Tee", "{b}");
        let (s, _) = shop.wix(Method::POST, "/wix-data/v2/items", json!({"dataCollectionId": "Stores/Products", "dataItem": {"data": {"name": "Sneaky"}}})).await;
        assert_eq!(s, 403);
    }
}

#[tokio::test]
async fn products_query_like_wix() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let col = shop
            .ok(
                Method::POST,
                "/stores/v1/collections",
                json!({"collection": {"name": "Mugs"}}),
            )
            .await;
        let col = col["collection"]["id"].as_str().unwrap().to_string();
        let mut ids = Vec::new();
        for (name, price) in [("Blue mug", 12.5), ("Red mug", 9.99), ("Hat", 30.0)] {
            let b = shop
                .ok(
                    Method::POST,
                    "/stores/v1/products",
                    json!({"product": {"name": name, "priceData": {"price": price}}}),
                )
                .await;
            ids.push(b["product"]["id"].as_str().unwrap().to_string());
        }
        shop.ok(
            Method::POST,
            &format!("/stores/v1/collections/{col}/productIds"),
            json!({"productIds": [ids[0], ids[1]]}),
        )
        .await;
        let b = shop
            .ok(
                Method::POST,
                "/stores/v1/products/query",
                json!({"query": {"filter": format!("{{\"collections.id\": {{\"$hasSome\": [\"{col}\"]}}}}"), "sort": "[{\"price\": \"asc\"}]"}}),
            )
            .await;
        let names: Vec<&str> = b["products"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Red mug", "Blue mug"], "{b}");
        assert_eq!(b["products"][0]["price"]["formatted"]["price"], "$9.99");
        assert_eq!(b["totalResults"], 2);
        let b = shop
            .ok(
                Method::GET,
                &format!("/stores/v1/collections/{col}"),
                json!(null),
            )
            .await;
        assert_eq!(b["collection"]["numberOfProducts"], 2);
        // Hidden products are the owner's to see.
        shop.ok(
            Method::PATCH,
            &format!("/stores/v1/products/{}", ids[2]),
            json!({"product": {"visible": false}}),
        )
        .await;
        let visitor = Visitor::new(&shop.app);
        let (_, b) = visitor
            .call(Method::POST, "/stores/v1/products/query", json!({}))
            .await;
        assert_eq!(b["totalResults"], 2, "{b}");
        let (s, _) = visitor
            .call(
                Method::GET,
                &format!("/stores/v1/products/{}", ids[2]),
                json!(null),
            )
            .await;
        assert_eq!(s, 404);
        let b = shop
            .ok(
                Method::POST,
                "/stores/v1/products/query",
                json!({"includeHiddenProducts": true}),
            )
            .await;
        assert_eq!(b["totalResults"], 3);
        // Discounts, options availability.
        let b = shop
            .ok(
                Method::POST,
                "/stores/v1/products",
                json!({"product": {"name": "Scarf", "priceData": {"price": 40}, "discount": {"type": "PERCENT", "value": 12.5},
                  "productOptions": [{"name": "Color", "optionType": "color", "choices": [{"value": "#f00", "description": "Red"}]}]}}),
            )
            .await;
        assert_eq!(b["product"]["priceData"]["discountedPrice"], 35);
        let scarf = b["product"]["id"].as_str().unwrap().to_string();
        let b = shop
            .ok(
                Method::POST,
                &format!("/stores/v1/products/{scarf}/productOptionsAvailability"),
                json!({"options": {"Color": "Red"}}),
            )
            .await;
        assert_eq!(b["availableForPurchase"], true, "{b}");
        assert_eq!(b["selectedVariant"]["price"]["discountedPrice"], 35);
    }
}

/// 200 buyers at once for 10 in stock: exactly 10 orders, on each backend; on PostgreSQL
/// half of them through a second node.
#[tokio::test]
async fn concurrent_checkouts_never_oversell() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (product, vs, _) = shop.tee(10, 0).await;
        let other = match backend {
            Backend::Postgres => Some(shop.app.node(Default::default()).await),
            Backend::Sqlite => None,
        };
        let mut tasks = Vec::new();
        for i in 0..200 {
            let app = match (&other, i % 2) {
                (Some(o), 1) => o,
                _ => &shop.app,
            };
            let (base, port) = (app.url(""), app.addr.port());
            let owner = shop.owner.clone();
            let body = json!({"lineItems": [line(&product, &vs, 1)], "checkoutInfo": {"buyerInfo": {"email": format!("b{i}@example.com")}, "shippingInfo": {"shippingDestination": {"address": address()}}}});
            tasks.push(tokio::spawn(async move {
                let client = Client::new();
                let send = |path: String, body: Value| {
                    client
                        .post(format!("{base}{path}"))
                        .header("host", format!("localhost:{port}"))
                        .header("wix-site-id", "shop")
                        .header("authorization", &owner)
                        .json(&body)
                };
                let (s, b) = call(send("/ecom/v1/checkouts".into(), body)).await;
                if s != 200 {
                    return (s, b);
                }
                let id = b["checkout"]["id"].as_str().unwrap().to_string();
                call(send(
                    format!("/ecom/v1/checkouts/{id}/create-order"),
                    json!({}),
                ))
                .await
            }));
        }
        let (mut placed, mut short) = (0, 0);
        for t in tasks {
            let (s, b) = t.await.unwrap();
            match (s, code(&b)) {
                (200, _) => placed += 1,
                (409, "INSUFFICIENT_INVENTORY") => short += 1,
                other => panic!("{backend:?}: {other:?} {b}"),
            }
        }
        assert_eq!((placed, short), (10, 190), "{backend:?}");
        assert_eq!(shop.available(&product, &vs).await, 0);
        let b = shop
            .ok(
                Method::POST,
                "/ecom/v1/orders/search",
                json!({"search": {"cursorPaging": {"limit": 100}}}),
            )
            .await;
        let mut numbers: Vec<&str> = b["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["number"].as_str().unwrap())
            .collect();
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), 10, "{backend:?}: distinct numbers");
    }
}

/// Stripe through localstripe (started by the test command): a card paid on the server with
/// a PaymentMethod as Stripe.js makes it, a declined card, a partial refund at Stripe, and a
/// signed webhook that, replayed, changes nothing; a badly signed one is refused.
#[tokio::test]
async fn stripe_pays_refunds_and_takes_webhooks_once() {
    let Some(stripe) = tessera_testkit::stripe_url() else {
        eprintln!("TESSERA_TEST_STRIPE_URL is not set (the test command starts localstripe)");
        return;
    };
    let key = format!("sk_test_{}", uuid::Uuid::new_v4().simple());
    let stripe_client = Client::new();
    // A PaymentMethod for a card number, as Stripe.js makes it in the buyer's browser.
    let card = |number: &'static str| {
        let (stripe, key, client) = (stripe.clone(), key.clone(), stripe_client.clone());
        async move {
            let res: Value = client
                .post(format!("{stripe}/v1/payment_methods"))
                .basic_auth(&key, Some(""))
                .form(&[
                    ("type", "card"),
                    ("card[number]", number),
                    ("card[exp_month]", "12"),
                    ("card[exp_year]", "2034"),
                    ("card[cvc]", "123"),
                ])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            res["id"].as_str().unwrap().to_string()
        }
    };
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        for (name, value) in [
            ("STRIPE_SECRET_KEY", key.as_str()),
            ("STRIPE_WEBHOOK_SECRET", "whsec_test"),
        ] {
            let (s, b) = call(
                shop.app
                    .req_as(
                        Method::PUT,
                        &format!("/api/v1/sites/shop/secrets/{name}"),
                        &shop.owner,
                    )
                    .json(&json!({"value": value})),
            )
            .await;
            assert!(s == 201 || s == 200, "{b}");
        }
        shop.ok(
            Method::PATCH,
            "/stores/v1/settings",
            json!({"settings": {"paymentProviders": ["stripe", "test"]}}),
        )
        .await;
        let (product, vs, _) = shop.tee(5, 0).await;
        let order_for = |quantity: i64| {
            let body = json!({"lineItems": [line(&product, &vs, quantity)], "checkoutInfo": {"buyerInfo": {"email": "st@example.com"}, "shippingInfo": {"shippingDestination": {"address": address()}}}});
            let shop = &shop;
            async move {
                let c = shop.ok(Method::POST, "/ecom/v1/checkouts", body).await;
                let id = c["checkout"]["id"].as_str().unwrap().to_string();
                let b = shop
                    .ok(
                        Method::POST,
                        &format!("/ecom/v1/checkouts/{id}/create-order"),
                        json!({"paymentProvider": "stripe"}),
                    )
                    .await;
                b["orderId"].as_str().unwrap().to_string()
            }
        };

        // Declined: nothing charged, the hold goes.
        let declined = order_for(2).await;
        let (s, b) = shop
            .wix(
                Method::POST,
                &format!("/_stores/v1/orders/{declined}/pay"),
                json!({"paymentMethod": card("4000000000000341").await}),
            )
            .await;
        assert_eq!((s, code(&b)), (402, "PAYMENT_DECLINED"), "{b}");
        assert_eq!(shop.available(&product, &vs).await, 5);

        let order = order_for(2).await;
        let b = shop
            .ok(
                Method::POST,
                &format!("/_stores/v1/orders/{order}/pay"),
                json!({"paymentMethod": card("4242424242424242").await}),
            )
            .await;
        assert_eq!(b["order"]["paymentStatus"], "PAID", "{b}");
        assert_eq!(shop.available(&product, &vs).await, 3);
        let tx = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/payments/orders/{order}"),
                json!(null),
            )
            .await;
        let intent = tx["orderTransactions"]["payments"][0]["regularPaymentDetails"]["providerTransactionId"].as_str().unwrap().to_string();
        assert!(intent.starts_with("pi_"), "{tx}");
        // The intent at Stripe carries the order's total in cents.
        let at_stripe: Value = stripe_client
            .get(format!("{stripe}/v1/payment_intents/{intent}"))
            .basic_auth(&key, Some(""))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            (at_stripe["amount"].as_i64(), at_stripe["status"].as_str()),
            (Some(4000), Some("succeeded")),
            "{at_stripe}"
        );

        // A partial refund goes through Stripe.
        let b = shop
            .ok(
                Method::POST,
                &format!("/ecom/v1/payments/orders/{order}/refund"),
                json!({"amount": "15.50"}),
            )
            .await;
        let refund = &b["orderTransactions"]["refunds"][0]["transactions"][0];
        assert!(
            refund["providerRefundId"]
                .as_str()
                .unwrap()
                .starts_with("re_"),
            "{b}"
        );

        // The webhook for the paid intent, twice: the order is as it was, with one payment.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let site_id = &shop.site_id;
        let event = json!({"id": "evt_1", "type": "payment_intent.succeeded", "created": now,
            "data": {"object": {"id": intent, "status": "succeeded", "metadata": {"order_id": order, "site_id": site_id}}}})
        .to_string();
        let signature = {
            use hmac::Mac;
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"whsec_test").unwrap();
            mac.update(format!("{now}.{event}").as_bytes());
            let hex: String = mac
                .finalize()
                .into_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("t={now},v1={hex}")
        };
        let hook = |sig: String| {
            let req = shop
                .app
                .req(
                    Method::POST,
                    &format!("/_stores/v1/stripe-webhook/{site_id}"),
                )
                .header("stripe-signature", sig)
                .body(event.clone());
            async move { req.send().await.unwrap().status().as_u16() }
        };
        assert_eq!(hook(signature.clone()).await, 200);
        assert_eq!(hook(signature.clone()).await, 200);
        assert_eq!(
            hook(signature.replace("v1=", "v1=00")).await,
            400,
            "a bad signature"
        );
        let tx = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/payments/orders/{order}"),
                json!(null),
            )
            .await;
        assert_eq!(
            tx["orderTransactions"]["payments"]
                .as_array()
                .unwrap()
                .len(),
            1,
            "{tx}"
        );
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/orders/{order}"),
                json!(null),
            )
            .await;
        assert_eq!(b["order"]["paymentStatus"], "PARTIALLY_REFUNDED");
        assert_eq!(shop.available(&product, &vs).await, 3, "stock taken once");
    }
}

/// Coupons: created in Wix's shape, applied to a cart and carried to its checkout, taken off
/// exactly, refused when not applicable, and used at most as often as their limit allows
/// (a canceled order gives its use back).
#[tokio::test]
async fn coupons_apply_and_run_out() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (product, vs, _) = shop.tee(10, 0).await;
        let b = shop
            .ok(Method::POST, "/stores/v2/coupons", json!({"specification": {"name": "Ten off", "code": "ten", "percentOffRate": 10, "usageLimit": 1, "minimumSubtotal": 30}}))
            .await;
        let coupon = b["id"].as_str().unwrap().to_string();
        let (s, b) = shop.wix(Method::POST, "/stores/v2/coupons", json!({"specification": {"name": "Both", "code": "x", "percentOffRate": 10, "moneyOffAmount": 5}})).await;
        assert_eq!(s, 400, "two kinds: {b}");
        let (s, _) = shop
            .wix(
                Method::POST,
                "/stores/v2/coupons",
                json!({"specification": {"name": "Again", "code": "TEN", "freeShipping": true}}),
            )
            .await;
        assert_eq!(s, 400, "the code is taken");
        for (spec, field) in [
            (
                json!({"name": "Half", "code": "HALF", "percentOffRate": 0.5}),
                "specification.percentOffRate",
            ),
            (
                json!({"name": "Gone", "code": "GONE", "freeShipping": true, "scope": {"namespace": "stores", "group": {"name": "product", "entityId": "abc"}}}),
                "specification.scope.group.entityId",
            ),
        ] {
            let (s, b) = shop
                .wix(
                    Method::POST,
                    "/stores/v2/coupons",
                    json!({"specification": spec}),
                )
                .await;
            assert_eq!(s, 400, "{b}");
            assert!(b["message"].as_str().unwrap().starts_with(field), "{b}");
        }
        // A new kind replaces the old one; the query filters and sorts as Wix's does.
        let other = shop
            .ok(
                Method::POST,
                "/stores/v2/coupons",
                json!({"specification": {"name": "Other", "code": "OTHER", "percentOffRate": 5}}),
            )
            .await;
        let other = other["id"].as_str().unwrap().to_string();
        let b = shop
            .ok(
                Method::PATCH,
                &format!("/stores/v2/coupons/{other}"),
                json!({"specification": {"moneyOffAmount": 3}}),
            )
            .await;
        assert_eq!(
            (
                b["coupon"]["specification"]["moneyOffAmount"].as_i64(),
                b["coupon"]["specification"].get("percentOffRate")
            ),
            (Some(3), None),
            "{b}"
        );
        let b = shop
            .ok(
                Method::POST,
                "/stores/v2/coupons/query",
                json!({"query": {"filter": "{\"specification.code\": \"OTHER\"}"}}),
            )
            .await;
        assert_eq!(
            (
                b["coupons"].as_array().unwrap().len(),
                b["totalResults"].as_u64()
            ),
            (1, Some(1)),
            "{b}"
        );
        let b = shop
            .ok(
                Method::POST,
                "/stores/v2/coupons/query",
                json!({"query": {"sort": "[{\"dateCreated\": \"desc\"}]"}}),
            )
            .await;
        assert_eq!(b["coupons"][0]["id"], other.as_str(), "{b}");
        shop.ok(
            Method::DELETE,
            &format!("/stores/v2/coupons/{other}"),
            json!(null),
        )
        .await;

        let ann = Visitor::new(&shop.app);
        ann.call(
            Method::POST,
            "/ecom/v1/carts/current/add-to-cart",
            json!({"lineItems": [line(&product, &vs, 1)]}),
        )
        .await;
        let (s, b) = ann
            .call(
                Method::PATCH,
                "/ecom/v1/carts/current",
                json!({"couponCode": "nope"}),
            )
            .await;
        assert_eq!((s, code(&b)), (400, "FAILED_PRECONDITION"), "{b}");
        let (s, _) = ann
            .call(
                Method::PATCH,
                "/ecom/v1/carts/current",
                json!({"couponCode": "ten"}),
            )
            .await;
        assert_eq!(s, 200);
        // 20.00 is below the coupon's minimum of 30.00: it does not apply yet, and says so.
        let (_, b) = ann
            .call(
                Method::POST,
                "/ecom/v1/carts/current/estimate-totals",
                json!({}),
            )
            .await;
        assert_eq!(b["priceSummary"]["discount"]["amount"], "0.00", "{b}");
        assert!(
            b["calculationErrors"]["couponCalculationError"]["message"]
                .as_str()
                .unwrap()
                .contains("$30.00")
        );
        ann.call(
            Method::POST,
            "/ecom/v1/carts/current/add-to-cart",
            json!({"lineItems": [line(&product, &vs, 1)]}),
        )
        .await;
        let (_, b) = ann
            .call(
                Method::POST,
                "/ecom/v1/carts/current/estimate-totals",
                json!({}),
            )
            .await;
        assert_eq!(
            (
                b["priceSummary"]["discount"]["amount"].as_str(),
                b["priceSummary"]["total"]["amount"].as_str()
            ),
            (Some("4.00"), Some("36.00")),
            "{b}"
        );
        let (_, b) = ann
            .call(
                Method::POST,
                "/ecom/v1/carts/current/create-checkout",
                json!({"email": "ann@example.com", "shippingAddress": address()}),
            )
            .await;
        let checkout = b["checkoutId"].as_str().unwrap().to_string();
        let (s, b) = ann
            .call(
                Method::POST,
                &format!("/ecom/v1/checkouts/{checkout}/create-order"),
                json!({}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["order"]["appliedDiscounts"][0]["coupon"]["code"], "TEN");
        assert_eq!(b["order"]["priceSummary"]["total"]["amount"], "36.00");
        let first = b["orderId"].as_str().unwrap().to_string();

        // Its one use is taken: another checkout with it is refused, nothing placed.
        let c2 = shop
            .ok(Method::POST, "/ecom/v1/checkouts", json!({"lineItems": [line(&product, &vs, 2)], "checkoutInfo": {"buyerInfo": {"email": "bo@example.com"}, "shippingInfo": {"shippingDestination": {"address": address()}}}}))
            .await;
        let c2 = c2["checkout"]["id"].as_str().unwrap().to_string();
        let (s, b) = shop
            .wix(
                Method::PATCH,
                &format!("/ecom/v1/checkouts/{c2}"),
                json!({"checkout": {}, "couponCode": "TEN"}),
            )
            .await;
        assert_eq!((s, code(&b)), (400, "FAILED_PRECONDITION"), "{b}");
        assert!(b["message"].as_str().unwrap().contains("used up"), "{b}");
        let b = shop
            .ok(
                Method::GET,
                &format!("/stores/v2/coupons/{coupon}"),
                json!(null),
            )
            .await;
        assert_eq!(b["coupon"]["numberOfUsages"], 1);
        // Canceled, the order gives its use back.
        shop.ok(
            Method::POST,
            &format!("/ecom/v1/orders/{first}/cancel"),
            json!({}),
        )
        .await;
        let b = shop
            .ok(
                Method::GET,
                &format!("/stores/v2/coupons/{coupon}"),
                json!(null),
            )
            .await;
        assert_eq!(b["coupon"]["numberOfUsages"], 0);
        let b = shop
            .ok(
                Method::PATCH,
                &format!("/ecom/v1/checkouts/{c2}"),
                json!({"checkout": {}, "couponCode": "TEN"}),
            )
            .await;
        assert_eq!(
            b["checkout"]["priceSummary"]["discount"]["amount"], "4.00",
            "{b}"
        );
    }
}

fn all_products() -> Value {
    json!([{"type": "CATALOG_ITEM", "catalogItemFilter": {"catalogAppId": "215238eb-22a5-4c36-9e7b-e7c08025e04e"}}])
}

#[tokio::test]
async fn discount_rules_apply_by_themselves() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (product, vs, _) = shop.tee(10, 0).await;
        let tees = json!([{"type": "CATALOG_ITEM", "catalogItemFilter": {"catalogAppId": "215238eb-22a5-4c36-9e7b-e7c08025e04e", "catalogItemIds": [product]}}]);
        // Bad rules are refused, naming the field, and nothing is stored.
        for (rule, field) in [
            (
                json!({"discounts": {"values": [{"percentage": 10, "specificItemsInfo": {"scopes": all_products()}}]}}),
                "discountRule.name",
            ),
            (
                json!({"name": "x", "discounts": {"values": [{"percentage": 150, "specificItemsInfo": {"scopes": all_products()}}]}}),
                "discountRule.discounts.values[0].percentage",
            ),
            (
                json!({"name": "x", "discounts": {"values": [{"percentage": 10}]}}),
                "discountRule.discounts.values[0].specificItemsInfo.scopes",
            ),
            (
                json!({"name": "x", "discounts": {"values": []}}),
                "discountRule.discounts.values",
            ),
            (
                json!({"name": "x", "discounts": {"values": [{"fixedAmount": "1", "specificItemsInfo": {"scopes": [{"type": "CATALOG_ITEM", "catalogItemFilter": {"catalogAppId": "13d21c63-b5ec-5912-8397-c3a5ddb27a97"}}]}}]}}),
                "discountRule.discounts.values[0].specificItemsInfo.scopes[0]",
            ),
            (
                json!({"name": "x", "trigger": {"customTrigger": {"appId": "a"}}, "discounts": {"values": [{"percentage": 10, "specificItemsInfo": {"scopes": all_products()}}]}}),
                "discountRule.trigger.customTrigger.id",
            ),
            (
                json!({"name": "x", "trigger": {"and": {"triggers": [{"subtotalRange": {"from": "10"}}]}}, "discounts": {"values": [{"percentage": 10, "specificItemsInfo": {"scopes": all_products()}}]}}),
                "discountRule.trigger.and.triggers",
            ),
            (
                json!({"name": "x", "trigger": {"itemQuantityRange": {"from": 3, "to": 2}}, "discounts": {"values": [{"percentage": 10, "specificItemsInfo": {"scopes": all_products()}}]}}),
                "discountRule.trigger.itemQuantityRange.to",
            ),
            (
                json!({"name": "x", "activeTimeInfo": {"start": "2030-01-02T00:00:00Z", "end": "2030-01-01T00:00:00Z"}, "discounts": {"values": [{"percentage": 10, "specificItemsInfo": {"scopes": all_products()}}]}}),
                "discountRule.activeTimeInfo.end",
            ),
        ] {
            let (s, b) = shop
                .wix(
                    Method::POST,
                    "/ecom/v1/discount-rules",
                    json!({"discountRule": rule}),
                )
                .await;
            assert_eq!(s, 400, "{rule}: {b}");
            assert!(
                b["message"].as_str().unwrap().starts_with(field),
                "{field}: {b}"
            );
        }
        let b = shop
            .ok(
                Method::POST,
                "/ecom/v1/discount-rules/query",
                json!({"query": {}}),
            )
            .await;
        assert_eq!(b["discountRules"], json!([]));

        // 25 % off tees when two or more are bought.
        let b = shop
            .ok(Method::POST, "/ecom/v1/discount-rules", json!({"discountRule": {
                "name": "Two tees", "trigger": {"triggerType": "ITEM_QUANTITY_RANGE", "itemQuantityRange": {"from": 2, "scopes": tees}},
                "discounts": {"values": [{"targetType": "SPECIFIC_ITEMS", "discountType": "PERCENTAGE", "percentage": 25, "specificItemsInfo": {"scopes": tees}}]},
            }}))
            .await;
        let rule = b["discountRule"]["id"].as_str().unwrap().to_string();
        assert_eq!(
            (
                b["discountRule"]["status"].as_str(),
                b["discountRule"]["revision"].as_str(),
                b["discountRule"]["active"].as_bool()
            ),
            (Some("LIVE"), Some("1"), Some(true)),
            "{b}"
        );
        // Not yet live: a rule that starts next year.
        shop.ok(Method::POST, "/ecom/v1/discount-rules", json!({"discountRule": {
            "name": "Later", "activeTimeInfo": {"start": "2099-01-01T00:00:00Z"},
            "discounts": {"values": [{"percentage": 50, "specificItemsInfo": {"scopes": all_products()}}]},
        }}))
        .await;

        let ann = Visitor::new(&shop.app);
        // The cart icon's count: 0 without a cart, not a 404.
        assert_eq!(
            ann.call(Method::GET, "/_stores/v1/cart-count", json!(null))
                .await,
            (200, json!({"count": 0}))
        );
        let estimate = || async {
            ann.call(
                Method::POST,
                "/ecom/v1/carts/current/estimate-totals",
                json!({}),
            )
            .await
            .1
        };
        ann.call(
            Method::POST,
            "/ecom/v1/carts/current/add-to-cart",
            json!({"lineItems": [line(&product, &vs, 1)]}),
        )
        .await;
        let b = estimate().await;
        assert_eq!(
            (
                b["priceSummary"]["discount"]["amount"].as_str(),
                b["appliedDiscounts"].clone()
            ),
            (Some("0.00"), json!([])),
            "one tee: {b}"
        );
        ann.call(
            Method::POST,
            "/ecom/v1/carts/current/add-to-cart",
            json!({"lineItems": [line(&product, &vs, 1)]}),
        )
        .await;
        let b = estimate().await;
        assert_eq!(b["priceSummary"]["discount"]["amount"], "10.00", "{b}");
        assert_eq!(
            ann.call(Method::GET, "/_stores/v1/cart-count", json!(null))
                .await,
            (200, json!({"count": 2}))
        );
        assert_eq!(b["priceSummary"]["total"]["amount"], "30.00", "{b}");
        let applied = &b["appliedDiscounts"][0];
        assert_eq!(
            (
                applied["discountType"].as_str(),
                applied["discountRule"]["name"]["original"].as_str(),
                applied["discountRule"]["amount"]["amount"].as_str()
            ),
            (Some("SPECIFIC_ITEMS"), Some("Two tees"), Some("10.00")),
            "{b}"
        );
        assert_eq!(applied["lineItemIds"].as_array().unwrap().len(), 1);
        assert_eq!(
            b["calculatedLineItems"][0]["pricesBreakdown"]["totalDiscount"]["amount"],
            "10.00"
        );
        // A coupon takes its part of what is left: 10 % of 30.00.
        shop.ok(
            Method::POST,
            "/stores/v2/coupons",
            json!({"specification": {"name": "Ten", "code": "TEN", "percentOffRate": 10}}),
        )
        .await;
        ann.call(
            Method::PATCH,
            "/ecom/v1/carts/current",
            json!({"couponCode": "TEN"}),
        )
        .await;
        let b = estimate().await;
        assert_eq!(
            (
                b["priceSummary"]["discount"]["amount"].as_str(),
                b["priceSummary"]["total"]["amount"].as_str()
            ),
            (Some("13.00"), Some("27.00")),
            "{b}"
        );
        assert_eq!(
            b["appliedDiscounts"][1]["coupon"]["amount"]["amount"], "3.00",
            "{b}"
        );

        let (_, b) = ann
            .call(
                Method::POST,
                "/ecom/v1/carts/current/create-checkout",
                json!({"email": "ann@example.com", "shippingAddress": address()}),
            )
            .await;
        let checkout = b["checkoutId"].as_str().unwrap().to_string();
        let (s, b) = ann
            .call(
                Method::POST,
                &format!("/ecom/v1/checkouts/{checkout}/create-order"),
                json!({}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["order"]["appliedDiscounts"][0]["discountRule"]["id"],
            rule.as_str(),
            "{b}"
        );
        assert_eq!(b["order"]["priceSummary"]["total"]["amount"], "27.00");
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/discount-rules/{rule}"),
                json!(null),
            )
            .await;
        assert_eq!(b["discountRule"]["usageCount"], 1, "{b}");

        // Changes name the current revision; an old one is refused and changes nothing.
        let (s, b) = shop
            .wix(
                Method::PATCH,
                &format!("/ecom/v1/discount-rules/{rule}"),
                json!({"discountRule": {"revision": "0", "active": false}}),
            )
            .await;
        assert_eq!(s, 409, "{b}");
        let (s, _) = shop
            .wix(
                Method::PATCH,
                &format!("/ecom/v1/discount-rules/{rule}"),
                json!({"discountRule": {"active": false}}),
            )
            .await;
        assert_eq!(s, 400, "no revision");
        let b = shop
            .ok(
                Method::PATCH,
                &format!("/ecom/v1/discount-rules/{rule}"),
                json!({"discountRule": {"revision": "1", "active": false}}),
            )
            .await;
        assert_eq!(
            (
                b["discountRule"]["revision"].as_str(),
                b["discountRule"]["name"].as_str()
            ),
            (Some("2"), Some("Two tees")),
            "{b}"
        );
        let c2 = shop
            .ok(Method::POST, "/ecom/v1/checkouts", json!({"lineItems": [line(&product, &vs, 3)], "checkoutInfo": {"buyerInfo": {"email": "bo@example.com"}}}))
            .await;
        assert_eq!(
            c2["checkout"]["priceSummary"]["discount"]["amount"], "0.00",
            "{c2}"
        );

        // Three for 50.00: of three tees at 20.00, 10.00 off.
        shop.ok(Method::POST, "/ecom/v1/discount-rules", json!({"discountRule": {
            "name": "Three for 50",
            "discounts": {"values": [{"discountType": "QUANTITY_BASED", "quantityBased": {"configurations": [{"quantity": 3, "price": "50"}]}, "specificItemsInfo": {"scopes": tees}}]},
        }}))
        .await;
        let id = c2["checkout"]["id"].as_str().unwrap();
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/checkouts/{id}"),
                json!(null),
            )
            .await;
        assert_eq!(
            b["checkout"]["priceSummary"]["discount"]["amount"], "10.00",
            "{b}"
        );
        // A rule read back can be sent back as it is.
        let three = b["checkout"]["appliedDiscounts"][0]["discountRule"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let mut back = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/discount-rules/{three}"),
                json!(null),
            )
            .await["discountRule"]
            .clone();
        back["trigger"] = json!({});
        let b = shop
            .ok(
                Method::PATCH,
                &format!("/ecom/v1/discount-rules/{three}"),
                json!({"discountRule": back}),
            )
            .await;
        assert_eq!(
            (
                b["discountRule"]["revision"].as_str(),
                b["discountRule"].get("trigger")
            ),
            (Some("2"), None),
            "{b}"
        );

        // Query: by name, by active, newest first, a page at a time.
        let b = shop
            .ok(
                Method::POST,
                "/ecom/v1/discount-rules/query",
                json!({"query": {"filter": {"active": false}}}),
            )
            .await;
        assert_eq!(b["discountRules"].as_array().unwrap().len(), 1, "{b}");
        assert_eq!(b["discountRules"][0]["id"], rule.as_str());
        let b = shop.ok(Method::POST, "/ecom/v1/discount-rules/query", json!({"query": {"sort": [{"fieldName": "createdDate", "order": "DESC"}], "cursorPaging": {"limit": 2}}})).await;
        let names: Vec<&str> = b["discountRules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Three for 50", "Later"], "{b}");
        assert_eq!(b["discountRules"][1]["status"], "PENDING");
        let next = b["pagingMetadata"]["cursors"]["next"]
            .as_str()
            .unwrap()
            .to_string();
        let b = shop.ok(Method::POST, "/ecom/v1/discount-rules/query", json!({"query": {"sort": [{"fieldName": "createdDate", "order": "DESC"}], "cursorPaging": {"limit": 2, "cursor": next}}})).await;
        assert_eq!(b["discountRules"][0]["name"], "Two tees", "{b}");
        assert_eq!(b["pagingMetadata"]["hasNext"], false);

        shop.ok(
            Method::DELETE,
            &format!("/ecom/v1/discount-rules/{rule}"),
            json!(null),
        )
        .await;
        let (s, _) = shop
            .wix(
                Method::GET,
                &format!("/ecom/v1/discount-rules/{rule}"),
                json!(null),
            )
            .await;
        assert_eq!(s, 404);
        // A visitor may not manage rules.
        let (s, _) = ann
            .call(
                Method::POST,
                "/ecom/v1/discount-rules/query",
                json!({"query": {}}),
            )
            .await;
        assert_eq!(s, 403);
    }
}

const STORE_CODE: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { createProduct, updateInventoryVariantFields, getProductVariants, createCollection, addProductsToCollection, decrementInventory, getCurrentCart, updateVariantData } from 'wix-stores-backend';
import * as stores from '@wix/stores';
import { createPayment } from 'wix-pay-backend';
import { checkout, orders, discountRules, orderFulfillments, currentCart } from 'wix-ecom-backend';
import * as ecom from '@wix/ecom';
import wixData from 'wix-data';
const APP = '215238eb-22a5-4c36-9e7b-e7c08025e04e';
export const sell = webMethod(Permissions.Anyone, async () => {
  const mug = await createProduct({ name: 'Mug', productType: 'physical', priceData: { price: 12 },
    manageVariants: true, productOptions: [{ name: 'Colour', choices: [{ value: 'Red', description: 'Red' }, { value: 'Blue', description: 'Blue' }] }] });
  const blue = (await getProductVariants(mug._id, { choices: { Colour: 'Blue' } }))[0];
  await updateInventoryVariantFields(mug._id, { trackQuantity: true, variants: [{ variantId: blue._id, quantity: 5 }] });
  await decrementInventory([{ productId: mug._id, variantId: blue._id, decrementBy: 1 }]);
  const shelf = await createCollection({ name: 'Kitchen' });
  await addProductsToCollection(shelf._id, [mug._id]);
  const rule = await discountRules.createDiscountRule({ name: 'Mugs 10 off', active: true,
    discounts: { values: [{ discountType: 'PERCENTAGE', percentage: 10, specificItemsInfo: { scopes: [{ type: 'CATALOG_ITEM', catalogItemFilter: { catalogAppId: APP, catalogItemIds: [mug._id] } }] } }] } });
  const made = await checkout.createCheckout({
    lineItems: [{ catalogReference: { catalogItemId: mug._id, appId: APP, options: { variantId: blue._id } }, quantity: 2 }],
    checkoutInfo: { buyerInfo: { email: 'code@example.com' }, shippingInfo: { shippingDestination: { address: { addressLine1: '1 Main St', city: 'Austin', country: 'US', postalCode: '73301' } } } }, channelType: 'WEB' });
  const { orderId } = await checkout.createOrder(made._id);
  const order = await orders.getOrder(orderId);
  await orderFulfillments.createFulfillment(orderId, { lineItems: [{ id: order.lineItems[0]._id, quantity: 2 }], trackingInfo: { trackingNumber: 'T1', shippingProvider: 'ups' } });
  const found = await ecom.orders.searchOrders({ filter: { status: { $in: ['INITIALIZED', 'APPROVED'] } } });
  const rules = await discountRules.queryDiscountRules().eq('active', true).find();
  const variants = await wixData.query('Stores/Variants').eq('productId', mug._id).ascending('variantName').find();
  let refused = null;
  try { await checkout.getCheckout('nope'); } catch (e) { refused = e.message; }
  return { mug: { id: mug._id, price: mug.price, slug: mug.slug }, blue: blue.choices, blueId: blue._id, shelf: shelf.name,
    checkoutId: made._id, created: made._createdDate instanceof Date, discount: made.priceSummary.discount.amount,
    order: { id: order._id, number: order.number, total: order.priceSummary.total.amount },
    found: found.orders.map((o) => o._id), rules: rules.items.map((r) => r.name), refused,
    variants: variants.items.map((v) => [v._id === `${mug._id}-${v.variantId}`, v.variantName, v.price, v.formattedPrice]) };
});
export const older = webMethod(Permissions.Anyone, async (productId) => {
  const cart = await getCurrentCart();
  const variants = await updateVariantData(productId, [{ choices: { Colour: 'Red' }, price: 15 }]);
  const { product } = await stores.products.getProduct(productId);
  return {
    cart: cart && [cart.lineItems[0].name, cart.lineItems[0].quantity, cart.totals.subtotal, cart.buyerInfo.type],
    red: variants.find((v) => v.choices.Colour === 'Red'),
    name: product.name,
  };
});
export const donate = webMethod(Permissions.Anyone, async (amount) =>
  createPayment({ amount, items: [{ name: 'Donation', price: 5, quantity: 3 }], userInfo: { email: 'ann@example.com', firstName: 'Ann' } }));
export const mine = webMethod(Permissions.Anyone, async (productId, variantId) => {
  await currentCart.addToCurrentCart({ lineItems: [{ catalogReference: { catalogItemId: productId, appId: APP, options: { variantId } }, quantity: 1 }] });
  const cart = await currentCart.getCurrentCart();
  return cart.lineItems.map((l) => [l.productName.original, l.quantity]);
});
"#;

#[tokio::test]
async fn site_code_runs_the_store_through_wix_stores_and_ecom_backend() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        shop.publish_code(json!({ "backend/store.web.js": STORE_CODE }))
            .await;
        let host = format!("shop.localhost:{}", shop.app.addr.port());
        let (s, b) = call(
            shop.app
                .req_host(
                    Method::POST,
                    &host,
                    "/_api/webmethods/backend/store.web.js/sell",
                )
                .json(&json!([])),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let r = &b["result"];
        assert_eq!(
            (r["mug"]["price"].as_f64(), r["mug"]["slug"].as_str()),
            (Some(12.0), Some("mug")),
            "{r}"
        );
        assert_eq!(
            (r["blue"]["Colour"].as_str(), r["shelf"].as_str()),
            (Some("Blue"), Some("Kitchen")),
            "{r}"
        );
        assert_eq!(
            (r["created"].as_bool(), r["discount"].as_str()),
            (Some(true), Some("2.40")),
            "{r}"
        );
        assert_eq!(
            (r["order"]["number"].as_str(), r["order"]["total"].as_str()),
            (Some("10001"), Some("21.60")),
            "{r}"
        );
        assert_eq!(r["found"], json!([r["order"]["id"]]), "{r}");
        assert_eq!(r["rules"], json!(["Mugs 10 off"]));
        assert!(r["refused"].as_str().unwrap().contains("nope"), "{r}");
        assert_eq!(
            r["variants"],
            json!([[true, "Blue", 12, "$12.00"], [true, "Red", 12, "$12.00"]]),
            "{r}"
        );
        // What the code did is the store's: stock 5 − 1 − 2 held, the order fulfilled.
        let product = r["mug"]["id"].as_str().unwrap();
        let b = shop
            .ok(
                Method::GET,
                &format!("/stores/v2/inventoryItems/{product}"),
                json!(null),
            )
            .await;
        let blue = b["inventoryItem"]["variants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["variantId"] == r["blueId"])
            .unwrap()
            .clone();
        assert_eq!(blue["quantity"], 2, "{b}");
        let order = r["order"]["id"].as_str().unwrap();
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/orders/{order}"),
                json!(null),
            )
            .await;
        assert_eq!(b["order"]["fulfillmentStatus"], "FULFILLED", "{b}");
        // In the code a visitor's request runs, the current cart is that visitor's: what it
        // adds is in the cart their own calls see; another visitor, given a cookie by the
        // call, gets a cart of their own.
        let blue_id = r["blueId"].as_str().unwrap();
        let mine = "/_api/webmethods/backend/store.web.js/mine";
        let ann = Visitor::new(&shop.app);
        let (s, b) = ann
            .call(
                Method::POST,
                "/ecom/v1/carts/current/add-to-cart",
                json!({"lineItems": [line(product, blue_id, 1)]}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = ann
            .call(Method::POST, mine, json!([product, blue_id]))
            .await;
        assert_eq!((s, &b["result"]), (200, &json!([["Mug", 2]])), "{b}");
        let (_, b) = ann
            .call(Method::GET, "/ecom/v1/carts/current", json!(null))
            .await;
        assert_eq!(b["cart"]["lineItems"][0]["quantity"], 2, "{b}");
        let bob = Visitor::new(&shop.app);
        let (s, b) = bob
            .call(Method::POST, mine, json!([product, blue_id]))
            .await;
        assert_eq!((s, &b["result"]), (200, &json!([["Mug", 1]])), "{b}");
        let (_, b) = bob
            .call(Method::GET, "/ecom/v1/carts/current", json!(null))
            .await;
        assert_eq!(b["cart"]["lineItems"][0]["quantity"], 1, "{b}");
        // The older API's current cart, variant data and @wix/stores.
        let older = "/_api/webmethods/backend/store.web.js/older";
        let b = ann.ok(Method::POST, older, json!([product])).await;
        let r = &b["result"];
        assert_eq!(r["cart"], json!(["Mug", 2, 24, "VISITOR"]), "{b}");
        assert_eq!(r["red"]["variant"]["priceData"]["price"], 15, "{b}");
        assert_eq!(r["name"], "Mug");
        let b = Visitor::new(&shop.app)
            .ok(Method::POST, older, json!([product]))
            .await;
        assert_eq!(b["result"]["cart"], Value::Null, "{b}");
        // wix-pay-backend: a payment of 3 × 5.00 the visitor pays as an order.
        let donate = "/_api/webmethods/backend/store.web.js/donate";
        let (s, b) = ann.call(Method::POST, donate, json!([14])).await;
        assert!(s >= 400 && b.to_string().contains("add up"), "{s} {b}");
        let b = ann.ok(Method::POST, donate, json!([15])).await;
        let payment = b["result"]["id"].as_str().unwrap();
        let b = ann
            .ok(
                Method::POST,
                &format!("/_stores/v1/orders/{payment}/pay"),
                json!({"cardNumber": "4242424242424242"}),
            )
            .await;
        assert_eq!(
            (
                b["order"]["paymentStatus"].as_str(),
                b["order"]["priceSummary"]["total"]["amount"].as_str(),
                b["order"]["channelInfo"]["type"].as_str()
            ),
            (Some("PAID"), Some("15.00"), Some("WIX_PAY")),
            "{b}"
        );
        // Stores/Variants is read-only, and a deleted product's variants go with it.
        let (s, b) = shop
            .wix(Method::POST, "/wix-data/v2/items", json!({"dataCollectionId": "Stores/Variants", "dataItem": {"data": {"productId": "x"}}}))
            .await;
        assert!(s == 403 || s == 400, "{s} {b}");
        shop.ok(
            Method::DELETE,
            &format!("/stores/v1/products/{product}"),
            json!(null),
        )
        .await;
        let b = shop
            .ok(Method::POST, "/wix-data/v2/items/query", json!({"dataCollectionId": "Stores/Variants", "query": {"filter": {"productId": product}}}))
            .await;
        assert_eq!(b["dataItems"], json!([]), "{b}");
    }
}

const STORE_EVENTS: &str = r#"
import wixData from 'wix-data';
const audit = (what, detail) => wixData.insert('Audit', { what, detail: JSON.stringify(detail) }, { suppressAuth: true });
export const wixStores_onProductCreated = (e) => audit('productCreated', [e.productId.length, e.name, e.price, e.productPageUrl]);
export const wixStores_onProductUpdated = (e) => audit('productUpdated', e.updatedFields);
export const wixStores_onNewOrder = (e) => audit('newOrder', [e.number, e.totals.total, e.totals.quantity, e.buyerInfo.email, e.paymentStatus]);
export const wixStores_onOrderPaid = (e) => audit('orderPaid', [e.number, e.lineItems[0].name, e.lineItems[0].options, e.lineItems[0].price, e.totals.total, e.activities.map((a) => a.type)]);
export const wixStores_onOrderCanceled = (e) => audit('orderCanceled', [e.order.number]);
export const wixEcom_onOrderCreated = (e) => audit('ecomOrderCreated', [e.entity.number]);
"#;

#[tokio::test]
async fn events_js_hears_the_older_store_events() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        shop.ok(
            Method::POST,
            "/wix-data/v2/collections",
            json!({"collection": {"id": "Audit"}}),
        )
        .await;
        shop.publish_code(json!({ "backend/events.js": STORE_EVENTS }))
            .await;
        let (product, vs, _) = shop.tee(5, 5).await;
        let ann = Visitor::new(&shop.app);
        ann.call(
            Method::POST,
            "/ecom/v1/carts/current/add-to-cart",
            json!({"lineItems": [line(&product, &vs, 2)]}),
        )
        .await;
        let (_, b) = ann
            .call(
                Method::POST,
                "/ecom/v1/carts/current/create-checkout",
                json!({"email": "ann@example.com", "shippingAddress": address()}),
            )
            .await;
        let checkout = b["checkoutId"].as_str().unwrap().to_string();
        let (_, b) = ann
            .call(
                Method::POST,
                &format!("/ecom/v1/checkouts/{checkout}/create-order"),
                json!({}),
            )
            .await;
        let order = b["orderId"].as_str().unwrap().to_string();
        let (s, b) = ann
            .call(
                Method::POST,
                &format!("/_stores/v1/orders/{order}/pay"),
                json!({"cardNumber": "4242424242424242"}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        shop.ok(
            Method::POST,
            &format!("/ecom/v1/orders/{order}/cancel"),
            json!({}),
        )
        .await;
        // The test takes the deliverer's place, so it knows when each event was handled.
        tessera_http::platform::backend_events::deliver_due(
            shop.app.state.platform(),
            tessera_core::now_millis(),
        )
        .await
        .unwrap();
        let b = shop
            .ok(Method::POST, "/wix-data/v2/items/query", json!({"dataCollectionId": "Audit", "query": {"sort": [{"fieldName": "_createdDate"}]}}))
            .await;
        // Events are delivered several at once: in any order.
        let mut audit: Vec<(String, Value)> = b["dataItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let d = &i["data"];
                (
                    d["what"].as_str().unwrap().to_string(),
                    serde_json::from_str(d["detail"].as_str().unwrap()).unwrap(),
                )
            })
            .collect();
        audit.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            audit,
            vec![
                ("ecomOrderCreated".to_string(), json!(["10001"])),
                (
                    "newOrder".to_string(),
                    json!([10001, 40, 2, "ann@example.com", "PAID"])
                ),
                ("orderCanceled".to_string(), json!([10001])),
                (
                    "orderPaid".to_string(),
                    json!([10001, "Tee", [{"option": "Size", "selection": "S"}], 20, 40, ["ORDER_PLACED", "ORDER_PAID"]])
                ),
                (
                    "productCreated".to_string(),
                    json!([36, "Tee", 20, "/product-page/tee"])
                ),
            ],
            "{b}"
        );
    }
}

/// A module of the test's own that sells ledger entries and cannot take its first `paid`
/// (its outside system is not up yet), as a module whose write fails.
#[derive(Default)]
struct Ledger {
    told: std::sync::Mutex<Vec<&'static str>>,
}

impl tessera_http::platform::module::Module for Ledger {
    fn name(&self) -> &'static str {
        "ledger"
    }

    fn catalog_app_id(&self) -> Option<&'static str> {
        Some("ledger-app")
    }

    fn catalog_items(
        &self,
        _p: tessera_http::platform::Platform,
        _site: tessera_core::sites::Site,
        options: Value,
    ) -> futures::future::BoxFuture<'static, tessera_http::platform::WixResult<Value>> {
        let items: Vec<Value> = options["catalogReferences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                json!({"catalogReference": r["catalogReference"], "data": {
                "productName": {"original": "Entry"}, "price": "3.00", "quantityAvailable": 1,
                "itemType": {"preset": "DIGITAL"}}})
            })
            .collect();
        Box::pin(async move { Ok(json!({ "catalogItems": items })) })
    }

    fn order_changed(
        &self,
        _p: tessera_http::platform::Platform,
        _site: tessera_core::sites::Site,
        event: &'static str,
        _order: Value,
    ) -> futures::future::BoxFuture<'static, tessera_http::platform::WixResult<()>> {
        let mut told = self.told.lock().unwrap();
        told.push(event);
        let first_paid = event == "paid" && told.iter().filter(|e| **e == "paid").count() == 1;
        Box::pin(async move {
            if first_paid {
                return Err(tessera_http::platform::WixError::new(
                    tessera_http::platform::WixCode::Internal,
                    "the ledger is not up yet",
                ));
            }
            Ok(())
        })
    }
}

/// A module hears of its orders through the event queue: `created` and `paid` once each are
/// stored, a failed `paid` again after the backoff, and nothing more once it is taken.
#[tokio::test]
async fn modules_hear_of_their_orders_through_the_queue_and_a_failure_is_retried() {
    use tessera_http::platform::backend_events::deliver_due;
    for backend in backends() {
        let ledger = std::sync::Arc::new(Ledger::default());
        let shop = Shop::new(TestApp::spawn_with_module(backend, ledger.clone()).await).await;
        let ann = Visitor::new(&shop.app);
        let b = ann
            .ok(
                Method::POST,
                "/ecom/v1/checkouts",
                json!({"lineItems": [{"catalogReference": {"catalogItemId": "entry-1", "appId": "ledger-app"}, "quantity": 1}],
                    "checkoutInfo": {"buyerInfo": {"email": "ann@example.com"}}}),
            )
            .await;
        let checkout = b["checkout"]["id"].as_str().unwrap().to_string();
        let order = ann.order_and_pay(&checkout).await;
        assert!(
            ledger.told.lock().unwrap().is_empty(),
            "told only by the queue"
        );
        let site = shop.site_id.parse().unwrap();
        let queued = || async {
            let mut q = shop.app.store.queued_events(site, 10).await.unwrap();
            q.sort_by(|a, b| a.handler.cmp(&b.handler));
            q
        };
        let handlers: Vec<String> = queued().await.into_iter().map(|e| e.handler).collect();
        assert_eq!(
            handlers,
            ["module:ledger:order_created", "module:ledger:order_paid"]
        );
        let p = shop.app.state.platform();
        let now = tessera_core::now_millis();
        assert_eq!(deliver_due(p, now).await.unwrap(), 2);
        let paid = queued().await.pop().unwrap();
        assert_eq!((paid.attempts, paid.done_at), (1, None));
        assert!(
            paid.error.as_deref().unwrap().contains("not up yet"),
            "{paid:?}"
        );
        assert!(paid.due_at >= now + 2_000, "retried after a wait");
        assert!(paid.payload.contains(&order), "the order view");
        assert_eq!(deliver_due(p, now + 1_000).await.unwrap(), 0);
        assert_eq!(deliver_due(p, paid.due_at).await.unwrap(), 1);
        assert_eq!(deliver_due(p, paid.due_at + 3_600_000).await.unwrap(), 0);
        let paid = queued().await.pop().unwrap();
        assert_eq!((paid.attempts, paid.error.as_deref()), (2, None));
        assert!(paid.done_at.is_some());
        let mut told = ledger.told.lock().unwrap().clone();
        told.sort();
        assert_eq!(told, ["created", "paid", "paid"]);
    }
}

const PAYMENT_EVENTS: &str = r#"
import wixData from 'wix-data';
import { orders } from 'wix-ecom-backend';
export async function wixEcom_onOrderPaymentStatusUpdated(event) {
  await wixData.insert('Tries', { at: Date.now() });
  const tries = (await wixData.query('Tries').find()).totalCount;
  if (tries === 1) throw new Error('the outside system is not up yet');
  const order = await orders.getOrder(event.data.order._id);
  await wixData.insert('Audit', { what: 'paid', detail: JSON.stringify([order.paymentStatus, event.data.previousPaymentStatus, tries]) });
}
"#;

/// A post-payment event is queued once the payment is stored (the handler reads the order
/// as paid), handled once, and retried after a failure; two nodes claim each attempt once.
#[tokio::test]
async fn payment_events_are_delivered_once_after_the_commit_and_retried() {
    use tessera_http::platform::backend_events::deliver_due;
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        for id in ["Tries", "Audit"] {
            shop.ok(
                Method::POST,
                "/wix-data/v2/collections",
                json!({"collection": {"id": id}}),
            )
            .await;
        }
        shop.publish_code(json!({ "backend/events.js": PAYMENT_EVENTS }))
            .await;
        let (product, vs, _) = shop.tee(5, 5).await;
        let ann = Visitor::new(&shop.app);
        let checkout = ann.checkout_of(1, &product, &vs).await;
        ann.order_and_pay(&checkout).await;
        let p = shop.app.state.platform();
        let site = shop.site_id.parse().unwrap();
        let queued = shop.app.store.queued_events(site, 10).await.unwrap();
        assert_eq!(queued.len(), 1, "only the handled event is queued");
        // Two nodes at once: one attempt, which fails.
        let now = tessera_core::now_millis();
        let (a, b) = tokio::join!(deliver_due(p, now), deliver_due(p, now));
        assert_eq!(a.unwrap() + b.unwrap(), 1);
        let e = &shop.app.store.queued_events(site, 10).await.unwrap()[0];
        assert_eq!((e.attempts, e.done_at), (1, None));
        assert!(e.error.as_deref().unwrap().contains("not up yet"), "{e:?}");
        assert!(e.due_at >= now + 2_000, "retried after a wait");
        assert_eq!(
            deliver_due(p, now + 1_000).await.unwrap(),
            0,
            "{:?}",
            shop.app.store.queued_events(site, 10).await.unwrap()
        );
        // The retry is handled; nothing more is delivered after that.
        assert_eq!(deliver_due(p, e.due_at).await.unwrap(), 1);
        assert_eq!(
            deliver_due(p, e.due_at + 3_600_000).await.unwrap(),
            0,
            "{:?}",
            shop.app.store.queued_events(site, 10).await.unwrap()
        );
        let e = &shop.app.store.queued_events(site, 10).await.unwrap()[0];
        assert_eq!((e.attempts, e.error.as_deref()), (2, None));
        assert!(e.done_at.is_some());
        let b = shop
            .ok(
                Method::POST,
                "/wix-data/v2/items/query",
                json!({"dataCollectionId": "Audit"}),
            )
            .await;
        let details: Vec<&str> = b["dataItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["data"]["detail"].as_str().unwrap())
            .collect();
        assert_eq!(details, [r#"["PAID","NOT_PAID",2]"#]);
        let (_, b) = call(shop.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/logs?latest=true&level=error",
            &shop.owner,
        ))
        .await;
        let said: Vec<&str> = b["logs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["message"].as_str().unwrap())
            .collect();
        assert!(
            said.iter()
                .any(|m| m.starts_with("attempt 1 of 8 failed; the next is at ")),
            "{said:?}"
        );
    }
}

/// Handlers of the events of abandoned checkouts: the events are queued for them.
const ABANDON_EVENTS: &str = "export function wixStores_onCartAbandoned() {}
export function wixEcom_onAbandonedCheckoutCreated() {}
export function wixStores_onCartRecovered() {}
export function wixEcom_onAbandonedCheckoutRecovered() {}";

#[tokio::test]
async fn checkouts_left_unfinished_are_abandoned_once_and_recovered() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (product, vs, _) = shop.tee(5, 5).await;
        shop.publish_code(json!({ "backend/events.js": ABANDON_EVENTS }))
            .await;
        let ann = Visitor::new(&shop.app);
        ann.call(
            Method::POST,
            "/ecom/v1/carts/current/add-to-cart",
            json!({"lineItems": [line(&product, &vs, 2)]}),
        )
        .await;
        let (_, b) = ann
            .call(
                Method::POST,
                "/ecom/v1/carts/current/create-checkout",
                json!({"email": "ann@example.com", "shippingAddress": address()}),
            )
            .await;
        let checkout = b["checkoutId"].as_str().unwrap().to_string();
        // One without the buyer's email is nobody's to win back.
        shop.ok(
            Method::POST,
            "/ecom/v1/checkouts",
            json!({"lineItems": [line(&product, &vs, 1)]}),
        )
        .await;
        let p = shop.app.state.platform();
        let now = tessera_core::now_millis();
        assert_eq!(
            tessera_stores::sweep_abandoned(p, now).await.unwrap(),
            0,
            "not an hour yet"
        );
        let later = now + 61 * 60 * 1000;
        assert_eq!(tessera_stores::sweep_abandoned(p, later).await.unwrap(), 1);
        assert_eq!(
            tessera_stores::sweep_abandoned(p, later).await.unwrap(),
            0,
            "once"
        );
        let b = shop
            .ok(
                Method::POST,
                "/ecom/v1/abandoned-checkout/query",
                json!({"query": {}}),
            )
            .await;
        let found = &b["abandonedCheckouts"];
        assert_eq!(found.as_array().unwrap().len(), 1, "{b}");
        assert_eq!(
            (
                found[0]["checkoutId"].as_str(),
                found[0]["status"].as_str(),
                found[0]["buyerInfo"]["email"].as_str(),
                found[0]["totalPrice"]["amount"].as_str()
            ),
            (
                Some(checkout.as_str()),
                Some("ABANDONED"),
                Some("ann@example.com"),
                Some("40.00")
            ),
            "{b}"
        );
        // The buyer comes back and pays: recovered.
        let (s, _) = ann
            .call(
                Method::POST,
                &format!("/ecom/v1/checkouts/{checkout}/create-order"),
                json!({}),
            )
            .await;
        assert_eq!(s, 200);
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/abandoned-checkout/{checkout}"),
                json!(null),
            )
            .await;
        assert_eq!(b["abandonedCheckout"]["status"], "RECOVERED", "{b}");
        let site = shop.site_id.parse().unwrap();
        let queued = shop.app.store.queued_events(site, 100).await.unwrap();
        let heard: Vec<&str> = queued.iter().rev().map(|e| e.handler.as_str()).collect();
        assert_eq!(
            heard,
            [
                "wixStores_onCartAbandoned",
                "wixEcom_onAbandonedCheckoutCreated",
                "wixStores_onCartRecovered",
                "wixEcom_onAbandonedCheckoutRecovered"
            ]
        );
        // A visitor may not read them.
        let (s, _) = ann
            .call(
                Method::POST,
                "/ecom/v1/abandoned-checkout/query",
                json!({"query": {}}),
            )
            .await;
        assert_eq!(s, 403);
    }
}
