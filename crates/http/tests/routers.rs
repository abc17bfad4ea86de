//! Velo routers on every backend: `backend/routers.js` answering the addresses under its
//! prefix with one of its pages, data and head, or by status; its hooks; its site map in
//! `sitemap.xml`; and a router that answers wrong told in the code log.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call};

const ROUTERS: &str = r#"import { ok, notFound, forbidden, redirect, sendStatus, next, WixRouterSitemapEntry } from 'wix-router';

const pets = { rex: { name: 'Rex', kind: 'dog' }, tom: { name: 'Tom', kind: 'cat' } };

export function pets_Router(request) {
  const [name] = request.path;
  if (name === 'secret') return forbidden();
  if (name === 'old') return redirect('/pets/rex', '301');
  if (name === 'teapot') return sendStatus('418', 'short and stout');
  if (name === 'about') return next();
  if (name === 'me') {
    const { user, query, formFactor, prefix, path, url } = request;
    return ok('Pet Page', { user, query, formFactor, prefix, path, url });
  }
  if (name === 'ghost') return ok('ghost-page', {});
  if (name === 'bad') return 42;
  if (name === 'throws') throw new Error('router broke');
  const pet = pets[name];
  if (!pet) return notFound();
  return ok('pet-page', pet, {
    title: `${pet.name} the ${pet.kind}`,
    description: `All about ${pet.name}`,
    noIndex: name === 'tom',
    metaTags: [{ property: 'og:type', content: 'profile' }, { name: 'author', content: 'Pets "R" Us' }],
    links: [{ rel: 'preconnect', href: 'https://cdn.example.com' }],
    structuredData: [{ '@context': 'https://schema.org', '@type': 'Thing', name: pet.name }],
  });
}

export function pets_beforeRouter(request) {
  if (request.query.blocked) return forbidden('blocked');
  return next();
}

export function pets_afterRouter(request, response) {
  if (response.status === 404 && request.path[0] === 'lost') return redirect('/pets/rex', '302');
  return response;
}

export function pets_SiteMap(sitemapRequest) {
  return Object.keys(pets).map((name) => {
    const entry = new WixRouterSitemapEntry('pet-page');
    entry.url = `/${sitemapRequest.prefix}/${name}`;
    entry.title = pets[name].name;
    entry.changeFrequency = 'weekly';
    entry.priority = 0.5;
    entry.lastModified = new Date(Date.UTC(2026, 0, 2));
    return entry;
  });
}

export function pets_afterSitemap(sitemapRequest, entries) {
  return entries.filter((e) => e.url !== '/pets/tom');
}
"#;

struct Site {
    app: TestApp,
    owner: String,
}

impl Site {
    async fn new(app: TestApp) -> Self {
        let doc = json!({
            "schemaVersion": 1,
            "settings": {"name": "Pets"},
            "pages": [
                {"id": "home", "title": "Home", "path": "/", "sections": []},
                {"id": "pet", "title": "Pet Page", "path": "/pets/pet-page", "router": "pets", "sections": [
                    {"id": "s", "type": "section", "children": [
                        {"id": "name1", "type": "heading", "props": {"text": "A pet", "level": 1}}]}]},
                {"id": "about", "title": "About Pets", "path": "/pets/about", "sections": []}
            ]
        });
        Self::with(app, &doc, ROUTERS).await
    }

    /// The site `shop` with `doc` and `routers` (as `backend/routers.js`), published.
    async fn with(app: TestApp, doc: &Value, routers: &str) -> Self {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "shop").await;
        let site = Self { app, owner };
        assert_eq!(site.put_document(doc).await.0, 200);
        let (s, b) = call(
            site.app
                .req_as(Method::POST, "/api/v1/sites/shop/publish", &site.owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = call(
            site.app
                .req_as(Method::PUT, "/api/v1/sites/shop/code", &site.owner)
                .json(&json!({"files": {"src/backend/routers.js": routers}})),
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
        site
    }

    async fn put_document(&self, doc: &Value) -> (u16, Value) {
        call(
            self.app
                .req_as(Method::PUT, "/api/v1/sites/shop/document", &self.owner)
                .json(&json!({"revision": 1, "document": doc})),
        )
        .await
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        let host = format!("shop.localhost:{}", self.app.addr.port());
        self.app.req_host(Method::GET, &host, path)
    }

    async fn fetch(
        &self,
        req: reqwest::RequestBuilder,
    ) -> (u16, String, reqwest::header::HeaderMap) {
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        (status, res.text().await.unwrap(), headers)
    }

    async fn text(&self, path: &str) -> (u16, String, reqwest::header::HeaderMap) {
        self.fetch(self.get(path)).await
    }

    async fn log_text(&self) -> String {
        let (s, b) = call(
            self.app
                .req_as(Method::GET, "/api/v1/sites/shop/logs", &self.owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        b["logs"].to_string()
    }
}

/// What the page's boot block gives its code as `wixWindow.getRouterData()`.
fn router_data(html: &str) -> Value {
    let start = html.find("id=\"tessera-page\">").expect("a boot block") + 18;
    let end = start + html[start..].find("</script>").unwrap();
    let boot: Value = serde_json::from_str(&html[start..end]).unwrap();
    boot["routerData"].clone()
}

#[tokio::test]
async fn a_router_answers_its_addresses_with_its_pages_data_and_head() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;

        let (s, html, headers) = site.text("/pets/rex").await;
        assert_eq!(s, 200, "{html}");
        assert!(html.contains("<title>Rex the dog</title>"), "{html}");
        assert!(html.contains("<meta name=\"description\" content=\"All about Rex\">"));
        assert!(html.contains("<meta property=\"og:type\" content=\"profile\">"));
        assert!(html.contains("<meta name=\"author\" content=\"Pets &quot;R&quot; Us\">"));
        assert!(html.contains("<link rel=\"preconnect\" href=\"https://cdn.example.com\">"));
        assert!(html.contains("\"@type\":\"Thing\""), "{html}");
        assert!(!html.contains("noindex"));
        assert!(
            html.contains("<h1 id=\"name1\""),
            "the router's page: {html}"
        );
        assert_eq!(router_data(&html), json!({"name": "Rex", "kind": "dog"}));
        // The code decides each answer: never kept by a cache.
        assert_eq!(headers["cache-control"], "private, no-store");
        let (_, tom, _) = site.text("/pets/tom").await;
        assert!(tom.contains("<meta name=\"robots\" content=\"noindex\">"));

        // The request as the router sees it, for a visitor and for a member on a phone.
        let (s, html, _) = site.text("/pets/me/x%20y?color=red").await;
        assert_eq!(s, 200, "{html}");
        let data = router_data(&html);
        assert_eq!(data["user"], json!({"id": null, "role": "Visitor"}));
        assert_eq!(data["path"], json!(["me", "x y"]));
        assert_eq!(data["query"], json!({"color": "red"}));
        assert_eq!(data["prefix"], "pets");
        assert_eq!(data["formFactor"], "Desktop");
        assert!(
            data["url"]
                .as_str()
                .unwrap()
                .ends_with("/pets/me/x%20y?color=red")
        );
        let cookie = site.app.member_cookie("shop", "m1", &[]).await;
        let phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148";
        let (_, html, _) = site
            .fetch(
                site.get("/pets/me")
                    .header("cookie", cookie)
                    .header("user-agent", phone),
            )
            .await;
        let data = router_data(&html);
        assert_eq!(data["user"]["role"], "Member");
        assert!(data["user"]["id"].is_string(), "{data}");
        assert_eq!(data["formFactor"], "Mobile");

        // Answers by status.
        assert_eq!(site.text("/pets/secret").await.0, 403);
        let (s, _, headers) = site.text("/pets/old").await;
        assert_eq!(
            (s, &headers["location"]),
            (301, &"/pets/rex".parse().unwrap())
        );
        let (s, body, _) = site.text("/pets/teapot").await;
        assert_eq!((s, body.as_str()), (418, "short and stout"));
        assert_eq!(site.text("/pets/nobody").await.0, 404);
        // The router's page is not at its own address: the router answers there too.
        assert_eq!(site.text("/pets/pet-page").await.0, 404);
        // `next()`: the site's own page at that address.
        let (s, html, _) = site.text("/pets/about").await;
        assert_eq!(s, 200);
        assert!(html.contains("<title>About Pets | Pets</title>"), "{html}");
        // The hooks: before answers first, after changes the answer.
        assert_eq!(site.text("/pets/rex?blocked=1").await.0, 403);
        let (s, _, headers) = site.text("/pets/lost").await;
        assert_eq!(
            (s, &headers["location"]),
            (302, &"/pets/rex".parse().unwrap())
        );

        // A router that answers wrong: an error, and why in the code log.
        assert_eq!(site.text("/pets/ghost").await.0, 500);
        assert_eq!(site.text("/pets/bad").await.0, 500);
        assert_eq!(site.text("/pets/throws").await.0, 500);
        let logs = site.log_text().await;
        assert!(logs.contains("the router has no such page"), "{logs}");
        assert!(logs.contains("pets_Router must return ok()"), "{logs}");
        assert!(logs.contains("router broke"), "{logs}");

        // Its site map, after its hook, in sitemap.xml; its page is not there by itself.
        let (s, xml, _) = site.text("/sitemap.xml").await;
        assert_eq!(s, 200);
        assert!(
            xml.contains("/pets/rex</loc><lastmod>2026-01-02T00:00:00.000Z</lastmod><changefreq>weekly</changefreq><priority>0.5</priority></url>"),
            "{xml}"
        );
        assert!(!xml.contains("/pets/tom"), "{xml}");
        assert!(!xml.contains("/pets/pet-page"), "{xml}");
        assert!(xml.contains("/pets/about</loc>"), "{xml}");
    }
}

#[tokio::test]
async fn a_routers_page_lives_under_its_prefix() {
    let site = Site::new(TestApp::spawn(backends()[0]).await).await;
    let doc = json!({
        "schemaVersion": 1,
        "pages": [
            {"id": "home", "title": "Home", "path": "/", "sections": []},
            {"id": "pet", "title": "Pet Page", "path": "/pet-page", "router": "pets", "sections": []}
        ]
    });
    let (s, b) = site.put_document(&doc).await;
    assert_eq!(s, 400, "{b}");
    assert!(b.to_string().contains("pages[1].path"), "{b}");
    let bad_prefix = json!({
        "schemaVersion": 1,
        "pages": [
            {"id": "home", "title": "Home", "path": "/", "sections": []},
            {"id": "pet", "title": "Pet Page", "path": "/ab/x", "router": "a b", "sections": []}
        ]
    });
    let (s, b) = site.put_document(&bad_prefix).await;
    assert_eq!(s, 400, "{b}");
    assert!(b.to_string().contains("pages[1].router"), "{b}");
}

const BLOG_HOOKS: &str = r#"import { forbidden, redirect, next } from 'wix-router';

export function blog_beforeRouter(request) {
  return request.query.blocked ? forbidden() : next();
}

export function blog_customizeQuery(request, route, query) {
  if (route !== '/{slug}') throw new Error(`the route is ${route}`);
  return query.eq('published', true);
}

export function blog_afterRouter(request, response) {
  if (response.status === 404) return redirect(`/blog-gone?from=${request.path[0]}`, '302');
  if (response.data.title !== 'First post') throw new Error('not the item');
  return response;
}
"#;

#[tokio::test]
async fn a_routers_hooks_run_on_the_dynamic_pages_under_its_prefix() {
    for backend in backends() {
        let doc = json!({
            "schemaVersion": 1,
            "pages": [
                {"id": "home", "title": "Home", "path": "/", "sections": []},
                {"id": "post", "title": "Post", "path": "/blog/{slug}",
                 "dynamic": {"collection": "Posts", "field": "slug"},
                 "sections": [{"id": "s", "type": "section", "children": [
                    {"id": "t", "type": "heading", "props": {"text": "", "level": 1},
                     "bind": {"text": {"field": "title"}}}]}]}
            ]
        });
        let site = Site::with(TestApp::spawn(backend).await, &doc, BLOG_HOOKS).await;
        let owner = Some(site.owner.as_str());
        let (s, b) = call(site.app.wix(Method::POST, "/wix-data/v2/collections", "shop", owner).json(&json!({"collection": {"id": "Posts",
            "fields": [{"key": "slug", "type": "TEXT"}, {"key": "title", "type": "TEXT"}, {"key": "published", "type": "BOOLEAN"}],
            "permissions": {"read": "ANYONE", "insert": "CMS_EDITOR", "update": "CMS_EDITOR", "remove": "CMS_EDITOR"}}}))).await;
        assert_eq!(s, 200, "{b}");
        for (slug, title, published) in [("first", "First post", true), ("draft", "Draft", false)] {
            let (s, b) = call(
                site.app
                    .wix(Method::POST, "/wix-data/v2/items", "shop", owner)
                    .json(&json!({"dataCollectionId": "Posts", "dataItem": {"data": {"slug": slug, "title": title, "published": published}}})),
            )
            .await;
            assert_eq!(s, 200, "{b}");
        }

        let (s, html, headers) = site.text("/blog/first").await;
        assert_eq!(s, 200, "{html}");
        assert!(html.contains(">First post</h1>"), "{html}");
        // The hooks decide each answer: never kept by a cache.
        assert_eq!(headers["cache-control"], "private, no-store");
        // `_customizeQuery` hides the draft; `_afterRouter` sends its 404 elsewhere.
        let (s, _, headers) = site.text("/blog/draft").await;
        assert_eq!(
            (s, &headers["location"]),
            (302, &"/blog-gone?from=draft".parse().unwrap())
        );
        // `_beforeRouter` answers first.
        assert_eq!(site.text("/blog/first?blocked=1").await.0, 403);
        let logs = site.log_text().await;
        assert!(!logs.contains("the route is"), "{logs}");
        assert!(!logs.contains("not the item"), "{logs}");
    }
}
