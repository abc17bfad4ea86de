//! Site pages over HTTP on every backend: the draft document and its conflicts, publishing,
//! versions and rollback, rendering with data (dynamic pages, repeaters, escaping), the page
//! cache and its invalidation, SEO files, forms, previews and members-only pages.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call};

struct Site {
    app: TestApp,
    owner: String,
}

fn document(home_title: &str) -> Value {
    json!({
        "schemaVersion": 1,
        "settings": {"name": "Shop", "notFoundPage": "nf", "redirects": [{"from": "/old", "to": "/blog"}],
                     "robotsTxt": "User-agent: *\nDisallow: /private\n"},
        "master": {"header": [{"id": "menu", "type": "menu"}]},
        "pages": [
            {"id": "home", "title": "Home", "path": "/", "sections": [
                {"id": "s", "type": "section", "children": [
                    {"id": "h", "type": "heading", "props": {"text": home_title, "level": 1}},
                    {"id": "f", "type": "form", "props": {"collection": "Messages", "fields": [
                        {"name": "email", "label": "Email", "type": "email", "required": true},
                        {"name": "message", "label": "Message", "type": "textarea", "required": true}
                    ]}}
                ]}
            ]},
            {"id": "blog", "title": "Blog", "path": "/blog",
             "datasets": [{"id": "posts", "collection": "Posts", "sort": [{"fieldName": "n", "order": "ASC"}], "pageSize": 2}],
             "sections": [{"id": "bs", "type": "section", "children": [
                {"id": "list", "type": "repeater", "props": {"dataset": "posts", "pagination": true}, "children": [
                    {"id": "t", "type": "heading", "props": {"text": "", "level": 2}, "bind": {"text": {"field": "title"}}},
                    {"id": "more", "type": "link", "props": {"text": "Read", "link": {"href": "/blog"}}, "bind": {"href": {"field": "@url"}}}
                ]}
             ]}]},
            {"id": "post", "title": "Post", "path": "/blog/{slug}", "dynamic": {"collection": "Posts", "field": "slug"},
             "seo": {"title": "{title} | Shop", "jsonLd": "Article"},
             "sections": [{"id": "ps", "type": "section", "children": [
                {"id": "pt", "type": "heading", "props": {"text": "", "level": 1}, "bind": {"text": {"field": "title"}}}
             ]}]},
            {"id": "club", "title": "Club", "path": "/club", "visibility": "members", "sections": []},
            {"id": "nf", "title": "Lost", "path": "/lost", "hideFromMenu": true, "seo": {"noIndex": true},
             "sections": [{"id": "ns", "type": "section", "children": [
                {"id": "nh", "type": "heading", "props": {"text": "Nothing here", "level": 1}}]}]}
        ]
    })
}

impl Site {
    async fn new(app: TestApp) -> Self {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "shop").await;
        let (s, b) = call(app.wix(Method::POST, "/wix-data/v2/collections", "shop", Some(&owner)).json(&json!({"collection": {"id": "Posts",
            "fields": [{"key": "slug", "type": "TEXT"}, {"key": "title", "type": "TEXT"}, {"key": "n", "type": "NUMBER"}],
            "permissions": {"read": "ANYONE", "insert": "CMS_EDITOR", "update": "CMS_EDITOR", "remove": "CMS_EDITOR"}}}))).await;
        assert_eq!(s, 200, "{b}");
        let site = Self { app, owner };
        for (n, slug, title) in [
            (1, "first", "First post"),
            (2, "second", "<script>alert(1)</script>"),
            (3, "third", "Third"),
        ] {
            site.insert_post(n, slug, title).await;
        }
        site
    }

    async fn insert_post(&self, n: i64, slug: &str, title: &str) -> String {
        let (s, b) = call(
            self.app
                .wix(Method::POST, "/wix-data/v2/items", "shop", Some(&self.owner))
                .json(&json!({"dataCollectionId": "Posts", "dataItem": {"data": {"slug": slug, "title": title, "n": n}}})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        b["dataItem"]["id"].as_str().unwrap().to_string()
    }

    async fn save(&self, revision: i64, doc: &Value) -> (u16, Value) {
        call(
            self.app
                .req_as(Method::PUT, "/api/v1/sites/shop/document", &self.owner)
                .json(&json!({"revision": revision, "document": doc})),
        )
        .await
    }

    async fn publish(&self) -> Value {
        let (s, b) = call(
            self.app
                .req_as(Method::POST, "/api/v1/sites/shop/publish", &self.owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        b
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.app.req_host(
            Method::GET,
            &format!("shop.localhost:{}", self.app.addr.port()),
            path,
        )
    }

    async fn page(&self, path: &str) -> (u16, String) {
        let res = self.get(path).send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.text().await.unwrap())
    }
}

#[tokio::test]
async fn drafts_publish_versions_and_rollback() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        // A new site's draft is the starter page (revision 1); visitors see a placeholder
        // until it is published, which it can be at once.
        let (s, b) = call(
            site.app
                .req_as(Method::GET, "/api/v1/sites/shop/document", &site.owner),
        )
        .await;
        assert_eq!((s, b["revision"].as_i64()), (200, Some(1)), "{b}");
        assert_eq!(b["document"]["pages"][0]["path"], "/");
        assert!(site.page("/").await.1.contains("have not been published"));
        assert_eq!(site.publish().await["version"], 1);
        assert!(site.page("/").await.1.contains(">Site shop</h1>"));

        // A bad node is refused with its path, and nothing is saved.
        let mut bad = document("Welcome");
        bad["pages"][0]["sections"][0]["children"][0]["props"]["level"] = json!(7);
        let (s, b) = site.save(1, &bad).await;
        assert_eq!(s, 400, "{b}");
        assert_eq!(
            b["details"]["path"],
            "pages[0].sections[0].children[0].props.level"
        );
        let mut bad = document("Welcome");
        bad["pages"][1]["datasets"][0]["filter"] = json!({"n": {"$near": 1}});
        let (s, b) = site.save(1, &bad).await;
        assert_eq!(
            (s, b["details"]["path"].as_str()),
            (400, Some("pages[1].datasets[0].filter")),
            "{b}"
        );

        let (s, b) = site.save(1, &document("Welcome")).await;
        assert_eq!((s, b["revision"].as_i64()), (200, Some(2)), "{b}");
        // A save from a stale revision changes nothing.
        let (s, b) = site.save(1, &document("Lost update")).await;
        assert_eq!(s, 409, "{b}");

        let v2 = site.publish().await;
        assert_eq!(
            (v2["version"].as_i64(), v2["published"].as_bool()),
            (Some(2), Some(true))
        );
        let (s, html) = site.page("/").await;
        assert_eq!(s, 200);
        assert!(
            html.contains("<h1 id=\"h\" class=\"t-heading\">Welcome</h1>"),
            "{html}"
        );

        // Editing the draft leaves the live page alone until the next publish.
        let (s, _) = site.save(2, &document("Welcome back")).await;
        assert_eq!(s, 200);
        assert!(site.page("/").await.1.contains(">Welcome</h1>"));
        let v3 = site.publish().await;
        assert_eq!(v3["version"], 3);
        assert!(site.page("/").await.1.contains(">Welcome back</h1>"));

        let (_, list) = call(site.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/versions",
            &site.owner,
        ))
        .await;
        let published: Vec<(i64, bool)> = list["versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["version"].as_i64().unwrap(),
                    v["published"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(published, vec![(3, true), (2, false), (1, false)]);

        // Rollback: visitors see version 2 again and the draft holds its document.
        let (s, b) = call(site.app.req_as(
            Method::POST,
            "/api/v1/sites/shop/versions/2/rollback",
            &site.owner,
        ))
        .await;
        assert_eq!((s, b["draftRevision"].as_i64()), (200, Some(4)), "{b}");
        assert!(site.page("/").await.1.contains(">Welcome</h1>"));
        let (_, draft) = call(site.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/document",
            &site.owner,
        ))
        .await;
        assert_eq!(
            draft["document"]["pages"][0]["sections"][0]["children"][0]["props"]["text"],
            "Welcome"
        );
        let (s, _) = call(site.app.req_as(
            Method::POST,
            "/api/v1/sites/shop/versions/9/rollback",
            &site.owner,
        ))
        .await;
        assert_eq!(s, 404);
        let (s, v) = call(site.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/versions/2",
            &site.owner,
        ))
        .await;
        assert_eq!(
            (s, v["document"]["pages"][0]["id"].as_str()),
            (200, Some("home"))
        );
    }
}

#[tokio::test]
async fn the_editor_renders_unsaved_documents() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let render = |doc: Value, page: &str| {
            site.app
                .req_as(Method::POST, "/api/v1/sites/shop/render", &site.owner)
                .json(&json!({"document": doc, "pageId": page}))
        };
        let res = render(document("Not saved"), "home").send().await.unwrap();
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(
            html.contains(">Not saved</h1>")
                && html.contains("<style>")
                && !html.contains("<script src"),
            "{html}"
        );
        // A dynamic page shows its collection's first item.
        let html = render(document("x"), "post")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("<h1 id=\"pt\" class=\"t-heading\">First post</h1>"),
            "{html}"
        );
        let mut bad = document("x");
        bad["pages"][0]["sections"][0]["type"] = json!("marquee");
        let (s, b) = call(render(bad, "home")).await;
        assert_eq!(
            (s, b["details"]["path"].as_str()),
            (400, Some("pages[0].sections[0].type")),
            "{b}"
        );
        assert_eq!(call(render(document("x"), "nope")).await.0, 404);
        // Nothing was saved or published.
        assert!(site.page("/").await.1.contains("have not been published"));
    }
}

#[tokio::test]
async fn pages_render_data_dynamic_items_and_seo() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        site.save(1, &document("Welcome")).await;
        site.publish().await;

        // A repeater over the dataset, two per page, each linking to its dynamic page.
        let (s, html) = site.page("/blog").await;
        assert_eq!(s, 200);
        assert!(
            html.contains("<h2 class=\"t-heading\">First post</h2>"),
            "{html}"
        );
        assert!(html.contains("href=\"/blog/first\""), "{html}");
        // The title is data: it is escaped, never markup.
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>alert(1)"));
        assert!(!html.contains("Third") && html.contains("href=\"?page=2\" rel=\"next\""));
        let (_, page2) = site.page("/blog?page=2").await;
        assert!(
            page2.contains("Third")
                && page2.contains("rel=\"prev\"")
                && !page2.contains("rel=\"next\"")
        );

        let (s, html) = site.page("/blog/first").await;
        assert_eq!(s, 200);
        assert!(html.contains("<title>First post | Shop</title>"), "{html}");
        assert!(
            html.contains("\"@type\":\"Article\"")
                && html.contains("\"headline\":\"First post | Shop\""),
            "{html}"
        );
        assert!(
            html.contains(
                "<link rel=\"canonical\" href=\"http://shop.localhost:8080/blog/first\">"
            ),
            "{html}"
        );
        // Addresses take the public URL's scheme and port (http://localhost:8080 here) with the
        // request's host name: through a proxy that drops the port, the port stays, and a port
        // made up by the first visitor is not cached into the page for everyone.
        let canonical = |host: &'static str, path: &'static str| {
            let req = site.app.req_host(Method::GET, host, path);
            async move {
                let html = req.send().await.unwrap().text().await.unwrap();
                let start = html.find("<link rel=\"canonical\" href=\"").unwrap() + 28;
                html[start..].split('"').next().unwrap().to_string()
            }
        };
        for host in ["shop.localhost:1", "shop.localhost"] {
            assert_eq!(
                canonical(host, "/blog/third").await,
                "http://shop.localhost:8080/blog/third"
            );
        }
        // Each of the site's hosts has its own copy of a page.
        let (s, b) = call(
            site.app
                .req_as(Method::POST, "/api/v1/sites/shop/domains", &site.owner)
                .json(&json!({"domain": "www.shop.example"})),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        assert_eq!(
            canonical("www.shop.example", "/blog/first").await,
            "http://www.shop.example:8080/blog/first"
        );
        let (s, html) = site.page("/blog/second").await;
        assert_eq!(s, 200);
        assert!(
            html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; | Shop</title>"),
            "{html}"
        );
        assert!(!html.contains("<script>alert(1)"), "{html}");

        // Unknown items and paths get the site's 404 page, marked noindex.
        let (s, html) = site.page("/blog/nope").await;
        assert_eq!(s, 404);
        assert!(
            html.contains("Nothing here") && html.contains("noindex"),
            "{html}"
        );
        assert_eq!(site.page("/no/such/page").await.0, 404);

        let res = site.get("/old").send().await.unwrap();
        assert_eq!(res.status(), 301);
        assert_eq!(res.headers()["location"], "/blog");

        let (s, robots) = site.page("/robots.txt").await;
        assert_eq!(
            (s, robots.as_str()),
            (200, "User-agent: *\nDisallow: /private\n")
        );
        let (s, sitemap) = site.page("/sitemap.xml").await;
        assert_eq!(s, 200);
        let base = "http://shop.localhost:8080";
        for path in ["/", "/blog", "/blog/first", "/blog/second", "/blog/third"] {
            assert!(
                sitemap.contains(&format!("<loc>{base}{path}</loc>")),
                "{path} in {sitemap}"
            );
        }
        assert!(
            !sitemap.contains("/lost")
                && !sitemap.contains("/club")
                && sitemap.contains("<lastmod>")
        );

        // The stylesheet is content-addressed and cached for good.
        let (_, home) = site.page("/").await;
        let css = home
            .split("href=\"/_assets/site.")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let res = site
            .get(&format!("/_assets/site.{css}"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert!(res.text().await.unwrap().contains(".t-section{"));

        // Members-only pages send visitors to log in.
        let res = site.get("/club").send().await.unwrap();
        assert_eq!(
            (
                res.status().as_u16(),
                res.headers()["location"].to_str().unwrap()
            ),
            (302, "/login?returnUrl=%2Fclub")
        );
        let res = site
            .get("/club")
            .header("cookie", site.app.member_cookie("shop", "m1", &[]).await)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["cache-control"], "private, no-store");
    }
}

#[tokio::test]
async fn cached_pages_follow_data_changes() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        site.save(1, &document("Welcome")).await;
        site.publish().await;
        let res = site.get("/blog").send().await.unwrap();
        let etag = res.headers()["etag"].to_str().unwrap().to_string();
        assert_eq!(res.headers()["cache-control"], "public, no-cache");
        let res = site
            .get("/blog")
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 304);
        // The home page has a form: its tag is the visitor's, who keeps the form cookie.
        let home = site.get("/").send().await.unwrap();
        let home_etag = home.headers()["etag"].clone();
        assert_eq!(home.headers()["cache-control"], "private, no-cache");
        let visitor = home.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();

        // Updating an item the page shows changes the page; pages that do not read it stay.
        let (s, b) = call(
            site.app
                .wix(
                    Method::POST,
                    "/wix-data/v2/items/query",
                    "shop",
                    Some(&site.owner),
                )
                .json(
                    &json!({"dataCollectionId": "Posts", "query": {"filter": {"slug": "first"}}}),
                ),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let mut item = b["dataItems"][0]["data"].clone();
        item["title"] = json!("First, edited");
        let (s, b) = call(site.app.wix(Method::POST, "/wix-data/v2/items/update", "shop", Some(&site.owner))
            .json(&json!({"dataCollectionId": "Posts", "dataItem": {"id": item["_id"], "data": item}}))).await;
        assert_eq!(s, 200, "{b}");
        let res = site
            .get("/blog")
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("First, edited"));
        assert!(site.page("/blog/first").await.1.contains("First, edited"));
        let res = site
            .get("/")
            .header("if-none-match", home_etag.clone())
            .header("cookie", visitor.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 304);
        let res = site
            .get("/")
            .header("if-none-match", home_etag.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            200,
            "a new visitor gets a page with their own token"
        );

        // A new item appears in the sitemap; a removed one leaves it.
        let id = site.insert_post(4, "fourth", "Fourth").await;
        assert!(site.page("/sitemap.xml").await.1.contains("/blog/fourth"));
        let (s, _) = call(site.app.wix(
            Method::DELETE,
            &format!("/wix-data/v2/items/{id}?dataCollectionId=Posts"),
            "shop",
            Some(&site.owner),
        ))
        .await;
        assert_eq!(s, 200);
        assert!(!site.page("/sitemap.xml").await.1.contains("/blog/fourth"));
        assert_eq!(site.page("/blog/fourth").await.0, 404);

        // Making the collection private hides its items from pages at once.
        let (s, b) = call(site.app.wix(
            Method::GET,
            "/wix-data/v2/collections/Posts",
            "shop",
            Some(&site.owner),
        ))
        .await;
        assert_eq!(s, 200, "{b}");
        let mut posts = b["collection"].clone();
        posts["permissions"]["read"] = json!("CMS_EDITOR");
        let (s, b) = call(
            site.app
                .wix(
                    Method::PUT,
                    "/wix-data/v2/collections",
                    "shop",
                    Some(&site.owner),
                )
                .json(&json!({"collection": posts})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (_, html) = site.page("/blog?utm_source=x").await;
        assert!(
            !html.contains("First, edited") && html.contains("Nothing here yet."),
            "{html}"
        );
        assert_eq!(site.page("/blog/first").await.0, 404);
    }
}

#[tokio::test]
async fn forms_store_checked_submissions() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        site.save(1, &document("Welcome")).await;
        site.publish().await;
        let (_, home) = site.page("/").await;
        assert!(
            home.contains("action=\"/_api/forms/f\"") && home.contains("/_assets/runtime."),
            "{home}"
        );
        let host = format!("shop.localhost:{}", site.app.addr.port());
        let (cookie, token) = site.app.form_pass(&host, "/").await;
        let post = |mut body: Value| {
            body["_csrf"] = json!(token);
            site.app
                .req_host(Method::POST, &host, "/_api/forms/f")
                .header("cookie", cookie.clone())
                .json(&body)
        };
        // A post without the page's token (another site's page, a replay) is refused.
        let (s, b) = call(
            site.app
                .req_host(Method::POST, &host, "/_api/forms/f")
                .json(&json!({"email": "a@example.com", "message": "hi"})),
        )
        .await;
        assert_eq!(
            (s, b["details"]["field"].as_str()),
            (403, Some("_csrf")),
            "{b}"
        );
        let (s, _) = call(
            site.app
                .req_host(Method::POST, &host, "/_api/forms/f")
                .header("cookie", cookie.clone())
                .json(&json!({"email": "a@example.com", "message": "hi", "_csrf": "0".repeat(64)})),
        )
        .await;
        assert_eq!(s, 403);

        let (s, b) = call(post(json!({"email": "not-an-address", "message": "hi"}))).await;
        assert_eq!(
            (s, b["details"]["field"].as_str()),
            (400, Some("email")),
            "{b}"
        );
        let (s, b) = call(post(json!({"email": "a@example.com"}))).await;
        assert_eq!(
            (s, b["details"]["field"].as_str()),
            (400, Some("message")),
            "{b}"
        );
        let (s, b) = call(post(
            json!({"email": "a@example.com", "message": "hi", "admin": true}),
        ))
        .await;
        assert_eq!(
            (s, b["details"]["field"].as_str()),
            (400, Some("admin")),
            "{b}"
        );
        // A filled honeypot looks accepted but stores nothing.
        let (s, _) = call(post(
            json!({"email": "bot@example.com", "message": "spam", "_hp": "x"}),
        ))
        .await;
        assert_eq!(s, 200);
        let (s, b) = call(post(
            json!({"email": "a@example.com", "message": "Hello <b>there</b>"}),
        ))
        .await;
        assert_eq!((s, &b), (200, &json!({"ok": true})));
        // Without JavaScript: an urlencoded post, answered with a redirect back to the page.
        let res = site
            .app
            .req_host(Method::POST, &host, "/_api/forms/f")
            .header("referer", format!("http://{host}/"))
            .header("cookie", cookie.clone())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "email=b%40example.com&message=Second&_hp=&_csrf={token}"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(
            (
                res.status().as_u16(),
                res.headers()["location"].to_str().unwrap()
            ),
            (303, "/?submitted=f#f")
        );
        assert!(
            site.page("/?submitted=f")
                .await
                .1
                .contains("Thanks, your message was sent.")
        );

        let (s, b) = call(site.app.wix(Method::POST, "/wix-data/v2/items/query", "shop", Some(&site.owner))
            .json(&json!({"dataCollectionId": "Messages", "query": {"sort": [{"fieldName": "_createdDate", "order": "ASC"}]}}))).await;
        assert_eq!(s, 200, "{b}");
        let got: Vec<&str> = b["dataItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["data"]["email"].as_str().unwrap())
            .collect();
        assert_eq!(got, ["a@example.com", "b@example.com"]);
        // Visitors cannot read the submissions.
        let (s, _) = call(
            site.app
                .wix(Method::POST, "/wix-data/v2/items/query", "shop", None)
                .json(&json!({"dataCollectionId": "Messages"})),
        )
        .await;
        assert_eq!(s, 403);
        assert_eq!(
            call(
                site.app
                    .req_host(Method::POST, &host, "/_api/forms/nope")
                    .header("cookie", cookie.clone())
                    .json(&json!({"_csrf": token}))
            )
            .await
            .0,
            404
        );
    }
}

#[tokio::test]
async fn previews_show_the_draft_to_their_holder_only() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        site.save(1, &document("Live")).await;
        site.publish().await;
        site.save(2, &document("Draft")).await;
        let (s, b) = call(
            site.app
                .req_as(Method::POST, "/api/v1/sites/shop/preview", &site.owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let url = b["url"].as_str().unwrap();
        let path = &url[url.find("/_preview").unwrap()..];
        let res = site.get(path).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let cookie = res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let res = site
            .get("/")
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["cache-control"], "private, no-store");
        let html = res.text().await.unwrap();
        assert!(
            html.contains(">Draft</h1>") && html.contains("noindex"),
            "{html}"
        );
        // Everyone else still sees the published page; a forged token is refused.
        assert!(site.page("/").await.1.contains(">Live</h1>"));
        assert_eq!(
            site.get("/_preview?token=forged")
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        let res = site
            .get("/")
            .header("cookie", "tessera_preview=forged")
            .send()
            .await
            .unwrap();
        assert!(res.text().await.unwrap().contains(">Live</h1>"));
    }
}

/// Two server nodes on one PostgreSQL database: a write through one drops the other's cached
/// pages (LISTEN/NOTIFY), and so does a publish.
#[tokio::test]
async fn other_nodes_drop_cached_pages_on_postgres() {
    for backend in backends() {
        if backend != tessera_core::store::Backend::Postgres {
            continue;
        }
        let site = Site::new(TestApp::spawn(backend).await).await;
        site.save(1, &document("Welcome")).await;
        site.publish().await;
        let other = site.app.second_node().await;
        let signals = [
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
        let client = reqwest::Client::new();
        let page = |path: &'static str| {
            let client = client.clone();
            async move {
                let res = client
                    .get(format!("http://127.0.0.1:{port}{path}"))
                    .header("host", format!("shop.localhost:{port}"))
                    .send()
                    .await
                    .unwrap();
                res.text().await.unwrap()
            }
        };
        // Waits (at most 10 s) until the other node's page shows `want`.
        let shows = |path: &'static str, want: &'static str| {
            let page = &page;
            async move {
                for _ in 0..200 {
                    if page(path).await.contains(want) {
                        return true;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                false
            }
        };
        assert!(
            page("/blog").await.contains("First post"),
            "cached on the other node"
        );
        site.insert_post(0, "zeroth", "Zeroth post").await;
        assert!(
            shows("/blog", "Zeroth post").await,
            "the insert reached the other node"
        );
        site.save(2, &document("Republished")).await;
        site.publish().await;
        assert!(
            shows("/", ">Republished</h1>").await,
            "the publish reached the other node"
        );
        for s in signals {
            s.abort();
        }
    }
}

#[tokio::test]
async fn sites_start_from_templates() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (_, owner) = app.account("owner@example.com").await;
        let create = |slug: &str, template: &str| {
            app.req_as(Method::POST, "/api/v1/sites", &owner)
                .json(&json!({"slug": slug, "name": "Ann's <Blog>", "template": template}))
        };
        let (s, b) = call(create("bad", "magazine")).await;
        assert_eq!(s, 400, "{b}");
        for (slug, template, path, shows) in [
            ("ann", "blog", "/blog/hello-world", "Hello, world"),
            ("shop", "store", "/shop", "Country sourdough"),
            ("firm", "business", "/about", "About us"),
            (
                "plain",
                "blank",
                "/",
                "class=\"t-heading\">Ann's &lt;Blog&gt;</h1>",
            ),
        ] {
            let (s, b) = call(create(slug, template)).await;
            assert_eq!(s, 201, "{b}");
            let (_, draft) = call(app.req_as(
                Method::GET,
                &format!("/api/v1/sites/{slug}/document"),
                &owner,
            ))
            .await;
            assert_eq!(
                draft["revision"], 1,
                "{template}: the template is the draft"
            );
            let (s, b) = call(app.req_as(
                Method::POST,
                &format!("/api/v1/sites/{slug}/publish"),
                &owner,
            ))
            .await;
            assert_eq!(s, 200, "{b}");
            let res = app
                .req_host(
                    Method::GET,
                    &format!("{slug}.localhost:{}", app.addr.port()),
                    path,
                )
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{template} {path}");
            let html = res.text().await.unwrap();
            assert!(
                html.contains(shows) && html.contains("Ann's &lt;Blog&gt;"),
                "{template}: {html}"
            );
        }
        let (_, b) = call(
            app.wix(
                Method::POST,
                "/wix-data/v2/items/count",
                "ann",
                Some(&owner),
            )
            .json(&json!({"dataCollectionId": "Posts"})),
        )
        .await;
        assert_eq!(b["totalCount"], 3);
    }
}

#[tokio::test]
async fn the_store_template_makes_a_store_with_pictures_and_variants() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (_, owner) = app.account("owner@example.com").await;
        let (s, b) = call(
            app.req_as(Method::POST, "/api/v1/sites", &owner)
                .json(&json!({"slug": "bakery", "name": "Crumb & Co", "template": "store"})),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        let host = format!("bakery.localhost:{}", app.addr.port());
        let get = |path: &str| app.req_host(Method::GET, &host, path).send();

        // Real products in the store: prices, a discount, a ribbon, options and variants with
        // their own prices and stock, an in-stock flag, a picture each.
        let (s, b) = call(
            app.wix(
                Method::POST,
                "/stores/v1/products/query",
                "bakery",
                Some(&owner),
            )
            .json(&json!({"query": {"paging": {"limit": 100}}, "includeVariants": true})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let products = b["products"].as_array().unwrap();
        assert_eq!(products.len(), 6, "{b}");
        let product = |name: &str| {
            products
                .iter()
                .find(|p| p["name"] == name)
                .unwrap_or_else(|| panic!("{name} is in the store: {b}"))
        };
        let sourdough = product("Country sourdough");
        assert_eq!(sourdough["slug"], "country-sourdough");
        assert_eq!(sourdough["ribbon"], "Bestseller");
        assert_eq!(sourdough["manageVariants"], true);
        assert_eq!(sourdough["stock"]["trackInventory"], true);
        assert_eq!(sourdough["stock"]["quantity"], 36);
        let variant = |p: &Value, choice: &str| {
            p["variants"]
                .as_array()
                .unwrap()
                .iter()
                .find(|v| {
                    v["choices"]
                        .as_object()
                        .unwrap()
                        .values()
                        .any(|c| c == choice)
                })
                .cloned()
                .unwrap_or_else(|| panic!("a variant {choice}: {p}"))
        };
        let small = variant(sourdough, "Small (500 g)");
        let large = variant(sourdough, "Large (1 kg)");
        assert_eq!(small["variant"]["priceData"]["price"], 7.0);
        assert_eq!(large["variant"]["priceData"]["price"], 12.0);
        assert_eq!(small["stock"]["quantity"], 24);
        assert_eq!(large["stock"]["quantity"], 12);
        assert_eq!(sourdough["priceRange"]["maxValue"], 12.0);
        let rolls = product("Cinnamon rolls");
        assert_eq!(
            variant(rolls, "Pack of 6")["variant"]["priceData"]["price"],
            16.0
        );
        assert_eq!(variant(rolls, "Pack of 6")["stock"]["quantity"], 8);
        let cake = product("Celebration cake");
        assert_eq!(cake["productOptions"][0]["optionType"], "color");
        assert_eq!(cake["variants"].as_array().unwrap().len(), 3);
        let croissants = product("Butter croissants");
        assert_eq!(croissants["stock"]["trackInventory"], false);
        assert_eq!(croissants["stock"]["inStock"], true);
        assert_eq!(croissants["priceData"]["discountedPrice"], 8.8);
        // The worked example's service plugins come with it, turned off.
        let (s, b) = call(app.wix(
            Method::GET,
            "/ecom/v1/service-plugins",
            "bakery",
            Some(&owner),
        ))
        .await;
        assert_eq!(s, 200, "{b}");
        let plugins: Vec<(&str, bool)> = b["servicePlugins"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["key"].as_str().unwrap(), p["enabled"] == true))
            .collect();
        assert_eq!(
            plugins,
            [
                ("ecom-additional-fees/gift-wrap", false),
                ("ecom-discounts-trigger/wholesale", false),
                ("ecom-validations/limited-items", false)
            ],
            "{b}"
        );
        assert_eq!(product("Seeded rye")["stock"]["quantity"], 15);

        // In their collections.
        let (_, b) = call(
            app.wix(
                Method::POST,
                "/stores/v1/collections/query",
                "bakery",
                Some(&owner),
            )
            .json(&json!({"query": {}})),
        )
        .await;
        let counts: Vec<(String, u64)> = b["collections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_string(),
                    c["numberOfProducts"].as_u64().unwrap(),
                )
            })
            .collect();
        for (name, n) in [
            ("All Products", 6),
            ("Breads", 2),
            ("Pastries", 2),
            ("Cakes", 2),
        ] {
            assert!(
                counts.contains(&(name.to_string(), n)),
                "{name}: {counts:?}"
            );
        }

        // Each picture is a file of the site's media library, served as an image.
        for p in products {
            let url = p["media"]["mainMedia"]["image"]["url"].as_str().unwrap();
            assert!(url.starts_with("/media/"), "{url}");
            for path in [
                url.to_string(),
                format!("{url}/v1/fill/w_480,h_480,q_80/image.jpg"),
            ] {
                let res = get(&path).await.unwrap();
                assert_eq!(res.status(), 200, "{path}");
                let kind = res.headers()["content-type"].to_str().unwrap().to_string();
                assert!(kind.starts_with("image/"), "{path}: {kind}");
                assert!(!res.bytes().await.unwrap().is_empty());
            }
        }
        let (_, b) = call(
            app.wix(
                Method::POST,
                "/site-media/v1/files/search",
                "bakery",
                Some(&owner),
            )
            .json(&json!({"mediaTypes": ["IMAGE"]})),
        )
        .await;
        assert_eq!(b["files"].as_array().map(Vec::len), Some(6), "{b}");

        // Published, the home page's grid, the store's category and product pages show them.
        let (s, b) = call(app.req_as(Method::POST, "/api/v1/sites/bakery/publish", &owner)).await;
        assert_eq!(s, 200, "{b}");
        let page = |path: &'static str| async move {
            let res = get(path).await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        };
        let (s, html) = page("/").await;
        assert_eq!(s, 200);
        assert!(
            html.contains("href=\"/product-page/country-sourdough\""),
            "{html}"
        );
        assert!(html.contains("alt=\"Country sourdough\""), "{html}");
        assert!(
            html.contains("data-tessera-cart"),
            "the cart in the header: {html}"
        );
        assert!(html.contains("href=\"/category/all-products\""), "{html}");
        let (s, html) = page("/category/all-products").await;
        assert_eq!(s, 200, "{html}");
        for name in [
            "Country sourdough",
            "Seeded rye",
            "Butter croissants",
            "Lemon tart",
        ] {
            assert!(html.contains(name), "{name}: {html}");
        }
        assert!(html.contains("<img src=\"/media/"), "{html}");
        assert!(html.contains("Bestseller"), "{html}");
        let (s, html) = page("/category/breads").await;
        assert_eq!(s, 200, "{html}");
        assert!(
            html.contains("Seeded rye") && !html.contains("Lemon tart"),
            "{html}"
        );
        let (s, html) = page("/product-page/country-sourdough").await;
        assert_eq!(s, 200, "{html}");
        assert!(html.contains("<h1>Country sourdough</h1>"), "{html}");
        assert!(html.contains("<img src=\"/media/"), "{html}");
        assert!(html.contains("Large (1 kg)"), "{html}");
        assert!(html.contains("$7.00 – $12.00"), "{html}");
    }
}

#[tokio::test]
async fn page_datasets_read_through_the_sites_data_hooks() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let (s, b) = site.save(1, &document("Home")).await;
        assert_eq!(s, 200, "{b}");
        site.publish().await;
        let (_, html) = site.page("/blog").await;
        assert!(html.contains("First post"), "{html}");

        // Hooks published later apply to the pages at once: the cached page is dropped.
        let data_js = r#"
export function Posts_beforeQuery(query) { return query.ne('slug', 'first'); }
export function Posts_afterQuery(item) { return { ...item, title: `${item.title} (hooked)` }; }
"#;
        let (s, b) = call(
            site.app
                .req_as(Method::PUT, "/api/v1/sites/shop/code", &site.owner)
                .header("content-type", "application/json")
                .json(&json!({"files": {"backend/data.js": data_js}})),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        let (s, b) = call(
            site.app
                .req_as(Method::POST, "/api/v1/sites/shop/code/publish", &site.owner)
                .json(&json!({})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, html) = site.page("/blog").await;
        assert_eq!(s, 200);
        assert!(
            !html.contains("First post"),
            "beforeQuery filtered it out: {html}"
        );
        assert!(
            html.contains("Third (hooked)"),
            "afterQuery changed the title: {html}"
        );
        // Dynamic pages read their item the same way.
        assert_eq!(site.page("/blog/first").await.0, 404);
        let (s, html) = site.page("/blog/third").await;
        assert_eq!(s, 200);
        assert!(html.contains("Third (hooked)</h1>"), "{html}");
    }
}

#[tokio::test]
async fn a_product_grid_shows_the_stores_visible_products() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        // As the editor's Product grid and Cart icon make them.
        let doc = json!({"schemaVersion": 1,
        "master": {"header": [{"id": "cart", "type": "cartIcon", "props": {"label": "Cart"}}]},
        "pages": [{"id": "home", "title": "Home", "path": "/",
            "datasets": [{"id": "products", "collection": "Stores/Products", "filter": {"visible": true},
                          "sort": [{"fieldName": "discountedPrice", "order": "ASC"}], "pageSize": 12}],
            "sections": [{"id": "s", "type": "section", "children": [
                {"id": "grid", "type": "repeater", "props": {"dataset": "products", "emptyText": "No products here yet."}, "children": [
                    {"id": "photo", "type": "image", "props": {"src": "", "alt": "", "width": 400, "height": 400, "crop": true},
                     "bind": {"src": {"field": "mainMedia"}, "alt": {"field": "name"}, "href": {"field": "@url"}}},
                    {"id": "name", "type": "link", "props": {"text": "", "link": {"href": "/"}},
                     "bind": {"text": {"field": "name"}, "href": {"field": "@url"}}},
                    {"id": "price", "type": "text", "props": {"html": ""}, "bind": {"text": {"field": "@price"}}}
                ]}
            ]}]}]});
        let (s, b) = site.save(1, &doc).await;
        assert_eq!(s, 200, "{b}");
        site.publish().await;
        let (_, html) = site.page("/").await;
        assert!(html.contains("No products here yet."), "{html}");
        assert!(html.contains("href=\"/cart-page\" data-tessera-cart>"));
        assert!(
            html.contains("/_assets/runtime."),
            "the script counts the cart"
        );

        let product = |name: &str, price: i64, extra: Value| {
            let mut product = json!({"name": name, "priceData": {"price": price},
                "media": {"items": [{"image": {"url": "https://cdn.example.com/tee.jpg"}}]}});
            product
                .as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            let req = site
                .app
                .wix(
                    Method::POST,
                    "/stores/v1/products",
                    "shop",
                    Some(&site.owner),
                )
                .json(&json!({ "product": product }));
            async move {
                let (s, b) = call(req).await;
                assert_eq!(s, 200, "{b}");
            }
        };
        product("Linen Tee", 24, json!({})).await;
        product(
            "Canvas Tote",
            30,
            json!({"discount": {"type": "PERCENT", "value": 50}}),
        )
        .await;
        product("Secret Sample", 1, json!({"visible": false})).await;
        // The store writes its catalog without events: a page that shows it is kept a second.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let (_, html) = site.page("/").await;
        let tote = html.find(">Canvas Tote</a>").expect("the tote is shown");
        let tee = html.find(">Linen Tee</a>").expect("the tee is shown");
        assert!(tote < tee, "cheapest first: {html}");
        assert!(
            !html.contains("Secret Sample"),
            "hidden products are not shown"
        );
        assert!(html.contains("href=\"/product-page/linen-tee\""), "{html}");
        assert!(html.contains("alt=\"Linen Tee\""));
        assert!(html.contains("<s><span class=\"t-visually-hidden\">Regular price </span>$30.00</s> <span class=\"t-visually-hidden\">Sale price </span>$15.00"), "{html}");
        assert!(html.contains("<p>$24.00</p>"), "{html}");
    }
}
