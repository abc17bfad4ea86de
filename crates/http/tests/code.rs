//! Site code over HTTP on every backend: pushing revisions (and their errors), publishing,
//! HTTP functions, web methods, and wix-data from code with the caller's rights.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call, tar};

const HTTP: &str = r#"
import { ok, notFound } from 'wix-http-functions';
import wixData from 'wix-data';
import { greet } from 'public/greet';
export function get_hello(request) {
  return ok({ body: { greeting: greet(request.path[0] ?? 'world'), version: 1 } });
}
export async function get_notes(request) {
  const options = { suppressAuth: request.query.sudo === '1' };
  try {
    const r = await wixData.query('Notes').ascending('n').find(options);
    return ok({ body: { n: r.items.map((i) => i.n), total: r.totalCount } });
  } catch (e) {
    return notFound({ body: { code: e.code, message: e.message } });
  }
}
export async function post_notes(request) {
  const item = await wixData.insert('Notes', await request.body.json(), { suppressAuth: true });
  return ok({ body: { id: item._id, created: item._createdDate instanceof Date } });
}
export async function get_drafts() {
  const sudo = { suppressAuth: true };
  const drafts = { ...sudo, showDrafts: true };
  await wixData.insert('Notes', { _id: 'draft-1', n: 7 }, drafts);
  const live = await wixData.query('Notes').count(sudo);
  const all = await wixData.query('Notes').count(drafts);
  const got = await wixData.get('Notes', 'draft-1', drafts);
  const hidden = await wixData.get('Notes', 'draft-1', sudo);
  return ok({ body: { live, all, got: got?.n ?? null, hidden } });
}
"#;

const WEB: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import wixData from 'wix-data';
export const add = webMethod(Permissions.Anyone, (a, b) => a + b);
export const myNotes = webMethod(Permissions.SiteMember, async () => {
  await wixData.insert('Notes', { n: 100 });
  const r = await wixData.query('Notes').find();
  return r.items.map((i) => i._owner);
});
export const boom = webMethod(Permissions.Anyone, () => { throw new Error('kaput'); });
"#;

struct Site {
    app: TestApp,
    owner: String,
}

impl Site {
    async fn new(app: TestApp) -> Self {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "shop").await;
        let (s, b) = call(app.wix(Method::POST, "/wix-data/v2/collections", "shop", Some(&owner)).json(&json!({"collection": {"id": "Notes",
            "fields": [{"key": "n", "type": "NUMBER"}],
            "permissions": {"read": "SITE_MEMBER_AUTHOR", "insert": "SITE_MEMBER", "update": "CMS_EDITOR", "remove": "CMS_EDITOR"}}}))).await;
        assert_eq!(s, 200, "{b}");
        Self { app, owner }
    }

    async fn push(&self, files: &[(&str, &str)]) -> (u16, Value) {
        call(
            self.app
                .req_as(Method::PUT, "/api/v1/sites/shop/code", &self.owner)
                .body(tar(files)),
        )
        .await
    }

    /// A push that any problem refuses whole.
    async fn push_strict(&self, files: &[(&str, &str)]) -> (u16, Value) {
        call(
            self.app
                .req_as(
                    Method::PUT,
                    "/api/v1/sites/shop/code?strict=true",
                    &self.owner,
                )
                .body(tar(files)),
        )
        .await
    }

    async fn publish(&self, body: Value) -> (u16, Value) {
        call(
            self.app
                .req_as(Method::POST, "/api/v1/sites/shop/code/publish", &self.owner)
                .json(&body),
        )
        .await
    }

    /// A GET of the latest push, which only the site's developers (and above) run.
    fn dev(&self, path: &str) -> reqwest::RequestBuilder {
        self.site(Method::GET, path).bearer_auth(&self.owner)
    }

    fn site(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.app.req_host(
            method,
            &format!("shop.localhost:{}", self.app.addr.port()),
            path,
        )
    }
}

fn files(version: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "src/backend/http-functions.js",
            HTTP.replace("version: 1", &format!("version: {version}")),
        ),
        ("src/backend/api.web.js", WEB.to_string()),
        (
            "src/public/greet.js",
            "export const greet = (who) => `hello ${who}`;".to_string(),
        ),
        ("wix.config.json", r#"{"siteId": "x"}"#.to_string()),
    ]
}

fn refs<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(p, s)| (*p, s.as_str())).collect()
}

#[tokio::test]
async fn pushed_code_serves_functions_after_publishing() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let (s, b) = site
            .push_strict(&[
                ("src/backend/bad.js", "export const x = (1 + ;"),
                ("src/backend/ok.js", "import 'backend/missing';"),
            ])
            .await;
        assert_eq!(s, 400, "{b}");
        let errors = b["details"]["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 2, "{b}");
        assert_eq!(
            (errors[0]["file"].as_str(), errors[0]["line"].as_u64()),
            (Some("backend/bad.js"), Some(1)),
            "{b}"
        );
        assert!(
            b["message"].as_str().unwrap().contains("backend/bad.js:1:"),
            "{b}"
        );

        let (s, b) = site.push(&refs(&files("1"))).await;
        assert_eq!(
            (s, &b["revision"], &b["fileCount"]),
            (201, &json!(1), &json!(3)),
            "{b}"
        );
        let (s, _) = call(site.site(Method::GET, "/_functions/hello/ann")).await;
        assert_eq!(s, 404, "nothing is published yet");
        let (s, b) = call(site.dev("/_functions-dev/hello/ann")).await;
        assert_eq!(
            (s, b),
            (200, json!({"greeting": "hello ann", "version": 1}))
        );

        let (s, b) = site.publish(json!({})).await;
        assert_eq!((s, b), (200, json!({"revision": 1})));
        site.push(&refs(&files("2"))).await;
        let (_, b) = call(site.site(Method::GET, "/_functions/hello")).await;
        assert_eq!(b["version"], 1, "visitors run the published revision");
        let (_, b) = call(site.dev("/_functions-dev/hello")).await;
        assert_eq!(b["version"], 2, "the dev path runs the latest push");
        let (_, b) = call(site.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/code/revisions",
            &site.owner,
        ))
        .await;
        let published: Vec<(i64, bool)> = b["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["revision"].as_i64().unwrap(),
                    r["published"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(published, [(2, false), (1, true)]);
        site.publish(json!({"revision": 2})).await;
        let (_, b) = call(site.site(Method::GET, "/_functions/hello")).await;
        assert_eq!(b["version"], 2);
        let (s, _) = site.publish(json!({"revision": 9})).await;
        assert_eq!(s, 404);

        let pulled = site
            .app
            .req_as(
                Method::GET,
                "/api/v1/sites/shop/code?revision=1",
                &site.owner,
            )
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let mut archive = tar::Archive::new(&pulled[..]);
        let names: Vec<String> = archive
            .entries()
            .unwrap()
            .map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "src/backend/api.web.js",
                "src/backend/http-functions.js",
                "src/public/greet.js"
            ]
        );

        let viewer = site
            .app
            .collaborator(&site.owner, "shop", "viewer@example.com", "viewer")
            .await;
        let (s, _) = call(
            site.app
                .req_as(Method::PUT, "/api/v1/sites/shop/code", &viewer)
                .body(tar(&refs(&files("3")))),
        )
        .await;
        assert_eq!(s, 403);
    }
}

#[tokio::test]
async fn code_reaches_data_with_the_callers_rights() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let (s, b) = site.push(&refs(&files("1"))).await;
        assert_eq!(s, 201, "{b}");
        site.publish(json!({})).await;

        let (s, b) = call(
            site.site(Method::POST, "/_functions/notes")
                .json(&json!({"n": 1})),
        )
        .await;
        assert_eq!((s, &b["created"]), (200, &json!(true)), "{b}");
        let (s, b) = call(site.site(Method::GET, "/_functions/notes")).await;
        assert_eq!(
            (s, b["code"].as_str()),
            (404, Some("WDE0027")),
            "HTTP functions read as an anonymous visitor: {b}"
        );
        let (s, b) = call(site.site(Method::GET, "/_functions/notes?sudo=1")).await;
        assert_eq!(
            (s, b),
            (200, json!({"n": [1], "total": 1})),
            "suppressAuth reads everything"
        );
        let (s, b) = call(site.site(Method::GET, "/_functions/drafts")).await;
        assert_eq!(
            (s, b),
            (200, json!({"live": 1, "all": 2, "got": 7, "hidden": null})),
            "showDrafts writes a draft and reads it over the live items"
        );

        let web = |name: &str| format!("/_api/webmethods/backend/api.web.js/{name}");
        let (s, b) = call(site.site(Method::POST, &web("add")).json(&json!([2, 3]))).await;
        assert_eq!((s, b), (200, json!({"result": 5})));
        let (s, _) = call(site.site(Method::POST, &web("myNotes")).json(&json!([]))).await;
        assert_eq!(s, 403, "SiteMember web methods refuse visitors");
        let (s, b) = call(
            site.site(Method::POST, &web("myNotes"))
                .header("cookie", site.app.member_cookie("shop", "m-1", &[]).await)
                .json(&json!([])),
        )
        .await;
        assert_eq!(
            (s, b),
            (200, json!({"result": ["m-1"]})),
            "a member inserts as herself and reads only her own notes"
        );
        let (s, b) = call(site.site(Method::POST, &web("boom")).json(&json!([]))).await;
        assert_eq!((s, b["message"].as_str()), (500, Some("kaput")));
        let (s, _) = call(
            site.site(Method::POST, &web("add"))
                .json(&json!({"not": "an array"})),
        )
        .await;
        assert_eq!(s, 400);
        let (s, _) = call(
            site.site(Method::POST, "/_api/webmethods/backend/nope.web.js/add")
                .json(&json!([])),
        )
        .await;
        assert_eq!(s, 404);
    }
}

#[tokio::test]
async fn a_sites_code_cannot_reach_another_sites_data() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        // A second site whose code tries to read the first site's Notes.
        site.app.site(&site.owner, "other").await;
        let thief = r#"
import { ok } from 'wix-http-functions';
import wixData from 'wix-data';
export async function get_steal() {
  try { await wixData.query('Notes').find({ suppressAuth: true }); return ok({ body: 'stolen' }); }
  catch (e) { return ok({ body: { code: e.code } }); }
}"#;
        let (s, b) = call(
            site.app
                .req_as(Method::PUT, "/api/v1/sites/other/code", &site.owner)
                .body(tar(&[("backend/http-functions.js", thief)])),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        let host = format!("other.localhost:{}", site.app.addr.port());
        let (s, b) = call(
            site.app
                .req_host(Method::GET, &host, "/_functions-dev/steal")
                .bearer_auth(&site.owner),
        )
        .await;
        assert_eq!(
            (s, b),
            (200, json!({"code": "WDE0025"})),
            "the collection does not exist on the other site"
        );
    }
}

const DATA_JS: &str = r#"
export function Notes_beforeInsert(item, context) {
  return { ...item, n: item.n * 10, by: context.userRole, when: item._createdDate instanceof Date };
}
export async function Notes_beforeUpdate(item, context) {
  if (item.n < 0) return Promise.reject(new Error('n must not be negative'));
  return { ...item, prev: context.currentItem.n };
}
export function Notes_afterQuery(item) { return { ...item, seen: true }; }
export function Notes_afterGet(item) { return { ...item, fetched: true }; }
export function Notes_beforeRemove(id) { if (id === 'keep') throw new Error('protected'); return id; }
export function Notes_afterCount(n) { return n + 1000; }
"#;

const RAW_WEB: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import wixData from 'wix-data';
export const raw = webMethod(Permissions.Anyone, async (n) => {
  const item = await wixData.insert('Notes', { _id: 'raw', n }, { suppressAuth: true, suppressHooks: true });
  return item.n;
});
"#;

#[tokio::test]
async fn data_hooks_run_on_every_path_unless_suppressed() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let (s, b) = site
            .push(&[
                ("backend/data.js", DATA_JS),
                ("backend/raw.web.js", RAW_WEB),
            ])
            .await;
        assert_eq!(s, 201, "{b}");
        let (s, _) = site.publish(json!({})).await;
        assert_eq!(s, 200);
        let data = |path: &str, body: Value| {
            call(
                site.app
                    .wix(Method::POST, path, "shop", Some(&site.owner))
                    .json(&body),
            )
        };

        let (s, b) = data(
            "/wix-data/v2/items",
            json!({"dataCollectionId": "Notes", "dataItem": {"id": "a", "data": {"n": 2}}}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            (
                &b["dataItem"]["data"]["n"],
                &b["dataItem"]["data"]["by"],
                &b["dataItem"]["data"]["when"]
            ),
            (&json!(20), &json!("siteOwner"), &json!(true))
        );
        let (_, b) = data(
            "/wix-data/v2/items/query",
            json!({"dataCollectionId": "Notes"}),
        )
        .await;
        assert_eq!(
            (
                &b["dataItems"][0]["data"]["n"],
                &b["dataItems"][0]["data"]["seen"]
            ),
            (&json!(20), &json!(true)),
            "{b}"
        );

        let (s, b) = data(
            "/wix-data/v2/items/update",
            json!({"dataCollectionId": "Notes", "dataItem": {"id": "a", "data": {"n": -1}}}),
        )
        .await;
        assert_eq!(
            (s, b["details"]["applicationError"]["code"].as_str()),
            (400, Some("WDE0078")),
            "{b}"
        );
        assert!(
            b["message"]
                .as_str()
                .unwrap_or_default()
                .contains("n must not be negative")
                || b["details"]["applicationError"]["description"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("n must not be negative"),
            "{b}"
        );
        let (s, b) = data(
            "/wix-data/v2/items/update",
            json!({"dataCollectionId": "Notes", "dataItem": {"id": "a", "data": {"n": 5}}}),
        )
        .await;
        assert_eq!(
            (s, &b["dataItem"]["data"]["prev"]),
            (200, &json!(20)),
            "the hook sees the stored item: {b}"
        );

        let got = site.app.wix(
            Method::GET,
            "/wix-data/v2/items/a?dataCollectionId=Notes",
            "shop",
            Some(&site.owner),
        );
        let (_, b) = call(got).await;
        assert_eq!(
            (
                &b["dataItem"]["data"]["fetched"],
                &b["dataItem"]["data"]["n"]
            ),
            (&json!(true), &json!(5)),
            "{b}"
        );
        let (_, b) = data(
            "/wix-data/v2/items/count",
            json!({"dataCollectionId": "Notes"}),
        )
        .await;
        assert_eq!(b["totalCount"], 1001);

        data(
            "/wix-data/v2/items",
            json!({"dataCollectionId": "Notes", "dataItem": {"id": "keep", "data": {"n": 1}}}),
        )
        .await;
        let (s, _) = data(
            "/wix-data/v2/items/remove",
            json!({"dataCollectionId": "Notes", "dataItemId": "keep"}),
        )
        .await;
        assert_eq!(s, 400, "beforeRemove refused");
        let (s, _) = data(
            "/wix-data/v2/items/remove",
            json!({"dataCollectionId": "Notes", "dataItemId": "a"}),
        )
        .await;
        assert_eq!(s, 200);

        let (s, b) = data(
            "/wix-data/v2/bulk/items/insert",
            json!({"dataCollectionId": "Notes", "dataItems": [{"id": "b1", "data": {"n": 3}}]}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["results"][0]["dataItem"]["data"]["n"], 30,
            "bulk inserts run beforeInsert per item: {b}"
        );

        let web = site.app.req_host(
            Method::POST,
            &format!("shop.localhost:{}", site.app.addr.port()),
            "/_api/webmethods/backend/raw.web.js/raw",
        );
        let (s, b) = call(web.json(&json!([7]))).await;
        assert_eq!(
            (s, b),
            (200, json!({"result": 7})),
            "suppressHooks from code skips the hooks"
        );
    }
}

#[tokio::test]
async fn each_job_tick_runs_once_across_nodes_and_is_recorded() {
    use chrono::{TimeZone, Utc};
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let config = r#"// runs at 08:00 every day
        { "jobs": [
          { "functionLocation": "/tasks.js", "functionName": "tally", "executionConfig": { "time": "08:00" } },
          { "functionLocation": "/tasks.js", "functionName": "fail", "executionConfig": { "cronExpression": "0 8 * * *" } },
          { "functionLocation": "/tasks.js", "functionName": "tally", "description": "not now", "executionConfig": { "time": "09:00" } }
        ]}"#;
        let tasks = r#"
import wixData from 'wix-data';
export async function tally() {
  console.log('tallying');
  await wixData.insert('Notes', { n: 1 });   // as admin: Notes' permissions do not apply
}
export function fail() { throw new Error('job broke'); }
"#;
        let (s, b) = site.push_strict(&[("backend/jobs.config", "{ \"jobs\": [ { \"functionLocation\": \"/nope.js\", \"functionName\": \"x\", \"executionConfig\": { \"time\": \"01:00\" } } ] }")]).await;
        assert_eq!(s, 400, "{b}");
        assert!(
            b["message"]
                .as_str()
                .unwrap()
                .contains("there is no backend/nope.js"),
            "{b}"
        );
        let (s, b) = site
            .push(&[("backend/jobs.config", config), ("backend/tasks.js", tasks)])
            .await;
        assert_eq!(s, 201, "{b}");
        site.publish(json!({})).await;

        let other = site.app.second_node().await;
        let eight = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 20).unwrap();
        let (a, b) = tokio::join!(
            tessera_http::jobs::run_due(&site.app.state, eight),
            tessera_http::jobs::run_due(&other, eight)
        );
        assert_eq!(
            a.unwrap() + b.unwrap(),
            2,
            "two jobs are due at 08:00; each ran on one node"
        );
        assert_eq!(
            tessera_http::jobs::run_due(&other, eight).await.unwrap(),
            0,
            "a tick runs once"
        );
        let (_, count) = call(
            site.app
                .wix(
                    Method::POST,
                    "/wix-data/v2/items/count",
                    "shop",
                    Some(&site.owner),
                )
                .json(&json!({"dataCollectionId": "Notes"})),
        )
        .await;
        assert_eq!(count["totalCount"], 1);

        let (s, b) = call(
            site.app
                .req_as(Method::GET, "/api/v1/sites/shop/jobs", &site.owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["jobs"].as_array().unwrap().len(), 3);
        assert_eq!(b["jobs"][0]["cron"], "0 8 * * *");
        assert!(
            b["jobs"][0]["nextRun"]
                .as_str()
                .unwrap()
                .ends_with("T08:00:00.000Z"),
            "{b}"
        );
        let runs = b["runs"].as_array().unwrap();
        let outcome = |job: &str| runs.iter().find(|r| r["job"] == job).unwrap().clone();
        let tally = outcome("backend/tasks.js#tally");
        assert_eq!(
            (tally["outcome"].as_str(), tally["tick"].as_i64()),
            (
                Some("succeeded"),
                Some(
                    Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0)
                        .unwrap()
                        .timestamp_millis()
                )
            )
        );
        assert!(tally["logs"].as_str().unwrap().contains("tallying"));
        let fail = outcome("backend/tasks.js#fail");
        assert_eq!(fail["outcome"], "failed");
        assert!(
            fail["error"].as_str().unwrap().starts_with("job broke"),
            "{fail}"
        );
    }
}

#[tokio::test]
async fn events_js_handles_data_item_events() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let handlers = r#"
import wixData from 'wix-data';
export async function wixData_onDataItemCreated(event) {
  if (event.entity.dataCollectionId !== 'Notes') return;
  await wixData.insert('Audit', { what: 'created', item: event.metadata.entityId, n: event.entity.data.n });
}
export async function wixData_onDataItemDeleted(event) {
  await wixData.insert('Audit', { what: 'deleted', item: event.entity.id });
}
"#;
        let owner = Some(site.owner.as_str());
        call(
            site.app
                .wix(Method::POST, "/wix-data/v2/collections", "shop", owner)
                .json(&json!({"collection": {"id": "Audit"}})),
        )
        .await;
        let (s, b) = site.push(&[("backend/events.js", handlers)]).await;
        assert_eq!(s, 201, "{b}");
        site.publish(json!({})).await;

        // The test takes the dispatcher's place, so it knows when each event was handled.
        let mut bus = site.app.state.events().subscribe();
        let data = |path: &str, body: Value| {
            call(site.app.wix(Method::POST, path, "shop", owner).json(&body))
        };
        data(
            "/wix-data/v2/items",
            json!({"dataCollectionId": "Notes", "dataItem": {"id": "n1", "data": {"n": 4}}}),
        )
        .await;
        data(
            "/wix-data/v2/items/remove",
            json!({"dataCollectionId": "Notes", "dataItemId": "n1"}),
        )
        .await;
        for _ in 0..2 {
            let event = bus.recv().await.unwrap();
            tessera_http::platform::backend_events::dispatch(&site.app.state, &event)
                .await
                .unwrap();
        }
        // The handler's own insert into Audit published an event too; Audit is ignored by it.
        let (_, b) = data(
            "/wix-data/v2/items/query",
            json!({"dataCollectionId": "Audit", "query": {"sort": [{"fieldName": "what"}]}}),
        )
        .await;
        let audit: Vec<(String, String)> = b["dataItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["data"]["what"].as_str().unwrap().to_string(),
                    i["data"]["item"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            audit,
            [
                ("created".to_string(), "n1".to_string()),
                ("deleted".to_string(), "n1".to_string())
            ]
        );
        assert_eq!(b["dataItems"][0]["data"]["n"], 4);
    }
}

#[tokio::test]
async fn fetch_refuses_internal_addresses_unless_allowed() {
    use axum::{Router, response::Redirect, routing::get};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let peer = Router::new()
        .route("/data", get(|| async { axum::Json(json!({"answer": 42})) }))
        .route("/hop", get(|| async { Redirect::temporary("/data") }))
        // A redirect to an address that is not allowed.
        .route(
            "/escape",
            get(|| async { Redirect::temporary("http://127.0.0.2:9/secret") }),
        );
    tokio::spawn(async move { axum::serve(listener, peer).await });
    let web = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { fetch, getJSON } from 'wix-fetch';
export const get = webMethod(Permissions.Anyone, async (url) => {
  try {
    const res = await fetch(url, { headers: { 'X-Test': '1' } });
    return { status: res.status, ok: res.ok, type: res.headers.get('content-type'), body: await res.json() };
  } catch (e) { return { code: e.code, message: e.message }; }
});
export const json = webMethod(Permissions.Anyone, (url) => getJSON(url));
"#;
    for backend in backends() {
        for allowed in [false, true] {
            let config = tessera_http::HttpConfig {
                platform: tessera_http::PlatformConfig {
                    fetch_allow: if allowed {
                        vec![format!("127.0.0.1:{port}")]
                    } else {
                        vec![]
                    },
                    ..Default::default()
                },
                ..Default::default()
            };
            let site = Site::new(TestApp::spawn_with(backend, config).await).await;
            let (s, b) = site.push(&[("backend/net.web.js", web)]).await;
            assert_eq!(s, 201, "{b}");
            site.publish(json!({})).await;
            let method = |name: &str, url: String| {
                site.site(
                    Method::POST,
                    &format!("/_api/webmethods/backend/net.web.js/{name}"),
                )
                .json(&json!([url]))
            };
            let (_, b) = call(method("get", format!("http://127.0.0.1:{port}/hop"))).await;
            if allowed {
                assert_eq!(
                    b["result"],
                    json!({"status": 200, "ok": true, "type": "application/json", "body": {"answer": 42}})
                );
                let (_, b) = call(method("json", format!("http://127.0.0.1:{port}/data"))).await;
                assert_eq!(b["result"], json!({"answer": 42}));
                let (_, b) = call(method("get", format!("http://127.0.0.1:{port}/escape"))).await;
                assert_eq!(
                    b["result"]["code"], "FETCH_REFUSED",
                    "redirects are checked too: {b}"
                );
            } else {
                assert_eq!(b["result"]["code"], "FETCH_REFUSED", "{b}");
                let (_, b) = call(method(
                    "get",
                    "http://169.254.169.254/latest/meta-data".into(),
                ))
                .await;
                assert_eq!(b["result"]["code"], "FETCH_REFUSED", "{b}");
                let (_, b) = call(method("get", "file:///etc/passwd".into())).await;
                assert_eq!(b["result"]["code"], "FETCH_REFUSED", "{b}");
            }
        }
    }
}

#[tokio::test]
async fn secrets_are_sealed_at_rest_and_read_by_code() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let put = |name: &str, value: &str| {
            call(
                site.app
                    .req_as(
                        Method::PUT,
                        &format!("/api/v1/sites/shop/secrets/{name}"),
                        &site.owner,
                    )
                    .json(&json!({"value": value})),
            )
        };
        assert_eq!(put("stripe", "sk_test_1").await.0, 201);
        let (s, b) = put("stripe", "sk_test_2").await;
        assert_eq!((s, &b["name"]), (200, &json!("stripe")));
        assert_eq!(put("bad name", "x").await.0, 400);
        let (_, b) = call(
            site.app
                .req_as(Method::GET, "/api/v1/sites/shop/secrets", &site.owner),
        )
        .await;
        assert_eq!(b["secrets"].as_array().unwrap().len(), 1);
        assert!(
            b.to_string().find("sk_test").is_none(),
            "values are never shown: {b}"
        );
        let viewer = site
            .app
            .collaborator(&site.owner, "shop", "viewer@example.com", "viewer")
            .await;
        let (s, _) = call(
            site.app
                .req_as(Method::PUT, "/api/v1/sites/shop/secrets/x", &viewer)
                .json(&json!({"value": "v"})),
        )
        .await;
        assert_eq!(s, 403);

        let (_, info) = call(
            site.app
                .req_as(Method::GET, "/api/v1/sites/shop", &site.owner),
        )
        .await;
        let site_id = info["id"].as_str().unwrap().parse().unwrap();
        let stored = site
            .app
            .store
            .secret(site_id, "stripe")
            .await
            .unwrap()
            .unwrap();
        assert!(!stored.contains("sk_test"), "stored sealed");

        let web = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { getSecret } from 'wix-secrets-backend';
import { secrets } from '@wix/secrets';
export const read = webMethod(Permissions.Anyone, async (name) => {
  try { return { value: await getSecret(name), again: (await secrets.getSecretValue(name)).value }; }
  catch (e) { return { code: e.code }; }
});
"#;
        let (s, b) = site.push(&[("backend/keys.web.js", web)]).await;
        assert_eq!(s, 201, "{b}");
        site.publish(json!({})).await;
        let read = |name: &str| {
            call(
                site.site(Method::POST, "/_api/webmethods/backend/keys.web.js/read")
                    .json(&json!([name])),
            )
        };
        let (s, b) = read("stripe").await;
        assert_eq!(
            (s, &b["result"]),
            (200, &json!({"value": "sk_test_2", "again": "sk_test_2"})),
            "{b}"
        );
        assert_eq!(
            read("nope").await.1["result"],
            json!({"code": "SECRET_NOT_FOUND"})
        );
        let (s, _) = call(site.app.req_as(
            Method::DELETE,
            "/api/v1/sites/shop/secrets/stripe",
            &site.owner,
        ))
        .await;
        assert_eq!(s, 204);
        assert_eq!(
            read("stripe").await.1["result"],
            json!({"code": "SECRET_NOT_FOUND"})
        );
    }
}

#[tokio::test]
async fn code_logs_keep_console_lines_and_errors_per_site() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let code = r#"
import { ok } from 'wix-http-functions';
export function get_chatty(request) { console.log('hello', { n: 1 }); console.warn('careful'); return ok({ body: 'x' }); }
export function get_crash() { null.boom(); }
"#;
        site.push(&[("backend/http-functions.js", code)]).await;
        let res = site.dev("/_functions-dev/chatty").send().await.unwrap();
        let request_id = res.headers()["x-request-id"].to_str().unwrap().to_string();
        call(site.dev("/_functions-dev/crash")).await;

        let (s, b) = call(
            site.app
                .req_as(Method::GET, "/api/v1/sites/shop/logs", &site.owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let logs = b["logs"].as_array().unwrap();
        let lines: Vec<(&str, &str)> = logs
            .iter()
            .map(|l| (l["level"].as_str().unwrap(), l["source"].as_str().unwrap()))
            .collect();
        assert_eq!(
            lines,
            [
                ("log", "http-function chatty"),
                ("warn", "http-function chatty"),
                ("error", "http-function crash")
            ]
        );
        assert_eq!(logs[0]["message"], r#"hello {"n":1}"#);
        assert_eq!(logs[0]["requestId"], request_id.as_str());
        let crash = logs[2]["message"].as_str().unwrap();
        assert!(
            crash.starts_with("uncaught: ") && crash.contains("backend/http-functions.js:4"),
            "{crash}"
        );

        let after = logs[1]["id"].as_i64().unwrap();
        let (_, b) = call(site.app.req_as(
            Method::GET,
            &format!("/api/v1/sites/shop/logs?after={after}"),
            &site.owner,
        ))
        .await;
        assert_eq!(b["logs"].as_array().unwrap().len(), 1);
        // The newest entries, of one level: what a summary of the site's errors shows.
        let (_, b) = call(site.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/logs?latest=true&limit=2",
            &site.owner,
        ))
        .await;
        let levels: Vec<&str> = b["logs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["level"].as_str().unwrap())
            .collect();
        assert_eq!(levels, ["error", "warn"]);
        let (_, b) = call(site.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/logs?latest=true&level=error",
            &site.owner,
        ))
        .await;
        assert_eq!(b["logs"].as_array().unwrap().len(), 1);
        let (s, b) = call(site.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/logs?latest=true&level=fatal",
            &site.owner,
        ))
        .await;
        assert_eq!((s, b["details"]["field"].as_str()), (400, Some("level")));
        let (s, _) = call(site.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/logs?limit=5000",
            &site.owner,
        ))
        .await;
        assert_eq!(s, 400);

        // Follow: the stream sends what is there, then what comes.
        let mut res = site
            .app
            .req_as(
                Method::GET,
                &format!("/api/v1/sites/shop/logs?follow=true&after={after}"),
                &site.owner,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        let mut seen = String::new();
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut poked = false;
        while !seen.contains("careful again") {
            let chunk = tokio::time::timeout_at(deadline, res.chunk())
                .await
                .expect("events arrive")
                .unwrap()
                .unwrap();
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("uncaught") && !poked {
                poked = true;
                let again = "import { ok } from 'wix-http-functions';\nexport function get_more() { console.warn('careful again'); return ok({}); }";
                site.push(&[("backend/http-functions.js", again)]).await;
                call(site.dev("/_functions-dev/more")).await;
            }
        }
    }
}

#[tokio::test]
async fn code_pushes_and_reads_back_as_json_and_web_methods_run_from_the_api() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let push = |body: Value| {
            call(
                site.app
                    .req_as(
                        Method::PUT,
                        "/api/v1/sites/shop/code?strict=true",
                        &site.owner,
                    )
                    .json(&body),
            )
        };
        let read = |accept: &'static str| {
            call(
                site.app
                    .req_as(Method::GET, "/api/v1/sites/shop/code", &site.owner)
                    .header("accept", accept),
            )
        };
        let (s, b) = read("application/json").await;
        assert_eq!(s, 404, "no revision yet: {b}");

        let hello = "import { Permissions, webMethod } from 'wix-web-module';\n\
                     export const hello = webMethod(Permissions.Anyone, (name) => {\n\
                     console.log('greeting', name);\n  return `Hello ${name}`;\n});\n";
        let greet = "export const greet = (who) => `hi ${who}`;";
        let (s, b) =
            push(json!({"files": {"backend/hello.web.js": hello, "public/greet.js": greet}})).await;
        assert_eq!(
            (s, &b["revision"], &b["fileCount"]),
            (201, &json!(1), &json!(2)),
            "{b}"
        );

        let (s, b) = read("application/json").await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b,
            json!({"revision": 1, "files": {"backend/hello.web.js": hello, "public/greet.js": greet}})
        );
        // The tar form still answers by default, with the same files under src/.
        let res = site
            .app
            .req_as(Method::GET, "/api/v1/sites/shop/code", &site.owner)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-type"], "application/x-tar");

        // A syntax error names file, line and column; nothing is stored.
        let broken =
            "import { Permissions, webMethod } from 'wix-web-module';\nexport const x = (1 + ;\n";
        let (s, b) = push(json!({"files": {"backend/hello.web.js": broken}})).await;
        assert_eq!(
            (s, b["code"].as_str()),
            (400, Some("invalid_argument")),
            "{b}"
        );
        let errors = b["details"]["errors"].as_array().unwrap();
        assert_eq!(
            (errors[0]["file"].as_str(), errors[0]["line"].as_u64()),
            (Some("backend/hello.web.js"), Some(2)),
            "{b}"
        );
        assert!(
            b["message"]
                .as_str()
                .unwrap()
                .contains("backend/hello.web.js:2:"),
            "{b}"
        );
        let (_, b) = read("application/json").await;
        assert_eq!(b["revision"], 1, "nothing stored");
        // The archive form's path checks hold for JSON too.
        let (s, b) = push(json!({"files": {"../backend/x.js": "export {}"}})).await;
        assert_eq!(s, 400, "{b}");
        let (s, b) = push(json!({"files": {}})).await;
        assert_eq!(s, 400, "{b}");
        let (s, b) = push(json!({"files": {"backend/x.js": 1}})).await;
        assert_eq!(s, 400, "{b}");
        // Past the size limit, all files together.
        let big = "x".repeat(tessera_jsrt::MAX_CODE_BYTES / 2);
        let (s, b) =
            push(json!({"files": {"public/a.js": big, "public/b.js": big, "public/c.js": "1"}}))
                .await;
        assert_eq!((s, &b["details"]["field"]), (400, &json!("code")), "{b}");
        assert!(
            b["message"]
                .as_str()
                .unwrap()
                .contains("larger than the limit"),
            "{b}"
        );
        let (_, b) = read("application/json").await;
        assert_eq!(b["revision"], 1, "nothing stored");

        // The dashboard runs a web method of the published revision through the API.
        let run = |body: Value| {
            call(
                site.app
                    .req_as(
                        Method::POST,
                        "/api/v1/sites/shop/code/call-web-method",
                        &site.owner,
                    )
                    .json(&body),
            )
        };
        let args = json!({"file": "backend/hello.web.js", "function": "hello", "args": ["Ada"]});
        let (s, b) = run(args.clone()).await;
        assert_eq!(s, 404, "nothing published yet: {b}");
        site.publish(json!({})).await;
        let (s, b) = run(args).await;
        assert_eq!((s, b), (200, json!({"result": "Hello Ada"})));
        let (s, b) = run(json!({"file": "backend/hello.web.js", "function": "nope"})).await;
        assert_eq!(s, 404, "{b}");
        let (_, b) = call(
            site.app
                .req_as(Method::GET, "/api/v1/sites/shop/logs", &site.owner),
        )
        .await;
        let last = b["logs"].as_array().unwrap().last().cloned().unwrap();
        assert_eq!(
            (last["level"].as_str(), last["message"].as_str()),
            (Some("log"), Some("greeting Ada")),
            "{b}"
        );
        // Someone who is not a collaborator cannot run it.
        let (_, stranger) = site.app.account("stranger@example.com").await;
        let (s, _) = call(
            site.app
                .req_as(
                    Method::POST,
                    "/api/v1/sites/shop/code/call-web-method",
                    &stranger,
                )
                .json(&json!({"file": "backend/hello.web.js", "function": "hello"})),
        )
        .await;
        assert_eq!(s, 404, "not a collaborator");

        // It runs an HTTP function too, and shows its status, headers and body.
        let functions = "import { ok, badRequest } from 'wix-http-functions';\n\
            export async function post_echo(request) {\n\
              const text = await request.body.text();\n\
              return ok({ headers: { 'X-Path': request.path.join('/') }, body: `${text} ${request.query.x}` });\n\
            }\n\
            export function get_fail() { return badRequest({ body: 'no' }); }\n";
        let files = json!({"files": {"backend/hello.web.js": hello, "backend/http-functions.js": functions}});
        let (s, b) = push(files).await;
        assert_eq!(s, 201, "{b}");
        site.publish(json!({})).await;
        let http = |body: Value| {
            call(
                site.app
                    .req_as(
                        Method::POST,
                        "/api/v1/sites/shop/code/call-http-function",
                        &site.owner,
                    )
                    .json(&body),
            )
        };
        let (s, b) = http(json!({"method": "post", "path": "echo/a/b?x=1", "body": "hi"})).await;
        assert_eq!(
            (s, b["status"].as_u64(), b["body"].as_str()),
            (200, Some(200), Some("hi 1")),
            "{b}"
        );
        assert_eq!(b["headers"]["x-path"], "a/b", "{b}");
        let (s, b) = http(json!({"method": "GET", "path": "fail"})).await;
        assert_eq!(
            (s, b["status"].as_u64(), b["body"].as_str()),
            (200, Some(400), Some("no")),
            "{b}"
        );
        let (s, b) = http(json!({"method": "TRACE", "path": "echo"})).await;
        assert_eq!(s, 400, "{b}");
        assert!(b["message"].as_str().unwrap().contains("method"), "{b}");
    }
}

#[tokio::test]
async fn zip_archives_push_too_and_paths_stay_inside() {
    use std::io::Write;
    let zip = |files: &[(&str, &str)]| {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (path, text) in files {
            w.start_file(*path, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    };
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let push = |body: Vec<u8>| {
            call(
                site.app
                    .req_as(Method::PUT, "/api/v1/sites/shop/code", &site.owner)
                    .body(body),
            )
        };
        let code = "import { ok } from 'wix-http-functions';\nexport const get_z = () => ok({ body: 'zipped' });";
        let (s, b) = push(zip(&[("../src/backend/http-functions.js", code)])).await;
        assert_eq!(s, 400, "a path that climbs out is refused: {b}");
        let (s, b) = push(zip(&[
            ("src/backend/http-functions.js", code),
            ("wix.config.json", "{}"),
        ]))
        .await;
        assert_eq!((s, &b["fileCount"]), (201, &json!(1)), "{b}");
        let res = site.dev("/_functions-dev/z").send().await.unwrap();
        assert_eq!(res.text().await.unwrap(), "zipped");
        // A small archive that unpacks past the size limit is refused, and nothing changes.
        let bomb = "x".repeat(tessera_jsrt::MAX_CODE_BYTES + 1);
        let body = zip(&[("src/public/bomb.js", &bomb)]);
        assert!(body.len() < 100_000, "deflated to {} bytes", body.len());
        let (s, b) = push(body).await;
        assert_eq!(s, 400, "{b}");
        assert!(
            b["message"]
                .as_str()
                .unwrap()
                .contains("larger than the limit"),
            "{b}"
        );
        let res = site.dev("/_functions-dev/z").send().await.unwrap();
        assert_eq!(res.text().await.unwrap(), "zipped");
        let (s, b) = push(b"not an archive at all".to_vec()).await;
        assert_eq!(s, 400, "{b}");
    }
}

#[tokio::test]
async fn on_failure_hears_of_failed_hooks_and_writes() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let owner = Some(site.owner.as_str());
        call(
            site.app
                .wix(Method::POST, "/wix-data/v2/collections", "shop", owner)
                .json(&json!({"collection": {"id": "Audit"}})),
        )
        .await;
        let data_js = r#"
import wixData from 'wix-data';
export function Notes_beforeInsert(item) { if (item.n < 0) throw new Error('no negatives'); return item; }
export async function Notes_onFailure(error, context) {
  await wixData.insert('Audit', { code: error.code, message: error.message, collection: context.collectionName }, { suppressAuth: true });
}
"#;
        let (s, b) = site.push(&[("backend/data.js", data_js)]).await;
        assert_eq!(s, 201, "{b}");
        site.publish(json!({})).await;
        let data = |path: &str, body: Value| {
            call(site.app.wix(Method::POST, path, "shop", owner).json(&body))
        };
        let (s, _) = data(
            "/wix-data/v2/items",
            json!({"dataCollectionId": "Notes", "dataItem": {"id": "a", "data": {"n": -1}}}),
        )
        .await;
        assert_eq!(s, 400);
        assert_eq!(
            data(
                "/wix-data/v2/items",
                json!({"dataCollectionId": "Notes", "dataItem": {"id": "a", "data": {"n": 1}}})
            )
            .await
            .0,
            200
        );
        let (s, _) = data(
            "/wix-data/v2/items",
            json!({"dataCollectionId": "Notes", "dataItem": {"id": "a", "data": {"n": 2}}}),
        )
        .await;
        assert_eq!(s, 409);
        // Bulk calls tell it of each item that fails, as single calls do.
        let (s, b) = data(
            "/wix-data/v2/bulk/items/insert",
            json!({"dataCollectionId": "Notes", "dataItems": [
                {"id": "b", "data": {"n": 3}}, {"id": "a", "data": {"n": 4}}, {"id": "c", "data": {"n": -5}}]}),
        )
        .await;
        assert_eq!(
            (s, &b["bulkActionMetadata"]["totalFailures"]),
            (200, &json!(2)),
            "{b}"
        );
        let (s, _) = data(
            "/wix-data/v2/bulk/items/remove",
            json!({"dataCollectionId": "Notes", "dataItemIds": ["b", "missing"]}),
        )
        .await;
        assert_eq!(s, 200);
        let (_, b) = data(
            "/wix-data/v2/items/query",
            json!({"dataCollectionId": "Audit", "query": {"sort": [{"fieldName": "code"}]}}),
        )
        .await;
        let heard: Vec<(&str, &str)> = b["dataItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["data"]["code"].as_str().unwrap(),
                    i["data"]["collection"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            heard,
            [
                ("WDE0073", "Notes"),
                ("WDE0074", "Notes"),
                ("WDE0074", "Notes"),
                ("WDE0078", "Notes"),
                ("WDE0078", "Notes")
            ],
            "{b}"
        );
    }
}

#[tokio::test]
async fn before_query_and_before_count_change_the_query() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let data_js = r#"
export function Notes_beforeQuery(query, context) {
  return context.userRole === 'siteOwner' ? query.ne('hidden', true).descending('n') : query;
}
export function Notes_beforeCount(query) { return query.ne('hidden', true); }
"#;
        let (s, b) = site.push(&[("backend/data.js", data_js)]).await;
        assert_eq!(s, 201, "{b}");
        site.publish(json!({})).await;
        let owner = Some(site.owner.as_str());
        let data = |path: &str, body: Value| {
            call(site.app.wix(Method::POST, path, "shop", owner).json(&body))
        };
        for (n, hidden) in [(1, false), (2, true), (3, false)] {
            data("/wix-data/v2/items", json!({"dataCollectionId": "Notes", "dataItem": {"data": {"n": n, "hidden": hidden}}})).await;
        }
        let (s, b) = data(
            "/wix-data/v2/items/query",
            json!({"dataCollectionId": "Notes", "query": {"filter": {"n": {"$lt": 10}}}}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let ns: Vec<i64> = b["dataItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["data"]["n"].as_i64().unwrap())
            .collect();
        assert_eq!(ns, [3, 1], "the hook's filter and sort join the caller's");
        let (_, b) = data(
            "/wix-data/v2/items/count",
            json!({"dataCollectionId": "Notes"}),
        )
        .await;
        assert_eq!(b["totalCount"], 2);
    }
}

/// Velo code often fires a write and forgets it. Each such write lands (the engine lets an
/// invocation's pending work settle before its instance serves again), and no parked call
/// holds a database connection: writes on this and other sites stay fast throughout.
#[tokio::test]
async fn fire_and_forget_writes_land_without_stalling_other_writes() {
    const FAST: std::time::Duration = std::time::Duration::from_secs(5);
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let owner = Some(site.owner.as_str());
        site.app.site(&site.owner, "other").await;
        for (slug, id) in [("shop", "Things"), ("shop", "Log"), ("other", "Notes")] {
            let (s, b) = call(
                site.app
                    .wix(Method::POST, "/wix-data/v2/collections", slug, owner)
                    .json(&json!({"collection": {"id": id}})),
            )
            .await;
            assert_eq!(s, 200, "{b}");
        }
        let data_js = r#"
import wixData from 'wix-data';
export function Things_afterInsert(item) {
  wixData.insert('Log', { of: item._id, by: 'hook' }, { suppressAuth: true });
  return item;
}
"#;
        let events_js = r#"
import wixData from 'wix-data';
export function wixData_onDataItemCreated(event) {
  if (event.entity.dataCollectionId !== 'Things') return;
  wixData.insert('Log', { of: event.metadata.entityId, by: 'event' }, { suppressAuth: true });
}
"#;
        let web_js = r#"
import { Permissions, webMethod } from 'wix-web-module';
import wixData from 'wix-data';
export const fire = webMethod(Permissions.Anyone, (of) => {
  wixData.insert('Log', { of, by: 'web' }, { suppressAuth: true })
    .then(() => wixData.insert('Log', { of, by: 'then' }, { suppressAuth: true }));
  setTimeout(() => wixData.insert('Log', { of, by: 'timer' }, { suppressAuth: true }), 5);
  return 'fired';
});
"#;
        let (s, b) = site
            .push(&[
                ("backend/data.js", data_js),
                ("backend/events.js", events_js),
                ("backend/fire.web.js", web_js),
            ])
            .await;
        assert_eq!(s, 201, "{b}");
        site.publish(json!({})).await;
        let mut bus = site.app.state.events().subscribe();
        let insert = |slug: &'static str, collection: &'static str, id: &'static str| {
            let req = site
                .app
                .wix(Method::POST, "/wix-data/v2/items", slug, owner)
                .json(&json!({"dataCollectionId": collection, "dataItem": {"id": id, "data": {}}}));
            async move {
                let (s, b) = tokio::time::timeout(FAST, call(req))
                    .await
                    .unwrap_or_else(|_| panic!("inserting {id} into {slug} stalled"));
                assert_eq!(s, 200, "{b}");
            }
        };

        insert("shop", "Things", "t1").await;
        let fired = tokio::time::timeout(
            FAST,
            call(
                site.site(Method::POST, "/_api/webmethods/backend/fire.web.js/fire")
                    .json(&json!(["w1"])),
            ),
        )
        .await
        .expect("the web method answers");
        assert_eq!(fired, (200, json!({"result": "fired"})));
        // The item event of t1 (the dispatcher's work, stepped by the test).
        loop {
            let event = bus.recv().await.unwrap();
            let t1 = matches!(&event, tessera_core::events::Event::Item(e)
                if e.collection_id == "Things" && e.item_id == "t1");
            tessera_http::platform::backend_events::dispatch(&site.app.state, &event)
                .await
                .unwrap();
            if t1 {
                break;
            }
        }
        // Any write anywhere right after: none waits for a parked call.
        insert("other", "Notes", "n1").await;
        insert("shop", "Things", "t2").await;
        insert("other", "Notes", "n2").await;

        site.app.state.engine().settled().await;
        let (_, b) = call(
            site.app
                .wix(Method::POST, "/wix-data/v2/items/query", "shop", owner)
                .json(&json!({"dataCollectionId": "Log", "query": {"paging": {"limit": 100}}})),
        )
        .await;
        let mut landed: Vec<String> = b["dataItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                format!(
                    "{}:{}",
                    i["data"]["by"].as_str().unwrap(),
                    i["data"]["of"].as_str().unwrap()
                )
            })
            .collect();
        landed.sort();
        assert_eq!(
            landed,
            [
                "event:t1", "hook:t1", "hook:t2", "then:w1", "timer:w1", "web:w1"
            ],
            "{b}"
        );
    }
}

/// A repository as Wix's GitHub integration lays it out pushes unchanged: what Tessera runs
/// runs, the rest of Wix's layout is stored and reported, other files are left out, and a
/// broken file fails only the code that imports it.
#[tokio::test]
async fn a_wix_repository_pushes_whole_and_one_broken_file_fails_only_its_importers() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let jobs = r#"{ "jobs": [
          { "functionLocation": "/api.web.js", "functionName": "often", "executionConfig": { "cronExpression": "* * * * *" } },
          { "functionLocation": "/api.web.js", "functionName": "nightly", "executionConfig": { "time": "03:00" } } ] }"#;
        let repo = [
            ("wix.config.json", r#"{"siteId": "x", "uiVersion": "6"}"#),
            ("package.json", r#"{"devDependencies": {"@wix/cli": "^1"}}"#),
            ("README.md", "# my site"),
            (
                "src/backend/api.web.js",
                "import { Permissions, webMethod } from 'wix-web-module';\nexport const ping = webMethod(Permissions.Anyone, () => 'pong');\nexport function nightly() {}\nexport function often() {}",
            ),
            ("src/backend/broken.js", "export const x = (1 + ;"),
            (
                "src/backend/uses-broken.web.js",
                "import { Permissions, webMethod } from 'wix-web-module';\nimport { x } from 'backend/broken';\nexport const get = webMethod(Permissions.Anyone, () => x);",
            ),
            ("src/backend/jobs.config", jobs),
            (
                "src/pages/Home.c1dmp.js",
                "$w.onReady(function () { $w('#text1').text = 'hi'; });",
            ),
            (
                "src/lightboxes/Promo.abc12/Promo.js",
                "$w.onReady(() => {});",
            ),
            ("src/masterPage.js", "$w.onReady(() => {});"),
            (
                "src/public/browser-only.js",
                "export const el = () => document.body;\nexport const t = $w('#x');",
            ),
            ("src/styles/global.css", "body { color: red; }"),
            ("src/database/Notes.json", r#"{"id": "Notes"}"#),
            ("src/velo.dependencies.json", r#"{"lodash": "4"}"#),
            ("src/notes.txt", "not part of the layout"),
        ];
        let (s, b) = site.push(&repo).await;
        assert_eq!(s, 201, "{b}");
        let problems: Vec<(&str, &str)> = b["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["file"].as_str().unwrap(), p["message"].as_str().unwrap()))
            .collect();
        assert_eq!(problems.len(), 2, "{b}");
        assert!(
            problems[0].0 == "backend/jobs.config" && problems[0].1.contains("job 1:"),
            "{b}"
        );
        assert!(
            problems.iter().any(|(f, _)| *f == "backend/broken.js"),
            "{b}"
        );
        assert_eq!(
            b["storedNotRun"],
            json!([
                "database/Notes.json",
                "styles/global.css",
                "velo.dependencies.json"
            ]),
            "{b}"
        );
        assert_eq!(b["leftOut"], json!(["notes.txt"]), "{b}");
        // The revision keeps the layout's files; the repository's own files stay home.
        let (_, files) = call(
            site.app
                .req_as(Method::GET, "/api/v1/sites/shop/code", &site.owner)
                .header("accept", "application/json"),
        )
        .await;
        assert!(files["files"]["pages/Home.c1dmp.js"].is_string(), "{files}");
        assert!(files["files"]["wix.config.json"].is_null(), "{files}");

        site.publish(json!({})).await;
        let web = |path: &str| call(site.site(Method::POST, path).json(&json!([])));
        assert_eq!(
            web("/_api/webmethods/backend/api.web.js/ping").await,
            (200, json!({"result": "pong"}))
        );
        let (s, b) = web("/_api/webmethods/backend/uses-broken.web.js/get").await;
        assert_eq!(s, 500, "{b}");
        assert!(
            b["message"].as_str().unwrap().contains("SyntaxError"),
            "{b}"
        );
        // The good job runs; the one that runs too often is skipped.
        let (_, b) = call(
            site.app
                .req_as(Method::GET, "/api/v1/sites/shop/jobs", &site.owner),
        )
        .await;
        let jobs: Vec<&str> = b["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["function"].as_str().unwrap())
            .collect();
        assert_eq!(jobs, ["nightly"], "{b}");

        // With strict, the same push is refused whole.
        let (s, b) = site.push_strict(&repo).await;
        assert_eq!(s, 400, "{b}");
        assert_eq!(b["details"]["errors"].as_array().unwrap().len(), 2, "{b}");
    }
}

/// `aggregate()` groups, computes, filters groups, sorts and pages through the data API with
/// the caller's rights; `patch()` changes single fields; `sort()` builds a dataset sort; an
/// unknown function is named in the error.
#[tokio::test]
async fn wix_data_aggregates_patches_and_names_missing_functions() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let web = r#"
import { Permissions, webMethod } from 'wix-web-module';
import wixData from 'wix-data';
import { items } from '@wix/data';
const sudo = { suppressAuth: true };
export const seed = webMethod(Permissions.Anyone, async () => {
  const rows = [['NY', 2000, 292], ['NY', 2010, 261], ['CA', 2000, 3703], ['CA', 2010, 3796], ['FL', 2010, 401]];
  await wixData.bulkInsert('Notes', rows.map(([state, year, n]) => ({ state, year, n })), sudo);
});
export const byState = webMethod(Permissions.Anyone, async () => {
  const r = await wixData.aggregate('Notes').group('state').sum('n').max('n', 'biggest').count()
    .having(wixData.filter().gt('count', 1)).descending('nSum').limit(1).run(sudo);
  const rest = await r.next();
  return { items: r.items, length: r.length, more: r.hasNext(), next: rest.items, after: rest.hasNext() };
});
export const whole = webMethod(Permissions.Anyone, async () => {
  const r = await items.aggregate('Notes').filter(wixData.filter().eq('year', 2010)).avg('n').min('n').run(sudo);
  const two = await wixData.aggregate('Notes').group('state', 'year').count().ascending('state', 'year').limit(2).run(sudo);
  return { whole: r.items, two: two.items };
});
export const denied = webMethod(Permissions.Anyone, async () => {
  try { await wixData.aggregate('Notes').count().run(); return 'ran'; } catch (e) { return e.code; }
});
export const patched = webMethod(Permissions.Anyone, async () => {
  const item = await wixData.insert('Notes', { n: 1, tags: ['a'], gone: 'x' }, sudo);
  const p = await wixData.patch('Notes', item._id).incrementField('n', 2).appendToArray('tags', 'b')
    .removeField('gone').setField('when', new Date('2024-05-06T00:00:00Z')).run(sudo);
  let refused;
  try { await wixData.patch('Notes', item._id).setField('n', 9).run({ ...sudo, condition: wixData.filter().eq('n', 1) }); }
  catch (e) { refused = e.code; }
  return { n: p.n, tags: p.tags, gone: 'gone' in p, when: p.when instanceof Date, refused };
});
export const bulk = webMethod(Permissions.Anyone, async () => {
  const a = await wixData.insert('Notes', { n: 1 }, sudo);
  const b = await wixData.insert('Notes', { n: 5 }, sudo);
  const r = await items.bulkPatch('Notes', [a._id, b._id, 'missing']).incrementField('n', 10)
    .run({ ...sudo, condition: wixData.filter().lt('n', 3) });
  const after = [(await wixData.get('Notes', a._id, sudo)).n, (await wixData.get('Notes', b._id, sudo)).n];
  let bad;
  try { wixData.bulkPatch('Notes', 'x'); } catch (e) { bad = e.message; }
  return { updated: r.updated, ids: r.updatedItemIds.length, errors: r.errors.map((e) => e.code), after, bad };
});
export const misc = webMethod(Permissions.Anyone, async () => {
  const sort = wixData.sort().ascending('a').descending('b', 'c');
  const errors = [];
  for (const f of [() => wixData.noSuchThing(1), () => wixData.aggregate('Notes').sum(''), () => wixData.aggregate('Notes').having({}),
                   () => wixData.patch('Notes', '').setField('a', 1), () => wixData.aggregate('Notes').group('a').group('b')]) {
    try { f(); errors.push(null); } catch (e) { errors.push(`${e.name}: ${e.message}`); }
  }
  return { sort: JSON.parse(JSON.stringify(sort)), errors, then: wixData.then === undefined };
});
"#;
        let (s, b) = site.push(&[("backend/agg.web.js", web)]).await;
        assert_eq!(s, 201, "{b}");
        site.publish(json!({})).await;
        let run = |name: &str| {
            call(
                site.site(
                    Method::POST,
                    &format!("/_api/webmethods/backend/agg.web.js/{name}"),
                )
                .json(&json!([])),
            )
        };
        assert_eq!(run("seed").await.0, 200);
        let (s, b) = run("byState").await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["result"],
            json!({
                "items": [{"_id": "CA", "state": "CA", "nSum": 7499, "biggest": 3796, "count": 2}],
                "length": 1, "more": true,
                "next": [{"_id": "NY", "state": "NY", "nSum": 553, "biggest": 292, "count": 2}],
                "after": false,
            }),
            "FL has one row and is left out by having()"
        );
        let (s, b) = run("whole").await;
        assert_eq!(s, 200, "{b}");
        let whole = &b["result"]["whole"][0];
        assert_eq!(
            (whole["nAvg"].as_f64(), &whole["nMin"]),
            (Some((261.0 + 3796.0 + 401.0) / 3.0), &json!(261)),
            "{b}"
        );
        assert_eq!(
            b["result"]["two"],
            json!([
                {"_id": {"state": "CA", "year": 2000}, "state": "CA", "year": 2000, "count": 1},
                {"_id": {"state": "CA", "year": 2010}, "state": "CA", "year": 2010, "count": 1},
            ])
        );
        let (_, b) = run("denied").await;
        assert_eq!(
            b["result"], "WDE0027",
            "a visitor may not read Notes, so nor aggregate them"
        );
        let (s, b) = run("patched").await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["result"],
            json!({"n": 3, "tags": ["a", "b"], "gone": false, "when": true, "refused": "WDE0123"})
        );
        let (s, b) = run("bulk").await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["result"],
            json!({"updated": 1, "ids": 1, "errors": ["WDE0123", "WDE0073"], "after": [11, 5],
                "bad": "bulkPatch: the item ids must be an array of non-empty strings"}),
            "each item is patched when it matches the condition"
        );
        let (s, b) = run("misc").await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["result"],
            json!({
                "sort": [{"fieldName": "a", "order": "ASC"}, {"fieldName": "b", "order": "DESC"}, {"fieldName": "c", "order": "DESC"}],
                "errors": [
                    "TypeError: wix-data has no function noSuchThing",
                    "TypeError: sum: a field name must be a non-empty string",
                    "TypeError: having: pass a filter made with wixData.filter()",
                    "TypeError: patch: the item id must be a non-empty string",
                    "Error: group: an aggregation is grouped only once",
                ],
                "then": true,
            })
        );
    }
}

/// Data calls inside wix-auth's `elevate` run with full rights, like `suppressAuth`; the same
/// calls outside it keep the caller's.
#[tokio::test]
async fn elevate_lifts_collection_permissions_for_the_wrapped_call() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let http = r#"
import { ok } from 'wix-http-functions';
import { elevate } from 'wix-auth';
import wixData from 'wix-data';
const count = () => wixData.query('Notes').count();
const attempt = async (f) => { try { return await f(); } catch (e) { return e.code; } };
export async function get_count() {
  await wixData.insert('Notes', { n: 1 }, { suppressAuth: true });
  const plain = await attempt(count);
  const elevated = await attempt(elevate(count));
  const first = await elevate(() => wixData.query('Notes').find())();
  const removed = await attempt(async () => (await elevate(wixData.remove)('Notes', first.items[0]._id)).n);
  return ok({ body: { plain, elevated, removed } });
}
"#;
        let (s, b) = site.push(&[("backend/http-functions.js", http)]).await;
        assert_eq!(s, 201, "{b}");
        site.publish(json!({})).await;
        let (s, b) = call(site.site(Method::GET, "/_functions/count")).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b,
            json!({"plain": "WDE0027", "elevated": 1, "removed": 1}),
            "a visitor may not read Notes (nor remove them) but elevated code may"
        );
    }
}

/// wix-secrets-backend.v2 (and @wix/secrets): code creates, renames, changes, lists and
/// deletes the site's secrets, sealed like the dashboard's and visible to it.
#[tokio::test]
async fn secrets_v2_lets_code_manage_the_sites_secrets() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let web = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { secrets } from 'wix-secrets-backend.v2';
import { secrets as sdk } from '@wix/secrets';
import { getSecret } from 'wix-secrets-backend';
const attempt = async (f) => { try { return await f(); } catch (e) { return e.code ?? `${e.name}: ${e.message}`; } };
export const create = webMethod(Permissions.Anyone, async () => {
  const { _id } = await secrets.createSecret({ name: 'stripe', value: 'sk_1', description: 'Stripe key' });
  return {
    id: _id,
    value: (await sdk.getSecretValue('stripe')).value,
    again: await attempt(() => secrets.createSecret({ name: 'stripe', value: 'x' })),
    badName: await attempt(() => secrets.createSecret({ name: 'bad name', value: 'x' })),
    noValue: await attempt(() => secrets.createSecret({ name: 'x' })),
    noId: await attempt(() => secrets.updateSecret('nope', { value: 'x' })),
  };
});
export const change = webMethod(Permissions.Anyone, async (id) => {
  await secrets.updateSecret(id, { name: 'payments' });
  const renamed = { value: await getSecret('payments'), old: await attempt(() => getSecret('stripe')) };
  await secrets.updateSecret(id, { value: 'sk_2', description: 'Payments' });
  return { renamed, value: await getSecret('payments'), list: await secrets.listSecretInfo() };
});
export const drop = webMethod(Permissions.Anyone, async (id) => {
  await secrets.deleteSecret(id);
  return { list: await secrets.listSecretInfo(), again: await attempt(() => secrets.deleteSecret(id)) };
});
"#;
        let (s, b) = site.push(&[("backend/keys.web.js", web)]).await;
        assert_eq!(s, 201, "{b}");
        site.publish(json!({})).await;
        let run = |name: &str, args: Value| {
            call(
                site.site(
                    Method::POST,
                    &format!("/_api/webmethods/backend/keys.web.js/{name}"),
                )
                .json(&args),
            )
        };
        let (s, b) = run("create", json!([])).await;
        assert_eq!(s, 200, "{b}");
        let r = &b["result"];
        let id = r["id"].as_str().unwrap().to_string();
        assert_eq!(
            (
                &r["value"],
                &r["again"],
                &r["badName"],
                &r["noValue"],
                &r["noId"]
            ),
            (
                &json!("sk_1"),
                &json!("CONFLICT"),
                &json!("INVALID_ARGUMENT"),
                &json!("TypeError: createSecret: secret.value must be a non-empty string"),
                &json!("SECRET_NOT_FOUND"),
            ),
            "{b}"
        );
        let (_, listed) = call(site.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/secrets",
            &site.owner,
        ))
        .await;
        assert_eq!(
            (
                &listed["secrets"][0]["id"],
                &listed["secrets"][0]["description"]
            ),
            (&json!(id), &json!("Stripe key")),
            "the dashboard sees what code made: {listed}"
        );

        let (s, b) = run("change", json!([id])).await;
        assert_eq!(s, 200, "{b}");
        let r = &b["result"];
        assert_eq!(
            r["renamed"],
            json!({"value": "sk_1", "old": "SECRET_NOT_FOUND"}),
            "a rename keeps the value under the new name only"
        );
        assert_eq!(r["value"], "sk_2");
        let info = &r["list"]["secrets"][0];
        assert_eq!(
            (
                &info["_id"],
                &info["name"],
                &info["description"],
                info.get("value")
            ),
            (&json!(id), &json!("payments"), &json!("Payments"), None)
        );
        assert!(info["_createdDate"].is_string() && info["_updatedDate"].is_string());

        let (_, site_info) = call(
            site.app
                .req_as(Method::GET, "/api/v1/sites/shop", &site.owner),
        )
        .await;
        let site_id = site_info["id"].as_str().unwrap().parse().unwrap();
        let stored = site
            .app
            .store
            .secret(site_id, "payments")
            .await
            .unwrap()
            .unwrap();
        assert!(!stored.contains("sk_2"), "stored sealed");

        let (s, b) = run("drop", json!([id])).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["result"],
            json!({"list": {"secrets": []}, "again": "SECRET_NOT_FOUND"})
        );
    }
}

/// A Wix repository's collection schemas (`src/database/*.json`, the corvid dump): a push
/// creates the collections the site lacks, with their fields and permissions mapped from the
/// role objects; an existing collection is reported with how it differs and left as it is;
/// an app's collection is skipped; a broken file is reported.
#[tokio::test]
async fn database_schemas_create_missing_collections_and_report_the_rest() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let tasks = r#"{"id": "Tasks", "displayName": "Tasks", "displayField": "title", "storage": "docstore",
          "permissions": {"anonymous": {"read": true}, "siteMember": {"read": true, "insert": true},
                          "dataOwner": {"read": true, "update": true, "remove": true},
                          "siteOwner": {"read": true, "insert": true, "update": true, "remove": true}},
          "fields": {"_id": {"type": "text", "systemField": true, "index": 0},
                     "title": {"displayName": "Title", "type": "text", "index": 1},
                     "done": {"displayName": "Done", "type": "boolean", "index": 2},
                     "due": {"displayName": "Due", "type": "datetime", "index": 3}}}"#;
        let notes = r#"{"id": "Notes", "permissions": {}, "fields": {"n": {"type": "text"}, "extra": {"type": "number"}}}"#;
        let app = r#"{"id": "Billing/Invoices", "ownerAppId": "13ee94c1", "permissions": {"read": "anyone"}, "fields": {}}"#;
        let files = [
            ("src/database/Tasks.json", tasks),
            ("src/database/Notes.json", notes),
            ("src/database/Billing/Invoices.json", app),
            ("src/database/Broken.json", "{"),
        ];
        let (s, b) = site.push(&files).await;
        assert_eq!(s, 201, "{b}");
        let outcomes: Vec<(&str, &str)> = b["collections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["file"].as_str().unwrap(), c["outcome"].as_str().unwrap()))
            .collect();
        assert_eq!(
            outcomes,
            [
                ("database/Billing/Invoices.json", "SKIPPED"),
                ("database/Broken.json", "INVALID"),
                ("database/Notes.json", "DIFFERENT"),
                ("database/Tasks.json", "CREATED"),
            ],
            "{b}"
        );
        let notes_report = b["collections"][2]["notes"].to_string();
        assert!(
            notes_report.contains("field n is NUMBER on the site, TEXT in the file")
                && notes_report.contains("field extra (NUMBER) is not in the site's collection")
                && notes_report.contains("permissions are"),
            "{notes_report}"
        );
        let (_, c) = call(site.app.wix(
            Method::GET,
            "/wix-data/v2/collections/Tasks",
            "shop",
            Some(&site.owner),
        ))
        .await;
        let fields: Vec<(&str, &str)> = c["collection"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| !f["key"].as_str().unwrap().starts_with('_'))
            .map(|f| (f["key"].as_str().unwrap(), f["type"].as_str().unwrap()))
            .collect();
        assert_eq!(
            fields,
            [("title", "TEXT"), ("done", "BOOLEAN"), ("due", "DATETIME")],
            "{c}"
        );
        assert_eq!(
            c["collection"]["permissions"],
            json!({"read": "ANYONE", "insert": "SITE_MEMBER", "update": "SITE_MEMBER_AUTHOR", "remove": "SITE_MEMBER_AUTHOR"}),
            "{c}"
        );
        // Notes keeps its field and its items' type; a second push finds Tasks the same.
        let (_, n) = call(site.app.wix(
            Method::GET,
            "/wix-data/v2/collections/Notes",
            "shop",
            Some(&site.owner),
        ))
        .await;
        assert!(
            n.to_string().contains(r#""key":"n","type":"NUMBER""#)
                || n["collection"]["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["key"] == "n" && f["type"] == "NUMBER"),
            "{n}"
        );
        let (_, b) = site.push(&files).await;
        assert_eq!(b["collections"][3]["outcome"], "SAME", "{b}");
    }
}
