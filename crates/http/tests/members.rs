//! Site members, CRM contacts, forms and email over HTTP on every backend: sign-up,
//! verification, login, members-only and role-limited pages and collections, logout; per-site
//! cookies; no user enumeration, lockout, session rotation, single-use tokens; form spam;
//! contact merge and CSV; the management APIs; delivery through a real SMTP server.

use reqwest::{Method, RequestBuilder, Response};
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call};

fn document(extra_pages: Value) -> Value {
    let mut pages = vec![
        json!({"id": "home", "title": "Home", "path": "/", "sections": [
            {"id": "s", "type": "section", "children": [
                {"id": "contact", "type": "form", "props": {"collection": "Messages", "fields": [
                    {"name": "name", "label": "Name", "type": "text"},
                    {"name": "email", "label": "Email", "type": "email", "required": true},
                    {"name": "message", "label": "Message", "type": "textarea", "required": true}
                ]}}
            ]}
        ]}),
        json!({"id": "club", "title": "Club", "path": "/club", "visibility": "members", "sections": []}),
        json!({"id": "gold", "title": "Gold", "path": "/gold", "visibility": {"roles": ["gold"]}, "sections": []}),
    ];
    pages.extend(extra_pages.as_array().cloned().unwrap_or_default());
    json!({"schemaVersion": 1, "settings": {"name": "Shop"}, "pages": pages})
}

struct Site {
    app: TestApp,
    owner: String,
    slug: String,
}

impl Site {
    async fn new(app: TestApp, slug: &str) -> Self {
        let (_, owner) = app.account(&format!("owner@{slug}.example.com")).await;
        app.site(&owner, slug).await;
        let site = Self {
            app,
            owner,
            slug: slug.into(),
        };
        site.publish(&document(json!([]))).await;
        site
    }

    async fn publish(&self, doc: &Value) {
        let path = format!("/api/v1/sites/{}/document", self.slug);
        let (_, current) = call(self.app.req_as(Method::GET, &path, &self.owner)).await;
        let revision = current["revision"].as_i64().unwrap_or(0);
        let (s, b) = call(
            self.app
                .req_as(Method::PUT, &path, &self.owner)
                .json(&json!({"revision": revision, "document": doc})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = call(self.app.req_as(
            Method::POST,
            &format!("/api/v1/sites/{}/publish", self.slug),
            &self.owner,
        ))
        .await;
        assert_eq!(s, 200, "{b}");
    }

    fn host(&self) -> String {
        format!("{}.localhost:{}", self.slug, self.app.addr.port())
    }

    fn site(&self, method: Method, path: &str) -> RequestBuilder {
        self.app.req_host(method, &self.host(), path)
    }

    fn api(&self, method: Method, path: &str) -> RequestBuilder {
        self.app.req_as(
            method,
            &format!("/api/v1/sites/{}{path}", self.slug),
            &self.owner,
        )
    }

    fn wix(&self, method: Method, path: &str) -> RequestBuilder {
        self.app.wix(method, path, &self.slug, Some(&self.owner))
    }

    async fn settings(&self, settings: Value) {
        let (s, b) = call(self.api(Method::PUT, "/members/settings").json(&settings)).await;
        assert_eq!(s, 200, "{b}");
    }

    async fn register(&self, email: &str, password: &str) -> Response {
        self.site(Method::POST, "/_api/members/v1/auth/register")
            .json(&json!({"email": email, "password": password, "firstName": "Ann"}))
            .send()
            .await
            .unwrap()
    }

    async fn login(&self, email: &str, password: &str, cookie: Option<&str>) -> Response {
        let mut req = self
            .site(Method::POST, "/_api/members/v1/auth/login")
            .json(&json!({"email": email, "password": password}));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.unwrap()
    }

    /// The status of a page (a redirect's location with it).
    async fn page(&self, path: &str, cookie: Option<&str>) -> (u16, String) {
        let mut req = self.site(Method::GET, path);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let res = req.send().await.unwrap();
        let location = res
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string())
            .unwrap_or_default();
        (res.status().as_u16(), location)
    }

    async fn outbox(&self) -> Vec<Value> {
        let (s, b) = call(self.api(Method::GET, "/outbox")).await;
        assert_eq!(s, 200, "{b}");
        b["emails"].as_array().unwrap().clone()
    }

    /// The token in the newest email of `kind` to `to`.
    async fn emailed_token(&self, kind: &str, to: &str) -> String {
        let emails = self.outbox().await;
        let email = emails
            .iter()
            .find(|e| e["kind"] == kind && e["to"] == to)
            .unwrap_or_else(|| panic!("no {kind} email to {to} in {emails:?}"));
        token_in(email["text"].as_str().unwrap())
    }
}

fn token_in(text: &str) -> String {
    let start = text.find("token=").expect("a link with a token") + "token=".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

/// `tessera_member=…` from a response's Set-Cookie, for the next request's Cookie.
fn member_cookie(res: &Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("tessera_member="))
        .map(|v| v.split(';').next().unwrap().to_string())
}

#[tokio::test]
async fn register_verify_login_pages_roles_logout() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await, "shop").await;
        let (s, b) = call(site.wix(Method::POST, "/wix-data/v2/collections").json(
            &json!({"collection": {
            "id": "Recipes", "fields": [{"key": "title", "type": "TEXT"}],
            "permissions": {"read": "SITE_MEMBER", "insert": "CMS_EDITOR", "update": "CMS_EDITOR",
                            "remove": "CMS_EDITOR", "memberRoles": ["gold"]}}}),
        ))
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["collection"]["permissions"]["memberRoles"],
            json!(["gold"])
        );

        // Sign-up: the site verifies emails (the default), so no session yet.
        let res = site.register("Ann@Example.com", "correct horse").await;
        assert_eq!(res.status(), 200);
        assert!(member_cookie(&res).is_none());
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["state"], "REQUIRE_EMAIL_VERIFICATION");
        let res = site.login("ann@example.com", "correct horse", None).await;
        assert_eq!(res.status(), 403, "an unconfirmed member cannot log in");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["details"]["state"], "REQUIRE_EMAIL_VERIFICATION");

        // The emailed link confirms the address, once.
        let token = site.emailed_token("verify", "ann@example.com").await;
        let link = format!("/_api/members/v1/auth/verify?token={token}");
        assert_eq!(
            site.page(&link, None).await,
            (303, "/login?notice=verified".into())
        );
        assert_eq!(
            site.page(&link, None).await,
            (303, "/login?error=expired".into()),
            "a link works once"
        );

        // The contact's timeline has the joining and the emails.
        let (_, b) = call(
            site.wix(Method::POST, "/contacts/v4/contacts/query")
                .json(&json!({"query": {}})),
        )
        .await;
        let contact = b["contacts"][0]["id"].as_str().unwrap().to_string();
        let (_, timeline) =
            call(site.api(Method::GET, &format!("/contacts/{contact}/activities"))).await;
        let kinds: Vec<&str> = timeline["activities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["type"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["EMAIL_SENT", "EMAIL_SENT", "MEMBER_JOINED"],
            "{timeline}"
        );
        assert_eq!(
            timeline["activities"][0]["title"],
            "Email: Confirm your email for Shop"
        );

        let res = site.login("ANN@example.com ", "correct horse", None).await;
        assert_eq!(res.status(), 200);
        let cookie = member_cookie(&res).expect("a session cookie");
        let set = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax") && !set.contains("Domain"),
            "{set}"
        );
        let me: Value = res.json().await.unwrap();
        assert_eq!(me["member"]["loginEmail"], "ann@example.com");
        assert_eq!(me["member"]["loginEmailVerified"], true);
        let member_id = me["member"]["id"].as_str().unwrap().to_string();

        assert_eq!(
            site.page("/club", None).await,
            (302, "/login?returnUrl=%2Fclub".into())
        );
        assert_eq!(site.page("/club", Some(&cookie)).await.0, 200);
        assert_eq!(site.page("/account", Some(&cookie)).await.0, 200);
        assert_eq!(
            site.page("/gold", Some(&cookie)).await,
            (302, "/account?error=role".into()),
            "members without the role are told so"
        );
        let recipes = |cookie: &str| {
            site.site(Method::POST, "/wix-data/v2/items/query")
                .header("cookie", cookie.to_string())
                .json(&json!({"dataCollectionId": "Recipes"}))
        };
        let (s, _) = call(recipes(&cookie)).await;
        assert_eq!(s, 403, "the collection admits gold members only");

        // The owner defines the role and gives it to Ann.
        let (s, b) = call(
            site.api(Method::PUT, "/members/nobody/roles")
                .json(&json!({"roles": ["gold"]})),
        )
        .await;
        assert_eq!(
            (s, b["details"]["field"].as_str()),
            (400, Some("roles")),
            "{b}"
        );
        let (s, b) = call(
            site.api(Method::PUT, "/member-roles/gold")
                .json(&json!({"kind": "role", "title": "Gold"})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = call(
            site.api(Method::PUT, "/member-roles/Gold")
                .json(&json!({"kind": "role", "title": "Gold"})),
        )
        .await;
        assert_eq!(
            (s, b["details"]["field"].as_str()),
            (400, Some("id")),
            "{b}"
        );
        let (s, b) = call(
            site.api(Method::PUT, &format!("/members/{member_id}/roles"))
                .json(&json!({"roles": ["gold"]})),
        )
        .await;
        assert_eq!((s, &b["member"]["roles"]), (200, &json!(["gold"])), "{b}");
        assert_eq!(site.page("/gold", Some(&cookie)).await.0, 200);
        let (s, b) = call(recipes(&cookie)).await;
        assert_eq!(s, 200, "{b}");

        // Members are a queryable system collection; members read only their own record.
        let (s, b) = call(
            site.site(Method::POST, "/wix-data/v2/items/query")
                .header("cookie", cookie.clone())
                .json(&json!({"dataCollectionId": "Members/PrivateMembersData"})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["dataItems"].as_array().unwrap().len(), 1);
        assert_eq!(b["dataItems"][0]["data"]["loginEmail"], "ann@example.com");
        assert_eq!(b["dataItems"][0]["data"]["roles"], json!(["gold"]));
        let (s, _) = call(
            site.wix(Method::POST, "/wix-data/v2/items")
                .json(&json!({"dataCollectionId": "Members/PrivateMembersData", "dataItem": {"data": {"loginEmail": "x@y.io"}}})),
        )
        .await;
        assert_eq!(s, 403, "system collections change only through their APIs");

        // Another site never honours this cookie; neither does the dashboard.
        let other = Site::new(site.app, "other").await;
        assert_eq!(other.page("/club", Some(&cookie)).await.0, 302);
        let (s, _) = call(
            other
                .site(Method::GET, "/_api/members/v1/members/my")
                .header("cookie", cookie.clone()),
        )
        .await;
        assert_eq!(s, 401);
        let site = Site {
            app: other.app,
            owner: site.owner,
            slug: "shop".into(),
        };
        let (s, _) = call(site.app.req_as(
            Method::GET,
            "/api/v1/sites",
            cookie.trim_start_matches("tessera_member="),
        ))
        .await;
        assert_eq!(s, 401, "a member session is no dashboard credential");

        // Logging out ends the session for good.
        let res = site
            .site(Method::POST, "/_api/members/v1/auth/logout")
            .header("cookie", cookie.clone())
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(
            res.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
        assert_eq!(site.page("/club", Some(&cookie)).await.0, 302);
        let (s, _) = call(
            site.site(Method::GET, "/_api/members/v1/members/my")
                .header("cookie", cookie.clone()),
        )
        .await;
        assert_eq!(s, 401);
    }
}

#[tokio::test]
async fn no_enumeration_lockout_rotation_and_single_use_tokens() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await, "shop").await;
        let first = site.register("ann@example.com", "correct horse").await;
        let (s1, b1) = (first.status(), first.text().await.unwrap());
        let again = site.register("ann@example.com", "another one").await;
        let (s2, b2) = (again.status(), again.text().await.unwrap());
        assert_eq!(
            (s1, &b1),
            (s2, &b2),
            "signing up twice looks like signing up once"
        );
        assert!(
            site.outbox()
                .await
                .iter()
                .any(|e| e["kind"] == "signup-exists"),
            "the address's owner is told instead"
        );
        let token = site.emailed_token("verify", "ann@example.com").await;
        assert_eq!(
            site.page(&format!("/_api/members/v1/auth/verify?token={token}"), None)
                .await
                .0,
            303
        );

        let wrong = site.login("ann@example.com", "wrong password", None).await;
        let (sw, bw) = (wrong.status(), wrong.text().await.unwrap());
        let unknown = site.login("bob@example.com", "wrong password", None).await;
        let (su, bu) = (unknown.status(), unknown.text().await.unwrap());
        assert_eq!(sw, 401);
        assert_eq!(
            (sw, &bw),
            (su, &bu),
            "a wrong password and an unknown email look alike"
        );

        let reset = |email: &str| {
            site.site(Method::POST, "/_api/members/v1/auth/reset-request")
                .json(&json!({"email": email}))
        };
        let (sa, ba) = call(reset("ann@example.com")).await;
        let (sb, bb) = call(reset("bob@example.com")).await;
        assert_eq!((sa, &ba), (sb, &bb), "reset requests look alike");

        // Session rotation: a session id from before login is ended by the login.
        let res = site.login("ann@example.com", "correct horse", None).await;
        let before = member_cookie(&res).unwrap();
        let res = site
            .login("ann@example.com", "correct horse", Some(&before))
            .await;
        let after = member_cookie(&res).unwrap();
        assert_ne!(before, after);
        assert_eq!(site.page("/club", Some(&before)).await.0, 302);
        assert_eq!(site.page("/club", Some(&after)).await.0, 200);

        // The reset link: it sets a new password once, and ends every session.
        let token = site.emailed_token("reset", "ann@example.com").await;
        let set = |password: &str| {
            site.site(Method::POST, "/_api/members/v1/auth/reset")
                .json(&json!({"token": token, "password": password}))
        };
        let (s, b) = call(set("short")).await;
        assert_eq!((s, b["details"]["field"].as_str()), (400, Some("password")));
        let (s, b) = call(set("a brand new one")).await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = call(set("yet another one")).await;
        assert_eq!((s, b["details"]["reason"].as_str()), (400, Some("expired")));
        assert_eq!(site.page("/club", Some(&after)).await.0, 302);
        assert_eq!(
            site.login("ann@example.com", "correct horse", None)
                .await
                .status(),
            401
        );
        assert_eq!(
            site.login("ann@example.com", "a brand new one", None)
                .await
                .status(),
            200
        );

        // Expired links do nothing.
        let member = site
            .app
            .store
            .member_by_email(
                site.app
                    .store
                    .site_by_slug("shop")
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
                "ann@example.com",
            )
            .await
            .unwrap()
            .unwrap()
            .0;
        let stale =
            tessera_core::secrets::new_secret(tessera_core::secrets::SecretKind::MemberLink);
        site.app
            .store
            .create_member_token(
                member.site_id,
                &stale.hash,
                &member.id,
                tessera_core::members::MemberTokenKind::Reset,
                tessera_core::now_millis() - 1,
            )
            .await
            .unwrap();
        let (s, _) = call(
            site.site(Method::POST, "/_api/members/v1/auth/reset")
                .json(&json!({"token": stale.plaintext, "password": "never applied"})),
        )
        .await;
        assert_eq!(s, 400);

        // Throttling: after 5 failures from this client even the right password waits, on
        // every server node; from another client address it works.
        for _ in 0..5 {
            assert_eq!(
                site.login("ann@example.com", "guess", None).await.status(),
                401
            );
        }
        let res = site.login("ann@example.com", "a brand new one", None).await;
        assert_eq!(res.status(), 429);
        assert!(res.headers().contains_key("retry-after"));
        let other = site.app.second_node().await;
        let mut login = axum::http::Request::post("/_api/members/v1/auth/login")
            .header("host", site.host())
            .header("content-type", "application/json")
            .body(axum::body::Body::from(
                json!({"email": "ann@example.com", "password": "a brand new one"}).to_string(),
            ))
            .unwrap();
        login
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                [127, 0, 0, 1],
                40000,
            ))));
        let res = tower::ServiceExt::oneshot(tessera_http::app(other), login)
            .await
            .unwrap();
        assert_eq!(res.status(), 429, "another node keeps the throttle");
        let (s, b) = call(
            site.app
                .req_from(
                    "127.0.0.2".parse().unwrap(),
                    Method::POST,
                    &site.host(),
                    "/_api/members/v1/auth/login",
                )
                .json(&json!({"email": "ann@example.com", "password": "a brand new one"})),
        )
        .await;
        assert_eq!(s, 200, "the member elsewhere logs in: {b}");

        // Bad input is named; a cross-site login is refused.
        let (s, b) = call(
            site.site(Method::POST, "/_api/members/v1/auth/register")
                .json(&json!({"email": "not-an-email", "password": "long enough"})),
        )
        .await;
        assert_eq!((s, b["details"]["field"].as_str()), (400, Some("email")));
        let (s, _) = call(
            site.site(Method::POST, "/_api/members/v1/auth/login")
                .header("origin", "http://evil.example")
                .json(&json!({"email": "ann@example.com", "password": "a brand new one"})),
        )
        .await;
        assert_eq!(s, 403);
    }
}

#[tokio::test]
async fn pages_log_in_without_javascript() {
    let site = Site::new(
        TestApp::spawn(tessera_core::store::Backend::Sqlite).await,
        "shop",
    )
    .await;
    site.settings(json!({"signup": "open", "verifyEmail": false}))
        .await;
    let (s, html) = {
        let res = site.site(Method::GET, "/signup").send().await.unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    };
    assert_eq!(s, 200);
    assert!(
        html.contains("action=\"/_api/members/v1/auth/register\"")
            && html.contains("<title>Sign up | Shop</title>")
    );
    let form = |path: &str, body: &str| {
        site.site(Method::POST, path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_string())
    };
    let res = form(
        "/_api/members/v1/auth/register",
        "firstName=Ann&email=ann%40example.com&password=correct+horse&returnUrl=%2Fclub",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(
        (
            res.status().as_u16(),
            res.headers()["location"].to_str().unwrap()
        ),
        (303, "/club")
    );
    let cookie = member_cookie(&res).unwrap();
    let res = form(
        "/_api/members/v1/auth/login",
        "email=ann%40example.com&password=nope&returnUrl=%2F%2Fevil.example",
    )
    .send()
    .await
    .unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(
        location,
        "/login?error=invalid&returnUrl=%2F%2Fevil%2Eexample"
    );
    let html = site
        .site(Method::GET, &location)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("The email or the password is not right."));
    assert!(
        !html.contains("evil.example\""),
        "a foreign return address is dropped"
    );
    let res = form("/_api/members/v1/members/my", "nickname=%3Cb%3EAnnie")
        .header("cookie", cookie.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/account?notice=saved");
    let html = site
        .site(Method::GET, "/account?notice=saved")
        .header("cookie", cookie.clone())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("value=\"&lt;b&gt;Annie\"") && html.contains("Your profile is saved."));

    // Export, then delete with all personal data.
    let (s, data) = call(
        site.site(Method::GET, "/_api/members/v1/members/my/export")
            .header("cookie", cookie.clone()),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(data["member"]["profile"]["nickname"], "<b>Annie");
    assert_eq!(data["contact"]["primaryInfo"]["email"], "ann@example.com");
    let res = form(
        "/_api/members/v1/members/my/delete",
        "currentPassword=wrong",
    )
    .header("cookie", cookie.clone())
    .send()
    .await
    .unwrap();
    assert_eq!(res.headers()["location"], "/account?error=current-password");
    let res = form(
        "/_api/members/v1/members/my/delete",
        "currentPassword=correct+horse",
    )
    .header("cookie", cookie.clone())
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(site.page("/club", Some(&cookie)).await.0, 302);
    let (_, contacts) = call(
        site.wix(Method::POST, "/contacts/v4/contacts/query")
            .json(&json!({"query": {}})),
    )
    .await;
    assert_eq!(
        contacts["contacts"],
        json!([]),
        "the contact went with the member"
    );
    assert_eq!(
        site.login("ann@example.com", "correct horse", None)
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn forms_fill_the_crm_and_refuse_spam() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await, "shop").await;
        site.settings(json!({"signup": "open", "verifyEmail": false}))
            .await;
        let (cookie, token) = site.app.form_pass(&site.host(), "/").await;
        let post = |mut body: Value| {
            body["_csrf"] = json!(token);
            site.site(Method::POST, "/_api/forms/contact")
                .header("origin", format!("http://{}", site.host()))
                .header("cookie", cookie.clone())
                .json(&body)
        };
        let (s, b) = call(post(
            json!({"name": "Ann Lee", "email": "Ann@Example.com", "message": "Hello"}),
        ))
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = call(post(json!({"email": "ann@example.com"}))).await;
        assert_eq!((s, b["details"]["field"].as_str()), (400, Some("message")));

        let (s, b) = call(
            site.wix(Method::POST, "/contacts/v4/contacts/query")
                .json(&json!({"query": {"filter": {"primaryInfo.email": "ann@example.com"}}})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let contact = &b["contacts"][0];
        assert_eq!(contact["info"]["name"]["first"], "Ann");
        assert_eq!(contact["info"]["name"]["last"], "Lee");
        assert_eq!(contact["source"]["sourceType"], "FORM");
        let contact_id = contact["id"].as_str().unwrap().to_string();
        let outbox = site.outbox().await;
        let note = outbox
            .iter()
            .find(|e| e["kind"] == "form")
            .expect("the owner is notified");
        assert_eq!(note["to"], "owner@shop.example.com");
        assert!(note["text"].as_str().unwrap().contains("Message: Hello"));

        // Joining with the same email merges into the same contact.
        let res = site.register("ann@example.com", "correct horse").await;
        assert_eq!(res.status(), 200);
        let (_, b) = call(site.wix(Method::GET, "/contacts/v4/contacts")).await;
        assert_eq!(b["contacts"].as_array().unwrap().len(), 1, "{b}");
        assert_eq!(b["contacts"][0]["id"], contact_id.as_str());
        assert!(b["contacts"][0]["memberId"].is_string());
        let (_, timeline) =
            call(site.api(Method::GET, &format!("/contacts/{contact_id}/activities"))).await;
        let kinds: Vec<&str> = timeline["activities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["type"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["MEMBER_JOINED", "FORM_SUBMITTED"]);

        // Spam: the honeypot stores nothing; other sites' pages may not post; floods stop.
        let count = || async {
            let (_, b) = call(
                site.wix(Method::POST, "/wix-data/v2/items/count")
                    .json(&json!({"dataCollectionId": "Messages"})),
            )
            .await;
            b["totalCount"].as_u64().unwrap()
        };
        assert_eq!(count().await, 1);
        let (s, _) = call(post(
            json!({"email": "bot@spam.io", "message": "buy", "_hp": "x"}),
        ))
        .await;
        assert_eq!(s, 200);
        assert_eq!(count().await, 1, "the honeypot kept the bot out");
        let (s, _) = call(
            site.site(Method::POST, "/_api/forms/contact")
                .header("origin", "http://evil.example")
                .header("cookie", cookie.clone())
                .json(&json!({"email": "a@b.io", "message": "x", "_csrf": token})),
        )
        .await;
        assert_eq!(s, 403);
        let mut statuses = Vec::new();
        for n in 0..20 {
            statuses.push(
                call(post(
                    json!({"email": format!("p{n}@x.io"), "message": "hi"}),
                ))
                .await
                .0,
            );
        }
        assert_eq!(
            statuses.iter().filter(|s| **s == 429).count(),
            4,
            "20 posts per 10 minutes: {statuses:?}"
        );
        assert_eq!(count().await, 1 + 16);
    }
}

#[tokio::test]
async fn contacts_api_and_csv_round_trip() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await, "shop").await;
        let csv = "email,firstName,lastName,phone,company,labels\n\
                   ann@example.com,Ann,Lee,+1 555,\"Lee, Sons & Co\",vip;newsletter\n\
                   BOB@example.com,Bob,\"The \"\"Baker\"\"\",,,\n";
        let (s, b) = call(
            site.api(Method::POST, "/contacts/import")
                .header("content-type", "text/csv")
                .body(csv),
        )
        .await;
        assert_eq!((s, &b), (200, &json!({"created": 2, "merged": 0})), "{b}");
        let (s, b) = call(
            site.api(Method::POST, "/contacts/import")
                .body("email\nnot-an-email\n"),
        )
        .await;
        assert_eq!(
            (s, b["message"].as_str().unwrap_or("").contains("row 2")),
            (400, true),
            "{b}"
        );

        let res = site.api(Method::GET, "/contacts.csv").send().await.unwrap();
        assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
        let exported = res.text().await.unwrap();
        assert!(exported.starts_with("email,firstName,lastName,phone,company,labels,source\n"));
        assert!(
            exported.contains(
                "ann@example.com,Ann,Lee,'+1 555,\"Lee, Sons & Co\",vip;newsletter,IMPORT"
            ),
            "{exported}"
        );
        assert!(
            exported.contains("bob@example.com,Bob,\"The \"\"Baker\"\"\",,,,IMPORT"),
            "{exported}"
        );
        let (s, b) = call(site.api(Method::POST, "/contacts/import").body(exported)).await;
        assert_eq!(
            (s, &b),
            (200, &json!({"created": 0, "merged": 2})),
            "importing the export changes nothing"
        );

        // The Wix-shaped API: create, duplicate, labels, merge, delete.
        let (s, b) = call(site.wix(Method::POST, "/contacts/v4/contacts").json(&json!({"info": {"name": {"first": "Cy"}, "emails": {"items": [{"email": "cy@example.com"}]}}}))).await;
        assert_eq!(s, 200, "{b}");
        let cy = b["contact"]["id"].as_str().unwrap().to_string();
        let (s, b) = call(
            site.wix(Method::POST, "/contacts/v4/contacts")
                .json(&json!({"info": {"emails": {"items": [{"email": "cy@example.com"}]}}})),
        )
        .await;
        assert_eq!(
            (s, b["details"]["applicationError"]["code"].as_str()),
            (409, Some("DUPLICATE_CONTACT_EXISTS"))
        );
        let (s, b) = call(
            site.wix(Method::POST, &format!("/contacts/v4/contacts/{cy}/labels"))
                .json(&json!({"labelKeys": ["vip"]})),
        )
        .await;
        assert_eq!(
            (s, &b["contact"]["info"]["labelKeys"]["items"]),
            (200, &json!(["vip"]))
        );
        let (_, b) = call(site.wix(Method::POST, "/contacts/v4/contacts/query").json(&json!({"query": {"filter": {"info.labelKeys": {"$hasSome": ["vip"]}}, "sort": [{"fieldName": "info.name.first", "order": "ASC"}]}}))).await;
        let names: Vec<&str> = b["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["info"]["name"]["first"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Ann", "Cy"]);
        let (_, b) = call(
            site.wix(Method::POST, "/contacts/v4/contacts/query")
                .json(&json!({"query": {"filter": {"primaryInfo.email": "ann@example.com"}}})),
        )
        .await;
        let ann = b["contacts"][0]["id"].as_str().unwrap().to_string();
        let (s, _) = call(
            site.api(Method::POST, &format!("/contacts/{cy}/notes"))
                .json(&json!({"text": "Prefers rye"})),
        )
        .await;
        assert_eq!(s, 201);
        let (s, b) = call(
            site.wix(Method::POST, &format!("/contacts/v4/contacts/{ann}/merge"))
                .json(&json!({"sourceContactIds": [cy]})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["contact"]["info"]["labelKeys"]["items"],
            json!(["vip", "newsletter"])
        );
        let (_, timeline) =
            call(site.api(Method::GET, &format!("/contacts/{ann}/activities"))).await;
        assert_eq!(
            timeline["activities"][0]["title"], "Prefers rye",
            "the timeline moved with the merge"
        );
        let (s, _) = call(site.wix(Method::GET, &format!("/contacts/v4/contacts/{cy}"))).await;
        assert_eq!(s, 404);
        let (s, _) = call(
            site.app
                .wix(Method::GET, "/contacts/v4/contacts", "shop", None),
        )
        .await;
        assert_eq!(s, 403, "visitors do not read contacts");
    }
}

#[tokio::test]
async fn team_manages_members() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await, "shop").await;
        site.settings(json!({"signup": "approval", "verifyEmail": false}))
            .await;
        let res = site.register("ann@example.com", "correct horse").await;
        let body: Value = res.json().await.unwrap();
        assert_eq!(body, json!({"state": "REQUIRE_OWNER_APPROVAL"}));
        let res = site.login("ann@example.com", "correct horse", None).await;
        assert_eq!(res.status(), 403);

        let (s, b) = call(
            site.wix(Method::POST, "/members/v1/members/query")
                .json(&json!({"query": {"filter": {"status": "PENDING"}}})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["members"][0]["loginEmail"], "ann@example.com");
        let id = b["members"][0]["id"].as_str().unwrap().to_string();
        let (s, b) =
            call(site.wix(Method::POST, &format!("/members/v1/members/{id}/approve"))).await;
        assert_eq!((s, b["member"]["status"].as_str()), (200, Some("APPROVED")));
        let cookie =
            member_cookie(&site.login("ann@example.com", "correct horse", None).await).unwrap();
        assert_eq!(site.page("/club", Some(&cookie)).await.0, 200);
        let (s, _) = call(site.wix(Method::POST, &format!("/members/v1/members/{id}/block"))).await;
        assert_eq!(s, 200);
        assert_eq!(
            site.page("/club", Some(&cookie)).await.0,
            302,
            "blocking logs out"
        );
        assert_eq!(
            site.login("ann@example.com", "correct horse", None)
                .await
                .status(),
            403
        );

        let (s, b) = call(site.wix(Method::POST, "/members/v1/members").json(&json!({"member": {"loginEmail": "Bob@Example.com", "contact": {"firstName": "Bob"}, "profile": {"nickname": "bobby"}}}))).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["member"]["profile"]["nickname"], "bobby");
        let bob = b["member"]["id"].as_str().unwrap().to_string();
        let (s, b) = call(
            site.wix(Method::PATCH, &format!("/members/v1/members/{bob}"))
                .json(&json!({"member": {"contact": {"lastName": "Baker"}}})),
        )
        .await;
        assert_eq!(
            (s, b["member"]["contact"]["lastName"].as_str()),
            (200, Some("Baker"))
        );
        let (_, b) = call(site.wix(
            Method::GET,
            "/members/v1/members?paging.limit=1&paging.offset=1",
        ))
        .await;
        assert_eq!(b["members"][0]["loginEmail"], "bob@example.com", "{b}");
        let (s, _) = call(site.wix(Method::DELETE, &format!("/members/v1/members/{bob}"))).await;
        assert_eq!(s, 200);
        let (s, b) = call(site.wix(Method::GET, &format!("/members/v1/members/{bob}"))).await;
        assert_eq!(
            (s, b["details"]["applicationError"]["code"].as_str()),
            (404, Some("MEMBER_NOT_FOUND"))
        );
        let viewer = site
            .app
            .collaborator(&site.owner, "shop", "viewer@example.com", "viewer")
            .await;
        let (s, _) = call(site.app.wix(
            Method::POST,
            &format!("/members/v1/members/{id}/approve"),
            "shop",
            Some(&viewer),
        ))
        .await;
        assert_eq!(s, 403, "viewers do not manage members");
    }
}

/// A real SMTP server (Python's aiosmtpd, installed by the test command) receives the mail.
#[tokio::test]
async fn email_is_delivered_over_smtp() {
    let python = std::env::var("TESSERA_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let maildir = tempfile::tempdir().unwrap();
    for sub in ["tmp", "new", "cur"] {
        std::fs::create_dir(maildir.path().join(sub)).unwrap();
    }
    let mut server = tokio::process::Command::new(&python)
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(maildir.path())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("{python} -m aiosmtpd: {e} (the test command installs it)"));
    // Wait until it listens.
    let mut up = false;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "aiosmtpd did not start: is it installed for {python}?");
    for backend in backends() {
        let config = tessera_http::HttpConfig {
            platform: tessera_http::PlatformConfig {
                mail: tessera_http::mail::MailConfig {
                    smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
                    from: "Shop <no-reply@shop.example.com>".into(),
                },
                ..Default::default()
            },
            ..Default::default()
        };
        let site = Site::new(TestApp::spawn_with(backend, config).await, "shop").await;
        let email = format!("ann-{backend:?}@example.com").to_lowercase();
        assert_eq!(site.register(&email, "correct horse").await.status(), 200);
        let queued = site.outbox().await;
        assert_eq!(queued[0]["status"], "queued");
        let sent = site.app.state.deliver_mail().await.unwrap();
        assert_eq!(sent, 1, "{:?}", site.outbox().await[0]);
        assert_eq!(site.outbox().await[0]["status"], "sent");

        // The message as the SMTP server stored it: find it, and follow its link.
        let new = maildir.path().join("new");
        let message = std::fs::read_dir(&new)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .find(|m| m.contains(&format!("To: {email}")))
            .expect("the verification email arrived");
        assert!(message.contains("Subject: Confirm your email for Shop"));
        let unfolded = message
            .replace("=\r\n", "")
            .replace("=\n", "")
            .replace("=3D", "=");
        let token = token_in(&unfolded);
        assert_eq!(
            site.page(&format!("/_api/members/v1/auth/verify?token={token}"), None)
                .await,
            (303, "/login?notice=verified".into())
        );
        assert_eq!(
            site.login(&email, "correct horse", None).await.status(),
            200
        );
    }
    server.kill().await.ok();
}

const MEMBERS_WEB: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { currentMember, authentication } from 'wix-members-backend';
import { contacts } from 'wix-crm-backend';
export const me = webMethod(Permissions.Anyone, async () => {
  const m = await currentMember.getMember();
  return m && { email: m.loginEmail, first: m.contactDetails.firstName, roles: (await currentMember.getRoles()).map((r) => r.title) };
});
export const join = webMethod(Permissions.Anyone, async (email) => {
  const r = await authentication.register(email, 'correct horse', { contactInfo: { firstName: 'Cy' } });
  return { status: r.status, token: typeof r.sessionToken, email: r.member.loginEmail };
});
export const signIn = webMethod(Permissions.Anyone, async (email, password) => {
  try { return await authentication.login(email, password); } catch (e) { return { failed: e.code }; }
});
export const crm = webMethod(Permissions.Anyone, async () => {
  const c = await contacts.createContact({ name: { first: 'Dee' }, emails: [{ email: 'dee@example.com' }], labelKeys: ['vip'] });
  const again = await contacts.appendOrCreateContact({ emails: [{ email: 'DEE@example.com' }], phones: [{ phone: '123' }] });
  const got = await contacts.getContact(c._id);
  let duplicate = null;
  try { await contacts.createContact({ emails: [{ email: 'dee@example.com' }] }); } catch (e) { duplicate = e.code; }
  return { same: again.contactId === c._id, phone: got.primaryInfo.phone, labels: got.info.labelKeys, first: got.info.name.first, duplicate };
});
export const club = webMethod(Permissions.SiteMember, async () => 'members only');
"#;

const EVENTS_JS: &str = r#"
import wixData from 'wix-data';
const audit = (what, email) => wixData.insert('Audit', { what, email }, { suppressAuth: true });
export const wixMembers_onMemberCreated = (event) => audit('member', event.entity.loginEmail);
export const wixMembers_onMemberLoggedIn = (event) => audit('login', event.entity.loginEmail);
export const wixCrm_onContactCreated = (event) => audit('contact', event.entity.primaryInfo.email);
export const wixCrm_onContactLabelAdded = (event) => audit('label ' + event.labelKey, event.entity.primaryInfo.email);
export const wixForms_onFormSubmit = (event) => audit('form', event.entity.submissionData.email);
"#;

#[tokio::test]
async fn velo_members_crm_and_their_events() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await, "shop").await;
        site.settings(json!({"signup": "open", "verifyEmail": false}))
            .await;
        let (s, b) = call(
            site.wix(Method::POST, "/wix-data/v2/collections")
                .json(&json!({"collection": {"id": "Audit"}})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = call(site.api(Method::PUT, "/code").header("content-type", "application/json").json(
            &json!({"files": {"backend/members.web.js": MEMBERS_WEB, "backend/events.js": EVENTS_JS}}),
        ))
        .await;
        assert_eq!(s, 201, "{b}");
        let (s, b) = call(site.api(Method::POST, "/code/publish").json(&json!({}))).await;
        assert_eq!(s, 200, "{b}");
        // The test takes the dispatcher's place, so it knows when each event was handled.
        let mut bus = site.app.state.events().subscribe();

        let web = |name: &str, args: Value, cookie: Option<&str>| {
            let mut req = site
                .site(
                    Method::POST,
                    &format!("/_api/webmethods/backend/members.web.js/{name}"),
                )
                .json(&args);
            if let Some(c) = cookie {
                req = req.header("cookie", c.to_string());
            }
            call(req)
        };
        assert_eq!(
            web("me", json!([]), None).await,
            (200, json!({"result": null}))
        );
        let (s, b) = web("join", json!(["cy@example.com"]), None).await;
        assert_eq!(
            (s, b),
            (
                200,
                json!({"result": {"status": "ACTIVE", "token": "string", "email": "cy@example.com"}})
            )
        );
        let (_, b) = web("signIn", json!(["cy@example.com", "wrong"]), None).await;
        assert_eq!(b, json!({"result": {"failed": "unauthenticated"}}));
        let (_, b) = web("signIn", json!(["cy@example.com", "correct horse"]), None).await;
        let token = b["result"].as_str().expect("a session token").to_string();
        let cookie = format!("tessera_member={token}");
        let (s, b) = web("me", json!([]), Some(&cookie)).await;
        assert_eq!(
            (s, b),
            (
                200,
                json!({"result": {"email": "cy@example.com", "first": "Cy", "roles": []}})
            )
        );
        assert_eq!(web("club", json!([]), None).await.0, 403);
        assert_eq!(
            web("club", json!([]), Some(&cookie)).await,
            (200, json!({"result": "members only"}))
        );
        let (s, b) = web("crm", json!([]), None).await;
        assert_eq!(
            (s, b),
            (
                200,
                json!({"result": {"same": true, "phone": "123", "labels": ["vip"], "first": "Dee", "duplicate": "DUPLICATE_CONTACT_EXISTS"}})
            )
        );
        let (cookie, token) = site.app.form_pass(&site.host(), "/").await;
        let (s, b) = call(
            site.site(Method::POST, "/_api/forms/contact")
                .header("cookie", cookie)
                .json(&json!({"email": "eve@example.com", "message": "Hi", "_csrf": token})),
        )
        .await;
        assert_eq!(s, 200, "{b}");

        while let Ok(event) = bus.try_recv() {
            tessera_http::platform::backend_events::dispatch(&site.app.state, &event)
                .await
                .unwrap();
        }
        let (_, b) = call(site.wix(Method::POST, "/wix-data/v2/items/query").json(&json!({"dataCollectionId": "Audit", "query": {"sort": [{"fieldName": "what"}, {"fieldName": "email"}]}}))).await;
        let audit: Vec<String> = b["dataItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                format!(
                    "{} {}",
                    i["data"]["what"].as_str().unwrap(),
                    i["data"]["email"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(
            audit,
            [
                "contact cy@example.com",
                "contact dee@example.com",
                "contact eve@example.com",
                "form eve@example.com",
                "label vip dee@example.com",
                "login cy@example.com",
                "member cy@example.com"
            ]
        );
    }
}

const ADMIN_WEB: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { authentication, members, authorization, currentMember } from 'wix-members-backend';
import { contacts } from 'wix-crm-backend';
const any = (f) => webMethod(Permissions.Anyone, f);
const attempt = async (f) => { try { return await f(); } catch (e) { return e.code ?? `${e.name}: ${e.message}`; } };
export const me = any(async () => (await currentMember.getMember())?.loginEmail ?? null);
export const join = any(async (email) => {
  const r = await authentication.register(email, 'correct horse');
  return { status: r.status, approvalToken: r.approvalToken, session: 'sessionToken' in r, id: r.member._id };
});
export const approve = any(async (token) => attempt(() => authentication.approveByToken(token)));
export const sso = any(async (email) => attempt(() => authentication.generateSessionToken(email)));
export const manage = any(async (id) => {
  const updated = await members.updateMember(id, { contactDetails: { firstName: 'Zed' }, profile: { nickname: 'zz' } });
  const moved = await authentication.changeLoginEmail(id, 'New@Example.com');
  await authorization.assignRole('gold', id);
  const withRole = (await members.getMember(id)).roles;
  await authorization.removeRole('gold', id);
  const open = Object.keys(await members.getMember(id, { fieldsets: ['PUBLIC'] })).sort();
  return {
    first: updated.contactDetails.firstName, nickname: updated.profile.nickname,
    email: moved.loginEmail, verified: moved.loginEmailVerified, withRole, without: (await members.getMember(id)).roles, open,
    badRole: await attempt(() => authorization.assignRole('vip', id)),
    missing: await attempt(() => members.getMember('nobody')),
    email2: await attempt(() => members.updateMember(id, { loginEmail: 'x@example.com' })),
    noId: await attempt(() => members.getMember('')),
    taken: await attempt(() => authentication.changeLoginEmail(id, 'sso@example.com')),
  };
});
export const phones = any(async (id) => {
  const m = await members.getMember(id);
  await contacts.updateContact({ contactId: m.contactId }, { phones: [{ phone: '555' }] });
  const before = (await contacts.getContact(m.contactId)).info.phones.length;
  await members.deleteMemberPhones(id);
  return { before, after: (await contacts.getContact(m.contactId)).info.phones.length };
});
export const setPassword = any(async (email) => attempt(() => authentication.sendSetPasswordEmail(email)));
export const remove = any(async (id) => {
  await members.deleteMember(id);
  return attempt(() => members.getMember(id));
});
"#;

/// wix-members-backend's management from code: approval tokens from register(), session
/// tokens for members another service authenticated (each a login, but the one that makes
/// the member), profile, login email, roles, phones, set-password emails and deletion, with
/// errors that name the problem.
#[tokio::test]
async fn velo_code_manages_members() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await, "shop").await;
        site.settings(json!({"signup": "approval", "verifyEmail": false}))
            .await;
        for (id, kind) in [("gold", "role"), ("vip", "badge")] {
            let (s, b) = call(
                site.api(Method::PUT, &format!("/member-roles/{id}"))
                    .json(&json!({"kind": kind, "title": id})),
            )
            .await;
            assert_eq!(s, 200, "{b}");
        }
        let (s, b) = call(
            site.api(Method::PUT, "/code")
                .header("content-type", "application/json")
                .json(&json!({"files": {"backend/admin.web.js": ADMIN_WEB}})),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        let (s, b) = call(site.api(Method::POST, "/code/publish").json(&json!({}))).await;
        assert_eq!(s, 200, "{b}");
        let web = |name: &str, args: Value, cookie: Option<String>| {
            let mut req = site
                .site(
                    Method::POST,
                    &format!("/_api/webmethods/backend/admin.web.js/{name}"),
                )
                .json(&args);
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            call(req)
        };
        let result = |(s, b): (u16, Value)| {
            assert_eq!(s, 200, "{b}");
            b["result"].clone()
        };
        let mut bus = site.app.state.events().subscribe();

        let joined = result(web("join", json!(["pat@example.com"]), None).await);
        assert_eq!(
            (&joined["status"], &joined["session"]),
            (&json!("PENDING"), &json!(false)),
            "{joined}"
        );
        let approval = joined["approvalToken"].as_str().unwrap().to_string();
        let id = joined["id"].as_str().unwrap().to_string();
        let token = result(web("approve", json!([approval]), None).await);
        let cookie = format!(
            "tessera_member={}",
            token.as_str().expect("a session token")
        );
        assert_eq!(
            result(web("me", json!([]), Some(cookie)).await),
            "pat@example.com",
            "the approved member is logged in with the token"
        );
        assert_eq!(
            result(web("approve", json!([approval]), None).await),
            "INVALID_TOKEN",
            "an approval token is spent once"
        );

        let (s, b) = web("join", json!(["Pat@example.com"]), None).await;
        assert_eq!(
            (s, b["message"].as_str()),
            (500, Some("a member with this email exists")),
            "code, unlike visitors, learns that an email is taken"
        );

        let token = result(web("sso", json!(["SSO@example.com"]), None).await);
        let cookie = format!(
            "tessera_member={}",
            token.as_str().expect("a session token")
        );
        assert_eq!(
            result(web("me", json!([]), Some(cookie)).await),
            "sso@example.com",
            "a new member is made for an email another service vouched for"
        );
        // That member signed up with the token; with the next one they log in, as the
        // approved member did with theirs.
        let token = result(web("sso", json!(["sso@example.com"]), None).await);
        assert!(token.is_string(), "{token}");
        let logins: Vec<String> = std::iter::from_fn(|| bus.try_recv().ok())
            .filter_map(|e| match e {
                tessera_core::events::Event::App {
                    handler: "wixMembers_onMemberLoggedIn",
                    payload,
                    ..
                } => payload["entity"]["loginEmail"].as_str().map(str::to_string),
                _ => None,
            })
            .collect();
        assert_eq!(logins, ["pat@example.com", "sso@example.com"]);
        assert_eq!(
            result(web("sso", json!(["not an email"]), None).await),
            "INVALID_ARGUMENT"
        );

        let managed = result(web("manage", json!([id]), None).await);
        assert_eq!(
            managed,
            json!({
                "first": "Zed", "nickname": "zz", "email": "new@example.com", "verified": false,
                "withRole": ["gold"], "without": [],
                "open": ["_createdDate", "_id", "_updatedDate", "activityStatus", "privacyStatus", "profile"],
                "badRole": "INVALID_ARGUMENT", "missing": "MEMBER_NOT_FOUND", "email2": "INVALID_ARGUMENT",
                "noId": "TypeError: getMember: the id must be a non-empty string", "taken": "CONFLICT",
            })
        );
        assert_eq!(
            result(web("phones", json!([id]), None).await),
            json!({"before": 1, "after": 0})
        );
        assert_eq!(
            result(web("setPassword", json!(["new@example.com"]), None).await),
            true
        );
        assert!(
            !site
                .emailed_token("reset", "new@example.com")
                .await
                .is_empty()
        );
        assert_eq!(
            result(web("setPassword", json!(["nobody@example.com"]), None).await),
            "MEMBER_NOT_FOUND"
        );
        assert_eq!(
            result(web("remove", json!([id]), None).await),
            "MEMBER_NOT_FOUND"
        );
    }
}

const V2_WEB: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { members } from 'wix-members.v2';
import { members as sdk } from '@wix/members';
import { currentUser } from 'wix-users';
const attempt = async (f) => { try { return await f(); } catch (e) { return e.code ?? `${e.name}: ${e.message}`; } };
export const lifecycle = webMethod(Permissions.Anyone, async () => {
  const made = await members.createMember({ member: { loginEmail: 'Kim@Example.com',
    contact: { firstName: 'Kim' }, profile: { nickname: 'kim' } } });
  const updated = await sdk.updateMember(made._id, { contact: { lastName: 'Lee' } });
  const got = await members.getMember(made._id);
  await members.deleteMember(made._id);
  return {
    email: made.loginEmail, first: made.contactDetails.firstName, nickname: made.profile.nickname,
    last: updated.contactDetails.lastName, same: got._id === made._id,
    gone: await attempt(() => members.getMember(made._id)),
    taken: await attempt(async () => {
      await members.createMember({ member: { loginEmail: 'twice@example.com' } });
      await members.createMember({ member: { loginEmail: 'twice@example.com' } });
    }),
    bad: await attempt(() => members.createMember({ member: { loginEmail: 'not an email' } })),
    none: await attempt(() => members.createMember({})),
    role: currentUser.role,
  };
});
"#;

/// wix-members.v2 (and @wix/members) from code: createMember makes an approved member with
/// its contact and profile, the SDK's `contact` shape updates it, and bad or taken emails are
/// refused by name; backend code that imports `wix-users` gets wix-users-backend.
#[tokio::test]
async fn velo_code_uses_the_members_v2_api() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await, "shop").await;
        let (s, b) = call(
            site.api(Method::PUT, "/code")
                .json(&json!({"files": {"backend/v2.web.js": V2_WEB}})),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        assert_eq!(b["problems"], json!([]), "{b}");
        let (s, b) = call(site.api(Method::POST, "/code/publish").json(&json!({}))).await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = call(
            site.site(Method::POST, "/_api/webmethods/backend/v2.web.js/lifecycle")
                .json(&json!([])),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["result"],
            json!({
                "email": "kim@example.com", "first": "Kim", "nickname": "kim", "last": "Lee",
                "same": true, "gone": "MEMBER_NOT_FOUND", "taken": "CONFLICT",
                "bad": "INVALID_ARGUMENT",
                "none": "TypeError: createMember: options.member must be an object",
                "role": "Visitor",
            })
        );
    }
}

/// wix-users-backend: currentUser says who runs the code (synchronously, as Velo code reads
/// it) for visitors, members and the site's admin, in web methods and HTTP functions; users
/// and roles reach the same members as wix-members-backend.
#[tokio::test]
async fn velo_users_backend_knows_the_caller() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await, "shop").await;
        let (s, b) = call(
            site.api(Method::PUT, "/member-roles/gold")
                .json(&json!({"kind": "role", "title": "Gold", "description": "Best"})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let web = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { currentUser, users, roles } from 'wix-users-backend';
const attempt = async (f) => { try { return await f(); } catch (e) { return e.code ?? e.message; } };
export const who = webMethod(Permissions.Anyone, async () => ({
  id: typeof currentUser.id === 'string' ? (currentUser.role === 'Visitor' ? 'random' : currentUser.id) : currentUser.id,
  loggedIn: currentUser.loggedIn, role: currentUser.role,
  email: await attempt(() => currentUser.getEmail()), roles: await currentUser.getRoles(),
}));
export const user = webMethod(Permissions.Anyone, async (id) => {
  await roles.removeRole('gold', id);
  const u = await users.getUser(id);
  await roles.assignRole('gold', id);
  return { id: u._id, email: u.loginEmail, status: u.status, created: u.creationDate instanceof Date,
    missing: await attempt(() => users.getUser('nobody')), badRole: await attempt(() => roles.assignRole('', id)) };
});
"#;
        let http = r#"
import { ok } from 'wix-http-functions';
import { currentUser } from 'wix-users-backend';
export function get_role() { return ok({ body: { role: currentUser.role, loggedIn: currentUser.loggedIn } }); }
"#;
        let (s, b) = call(
            site.api(Method::PUT, "/code")
                .header("content-type", "application/json")
                .json(&json!({"files": {"backend/users.web.js": web, "backend/http-functions.js": http}})),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        let (s, b) = call(site.api(Method::POST, "/code/publish").json(&json!({}))).await;
        assert_eq!(s, 200, "{b}");
        let run = |name: &str, args: Value, cookie: Option<String>| {
            let mut req = site
                .site(
                    Method::POST,
                    &format!("/_api/webmethods/backend/users.web.js/{name}"),
                )
                .json(&args);
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            call(req)
        };
        let (s, b) = run("who", json!([]), None).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["result"],
            json!({"id": "random", "loggedIn": false, "role": "Visitor", "email": "NOT_LOGGED_IN", "roles": []})
        );
        let cookie = site.app.member_cookie("shop", "m-1", &["gold"]).await;
        let (_, b) = run("who", json!([]), Some(cookie)).await;
        assert_eq!(
            b["result"],
            json!({"id": "m-1", "loggedIn": true, "role": "Member", "email": "m-1@members.test",
                "roles": [{"name": "Gold", "description": "Best"}]})
        );
        let (s, b) = call(
            site.api(Method::POST, "/code/call-web-method")
                .json(&json!({"file": "backend/users.web.js", "function": "who"})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            (
                &b["result"]["role"],
                &b["result"]["email"],
                &b["result"]["roles"][0]["name"]
            ),
            (
                &json!("Admin"),
                &json!("owner@shop.example.com"),
                &json!("Admin")
            ),
            "{b}"
        );
        let (s, b) = call(site.site(Method::GET, "/_functions/role")).await;
        assert_eq!((s, b), (200, json!({"role": "Visitor", "loggedIn": false})));

        let (s, b) = run("user", json!(["m-1"]), None).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["result"],
            json!({"id": "m-1", "email": "m-1@members.test", "status": "Active", "created": true,
                "missing": "MEMBER_NOT_FOUND", "badRole": "assignRole: roleId must be a non-empty string"})
        );
        let (_, b) = call(site.wix(Method::GET, "/members/v1/members/m-1")).await;
        assert_eq!(b["member"]["roles"], json!(["gold"]), "{b}");
    }
}

/// Reset emails are capped per address and per client (3 an hour each), counted in the
/// database, and silently: a capped request answers as a sent one, as one for an unknown
/// address does.
#[tokio::test]
async fn reset_emails_are_capped_per_address_and_client_silently() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await, "shop").await;
        for name in ["ann", "bob", "cid", "dan", "eve"] {
            let res = site
                .register(&format!("{name}@example.com"), "correct horse")
                .await;
            assert!(res.status().is_success(), "{}", res.status());
        }
        let reset = |from: &str, email: &str| {
            site.app
                .req_from(
                    from.parse().unwrap(),
                    Method::POST,
                    &site.host(),
                    "/_api/members/v1/auth/reset-request",
                )
                .json(&json!({ "email": email }))
        };
        let site = &site;
        let resets = |to: &'static str| async move {
            site.outbox()
                .await
                .iter()
                .filter(|e| e["kind"] == "reset" && e["to"] == to)
                .count()
        };
        let first = call(reset("127.0.0.1", "ann@example.com")).await;
        assert_eq!(first.0, 200, "{}", first.1);
        for _ in 0..5 {
            assert_eq!(call(reset("127.0.0.1", "ann@example.com")).await, first);
        }
        assert_eq!(resets("ann@example.com").await, 3, "per address");
        assert_eq!(call(reset("127.0.0.1", "nobody@example.com")).await, first);
        assert_eq!(call(reset("127.0.0.2", "ann@example.com")).await, first);
        assert_eq!(resets("ann@example.com").await, 3, "from any client");

        // One client asking for many addresses is capped too.
        for to in ["bob", "cid", "dan", "eve"] {
            let email = format!("{to}@example.com");
            assert_eq!(call(reset("127.0.0.3", &email)).await, first);
        }
        let sent: Vec<usize> = futures::future::join_all(
            [
                "bob@example.com",
                "cid@example.com",
                "dan@example.com",
                "eve@example.com",
            ]
            .map(resets),
        )
        .await;
        assert_eq!(sent, [1, 1, 1, 0], "per client");
    }
}

/// A member's session cookie is for its site's host alone: no `Domain`; over HTTPS it carries
/// the `__Host-` prefix, which other sites on sibling subdomains cannot set.
#[tokio::test]
async fn member_cookies_are_host_only() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await, "shop").await;
        site.settings(json!({"signup": "open", "verifyEmail": false}))
            .await;
        site.register("ann@example.com", "correct horse").await;
        let res = site.login("ann@example.com", "correct horse", None).await;
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("tessera_member="), "{cookie}");
        assert!(!cookie.to_ascii_lowercase().contains("domain"), "{cookie}");

        let https = tessera_http::HttpConfig {
            secure_cookies: true,
            ..Default::default()
        };
        let site = Site::new(TestApp::spawn_with(backend, https).await, "shop").await;
        site.settings(json!({"signup": "open", "verifyEmail": false}))
            .await;
        site.register("ann@example.com", "correct horse").await;
        let res = site.login("ann@example.com", "correct horse", None).await;
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(
            cookie.starts_with("__Host-tessera_member=") && cookie.contains("; Secure"),
            "{cookie}"
        );
        assert!(!cookie.to_ascii_lowercase().contains("domain"), "{cookie}");
        let name_value = cookie.split(';').next().unwrap();
        assert_eq!(site.page("/club", Some(name_value)).await.0, 200);
        let tossed = name_value.replacen("__Host-", "", 1);
        assert_eq!(site.page("/club", Some(&tossed)).await.0, 302);
    }
}
