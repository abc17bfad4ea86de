//! Popular npm packages, installed for real from npm (scripts/npm-fixture.sh), load in the
//! sandbox over its Node built-ins. Their network calls are tested in crates/http, where the
//! server's outbound guard is.

mod npm_fixture;

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::{Value, json};
use tessera_jsrt::{CallerRole, Engine, Host, HostError, Limits, SiteCode, check};

fn site_with(packages: &[&str], files: &[(&str, &str)]) -> Arc<SiteCode> {
    Arc::new(SiteCode {
        revision: 1,
        files: Arc::new(npm_fixture::site_files(packages, files)),
    })
}

/// A host that answers nothing: loading a package asks the server for nothing.
struct NoHost;

#[async_trait]
impl Host for NoHost {
    async fn call(&self, op: &str, _payload: Value) -> Result<Value, HostError> {
        Err(HostError::new("NO_OP", format!("no {op} here")))
    }
}

async fn run(code: &Arc<SiteCode>, name: &str) -> Result<Value, tessera_jsrt::RunError> {
    let engine = Engine::new(Limits::default());
    engine
        .web_method(
            "s1",
            code,
            Arc::new(NoHost),
            ("backend/api.web.js", name),
            &[],
            CallerRole::Anonymous,
        )
        .await
        .result
}

#[tokio::test]
async fn popular_packages_load_and_pass_the_push_check() {
    let cases = [
        (
            "axios",
            "import axios from 'axios';\nexport const kind = () => typeof axios.get;",
        ),
        (
            "node-fetch",
            "import fetch from 'node-fetch';\nexport const kind = () => typeof fetch;",
        ),
        (
            "nodemailer",
            "import nodemailer from 'nodemailer';\nexport const kind = () => typeof nodemailer.createTransport;",
        ),
        (
            "@sendgrid/mail",
            "import sgMail from '@sendgrid/mail';\nexport const kind = () => typeof sgMail.send;",
        ),
        (
            "twilio",
            "import twilio from 'twilio';\nexport const kind = () => typeof twilio;",
        ),
        (
            "@googleapis/sheets",
            "import { sheets } from '@googleapis/sheets';\nexport const kind = () => typeof sheets;",
        ),
    ];
    let mut failures = Vec::new();
    for (package, source) in cases {
        let source = format!(
            "import {{ Permissions, webMethod }} from 'wix-web-module';\n{source}\nexport const loaded = webMethod(Permissions.Anyone, kind);"
        );
        let code = site_with(&[package], &[("backend/api.web.js", &source)]);
        let errors = check(&code).await;
        if !errors.is_empty() {
            failures.push(format!("{package}: check: {errors:?}"));
            continue;
        }
        match run(&code, "loaded").await {
            Ok(v) if v == json!("function") => {}
            other => failures.push(format!("{package}: {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Answers `fetch` as the server would, with a fixed JSON answer; records the requests.
#[derive(Default)]
struct FetchHost {
    requests: std::sync::Mutex<Vec<Value>>,
}

#[async_trait]
impl Host for FetchHost {
    async fn call(&self, op: &str, payload: Value) -> Result<Value, HostError> {
        if op != "fetch" {
            return Err(HostError::new("NO_OP", format!("no {op} here")));
        }
        self.requests.lock().unwrap().push(payload);
        Ok(
            json!({"status": 200, "statusText": "OK", "url": "", "headers": [["content-type", "application/json"]],
            "bodyBase64": "eyJvayI6dHJ1ZX0="}),
        )
    }
}

#[tokio::test]
async fn http_clients_go_through_the_hosts_fetch() {
    let web = r#"
import { Permissions, webMethod } from 'wix-web-module';
import axios from 'axios';
import fetch from 'node-fetch';
import http from 'http';
export const raw = webMethod(Permissions.Anyone, () => new Promise((resolve) => {
  const req = http.request('https://api.example.com/z', (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString()));
  });
  req.on('error', (e) => resolve(e.message));
  req.end();
}));
export const viaAxios = webMethod(Permissions.Anyone, async () => (await axios.post('https://api.example.com/x', { a: 1 })).data);
import { sheets } from '@googleapis/sheets';
export const viaGoogle = webMethod(Permissions.Anyone, async () => {
  const api = sheets({ version: 'v4', auth: 'api-key', rootUrl: 'https://sheets.example.com/' });
  const res = await api.spreadsheets.get({ spreadsheetId: 'sheet1' });
  return res.data;
});
export const viaNodeFetch = webMethod(Permissions.Anyone, async () => {
  const res = await fetch('https://api.example.com/y', { method: 'PUT', body: 'words' });
  return { status: res.status, body: await res.json() };
});
"#;
    let code = site_with(
        &["axios", "node-fetch", "@googleapis/sheets"],
        &[("backend/api.web.js", web)],
    );
    let engine = Engine::new(Limits::default());
    for (name, expected) in [
        ("raw", json!("{\"ok\":true}")),
        ("viaAxios", json!({"ok": true})),
        ("viaNodeFetch", json!({"status": 200, "body": {"ok": true}})),
        ("viaGoogle", json!({"ok": true})),
    ] {
        let host = Arc::new(FetchHost::default());
        let out = engine
            .web_method(
                "s1",
                &code,
                host.clone(),
                ("backend/api.web.js", name),
                &[],
                CallerRole::Anonymous,
            )
            .await;
        assert_eq!(out.result, Ok(expected), "{name}: {:?}", out.logs);
        let requests = host.requests.lock().unwrap().clone();
        assert_eq!(requests.len(), 1, "{requests:?}");
        assert_eq!(requests[0]["raw"], true);
        if name == "viaGoogle" {
            let url = requests[0]["url"].as_str().unwrap();
            assert!(
                url.starts_with("https://sheets.example.com/v4/spreadsheets/sheet1?")
                    && url.contains("key=api-key"),
                "{url}"
            );
        }
    }
}

#[tokio::test]
async fn a_failing_package_is_blamed_on_the_site_line_that_imports_it() {
    let web = "import { Permissions, webMethod } from 'wix-web-module';\n// the mailer\nimport bad from 'badpkg';\nexport const f = webMethod(Permissions.Anyone, () => bad);\n";
    let code = Arc::new(SiteCode {
        revision: 1,
        files: Arc::new(
            [
                ("backend/api.web.js", web),
                (
                    "node_modules/badpkg/package.json",
                    r#"{"main": "lib/index.js"}"#,
                ),
                (
                    "node_modules/badpkg/lib/index.js",
                    "var helper = require('./helper');\nmodule.exports = helper;",
                ),
                (
                    "node_modules/badpkg/lib/helper.js",
                    "exports.run = 1;\nrequire('vm');",
                ),
            ]
            .iter()
            .map(|(p, s)| (p.to_string(), s.to_string()))
            .collect(),
        ),
    });
    let errors = check(&code).await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line),
        ("backend/api.web.js", Some(3)),
        "{errors:?}"
    );
    assert!(errors[0].message.contains("'vm' is not available"));
    match run(&code, "f").await {
        Err(tessera_jsrt::RunError::Thrown { stack, .. }) => {
            let stack = stack.unwrap_or_default();
            assert!(
                stack.contains("node_modules/badpkg/lib/helper.js:2:1")
                    && stack.contains("(backend/api.web.js:3:18)"),
                "{stack}"
            );
            assert!(
                !stack.contains("eval_script") && !stack.contains("<input>"),
                "{stack}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn node_20_globals_fetch_through_the_host() {
    let web = r#"
import { Permissions, webMethod } from 'wix-web-module';
export const call = webMethod(Permissions.Anyone, async () => {
  const form = new URLSearchParams({ q: 'a b' });
  const res = await fetch(new Request('https://api.example.com/s', { method: 'POST', body: form, headers: new Headers({ 'X-Key': 'k' }) }));
  const made = Response.json({ n: 1 });
  return { ok: res.ok, type: res.headers.get('content-type'), body: await res.json(), made: await made.json(), used: res.bodyUsed };
});
"#;
    let code = Arc::new(SiteCode {
        revision: 1,
        files: Arc::new([("backend/api.web.js".to_string(), web.to_string())].into()),
    });
    let engine = Engine::new(Limits::default());
    let host = Arc::new(FetchHost::default());
    let out = engine
        .web_method(
            "s1",
            &code,
            host.clone(),
            ("backend/api.web.js", "call"),
            &[],
            CallerRole::Anonymous,
        )
        .await;
    assert_eq!(
        out.result,
        Ok(
            json!({"ok": true, "type": "application/json", "body": {"ok": true}, "made": {"n": 1}, "used": true})
        ),
        "{:?}",
        out.logs
    );
    let sent = host.requests.lock().unwrap()[0].clone();
    assert_eq!(sent["method"], "POST");
    assert_eq!(sent["bodyBase64"], "cT1hK2I="); // q=a+b
    assert!(
        sent["headers"].as_array().unwrap().contains(&json!([
            "content-type",
            "application/x-www-form-urlencoded;charset=UTF-8"
        ])),
        "{sent}"
    );
}

#[tokio::test]
async fn streams_zlib_fs_and_url_behave_as_node() {
    let web = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { Readable, Transform, pipeline } from 'stream';
import zlib from 'zlib';
import fs from 'fs';
import url from 'url';
import querystring from 'querystring';
export const run = webMethod(Permissions.Anyone, async () => {
  const upper = new Transform({ transform(chunk, _e, cb) { cb(null, chunk.toString().toUpperCase()); } });
  const out = [];
  await new Promise((resolve, reject) => pipeline(Readable.from(['ab', 'cd']), upper, zlib.createGzip(), zlib.createGunzip(),
    new (class extends Transform { _transform(c, _e, cb) { out.push(c.toString()); cb(); } })(), (e) => (e ? reject(e) : resolve())));
  const packed = zlib.deflateSync('hello hello hello');
  let refused = null;
  try { fs.writeFileSync('x.txt', 'no'); } catch (e) { refused = e.code; }
  let outside = null;
  try { fs.readFileSync('../../etc/passwd'); } catch (e) { outside = e.code; }
  const parsed = url.parse('https://u:p@example.com:8080/a/b?x=1&y=2#h', true);
  return {
    piped: out.join(''),
    inflated: zlib.inflateSync(packed).toString(),
    gunzipped: zlib.gunzipSync(zlib.gzipSync(Buffer.from('é'))).toString(),
    name: JSON.parse(fs.readFileSync('node_modules/p/package.json', 'utf8')).name,
    listed: fs.readdirSync('node_modules/p'),
    exists: [fs.existsSync('node_modules/p/index.js'), fs.existsSync('/etc/passwd')],
    refused,
    outside,
    parsed: [parsed.hostname, parsed.port, parsed.pathname, parsed.query.y, parsed.auth, parsed.hash],
    qs: querystring.stringify({ a: [1, 2], b: 'c d' }),
    binary: Buffer.from('\u00ff\u0001', 'latin1').toString('hex'),
  };
});
"#;
    let code = Arc::new(SiteCode {
        revision: 1,
        files: Arc::new(
            [
                ("backend/api.web.js", web),
                ("node_modules/p/package.json", r#"{"name": "p"}"#),
                ("node_modules/p/index.js", "module.exports = 1;"),
            ]
            .iter()
            .map(|(p, s)| (p.to_string(), s.to_string()))
            .collect(),
        ),
    });
    assert_eq!(
        run(&code, "run").await,
        Ok(json!({
            "piped": "ABCD", "inflated": "hello hello hello", "gunzipped": "é", "name": "p",
            "listed": ["index.js", "package.json"], "exists": [true, false], "refused": "EROFS",
            "outside": "ENOENT", "parsed": ["example.com", "8080", "/a/b", "2", "u:p", "#h"],
            "qs": "a=1&a=2&b=c%20d", "binary": "ff01"
        }))
    );
}
