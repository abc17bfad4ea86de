//! The engine against small Velo-style sites: entry points, permissions, quotas, isolation.
//! The host here answers `data` calls from a table; the real data API is exercised through
//! the HTTP tests.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use async_trait::async_trait;
use serde_json::{Value, json};
use tessera_jsrt::{
    CallerRole, Engine, Host, HostError, HttpRequest, Limits, RunError, SiteCode, check,
};

/// Records every call and answers `items/query` with one item.
#[derive(Default)]
struct RecordingHost {
    calls: Mutex<Vec<Value>>,
}

#[async_trait]
impl Host for RecordingHost {
    async fn call(&self, op: &str, payload: Value) -> Result<Value, HostError> {
        self.calls
            .lock()
            .unwrap()
            .push(json!({"op": op, "payload": payload}));
        match payload["path"].as_str() {
            Some("items/query") => Ok(json!({"dataItems": [{"data": {"_id": "a", "title": "Dune",
                "_createdDate": {"$date": "2024-01-02T03:04:05.000Z"}}}],
                "pagingMetadata": {"count": 1, "total": 1, "hasNext": false}})),
            _ => Err(HostError {
                code: "WDE0073".into(),
                message: "not found".into(),
                details: None,
            }),
        }
    }
}

fn site(files: &[(&str, &str)]) -> Arc<SiteCode> {
    Arc::new(SiteCode {
        revision: 1,
        files: Arc::new(
            files
                .iter()
                .map(|(p, s)| (p.to_string(), s.to_string()))
                .collect::<BTreeMap<_, _>>(),
        ),
    })
}

fn request(method: &str, function: &str, path: &[&str], body: &str) -> HttpRequest {
    HttpRequest {
        base_url: "http://demo.localhost/_functions".into(),
        path: path.iter().map(|s| s.to_string()).collect(),
        query: [("q".to_string(), "1".to_string())].into(),
        headers: [("x-test".to_string(), "yes".to_string())].into(),
        method: method.into(),
        url: format!("http://demo.localhost/_functions/{function}"),
        function_name: function.into(),
        ip: "127.0.0.1".into(),
        body: body.as_bytes().to_vec(),
    }
}

fn host() -> Arc<RecordingHost> {
    Arc::new(RecordingHost::default())
}

const HTTP: &str = r#"
import { ok, created, response } from 'wix-http-functions';
import { shout } from 'backend/util';
export function get_hello(request) {
  console.log('hello', request.path, { q: request.query.q });
  return ok({ body: { words: request.path.map(shout), header: request.headers['x-test'], method: request.method } });
}
export async function post_echo(request) {
  const body = await request.body.json();
  return created({ headers: { 'X-Echo': 'yes' }, body });
}
export async function put_bytes(request) {
  const b = await request.body.buffer();
  return ok({ body: new Uint8Array([9, ...b, 255]).subarray(1) });
}
export function use_any(request) { return response({ status: 418, body: 'teapot ' + request.method }); }
export function get_loop() { while (true) {} }
export function get_bomb() { let s = 'x'.repeat(1024 * 1024); const a = []; while (true) { s = s + s; a.push(s); } }
export function get_deep() { const f = (n) => f(n + 1) + 1; return ok({ body: f(0) }); }
export function get_throws() { throw new TypeError('bad thing'); }
export function get_pollute() { Object.prototype.polluted = 'yes'; return ok({ body: 'done' }); }
export function get_polluted() { return ok({ body: { polluted: ({}).polluted ?? null } }); }
export function get_whole(request) {
  let assigned = 'no error';
  try { request.method = 'PATCH'; } catch (e) { assigned = e.name; }
  return ok({ body: { request: JSON.parse(JSON.stringify(request)), assigned, method: request.method } });
}
export function get_badstatus() { const r = ok(); r.status = 'teapot'; return r; }
"#;

#[tokio::test]
async fn http_functions_dispatch_and_answer() {
    let engine = Engine::new(Limits::default());
    let code = site(&[
        ("backend/http-functions.js", HTTP),
        (
            "backend/util.js",
            "export const shout = (s) => s.toUpperCase();",
        ),
    ]);
    let out = engine
        .http_function(
            "s1",
            &code,
            host(),
            request("GET", "hello", &["a", "b"], ""),
        )
        .await;
    let res = out.result.unwrap();
    assert_eq!(res.status, 200);
    assert!(
        res.headers
            .contains(&("Content-Type".into(), "application/json".into()))
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&res.body).unwrap(),
        json!({"words": ["A", "B"], "header": "yes", "method": "GET"})
    );
    assert_eq!(out.logs[0].message, r#"hello ["a","b"] {"q":"1"}"#);

    let res = engine
        .http_function(
            "s1",
            &code,
            host(),
            request("POST", "echo", &[], r#"{"x":[1,"é"]}"#),
        )
        .await
        .result
        .unwrap();
    assert_eq!(
        (
            res.status,
            serde_json::from_slice::<Value>(&res.body).unwrap()
        ),
        (201, json!({"x": [1, "é"]}))
    );
    assert!(res.headers.contains(&("X-Echo".into(), "yes".into())));

    let mut put = request("PUT", "bytes", &[], "");
    put.body = vec![0, 1, 200];
    let res = engine
        .http_function("s1", &code, host(), put)
        .await
        .result
        .unwrap();
    assert_eq!(
        res.body,
        [0, 1, 200, 255],
        "bytes both ways, from a subarray"
    );

    let res = engine
        .http_function("s1", &code, host(), request("DELETE", "any", &[], ""))
        .await
        .result
        .unwrap();
    assert_eq!(
        (res.status, String::from_utf8(res.body).unwrap()),
        (418, "teapot DELETE".to_string())
    );

    let res = engine
        .http_function("s1", &code, host(), request("GET", "whole", &["p"], ""))
        .await
        .result
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&res.body).unwrap(),
        json!({
            "request": {
                "baseUrl": "http://demo.localhost/_functions", "path": ["p"], "query": {"q": "1"},
                "headers": {"x-test": "yes"}, "method": "GET",
                "url": "http://demo.localhost/_functions/whole", "functionName": "whole",
                "ip": "127.0.0.1"
            },
            "assigned": "TypeError",
            "method": "GET"
        }),
        "the request serializes whole and is read-only"
    );
    let err = engine
        .http_function("s1", &code, host(), request("GET", "badstatus", &[], ""))
        .await
        .result
        .unwrap_err();
    assert_eq!(
        err,
        RunError::Thrown {
            message: "response status (not a number) is not an HTTP status".into(),
            stack: None
        }
    );
    let err = engine
        .http_function("s1", &code, host(), request("GET", "nope", &[], ""))
        .await
        .result
        .unwrap_err();
    assert!(matches!(err, RunError::NotFound(_)), "{err:?}");
    let err = engine
        .http_function("s1", &code, host(), request("GET", "throws", &[], ""))
        .await
        .result
        .unwrap_err();
    match err {
        RunError::Thrown { message, stack } => {
            assert_eq!(message, "bad thing");
            assert!(
                stack.unwrap().contains("backend/http-functions.js:20"),
                "the stack names the user's file and line"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn quotas_end_the_invocation_and_the_pool_stays_healthy() {
    // The CPU quota is measured on the clock, so it leaves room for other tests' load.
    let engine = Engine::new(Limits {
        cpu: Duration::from_millis(1000),
        memory_bytes: 32 * 1024 * 1024,
        ..Limits::default()
    });
    let code = site(&[
        ("backend/http-functions.js", HTTP),
        ("backend/util.js", "export const shout = (s) => s;"),
    ]);
    let started = std::time::Instant::now();
    let err = engine
        .http_function("s1", &code, host(), request("GET", "loop", &[], ""))
        .await
        .result
        .unwrap_err();
    assert_eq!(
        err,
        RunError::Quota("CPU quota of 1000 ms exceeded in backend/http-functions.js".into())
    );
    assert!(started.elapsed() < Duration::from_secs(4));
    let err = engine
        .http_function("s1", &code, host(), request("GET", "bomb", &[], ""))
        .await
        .result
        .unwrap_err();
    assert_eq!(
        err,
        RunError::Quota("memory quota of 32 MB exceeded in backend/http-functions.js".into())
    );
    let err = engine
        .http_function("s1", &code, host(), request("GET", "deep", &[], ""))
        .await
        .result
        .unwrap_err();
    assert_eq!(
        err,
        RunError::Quota("stack overflow in backend/http-functions.js".into())
    );
    let res = engine
        .http_function("s1", &code, host(), request("GET", "hello", &["x"], ""))
        .await
        .result
        .unwrap();
    assert_eq!(res.status, 200, "a fresh instance serves the next call");
}

#[tokio::test]
async fn sites_do_not_share_globals() {
    let engine = Engine::new(Limits::default());
    let code = site(&[
        ("backend/http-functions.js", HTTP),
        ("backend/util.js", "export const shout = (s) => s;"),
    ]);
    let other = Arc::new(SiteCode {
        revision: 7,
        ..(*code).clone()
    });
    engine
        .http_function("s1", &code, host(), request("GET", "pollute", &[], ""))
        .await
        .result
        .unwrap();
    let res = engine
        .http_function("s2", &other, host(), request("GET", "polluted", &[], ""))
        .await
        .result
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&res.body).unwrap(),
        json!({"polluted": null})
    );
}

const WEB: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import wixData from 'wix-data';
export const add = webMethod(Permissions.Anyone, (a, b) => a + b);
export const mine = webMethod(Permissions.SiteMember, () => 'member stuff');
export const admin = webMethod(Permissions.Admin, () => 'admin stuff');
export const plain = (a) => a;
export const books = webMethod(Permissions.Anyone, async () => {
  const r = await wixData.query('Books').eq('title', 'Dune').descending('year').limit(5).find({ suppressAuth: true });
  return { n: r.items.length, total: r.totalCount, title: r.items[0].title, isDate: r.items[0]._createdDate instanceof Date, next: r.hasNext() };
});
export const missing = webMethod(Permissions.Anyone, () => wixData.get('Books', 'zzz'));
"#;

#[tokio::test]
async fn web_methods_check_permissions_and_reach_the_host() {
    let engine = Engine::new(Limits::default());
    let code = site(&[("backend/api.web.js", WEB)]);
    let call = |name: &'static str, args: Vec<Value>, role| {
        let (engine, code) = (&engine, &code);
        async move {
            engine
                .web_method(
                    "s1",
                    code,
                    host(),
                    ("backend/api.web.js", name),
                    &args,
                    role,
                )
                .await
                .result
        }
    };
    assert_eq!(
        call("add", vec![json!(2), json!(3)], CallerRole::Anonymous).await,
        Ok(json!(5))
    );
    assert!(matches!(
        call("mine", vec![], CallerRole::Anonymous).await,
        Err(RunError::Forbidden(_))
    ));
    assert_eq!(
        call("mine", vec![], CallerRole::Member).await,
        Ok(json!("member stuff"))
    );
    assert!(matches!(
        call("admin", vec![], CallerRole::Member).await,
        Err(RunError::Forbidden(_))
    ));
    assert_eq!(
        call("admin", vec![], CallerRole::Admin).await,
        Ok(json!("admin stuff"))
    );
    assert!(
        matches!(
            call("plain", vec![], CallerRole::Admin).await,
            Err(RunError::NotFound(_))
        ),
        "only webMethod() exports are callable"
    );
    assert!(matches!(
        call("nothing", vec![], CallerRole::Admin).await,
        Err(RunError::NotFound(_))
    ));
    assert_eq!(
        call("missing", vec![], CallerRole::Anonymous).await,
        Ok(Value::Null),
        "get() of a missing item is null"
    );

    let h = host();
    let out = engine
        .web_method(
            "s1",
            &code,
            h.clone(),
            ("backend/api.web.js", "books"),
            &[],
            CallerRole::Anonymous,
        )
        .await;
    assert_eq!(
        out.result,
        Ok(json!({"n": 1, "total": 1, "title": "Dune", "isDate": true, "next": false}))
    );
    let calls = h.calls.lock().unwrap();
    assert_eq!(
        calls[0],
        json!({"op": "data", "payload": {"method": "POST", "path": "items/query", "suppressAuth": true, "suppressHooks": false,
        "body": {"dataCollectionId": "Books", "query": {"filter": {"title": {"$eq": "Dune"}}, "sort": [{"fieldName": "year", "order": "DESC"}],
        "paging": {"limit": 5, "offset": 0}, "fields": []}, "returnTotalCount": true, "includeReferences": []}}})
    );
}

#[tokio::test]
async fn jsw_modules_follow_permissions_json() {
    let engine = Engine::new(Limits::default());
    let perms = r#"{"web-methods": {"*": {"*": {"siteOwner": {"invoke": true}, "siteMember": {"invoke": true}, "anonymous": {"invoke": true}}},
        "backend/users.jsw": {"wipe": {"siteOwner": {"invoke": true}, "siteMember": {"invoke": false}, "anonymous": {"invoke": false}}}}}"#;
    let code = site(&[
        (
            "backend/users.jsw",
            "export function hi() { return 'hi'; }\nexport function wipe() { return 'wiped'; }",
        ),
        ("backend/permissions.json", perms),
    ]);
    let call = |name: &'static str, role| {
        let (engine, code) = (&engine, &code);
        async move {
            engine
                .web_method("s1", code, host(), ("backend/users.jsw", name), &[], role)
                .await
                .result
        }
    };
    assert_eq!(call("hi", CallerRole::Anonymous).await, Ok(json!("hi")));
    assert!(matches!(
        call("wipe", CallerRole::Member).await,
        Err(RunError::Forbidden(_))
    ));
    assert_eq!(call("wipe", CallerRole::Admin).await, Ok(json!("wiped")));
}

#[tokio::test]
async fn check_reports_syntax_and_import_errors_with_positions() {
    let code = site(&[
        (
            "backend/ok.js",
            "import wixData from 'wix-data';\nexport const f = () => wixData;",
        ),
        (
            "backend/broken.js",
            "export function f() {\n  return (1 + ;\n}",
        ),
        (
            "backend/imports.js",
            "import { x } from 'backend/nowhere';\nexport const y = x;",
        ),
        (
            "backend/sneaky.js",
            "import vm from 'vm';\nexport default vm;",
        ),
        (
            "backend/door.js",
            "import { call } from 'tessera:host';\nexport default call;",
        ),
    ]);
    let errors: Vec<String> = check(&code).await.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    // At the unexpected `;`, not at the start of the expression.
    assert!(
        errors[0].starts_with("backend/broken.js:2:15 "),
        "{errors:#?}"
    );
    assert!(errors[0].contains("SyntaxError"), "{errors:#?}");
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("backend/door.js") && e.contains("internal")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("backend/imports.js") && e.contains("backend/nowhere")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("backend/sneaky.js")
                && e.contains("not available in the sandbox")),
        "{errors:#?}"
    );
    let bad_path = site(&[("../etc/x.js", "")]);
    assert_eq!(
        check(&bad_path).await[0].message,
        "is not a valid file path"
    );
    // public/ code counts where backend code imports it; the rest may be for the browser.
    let public = site(&[
        (
            "public/browser.js",
            "$w.onReady(() => document.title);
export const x = $w('#a');",
        ),
        ("public/broken.js", "export const y = (;"),
        (
            "backend/uses.js",
            "import { y } from 'public/broken';
export default y;",
        ),
    ]);
    let errors = check(&public).await;
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, "public/broken.js", "{errors:#?}");
}

#[tokio::test]
async fn npm_packages_load_as_commonjs_and_es_modules() {
    let engine = Engine::new(Limits::default());
    let code = site(&[
        (
            "backend/api.web.js",
            r#"
import { Permissions, webMethod } from 'wix-web-module';
import _ from 'lodash';
import { chunk } from 'lodash';
import { v4, NIL } from 'uuid';
import cfg from './config.json';
export const use = webMethod(Permissions.Anyone, () => ({
  chunks: chunk([1, 2, 3], 2), same: _.chunk === chunk, nil: NIL, v4: typeof v4(), name: cfg.name,
}));
export const fs = webMethod(Permissions.Anyone, () => _.tryFs());
"#,
        ),
        ("backend/config.json", r#"{"name": "demo"}"#),
        (
            "node_modules/lodash/package.json",
            r#"{"name": "lodash", "main": "lodash.js"}"#,
        ),
        (
            "node_modules/lodash/lodash.js",
            r#"
var helpers = require('./internal/helpers');
function chunk(a, n) { return helpers.chunk(a, n); }
module.exports = { chunk: chunk, tryFs: function () { return require('vm'); } };
"#,
        ),
        (
            "node_modules/lodash/internal/helpers.js",
            r#"
exports.chunk = function (a, n) { var out = []; for (var i = 0; i < a.length; i += n) out.push(a.slice(i, i + n)); return out; };
"#,
        ),
        (
            "node_modules/uuid/package.json",
            r#"{"name": "uuid", "exports": {".": {"import": "./esm/index.js", "require": "./cjs/index.js"}}}"#,
        ),
        (
            "node_modules/uuid/esm/package.json",
            r#"{"type": "module"}"#,
        ),
        (
            "node_modules/uuid/esm/index.js",
            "export const NIL = '00000000-0000-0000-0000-000000000000';\nexport function v4() { return 'x'; }",
        ),
    ]);
    assert_eq!(check(&code).await, vec![], "packages resolve at push");
    let out = engine
        .web_method(
            "s1",
            &code,
            host(),
            ("backend/api.web.js", "use"),
            &[],
            CallerRole::Anonymous,
        )
        .await;
    assert_eq!(
        out.result,
        Ok(
            json!({"chunks": [[1, 2], [3]], "same": true, "nil": "00000000-0000-0000-0000-000000000000", "v4": "string", "name": "demo"})
        )
    );
    let out = engine
        .web_method(
            "s1",
            &code,
            host(),
            ("backend/api.web.js", "fs"),
            &[],
            CallerRole::Anonymous,
        )
        .await;
    match out.result {
        Err(RunError::Thrown { message, .. }) => assert!(
            message.contains("module 'vm' is not available in the sandbox"),
            "{message}"
        ),
        other => panic!("{other:?}"),
    }
    let missing = site(&[(
        "backend/a.js",
        "import x from 'left-pad';\nexport default x;",
    )]);
    let errors = check(&missing).await;
    assert!(
        errors[0]
            .message
            .contains("package 'left-pad' is not installed"),
        "{errors:?}"
    );
}

/// Velo's and Node's ways of naming and loading modules that real sites use: extensionless
/// web modules, require() in site files, CommonJS site files, `global` and `process`.
#[tokio::test]
async fn site_modules_resolve_and_load_as_velo_and_node_do() {
    let engine = Engine::new(Limits::default());
    let code = site(&[
        (
            "backend/api.web.js",
            r#"
import { Permissions, webMethod } from 'wix-web-module';
import { adopt } from 'backend/adopt';
import { twice } from 'public/old-style';
const { double } = require('public/old-style');
const wixData = require('wix-data');
export const all = webMethod(Permissions.Anyone, () => ({
  adopted: adopt('tui'), twice: twice(2), double: double(3), same: twice === double,
  query: typeof wixData.query, global: global === globalThis, env: process.env.NODE_ENV,
}));
export const esm = webMethod(Permissions.Anyone, () => require('backend/adopt'));
"#,
        ),
        (
            "backend/adopt.jsw",
            "export const adopt = (bird) => `adopted ${bird}`;",
        ),
        (
            "public/old-style.js",
            "function double(n) { return n * 2; }\nmodule.exports = { double, twice: double };",
        ),
    ]);
    assert_eq!(check(&code).await, vec![]);
    let call = |name: &'static str| {
        engine.web_method(
            "s1",
            &code,
            host(),
            ("backend/api.web.js", name),
            &[],
            CallerRole::Anonymous,
        )
    };
    assert_eq!(
        call("all").await.result,
        Ok(
            json!({"adopted": "adopted tui", "twice": 4, "double": 6, "same": true,
            "query": "function", "global": true, "env": "production"})
        )
    );
    match call("esm").await.result {
        Err(RunError::Thrown { message, .. }) => assert!(
            message.contains("cannot require() the ES module backend/adopt.jsw"),
            "{message}"
        ),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn node_built_ins_are_there_and_dangerous_ones_are_not() {
    let engine = Engine::new(Limits::default());
    let code = site(&[
        (
            "backend/api.web.js",
            r#"
import { Permissions, webMethod } from 'wix-web-module';
import { EventEmitter } from 'node:events';
import path from 'path';
import { format } from 'util';
import { setTimeout as wait } from 'timers';
import { legacy } from 'legacy';
export const all = webMethod(Permissions.Anyone, async () => {
  const e = new EventEmitter();
  let heard = null;
  e.on('ping', (x) => { heard = x; });
  e.emit('ping', 42);
  const slept = await new Promise((resolve) => wait(() => resolve('woke'), 20));
  return {
    buffer: Buffer.from('héllo').toString('base64'),
    url: new URL('/a?b=1', 'https://example.com').searchParams.get('b'),
    encoded: new TextEncoder().encode('é').length,
    heard,
    joined: path.join('a', '..', 'b', 'c.js'),
    formatted: format('%s=%d', 'n', 5),
    slept,
    legacy: legacy(),
  };
});
"#,
        ),
        (
            "node_modules/legacy/index.js",
            "var EE = require('events'); var b = require('buffer').Buffer;\nexports.legacy = function () { return typeof EE + ':' + b.from('x').length; };",
        ),
    ]);
    let out = engine
        .web_method(
            "s1",
            &code,
            host(),
            ("backend/api.web.js", "all"),
            &[],
            CallerRole::Anonymous,
        )
        .await;
    assert_eq!(
        out.result,
        Ok(
            json!({"buffer": "aMOpbGxv", "url": "1", "encoded": 2, "heard": 42, "joined": "b/c.js",
        "formatted": "n=5", "slept": "woke", "legacy": "function:1"})
        )
    );
    for banned in ["vm", "node:dgram", "cluster", "repl"] {
        let code = site(&[(
            "backend/x.js",
            &*format!("import m from '{banned}';\nexport default m;"),
        )]);
        let errors = check(&code).await;
        assert!(
            errors.len() == 1 && errors[0].message.contains("not available in the sandbox"),
            "{banned}: {errors:?}"
        );
    }
}

#[tokio::test]
async fn crypto_offers_hashes_hmacs_and_randomness() {
    let engine = Engine::new(Limits::default());
    let code = site(&[
        (
            "backend/api.web.js",
            r#"
import { Permissions, webMethod } from 'wix-web-module';
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'crypto';
import { token } from 'tokens';
export const all = webMethod(Permissions.Anyone, () => ({
  sha256: createHash('sha256').update('a').update('bc').digest('hex'),
  hmac: createHmac('sha256', 'key').update('The quick brown fox jumps over the lazy dog').digest('hex'),
  b64: createHash('md5').update('').digest('base64'),
  random: randomBytes(8).length,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(randomUUID()),
  web: crypto.getRandomValues(new Uint8Array(4)).length,
  same: timingSafeEqual(Buffer.from('x'), Buffer.from('x')),
  token: token().length,
}));
export const bad = webMethod(Permissions.Anyone, () => createHash('sha3-256'));
"#,
        ),
        (
            "node_modules/tokens/index.js",
            "var c = require('crypto');\nexports.token = function () { return c.randomBytes(16).toString('hex'); };",
        ),
    ]);
    let out = engine
        .web_method(
            "s1",
            &code,
            host(),
            ("backend/api.web.js", "all"),
            &[],
            CallerRole::Anonymous,
        )
        .await;
    assert_eq!(
        out.result,
        Ok(json!({
            "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "hmac": "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            "b64": "1B2M2Y8AsgTpgAmY7PhCfg==", "random": 8, "uuid": true, "web": 4, "same": true, "token": 32,
        }))
    );
    let out = engine
        .web_method(
            "s1",
            &code,
            host(),
            ("backend/api.web.js", "bad"),
            &[],
            CallerRole::Anonymous,
        )
        .await;
    assert!(
        matches!(out.result, Err(RunError::Thrown { ref message, .. }) if message.contains("not supported")),
        "{:?}",
        out.result
    );
}

/// A host whose every call takes a moment, like a real write, and records what it was given.
#[derive(Default)]
struct SlowHost {
    writes: Mutex<Vec<Value>>,
    late: Mutex<Vec<String>>,
}

#[async_trait]
impl Host for SlowHost {
    async fn call(&self, _op: &str, payload: Value) -> Result<Value, HostError> {
        tokio::time::sleep(Duration::from_millis(20)).await;
        self.writes
            .lock()
            .unwrap()
            .push(payload["body"]["dataItem"]["data"]["by"].clone());
        Ok(json!({"dataItem": {"data": payload["body"]["dataItem"]["data"]}}))
    }

    fn late_logs(&self, lines: Vec<tessera_jsrt::LogLine>) {
        self.late
            .lock()
            .unwrap()
            .extend(lines.into_iter().map(|l| l.message));
    }
}

#[tokio::test]
async fn work_left_pending_settles_before_the_instance_serves_again() {
    let engine = Engine::new(Limits {
        wall: Duration::from_secs(1),
        ..Limits::default()
    });
    let code = site(&[(
        "backend/fire.web.js",
        r#"
import wixData from 'wix-data';
import { Permissions, webMethod } from 'wix-web-module';
export const fire = webMethod(Permissions.Anyone, () => {
  wixData.insert('Log', { by: 'first' })
    .then(() => wixData.insert('Log', { by: 'then' }))
    .then(() => console.log('chain done'));
  setTimeout(() => wixData.insert('Log', { by: 'timer' }), 5);
  return 'fired';
});
export const forever = webMethod(Permissions.Anyone, () => { setInterval(() => {}, 1); return 'ticking'; });
"#,
    )]);
    let fire = |host: Arc<SlowHost>, name: &'static str| {
        let (engine, code) = (&engine, &code);
        async move {
            let file = ("backend/fire.web.js", name);
            let outcome = engine
                .web_method("s", code, host, file, &[], CallerRole::Anonymous)
                .await;
            outcome.result.unwrap()
        }
    };
    // Calls that come while others settle run on other instances, at once.
    let hosts: Vec<Arc<SlowHost>> = (0..3).map(|_| Arc::default()).collect();
    for host in &hosts {
        assert_eq!(fire(Arc::clone(host), "fire").await, json!("fired"));
    }
    assert_eq!(fire(Arc::default(), "forever").await, json!("ticking"));
    engine.settled().await;
    for host in &hosts {
        let mut writes = host.writes.lock().unwrap().clone();
        writes.sort_by_key(|v| v.to_string());
        assert_eq!(writes, [json!("first"), json!("then"), json!("timer")]);
        assert_eq!(*host.late.lock().unwrap(), ["chain done"]);
    }
}

/// wix-auth's elevate(): host calls made while the wrapped function runs, before and after
/// its awaits, carry `elevated: true`; others do not, nor does the next invocation, even
/// when an elevated call never settled.
#[tokio::test]
async fn elevate_marks_the_host_calls_of_the_wrapped_function() {
    let web = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { elevate } from 'wix-auth';
import { auth } from '@wix/essentials';
import wixData from 'wix-data';
const find = () => wixData.query('Books').find();
export const run = webMethod(Permissions.Anyone, async function () {
  await find();
  const r = await elevate(find)();
  await auth.elevate(async function (a) { await find(); await find(); return a + this.b; }).call({ b: 1 }, 1);
  await find();
  let error;
  try { elevate('nope'); } catch (e) { error = e.message; }
  elevate(() => new Promise(() => {}))();
  return { title: r.items[0].title, error };
});
export const after = webMethod(Permissions.Anyone, async () => { await find(); return 1; });
"#;
    let engine = Engine::new(Limits::default());
    let code = site(&[("backend/api.web.js", web)]);
    let h = host();
    let run = |name| {
        engine.web_method(
            "s1",
            &code,
            h.clone(),
            ("backend/api.web.js", name),
            &[],
            CallerRole::Anonymous,
        )
    };
    assert_eq!(
        run("run").await.result,
        Ok(json!({"title": "Dune", "error": "elevate: the argument must be a function"}))
    );
    assert_eq!(run("after").await.result, Ok(json!(1)));
    let elevated: Vec<bool> = h
        .calls
        .lock()
        .unwrap()
        .iter()
        .map(|c| c["payload"]["elevated"] == json!(true))
        .collect();
    assert_eq!(elevated, [false, true, true, true, false, false]);
}

/// One site's busy calls cannot starve another's: a site runs at most `site_concurrency`
/// calls at once on more threads than that, and past its JavaScript time for the window its
/// calls are refused as busy, with when to come back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_site_leaves_other_sites_their_share() {
    let limits = Limits {
        cpu: Duration::from_millis(500),
        wall: Duration::from_secs(1),
        site_cpu: Duration::from_millis(1500),
        ..Limits::default()
    };
    let engine = Arc::new(Engine::new(limits));
    let spin = site(&[(
        "backend/http-functions.js",
        "import { ok } from 'wix-http-functions';\nexport function get_spin() { while (true) {} }",
    )]);
    let quiet = site(&[
        ("backend/http-functions.js", HTTP),
        (
            "backend/util.js",
            "export const shout = (s) => s.toUpperCase();",
        ),
    ]);
    let spins: Vec<_> = (0..4)
        .map(|_| {
            let (engine, spin) = (Arc::clone(&engine), Arc::clone(&spin));
            tokio::spawn(async move {
                engine
                    .http_function("a", &spin, host(), request("GET", "spin", &[], ""))
                    .await
                    .result
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for _ in 0..40 {
        let started = std::time::Instant::now();
        let out = engine
            .http_function("b", &quiet, host(), request("GET", "hello", &["x"], ""))
            .await;
        assert_eq!(out.result.unwrap().status, 200);
        slowest = slowest.max(started.elapsed());
    }
    assert!(slowest <= Duration::from_millis(250), "{slowest:?}");
    for spin in spins {
        let result = spin.await.unwrap();
        assert!(
            matches!(result, Err(RunError::Quota(_) | RunError::Busy { .. })),
            "{result:?}"
        );
    }
    // Site a has used its time for the window: refused, and told when to come back.
    match engine
        .http_function("a", &spin, host(), request("GET", "spin", &[], ""))
        .await
        .result
    {
        Err(RunError::Busy { retry_after, .. }) => assert!(retry_after > Duration::ZERO),
        other => panic!("{other:?}"),
    }
}

/// Holds every host call until the test lets one through, and says when one arrives.
struct GateHost {
    entered: tokio::sync::mpsc::UnboundedSender<()>,
    gate: Arc<tokio::sync::Semaphore>,
}

#[async_trait]
impl Host for GateHost {
    async fn call(&self, _op: &str, _payload: Value) -> Result<Value, HostError> {
        let _ = self.entered.send(());
        self.gate.acquire().await.expect("gate open").forget();
        Ok(Value::Null)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_calls_share_a_server_wide_memory_budget() {
    const MB: usize = 1024 * 1024;
    let engine = Arc::new(Engine::new(Limits {
        memory_bytes: 16 * MB,
        memory_budget: 32 * MB,
        memory_wait: Duration::from_millis(200),
        ..Limits::default()
    }));
    // 8 MB held across a host call.
    let code = site(&[(
        "backend/hold.js",
        r#"import { fetch } from 'wix-fetch';
export async function hold() {
  const big = 'x'.repeat(8 * 1024 * 1024);
  try { await fetch('https://example.com/'); } catch (e) {}
  return big.length;
}
export function bomb() { let s = 'x'.repeat(1024 * 1024); const a = []; while (true) { s = s + s; a.push(s); } }"#,
    )]);
    let (entered_tx, mut entered) = tokio::sync::mpsc::unbounded_channel();
    let gate = Arc::new(tokio::sync::Semaphore::new(0));
    let host = Arc::new(GateHost {
        entered: entered_tx,
        gate: Arc::clone(&gate),
    });
    let call = |site: &'static str, name: &'static str| {
        let (engine, code, host) = (Arc::clone(&engine), Arc::clone(&code), Arc::clone(&host));
        tokio::spawn(async move {
            engine
                .call_export(site, &code, host, ("backend/hold.js", name), &[])
                .await
                .result
        })
    };
    // A call that broke its memory quota gives its reservation back.
    let bomb = call("a", "bomb").await.unwrap();
    assert!(matches!(bomb, Err(RunError::Quota(_))), "{bomb:?}");

    // Two calls (of two sites) hold the whole budget between them.
    let (a, b) = (call("a", "hold"), call("b", "hold"));
    entered.recv().await.unwrap();
    entered.recv().await.unwrap();
    match call("c", "hold").await.unwrap() {
        Err(RunError::Busy { retry_after, .. }) => assert!(retry_after > Duration::ZERO),
        other => panic!("a call beyond the budget must be refused as busy: {other:?}"),
    }
    // Once one ends, the next runs.
    let d = call("d", "hold");
    gate.add_permits(1);
    entered.recv().await.unwrap();
    gate.add_permits(2);
    for held in [a, b, d] {
        assert_eq!(held.await.unwrap(), Ok(json!(8 * MB)));
    }
    // All returned: two at once fit again.
    let (e, f) = (call("e", "hold"), call("f", "hold"));
    entered.recv().await.unwrap();
    entered.recv().await.unwrap();
    gate.add_permits(2);
    assert_eq!(e.await.unwrap(), Ok(json!(8 * MB)));
    assert_eq!(f.await.unwrap(), Ok(json!(8 * MB)));
}
