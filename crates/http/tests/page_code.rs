//! Velo page code over HTTP on every backend: a Wix repository's pages pushed, bundled and
//! served with the site runtime on the pages they belong to, problems found at push, and the
//! error beacon writing what the browser threw to the code log at the file and line.

use reqwest::Method;
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
        let doc = json!({
            "schemaVersion": 1,
            "settings": {"name": "Shop"},
            "master": {"header": []},
            "pages": [
                {"id": "home", "title": "Home", "path": "/", "sections": [{"id": "s", "type": "section", "children": [
                    {"id": "title1", "type": "heading", "props": {"text": "Welcome", "level": 1}}]}]},
                {"id": "p2", "title": "About", "path": "/about", "sections": []},
                {"id": "p3", "title": "Contact", "path": "/contact", "sections": []}
            ]
        });
        let (s, b) = call(
            site.app
                .req_as(Method::PUT, "/api/v1/sites/shop/document", &site.owner)
                .json(&json!({"revision": 1, "document": doc})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = call(
            site.app
                .req_as(Method::POST, "/api/v1/sites/shop/publish", &site.owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        site
    }

    async fn push(&self, files: &[(&str, &str)]) -> Value {
        let files: serde_json::Map<String, Value> = files
            .iter()
            .map(|(p, s)| (p.to_string(), json!(s)))
            .collect();
        let (s, b) = call(
            self.app
                .req_as(Method::PUT, "/api/v1/sites/shop/code", &self.owner)
                .json(&json!({ "files": files })),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        let (s, p) = call(
            self.app
                .req_as(Method::POST, "/api/v1/sites/shop/code/publish", &self.owner)
                .json(&json!({})),
        )
        .await;
        assert_eq!(s, 200, "{p}");
        b
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.app.req_host(Method::GET, &self.host(), path)
    }

    fn host(&self) -> String {
        format!("shop.localhost:{}", self.app.addr.port())
    }

    async fn text(&self, path: &str) -> (u16, String, reqwest::header::HeaderMap) {
        let res = self.get(path).send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        (status, res.text().await.unwrap(), headers)
    }

    async fn beacon(&self, body: String) -> (u16, Value) {
        call(
            self.app
                .req_host(Method::POST, &self.host(), "/_api/page-code/errors")
                .header("content-type", "application/json")
                .body(body),
        )
        .await
    }

    async fn logs(&self) -> Vec<Value> {
        let (s, b) = call(
            self.app
                .req_as(Method::GET, "/api/v1/sites/shop/logs", &self.owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        b["logs"].as_array().unwrap().clone()
    }
}

const HOME: &str = "import wixData from 'wix-data';
import { multiply } from 'backend/math.web';
import { greet } from 'public/greet';

export function button1_click() {
  throw new Error('clicked too hard');
}

$w.onReady(async () => {
  $w('#title1').text = greet('visitor');
});
";

/// The address of the script a page loads from `/_code/`.
fn bundle_of(html: &str) -> String {
    let start = html.find("src=\"/_code/").expect("a bundle") + 5;
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_string()
}

#[tokio::test]
async fn pages_load_their_code_and_errors_reach_the_log_at_their_line() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let pushed = site
            .push(&[
                ("src/pages/Home.home.js", HOME),
                ("src/pages/About.x7k2p.js", "$w.onReady(() => {});\n"),
                ("src/masterPage.js", "import { local } from 'wix-storage';\n$w.onReady(() => {});\n"),
                ("src/public/greet.js", "export const greet = (who) => `Hello, ${who}`;\n"),
                (
                    "src/backend/math.web.js",
                    "import { Permissions, webMethod } from 'wix-web-module';\nexport const multiply = webMethod(Permissions.Anyone, (a, b) => a * b);\n",
                ),
            ])
            .await;
        assert_eq!(pushed["problems"], json!([]), "{pushed}");
        assert_eq!(pushed["storedNotRun"], json!([]), "{pushed}");

        // Home is matched by its id, About by its name, Contact gets the master page's code.
        let (s, home, _) = site.text("/").await;
        assert_eq!(s, 200);
        assert!(
            home.contains(r#"<script type="application/json" id="tessera-page">"#),
            "{home}"
        );
        let runtime = home
            .find("src=\"/_assets/site-runtime.")
            .expect("the runtime");
        let code = bundle_of(&home);
        assert!(
            runtime < home.find(&code).unwrap(),
            "the runtime loads first"
        );
        let (_, about, _) = site.text("/about").await;
        let (_, contact, _) = site.text("/contact").await;
        assert_ne!(bundle_of(&about), code);
        assert_ne!(bundle_of(&contact), bundle_of(&about));

        let (s, js, headers) = site.text(&code).await;
        assert_eq!(s, 200);
        assert_eq!(headers["content-type"], "text/javascript; charset=utf-8");
        assert!(
            headers["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        assert!(js.contains("__tessera.run(`pages/Home.home.js`"), "{js}");
        assert!(js.contains("__tessera.define(`public/greet.js`"), "{js}");
        assert!(
            js.contains("__tessera.webMethod(`backend/math.web.js`,`multiply`)"),
            "{js}"
        );
        let (s, map, _) = site.text(&format!("{code}.map")).await;
        assert_eq!(s, 200);
        let map: Value = serde_json::from_str(&map).unwrap();
        assert_eq!(
            map["sources"],
            json!(["public/greet.js", "masterPage.js", "pages/Home.home.js"])
        );
        let (s, runtime_js, _) = site
            .text(&home[runtime + 5..][..home[runtime + 5..].find('"').unwrap()])
            .await;
        assert_eq!(s, 200);
        assert!(runtime_js.contains("__tessera"), "the runtime's build");
        assert_eq!(site.text("/_code/0123456789abcdef.js").await.0, 404);

        // What the page threw, at its place in the minified script, lands in the log at the
        // line it was written on, its stack mapped too.
        let at = js.find("clicked too hard").unwrap();
        let line = js[..at].matches('\n').count() + 1;
        let column = at - js[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
        let script = format!("http://{}{code}", site.host());
        let report = json!({
            "page": "home", "url": format!("http://{}/", site.host()), "file": "pages/Home.home.js",
            "kind": "handler", "name": "Error", "message": "clicked too hard",
            "script": script, "line": line, "column": column,
            "stack": format!("Error: clicked too hard\n    at s ({script}:{line}:{column})"),
        });
        let (s, b) = site.beacon(report.to_string()).await;
        assert_eq!(s, 204, "{b}");
        let logs = site.logs().await;
        let last = logs.last().unwrap();
        assert_eq!(last["source"], "page-code");
        assert_eq!(last["level"], "error");
        let message = last["message"].as_str().unwrap();
        assert!(
            message.starts_with("pages/Home.home.js:6:")
                && message.contains("Error: clicked too hard (handler, page home)"),
            "{message}"
        );
        assert!(
            message.contains("    at s (pages/Home.home.js:6:"),
            "{message}"
        );

        // Bad reports change nothing; a flood is cut off.
        let (s, b) = site.beacon("{not json".into()).await;
        assert_eq!(
            (s, b["code"].as_str()),
            (400, Some("malformed_json")),
            "{b}"
        );
        let (s, _) = site
            .beacon(format!("{{\"message\": \"{}\"}}", "x".repeat(9000)))
            .await;
        assert_eq!(s, 413);
        assert_eq!(site.logs().await.len(), logs.len());
        let mut statuses = Vec::new();
        for _ in 0..30 {
            statuses.push(
                site.beacon(json!({"file": "masterPage.js", "message": "again"}).to_string())
                    .await
                    .0,
            );
        }
        assert_eq!(
            statuses.iter().filter(|s| **s == 204).count(),
            27,
            "{statuses:?}"
        );
        assert_eq!(*statuses.last().unwrap(), 429);
    }
}

#[tokio::test]
async fn problems_in_page_code_are_found_at_push_and_the_rest_is_served() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let pushed = site
            .push(&[
                (
                    "src/pages/Home.home.js",
                    "import wixUsers from 'wix-users';\nimport { secret } from 'backend/keys';\n$w.onReady(() => {});\n",
                ),
                ("src/pages/About.x7k2p.js", "$w.onReady(() => {\n  let x = ;\n});\n"),
                ("src/backend/keys.js", "export const secret = 1;\n"),
            ])
            .await;
        let problems: Vec<String> = pushed["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "{}:{} {}",
                    p["file"].as_str().unwrap(),
                    p["line"],
                    p["message"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.contains(&"pages/Home.home.js:1 wix-users is not a module page code can import in the browser".to_string()), "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("pages/Home.home.js:2 backend/keys.js is backend code")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("pages/About.x7k2p.js:2 ")),
            "{problems:?}"
        );
        // Home still gets its script (its imports throw in the browser, where the beacon
        // reports them); About, which does not parse, is served without code.
        assert!(site.text("/").await.1.contains("src=\"/_code/"));
        assert!(!site.text("/about").await.1.contains("tessera-page"));
        // A strict push refuses them.
        let (s, b) = call(
            site.app
                .req_as(
                    Method::PUT,
                    "/api/v1/sites/shop/code?strict=true",
                    &site.owner,
                )
                .json(&json!({"files": {"pages/About.x7k2p.js": "let x = ;"}})),
        )
        .await;
        assert_eq!(s, 400, "{b}");
    }
}
