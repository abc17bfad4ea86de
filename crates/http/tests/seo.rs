//! The SEO report over HTTP on every backend: a site built to have each problem (a missing
//! title, a long description, two h1, an image without alt text, a noindex page, a broken
//! internal link, a redirect chain, a page missing from the sitemap, a slow page) gets each
//! finding, with scores and links to fix them in the editor; only owners and admins may
//! read or run it; a publish runs it again (stepped here, as the background does it).

use reqwest::Method;
use serde_json::{Value, json};
use tessera_analytics::{Analytics, seo::SLOW_MS};
use tessera_testkit::{TestApp, backends, call, tar};

const GOOD_DESCRIPTION: &str =
    "Fresh coffee, pastries and a quiet corner to work in, every day from seven until seven.";

fn good_seo(title: &str) -> Value {
    json!({"title": title, "description": GOOD_DESCRIPTION})
}

fn heading(id: &str, text: &str, level: u8) -> Value {
    json!({"id": id, "type": "heading", "props": {"text": text, "level": level}})
}

fn link(id: &str, href: &str) -> Value {
    json!({"id": id, "type": "link", "props": {"text": href, "link": {"href": href}}})
}

fn image(id: &str, alt: &str) -> Value {
    json!({"id": id, "type": "image", "props": {"src": "/_assets/stock/cup.svg", "alt": alt, "width": 400, "height": 300}})
}

fn page(id: &str, path: &str, seo: Value, children: Vec<Value>) -> Value {
    json!({"id": id, "title": id, "path": path, "seo": seo,
           "sections": [{"id": format!("{id}-s"), "type": "section", "children": children}]})
}

fn document() -> Value {
    let mut slow = page(
        "slow",
        "/slow",
        good_seo("A page that reads slowly"),
        vec![heading("slow-h", "Slow", 1)],
    );
    slow["datasets"] = json!([{"id": "d", "collection": "Slow", "pageSize": 1}]);
    json!({
        "schemaVersion": 1,
        "settings": {"name": "Seo Shop", "notFoundPage": "lost",
                     "redirects": [{"from": "/old", "to": "/older"}, {"from": "/older", "to": "/blog"}]},
        "pages": [
            page("home", "/", good_seo("Welcome to the Seo Shop"), vec![
                heading("home-h", "Welcome", 1),
                image("cup", "A cup of coffee"),
                link("to-about", "/about"),
                link("to-gone", "/gone"),
                link("to-old", "/old"),
                link("to-slow", "/slow"),
                link("to-blog", "/blog"),
            ]),
            page("about", "/about", json!({"title": "", "description": "x".repeat(200)}), vec![
                heading("a1", "About us", 1),
                heading("a2", "Our story", 1),
                image("nopic", ""),
            ]),
            page("hidden", "/hidden", json!({"title": "A page for people only", "description": GOOD_DESCRIPTION, "noIndex": true}),
                 vec![heading("hidden-h", "Hidden", 1)]),
            page("lost", "/lost", good_seo("The page you asked for"), vec![heading("lost-h", "Not here", 1)]),
            page("blog", "/blog", good_seo("The blog of the Seo Shop"), vec![heading("blog-h", "Blog", 1)]),
            slow,
        ]
    })
}

struct Site {
    app: TestApp,
    owner: String,
}

impl Site {
    async fn new(app: TestApp) -> Self {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "seo").await;
        let site = Self { app, owner };
        let (s, b) = call(site.wix(Method::POST, "/wix-data/v2/collections", &site.owner).json(&json!({"collection": {"id": "Slow",
            "fields": [{"key": "n", "type": "NUMBER"}],
            "permissions": {"read": "ANYONE", "insert": "CMS_EDITOR", "update": "CMS_EDITOR", "remove": "CMS_EDITOR"}}}))).await;
        assert_eq!(s, 200, "{b}");
        // Reading the slow page's collection takes longer than a page may.
        let hook = format!(
            "export function Slow_beforeQuery(query) {{ const end = Date.now() + {}; while (Date.now() < end) {{}} return query; }}",
            SLOW_MS + 300
        );
        let (s, b) = call(
            site.app
                .req_as(Method::PUT, "/api/v1/sites/seo/code", &site.owner)
                .body(tar(&[("backend/data.js", &hook)])),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        site
    }

    fn wix(&self, method: Method, path: &str, who: &str) -> reqwest::RequestBuilder {
        self.app.wix(method, path, "seo", Some(who))
    }

    async fn save_and_publish(&self, doc: &Value) {
        let (s, b) = call(
            self.app
                .req_as(Method::GET, "/api/v1/sites/seo/document", &self.owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let revision = b["revision"].as_i64().unwrap();
        let (s, b) = call(
            self.app
                .req_as(Method::PUT, "/api/v1/sites/seo/document", &self.owner)
                .json(&json!({"revision": revision, "document": doc})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = call(
            self.app
                .req_as(Method::POST, "/api/v1/sites/seo/publish", &self.owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
    }

    /// Runs the reports that publishes made due, as the background does after its delay.
    async fn step(&self) {
        let p = self.app.state.platform();
        p.module::<Analytics>().unwrap().seo.run_due(p, true).await;
    }
}

fn findings<'a>(report: &'a Value, path: &str) -> Vec<&'a Value> {
    let page = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == path)
        .unwrap_or_else(|| panic!("no page {path} in {report:#}"));
    page["findings"].as_array().unwrap().iter().collect()
}

fn kinds(report: &Value, path: &str) -> Vec<String> {
    let mut k: Vec<String> = findings(report, path)
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_string())
        .collect();
    k.sort();
    k
}

fn one<'a>(report: &'a Value, path: &str, kind: &str) -> &'a Value {
    let found: Vec<_> = findings(report, path)
        .into_iter()
        .filter(|f| f["kind"] == kind)
        .collect();
    assert_eq!(found.len(), 1, "{kind} on {path}: {report:#}");
    found[0]
}

#[tokio::test]
async fn findings_on_a_site_built_to_have_each_problem() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let owner = site.owner.clone();

        // Before any publish: nothing to report, and a run says why.
        let (s, b) = call(site.wix(Method::GET, "/analytics/v1/seo", &owner)).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["report"], Value::Null);
        let (s, b) = call(site.wix(Method::POST, "/analytics/v1/seo/run", &owner)).await;
        assert_eq!(s, 400, "{b}");
        assert!(b.to_string().contains("not published"), "{b}");

        site.save_and_publish(&document()).await;
        site.step().await;
        let (s, b) = call(site.wix(Method::GET, "/analytics/v1/seo", &owner)).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["stale"], false, "{b}");
        let report = &b["report"];
        assert_eq!(report["version"], b["publishedVersion"]);
        assert_eq!(report["slowMs"], SLOW_MS);

        // The home page is clean but for its link to a page that does not exist.
        assert_eq!(kinds(report, "/"), ["broken_link"], "{report:#}");
        let broken = one(report, "/", "broken_link");
        assert!(
            broken["message"].as_str().unwrap().contains("/gone"),
            "{broken}"
        );
        assert_eq!(broken["severity"], "error");
        assert_eq!(broken["fix"], "/sites/seo/editor?page=home&element=to-gone");

        // About: no title, a description too long, two h1, an image without alt text.
        assert_eq!(
            kinds(report, "/about"),
            [
                "description_length",
                "h1_multiple",
                "image_alt_missing",
                "title_missing"
            ],
            "{report:#}"
        );
        assert_eq!(
            one(report, "/about", "h1_multiple")["fix"],
            "/sites/seo/editor?page=about&element=a2"
        );
        assert_eq!(
            one(report, "/about", "image_alt_missing")["fix"],
            "/sites/seo/editor?page=about&element=nopic"
        );
        assert_eq!(
            one(report, "/about", "title_missing")["fix"],
            "/sites/seo/editor?page=about"
        );
        assert!(
            one(report, "/about", "description_length")["message"]
                .as_str()
                .unwrap()
                .contains("200 characters")
        );

        // A noindex page is shown as such (and is rightly not in the sitemap); the not-found
        // page may be indexed but the sitemap leaves it out; the slow page is slow.
        assert_eq!(kinds(report, "/hidden"), ["noindex"]);
        assert_eq!(kinds(report, "/lost"), ["not_in_sitemap"]);
        assert_eq!(kinds(report, "/slow"), ["slow"]);
        assert_eq!(kinds(report, "/blog"), Vec::<String>::new());

        // The redirect chain /old → /older → /blog is the site's.
        let site_findings = report["findings"].as_array().unwrap();
        assert_eq!(site_findings.len(), 1, "{report:#}");
        assert_eq!(site_findings[0]["kind"], "redirect_chain");
        assert_eq!(site_findings[0]["path"], "/old");
        assert!(
            site_findings[0]["message"]
                .as_str()
                .unwrap()
                .contains("/old → /older → /blog"),
            "{}",
            site_findings[0]
        );
        assert_eq!(site_findings[0]["fix"], "/sites/seo/editor");

        // Scores: 100 minus each page's weights; the site's the average minus its own.
        let score = |path: &str| {
            report["pages"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["path"] == path)
                .unwrap()["score"]
                .as_u64()
                .unwrap()
        };
        assert_eq!(score("/"), 85);
        assert_eq!(score("/about"), 100 - 5 - 5 - 5 - 20);
        assert_eq!(score("/hidden"), 100);
        assert_eq!(score("/blog"), 100);
        let pages = report["pages"].as_array().unwrap();
        assert_eq!(pages.len(), 6, "{report:#}");
        let average = pages
            .iter()
            .map(|p| p["score"].as_u64().unwrap())
            .sum::<u64>() as f64
            / 6.0;
        assert_eq!(report["score"], average.round() as u64 - 10);

        // Owners and admins only.
        let editor = site
            .app
            .collaborator(&owner, "seo", "editor@example.com", "editor")
            .await;
        let admin = site
            .app
            .collaborator(&owner, "seo", "admin@example.com", "admin")
            .await;
        for (method, path) in [
            (Method::GET, "/analytics/v1/seo"),
            (Method::POST, "/analytics/v1/seo/run"),
        ] {
            let (s, b) = call(site.wix(method.clone(), path, &editor)).await;
            assert_eq!(s, 403, "{b}");
            assert!(b.to_string().contains("SEO report"), "{b}");
        }
        let (s, b) = call(site.wix(Method::GET, "/analytics/v1/seo", &admin)).await;
        assert_eq!(s, 200, "{b}");

        // A publish leaves the report stale until it runs again; fixing the about page's
        // title and running now shows it gone.
        let mut doc = document();
        doc["pages"][1]["seo"]["title"] = json!("About the Seo Shop");
        site.save_and_publish(&doc).await;
        let (_, b) = call(site.wix(Method::GET, "/analytics/v1/seo", &owner)).await;
        assert_eq!(b["stale"], true, "{b}");
        let (s, b) = call(site.wix(Method::POST, "/analytics/v1/seo/run", &admin)).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["stale"], false, "{b}");
        assert_eq!(
            kinds(&b["report"], "/about"),
            ["description_length", "h1_multiple", "image_alt_missing"]
        );
    }
}
