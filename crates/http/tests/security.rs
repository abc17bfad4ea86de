//! Hardening, one case per finding of the attacker's review (issue "one site cannot slow,
//! fill or fool another"), on every backend.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call};

/// A site `slug` owned by a new account, with `files` pushed and published.
async fn site_with_code(app: &TestApp, slug: &str, files: Value) -> String {
    let (_, owner) = app.account(&format!("{slug}@example.com")).await;
    app.site(&owner, slug).await;
    let path = format!("/api/v1/sites/{slug}/code");
    let (s, b) = call(
        app.req_as(Method::PUT, &path, &owner)
            .json(&json!({ "files": files })),
    )
    .await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["problems"], json!([]), "{b}");
    let (s, b) = call(
        app.req_as(Method::POST, &format!("{path}/publish"), &owner)
            .json(&json!({})),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    owner
}

fn on_site(app: &TestApp, slug: &str, method: Method, path: &str) -> reqwest::RequestBuilder {
    app.req_host(
        method,
        &format!("{slug}.localhost:{}", app.addr.port()),
        path,
    )
}

/// Finding 1: console output is bounded per line, per call and per site, so one anonymous
/// request cannot fill memory or the database.
#[tokio::test]
async fn console_output_is_bounded_per_line_per_call_and_per_site() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let functions = r#"
import { ok } from 'wix-http-functions';
export function get_flood() {
  const big = 'x'.repeat(1024 * 1024);
  for (let i = 0; i < 50; i++) console.log(big);
  return ok({ body: 'done' });
}
export function get_many() {
  for (let i = 0; i < 100000; i++) console.log('.');
  return ok({ body: 'done' });
}
"#;
        site_with_code(
            &app,
            "noisy",
            json!({"backend/http-functions.js": functions}),
        )
        .await;
        let site = app.store.site_by_slug("noisy").await.unwrap().unwrap();
        let (s, b) = call(on_site(&app, "noisy", Method::GET, "/_functions/flood")).await;
        assert_eq!((s, b), (200, Value::Null), "the body is text");
        let logs = app.store.logs(site.id, 0, 100_000).await.unwrap();
        let longest = logs.iter().map(|l| l.message.len()).max().unwrap();
        assert!(longest < 8 * 1024 + 100, "a line is cut: {longest}");
        assert!(
            logs[0].message.ends_with("more characters cut]"),
            "{}",
            &logs[0].message[8000..]
        );
        let total: usize = logs.iter().map(|l| l.message.len()).sum();
        assert!(total <= 256 * 1024, "a call keeps at most 256 KB: {total}");
        let last = &logs.last().unwrap().message;
        assert!(last.contains("console line(s) dropped"), "{last}");

        // Many tiny lines count too.
        let before = logs.len();
        call(on_site(&app, "noisy", Method::GET, "/_functions/many")).await;
        let logs = app.store.logs(site.id, 0, 100_000).await.unwrap();
        assert!(logs.len() - before < 5_000, "{}", logs.len() - before);

        // The site keeps at most 8 M characters of log, oldest dropped first.
        for _ in 0..34 {
            call(on_site(&app, "noisy", Method::GET, "/_functions/flood")).await;
        }
        let logs = app.store.logs(site.id, 0, 100_000).await.unwrap();
        let total: usize = logs.iter().map(|l| l.message.chars().count()).sum();
        assert!(total <= 8 * 1024 * 1024, "{total}");
        assert!(total > 7 * 1024 * 1024, "the newest are kept: {total}");
    }
}
