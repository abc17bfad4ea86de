//! `/api/v1` scenarios against the real app over HTTP, on every backend: success, 401, 403 per
//! role, 404, 409, 400 with the database unchanged.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call};

async fn each_app<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in backends() {
        test(TestApp::spawn(backend).await).await;
    }
}

fn assert_error(status: u16, body: &Value, want_status: u16, want_code: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["code"], want_code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

#[tokio::test]
async fn login_sets_a_cookie_and_a_token_that_both_authenticate() {
    each_app(|app| async move {
        let (account, _) = app.account("ann@example.com").await;
        let res = app
            .req(Method::POST, "/api/v1/auth/login")
            .json(&json!({ "email": " ANN@example.com", "password": "password123" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(
            cookie.starts_with("__Host-tessera_session=tss_"),
            "{cookie}"
        );
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["account"]["id"], account.id.to_string());
        let token = body["token"].as_str().unwrap().to_string();

        let (status, me) = call(app.req_as(Method::GET, "/api/v1/me", &token)).await;
        assert_eq!((status, me["authMethod"].as_str()), (200, Some("session")));
        assert_eq!(me["account"]["email"], "ann@example.com");

        let session = cookie.split(';').next().unwrap().to_string();
        let (status, _) = call(
            app.req(Method::GET, "/api/v1/me")
                .header("cookie", &session),
        )
        .await;
        assert_eq!(status, 200);

        // A cookie alone does not authorise a write from another origin.
        let create = |origin: Option<&str>| {
            let req = app
                .req(Method::POST, "/api/v1/sites")
                .header("cookie", &session)
                .json(&json!({ "slug": "from-cookie", "name": "x" }));
            match origin {
                Some(o) => req.header("origin", o),
                None => req,
            }
        };
        let (status, body) = call(create(None)).await;
        assert_error(status, &body, 403, "permission_denied");
        let (status, body) = call(create(Some("http://evil.localhost:1"))).await;
        assert_error(status, &body, 403, "permission_denied");
        let origin = format!("http://localhost:{}", app.addr.port());
        let (status, _) = call(create(Some(&origin))).await;
        assert_eq!(status, 201);

        let res = app
            .req_as(Method::POST, "/api/v1/auth/logout", &token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        assert!(
            res.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
        let (status, body) = call(app.req_as(Method::GET, "/api/v1/me", &token)).await;
        assert_error(status, &body, 401, "unauthenticated");
    })
    .await;
}

#[tokio::test]
async fn login_failures_do_not_reveal_accounts_and_are_rate_limited() {
    each_app(|app| async move {
        app.account("ann@example.com").await;
        let login = |email: &str, password: &str| {
            app.req(Method::POST, "/api/v1/auth/login")
                .json(&json!({ "email": email, "password": password }))
        };
        let (s1, wrong_password) = call(login("ann@example.com", "nope-nope")).await;
        let (s2, no_account) = call(login("bob@example.com", "nope-nope")).await;
        assert_error(s1, &wrong_password, 401, "unauthenticated");
        assert_eq!((s1, &wrong_password), (s2, &no_account));

        for _ in 0..9 {
            call(login("ann@example.com", "nope-nope")).await;
        }
        let res = login("ann@example.com", "password123")
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            429,
            "even the right password waits out the limit"
        );
        assert!(res.headers().contains_key("retry-after"));
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "rate_limited");
    })
    .await;
}

#[tokio::test]
async fn bad_request_bodies_get_clear_errors() {
    each_app(|app| async move {
        let (_, token) = app.account("ann@example.com").await;
        let post = |body: &'static str, content_type: &'static str| {
            app.req_as(Method::POST, "/api/v1/sites", &token)
                .header("content-type", content_type)
                .body(body)
        };
        let (status, body) = call(post("{\"slug\": ", "application/json")).await;
        assert_error(status, &body, 400, "malformed_json");
        let (status, body) = call(post("{\"slug\": \"shop\"}", "application/json")).await;
        assert_error(status, &body, 400, "invalid_argument");
        assert_eq!(body["details"]["field"], "name");
        assert!(body["message"].as_str().unwrap().contains("name"));
        let (status, body) = call(post("{\"slug\": 5, \"name\": \"x\"}", "application/json")).await;
        assert_error(status, &body, 400, "invalid_argument");
        let (status, body) =
            call(post("{\"slug\": \"shop\", \"name\": \"x\"}", "text/plain")).await;
        assert_error(status, &body, 415, "unsupported_media_type");

        let huge = format!(
            "{{\"slug\": \"shop\", \"name\": \"{}\"}}",
            "x".repeat(3 * 1024 * 1024)
        );
        let (status, body) = call(
            app.req_as(Method::POST, "/api/v1/sites", &token)
                .header("content-type", "application/json")
                .body(huge),
        )
        .await;
        assert_error(status, &body, 413, "payload_too_large");

        let (status, body) = call(app.req_as(Method::GET, "/api/v1/no/such/route", &token)).await;
        assert_error(status, &body, 404, "not_found");
        let (status, body) = call(app.req_as(Method::PUT, "/api/v1/sites", &token)).await;
        assert_error(status, &body, 405, "method_not_allowed");
        let (_, sites) = call(app.req_as(Method::GET, "/api/v1/sites", &token)).await;
        assert_eq!(sites["sites"], json!([]), "nothing was created");
    })
    .await;
}

#[tokio::test]
async fn sites_scenarios() {
    each_app(|app| async move {
        let (_, owner) = app.account("owner@example.com").await;
        let (_, stranger) = app.account("stranger@example.com").await;
        let site = app.site(&owner, "bakery").await;
        assert_eq!(site["role"], "owner");
        assert_eq!(site["url"], "http://bakery.localhost:8080");
        let id = site["id"].as_str().unwrap().to_string();
        let admin = app
            .collaborator(&owner, "bakery", "admin@example.com", "admin")
            .await;
        let editor = app
            .collaborator(&owner, "bakery", "editor@example.com", "editor")
            .await;
        let viewer = app
            .collaborator(&owner, "bakery", "viewer@example.com", "viewer")
            .await;

        // Create: 400s and 409 leave the database as it was.
        for (body, status, code) in [
            (
                json!({ "slug": "bakery", "name": "Again" }),
                409,
                "conflict",
            ),
            (
                json!({ "slug": "Bad Slug", "name": "x" }),
                400,
                "invalid_argument",
            ),
            (
                json!({ "slug": "-bad", "name": "x" }),
                400,
                "invalid_argument",
            ),
            (
                json!({ "slug": "ok-slug", "name": "  " }),
                400,
                "invalid_argument",
            ),
            (
                json!({ "slug": "ok-slug", "name": "x", "extra": 1 }),
                400,
                "invalid_argument",
            ),
        ] {
            let (s, b) = call(
                app.req_as(Method::POST, "/api/v1/sites", &owner)
                    .json(&body),
            )
            .await;
            assert_error(s, &b, status, code);
        }
        let (_, list) = call(app.req_as(Method::GET, "/api/v1/sites", &owner)).await;
        assert_eq!(list["sites"].as_array().unwrap().len(), 1);
        let (s, b) = call(
            app.req(Method::POST, "/api/v1/sites")
                .json(&json!({ "slug": "x1", "name": "x" })),
        )
        .await;
        assert_error(s, &b, 401, "unauthenticated");
        let (s, b) = call(app.req_as(Method::GET, "/api/v1/sites", "tss_not-a-real-token")).await;
        assert_error(s, &b, 401, "unauthenticated");

        // Read: by id or slug, for collaborators only.
        for reference in [id.as_str(), "bakery"] {
            let (s, b) =
                call(app.req_as(Method::GET, &format!("/api/v1/sites/{reference}"), &viewer)).await;
            assert_eq!((s, b["role"].as_str()), (200, Some("viewer")));
        }
        let (s, b) = call(app.req_as(Method::GET, "/api/v1/sites/bakery", &stranger)).await;
        assert_error(s, &b, 404, "not_found");
        let (s, b) = call(app.req_as(Method::GET, "/api/v1/sites/no-such-site", &owner)).await;
        assert_error(s, &b, 404, "not_found");

        // Rename: admin and above.
        for (token, status) in [
            (&viewer, 403),
            (&editor, 403),
            (&stranger, 404),
            (&admin, 200),
            (&owner, 200),
        ] {
            let (s, b) = call(
                app.req_as(Method::PATCH, "/api/v1/sites/bakery", token)
                    .json(&json!({ "name": "New name" })),
            )
            .await;
            assert_eq!(s, status, "{b}");
        }
        let (s, b) = call(
            app.req_as(Method::PATCH, "/api/v1/sites/bakery", &owner)
                .json(&json!({ "name": "" })),
        )
        .await;
        assert_error(s, &b, 400, "invalid_argument");
        assert_eq!(b["details"]["field"], "name");
        let (_, b) = call(app.req_as(Method::GET, "/api/v1/sites/bakery", &owner)).await;
        assert_eq!(b["name"], "New name");

        // Delete: owner only.
        for token in [&viewer, &editor, &admin] {
            let (s, b) = call(app.req_as(Method::DELETE, "/api/v1/sites/bakery", token)).await;
            assert_error(s, &b, 403, "permission_denied");
        }
        let res = app
            .req_as(Method::DELETE, "/api/v1/sites/bakery", &owner)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        let (s, _) = call(app.req_as(Method::GET, "/api/v1/sites/bakery", &owner)).await;
        assert_eq!(s, 404);
    })
    .await;
}

#[tokio::test]
async fn collaborators_and_invites() {
    each_app(|app| async move {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "bakery").await;
        let admin = app
            .collaborator(&owner, "bakery", "admin@example.com", "admin")
            .await;
        let editor = app
            .collaborator(&owner, "bakery", "editor@example.com", "editor")
            .await;
        let invite = |token: &str, email: &str, role: &str| {
            app.req_as(Method::POST, "/api/v1/sites/bakery/invites", token)
                .json(&json!({ "email": email, "role": role }))
        };

        let (s, b) = call(invite(&editor, "x@example.com", "viewer")).await;
        assert_error(s, &b, 403, "permission_denied");
        let (s, b) = call(invite(&admin, "x@example.com", "owner")).await;
        assert_error(s, &b, 403, "permission_denied");
        let (s, b) = call(invite(&admin, "not-an-email", "viewer")).await;
        assert_error(s, &b, 400, "invalid_argument");
        assert_eq!(b["details"]["field"], "email");
        let (s, b) = call(invite(&admin, "x@example.com", "boss")).await;
        assert_error(s, &b, 400, "invalid_argument");
        assert_eq!(b["details"]["field"], "role");
        let (s, b) = call(invite(&owner, "editor@example.com", "viewer")).await;
        assert_error(s, &b, 409, "conflict");

        // A newcomer accepts with a new account and is logged in.
        let (s, created) = call(invite(&admin, "New@Example.com", "viewer")).await;
        assert_eq!(s, 201, "{created}");
        assert!(
            created["acceptUrl"]
                .as_str()
                .unwrap()
                .ends_with(created["token"].as_str().unwrap())
        );
        let (_, pending) =
            call(app.req_as(Method::GET, "/api/v1/sites/bakery/invites", &admin)).await;
        assert_eq!(pending["invites"][0]["email"], "new@example.com");
        assert!(pending["invites"][0].get("token").is_none());
        let accept = format!(
            "/api/v1/invites/{}/accept",
            created["token"].as_str().unwrap()
        );
        let (s, b) = call(
            app.req(Method::POST, &accept)
                .json(&json!({ "name": "Nia", "password": "short" })),
        )
        .await;
        assert_error(s, &b, 400, "invalid_argument");
        assert_eq!(b["details"]["field"], "password");
        let (s, session) = call(
            app.req(Method::POST, &accept)
                .json(&json!({ "name": "Nia", "password": "long enough" })),
        )
        .await;
        assert_eq!(s, 200, "{session}");
        let newcomer = session["token"].as_str().unwrap().to_string();
        let (_, site) = call(app.req_as(Method::GET, "/api/v1/sites/bakery", &newcomer)).await;
        assert_eq!(site["role"], "viewer");
        let (s, _) = call(
            app.req(Method::POST, &accept)
                .json(&json!({ "name": "Nia", "password": "long enough" })),
        )
        .await;
        assert_eq!(s, 404, "an invitation works once");

        // An invitation for someone else cannot be taken by a logged-in account.
        let (_, other) = call(invite(&owner, "someone@example.com", "editor")).await;
        let url = format!(
            "/api/v1/invites/{}/accept",
            other["token"].as_str().unwrap()
        );
        let (s, b) = call(app.req_as(Method::POST, &url, &editor)).await;
        assert_error(s, &b, 403, "permission_denied");
        let (s, _) = call(app.req(Method::POST, "/api/v1/invites/tsi_unknown/accept")).await;
        assert_eq!(s, 404);
        let id = other["id"].as_str().unwrap();
        let res = app
            .req_as(
                Method::DELETE,
                &format!("/api/v1/sites/bakery/invites/{id}"),
                &admin,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        let (s, _) = call(app.req_as(Method::POST, &url, &editor)).await;
        assert_eq!(s, 404, "a withdrawn invitation is gone");

        // Roles: admins manage up to admin, owners touch owners, one owner always remains.
        let (_, list) =
            call(app.req_as(Method::GET, "/api/v1/sites/bakery/collaborators", &editor)).await;
        let id_of = |email: &str| {
            list["collaborators"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["email"] == email)
                .unwrap()["accountId"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let (owner_id, editor_id, admin_id) = (
            id_of("owner@example.com"),
            id_of("editor@example.com"),
            id_of("admin@example.com"),
        );
        let set_role = |token: &str, who: &str, role: &str| {
            app.req_as(
                Method::PATCH,
                &format!("/api/v1/sites/bakery/collaborators/{who}"),
                token,
            )
            .json(&json!({ "role": role }))
        };
        let (s, b) = call(set_role(&editor, &editor_id, "admin")).await;
        assert_error(s, &b, 403, "permission_denied");
        let (s, b) = call(set_role(&admin, &owner_id, "viewer")).await;
        assert_error(s, &b, 403, "permission_denied");
        let (s, b) = call(set_role(&admin, &editor_id, "owner")).await;
        assert_error(s, &b, 403, "permission_denied");
        let (s, b) = call(set_role(&owner, &owner_id, "admin")).await;
        assert_error(s, &b, 409, "conflict");
        let (s, b) = call(set_role(&owner, "not-an-id", "admin")).await;
        assert_error(s, &b, 404, "not_found");
        let (s, _) = call(set_role(&admin, &editor_id, "viewer")).await;
        assert_eq!(s, 204);
        let (s, b) = call(app.req_as(
            Method::DELETE,
            &format!("/api/v1/sites/bakery/collaborators/{owner_id}"),
            &owner,
        ))
        .await;
        assert_error(s, &b, 409, "conflict");
        let res = app
            .req_as(
                Method::DELETE,
                &format!("/api/v1/sites/bakery/collaborators/{editor_id}"),
                &admin,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        // Anyone may leave.
        let res = app
            .req_as(
                Method::DELETE,
                &format!("/api/v1/sites/bakery/collaborators/{admin_id}"),
                &admin,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        let (s, _) = call(app.req_as(Method::GET, "/api/v1/sites/bakery", &admin)).await;
        assert_eq!(s, 404);
    })
    .await;
}

#[tokio::test]
async fn site_api_keys() {
    each_app(|app| async move {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "bakery").await;
        app.site(&owner, "florist").await;
        let editor = app
            .collaborator(&owner, "bakery", "editor@example.com", "editor")
            .await;
        let create = |token: &str, name: &str, role: &str| {
            app.req_as(Method::POST, "/api/v1/sites/bakery/api-keys", token)
                .json(&json!({ "name": name, "role": role }))
        };
        let (s, b) = call(create(&editor, "ci", "viewer")).await;
        assert_error(s, &b, 403, "permission_denied");
        let (s, b) = call(create(&owner, "ci", "owner")).await;
        assert_error(s, &b, 400, "invalid_argument");
        let (s, b) = call(create(&owner, "", "viewer")).await;
        assert_error(s, &b, 400, "invalid_argument");

        let (s, admin_key) = call(create(&owner, "deploy", "admin")).await;
        assert_eq!(s, 201, "{admin_key}");
        let admin_key = admin_key["key"].as_str().unwrap().to_string();
        assert!(admin_key.starts_with("tsk_"));
        let (_, viewer_key) = call(create(&admin_key, "reader", "viewer")).await;
        let viewer_key = viewer_key["key"].as_str().unwrap().to_string();

        // Either Authorization form works.
        let (s, me) = call(
            app.req(Method::GET, "/api/v1/me")
                .header("authorization", &viewer_key),
        )
        .await;
        assert_eq!(
            (s, me["authMethod"].as_str(), me["apiKey"]["role"].as_str()),
            (200, Some("site_key"), Some("viewer"))
        );
        let (s, sites) = call(app.req_as(Method::GET, "/api/v1/sites", &viewer_key)).await;
        assert_eq!((s, sites["sites"].as_array().unwrap().len()), (200, 1));
        let (s, _) = call(app.req_as(Method::GET, "/api/v1/sites/florist", &viewer_key)).await;
        assert_eq!(s, 404, "a key sees only its site");
        let (s, b) = call(
            app.req_as(Method::PATCH, "/api/v1/sites/bakery", &viewer_key)
                .json(&json!({ "name": "x" })),
        )
        .await;
        assert_error(s, &b, 403, "permission_denied");
        let (s, b) = call(create(&viewer_key, "more", "viewer")).await;
        assert_error(s, &b, 403, "permission_denied");
        let (s, b) = call(
            app.req_as(Method::POST, "/api/v1/sites", &admin_key)
                .json(&json!({ "slug": "k-site", "name": "x" })),
        )
        .await;
        assert_error(s, &b, 403, "permission_denied");

        let (_, list) =
            call(app.req_as(Method::GET, "/api/v1/sites/bakery/api-keys", &owner)).await;
        let keys = list["apiKeys"].as_array().unwrap();
        assert_eq!(keys.len(), 2);
        assert!(
            keys.iter().all(|k| k.get("key").is_none()),
            "secrets are never listed"
        );
        let viewer_id = keys.iter().find(|k| k["name"] == "reader").unwrap()["id"]
            .as_str()
            .unwrap();
        let (s, _) = call(app.req_as(
            Method::DELETE,
            &format!("/api/v1/sites/florist/api-keys/{viewer_id}"),
            &owner,
        ))
        .await;
        assert_eq!(s, 404);
        let res = app
            .req_as(
                Method::DELETE,
                &format!("/api/v1/sites/bakery/api-keys/{viewer_id}"),
                &owner,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        let (s, b) = call(app.req_as(Method::GET, "/api/v1/me", &viewer_key)).await;
        assert_error(s, &b, 401, "unauthenticated");
    })
    .await;
}

#[tokio::test]
async fn hosts_route_to_dashboard_sites_and_domains() {
    each_app(|app| async move {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "bakery").await;
        let viewer = app
            .collaborator(&owner, "bakery", "viewer@example.com", "viewer")
            .await;
        let add = |token: &str, domain: &str| {
            app.req_as(Method::POST, "/api/v1/sites/bakery/domains", token)
                .json(&json!({ "domain": domain }))
        };
        let (s, b) = call(add(&viewer, "www.bakery.test")).await;
        assert_error(s, &b, 403, "permission_denied");
        for bad in ["not a domain", "bakery", "x.localhost"] {
            let (s, b) = call(add(&owner, bad)).await;
            assert_error(s, &b, 400, "invalid_argument");
        }
        let (s, b) = call(add(&owner, "WWW.Bakery.test")).await;
        assert_eq!((s, b["domain"].as_str()), (201, Some("www.bakery.test")));
        app.site(&owner, "florist").await;
        let (s, b) = call(
            app.req_as(Method::POST, "/api/v1/sites/florist/domains", &owner)
                .json(&json!({ "domain": "www.bakery.test" })),
        )
        .await;
        assert_error(s, &b, 409, "conflict");
        let (_, list) =
            call(app.req_as(Method::GET, "/api/v1/sites/bakery/domains", &viewer)).await;
        assert_eq!(list["domains"][0]["domain"], "www.bakery.test");

        let page = |host: &str| {
            let req = app.req_host(Method::GET, host, "/");
            async move {
                let res = req.send().await.unwrap();
                (res.status().as_u16(), res.text().await.unwrap())
            }
        };
        let port = app.addr.port();
        let (s, html) = page(&format!("bakery.localhost:{port}")).await;
        assert!(s == 200 && html.contains("Site bakery"), "{s} {html}");
        let (s, html) = page("www.bakery.test").await;
        assert!(s == 200 && html.contains("Site bakery"), "{s} {html}");
        let (s, html) = page("unknown.localhost").await;
        assert!(s == 404 && html.contains("No site"), "{s} {html}");
        let (s, _) = page("elsewhere.example").await;
        assert_eq!(s, 404);
        let (s, html) = page(&format!("localhost:{port}")).await;
        assert!(s == 200 && html.contains("Tessera"), "{s}");

        let res = app
            .req_as(
                Method::DELETE,
                "/api/v1/sites/bakery/domains/www.bakery.test",
                &owner,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        assert_eq!(page("www.bakery.test").await.0, 404);
    })
    .await;
}

#[tokio::test]
async fn health_metrics_headers_and_openapi() {
    each_app(|app| async move {
        let res = app.req(Method::GET, "/healthz").send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers().contains_key("x-request-id"));
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert_eq!(res.headers()["x-frame-options"], "SAMEORIGIN");
        assert_eq!(
            res.headers()["referrer-policy"],
            "strict-origin-when-cross-origin"
        );
        let res = app
            .req(Method::GET, "/healthz")
            .header("x-request-id", "client-chosen-1")
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.headers()["x-request-id"],
            "client-chosen-1",
            "a client's request id is kept"
        );
        let res = app.req(Method::GET, "/readyz").send().await.unwrap();
        assert_eq!(
            (res.status().as_u16(), res.text().await.unwrap()),
            (200, "ready".to_string())
        );

        app.req(Method::GET, "/api/v1/me").send().await.unwrap();
        let metrics = app
            .req(Method::GET, "/metrics")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            metrics.contains(
                r#"tessera_http_requests_total{method="GET",route="/api/v1/me",status="401"} 1"#
            ),
            "{metrics}"
        );
        assert!(metrics.contains("tessera_http_request_duration_seconds_bucket"));
        assert!(metrics.contains("tessera_db_pool_connections"));

        let res = app
            .req(Method::GET, "/api/v1/openapi.json")
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.headers()["content-encoding"],
            "gzip",
            "responses are compressed"
        );
        let (s, doc) = call(app.req(Method::GET, "/api/v1/openapi.json")).await;
        assert_eq!(s, 200);
        let paths = doc["paths"].as_object().unwrap();
        let expected = [
            ("/api/v1/openapi.json", "get"),
            ("/api/v1/auth/login", "post"),
            ("/api/v1/auth/logout", "post"),
            ("/api/v1/me", "get"),
            ("/api/v1/sites", "post"),
            ("/api/v1/sites", "get"),
            ("/api/v1/sites/{site}", "get"),
            ("/api/v1/sites/{site}", "patch"),
            ("/api/v1/sites/{site}", "delete"),
            ("/api/v1/sites/{site}/collaborators", "get"),
            ("/api/v1/sites/{site}/collaborators/{account}", "patch"),
            ("/api/v1/sites/{site}/collaborators/{account}", "delete"),
            ("/api/v1/sites/{site}/invites", "post"),
            ("/api/v1/sites/{site}/invites", "get"),
            ("/api/v1/sites/{site}/invites/{invite}", "delete"),
            ("/api/v1/invites/{token}/accept", "post"),
            ("/api/v1/sites/{site}/api-keys", "post"),
            ("/api/v1/sites/{site}/api-keys", "get"),
            ("/api/v1/sites/{site}/api-keys/{key}", "delete"),
            ("/api/v1/sites/{site}/domains", "post"),
            ("/api/v1/sites/{site}/domains", "get"),
            ("/api/v1/sites/{site}/domains/{domain}", "delete"),
            ("/api/v1/sites/{site}/usage", "get"),
            ("/api/v1/sites/{site}/code", "put"),
            ("/api/v1/sites/{site}/code", "get"),
            ("/api/v1/sites/{site}/code/revisions", "get"),
            ("/api/v1/sites/{site}/code/publish", "post"),
            ("/api/v1/sites/{site}/code/call-web-method", "post"),
            ("/api/v1/sites/{site}/code/call-http-function", "post"),
            ("/api/v1/sites/{site}/jobs", "get"),
            ("/api/v1/sites/{site}/logs", "get"),
            ("/api/v1/jsrt/types.d.ts", "get"),
            ("/api/v1/sites/{site}/secrets", "get"),
            ("/api/v1/sites/{site}/secrets/{name}", "put"),
            ("/api/v1/sites/{site}/secrets/{name}", "delete"),
            ("/api/v1/sites/{site}/document", "get"),
            ("/api/v1/sites/{site}/document", "put"),
            ("/api/v1/sites/{site}/publish", "post"),
            ("/api/v1/sites/{site}/versions", "get"),
            ("/api/v1/sites/{site}/versions/{version}", "get"),
            ("/api/v1/sites/{site}/versions/{version}/rollback", "post"),
            ("/api/v1/sites/{site}/preview", "post"),
            ("/api/v1/sites/{site}/render", "post"),
            ("/api/v1/sites/{site}/members/settings", "get"),
            ("/api/v1/sites/{site}/members/settings", "put"),
            ("/api/v1/sites/{site}/member-roles", "get"),
            ("/api/v1/sites/{site}/member-roles/{id}", "put"),
            ("/api/v1/sites/{site}/member-roles/{id}", "delete"),
            ("/api/v1/sites/{site}/members/{id}/roles", "put"),
            ("/api/v1/sites/{site}/outbox", "get"),
            ("/api/v1/sites/{site}/notifications", "get"),
            ("/api/v1/sites/{site}/contacts.csv", "get"),
            ("/api/v1/sites/{site}/contacts/import", "post"),
            ("/api/v1/sites/{site}/contacts/{id}/activities", "get"),
            ("/api/v1/sites/{site}/contacts/{id}/notes", "post"),
        ];
        let documented: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
        assert_eq!(
            documented,
            expected.len(),
            "every documented operation is listed here"
        );
        for (path, method) in expected {
            let op = &paths[path][method];
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path}"
            );
            // The documented route exists: it answers something other than "no route".
            let url = path
                .replace("{site}", "x")
                .replace("{account}", "x")
                .replace("{invite}", "x")
                .replace("{token}", "x")
                .replace("{key}", "x")
                .replace("{domain}", "x")
                .replace("{name}", "x");
            let (s, b) = call(app.req(method.to_uppercase().parse().unwrap(), &url)).await;
            assert!(
                !(s == 404
                    && b["message"]
                        .as_str()
                        .is_some_and(|m| m.starts_with("no route"))),
                "{method} {path}"
            );
            assert_ne!(s, 405, "{method} {path}");
        }
    })
    .await;
}
