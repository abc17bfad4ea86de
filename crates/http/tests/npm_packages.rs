//! Popular npm packages, installed for real from npm, pushed with a site and making their
//! calls through the sandbox: axios, node-fetch, `http` and @googleapis/sheets reach a local
//! server through the server's outbound guard (allowed here with `fetch_allow`, refused
//! without it), @sendgrid/mail and twilio build their API requests to it, nodemailer delivers
//! over SMTP to the configured relay.

#[path = "../../jsrt/tests/npm_fixture/mod.rs"]
mod npm_fixture;

use std::{
    io::Write,
    sync::{Arc, Mutex},
};

use axum::{
    Router,
    body::Bytes,
    http::{HeaderMap, StatusCode, Uri},
    response::IntoResponse,
    routing::{any, get},
};
use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call};

const WEB: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import axios from 'axios';
import fetch from 'node-fetch';
import http from 'http';
import https from 'https';
import zlib from 'zlib';
import sgMail from '@sendgrid/mail';
import twilio from 'twilio';
import { sheets } from '@googleapis/sheets';

const failure = (e) => ({ failed: e.code ?? e.name, message: e.message });

export const viaAxios = webMethod(Permissions.Anyone, async (base) => {
  try {
    const got = await axios.get(`${base}/gzipped`);
    const posted = await axios.post(`${base}/echo?x=1`, { a: 1 }, { headers: { Authorization: 'Bearer t' } });
    return { got: got.data, posted: posted.data, status: posted.status };
  } catch (e) {
    return failure(e);
  }
});

export const viaNodeFetch = webMethod(Permissions.Anyone, async (base) => {
  try {
    const res = await fetch(`${base}/echo`, { method: 'PUT', body: 'plain words', headers: { 'Content-Type': 'text/plain' } });
    return { status: res.status, body: await res.json() };
  } catch (e) {
    return failure(e);
  }
});

export const viaHttp = webMethod(Permissions.Anyone, (base) => new Promise((resolve) => {
  const req = http.request(`${base}/gzipped`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
    const chunks = [];
    res.pipe(zlib.createGunzip()).on('data', (c) => chunks.push(c)).on('end', () => {
      resolve({ status: res.statusCode, encoding: res.headers['content-encoding'], body: JSON.parse(Buffer.concat(chunks).toString()) });
    });
  });
  req.on('error', (e) => resolve(failure(e)));
  req.end();
}));

export const metadata = webMethod(Permissions.Anyone, () => new Promise((resolve) => {
  https.get('https://169.254.169.254/latest/meta-data', () => resolve('reached')).on('error', (e) => resolve(failure(e)));
}));

export const viaGoogle = webMethod(Permissions.Anyone, async (base) => {
  try {
    const api = sheets({ version: 'v4', auth: 'api-key', rootUrl: `${base}/` });
    const res = await api.spreadsheets.get({ spreadsheetId: 'sheet1' });
    return { status: res.status, uri: res.data.uri };
  } catch (e) {
    return failure(e);
  }
});

export const viaSendgrid = webMethod(Permissions.Anyone, async (base) => {
  sgMail.setApiKey('SG.test-key');
  sgMail.client.setDefaultRequest('baseUrl', base);
  try {
    const [response] = await sgMail.send({ to: 'ann@example.com', from: 'shop@example.com', subject: 'Hi', text: 'Hello Ann' });
    return { status: response.statusCode };
  } catch (e) {
    return failure(e);
  }
});

export const viaTwilio = webMethod(Permissions.Anyone, async (base) => {
  const client = twilio('AC' + '0'.repeat(32), 'auth-token');
  client.api.baseUrl = base;
  try {
    const message = await client.messages.create({ to: '+15550001111', from: '+15550002222', body: 'Your code is 1234' });
    return { sid: message.sid, status: message.status };
  } catch (e) {
    return failure(e);
  }
});
"#;

/// What the local server heard: method, path and query, headers, body.
type Heard = Arc<Mutex<Vec<Value>>>;

async fn peer(heard: Heard) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let gzipped = || async {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(br#"{"answer":42}"#).unwrap();
        (
            [
                ("content-type", "application/json"),
                ("content-encoding", "gzip"),
            ],
            e.finish().unwrap(),
        )
    };
    let echo = move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
        let heard = Arc::clone(&heard);
        async move {
            let header = |n: &str| {
                headers
                    .get(n)
                    .map(|v| v.to_str().unwrap_or_default().to_string())
            };
            let request = json!({
                "method": method.as_str(),
                "uri": uri.to_string(),
                "type": header("content-type"),
                "auth": header("authorization"),
                "body": String::from_utf8_lossy(&body),
            });
            heard.lock().unwrap().push(request.clone());
            let path = uri.path();
            if path == "/v3/mail/send" {
                return StatusCode::ACCEPTED.into_response();
            }
            if path.ends_with("/Messages.json") {
                let answer =
                    json!({"sid": "SM0001", "status": "queued", "body": "Your code is 1234"});
                return (StatusCode::CREATED, axum::Json(answer)).into_response();
            }
            axum::Json(request).into_response()
        }
    };
    let app = Router::new()
        .route("/gzipped", get(gzipped))
        .fallback(any(echo));
    tokio::spawn(async move { axum::serve(listener, app).await });
    port
}

struct Site {
    app: TestApp,
    owner: String,
}

impl Site {
    async fn new(app: TestApp) -> Self {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "shop").await;
        Self { app, owner }
    }

    async fn push(&self, files: &[(&str, &str)], packages: &[&str]) -> (u16, Value) {
        let files = npm_fixture::site_files(packages, files);
        call(
            self.app
                .req_as(Method::PUT, "/api/v1/sites/shop/code", &self.owner)
                .json(&json!({ "files": files })),
        )
        .await
    }

    async fn method(&self, name: &str, args: Value) -> Value {
        let (s, b) = call(
            self.app
                .req_host(
                    Method::POST,
                    &format!("shop.localhost:{}", self.app.addr.port()),
                    &format!("/_api/webmethods/backend/net.web.js/{name}"),
                )
                .json(&args),
        )
        .await;
        assert_eq!(s, 200, "{name}: {b}");
        b["result"].clone()
    }
}

const PACKAGES: &[&str] = &[
    "axios",
    "node-fetch",
    "@sendgrid/mail",
    "twilio",
    "nodemailer",
    "@googleapis/sheets",
];

#[tokio::test]
async fn http_clients_reach_only_what_the_guard_allows() {
    let heard: Heard = Arc::default();
    let port = peer(Arc::clone(&heard)).await;
    let base = format!("http://127.0.0.1:{port}");
    for backend in backends() {
        for allowed in [true, false] {
            heard.lock().unwrap().clear();
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
            let (s, b) = site.push(&[("backend/net.web.js", WEB)], PACKAGES).await;
            assert_eq!(s, 201, "{b}");
            site.app
                .req_as(Method::POST, "/api/v1/sites/shop/code/publish", &site.owner)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let axios = site.method("viaAxios", json!([base])).await;
            let fetched = site.method("viaNodeFetch", json!([base])).await;
            let http = site.method("viaHttp", json!([base])).await;
            let google = site.method("viaGoogle", json!([base])).await;
            if !allowed {
                for (name, answer) in [
                    ("axios", &axios),
                    ("node-fetch", &fetched),
                    ("http", &http),
                    ("googleapis", &google),
                ] {
                    assert!(
                        answer["message"]
                            .as_str()
                            .unwrap_or_default()
                            .contains("private or loopback"),
                        "{name} is refused: {answer}"
                    );
                }
                assert!(
                    heard.lock().unwrap().is_empty(),
                    "nothing reached the server"
                );
                continue;
            }
            assert_eq!(axios["got"], json!({"answer": 42}), "{axios}");
            assert_eq!(axios["status"], 200, "{axios}");
            assert_eq!(axios["posted"]["method"], "POST");
            assert_eq!(axios["posted"]["uri"], "/echo?x=1");
            assert_eq!(axios["posted"]["auth"], "Bearer t");
            assert_eq!(axios["posted"]["body"], r#"{"a":1}"#);
            assert_eq!(fetched["status"], 200, "{fetched}");
            assert_eq!(
                (
                    &fetched["body"]["method"],
                    &fetched["body"]["body"],
                    &fetched["body"]["type"]
                ),
                (&json!("PUT"), &json!("plain words"), &json!("text/plain")),
                "{fetched}"
            );
            assert_eq!(
                http,
                json!({"status": 200, "encoding": "gzip", "body": {"answer": 42}})
            );
            assert_eq!(google["status"], 200, "{google}");
            assert!(
                google["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("/v4/spreadsheets/sheet1?"),
                "{google}"
            );
            let metadata = site.method("metadata", json!([])).await;
            assert_eq!(metadata["failed"], "ECONNREFUSED", "{metadata}");

            let sent = site.method("viaSendgrid", json!([base])).await;
            assert_eq!(sent, json!({"status": 202}));
            let texted = site.method("viaTwilio", json!([base])).await;
            assert_eq!(texted, json!({"sid": "SM0001", "status": "queued"}));
            let heard = heard.lock().unwrap().clone();
            let mail = heard
                .iter()
                .find(|r| r["uri"] == "/v3/mail/send")
                .expect("sendgrid's request arrived");
            assert_eq!(mail["auth"], "Bearer SG.test-key");
            let mail: Value = serde_json::from_str(mail["body"].as_str().unwrap()).unwrap();
            assert_eq!(
                mail["personalizations"][0]["to"][0]["email"],
                "ann@example.com"
            );
            let sms = heard
                .iter()
                .find(|r| r["uri"].as_str().unwrap().ends_with("/Messages.json"))
                .expect("twilio's request arrived");
            assert_eq!(
                sms["uri"],
                format!("/2010-04-01/Accounts/AC{}/Messages.json", "0".repeat(32))
            );
            assert_eq!(sms["type"], "application/x-www-form-urlencoded");
            assert!(sms["auth"].as_str().unwrap().starts_with("Basic "), "{sms}");
            assert!(
                sms["body"]
                    .as_str()
                    .unwrap()
                    .contains("Body=Your+code+is+1234")
                    || sms["body"]
                        .as_str()
                        .unwrap()
                        .contains("Body=Your%20code%20is%201234"),
                "{sms}"
            );
        }
    }
}

const MAIL: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import nodemailer from 'nodemailer';
export const send = webMethod(Permissions.Anyone, async (host, port, to) => {
  const transport = nodemailer.createTransport({ host, port, secure: false });
  try {
    const info = await transport.sendMail({ from: 'shop@example.com', to, subject: 'Your order', text: 'It ships today.' });
    return { accepted: info.accepted, id: typeof info.messageId };
  } catch (e) {
    return { failed: e.code, message: e.message };
  }
});
"#;

/// nodemailer's SMTP transport reaches the server's configured relay (a real aiosmtpd),
/// and no other address.
#[tokio::test]
async fn nodemailer_sends_through_the_configured_relay_only() {
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
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(maildir.path())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("{python} -m aiosmtpd: {e} (the test command installs it)"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "aiosmtpd did not start: is it installed for {python}?"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let other_port = peer(Arc::default()).await;
    for backend in backends() {
        let config = tessera_http::HttpConfig {
            platform: tessera_http::PlatformConfig {
                mail: tessera_http::mail::MailConfig {
                    // By name: nodemailer's DNS lookup hands the name on, the server resolves it.
                    smtp_url: Some(format!("smtp://localhost:{port}")),
                    from: "Shop <no-reply@shop.example.com>".into(),
                },
                ..Default::default()
            },
            ..Default::default()
        };
        let site = Site::new(TestApp::spawn_with(backend, config).await).await;
        let (s, b) = site
            .push(&[("backend/net.web.js", MAIL)], &["nodemailer"])
            .await;
        assert_eq!(s, 201, "{b}");
        site.app
            .req_as(Method::POST, "/api/v1/sites/shop/code/publish", &site.owner)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        let to = format!("ann-{backend:?}@example.com").to_lowercase();
        let sent = site.method("send", json!(["localhost", port, to])).await;
        assert_eq!(sent, json!({"accepted": [to], "id": "string"}));
        let message = std::fs::read_dir(maildir.path().join("new"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .find(|m| m.contains(&format!("To: {to}")))
            .expect("the message arrived");
        assert!(message.contains("Subject: Your order"), "{message}");
        assert!(message.contains("It ships today."), "{message}");

        let refused = site
            .method("send", json!(["127.0.0.1", other_port, to]))
            .await;
        assert_eq!(refused["failed"], "ESOCKET", "{refused}");
        assert!(
            refused["message"]
                .as_str()
                .unwrap()
                .contains("only connect to the server's SMTP relay"),
            "{refused}"
        );
    }
    server.kill().await.ok();
}
