//! Backend modules real Velo sites use, over HTTP on every backend: a member's id is their
//! contact's id; wix-crm-backend's notifications (dashboard and email through a real SMTP
//! server) and legacy contact API; wix-captcha-backend against a real verifier over HTTP;
//! wix-realtime-backend's publish, received by a subscriber over HTTP, and its permissions.

use std::time::Duration;

use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call};

struct Site {
    app: TestApp,
    owner: String,
}

impl Site {
    async fn new(app: TestApp) -> Self {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "shop").await;
        let site = Self { app, owner };
        let (s, b) = call(
            site.api(Method::PUT, "/members/settings")
                .json(&json!({"signup": "open", "verifyEmail": false})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        site
    }

    fn api(&self, method: Method, path: &str) -> RequestBuilder {
        self.app
            .req_as(method, &format!("/api/v1/sites/shop{path}"), &self.owner)
    }

    fn host(&self) -> String {
        format!("shop.localhost:{}", self.app.addr.port())
    }

    fn site(&self, method: Method, path: &str) -> RequestBuilder {
        self.app.req_host(method, &self.host(), path)
    }

    /// Pushes `files` (path → source) and publishes them.
    async fn code(&self, files: Value) {
        let (s, b) = call(
            self.api(Method::PUT, "/code")
                .header("content-type", "application/json")
                .json(&json!({ "files": files })),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        let (s, b) = call(self.api(Method::POST, "/code/publish").json(&json!({}))).await;
        assert_eq!(s, 200, "{b}");
    }

    /// Calls web method `name` of `backend/<file>` and answers its result.
    async fn web(&self, file: &str, name: &str, args: Value) -> Value {
        let (s, b) = call(
            self.site(
                Method::POST,
                &format!("/_api/webmethods/backend/{file}/{name}"),
            )
            .json(&args),
        )
        .await;
        assert_eq!(s, 200, "{name}: {b}");
        b["result"].clone()
    }
}

const IDS_WEB: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { authentication, members } from 'wix-members-backend';
import { contacts } from 'wix-crm-backend';
export const prior = webMethod(Permissions.Anyone, async (email) =>
  (await contacts.createContact({ name: { first: 'Fay' }, emails: [{ email }] }))._id);
export const join = webMethod(Permissions.Anyone, async (email) => {
  const { member } = await authentication.register(email, 'correct horse');
  const contact = await contacts.getContact(member._id);
  const back = await members.getMember(contact._id);
  return { member: member._id, contact: contact._id, contactMember: contact.memberId,
           back: back._id, contactId: member.contactId, first: contact.info.name.first };
});
"#;

/// As on Wix, code passes a member's id where a contact's is expected and back: a new
/// member's contact has the member's id, and a member whose email already was a contact's
/// (a form sender's) takes that contact's id.
#[tokio::test]
async fn a_members_id_is_their_contacts_id() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        site.code(json!({ "backend/ids.web.js": IDS_WEB })).await;

        let r = site
            .web("ids.web.js", "join", json!(["gus@example.com"]))
            .await;
        let id = r["member"].as_str().unwrap();
        assert_eq!(
            (
                &r["contact"],
                &r["contactMember"],
                &r["back"],
                &r["contactId"]
            ),
            (&json!(id), &json!(id), &json!(id), &json!(id)),
            "{r}"
        );

        let prior = site
            .web("ids.web.js", "prior", json!(["fay@example.com"]))
            .await;
        let r = site
            .web("ids.web.js", "join", json!(["fay@example.com"]))
            .await;
        assert_eq!(
            r["member"], prior,
            "the member took the existing contact's id: {r}"
        );
        assert_eq!(
            (&r["contact"], &r["back"], &r["first"]),
            (&prior, &prior, &json!("Fay"))
        );

        // The REST APIs agree: a member made by the team has its contact's id too.
        let (s, b) = call(
            site.app
                .wix(
                    Method::POST,
                    "/members/v1/members",
                    "shop",
                    Some(&site.owner),
                )
                .json(&json!({"member": {"loginEmail": "hal@example.com"}})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let id = b["member"]["id"].as_str().unwrap();
        assert_eq!(b["member"]["contactId"], id);
        let (s, b) = call(site.app.wix(
            Method::GET,
            &format!("/contacts/v4/contacts/{id}"),
            "shop",
            Some(&site.owner),
        ))
        .await;
        assert_eq!(
            (s, &b["contact"]["primaryInfo"]["email"]),
            (200, &json!("hal@example.com"))
        );
    }
}

const CRM_WEB: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { notifications, createContact, getContactById, updateContact, deleteContact } from 'wix-crm-backend';
const attempt = async (f) => { try { return await f(); } catch (e) { return e.code; } };
export const notify = webMethod(Permissions.Anyone, async (contactId) => {
  await notifications.notify('A new order came in', ['Dashboard', 'Mobile'], {
    title: 'New order', actionTitle: 'See the order', actionTarget: { url: 'https://shop.example.com/orders/7' },
    recipients: { role: 'All_Contributors', contactIds: [contactId] },
  });
  await notifications.notify('Only for you', ['Dashboard', 'Browser'], { recipients: { role: 'Owner' } });
  return {
    empty: await attempt(() => notifications.notify('', ['Dashboard'])),
    channel: await attempt(() => notifications.notify('x', ['Fax'])),
    role: await attempt(() => notifications.notify('x', ['Dashboard'], { recipients: { role: 'Everyone' } })),
    nobody: await attempt(() => notifications.notify('x', ['Dashboard', 'Mobile'], { recipients: { contactIds: ['nope'] } })),
  };
});
export const legacy = webMethod(Permissions.Anyone, async () => {
  const id = await createContact({ firstName: 'Lee', emails: ['lee@example.com'], phones: ['555'], labels: ['vip'] });
  const created = await getContactById(id);
  const same = await updateContact(id, { lastName: 'Ray' });
  const updated = await getContactById(id);
  await deleteContact(id);
  return { created, same: same === id, updated, gone: await attempt(() => getContactById(id)) };
});
"#;

/// A real SMTP server (Python's aiosmtpd) that keeps what it receives in a maildir.
struct Smtp {
    port: u16,
    maildir: tempfile::TempDir,
    _server: tokio::process::Child,
}

impl Smtp {
    async fn start() -> Self {
        let python = std::env::var("TESSERA_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let maildir = tempfile::tempdir().unwrap();
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir(maildir.path().join(sub)).unwrap();
        }
        let server = tokio::process::Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("{python} -m aiosmtpd: {e}"));
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                tokio::time::Instant::now() < deadline,
                "aiosmtpd did not start: is it installed for {python}?"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self {
            port,
            maildir,
            _server: server,
        }
    }

    /// The messages received so far.
    fn messages(&self) -> Vec<String> {
        std::fs::read_dir(self.maildir.path().join("new"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect()
    }
}

/// notifications.notify: the dashboard lists what the Dashboard channel kept (owner-only
/// ones to owners only); Mobile and Browser email the contributors the role names, and the
/// listed contacts, through the SMTP relay. The legacy contact API round-trips.
#[tokio::test]
async fn crm_notifications_and_the_legacy_contact_api() {
    let smtp = Smtp::start().await;
    for backend in backends() {
        let config = tessera_http::HttpConfig {
            platform: tessera_http::PlatformConfig {
                mail: tessera_http::mail::MailConfig {
                    smtp_url: Some(format!("smtp://127.0.0.1:{}", smtp.port)),
                    from: "Shop <no-reply@shop.example.com>".into(),
                },
                ..Default::default()
            },
            ..Default::default()
        };
        let site = Site::new(TestApp::spawn_with(backend, config).await).await;
        let editor = site
            .app
            .collaborator(&site.owner, "shop", "ed@example.com", "editor")
            .await;
        site.code(json!({ "backend/crm.web.js": CRM_WEB })).await;
        let (s, b) = call(
            site.app
                .wix(
                    Method::POST,
                    "/contacts/v4/contacts",
                    "shop",
                    Some(&site.owner),
                )
                .json(&json!({"info": {"emails": {"items": [{"email": "cat@example.com"}]}}})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let cat = b["contact"]["id"].as_str().unwrap().to_string();

        let r = site.web("crm.web.js", "notify", json!([cat])).await;
        assert_eq!(
            r,
            json!({"empty": "INVALID_ARGUMENT", "channel": "INVALID_ARGUMENT", "role": "INVALID_ARGUMENT", "nobody": "INVALID_ARGUMENT"})
        );

        let (s, b) = call(site.api(Method::GET, "/notifications")).await;
        assert_eq!(s, 200, "{b}");
        let list = b["notifications"].as_array().unwrap();
        assert_eq!(list.len(), 2, "a refused notification is not kept: {b}");
        assert_eq!(
            (&list[0]["body"], &list[0]["role"]),
            (&json!("Only for you"), &json!("Owner"))
        );
        assert_eq!(
            (
                &list[1]["body"],
                &list[1]["title"],
                &list[1]["actionTitle"],
                &list[1]["actionTarget"]
            ),
            (
                &json!("A new order came in"),
                &json!("New order"),
                &json!("See the order"),
                &json!({"url": "https://shop.example.com/orders/7"})
            )
        );
        let (s, b) = call(site.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/notifications",
            &editor,
        ))
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["notifications"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["body"].clone())
                .collect::<Vec<_>>(),
            vec![json!("A new order came in")],
            "an editor does not see the owner's"
        );

        // By email: the order to owner, editor and the contact; the other to the owner only.
        let sent = site.app.state.deliver_mail().await.unwrap();
        assert_eq!(sent, 4);
        let messages = smtp.messages();
        let to = |who: &str, subject: &str| {
            messages
                .iter()
                .filter(|m| {
                    m.contains(&format!("To: {who}")) && m.contains(&format!("Subject: {subject}"))
                })
                .count()
        };
        for who in ["owner@example.com", "ed@example.com", "cat@example.com"] {
            assert_eq!(to(who, "New order"), 1, "{who}: {messages:?}");
        }
        assert_eq!(to("owner@example.com", "Notification from Site shop"), 1);
        assert_eq!(to("ed@example.com", "Notification from Site shop"), 0);
        let order = messages
            .iter()
            .find(|m| m.contains("To: ed@example.com"))
            .unwrap();
        assert!(
            order.contains("A new order came in")
                && order.contains("https://shop.example.com/orders/7")
        );
        for entry in std::fs::read_dir(smtp.maildir.path().join("new")).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }

        let r = site.web("crm.web.js", "legacy", json!([])).await;
        let id = r["created"]["_id"].as_str().unwrap();
        assert_eq!(
            r,
            json!({
                "created": {"_id": id, "firstName": "Lee", "emails": ["lee@example.com"], "phones": ["555"], "labels": ["vip"]},
                "same": true,
                "updated": {"_id": id, "firstName": "Lee", "lastName": "Ray", "emails": ["lee@example.com"], "phones": ["555"], "labels": ["vip"]},
                "gone": "CONTACT_NOT_FOUND",
            })
        );
    }
}

/// A reCAPTCHA verifier over real HTTP, as Google's siteverify answers: it knows the secret
/// `s3cret` and the token `good`.
async fn verifier() -> String {
    use axum::{Form, Json, routing::post};
    async fn verify(Form(form): Form<std::collections::HashMap<String, String>>) -> Json<Value> {
        Json(
            match (
                form.get("secret").map(String::as_str),
                form.get("response").map(String::as_str),
            ) {
                (Some("s3cret"), Some("good")) => {
                    json!({"success": true, "challenge_ts": "2026-01-01T00:00:00Z", "hostname": "shop"})
                }
                (Some("s3cret"), _) => {
                    json!({"success": false, "error-codes": ["timeout-or-duplicate"]})
                }
                _ => json!({"success": false, "error-codes": ["invalid-input-secret"]}),
            },
        )
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/recaptcha/api/siteverify",
        listener.local_addr().unwrap()
    );
    let app = axum::Router::new().route("/recaptcha/api/siteverify", post(verify));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

const CAPTCHA_WEB: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { authorize } from 'wix-captcha-backend';
import { captcha } from '@wix/captcha';
const attempt = async (f) => { try { return await f(); } catch (e) { return { code: e.code, message: e.message }; } };
export const check = webMethod(Permissions.Anyone, async (token) => ({
  v1: await attempt(() => authorize(token)),
  sdk: await attempt(() => captcha.authorize(token)),
}));
"#;

/// authorize(token) asks the configured verifier (over the server's own HTTP client, so a
/// loopback verifier works without --fetch-allow): {success: true}, or Wix's rejection with
/// the HTTP status as code: 400 for a missing or refused token, 500 for a bad or missing
/// secret key, 503 when the verifier does not answer.
#[tokio::test]
async fn captcha_authorize_asks_the_configured_verifier() {
    let url = verifier().await;
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/siteverify", l.local_addr().unwrap())
    };
    for backend in backends() {
        let config = |verify_url: &str, secret: Option<&str>| tessera_http::HttpConfig {
            platform: tessera_http::PlatformConfig {
                captcha: tessera_http::captcha::CaptchaConfig {
                    verify_url: verify_url.to_string(),
                    secret: secret.map(str::to_string),
                },
                ..Default::default()
            },
            ..Default::default()
        };
        let site =
            Site::new(TestApp::spawn_with(backend, config(&url, Some("s3cret"))).await).await;
        site.code(json!({ "backend/captcha.web.js": CAPTCHA_WEB }))
            .await;
        let check = |token: &str| site.web("captcha.web.js", "check", json!([token]));
        assert_eq!(
            check("good").await,
            json!({"v1": {"success": true}, "sdk": {"success": true}})
        );
        let r = check("stale").await;
        assert_eq!(
            r["v1"],
            json!({"code": 400, "message": "400 Bad Request: the token is invalid or has timed out (timeout-or-duplicate)"})
        );
        assert_eq!(r["sdk"], r["v1"]);
        assert_eq!(
            check("").await["v1"],
            json!({"code": 400, "message": "400 Bad Request: the request was sent without a token"})
        );
        drop(site);

        for (verify_url, secret, code) in [
            (&url, Some("wrong"), 500),
            (&url, None, 500),
            (&closed, Some("s3cret"), 503),
        ] {
            let site =
                Site::new(TestApp::spawn_with(backend, config(verify_url, secret)).await).await;
            site.code(json!({ "backend/captcha.web.js": CAPTCHA_WEB }))
                .await;
            let r = site.web("captcha.web.js", "check", json!(["good"])).await;
            assert_eq!(r["v1"]["code"], code, "{verify_url} {secret:?}: {r}");
        }
    }
}

const REALTIME_PERMISSIONS: &str = r#"
import { permissionsRouter } from 'wix-realtime-backend';
permissionsRouter.default(() => ({ read: true }));
permissionsRouter.add({ name: 'staff' }, (channel, subscriber) => ({ read: subscriber.type === 'Admin' }));
permissionsRouter.add({ name: 'orders', resourceId: 'secret' }, () => ({ read: false }));
export function realtime_check_permission(channel, subscriber) {
  return permissionsRouter.check(channel, subscriber);
}
"#;

const REALTIME_WEB: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { publish } from 'wix-realtime-backend';
export const say = webMethod(Permissions.Anyone, async (name, payload, users) => {
  await publish({ name }, payload, users ? { users } : {});
  return true;
});
"#;

/// A Server-Sent Events stream read event by event.
struct Events {
    response: reqwest::Response,
    buffer: String,
}

impl Events {
    /// The next `(event, data)`, skipping keep-alive comments; panics after 10 seconds.
    async fn next(&mut self) -> (String, Value) {
        tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                if let Some(end) = self.buffer.find("\n\n") {
                    let block: String = self.buffer.drain(..end + 2).collect();
                    let field = |name: &str| {
                        block
                            .lines()
                            .find_map(|l| l.strip_prefix(name))
                            .map(|v| v.trim().to_string())
                    };
                    if let Some(data) = field("data:") {
                        return (
                            field("event:").unwrap_or_default(),
                            serde_json::from_str(&data).unwrap(),
                        );
                    }
                    continue;
                }
                let chunk = self
                    .response
                    .chunk()
                    .await
                    .unwrap()
                    .expect("the stream ended");
                self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
            }
        })
        .await
        .expect("an event within 10 seconds")
    }
}

impl Site {
    /// Subscribes to `query`'s channel; the stream once it said `subscribed`, or the refusal.
    async fn subscribe(&self, query: &str, cookie: Option<&str>) -> Result<Events, (u16, Value)> {
        let mut req = self.site(Method::GET, &format!("/_realtime/subscribe?{query}"));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let response = req.send().await.unwrap();
        let status = response.status().as_u16();
        if status != 200 {
            return Err((status, response.json().await.unwrap_or(Value::Null)));
        }
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        let mut events = Events {
            response,
            buffer: String::new(),
        };
        let (event, _) = events.next().await;
        assert_eq!(event, "subscribed");
        Ok(events)
    }
}

/// publish() from a web method reaches a subscriber over HTTP, on its channel only and, with
/// options.users, only the users named; realtime_check_permission (the permissions router)
/// refuses the channels it denies.
#[tokio::test]
async fn realtime_publish_reaches_permitted_subscribers() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        site.code(json!({
            "backend/realtime-permissions.js": REALTIME_PERMISSIONS,
            "backend/live.web.js": REALTIME_WEB,
        }))
        .await;
        let mut visitor = site.subscribe("channel=orders", None).await.unwrap();
        let member = site.app.member_cookie("shop", "mem-1", &[]).await;
        let mut mem = site
            .subscribe("channel=orders", Some(&member))
            .await
            .unwrap();

        site.web("live.web.js", "say", json!(["news", {"n": 0}]))
            .await;
        site.web(
            "live.web.js",
            "say",
            json!(["orders", {"n": 1}, ["someone-else"]]),
        )
        .await;
        site.web("live.web.js", "say", json!(["orders", {"n": 2}, ["mem-1"]]))
            .await;
        site.web("live.web.js", "say", json!(["orders", {"n": 3}]))
            .await;
        assert_eq!(
            visitor.next().await,
            (
                "message".into(),
                json!({"channel": {"name": "orders"}, "payload": {"n": 3}})
            ),
            "another channel's message and those for named users do not reach a visitor"
        );
        assert_eq!(mem.next().await.1["payload"], json!({"n": 2}));
        assert_eq!(mem.next().await.1["payload"], json!({"n": 3}));

        let (s, b) = site.subscribe("channel=staff", None).await.err().unwrap();
        assert_eq!((s, &b["code"]), (403, &json!("permission_denied")), "{b}");
        let (s, _) = site
            .subscribe("channel=orders&resourceId=secret", None)
            .await
            .err()
            .unwrap();
        assert_eq!(s, 403);
        let (s, _) = site.subscribe("channel=", None).await.err().unwrap();
        assert_eq!(s, 400);
    }
}

/// On PostgreSQL, a message published on one server node reaches a subscriber of another
/// (through the database's LISTEN/NOTIFY).
#[tokio::test]
async fn realtime_messages_cross_nodes_on_postgres() {
    for backend in backends() {
        if backend != tessera_core::store::Backend::Postgres {
            continue;
        }
        let site = Site::new(TestApp::spawn(backend).await).await;
        site.code(json!({ "backend/live.web.js": REALTIME_WEB }))
            .await;
        let other = site.app.second_node().await;
        let _signals = [
            tessera_http::spawn_signals(site.app.state.clone())
                .await
                .unwrap()
                .expect("PostgreSQL signals"),
            tessera_http::spawn_signals(other.clone())
                .await
                .unwrap()
                .expect("PostgreSQL signals"),
        ];
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { axum::serve(listener, tessera_http::app(other)).await });
        let response = reqwest::Client::new()
            .get(format!(
                "http://127.0.0.1:{port}/_realtime/subscribe?channel=orders"
            ))
            .header("host", format!("shop.localhost:{port}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let mut events = Events {
            response,
            buffer: String::new(),
        };
        assert_eq!(events.next().await.0, "subscribed");
        site.web("live.web.js", "say", json!(["orders", {"n": 1}]))
            .await;
        assert_eq!(events.next().await.1["payload"], json!({"n": 1}));
    }
}
