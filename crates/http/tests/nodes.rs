//! Two server nodes on one PostgreSQL database sharing one secret key, as a scaled-out
//! deployment runs them: what is made through one node, the other serves.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use reqwest::Method;
use serde_json::json;
use tessera_core::store::Backend;
use tessera_http::HttpConfig;
use tessera_testkit::{TestApp, backends, call, tar};

const HTTP: &str = r#"
import { ok } from 'wix-http-functions';
import { getSecret } from 'wix-secrets-backend';
export async function get_secret() { return ok({ body: { value: await getSecret('stripe') } }); }
"#;

const JOBS: &str = r#"{ "jobs": [
  { "functionLocation": "/tasks.js", "functionName": "tally", "executionConfig": { "time": "08:00" } }
]}"#;

const TASKS: &str = r#"
import wixData from 'wix-data';
export async function tally() { await wixData.insert('Runs', { n: 1 }); }
"#;

#[tokio::test]
async fn two_nodes_on_one_postgres_database_serve_the_same_sites() {
    for backend in backends() {
        if backend != Backend::Postgres {
            continue;
        }
        let a = TestApp::spawn(backend).await;
        let b = a
            .node(HttpConfig {
                platform: tessera_http::PlatformConfig {
                    secret_key: a.state.config().platform.secret_key.clone(),
                    ..Default::default()
                },
                ..HttpConfig::default()
            })
            .await;
        // The nodes' key check (a node with another key refuses to start: see the binary's
        // tests for the message).
        for node in [&a, &b] {
            let key = &node.state.config().platform.secret_key;
            assert!(key.opens(node.store.as_ref()).await.unwrap());
        }
        let other = tessera_core::vault::SecretKey::generate();
        assert!(!other.opens(b.store.as_ref()).await.unwrap());
        let mut signals = Vec::new();
        for node in [&a, &b] {
            let listening = tessera_http::spawn_signals(node.state.clone()).await;
            signals.push(listening.unwrap().expect("PostgreSQL signals"));
        }
        let on_b = |path: &str| {
            b.req_host(
                Method::GET,
                &format!("shop.localhost:{}", b.addr.port()),
                path,
            )
        };

        // A dashboard session made on A works on B.
        a.account("owner@example.com").await;
        let (s, login) = call(
            a.req(Method::POST, "/api/v1/auth/login")
                .json(&json!({"email": "owner@example.com", "password": "password123"})),
        )
        .await;
        assert_eq!(s, 200, "{login}");
        let owner = login["token"].as_str().unwrap().to_string();
        let (s, me) = call(b.req_as(Method::GET, "/api/v1/me", &owner)).await;
        assert_eq!(
            (s, &me["account"]["email"]),
            (200, &json!("owner@example.com"))
        );

        // A page published on A is served by B, also after B showed the unpublished site.
        a.site(&owner, "shop").await;
        let placeholder = on_b("/").send().await.unwrap().text().await.unwrap();
        assert!(
            placeholder.contains("have not been published"),
            "{placeholder}"
        );
        let (s, v) = call(a.req_as(Method::POST, "/api/v1/sites/shop/publish", &owner)).await;
        assert_eq!(s, 200, "{v}");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let page = on_b("/").send().await.unwrap().text().await.unwrap();
            if page.contains(">Site shop</h1>") {
                break;
            }
            assert!(Instant::now() < deadline, "B never served the page: {page}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }

        // A secret set and code pushed and published on A: B runs the code, which reads it.
        let (s, body) = call(
            a.req_as(Method::PUT, "/api/v1/sites/shop/secrets/stripe", &owner)
                .json(&json!({"value": "sk_live_1"})),
        )
        .await;
        assert_eq!(s, 201, "{body}");
        let (s, body) = call(a.wix(Method::POST, "/wix-data/v2/collections", "shop", Some(&owner))
            .json(&json!({"collection": {"id": "Runs", "fields": [{"key": "n", "type": "NUMBER"}],
                "permissions": {"read": "ANYONE", "insert": "CMS_EDITOR", "update": "CMS_EDITOR", "remove": "CMS_EDITOR"}}})))
        .await;
        assert_eq!(s, 200, "{body}");
        let files = [
            ("backend/http-functions.js", HTTP),
            ("backend/jobs.config", JOBS),
            ("backend/tasks.js", TASKS),
        ];
        let (s, body) = call(
            a.req_as(Method::PUT, "/api/v1/sites/shop/code", &owner)
                .body(tar(&files)),
        )
        .await;
        assert_eq!(s, 201, "{body}");
        let (s, body) = call(
            a.req_as(Method::POST, "/api/v1/sites/shop/code/publish", &owner)
                .json(&json!({})),
        )
        .await;
        assert_eq!(s, 200, "{body}");
        // B hears of the publish through a signal (or its cache's second runs out).
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (s, body) = call(on_b("/_functions/secret")).await;
            if s == 200 {
                assert_eq!(&body["value"], &json!("sk_live_1"), "{body}");
                break;
            }
            assert!(
                Instant::now() < deadline,
                "B never ran the code: {s} {body}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }

        // A scheduled job's tick runs once across both nodes.
        let eight = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 5).unwrap();
        let (ran_a, ran_b) = tokio::join!(
            tessera_http::jobs::run_due(&a.state, eight),
            tessera_http::jobs::run_due(&b.state, eight)
        );
        assert_eq!(ran_a.unwrap() + ran_b.unwrap(), 1);
        a.state.engine().settled().await;
        b.state.engine().settled().await;
        let (_, count) = call(
            b.wix(
                Method::POST,
                "/wix-data/v2/items/count",
                "shop",
                Some(&owner),
            )
            .json(&json!({"dataCollectionId": "Runs"})),
        )
        .await;
        assert_eq!(count["totalCount"], 1, "{count}");

        for s in signals {
            s.abort();
        }
    }
}
