//! A shop for the store's tests: an owner's site, a visitor with cookies of their own, and
//! the lines and addresses they buy with.
#![allow(dead_code)]

use reqwest::{Client, Method};
use serde_json::{Value, json};
use tessera_testkit::{TestApp, call};

pub struct Shop {
    pub app: TestApp,
    pub owner: String,
    pub site_id: String,
}

/// A visitor: a browser of their own, with their own cookies.
pub struct Visitor {
    pub client: Client,
    pub host: String,
    pub base: String,
    /// A member's `Cookie` header, for a signed-in buyer.
    pub cookie: Option<String>,
}

impl Visitor {
    pub fn new(app: &TestApp) -> Self {
        Self {
            client: Client::builder().cookie_store(true).build().unwrap(),
            host: format!("shop.localhost:{}", app.addr.port()),
            base: app.url(""),
            cookie: None,
        }
    }

    /// A buyer signed in as member `id` with `roles`.
    pub async fn member(app: &TestApp, id: &str, roles: &[&str]) -> Self {
        Self {
            client: Client::new(),
            cookie: Some(app.member_cookie("shop", id, roles).await),
            ..Self::new(app)
        }
    }

    pub async fn call(&self, method: Method, path: &str, body: Value) -> (u16, Value) {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("host", &self.host);
        if let Some(c) = &self.cookie {
            req = req.header("cookie", c);
        }
        if !body.is_null() {
            req = req.json(&body);
        }
        call(req).await
    }

    /// `call` that must answer 200.
    pub async fn ok(&self, method: Method, path: &str, body: Value) -> Value {
        let (s, b) = self.call(method, path, body).await;
        assert_eq!(s, 200, "{path}: {b}");
        b
    }

    /// Adds `quantity` of a variant to the visitor's cart and makes a checkout of it with
    /// an email and addresses; its id.
    pub async fn checkout_of(&self, quantity: i64, product: &str, variant: &str) -> String {
        self.ok(
            Method::POST,
            "/ecom/v1/carts/current/add-to-cart",
            json!({"lineItems": [line(product, variant, quantity)]}),
        )
        .await;
        let b = self
            .ok(
                Method::POST,
                "/ecom/v1/carts/current/create-checkout",
                json!({"email": "buyer@example.com", "shippingAddress": address(), "billingAddress": address()}),
            )
            .await;
        b["checkoutId"].as_str().unwrap().to_string()
    }

    /// Places the checkout's order and pays it with the test card that approves: its id.
    pub async fn order_and_pay(&self, checkout: &str) -> String {
        let b = self
            .ok(
                Method::POST,
                &format!("/ecom/v1/checkouts/{checkout}/create-order"),
                json!({}),
            )
            .await;
        let order = b["orderId"].as_str().unwrap().to_string();
        self.ok(
            Method::POST,
            &format!("/_stores/v1/orders/{order}/pay"),
            json!({"cardNumber": "4242424242424242"}),
        )
        .await;
        order
    }
}

impl Shop {
    pub async fn new(app: TestApp) -> Self {
        let (_, owner) = app.account("owner@example.com").await;
        let site = app.site(&owner, "shop").await;
        let site_id = site["id"].as_str().unwrap().to_string();
        Self {
            app,
            owner,
            site_id,
        }
    }

    /// Takes the event deliverer's place: delivers what is queued and due now, and what that
    /// queues in turn (a module's change tells site code), until nothing is left to do.
    pub async fn deliver(&self) {
        let p = self.app.state.platform();
        while tessera_http::platform::backend_events::deliver_due(p, tessera_core::now_millis())
            .await
            .unwrap()
            > 0
        {}
    }

    /// At-least-once delivery's worst case for a module's queued event `handler`
    /// (`module:<name>:order_<event>`, not delivered yet): a node claims it, hands it to the
    /// module, and dies before marking it done; after the lease another node delivers it
    /// again, with what else is due by then.
    pub async fn redelivered(&self, handler: &str) {
        use tessera_http::platform::backend_events::{LEASE, deliver_due};
        let p = self.app.state.platform();
        let site = self.site_id.parse().unwrap();
        let queued = self.app.store.queued_events(site, 100).await.unwrap();
        let e = queued
            .iter()
            .find(|e| e.handler == handler)
            .unwrap_or_else(|| panic!("no {handler} in {queued:?}"));
        let now = tessera_core::now_millis();
        let (name, event) = handler
            .strip_prefix("module:")
            .and_then(|h| h.split_once(":order_"))
            .unwrap();
        let event = tessera_http::platform::module::ORDER_EVENTS
            .into_iter()
            .find(|x| *x == event)
            .unwrap();
        assert!(
            self.app
                .store
                .claim_event(site, &e.id, e.attempts, now + LEASE)
                .await
                .unwrap()
        );
        let module = p.modules().iter().find(|m| m.name() == name).unwrap();
        let s = self.app.store.site(site).await.unwrap().unwrap();
        let payload = serde_json::from_str(&e.payload).unwrap();
        module
            .order_changed(p.clone(), s, event, payload)
            .await
            .unwrap();
        assert!(deliver_due(p, now + LEASE + 1).await.unwrap() >= 1);
        let queued = self.app.store.queued_events(site, 100).await.unwrap();
        let again = queued.iter().find(|x| x.id == e.id).unwrap();
        assert_eq!(
            (again.attempts, again.error.as_deref()),
            (2, None),
            "{again:?}"
        );
        assert!(again.done_at.is_some());
    }

    pub async fn wix(&self, method: Method, path: &str, body: Value) -> (u16, Value) {
        let mut req = self.app.wix(method, path, "shop", Some(&self.owner));
        if !body.is_null() {
            req = req.json(&body);
        }
        call(req).await
    }

    pub async fn ok(&self, method: Method, path: &str, body: Value) -> Value {
        let (s, b) = self.wix(method, path, body).await;
        assert_eq!(s, 200, "{path}: {b}");
        b
    }

    /// A T-shirt in S and M (20.00, managed variants), with `s` and `m` in stock.
    pub async fn tee(&self, s: i64, m: i64) -> (String, String, String) {
        let b = self
            .ok(
                Method::POST,
                "/stores/v1/products",
                json!({"product": {
                    "name": "Tee", "productType": "physical", "priceData": {"price": 20},
                    "weight": 0.5, "manageVariants": true,
                    "productOptions": [{"name": "Size", "choices": [{"value": "S", "description": "S"}, {"value": "M", "description": "M"}]}],
                }}),
            )
            .await;
        let product = b["product"]["id"].as_str().unwrap().to_string();
        let variants = b["product"]["variants"].as_array().unwrap();
        let id_of = |size: &str| {
            variants
                .iter()
                .find(|v| v["choices"]["Size"] == size)
                .unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let (vs, vm) = (id_of("S"), id_of("M"));
        self.ok(
            Method::PATCH,
            &format!("/stores/v2/inventoryItems/{product}"),
            json!({"inventoryItem": {"trackQuantity": true, "variants": [
                {"variantId": vs, "quantity": s}, {"variantId": vm, "quantity": m}
            ]}}),
        )
        .await;
        (product, vs, vm)
    }

    pub async fn available(&self, product: &str, variant: &str) -> i64 {
        let b = self
            .ok(
                Method::GET,
                &format!("/stores/v2/inventoryItems/{product}"),
                json!(null),
            )
            .await;
        b["inventoryItem"]["variants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["variantId"] == variant)
            .unwrap()["quantity"]
            .as_i64()
            .unwrap()
    }

    /// Pushes `files` (`{"backend/x.js": "source"}`) as the site's code and publishes them;
    /// the push's answer (its `problems`).
    pub async fn publish_code(&self, files: Value) -> Value {
        let (s, pushed) = call(
            self.app
                .req_as(Method::PUT, "/api/v1/sites/shop/code", &self.owner)
                .json(&json!({ "files": files })),
        )
        .await;
        assert_eq!(s, 201, "{pushed}");
        let (s, b) = call(
            self.app
                .req_as(Method::POST, "/api/v1/sites/shop/code/publish", &self.owner)
                .json(&json!({})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        pushed
    }

    pub async fn outbox(&self) -> Vec<Value> {
        let (s, b) = call(
            self.app
                .req_as(Method::GET, "/api/v1/sites/shop/outbox", &self.owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        b["emails"].as_array().unwrap().clone()
    }
}

pub fn line(product: &str, variant: &str, quantity: i64) -> Value {
    json!({"catalogReference": {"catalogItemId": product, "appId": "215238eb-22a5-4c36-9e7b-e7c08025e04e", "options": {"variantId": variant}}, "quantity": quantity})
}

pub fn code(b: &Value) -> &str {
    b["details"]["applicationError"]["code"]
        .as_str()
        .unwrap_or_default()
}

pub fn address() -> Value {
    json!({"addressLine": "1 Main St", "city": "Los Angeles", "subdivision": "US-CA", "country": "US", "postalCode": "90001"})
}
