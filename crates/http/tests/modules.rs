//! Backend modules real Velo sites use, over HTTP on every backend: a member's id is their
//! contact's id.

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
