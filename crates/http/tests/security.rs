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

/// Reads from a raw connection until the server closes it; panics if it stays open past
/// `limit` (an upper bound, not a wait: the test goes on as soon as the server acts).
async fn closed_within(stream: &mut tokio::net::TcpStream, limit: std::time::Duration) {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 1024];
    let closed = tokio::time::timeout(limit, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the server kept the connection open");
}

/// Finding 3: silent or slow clients cannot hold connections, and past a cap new ones are
/// closed at once while others are served.
#[tokio::test]
async fn idle_and_excess_connections_are_closed() {
    use std::time::Duration;
    use tokio::{io::AsyncWriteExt, net::TcpStream};
    for backend in backends() {
        let limits = tessera_http::ConnectionLimits {
            header_read_timeout: Duration::from_millis(300),
            max_connections: 1000,
            max_per_client: 1000,
        };
        let app = TestApp::spawn_limited(backend, Default::default(), limits).await;
        // A silent client, and one that sends its headers a byte at a time.
        let mut silent = TcpStream::connect(app.addr).await.unwrap();
        let mut slow = TcpStream::connect(app.addr).await.unwrap();
        let dribble = async {
            for b in b"GET /healthz HTTP/1.1\r\nX-Slow: 1" {
                if slow.write_all(&[*b]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        };
        dribble.await;
        closed_within(&mut silent, Duration::from_secs(5)).await;
        closed_within(&mut slow, Duration::from_secs(5)).await;
        let (s, _) = call(app.req(Method::GET, "/healthz")).await;
        assert_eq!(s, 200);

        // Caps: past them a connection is closed before any request is read.
        let limits = tessera_http::ConnectionLimits {
            header_read_timeout: Duration::from_secs(60),
            max_connections: 1000,
            max_per_client: 3,
        };
        let app = TestApp::spawn_limited(backend, Default::default(), limits).await;
        let mut held = Vec::new();
        for _ in 0..3 {
            held.push(TcpStream::connect(app.addr).await.unwrap());
        }
        let mut extra = TcpStream::connect(app.addr).await.unwrap();
        closed_within(&mut extra, Duration::from_secs(5)).await;
        // Once the client lets go of its connections, it is served again.
        drop(held);
        let mut served = false;
        for _ in 0..10_000 {
            let mut tcp = TcpStream::connect(app.addr).await.unwrap();
            let request = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
            if tcp.write_all(request).await.is_ok() {
                use tokio::io::AsyncReadExt;
                let mut answer = Vec::new();
                let _ = tcp.read_to_end(&mut answer).await;
                if answer.starts_with(b"HTTP/1.1 200") {
                    served = true;
                    break;
                }
            }
            tokio::task::yield_now().await;
        }
        assert!(
            served,
            "the client is served once its connections are closed"
        );
    }
}

/// Finding 12: an answer that leaves the request body unread ends the connection, and says
/// so, so the client does not send its next request into it.
#[tokio::test]
async fn an_answer_that_leaves_the_body_unread_says_connection_close() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        // No credential: refused before the body is read.
        let res = app
            .req(Method::POST, "/api/v1/sites")
            .body(vec![b'x'; 64 * 1024])
            .header("content-type", "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        assert_eq!(res.headers()["connection"], "close");
        // A request whose body is read keeps its connection.
        let (_, key) = app.account("keep@example.com").await;
        let res = app
            .req_as(Method::POST, "/api/v1/sites", &key)
            .json(&json!({"slug": "kept", "name": "Kept"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        assert!(
            res.headers().get("connection").is_none(),
            "{:?}",
            res.headers()
        );
    }
}

/// Finding 8: after a member logs in, only a path on the site is followed; what a browser
/// would read as another host (tabs and other control characters dropped, percent-decoded)
/// goes to the default page.
#[tokio::test]
async fn login_follows_only_paths_on_the_site() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "club").await;
        let (s, b) = call(
            app.req_as(Method::PUT, "/api/v1/sites/club/members/settings", &owner)
                .json(&json!({"signup": "open", "verifyEmail": false})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let form = |body: String| {
            on_site(&app, "club", Method::POST, "/_api/members/v1/auth/register")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
        };
        let cases = [
            ("%2F%09%2Fevil.example", None),
            ("%2F%2509%2Fevil.example", None),
            ("%2F%0A%2Fevil.example", None),
            ("%2F%252F%2Fevil.example", None),
            ("%2F%5Cevil.example", None),
            ("https%3A%2F%2Fevil.example", None),
            ("%2Fclub%3Fa%3D1", Some("/club?a=1")),
        ];
        for (n, (return_url, kept)) in cases.into_iter().enumerate() {
            let res = form(format!(
                "email=m{n}%40example.com&password=correct+horse&returnUrl={return_url}"
            ))
            .send()
            .await
            .unwrap();
            assert_eq!(res.status(), 303, "{return_url}");
            let location = res.headers()["location"].to_str().unwrap();
            match kept {
                Some(path) => assert_eq!(location, path),
                None => assert!(!location.contains("evil"), "{return_url} -> {location}"),
            }
        }
    }
}

/// Finding 5: a site cannot toss cookies at the dashboard or other sites: its code may not
/// set Tessera's cookies or any cookie with a Domain, and a session cookie that arrives twice
/// (one set for a parent domain) signs the request out.
#[tokio::test]
async fn sites_cannot_toss_cookies_at_the_dashboard() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let functions = r#"
import { ok } from 'wix-http-functions';
export function get_toss() {
  return ok({ headers: { 'Set-Cookie': 'tessera_session=tss_attacker; Domain=localhost; Path=/' }, body: 'x' });
}
export function get_parent() {
  return ok({ headers: { 'Set-Cookie': 'theme=dark; domain=localhost' }, body: 'x' });
}
export function get_own() {
  return ok({ headers: { 'Set-Cookie': 'theme=dark; Path=/; HttpOnly' }, body: 'x' });
}
"#;
        let owner = site_with_code(
            &app,
            "evil",
            json!({"backend/http-functions.js": functions}),
        )
        .await;
        for (path, status) in [("toss", 500), ("parent", 500), ("own", 200)] {
            let res = on_site(&app, "evil", Method::GET, &format!("/_functions/{path}"))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), status, "{path}");
            let cookies = res.headers().get_all("set-cookie").iter().count();
            assert_eq!(cookies, usize::from(status == 200), "{path}");
        }
        // The victim's own session works alone, and not beside a tossed one.
        let me = |cookie: String| app.req(Method::GET, "/api/v1/me").header("cookie", cookie);
        let (s, _) = call(me(format!("__Host-tessera_session={owner}"))).await;
        assert_eq!(s, 200);
        let (s, _) = call(me(format!(
            "__Host-tessera_session=tss_attacker; __Host-tessera_session={owner}"
        )))
        .await;
        assert_eq!(s, 401);
    }
}

/// Finding 4: a `beforeQuery` hook that hides rows holds on every read path: cursor paging
/// (its first page too), distinct values, aggregations and pipelines; cursors are signed and
/// bound to the collection and the caller, so a forged or borrowed one is refused.
#[tokio::test]
async fn before_query_hides_rows_on_every_read_path() {
    use base64::Engine as _;
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let data_js =
            "export function Notes_beforeQuery(query) { return query.ne('secret', true); }";
        let owner = site_with_code(&app, "hide", json!({"backend/data.js": data_js})).await;
        let data = |path: &str, body: Value, who: Option<&str>| {
            call(app.wix(Method::POST, path, "hide", who).json(&body))
        };
        let (s, b) = data(
            "/wix-data/v2/collections",
            json!({"collection": {"id": "Notes", "permissions": {"read": "ANYONE", "insert": "ADMIN", "update": "ADMIN", "remove": "ADMIN"}}}),
            Some(&owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        for (n, secret) in [(1, false), (2, true), (3, false)] {
            let item = json!({"dataCollectionId": "Notes", "dataItem": {"data": {"n": n, "secret": secret, "kind": if secret { "hidden" } else { "shown" }}}});
            let (s, b) = data("/wix-data/v2/items", item, Some(&owner)).await;
            assert_eq!(s, 200, "{b}");
        }
        let ns = |b: &Value| -> Vec<i64> {
            b["dataItems"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["data"]["n"].as_i64().unwrap())
                .collect()
        };
        let query = |paging: Value, who: Option<&'static str>| {
            let body = json!({"dataCollectionId": "Notes", "query": {"sort": [{"fieldName": "n"}], "cursorPaging": paging}});
            data("/wix-data/v2/items/query", body, who)
        };
        // Cursor paging, first page and next.
        let (s, b) = query(json!({"limit": 1}), None).await;
        assert_eq!((s, ns(&b)), (200, vec![1]), "{b}");
        let next = b["pagingMetadata"]["cursors"]["next"]
            .as_str()
            .unwrap()
            .to_string();
        let (s, b) = query(json!({"limit": 1, "cursor": next}), None).await;
        assert_eq!((s, ns(&b)), (200, vec![3]), "{b}");
        // A forged cursor, and one with its body changed, are refused.
        let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(r#"{"filter":{},"sort":[],"fields":[],"offset":0}"#);
        let (s, _) = query(json!({"limit": 5, "cursor": forged}), None).await;
        assert_eq!(s, 400);
        let (_, sig) = next.split_once('.').unwrap();
        let (s, _) = query(
            json!({"limit": 5, "cursor": format!("{forged}.{sig}")}),
            None,
        )
        .await;
        assert_eq!(s, 400);
        // A cursor made for the owner does not serve a visitor.
        let (_, b) = data(
            "/wix-data/v2/items/query",
            json!({"dataCollectionId": "Notes", "query": {"cursorPaging": {"limit": 1}}}),
            Some(&owner),
        )
        .await;
        let owners = b["pagingMetadata"]["cursors"]["next"].as_str().unwrap();
        let (s, _) = query(json!({"limit": 1, "cursor": owners}), None).await;
        assert_eq!(s, 400);

        let (s, b) = data(
            "/wix-data/v2/items/query-distinct-values",
            json!({"dataCollectionId": "Notes", "fieldName": "kind"}),
            None,
        )
        .await;
        assert_eq!((s, &b["distinctValues"]), (200, &json!(["shown"])), "{b}");
        let (s, b) = data(
            "/wix-data/v2/items/aggregate",
            json!({"dataCollectionId": "Notes", "aggregation": {"operations": [{"resultFieldName": "total", "sum": {"itemFieldName": "n"}}]}}),
            None,
        )
        .await;
        assert_eq!((s, &b["results"][0]["total"]), (200, &json!(4)), "{b}");
        let (s, b) = data(
            "/wix-data/v2/items/aggregate-pipeline",
            json!({"dataCollectionId": "Notes", "pipeline": {"stages": [{"group": {"groupIds": [], "accumulators": [{"sum": {"expression": {"fieldPath": "n"}}, "resultFieldName": "total"}]}}]}}),
            None,
        )
        .await;
        assert_eq!((s, &b["results"][0]["total"]), (200, &json!(4)), "{b}");
    }
}

/// Finding 10: hostile input gets a 400 naming the limit or the character, never a 5xx:
/// oversized filters, and the NUL character anywhere (PostgreSQL keeps none in text).
#[tokio::test]
async fn hostile_input_is_refused_with_a_clear_error() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "shop").await;
        let data = |path: &str, body: Value| {
            call(
                app.wix(Method::POST, path, "shop", Some(&owner))
                    .json(&body),
            )
        };
        let (s, b) = data(
            "/wix-data/v2/collections",
            json!({"collection": {"id": "Notes", "permissions": {"read": "ANYONE", "insert": "ANYONE", "update": "ADMIN", "remove": "ADMIN"}}}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let many: Vec<u32> = (0..70_000).collect();
        let branches: Vec<Value> = (0..999).map(|n| json!({"n": n})).collect();
        for filter in [json!({"n": {"$in": many}}), json!({"$or": branches})] {
            let (s, b) = data(
                "/wix-data/v2/items/query",
                json!({"dataCollectionId": "Notes", "query": {"filter": filter}}),
            )
            .await;
            assert_eq!(s, 400, "{b}");
            assert!(
                b["message"].as_str().unwrap().contains("at most 500"),
                "{b}"
            );
        }
        let (s, b) = data(
            "/wix-data/v2/items",
            json!({"dataCollectionId": "Notes", "dataItem": {"data": {"title": "a\u{0}b"}}}),
        )
        .await;
        assert!(s == 200 || s == 400, "{s} {b}");
        if s == 400 {
            assert!(b["message"].as_str().unwrap().contains("NUL"), "{b}");
        }
        let (s, b) = call(
            app.req(Method::POST, "/api/v1/auth/login")
                .json(&json!({"email": "a\u{0}@example.com", "password": "password123"})),
        )
        .await;
        assert!(s < 500, "{s} {b}");
        let (s, b) = call(
            app.req_as(Method::POST, "/api/v1/sites", &owner)
                .json(&json!({"slug": "nul", "name": "N\u{0}L"})),
        )
        .await;
        assert!(s < 500, "{s} {b}");
        for path in ["/%00", "/blog/%00x", "/_functions/%00"] {
            let (s, b) = call(on_site(&app, "shop", Method::GET, path)).await;
            assert!(s < 500, "{path}: {s} {b}");
        }
    }
}

/// Finding 11: a push of very many tiny files is refused by its count, named, before the
/// files are read.
#[tokio::test]
async fn pushes_are_capped_by_file_count() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "many").await;
        let mut tar = tar::Builder::new(Vec::new());
        for n in 0..=tessera_jsrt::MAX_CODE_FILES {
            let mut h = tar::Header::new_gnu();
            h.set_size(1);
            h.set_mode(0o644);
            h.set_cksum();
            tar.append_data(&mut h, format!("src/public/f{n}.js"), &b"1"[..])
                .unwrap();
        }
        let (s, b) = call(
            app.req_as(Method::PUT, "/api/v1/sites/many/code", &owner)
                .body(tar.into_inner().unwrap()),
        )
        .await;
        assert_eq!(s, 400, "{b}");
        assert!(
            b["message"].as_str().unwrap().contains("10000 files"),
            "{b}"
        );
        let files: serde_json::Map<String, Value> = (0..=tessera_jsrt::MAX_CODE_FILES)
            .map(|n| (format!("public/f{n}.js"), json!("1")))
            .collect();
        let (s, b) = call(
            app.req_as(Method::PUT, "/api/v1/sites/many/code", &owner)
                .json(&json!({ "files": files })),
        )
        .await;
        assert_eq!(s, 400, "{b}");
    }
}

/// Finding 7: what the public runs, and the secrets it reaches, are for developers, admins and
/// owners: editors keep content but cannot push, publish or run unpublished code, nor read or
/// write secrets; the latest push answers only its developers' credentials.
#[tokio::test]
async fn code_and_secrets_need_the_developer_role() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "shop").await;
        let editor = app
            .collaborator(&owner, "shop", "ed@example.com", "editor")
            .await;
        let developer = app
            .collaborator(&owner, "shop", "dev@example.com", "developer")
            .await;
        let functions = r#"
import { ok } from 'wix-http-functions';
import { getSecret } from 'wix-secrets-backend';
export async function get_leak(request) {
  return ok({ body: { secret: await getSecret('API_TOKEN'), auth: request.headers.authorization || null } });
}
"#;
        let tar = json!({"backend/http-functions.js": functions});
        let api = |method: Method, path: &str, who: &str| {
            app.req_as(method, &format!("/api/v1/sites/shop{path}"), who)
        };
        let push = |who: &str| api(Method::PUT, "/code", who).json(&json!({ "files": tar }));
        let publish = |who: &str| api(Method::POST, "/code/publish", who).json(&json!({}));
        let secret = |who: &str| {
            api(Method::PUT, "/secrets/API_TOKEN", who).json(&json!({"value": "s3cret"}))
        };

        // The editor is refused each, with nothing changed.
        assert_eq!(call(push(&editor)).await.0, 403);
        assert_eq!(call(secret(&editor)).await.0, 403);
        assert_eq!(call(api(Method::GET, "/secrets", &editor)).await.0, 403);
        let (s, revisions) = call(api(Method::GET, "/code/revisions", &owner)).await;
        assert_eq!((s, &revisions["revisions"]), (200, &json!([])));

        // The developer does them, but manages nothing.
        let (s, b) = call(push(&developer)).await;
        assert_eq!(s, 201, "{b}");
        assert_eq!(call(secret(&developer)).await.0, 201);
        assert_eq!(call(api(Method::GET, "/secrets", &developer)).await.0, 200);
        assert_eq!(call(publish(&editor)).await.0, 403);
        let rename = |who: &str| api(Method::PATCH, "", who).json(&json!({"name": "Mine"}));
        assert_eq!(call(rename(&developer)).await.0, 403);
        let invite = api(Method::POST, "/invites", &developer)
            .json(&json!({"email": "x@example.com", "role": "editor"}));
        assert_eq!(call(invite).await.0, 403);
        let key = |role: &str| {
            api(Method::POST, "/api-keys", &owner).json(&json!({"name": "ci", "role": role}))
        };
        let (s, ci) = call(key("developer")).await;
        assert_eq!(s, 201, "{ci}");
        let ci = ci["key"].as_str().unwrap().to_string();

        // The latest push runs only for the site's developers and above, who hand the code
        // no credential of theirs.
        let dev = |who: Option<&str>| {
            let req = on_site(&app, "shop", Method::GET, "/_functions-dev/leak");
            match who {
                Some(who) => req.bearer_auth(who),
                None => req,
            }
        };
        assert_eq!(call(dev(None)).await.0, 401);
        assert_eq!(call(dev(Some("tss_forged"))).await.0, 401);
        assert_eq!(call(dev(Some(&editor))).await.0, 403);
        let (_, stranger) = app.account("stranger@example.com").await;
        assert_eq!(call(dev(Some(&stranger))).await.0, 403);
        for who in [&developer, &owner, &ci] {
            let (s, b) = call(dev(Some(who))).await;
            assert_eq!(
                (s, b),
                (200, json!({"secret": "s3cret", "auth": null})),
                "{who}"
            );
        }

        // Publishing the code is the developer's; visitors then run it.
        let (s, b) = call(publish(&developer)).await;
        assert_eq!(s, 200, "{b}");
        let (s, _) = call(on_site(&app, "shop", Method::GET, "/_functions/leak")).await;
        assert_eq!(s, 200);
    }
}

/// Finding 7: an editor's publish of the pages keeps the code that is live, rather than
/// making a developer's latest push public.
#[tokio::test]
async fn an_editors_publish_keeps_the_live_code() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let version = |v: u32| {
            json!({"backend/http-functions.js": format!(
                "import {{ ok }} from 'wix-http-functions';\nexport function get_v() {{ return ok({{ body: {{ v: {v} }} }}); }}\n"
            )})
        };
        let owner = site_with_code(&app, "shop", version(1)).await;
        let editor = app
            .collaborator(&owner, "shop", "ed@example.com", "editor")
            .await;
        let path = "/api/v1/sites/shop/code";
        let (s, _) = call(
            app.req_as(Method::PUT, path, &owner)
                .json(&json!({ "files": version(2) })),
        )
        .await;
        assert_eq!(s, 201);
        let doc = json!({"schemaVersion": 1, "settings": {"name": "Shop"}, "pages": [
            {"id": "home", "title": "Home", "path": "/", "sections": []}
        ]});
        let (s, b) = call(
            app.req_as(Method::PUT, "/api/v1/sites/shop/document", &editor)
                .json(&json!({"revision": 1, "document": doc})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = call(app.req_as(Method::POST, "/api/v1/sites/shop/publish", &editor)).await;
        assert_eq!((s, b["codeRevision"].as_i64()), (200, Some(1)), "{b}");
        let (_, b) = call(on_site(&app, "shop", Method::GET, "/_functions/v")).await;
        assert_eq!(b, json!({"v": 1}));
        let (s, b) = call(app.req_as(Method::POST, "/api/v1/sites/shop/publish", &owner)).await;
        assert_eq!((s, b["codeRevision"].as_i64()), (200, Some(2)), "{b}");
    }
}

/// Finding 13: failed logins slow down the client that makes them, and the account from that
/// client, never the account from everywhere: the owner, elsewhere, still logs in.
#[tokio::test]
async fn failed_logins_slow_the_client_not_the_account() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.account("ann@example.com").await;
        let host = format!("localhost:{}", app.addr.port());
        let login = |from: &str, password: &str| {
            app.req_from(
                from.parse().unwrap(),
                Method::POST,
                &host,
                "/api/v1/auth/login",
            )
            .json(&json!({ "email": "ann@example.com", "password": password }))
        };
        // Past 5 failures the client waits (before, 10 locked the account everywhere).
        for _ in 0..5 {
            assert_eq!(call(login("127.0.0.1", "guess-guess")).await.0, 401);
        }
        let res = login("127.0.0.1", "password123").send().await.unwrap();
        assert_eq!(res.status(), 429, "the guessing client waits");
        let wait: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=15).contains(&wait), "{wait}");
        // Another node, on the same database, makes the same client wait.
        let other = app.second_node().await;
        let mut request = axum::http::Request::post("/api/v1/auth/login")
            .header("host", &host)
            .header("content-type", "application/json")
            .body(axum::body::Body::from(
                json!({"email": "ann@example.com", "password": "password123"}).to_string(),
            ))
            .unwrap();
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                [127, 0, 0, 1],
                40000,
            ))));
        let res = tower::ServiceExt::oneshot(tessera_http::app(other), request)
            .await
            .unwrap();
        assert_eq!(res.status(), 429, "another node counts the same failures");

        let (s, b) = call(login("127.0.0.2", "password123")).await;
        assert_eq!(s, 200, "the owner elsewhere logs in: {b}");
        // Another client guessing once more is not slowed by the first's failures.
        assert_eq!(call(login("127.0.0.3", "guess-guess")).await.0, 401);
        // A client trying many accounts is slowed down for all of them past 50 failures.
        let spray = |email: String| {
            app.req_from(
                "127.0.0.4".parse().unwrap(),
                Method::POST,
                &host,
                "/api/v1/auth/login",
            )
            .json(&json!({ "email": email, "password": "password123" }))
        };
        for n in 0..50 {
            assert_eq!(call(spray(format!("user{n}@example.com"))).await.0, 401);
        }
        assert_eq!(call(spray("ann@example.com".into())).await.0, 429);
    }
}

/// Finding 5: the dashboard's session cookie is host-only with the `__Host-` prefix (so a
/// site's subdomain cannot set it), `Secure`, which browsers keep on http://localhost too;
/// a cookie without the prefix, as a subdomain could toss, is no one's. Over plain HTTP on
/// another name, browsers would drop a `Secure` cookie: the name goes without the prefix.
#[tokio::test]
async fn the_dashboard_cookie_is_host_only_with_the_host_prefix() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (_, token) = app.account("ann@example.com").await;
        let res = app
            .req(Method::POST, "/api/v1/auth/login")
            .json(&json!({ "email": "ann@example.com", "password": "password123" }))
            .send()
            .await
            .unwrap();
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(
            cookie.starts_with("__Host-tessera_session=tss_"),
            "{cookie}"
        );
        assert!(
            cookie.contains("; Secure") && cookie.contains("Path=/;"),
            "{cookie}"
        );
        assert!(!cookie.to_ascii_lowercase().contains("domain"), "{cookie}");
        let me = |cookie: String| app.req(Method::GET, "/api/v1/me").header("cookie", cookie);
        assert_eq!(
            call(me(format!("__Host-tessera_session={token}"))).await.0,
            200
        );
        assert_eq!(call(me(format!("tessera_session={token}"))).await.0, 401);

        let plain = tessera_http::HttpConfig {
            platform: tessera_http::PlatformConfig {
                dashboard_host: "tessera.lan".into(),
                public_url: "http://tessera.lan:8080".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let https = tessera_http::HttpConfig {
            platform: tessera_http::PlatformConfig {
                dashboard_host: "tessera.example".into(),
                public_url: "https://tessera.example".into(),
                ..Default::default()
            },
            secure_cookies: true,
            ..Default::default()
        };
        for (config, expected) in [
            (plain, "tessera_session=tss_"),
            (https, "__Host-tessera_session=tss_"),
        ] {
            let host = config.platform.dashboard_host.clone();
            let app = TestApp::spawn_with(backend, config).await;
            app.account("ann@example.com").await;
            let res = app
                .req(Method::POST, "/api/v1/auth/login")
                .header("host", &host)
                .json(&json!({ "email": "ann@example.com", "password": "password123" }))
                .send()
                .await
                .unwrap();
            let cookie = res.headers()["set-cookie"].to_str().unwrap();
            assert!(cookie.starts_with(expected), "{cookie}");
            assert_eq!(cookie.contains("; Secure"), expected.starts_with("__Host-"));
        }
    }
}

/// Finding 14: the dashboard's pages carry a strict Content-Security-Policy: scripts only from
/// its own files (none inline), and it may not be framed.
#[tokio::test]
async fn the_dashboard_sends_a_content_security_policy() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        for path in ["/", "/sites/shop/editor"] {
            let res = app.req(Method::GET, path).send().await.unwrap();
            assert_eq!(res.status(), 200);
            let csp = res.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_string();
            let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
            for wanted in [
                "default-src 'self'",
                "script-src 'self'",
                "object-src 'none'",
                "frame-ancestors 'none'",
            ] {
                assert!(directives.contains(&wanted), "{wanted} in {csp}");
            }
            let html = res.text().await.unwrap();
            for script in html.split("<script").skip(1) {
                let tag = script.split('>').next().unwrap();
                assert!(tag.contains(" src="), "no inline script: <script{tag}>");
            }
        }
    }
}

/// Finding 13 behind a reverse proxy: every client arrives from the proxy's address, so the
/// client is the address a trusted proxy puts in `X-Forwarded-For`; from anyone else the
/// header is ignored, so a guessing client cannot name itself anew with each try.
#[tokio::test]
async fn behind_a_trusted_proxy_clients_are_told_apart_by_forwarded_for() {
    for backend in backends() {
        let config = tessera_http::HttpConfig {
            trusted_proxies: vec!["127.0.0.1/32".parse().unwrap()],
            ..Default::default()
        };
        let app = TestApp::spawn_with(backend, config).await;
        app.account("ann@example.com").await;
        let host = format!("localhost:{}", app.addr.port());
        let login = |from: &str, forwarded: &str, password: &str| {
            app.req_from(
                from.parse().unwrap(),
                Method::POST,
                &host,
                "/api/v1/auth/login",
            )
            .header("x-forwarded-for", forwarded)
            .json(&json!({ "email": "ann@example.com", "password": password }))
        };
        // Through the proxy: the guesser, who forges an address on the left, is slowed down;
        // the owner, another client behind the same proxy, is not.
        for _ in 0..5 {
            let res = call(login("127.0.0.1", "10.9.9.9, 203.0.113.5", "guess-guess")).await;
            assert_eq!(res.0, 401);
        }
        let (s, _) = call(login("127.0.0.1", "10.9.9.8, 203.0.113.5", "password123")).await;
        assert_eq!(s, 429);
        let (s, b) = call(login("127.0.0.1", "198.51.100.7", "password123")).await;
        assert_eq!(s, 200, "{b}");
        // Not through the proxy: the header is the client's own word, and ignored.
        for n in 0..5 {
            let res = call(login("127.0.0.2", &format!("192.0.2.{n}"), "guess-guess")).await;
            assert_eq!(res.0, 401);
        }
        let (s, _) = call(login("127.0.0.2", "192.0.2.200", "password123")).await;
        assert_eq!(s, 429);
    }
}

/// Finding 6: the memory of sites' running calls has a server-wide budget. With room for one
/// call, a second one while the first holds its memory is refused with 503 and
/// `Retry-After`, and runs once the first has ended.
#[tokio::test]
async fn sandbox_memory_has_a_server_wide_budget() {
    use tokio::io::AsyncWriteExt;
    for backend in backends() {
        // A server that answers the held call only when told to.
        let slow = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = slow.local_addr().unwrap().port();
        let (accepted_tx, mut accepted) = tokio::sync::mpsc::unbounded_channel();
        let release = std::sync::Arc::new(tokio::sync::Notify::new());
        let released = std::sync::Arc::clone(&release);
        tokio::spawn(async move {
            let (mut socket, _) = slow.accept().await.unwrap();
            accepted_tx.send(()).unwrap();
            released.notified().await;
            let answer = "HTTP/1.1 200 OK\r\ncontent-length: 4\r\nconnection: close\r\n\r\nlate";
            socket.write_all(answer.as_bytes()).await.unwrap();
        });
        let config = tessera_http::HttpConfig {
            platform: tessera_http::PlatformConfig {
                js_memory_budget: 64 * 1024 * 1024,
                fetch_allow: vec![format!("127.0.0.1:{port}")],
                ..Default::default()
            },
            ..tessera_http::HttpConfig::default()
        };
        let app = TestApp::spawn_with(backend, config).await;
        let hold = format!(
            "import {{ ok }} from 'wix-http-functions';\nimport {{ fetch }} from 'wix-fetch';\n\
             export async function get_hold() {{ const r = await fetch('http://127.0.0.1:{port}/'); return ok({{ body: await r.text() }}); }}"
        );
        let quick = "import { ok } from 'wix-http-functions';\nexport function get_quick() { return ok({ body: 'quick' }); }";
        site_with_code(&app, "holder", json!({"backend/http-functions.js": hold})).await;
        site_with_code(&app, "other", json!({"backend/http-functions.js": quick})).await;

        let holding = tokio::spawn(on_site(&app, "holder", Method::GET, "/_functions/hold").send());
        accepted.recv().await.unwrap();
        let res = on_site(&app, "other", Method::GET, "/_functions/quick")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 503);
        assert_eq!(res.headers()["retry-after"], "1");
        release.notify_one();
        let held = holding.await.unwrap().unwrap();
        assert_eq!(held.status(), 200);
        assert_eq!(held.text().await.unwrap(), "late");
        let res = on_site(&app, "other", Method::GET, "/_functions/quick")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "the memory was returned");
        assert_eq!(res.text().await.unwrap(), "quick");
    }
}
