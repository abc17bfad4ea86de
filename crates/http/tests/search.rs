//! Site search on every backend: ranking by field, prefixes, typos, facets, highlights,
//! who sees what (members-only pages, collections a visitor may not read), the index kept
//! current by item events and publishing, the store's products, the results page,
//! `wix-search` in site code, and bad requests.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call, tar};

struct Site {
    app: TestApp,
    owner: String,
}

fn text(id: &str, html: &str) -> Value {
    json!({"id": id, "type": "text", "props": {"html": html}})
}

fn page(id: &str, title: &str, path: &str, extra: Value, children: Vec<Value>) -> Value {
    let mut p = json!({"id": id, "title": title, "path": path,
        "sections": [{"id": format!("{id}-s"), "type": "section", "children": children}]});
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    p
}

fn document(home_text: &str) -> Value {
    json!({
        "schemaVersion": 1,
        "settings": {"name": "Bakery"},
        "pages": [
            page("home", "Home", "/", json!({}), vec![
                json!({"id": "h1", "type": "heading", "props": {"text": "Welcome to the bakery", "level": 1}}),
                text("t1", home_text),
            ]),
            page("cakes", "Chocolate cakes", "/cakes", json!({"seo": {"description": "Cakes we bake every day"}}), vec![
                text("t2", "<p>Layered &amp; glazed.</p>"),
            ]),
            page("club", "Club", "/club", json!({"visibility": "members"}), vec![
                text("t3", "<p>The secret chocolate recipe for members.</p>"),
            ]),
            page("gold", "Gold", "/gold", json!({"visibility": {"roles": ["gold"]}}), vec![
                text("t4", "<p>The golden secret.</p>"),
            ]),
            page("quiet", "Quiet", "/quiet", json!({"seo": {"noIndex": true}}), vec![
                text("t5", "<p>A secret page search engines skip.</p>"),
            ]),
            page("post", "Post", "/articles/{slug}", json!({"dynamic": {"collection": "Articles", "field": "slug"}}), vec![]),
        ]
    })
}

impl Site {
    async fn new(app: TestApp) -> Self {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "shop").await;
        let site = Self { app, owner };
        for (id, read) in [("Articles", "ANYONE"), ("Notes", "CMS_EDITOR")] {
            let (s, b) = call(site.owner_call(Method::POST, "/wix-data/v2/collections").json(&json!({"collection": {"id": id,
                "fields": [{"key": "slug", "type": "TEXT"}, {"key": "title", "type": "TEXT"}, {"key": "summary", "type": "TEXT"}, {"key": "body", "type": "RICH_TEXT"}],
                "permissions": {"read": read, "insert": "CMS_EDITOR", "update": "CMS_EDITOR", "remove": "CMS_EDITOR"}}}))).await;
            assert_eq!(s, 200, "{b}");
        }
        site.publish(&document(
            "<p>We bake sourdough bread and chocolate cookies.</p>",
        ))
        .await;
        site
    }

    fn owner_call(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.app.wix(method, path, "shop", Some(&self.owner))
    }

    async fn publish(&self, doc: &Value) {
        let path = "/api/v1/sites/shop/document";
        let (_, current) = call(self.app.req_as(Method::GET, path, &self.owner)).await;
        let revision = current["revision"].as_i64().unwrap_or(0);
        let (s, b) = call(
            self.app
                .req_as(Method::PUT, path, &self.owner)
                .json(&json!({"revision": revision, "document": doc})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = call(
            self.app
                .req_as(Method::POST, "/api/v1/sites/shop/publish", &self.owner),
        )
        .await;
        assert_eq!(s, 200, "{b}");
    }

    fn host(&self) -> String {
        format!("shop.localhost:{}", self.app.addr.port())
    }

    /// A search as a visitor (None), a member (Some(roles)), or the owner.
    async fn search_as(&self, who: Who, body: Value) -> (u16, Value) {
        let req = match who {
            Who::Visitor => self
                .app
                .req_host(Method::POST, &self.host(), "/_api/search/v1/search"),
            Who::Member(roles) => {
                let cookie = self.app.member_cookie("shop", "ann", roles).await;
                self.app
                    .req_host(Method::POST, &self.host(), "/_api/search/v1/search")
                    .header("cookie", cookie)
            }
            Who::Owner => self.owner_call(Method::POST, "/_api/search/v1/search"),
        };
        call(req.json(&body)).await
    }

    /// The ids of what a visitor finds for `phrase`, best first.
    async fn found(&self, phrase: &str) -> Vec<String> {
        self.found_as(Who::Visitor, phrase).await
    }

    async fn found_as(&self, who: Who, phrase: &str) -> Vec<String> {
        let (s, b) = self.search_as(who, json!({"phrase": phrase})).await;
        assert_eq!(s, 200, "{b}");
        ids(&b)
    }

    /// Writes an item and hands its event to the dispatcher, as the server's would.
    async fn item(&self, path: &str, body: Value) -> Value {
        let mut bus = self.app.state.events().subscribe();
        let (s, b) = call(self.owner_call(Method::POST, path).json(&body)).await;
        assert_eq!(s, 200, "{b}");
        let event = bus.recv().await.unwrap();
        tessera_http::platform::backend_events::dispatch(&self.app.state, &event)
            .await
            .unwrap();
        b
    }

    async fn settings(&self, settings: Value) -> (u16, Value) {
        call(
            self.owner_call(Method::PUT, "/_api/search/v1/settings")
                .json(&json!({ "settings": settings })),
        )
        .await
    }
}

#[derive(Clone, Copy)]
enum Who {
    Visitor,
    Member(&'static [&'static str]),
    Owner,
}

fn ids(b: &Value) -> Vec<String> {
    b["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["_id"].as_str().unwrap().to_string())
        .collect()
}

fn article(id: &str, title: &str, summary: &str, body: &str) -> Value {
    json!({"dataCollectionId": "Articles", "dataItem": {"id": id, "data": {
        "slug": id, "title": title, "summary": summary, "body": body}}})
}

const ARTICLES: &str = r#"[{"collectionId": "Articles", "titleField": "title",
    "descriptionField": "summary", "fields": ["body"]},
    {"collectionId": "Notes", "titleField": "title", "fields": ["body"]}]"#;

#[tokio::test]
async fn pages_rank_by_field_with_prefixes_typos_and_highlights() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        // "chocolate" is the cakes page's title and a word of the home page's text: the
        // title ranks first. The members' page and the page kept from search engines are
        // not found by a visitor.
        assert_eq!(
            site.found("chocolate").await,
            ["cakes", "home"],
            "{backend:?}"
        );
        // Prefixes: each word of the phrase starts a word.
        assert_eq!(site.found("choc").await, ["cakes", "home"]);
        assert_eq!(site.found("sour bre").await, ["home"]);
        assert_eq!(site.found("sour cakes").await, Vec::<String>::new());
        // Typos: one in a word of 5 to 8 letters, two from 9; none in shorter words.
        assert_eq!(site.found("sourdogh").await, ["home"]);
        assert_eq!(site.found("chocolste cookeis").await, ["home"]);
        assert_eq!(site.found("chcolsate").await, ["cakes", "home"]);
        assert_eq!(site.found("bakr").await, Vec::<String>::new());
        assert_eq!(site.found("brexd").await, ["home"]);
        assert_eq!(site.found("xyzzyx").await, Vec::<String>::new());
        // Diacritics and case do not matter on SQLite's tokenizer; both backends fold case.
        assert_eq!(site.found("SOURDOUGH").await, ["home"]);

        let (s, b) = site
            .search_as(Who::Visitor, json!({"phrase": "cookies"}))
            .await;
        assert_eq!(s, 200, "{b}");
        let d = &b["documents"][0];
        assert_eq!(
            (&d["documentType"], &d["title"], &d["url"]),
            (&json!("Site/Pages"), &json!("Home"), &json!("/"))
        );
        let snippet = d["snippet"].as_str().unwrap();
        assert!(snippet.contains("<mark>cookies</mark>"), "{snippet}");
        // Rich text is indexed without its markup, entities as characters, and escaped again.
        let (_, b) = site
            .search_as(Who::Visitor, json!({"phrase": "glazed"}))
            .await;
        let snippet = b["documents"][0]["snippet"].as_str().unwrap();
        assert!(snippet.contains("&amp;"), "{snippet}");
        assert!(!snippet.contains("<p>"), "{snippet}");
        assert_eq!(b["documents"][0]["description"], "Cakes we bake every day");
    }
}

#[tokio::test]
async fn visitors_never_find_what_they_may_not_read() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        let (s, b) = site
            .settings(json!({"collections": serde_json::from_str::<Value>(ARTICLES).unwrap()}))
            .await;
        assert_eq!(s, 200, "{b}");
        site.item(
            "/wix-data/v2/items",
            json!({"dataCollectionId": "Notes", "dataItem": {"id": "n1", "data": {"title": "Secret margins"}}}),
        )
        .await;
        assert_eq!(
            site.found("secret").await,
            Vec::<String>::new(),
            "{backend:?}"
        );
        assert_eq!(site.found_as(Who::Member(&[]), "secret").await, ["club"]);
        // Pages for members of some roles are found by collaborators only.
        assert_eq!(
            site.found_as(Who::Member(&["gold"]), "golden").await,
            Vec::<String>::new()
        );
        let mut owner = site.found_as(Who::Owner, "secret").await;
        owner.sort();
        assert_eq!(owner, ["club", "gold", "n1"]);
        // Asking for a type one may not read finds nothing rather than failing.
        let (s, b) = site
            .search_as(
                Who::Visitor,
                json!({"phrase": "secret", "documentTypes": ["Notes"]}),
            )
            .await;
        assert_eq!((s, ids(&b).len()), (200, 0), "{b}");
        // The results page as well.
        let html = site
            .app
            .req_host(Method::GET, &site.host(), "/search?q=secret")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("0 results"), "{html}");
        assert!(!html.contains("/club"), "{html}");
    }
}

#[tokio::test]
async fn items_and_publishing_keep_the_index_current() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        // Before the site chooses the collection, its items are not searched.
        site.item(
            "/wix-data/v2/items",
            article(
                "a1",
                "Lemon tart",
                "Sharp and sweet",
                "<p>Bake the <b>pastry</b> blind.</p>",
            ),
        )
        .await;
        assert_eq!(
            site.found("lemon").await,
            Vec::<String>::new(),
            "{backend:?}"
        );
        // Choosing it indexes what it holds.
        let (s, b) = site
            .settings(json!({"collections": serde_json::from_str::<Value>(ARTICLES).unwrap()}))
            .await;
        assert_eq!((s, &b["documents"]), (200, &json!(5)), "{b}");
        assert_eq!(site.found("lemon").await, ["a1"]);
        let (_, b) = site
            .search_as(Who::Visitor, json!({"phrase": "lemon"}))
            .await;
        assert_eq!(b["documents"][0]["url"], "/articles/a1");
        assert_eq!(b["documents"][0]["documentType"], "Articles");
        // Inserted, updated, removed: each event changes the index.
        site.item(
            "/wix-data/v2/items",
            article("a2", "Pastry basics", "", "<p>Flour, butter, water.</p>"),
        )
        .await;
        // Title beats body: a2's title, a1's body.
        assert_eq!(site.found("pastry").await, ["a2", "a1"]);
        let mut bus = site.app.state.events().subscribe();
        let (s, b) = call(
            site.owner_call(Method::PUT, "/wix-data/v2/items/a1")
                .json(&article("a1", "Orange tart", "", "")),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let event = bus.recv().await.unwrap();
        tessera_http::platform::backend_events::dispatch(&site.app.state, &event)
            .await
            .unwrap();
        assert_eq!(site.found("lemon").await, Vec::<String>::new());
        assert_eq!(site.found("orange").await, ["a1"]);
        site.item(
            "/wix-data/v2/items/remove",
            json!({"dataCollectionId": "Articles", "dataItemId": "a1"}),
        )
        .await;
        assert_eq!(site.found("orange").await, Vec::<String>::new());

        // Facets count every readable type; a type filter narrows the documents and total.
        let (_, b) = site
            .search_as(Who::Visitor, json!({"phrase": "pastry bake"}))
            .await;
        assert_eq!(ids(&b), Vec::<String>::new());
        let (_, b) = site.search_as(Who::Visitor, json!({"phrase": "ba"})).await;
        let mut facets = b["facets"][0]["values"].as_array().unwrap().clone();
        facets.sort_by_key(|v| v["value"].as_str().unwrap().to_string());
        assert_eq!(
            facets,
            [
                json!({"value": "Articles", "count": 1}),
                json!({"value": "Site/Pages", "count": 2})
            ]
        );
        assert_eq!(b["pagingMetadata"]["total"], 3);
        let (_, b) = site
            .search_as(
                Who::Visitor,
                json!({"phrase": "ba", "documentTypes": ["Articles"], "paging": {"limit": 1}}),
            )
            .await;
        assert_eq!(
            (ids(&b), &b["pagingMetadata"]["total"]),
            (vec!["a2".to_string()], &json!(1))
        );

        // A new publish replaces the pages' text.
        site.publish(&document("<p>Now with rye loaves.</p>")).await;
        assert_eq!(site.found("sourdough").await, Vec::<String>::new());
        assert_eq!(site.found("loaves").await, ["home"]);

        // A rebuild gives the same answers.
        let (s, b) = call(site.owner_call(Method::POST, "/_api/search/v1/rebuild")).await;
        assert_eq!((s, &b["documents"]), (200, &json!(5)), "{b}");
        assert_eq!(site.found("loaves").await, ["home"]);
        assert_eq!(site.found("pastry").await, ["a2"]);
    }
}

#[tokio::test]
async fn products_results_page_site_code_and_bad_requests() {
    for backend in backends() {
        let site = Site::new(TestApp::spawn(backend).await).await;
        for (name, visible) in [("Rosemary focaccia", true), ("Staff focaccia", false)] {
            let (s, b) = call(site.owner_call(Method::POST, "/stores/v1/products").json(
                &json!({"product": {
                "name": name, "productType": "physical", "visible": visible,
                "priceData": {"price": 6}, "description": "<p>Olive oil and salt</p>"}}),
            ))
            .await;
            assert_eq!(s, 200, "{b}");
        }
        let (s, b) = site
            .search_as(Who::Visitor, json!({"phrase": "focaccia"}))
            .await;
        assert_eq!(s, 200, "{b}");
        let docs = b["documents"].as_array().unwrap();
        assert_eq!(docs.len(), 1, "{backend:?} {b}");
        assert_eq!(docs[0]["documentType"], "Stores/Products");
        assert_eq!(docs[0]["url"], "/product-page/rosemary-focaccia");

        // The results page: the form, the count, the types, the highlighted results.
        let res = site
            .app
            .req_host(Method::GET, &site.host(), "/search?q=fokaccia+oil")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("<label for=\"t-search-q\">"), "{html}");
        assert!(html.contains("value=\"fokaccia oil\""), "{html}");
        assert!(html.contains("1 result for"), "{html}");
        assert!(
            html.contains("href=\"/product-page/rosemary-focaccia\""),
            "{html}"
        );
        assert!(html.contains("<mark>oil</mark>"), "{html}");
        assert!(html.contains("noindex"), "{html}");

        // wix-search in site code, for the visitor whose request runs it.
        let files = [(
            "backend/http-functions.js",
            r#"
import { ok } from 'wix-http-functions';
import wixSearch from 'wix-search';
export async function get_find(request) {
  const r = await wixSearch.search(request.query.q).documentType('Site/Pages').limit(1).find();
  return ok({ body: { ids: r.documents.map((d) => d._id), total: r.totalCount,
    next: r.hasNext(), more: r.hasNext() ? (await r.next()).documents.map((d) => d._id) : [] } });
}
"#,
        )];
        let (s, r) = call(
            site.app
                .req_as(Method::PUT, "/api/v1/sites/shop/code", &site.owner)
                .body(tar(&files)),
        )
        .await;
        assert_eq!(s, 201, "{r}");
        let (s, r) = call(
            site.app
                .req_as(Method::POST, "/api/v1/sites/shop/code/publish", &site.owner)
                .json(&json!({})),
        )
        .await;
        assert_eq!(s, 200, "{r}");
        let (s, r) = call(site.app.req_host(
            Method::GET,
            &site.host(),
            "/_functions/find?q=chocolate",
        ))
        .await;
        assert_eq!(s, 200, "{r}");
        assert_eq!(
            r,
            json!({"ids": ["cakes"], "total": 2, "next": true, "more": ["home"]})
        );

        // Bad requests name the field.
        for (body, field) in [
            (json!({"phrase": 1}), "phrase"),
            (
                json!({"phrase": "a", "paging": {"limit": 101}}),
                "paging.limit",
            ),
            (json!({"documentTypes": [""]}), "documentTypes"),
        ] {
            let (s, b) = site.search_as(Who::Visitor, body).await;
            assert_eq!(s, 400, "{b}");
            assert!(b.to_string().contains(field), "{b}");
        }
        let (s, b) = site
            .settings(json!({"collections": [{"collectionId": "Nope", "titleField": "t"}]}))
            .await;
        assert_eq!(s, 400, "{b}");
        assert!(
            b.to_string()
                .contains("settings.collections[0].collectionId"),
            "{b}"
        );
        // Settings are the team's: a visitor is refused.
        let (s, _) = call(
            site.app
                .req_host(Method::PUT, &site.host(), "/_api/search/v1/settings")
                .json(&json!({"settings": {}})),
        )
        .await;
        assert_eq!(s, 403);
    }
}
