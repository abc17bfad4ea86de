//! Snapshots of what the renderer writes: every element type, bound data, and the stylesheet
//! with its breakpoint overrides and hide-on-breakpoint classes.
#![recursion_limit = "256"]

use serde_json::{Map, Value, json};
use tessera_render::{DatasetPage, Document, PageCode, PageData, Request, Site};

fn site() -> Site {
    let doc = json!({
        "schemaVersion": 1,
        "settings": {"name": "Snap", "favicon": "/icon.png", "organization": {"name": "Snap Inc."}},
        "theme": {"colors": {"primary": "#123456"}, "fonts": {"heading": "Georgia, serif"},
                  "textStyles": {"h1": {"fontFamily": "heading"}, "lead": {"fontSize": "1.2rem", "color": "primary"}}},
        "master": {
            "header": [{"id": "menu", "type": "menu"}, {"id": "cart", "type": "cartIcon"}],
            "footer": [{"id": "social", "type": "socialLinks", "props": {"links": [{"network": "Instagram", "url": "https://instagram.com/snap"}]}}]
        },
        "pages": [
            {"id": "home", "title": "Home", "path": "/",
             "datasets": [{"id": "things", "collection": "Things", "pageSize": 2},
                          {"id": "products", "collection": "Stores/Products", "filter": {"visible": true}}],
             "sections": [
                {"id": "first", "type": "section", "props": {"label": "Intro", "backgroundImage": "/bg.png"},
                 "style": {"paddingTop": "80px"},
                 "responsive": {"tablet": {"style": {"paddingTop": "40px"}}, "mobile": {"style": {"paddingTop": "20px"}, "hidden": false}},
                 "children": [
                    {"id": "title", "type": "heading", "textStyle": "lead", "props": {"text": "Hello & welcome", "level": 1}},
                    {"id": "cols", "type": "columns", "props": {"widths": [2, 1]}, "children": [
                        {"id": "copy", "type": "text", "props": {"html": "<p>Rich <em>text</em> <a href=\"https://example.com\">link</a></p>"}},
                        {"id": "pic", "type": "image", "props": {"src": "/a.png", "alt": "A picture", "width": 640, "height": 480, "link": {"href": "/about"}}}
                    ]},
                    {"id": "go", "type": "button", "props": {"label": "Go", "link": {"href": "https://example.com", "newTab": true}}},
                    {"id": "hidden-on-phones", "type": "divider", "responsive": {"mobile": {"hidden": true}}},
                    {"id": "desktop-hidden", "type": "spacer", "hidden": true, "props": {"height": 32}, "responsive": {"tablet": {"hidden": false}}}
                 ]},
                {"id": "second", "type": "section", "children": [
                    {"id": "box", "type": "container", "props": {"label": "Media"}, "style": {"gap": "8px"}, "children": [
                        {"id": "later-pic", "type": "image", "props": {"src": "https://cdn.example.com/b.jpg", "alt": "", "width": 100, "height": 50}},
                        {"id": "pics", "type": "gallery", "props": {"columns": 2, "images": [
                            {"src": "/g1.png", "alt": "One", "width": 10, "height": 10, "caption": "First"},
                            {"src": "/g2.png", "alt": "Two", "width": 10, "height": 10}]}},
                        {"id": "clip", "type": "video", "props": {"url": "https://youtu.be/abcDEF123", "title": "Our clip"}},
                        {"id": "file", "type": "video", "props": {"url": "https://cdn.example.com/v.mp4", "title": "A file"}},
                        {"id": "ext", "type": "link", "props": {"text": "Elsewhere", "link": {"href": "mailto:hi@example.com"}}},
                        {"id": "map", "type": "embed", "props": {"html": "<b>\"quoted\"</b><script>x()</script>", "title": "Map", "height": 200}},
                        {"id": "frame", "type": "embed", "props": {"url": "https://example.com/widget", "title": "Widget"}}
                    ]},
                    {"id": "list", "type": "repeater", "props": {"dataset": "things", "pagination": true, "columns": 2}, "children": [
                        {"id": "name", "type": "heading", "props": {"text": "", "level": 3}, "bind": {"text": {"field": "name"}}},
                        {"id": "when", "type": "text", "props": {"html": ""}, "bind": {"text": {"field": "when"}}},
                        {"id": "notes", "type": "text", "props": {"html": ""}, "bind": {"html": {"field": "notes"}}},
                        {"id": "open", "type": "link", "props": {"text": "Open", "link": {"href": "/"}}, "bind": {"href": {"field": "@url"}}}
                    ]},
                    {"id": "shop", "type": "repeater", "props": {"dataset": "products", "columns": 4}, "children": [
                        {"id": "photo", "type": "image", "props": {"src": "", "alt": "", "width": 480, "height": 480, "crop": true},
                         "bind": {"src": {"field": "mainMedia"}, "alt": {"field": "name"}, "href": {"field": "@url"}}},
                        {"id": "product-name", "type": "heading", "props": {"text": "", "level": 3}, "bind": {"text": {"field": "name"}}},
                        {"id": "price", "type": "text", "props": {"html": ""}, "bind": {"text": {"field": "@price"}}}
                    ]},
                    {"id": "contact", "type": "form", "props": {"collection": "Messages", "fields": [
                        {"name": "email", "label": "Email", "type": "email", "required": true},
                        {"name": "kind", "label": "Kind", "type": "select", "options": ["A", "B"]},
                        {"name": "agree", "label": "I agree", "type": "checkbox"},
                        {"name": "body", "label": "Message", "type": "textarea", "maxLength": 500, "placeholder": "Say hi"}
                    ]}}
                ]}
             ]},
            {"id": "thing", "title": "Thing", "path": "/things/{slug}", "dynamic": {"collection": "Things", "field": "slug"},
             "seo": {"title": "{name} at Snap", "description": "About {name}", "image": "/img/{slug}.png", "jsonLd": "Article"},
             "sections": [{"id": "ts", "type": "section", "children": [
                {"id": "thing-name", "type": "heading", "props": {"text": "", "level": 1}, "bind": {"text": {"field": "name"}}}]}]}
        ]
    });
    Site::new(Document::parse(doc.to_string().as_bytes()).expect("valid document"))
}

fn item(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

/// The home page's items: two things (one of them hostile) and two products.
fn home_data() -> PageData {
    let mut data = PageData::default();
    data.datasets.insert(
        "things".into(),
        DatasetPage {
            items: vec![
                item(json!({"_id": "1", "slug": "a b", "name": "<script>alert(1)</script>", "when": {"$date": "2026-11-27T08:00:00.000Z"},
                            "notes": "<p onclick=\"x()\">Safe <strong>bold</strong></p><script>bad()</script>"})),
                item(json!({"_id": "2", "slug": "two", "name": "Two"})),
            ],
            page: 1,
            has_next: true,
        },
    );
    data.datasets.insert(
        "products".into(),
        DatasetPage {
            items: vec![
                item(json!({"_id": "p1", "slug": "linen tee", "name": "Linen Tee", "mainMedia": "/media/s_1~mv2.png",
                            "price": 24, "discountedPrice": 18, "formattedPrice": "$24.00", "formattedDiscountedPrice": "$18.00"})),
                item(json!({"_id": "p2", "slug": "mug", "name": "Mug", "price": 9, "discountedPrice": 9,
                            "formattedPrice": "$9.00", "formattedDiscountedPrice": "$9.00"})),
            ],
            page: 1,
            has_next: false,
        },
    );
    data
}

/// A visit of the home page at the site's address.
fn home_request() -> Request<'static> {
    Request {
        base_url: "https://snap.example",
        path: "/",
        page_number: 1,
        ..Request::default()
    }
}

#[test]
fn every_element_type() {
    let site = site();
    let data = home_data();
    let req = home_request();
    let page = site.doc.page("home").unwrap();
    let html = site.render(page, &data, &req);
    assert!(!html.contains("<script>alert(1)") && !html.contains("bad()"));
    insta::assert_snapshot!("home_html", html.replace("><", ">\n<"));
    insta::assert_snapshot!("stylesheet", site.css);
}

#[test]
fn dynamic_item_page_seo() {
    let site = site();
    let data = PageData {
        item: Some(item(
            json!({"_id": "1", "slug": "a", "name": "Widget \"X\"",
            "_createdDate": {"$date": "2026-01-02T03:04:05.000Z"}, "_updatedDate": {"$date": "2026-02-03T04:05:06.000Z"}}),
        )),
        ..PageData::default()
    };
    let req = Request {
        base_url: "https://snap.example",
        path: "/things/a",
        page_number: 1,
        submitted: None,
        preview: false,
        framed: false,
    };
    let tessera_render::Route::Dynamic(page, value) = site.route("/things/a") else {
        panic!("dynamic route")
    };
    assert_eq!(value, "a");
    let html = site.render(page, &data, &req);
    let head = html.split("</head>").next().unwrap().replace("><", ">\n<");
    insta::assert_snapshot!("dynamic_head", head);
}

#[test]
fn a_search_box_is_a_form_to_the_results_page_and_pages_give_their_words() {
    let doc = json!({"schemaVersion": 1, "pages": [
        {"id": "home", "title": "Home", "path": "/", "sections": [{"id": "s", "type": "section", "children": [
            {"id": "find", "type": "searchBox", "props": {"placeholder": "Cakes, <tarts>…"}},
            {"id": "h", "type": "heading", "props": {"text": "Fresh bread", "level": 1}},
            {"id": "t", "type": "text", "props": {"html": "<p>Fish &amp; <em>chips</em></p>"}},
            {"id": "gone", "type": "heading", "props": {"text": "Hidden words"}, "hidden": true}
        ]}]},
        {"id": "quiet", "title": "Quiet", "path": "/quiet", "seo": {"noIndex": true}, "sections": []},
        {"id": "item", "title": "Item", "path": "/things/{slug}", "dynamic": {"collection": "Things", "field": "slug"}, "sections": []}
    ]});
    let site = Site::new(Document::parse(doc.to_string().as_bytes()).unwrap());
    let html = site.render(
        site.doc.page("home").unwrap(),
        &PageData::default(),
        &Request::default(),
    );
    assert!(html.contains(
        "<form id=\"find\" class=\"t-searchBox\" role=\"search\" method=\"get\" action=\"/search\">\
         <input type=\"search\" name=\"q\" aria-label=\"Search\" placeholder=\"Cakes, &lt;tarts&gt;…\">\
         <button class=\"t-button\" type=\"submit\">Search</button></form>"
    ), "{html}");
    // Only static pages that search engines may index are searched, hidden elements left out.
    let pages = site.searchable_pages();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].body, "Fresh bread\nFish & chips");
    // A search box needs a label: it is the field's name and the button's text.
    let bad = json!({"schemaVersion": 1, "pages": [{"id": "home", "title": "Home", "path": "/", "sections": [
        {"id": "s", "type": "section", "children": [{"id": "find", "type": "searchBox", "props": {"label": " "}}]}]}]});
    let e = Document::parse(bad.to_string().as_bytes()).unwrap_err();
    assert_eq!(e.path, "pages[0].sections[0].children[0].props.label");
}

#[test]
fn the_cart_icon_is_a_plain_link_whose_count_the_script_fills() {
    let site = site();
    let page = site.doc.page("thing").unwrap();
    let mut req = Request {
        base_url: "https://snap.example",
        path: "/things/a",
        page_number: 1,
        ..Request::default()
    };
    let html = site.render(page, &PageData::default(), &req);
    assert!(
        html.contains("<a id=\"cart\" class=\"t-cartIcon\" href=\"/cart-page\" data-tessera-cart>")
    );
    assert!(html.contains(
        "<span class=\"t-cart-label\">Cart</span> <span class=\"t-cart-count\"></span></a>"
    ));
    assert!(
        html.contains("/_assets/runtime."),
        "the script fills the count"
    );
    // The editor's frame runs no script: it shows a sample count.
    req.framed = true;
    let framed = site.render(page, &PageData::default(), &req);
    assert!(framed.contains("<span class=\"t-cart-count\">0</span>"));
    assert!(!framed.contains("/_assets/runtime."));
}

#[test]
fn a_plans_list_shows_each_plan_with_its_price_in_words_perks_and_button() {
    let doc = json!({
        "schemaVersion": 1,
        "pages": [{"id": "home", "title": "Home", "path": "/",
            "datasets": [{"id": "plans", "collection": "PricingPlans/Plans", "pageSize": 12}],
            "sections": [{"id": "s", "type": "section", "children": [
                {"id": "cards", "type": "repeater", "props": {"dataset": "plans", "columns": 3}, "children": [
                    {"id": "n", "type": "heading", "props": {"text": "", "level": 3}, "bind": {"text": {"field": "name"}}},
                    {"id": "p", "type": "text", "props": {"html": ""}, "bind": {"text": {"field": "@price"}}},
                    {"id": "k", "type": "text", "props": {"html": ""}, "bind": {"text": {"field": "perks.values"}}},
                    {"id": "b", "type": "button", "props": {"label": "Buy", "link": {"href": "/plans-pricing"}},
                     "bind": {"label": {"field": "@buy"}, "href": {"field": "@url"}}}
                ]}
            ]}]}]
    });
    let site = Site::new(Document::parse(doc.to_string().as_bytes()).unwrap());
    let mut data = PageData::default();
    data.datasets.insert(
        "plans".into(),
        DatasetPage {
            items: vec![
                item(json!({"_id": "gold", "name": "Gold", "perks": {"values": ["Recipes", "<b>Videos</b>"]},
                    "pricing": {"subscription": {"cycleDuration": {"count": 1, "unit": "MONTH"}}, "price": {"value": "10.00", "currency": "USD"}}})),
                item(json!({"_id": "free", "name": "Starter", "perks": {"values": []},
                    "pricing": {"singlePaymentUnlimited": true, "price": {"value": "0"}}})),
            ],
            page: 1,
            has_next: false,
        },
    );
    let req = Request {
        base_url: "https://snap.example",
        path: "/",
        page_number: 1,
        ..Request::default()
    };
    let html = site.render(site.doc.page("home").unwrap(), &data, &req);
    for part in [
        ">Gold</h3>",
        "<p>10.00 USD every month</p>",
        "<ul><li>Recipes</li><li>&lt;b&gt;Videos&lt;/b&gt;</li></ul>",
        "href=\"/plans-pricing/gold\"",
        ">Buy</a>",
        ">Starter</h3>",
        "<p>Free</p>",
        "href=\"/plans-pricing/free\"",
        ">Get it free</a>",
    ] {
        assert!(html.contains(part), "{part}: {html}");
    }
}

/// The boot block of a page rendered with code.
fn boot_of(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/json\" id=\"tessera-page\">")
        .expect("a boot block")
        + "<script type=\"application/json\" id=\"tessera-page\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("the boot block is JSON")
}

#[test]
fn page_code_gets_repeated_elements_marked_item_templates_and_the_boot_block() {
    let site = site();
    let data = home_data();
    let req = home_request();
    let page = site.doc.page("home").unwrap();
    let bundles = [
        "/_code/masterPage.1.js".to_string(),
        "/_code/home.2.js".to_string(),
    ];
    let lightboxes = [("Confirm".to_string(), "/_lightbox/confirm".to_string())];
    let router_data = json!({"pet": "Rex"});
    let code = PageCode {
        runtime: "/_assets/site-runtime.abc.js",
        bundles: &bundles,
        site_id: "site-1",
        lightboxes: &lightboxes,
        router_data: Some(&router_data),
        lightbox: false,
        head: None,
    };
    let html = site.render_with_code(page, &data, &req, &code);

    // Repeated items carry their item's _id, repeated elements their id as data-velo-id.
    assert!(
        html.contains("<li data-velo-item=\"1\"><h3 data-velo-id=\"name\" class=\"t-heading\">"),
        "{html}"
    );
    assert!(html.contains("<li data-velo-item=\"p2\">"));
    assert!(!html.contains(" id=\"name\""));
    // Elements outside repeaters keep their id and get nothing more.
    assert!(html.contains("<h1 id=\"title\" class=\"t-heading ts-lead\">"));
    // The empty text is there, hidden while there are items; the template follows it, its bound
    // properties empty and its bound picture kept without a source.
    assert!(html.contains("<p class=\"t-empty\" hidden>Nothing here yet.</p><template data-velo-template><li><h3 data-velo-id=\"name\" class=\"t-heading\"></h3>"), "{html}");
    assert!(html.contains("<template data-velo-template><li><div data-velo-id=\"photo\" class=\"t-image crop e-photo\"><img alt=\"\" width=\"480\" height=\"480\"></div>"), "{html}");

    // The boot block, then the runtime, then the bundles in order, all deferred.
    let scripts = html
        .split("<script type=\"application/json\" id=\"tessera-page\">")
        .nth(1)
        .unwrap();
    assert!(scripts.contains("</script><script src=\"/_assets/site-runtime.abc.js\" defer></script><script src=\"/_code/masterPage.1.js\" defer></script><script src=\"/_code/home.2.js\" defer></script></body>"));
    // Item text never ends the block early.
    assert!(scripts.contains("\\u003cscript>alert(1)"));
    let boot = boot_of(&html);
    assert_eq!(
        boot["page"],
        json!({"id": "home", "title": "Home", "path": "/", "prefix": null})
    );
    assert_eq!(
        boot["site"],
        json!({"id": "site-1", "name": "Snap", "language": "en"})
    );
    assert_eq!(boot["datasets"][0]["id"], "things");
    assert_eq!(boot["datasets"][0]["pageSize"], 2);
    assert_eq!(boot["datasets"][0]["page"], 1);
    assert_eq!(boot["datasets"][0]["hasNext"], true);
    assert_eq!(boot["datasets"][0]["items"][1]["slug"], "two");
    assert_eq!(boot["datasets"][1]["filter"], json!({"visible": true}));
    assert_eq!(boot["connections"]["list"], json!({"dataset": "things"}));
    assert_eq!(
        boot["connections"]["open"],
        json!({"bind": {"href": {"field": "@url"}}})
    );
    assert_eq!(
        boot["connections"]["photo"]["bind"]["src"],
        json!({"field": "mainMedia"})
    );
    assert_eq!(
        boot["itemPaths"],
        json!({"Things": "/things/{slug}", "Stores/Products": "/product-page/{slug}"})
    );
    assert_eq!(boot["lightboxes"], json!({"Confirm": "/_lightbox/confirm"}));
    assert_eq!(boot["routerData"], json!({"pet": "Rex"}));
    assert_eq!(boot["beacon"], tessera_render::ERROR_BEACON);
    assert_eq!(boot["lightbox"], false);

    // Without code, and in the editor's frame, the page is as it always was.
    let plain = site.render(page, &data, &req);
    assert!(
        !plain.contains("data-velo")
            && !plain.contains("tessera-page")
            && !plain.contains("<template")
    );
    let framed = site.render_with_code(
        page,
        &data,
        &Request {
            framed: true,
            ..req.clone()
        },
        &code,
    );
    assert!(!framed.contains("tessera-page") && !framed.contains("site-runtime"));
}

/// The page body the site runtime's tests run against (`web/site-runtime/test/rendered.test.ts`): this
/// renderer's output, so the two sides of the contract are tested on the same markup. After a
/// change to what pages with code look like, write it again with
/// `TESSERA_UPDATE_FIXTURES=1 cargo test -p tessera-render --test render`.
#[test]
fn the_site_runtime_tests_run_on_what_the_renderer_writes() {
    let site = site();
    let req = Request {
        base_url: "http://demo.localhost:8080",
        path: "/",
        page_number: 1,
        ..Request::default()
    };
    let bundles = ["/_code/home.2.js".to_string()];
    let code = PageCode {
        runtime: "/_assets/site-runtime.abc.js",
        bundles: &bundles,
        site_id: "site-1",
        ..PageCode::default()
    };
    let html = site.render_with_code(site.doc.page("home").unwrap(), &home_data(), &req, &code);
    // The body is what the runtime reads; the head's links change with every stylesheet.
    let body = html
        .split("<body>")
        .nth(1)
        .unwrap()
        .replace("</body></html>", "");
    let html = body
        .replace(tessera_render::CSRF_PLACEHOLDER, "token")
        .replace(tessera_render::runtime_hash(), "hash")
        + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../web/site-runtime/test/fixtures/rendered-home.html");
    if std::env::var_os("TESSERA_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &html).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == html,
        "{} is not what the renderer writes now; write it again with TESSERA_UPDATE_FIXTURES=1",
        path.display()
    );
}

#[test]
fn a_dynamic_page_with_code_has_its_item_as_the_dynamic_dataset() {
    let site = site();
    let data = PageData {
        item: Some(item(json!({"_id": "1", "slug": "a b", "name": "Widget"}))),
        ..PageData::default()
    };
    let req = Request {
        base_url: "https://snap.example",
        path: "/things/a%20b",
        page_number: 1,
        ..Request::default()
    };
    let code = PageCode {
        runtime: "/_assets/site-runtime.abc.js",
        lightbox: true,
        ..PageCode::default()
    };
    let html = site.render_with_code(site.doc.page("thing").unwrap(), &data, &req, &code);
    let boot = boot_of(&html);
    assert_eq!(boot["page"]["prefix"], "things");
    assert_eq!(boot["lightbox"], true);
    assert_eq!(
        boot["datasets"],
        json!([{"id": "dynamicDataset", "collection": "Things", "filter": {"slug": "a b"}, "sort": [],
                "pageSize": 1, "items": [{"_id": "1", "slug": "a b", "name": "Widget"}], "page": 1, "hasNext": false}])
    );
    assert_eq!(
        boot["connections"]["thing-name"],
        json!({"bind": {"text": {"field": "name"}}})
    );
}

#[test]
fn a_lightbox_is_drawn_without_the_master_page_and_kept_out_of_menus_and_the_sitemap() {
    let doc = json!({
        "schemaVersion": 1,
        "settings": {"name": "Snap"},
        "master": {"header": [{"id": "menu", "type": "menu"}], "footer": [{"id": "bye", "type": "text", "props": {"html": "<p>Bye</p>"}}]},
        "pages": [
            {"id": "home", "title": "Home", "path": "/", "sections": []},
            {"id": "confirm", "title": "Confirm", "path": "/lightboxes/confirm", "lightbox": true, "sections": [
                {"id": "s", "type": "section", "children": [{"id": "question", "type": "heading", "props": {"text": "Sure?", "level": 2}}]}]}
        ]
    });
    let site = Site::new(Document::parse(doc.to_string().as_bytes()).unwrap());
    let req = Request {
        base_url: "https://snap.example",
        path: "/lightboxes/confirm",
        page_number: 1,
        ..Request::default()
    };
    let code = PageCode {
        runtime: "/_assets/site-runtime.abc.js",
        lightbox: true,
        ..PageCode::default()
    };
    let lightbox = site.doc.page("confirm").unwrap();
    let html = site.render_with_code(lightbox, &PageData::default(), &req, &code);
    assert!(html.contains(r#"<h2 id="question""#), "{html}");
    assert!(
        !html.contains("site-header") && !html.contains("site-footer"),
        "{html}"
    );
    assert!(
        html.contains(r#"<meta name="robots" content="noindex">"#),
        "{html}"
    );
    assert_eq!(boot_of(&html)["lightbox"], true);
    assert_eq!(
        site.menu_pages().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        ["home"]
    );
    assert_eq!(
        site.sitemap_pages()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
        ["home"]
    );
    // The home page keeps its header and footer.
    let home = site.render(site.doc.page("home").unwrap(), &PageData::default(), &req);
    assert!(home.contains("site-header") && home.contains("site-footer"));

    let mut bad = doc.clone();
    bad["pages"][1]["path"] = json!("/things/{slug}");
    bad["pages"][1]["dynamic"] = json!({"collection": "Things", "field": "slug"});
    let err = Document::parse(bad.to_string().as_bytes()).unwrap_err();
    assert!(err.to_string().contains("pages[1].lightbox"), "{err}");
}

#[test]
fn a_routers_head_is_written_over_the_pages_own() {
    let site = site();
    let data = home_data();
    let req = home_request();
    let page = site.doc.page("home").unwrap();
    // Older sites write `metaTags` as an object: `og:` names are properties.
    let head = tessera_render::RouterHead::from_value(&json!({
        "title": "Rex <the dog>",
        "noIndex": true,
        "metaTags": {"og:image": "https://example.com/rex.png", "robots-extra": "a\"b"},
        "structuredData": {"@type": "Thing", "name": "</script>"},
        "links": [{"rel": "alternate", "href": "/fr/rex"}, {"rel": "broken"}],
    }));
    let code = PageCode {
        runtime: "/_assets/site-runtime.abc.js",
        head: Some(&head),
        ..PageCode::default()
    };
    let html = site.render_with_code(page, &data, &req, &code);
    assert!(
        html.contains("<title>Rex &lt;the dog&gt;</title>"),
        "{html}"
    );
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(html.contains("<meta property=\"og:image\" content=\"https://example.com/rex.png\">"));
    assert!(html.contains("<meta name=\"robots-extra\" content=\"a&quot;b\">"));
    assert!(html.contains("<link rel=\"alternate\" href=\"/fr/rex\">"));
    assert!(!html.contains("rel=\"broken\""));
    assert!(html.contains("\"@type\":\"Thing\""));
    assert!(
        !html.contains("\"</script>\""),
        "structured data cannot end its script"
    );
}
