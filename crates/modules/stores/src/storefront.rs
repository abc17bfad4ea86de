//! The store's pages on a published site, in the site's master page and theme, at Wix's
//! addresses: `/category/<collection slug>` (a product grid; `all-products` is every
//! product), `/product-page/<slug>`, `/cart-page`, `/checkout?checkoutId=…` and
//! `/thank-you-page/<order id>`. Plain HTML forms that post back to these addresses, so
//! buying works without JavaScript; each action is the same function the REST routes call.

use futures::FutureExt;
use serde_json::{Value, json};
use tessera_core::data::{
    Item, Query,
    query::{parse_filter, parse_sort},
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    data::Params,
    module::{Method, RawCall, RawReply, RawRoute, RouteCall},
    pages::{SystemPage, escape_attr as at, escape_text as esc, themed},
};

use crate::{
    carts, checkouts,
    collections::COLLECTIONS,
    money::stored,
    orders, payments,
    products::{self, ALL_PRODUCTS, PRODUCTS},
    records::At,
    settings::{self, Settings},
};

const PAGE_SIZE: u32 = 12;

/// The call as the REST routes take it, on the visitor's behalf.
fn as_route(raw: &RawCall, id: &str, body: Value) -> WixResult<RouteCall> {
    let ctx = raw.ctx.clone().ok_or_else(|| {
        WixError::new(
            WixCode::NoRoute,
            "the store's pages are on a site's own address",
        )
    })?;
    Ok(RouteCall {
        ctx,
        path: vec![("id".into(), id.into())],
        query: Params::parse(""),
        body,
        visitor: raw.visitor.clone(),
        new_visitor: raw.new_visitor,
    })
}

fn reply(status: u16, html: String, private: bool) -> RawReply {
    RawReply {
        status,
        headers: vec![
            ("content-type", "text/html; charset=utf-8".into()),
            (
                "cache-control",
                if private {
                    "private, no-store"
                } else {
                    "no-cache"
                }
                .into(),
            ),
        ],
        body: html.into(),
    }
}

/// The request asks for JSON (the page's script), not a page.
fn wants_json(raw: &RawCall) -> bool {
    raw.headers
        .iter()
        .any(|(k, v)| k == "accept" && v.contains("application/json"))
}

fn json_reply(status: u16, body: &Value) -> RawReply {
    RawReply {
        status,
        headers: vec![
            ("content-type", "application/json".into()),
            ("cache-control", "no-store".into()),
        ],
        body: body.to_string().into(),
    }
}

/// A page of the store in the site's theme (404 when the site has published nothing).
async fn page(
    p: &Platform,
    raw: &RawCall,
    path: &str,
    status: u16,
    meta: (&str, Option<&str>, Option<&str>, bool),
    body: &str,
) -> WixResult<RawReply> {
    let site = raw
        .ctx
        .as_ref()
        .map(|c| c.site.clone())
        .ok_or_else(|| WixError::new(WixCode::NoRoute, "no site"))?;
    let (title, description, image, no_index) = meta;
    let page = SystemPage {
        title,
        description,
        image,
        no_index,
        body,
        // The runtime opens the side cart when something is added, and from cart icons.
        script: true,
    };
    let html = themed(p, &site, &raw.base_url, path, &page)
        .await?
        .ok_or_else(|| WixError::new(WixCode::ItemNotFound, "the site is not published"))?;
    // The cart may be indexed (to a crawler it is an empty cart) but no cache may share it.
    Ok(reply(status, html, no_index || path == "/cart-page"))
}

/// Plain text from a description that may hold HTML.
fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An image address at a width, as a variant when it is a library file.
fn image_at(url: &str, w: u32) -> String {
    if url.starts_with("/media/") && !url.contains("/v1/") {
        format!("{url}/v1/fill/w_{w},h_{w},q_80/image.jpg")
    } else {
        url.to_string()
    }
}

/// The store's links above each of its pages: the shop and the cart with its count (which the
/// page's script keeps current and makes open the side cart).
async fn nav(p: &Platform, raw: &RawCall) -> String {
    let count = match as_route(raw, "current", json!({})) {
        Ok(call) => carts::count(p, &call).await.unwrap_or(0),
        Err(_) => 0,
    };
    format!(
        "<nav class=\"t-store-nav\" aria-label=\"Store\"><a href=\"/category/all-products\">Shop</a>\
         <a href=\"/cart-page\" data-tessera-cart><span class=\"t-cart-label\">Cart</span> \
         <span class=\"t-cart-count\">{count}</span></a></nav>"
    )
}

fn price_html(s: &Settings, price: f64, discounted: f64) -> String {
    let c = &s.currency;
    let d = |x: f64| c.formatted(stored(&json!(x)));
    if discounted < price {
        format!(
            "<span class=\"t-price\"><s>{}</s> {}</span>",
            esc(&d(price)),
            esc(&d(discounted))
        )
    } else {
        format!("<span class=\"t-price\">{}</span>", esc(&d(price)))
    }
}

/// `GET /category/<slug>`: the collection's visible products, sorted, a page at a time.
async fn category(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let Some(ctx) = &raw.ctx else {
        return Err(WixError::new(WixCode::NoRoute, "no site"));
    };
    let site = &ctx.site;
    let slug = raw.path_param("slug");
    let (title, filter) = if slug == "all-products" {
        ("All Products".to_string(), json!({"visible": true}))
    } else {
        let q = Query {
            filter: parse_filter(&json!({"slug": slug}))?,
            limit: 1,
            ..Query::default()
        };
        let Some(c) = COLLECTIONS.query(&p, site, &q).await?.into_iter().next() else {
            return not_found(&p, &raw).await;
        };
        let name = c.data.at("name").as_str().unwrap_or_default().to_string();
        let id = if c.id == ALL_PRODUCTS {
            Value::Null
        } else {
            json!(c.id)
        };
        (
            name,
            json!({"visible": true, "collectionIds": {"$hasSome": [id]}}),
        )
    };
    let sort = raw.query.one("sort").unwrap_or("newest");
    let order = match sort {
        "price_asc" => json!([{"fieldName": "discountedPrice", "order": "ASC"}]),
        "price_desc" => json!([{"fieldName": "discountedPrice", "order": "DESC"}]),
        "name" => json!([{"fieldName": "name", "order": "ASC"}]),
        _ => json!([{"fieldName": "_createdDate", "order": "DESC"}]),
    };
    let page_no: u64 = raw
        .query
        .one("page")
        .and_then(|n| n.parse().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1);
    let filter = parse_filter(&filter)?;
    let q = Query {
        filter: filter.clone(),
        sort: parse_sort(&order)?,
        limit: PAGE_SIZE,
        offset: (page_no - 1) * u64::from(PAGE_SIZE),
        fields: Vec::new(),
    };
    let items = PRODUCTS.query(&p, site, &q).await?;
    let total = PRODUCTS.count(&p, site, &filter).await?;
    let s = settings::of(&p, site).await?;
    let mut body = format!(
        "<section class=\"t-section t-store\"><div class=\"inner\">{}<h1>{}</h1>",
        nav(&p, &raw).await,
        esc(&title)
    );
    body.push_str("<form class=\"t-store-sort\" method=\"get\"><label for=\"sort\">Sort by</label><select id=\"sort\" name=\"sort\">");
    for (value, label) in [
        ("newest", "Newest"),
        ("price_asc", "Price: low to high"),
        ("price_desc", "Price: high to low"),
        ("name", "Name"),
    ] {
        let selected = if value == sort { " selected" } else { "" };
        body.push_str(&format!(
            "<option value=\"{value}\"{selected}>{label}</option>"
        ));
    }
    body.push_str(
        "</select><button class=\"t-button secondary\" type=\"submit\">Sort</button></form>",
    );
    if items.is_empty() {
        body.push_str("<p class=\"t-empty\">No products here yet.</p>");
    }
    body.push_str("<ul class=\"t-store-grid\">");
    for (i, item) in items.iter().enumerate() {
        body.push_str(&card(&s, item, i >= 4));
    }
    body.push_str("</ul>");
    let pages = total.div_ceil(u64::from(PAGE_SIZE));
    if pages > 1 {
        body.push_str("<nav class=\"t-pager\" aria-label=\"Pages\">");
        if page_no > 1 {
            body.push_str(&format!(
                "<a href=\"?sort={}&amp;page={}\">Previous</a>",
                at(sort),
                page_no - 1
            ));
        }
        body.push_str(&format!("<span>Page {page_no} of {pages}</span>"));
        if page_no < pages {
            body.push_str(&format!(
                "<a href=\"?sort={}&amp;page={}\">Next</a>",
                at(sort),
                page_no + 1
            ));
        }
        body.push_str("</nav>");
    }
    body.push_str("</div></section>");
    page(
        &p,
        &raw,
        &format!("/category/{slug}"),
        200,
        (&title, None, None, false),
        &body,
    )
    .await
}

/// A product in a grid: its link's text is its name, so the picture needs no alt text.
fn card(s: &Settings, item: &Item, lazy: bool) -> String {
    let d = &item.data;
    let name = d.at("name").as_str().unwrap_or_default();
    let slug = d.at("slug").as_str().unwrap_or_default();
    let mut out = format!(
        "<li class=\"t-product-card\"><a href=\"/product-page/{}\">",
        at(slug)
    );
    match d.at("mainMedia").as_str() {
        Some(url) => out.push_str(&format!(
            "<img src=\"{}\" alt=\"\" width=\"480\" height=\"480\"{}>",
            at(&image_at(url, 480)),
            if lazy { " loading=\"lazy\"" } else { "" }
        )),
        None => out.push_str("<span class=\"t-product-noimage\" aria-hidden=\"true\"></span>"),
    }
    out.push_str(&format!(
        "<span class=\"t-product-name\">{}</span></a>",
        esc(name)
    ));
    if let Some(r) = d.at("ribbon").as_str().filter(|r| !r.is_empty()) {
        out.push_str(&format!("<span class=\"t-ribbon\">{}</span>", esc(r)));
    }
    out.push_str(&price_html(
        s,
        d.at("price").as_f64().unwrap_or(0.0),
        d.at("discountedPrice").as_f64().unwrap_or(0.0),
    ));
    if d.at("inStock") == &json!(false) {
        out.push_str("<span class=\"t-stock-out\">Out of stock</span>");
    }
    out.push_str("</li>");
    out
}

async fn not_found(p: &Platform, raw: &RawCall) -> WixResult<RawReply> {
    let body = format!(
        "<section class=\"t-section t-store\"><div class=\"inner\">{}<h1>Not found</h1><p>This product is not in the store. <a href=\"/category/all-products\">See all products</a>.</p></div></section>",
        nav(p, raw).await
    );
    page(p, raw, "/404", 404, ("Not found", None, None, true), &body).await
}

/// The fixed messages a page shows after an action (`?added=1`, or an error's text).
fn notice(text: &str, error: bool) -> String {
    if error {
        format!(
            "<p class=\"t-form-status error\" role=\"alert\">{}</p>",
            esc(text)
        )
    } else {
        format!("<p class=\"t-form-status\" role=\"status\">{}</p>", text)
    }
}

/// What the site's service plugins say of a cart or checkout: their violations (an error
/// stops the order, a warning does not) and the plugins that failed.
/// What `already` says (the error the page shows) is not said again.
fn said_by_plugins(v: &Value, already: Option<&str>) -> String {
    let mut out = String::new();
    let said = |text: &str| already.is_some_and(|a| a.contains(text));
    for violation in v["violations"].as_array().into_iter().flatten() {
        let text = violation["description"].as_str().unwrap_or_default();
        if said(text) {
            continue;
        }
        match violation["severity"].as_str() {
            Some("ERROR") => out.push_str(&notice(text, true)),
            _ => out.push_str(&notice(&esc(text), false)),
        }
    }
    for e in v["calculationErrors"]["orderValidationErrors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["code"] == "SERVICE_PLUGIN_FAILED")
        .filter(|e| !said(e["message"].as_str().unwrap_or_default()))
    {
        out.push_str(&notice(
            &format!(
                "The price cannot be worked out right now, so the order cannot be placed ({}).",
                e["message"].as_str().unwrap_or_default()
            ),
            true,
        ));
    }
    out
}

/// `GET /product-page/<slug>`.
async fn product_page(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    product_with(&p, &raw, 200, None).await
}

async fn product_with(
    p: &Platform,
    raw: &RawCall,
    status: u16,
    error: Option<&str>,
) -> WixResult<RawReply> {
    let Some(ctx) = &raw.ctx else {
        return Err(WixError::new(WixCode::NoRoute, "no site"));
    };
    let site = &ctx.site;
    let slug = raw.path_param("slug");
    let q = Query {
        filter: parse_filter(&json!({"slug": slug, "visible": true}))?,
        limit: 1,
        ..Query::default()
    };
    let Some(item) = PRODUCTS.query(p, site, &q).await?.into_iter().next() else {
        return not_found(p, raw).await;
    };
    let s = settings::of(p, site).await?;
    let stock = p
        .store()
        .stock(site.id, std::slice::from_ref(&item.id))
        .await?;
    let v = products::view(&s, &item, &stock, true);
    let name = v["name"].as_str().unwrap_or_default();
    let description = plain(v["description"].as_str().unwrap_or_default());
    let mut body = format!(
        "<section class=\"t-section t-store\"><div class=\"inner\">{}",
        nav(p, raw).await
    );
    if let Some(e) = error {
        body.push_str(&notice(e, true));
    } else if raw.query.one("added").is_some() {
        body.push_str(&notice(
            "Added to your cart. <a href=\"/cart-page\">View cart</a>",
            false,
        ));
    }
    body.push_str("<div class=\"t-product\"><div class=\"t-product-gallery\">");
    let images: Vec<&str> = v["media"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["image"]["url"].as_str())
        .collect();
    match images.first() {
        Some(first) => body.push_str(&format!(
            "<img src=\"{}\" alt=\"{}\" width=\"720\" height=\"720\">",
            at(&image_at(first, 720)),
            at(name)
        )),
        None => body.push_str("<span class=\"t-product-noimage\" aria-hidden=\"true\"></span>"),
    }
    if images.len() > 1 {
        body.push_str("<ul class=\"t-product-thumbs\">");
        for (i, url) in images.iter().enumerate().skip(1) {
            body.push_str(&format!("<li><img src=\"{}\" alt=\"{} ({})\" width=\"160\" height=\"160\" loading=\"lazy\"></li>", at(&image_at(url, 160)), at(name), i + 1));
        }
        body.push_str("</ul>");
    }
    body.push_str("</div><div class=\"t-product-info\">");
    if let Some(r) = v["ribbon"].as_str().filter(|r| !r.is_empty()) {
        body.push_str(&format!("<span class=\"t-ribbon\">{}</span>", esc(r)));
    }
    body.push_str(&format!("<h1>{}</h1>", esc(name)));
    let price = v["priceData"]["price"].as_f64().unwrap_or(0.0);
    let discounted = v["priceData"]["discountedPrice"].as_f64().unwrap_or(0.0);
    let (lo, hi) = (
        v["priceRange"]["minValue"].as_f64().unwrap_or(discounted),
        v["priceRange"]["maxValue"].as_f64().unwrap_or(discounted),
    );
    if lo < hi {
        let f = |x: f64| s.currency.formatted(stored(&json!(x)));
        body.push_str(&format!(
            "<p class=\"t-price\">{} – {}</p>",
            esc(&f(lo)),
            esc(&f(hi))
        ));
    } else {
        body.push_str(&format!("<p>{}</p>", price_html(&s, price, discounted)));
    }
    let in_stock = v["stock"]["inStock"] == true;
    body.push_str("<form class=\"t-form\" method=\"post\" action=\"/cart-page\" data-tessera-add><input type=\"hidden\" name=\"action\" value=\"add\">");
    body.push_str(&format!("<input type=\"hidden\" name=\"productId\" value=\"{}\"><input type=\"hidden\" name=\"returnTo\" value=\"/product-page/{}\">", at(&item.id), at(slug)));
    let variants = v["variants"].as_array().cloned().unwrap_or_default();
    for (i, o) in v["productOptions"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let oname = o["name"].as_str().unwrap_or_default();
        body.push_str(&format!("<label for=\"opt{i}\">{}<select id=\"opt{i}\" name=\"option.{}\" required><option value=\"\">Choose</option>", esc(oname), at(oname)));
        for c in o["choices"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["visible"] != false)
        {
            let d = c["description"].as_str().unwrap_or_default();
            // The choice's price when variants differ, and whether any of them is left.
            let with: Vec<&Value> = variants
                .iter()
                .filter(|x| x["choices"][oname] == d)
                .collect();
            let left = with.iter().any(|x| x["stock"]["inStock"] == true);
            let prices: Vec<f64> = with
                .iter()
                .filter_map(|x| x["variant"]["priceData"]["discountedPrice"].as_f64())
                .collect();
            let mut label = d.to_string();
            if lo < hi
                && let (Some(a), true) = (
                    prices.first(),
                    prices.iter().all(|x| Some(x) == prices.first()),
                )
            {
                label.push_str(&format!(" — {}", s.currency.formatted(stored(&json!(a)))));
            }
            if !left {
                label.push_str(" (sold out)");
            }
            body.push_str(&format!(
                "<option value=\"{}\"{}>{}</option>",
                at(d),
                if left { "" } else { " disabled" },
                esc(&label)
            ));
        }
        body.push_str("</select></label>");
    }
    for (i, f) in v["customTextFields"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let title = f["title"].as_str().unwrap_or_default();
        let max = f["maxLength"].as_u64().unwrap_or(500);
        let required = if f["mandatory"] == true {
            " required"
        } else {
            ""
        };
        body.push_str(&format!("<label for=\"text{i}\">{}<input id=\"text{i}\" name=\"text.{}\" maxlength=\"{max}\"{required}></label>", esc(title), at(title)));
    }
    body.push_str("<label for=\"quantity\">Quantity<input id=\"quantity\" type=\"number\" name=\"quantity\" value=\"1\" min=\"1\" max=\"100000\" required></label>");
    if in_stock {
        body.push_str("<button class=\"t-button\" type=\"submit\">Add to cart</button></form>");
    } else {
        body.push_str(
            "<button class=\"t-button\" type=\"submit\" disabled>Out of stock</button></form>",
        );
    }
    if !description.is_empty() {
        body.push_str(&format!(
            "<p class=\"t-product-description\">{}</p>",
            esc(&description)
        ));
    }
    for sec in v["additionalInfoSections"].as_array().into_iter().flatten() {
        body.push_str(&format!(
            "<details><summary>{}</summary><p>{}</p></details>",
            esc(sec["title"].as_str().unwrap_or_default()),
            esc(&plain(sec["description"].as_str().unwrap_or_default()))
        ));
    }
    body.push_str("</div></div>");
    // Search engines read the product, its price and whether it can be bought.
    let ld = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": name,
        "description": description,
        "image": images.first().map(|u| format!("{}{}", raw.base_url, u)),
        "sku": v["sku"],
        "offers": {
            "@type": "Offer",
            "price": s.currency.text(stored(&v["priceData"]["discountedPrice"])),
            "priceCurrency": s.currency.code,
            "availability": if in_stock { "https://schema.org/InStock" } else { "https://schema.org/OutOfStock" },
        },
    });
    body.push_str(&format!(
        "<script type=\"application/ld+json\">{}</script>",
        ld.to_string().replace('<', "\\u003c")
    ));
    body.push_str("</div></section>");
    let image = images
        .first()
        .map(|u| format!("{}{}", raw.base_url, image_at(u, 1200)));
    let short: String = description.chars().take(160).collect();
    page(
        p,
        raw,
        &format!("/product-page/{slug}"),
        status,
        (
            name,
            (!short.is_empty()).then_some(short.as_str()),
            image.as_deref(),
            false,
        ),
        &body,
    )
    .await
}

/// The form's fields.
fn form(raw: &RawCall) -> Vec<(String, String)> {
    form_urlencoded::parse(&raw.body).into_owned().collect()
}

fn field<'a>(f: &'a [(String, String)], name: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// `POST /cart-page`: add (from a product page), update a quantity, remove, check out.
async fn cart_action(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let f = form(&raw);
    match field(&f, "action") {
        "add" => {
            let options: serde_json::Map<String, Value> = f
                .iter()
                .filter_map(|(k, v)| k.strip_prefix("option.").map(|o| (o.to_string(), json!(v))))
                .collect();
            let texts: serde_json::Map<String, Value> = f
                .iter()
                .filter_map(|(k, v)| {
                    k.strip_prefix("text.")
                        .filter(|_| !v.is_empty())
                        .map(|t| (t.to_string(), json!(v)))
                })
                .collect();
            let mut reference = json!({"catalogItemId": field(&f, "productId"), "appId": crate::pricing::STORES_APP_ID});
            let mut opts = json!({});
            if !options.is_empty() {
                opts["options"] = json!(options);
            }
            if !texts.is_empty() {
                opts["customTextFields"] = json!(texts);
            }
            if opts != json!({}) {
                reference["options"] = opts;
            }
            let quantity: i64 = field(&f, "quantity").parse().unwrap_or(0);
            let back = field(&f, "returnTo");
            let back = if back.starts_with("/product-page/") && !back.contains("//") {
                back.to_string()
            } else {
                "/cart-page".into()
            };
            let call = as_route(
                &raw,
                "current",
                json!({"lineItems": [{"catalogReference": reference, "quantity": quantity}]}),
            )?;
            let added = carts::add(&p, &call).await;
            // The page's script adds without leaving the page and shows the side cart.
            if wants_json(&raw) {
                return Ok(match added {
                    Ok(cart) => json_reply(200, &cart),
                    Err(e) => json_reply(
                        e.code().http_status(),
                        &json!({ "message": shopper_message(&e) }),
                    ),
                });
            }
            match added {
                Ok(_) => Ok(RawReply::see_other(&format!("{back}?added=1"))),
                Err(e) if e.code() != WixCode::Internal && back.starts_with("/product-page/") => {
                    let mut raw = raw;
                    raw.path = vec![(
                        "slug".into(),
                        back.trim_start_matches("/product-page/").into(),
                    )];
                    product_with(&p, &raw, e.code().http_status(), Some(&shopper_message(&e))).await
                }
                Err(e) => Err(e),
            }
        }
        "update" | "remove" => {
            let line = field(&f, "lineId");
            let quantity: i64 = if field(&f, "action") == "remove" {
                0
            } else {
                field(&f, "quantity").parse().unwrap_or(-1)
            };
            let call = as_route(
                &raw,
                "current",
                json!({"lineItems": [{"id": line, "quantity": quantity}]}),
            )?;
            match carts::update_quantities(&p, &call).await {
                Ok(_) => Ok(RawReply::see_other("/cart-page")),
                Err(e) if e.code() != WixCode::Internal => {
                    cart_with(&p, &raw, e.code().http_status(), Some(&shopper_message(&e))).await
                }
                Err(e) => Err(e),
            }
        }
        "checkout" => {
            let call = as_route(&raw, "current", json!({}))?;
            match carts::create_checkout(&p, &call).await {
                Ok(v) => Ok(RawReply::see_other(&format!(
                    "/checkout?checkoutId={}",
                    v["checkoutId"].as_str().unwrap_or_default()
                ))),
                Err(e) if e.code() != WixCode::Internal => {
                    cart_with(&p, &raw, e.code().http_status(), Some(&shopper_message(&e))).await
                }
                Err(e) => Err(e),
            }
        }
        _ => cart_with(&p, &raw, 400, Some("Unknown action.")).await,
    }
}

/// An error as a shopper reads it: what went wrong, without codes.
fn shopper_message(e: &WixError) -> String {
    match e.code() {
        WixCode::InsufficientInventory => "Not enough in stock for that quantity.".into(),
        WixCode::ItemNotFound => "That product or choice is no longer sold.".into(),
        WixCode::PaymentDeclined => {
            "Your card was declined. Check the number or use another card.".into()
        }
        _ => e.description().to_string(),
    }
}

/// `GET /cart-page`.
async fn cart_page(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    cart_with(&p, &raw, 200, None).await
}

async fn cart_with(
    p: &Platform,
    raw: &RawCall,
    status: u16,
    error: Option<&str>,
) -> WixResult<RawReply> {
    let call = as_route(raw, "current", json!({}))?;
    let cart = carts::get(p, &call).await.ok();
    let mut body = format!(
        "<section class=\"t-section t-store\"><div class=\"inner\">{}<h1>Your cart</h1>",
        nav(p, raw).await
    );
    if let Some(e) = error {
        body.push_str(&notice(e, true));
    }
    if let Some(c) = &cart {
        body.push_str(&said_by_plugins(&c["cart"], error));
    }
    let lines = cart
        .as_ref()
        .and_then(|c| c["cart"]["lineItems"].as_array().cloned())
        .unwrap_or_default();
    if lines.is_empty() {
        body.push_str("<p class=\"t-empty\">Your cart is empty. <a href=\"/category/all-products\">Continue shopping</a>.</p></div></section>");
        return page(
            p,
            raw,
            "/cart-page",
            status,
            ("Your cart", None, None, false),
            &body,
        )
        .await;
    }
    body.push_str("<table class=\"t-cart\"><thead><tr><th scope=\"col\">Product</th><th scope=\"col\">Price</th><th scope=\"col\">Quantity</th><th scope=\"col\">Total</th></tr></thead><tbody>");
    for l in &lines {
        let name = l["productName"]["original"].as_str().unwrap_or_default();
        let id = l["id"].as_str().unwrap_or_default();
        let details: Vec<String> = l["descriptionLines"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                format!(
                    "{}: {}",
                    d["name"]["original"].as_str().unwrap_or_default(),
                    d["plainText"]["original"].as_str().unwrap_or_default()
                )
            })
            .collect();
        body.push_str(&format!(
            "<tr><td><a href=\"{}\">{}</a>",
            at(l["url"].as_str().unwrap_or("#")),
            esc(name)
        ));
        if !details.is_empty() {
            body.push_str(&format!("<br><small>{}</small>", esc(&details.join(", "))));
        }
        match l["availability"]["status"].as_str() {
            Some("NOT_AVAILABLE") => body.push_str(
                "<br><small class=\"t-stock-out\">Out of stock: remove it to check out</small>",
            ),
            Some("NOT_FOUND") => {
                body.push_str("<br><small class=\"t-stock-out\">No longer sold</small>")
            }
            Some("PARTIALLY_AVAILABLE") => body.push_str(&format!(
                "<br><small class=\"t-stock-out\">Only {} left</small>",
                l["availability"]["quantityAvailable"]
            )),
            _ => {}
        }
        let q = l["quantity"].as_i64().unwrap_or(1);
        body.push_str(&format!(
            "</td><td>{}</td><td><form class=\"t-cart-qty\" method=\"post\" action=\"/cart-page\"><input type=\"hidden\" name=\"lineId\" value=\"{}\">\
             <label><span class=\"t-visually-hidden\">Quantity of {}</span><input type=\"number\" name=\"quantity\" value=\"{q}\" min=\"0\" max=\"100000\"></label>\
             <button class=\"t-button secondary\" type=\"submit\" name=\"action\" value=\"update\">Update</button>\
             <button class=\"t-button secondary\" type=\"submit\" name=\"action\" value=\"remove\">Remove</button></form></td><td>{}</td></tr>",
            esc(l["price"]["formattedAmount"].as_str().unwrap_or_default()),
            at(id),
            esc(name),
            esc(l["lineItemPrice"]["formattedAmount"].as_str().unwrap_or_default()),
        ));
    }
    let cart = cart.unwrap_or_default();
    let subtotal = &cart["cart"]["subtotal"];
    let discounts = discount_rows(&cart["cart"]["appliedDiscounts"]);
    body.push_str(&format!(
        "</tbody></table><dl class=\"t-order-totals t-cart-totals\"><dt>Subtotal</dt><dd>{}</dd>{discounts}",
        esc(subtotal["formattedAmount"].as_str().unwrap_or_default())
    ));
    if !discounts.is_empty() {
        let s = settings::of(p, &call.ctx.site).await?;
        let off: rust_decimal::Decimal = cart["cart"]["appliedDiscounts"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                stored(&d["discountRule"]["amount"]["amount"])
                    + stored(&d["coupon"]["amount"]["amount"])
            })
            .sum();
        body.push_str(&format!(
            "<dt>After discounts</dt><dd><strong>{}</strong></dd>",
            esc(&s.currency.formatted(stored(&subtotal["amount"]) - off))
        ));
    }
    body.push_str("</dl>");
    body.push_str("<form class=\"t-cart-actions\" method=\"post\" action=\"/cart-page\"><button class=\"t-button\" type=\"submit\" name=\"action\" value=\"checkout\">Check out</button></form></div></section>");
    page(
        p,
        raw,
        "/cart-page",
        status,
        ("Your cart", None, None, false),
        &body,
    )
    .await
}

/// The checkout the address names, if it is this visitor's.
async fn own_checkout(p: &Platform, raw: &RawCall, id: &str) -> WixResult<Option<Item>> {
    let Some(ctx) = &raw.ctx else { return Ok(None) };
    let Some(c) = checkouts::CHECKOUTS.get(p, &ctx.site, id).await? else {
        return Ok(None);
    };
    let buyer = c.data.at("buyerInfo");
    let mine = match &ctx.caller {
        tessera_core::data::DataCaller::Member { id, .. } => buyer["memberId"] == id.as_str(),
        _ => !raw.visitor.is_empty() && buyer["visitorId"] == raw.visitor.as_str(),
    };
    Ok(mine.then_some(c))
}

/// `GET /checkout?checkoutId=…`.
async fn checkout_page(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let id = raw.query.one("checkoutId").unwrap_or_default().to_string();
    checkout_with(&p, &raw, &id, 200, None).await
}

async fn checkout_with(
    p: &Platform,
    raw: &RawCall,
    id: &str,
    status: u16,
    error: Option<&str>,
) -> WixResult<RawReply> {
    let Some(item) = own_checkout(p, raw, id).await? else {
        return Ok(RawReply::see_other("/cart-page"));
    };
    if let Some(order) = item
        .data
        .at("orderId")
        .as_str()
        .filter(|_| item.data.at("completed") == &json!(true))
    {
        return Ok(RawReply::see_other(&format!("/thank-you-page/{order}")));
    }
    let Some(ctx) = &raw.ctx else {
        return Err(WixError::new(WixCode::NoRoute, "no site"));
    };
    let s = settings::of(p, &ctx.site).await?;
    let v = checkouts::view(p, &ctx.site, &s, &item).await?;
    let c = &v;
    let addr = &c["shippingInfo"]["shippingDestination"]["address"];
    let contact = &c["billingInfo"]["contactDetails"];
    let value = |x: &Value| at(x.as_str().unwrap_or_default());
    let mut body = format!(
        "<section class=\"t-section t-store\"><div class=\"inner\">{}<h1>Checkout</h1>",
        nav(p, raw).await
    );
    if let Some(e) = error {
        body.push_str(&notice(e, true));
    }
    body.push_str(&said_by_plugins(c, error));
    body.push_str(
        "<div class=\"t-checkout\"><form class=\"t-form\" method=\"post\" action=\"/checkout\">",
    );
    body.push_str(&format!(
        "<input type=\"hidden\" name=\"checkoutId\" value=\"{}\">",
        at(id)
    ));
    body.push_str("<fieldset><legend>Contact</legend>");
    body.push_str(&format!("<label for=\"email\">Email<input id=\"email\" type=\"email\" name=\"email\" autocomplete=\"email\" required value=\"{}\"></label>", value(&c["buyerInfo"]["email"])));
    body.push_str(&format!("<label for=\"firstName\">First name<input id=\"firstName\" name=\"firstName\" autocomplete=\"given-name\" required value=\"{}\"></label>", value(&contact["firstName"])));
    body.push_str(&format!("<label for=\"lastName\">Last name<input id=\"lastName\" name=\"lastName\" autocomplete=\"family-name\" required value=\"{}\"></label>", value(&contact["lastName"])));
    body.push_str(&format!("<label for=\"phone\">Phone (optional)<input id=\"phone\" type=\"tel\" name=\"phone\" autocomplete=\"tel\" value=\"{}\"></label></fieldset>", value(&contact["phone"])));
    body.push_str("<fieldset><legend>Address</legend>");
    for (key, label, auto, req) in [
        ("addressLine", "Address", "address-line1", true),
        ("city", "City", "address-level2", true),
        (
            "subdivision",
            "State or region (optional)",
            "address-level1",
            false,
        ),
        ("postalCode", "Postal code", "postal-code", false),
        ("country", "Country code (e.g. US)", "country", true),
    ] {
        body.push_str(&format!(
            "<label for=\"{key}\">{label}<input id=\"{key}\" name=\"{key}\" autocomplete=\"{auto}\"{} value=\"{}\"></label>",
            if req { " required" } else { "" },
            value(&addr[key])
        ));
    }
    body.push_str("</fieldset>");
    let options: Vec<Value> = c["shippingInfo"]["carrierServiceOptions"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|carrier| {
            carrier["shippingOptions"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    let selected = c["shippingInfo"]["selectedCarrierServiceOption"]["code"]
        .as_str()
        .unwrap_or_default();
    if !options.is_empty() {
        body.push_str("<fieldset><legend>Delivery</legend>");
        for o in &options {
            let code = o["code"].as_str().unwrap_or_default();
            body.push_str(&format!(
                "<label class=\"check\"><input type=\"radio\" name=\"shipping\" value=\"{}\"{}> {} — {} <small>{}</small></label>",
                at(code),
                if code == selected { " checked" } else { "" },
                esc(o["title"].as_str().unwrap_or_default()),
                esc(o["cost"]["price"]["formattedAmount"].as_str().unwrap_or_default()),
                esc(o["logistics"]["deliveryTime"].as_str().unwrap_or_default()),
            ));
        }
        body.push_str("</fieldset>");
    }
    body.push_str("<fieldset><legend>Payment</legend>");
    let providers: Vec<(String, String)> = s
        .providers
        .iter()
        .map(|provider| {
            let label = match provider.as_str() {
                "test" => "Card (test mode: 4242 4242 4242 4242 pays)".to_string(),
                "offline" => format!("Pay offline — {}", s.offline_instructions),
                other => other.to_string(),
            };
            (provider.clone(), label)
        })
        .chain(crate::plugins::payment_providers(p, &ctx.site, &s).await?)
        .collect();
    for (i, (provider, label)) in providers.iter().enumerate() {
        body.push_str(&format!(
            "<label class=\"check\"><input type=\"radio\" name=\"provider\" value=\"{}\"{}> {}</label>",
            at(provider),
            if i == 0 { " checked" } else { "" },
            esc(label)
        ));
    }
    if s.providers.iter().any(|x| x == "test") {
        body.push_str("<label for=\"card\">Card number<input id=\"card\" name=\"cardNumber\" inputmode=\"numeric\" autocomplete=\"cc-number\" placeholder=\"4242 4242 4242 4242\"></label>");
    }
    let applied = c["appliedDiscounts"]
        .as_array()
        .and_then(|a| a.iter().find_map(|d| d["coupon"]["code"].as_str()))
        .unwrap_or_default();
    body.push_str(&format!(
        "</fieldset><label for=\"coupon\">Coupon code (optional)<input id=\"coupon\" name=\"couponCode\" value=\"{}\" autocomplete=\"off\"></label>",
        at(applied)
    ));
    body.push_str("<div class=\"t-checkout-actions\"><button class=\"t-button secondary\" type=\"submit\" name=\"action\" value=\"update\">Update delivery and totals</button>\
        <button class=\"t-button\" type=\"submit\" name=\"action\" value=\"place\">Place order</button></div></form>");
    body.push_str(
        "<aside class=\"t-checkout-summary\" aria-label=\"Order summary\"><h2>Summary</h2><ul>",
    );
    for l in c["lineItems"].as_array().into_iter().flatten() {
        body.push_str(&format!(
            "<li>{} × {} <span>{}</span></li>",
            l["quantity"],
            esc(l["productName"]["original"].as_str().unwrap_or_default()),
            esc(l["lineItemPrice"]["formattedAmount"]
                .as_str()
                .unwrap_or_default())
        ));
    }
    body.push_str("</ul><dl>");
    body.push_str(&totals_html(c));
    body.push_str("</dl></aside></div></div></section>");
    page(
        p,
        raw,
        "/checkout",
        status,
        ("Checkout", None, None, true),
        &body,
    )
    .await
}

/// A checkout's or order's price summary as rows: its discounts and additional fees each
/// on a row of their own.
fn totals_html(v: &Value) -> String {
    let summary = &v["priceSummary"];
    let mut out = String::new();
    for (label, key) in [
        ("Subtotal", "subtotal"),
        ("", "discount"),
        ("Delivery", "shipping"),
        ("", "fees"),
        ("Tax", "tax"),
        ("Total", "total"),
    ] {
        if key == "discount" {
            out.push_str(&discount_rows(&v["appliedDiscounts"]));
            continue;
        }
        if key == "fees" {
            for f in v["additionalFees"].as_array().into_iter().flatten() {
                out.push_str(&format!(
                    "<dt>{}</dt><dd>{}</dd>",
                    esc(f["name"].as_str().unwrap_or_default()),
                    esc(orders::fee_shown(v, f)["formattedAmount"]
                        .as_str()
                        .unwrap_or_default())
                ));
            }
            continue;
        }
        let text = summary[key]["formattedAmount"].as_str().unwrap_or_default();
        out.push_str(&format!("<dt>{label}</dt><dd>{}</dd>", esc(text)));
    }
    out
}

/// A row per discount that took something off, named as the buyer knows it, with its amount
/// as a minus.
fn discount_rows(applied: &Value) -> String {
    let mut out = String::new();
    for d in applied.as_array().into_iter().flatten() {
        let (name, amount) = if d["discountRule"].is_object() {
            (
                d["discountRule"]["name"]["original"]
                    .as_str()
                    .unwrap_or("Discount")
                    .to_string(),
                &d["discountRule"]["amount"],
            )
        } else {
            (
                format!(
                    "Coupon {}",
                    d["coupon"]["code"].as_str().unwrap_or_default()
                ),
                &d["coupon"]["amount"],
            )
        };
        if stored(&amount["amount"]).is_zero() {
            continue;
        }
        out.push_str(&format!(
            "<dt>{}</dt><dd>−{}</dd>",
            esc(&name),
            esc(amount["formattedAmount"].as_str().unwrap_or_default())
        ));
    }
    out
}

/// `POST /checkout`: saves what the buyer entered; with `place`, places the order and pays.
/// What goes wrong shows on the checkout page.
async fn checkout_action(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let f = form(&raw);
    let id = field(&f, "checkoutId").to_string();
    if own_checkout(&p, &raw, &id).await?.is_none() {
        return Ok(RawReply::see_other("/cart-page"));
    }
    match save_and_place(&p, &raw, &f, &id).await {
        Err(e) if e.code() != WixCode::Internal => {
            checkout_with(
                &p,
                &raw,
                &id,
                e.code().http_status(),
                Some(&shopper_message(&e)),
            )
            .await
        }
        done => done,
    }
}

async fn save_and_place(
    p: &Platform,
    raw: &RawCall,
    f: &[(String, String)],
    id: &str,
) -> WixResult<RawReply> {
    let address = json!({
        "addressLine": field(f, "addressLine"), "city": field(f, "city"),
        "subdivision": field(f, "subdivision"), "postalCode": field(f, "postalCode"),
        "country": field(f, "country").trim().to_ascii_uppercase(),
    });
    let contact = json!({"firstName": field(f, "firstName"), "lastName": field(f, "lastName"), "phone": field(f, "phone")});
    let mut sent = json!({
        "billingInfo": {"address": address, "contactDetails": contact},
        "shippingInfo": {"shippingDestination": {"address": address, "contactDetails": contact}},
    });
    if !field(f, "email").is_empty() {
        sent["buyerInfo"] = json!({"email": field(f, "email")});
    }
    if !field(f, "shipping").is_empty() {
        sent["shippingInfo"]["selectedCarrierServiceOption"] =
            json!({"code": field(f, "shipping")});
    }
    let mut patch = json!({"checkout": sent});
    if !field(f, "couponCode").trim().is_empty() {
        patch["couponCode"] = json!(field(f, "couponCode"));
    }
    checkouts::update(p, &as_route(raw, id, patch)?).await?;
    if field(f, "action") != "place" {
        return Ok(RawReply::see_other(&format!("/checkout?checkoutId={id}")));
    }
    let provider = field(f, "provider");
    let placed =
        orders::create_from_checkout(p, &as_route(raw, id, json!({"paymentProvider": provider}))?)
            .await?;
    let order = placed["orderId"].as_str().unwrap_or_default().to_string();
    if provider == "test" {
        payments::pay(
            p,
            &as_route(raw, &order, json!({"cardNumber": field(f, "cardNumber")}))?,
        )
        .await?;
    } else if provider.starts_with(crate::plugins::PAYMENT_PREFIX) {
        // The provider may send the buyer to its own page; it comes back to the thank-you page.
        let paid = payments::pay(p, &as_route(raw, &order, json!({}))?).await?;
        if let Some(url) = paid["redirectUrl"].as_str() {
            return Ok(RawReply::see_other(url));
        }
    }
    Ok(RawReply::see_other(&format!("/thank-you-page/{order}")))
}

/// `GET /thank-you-page/<order id>`: the buyer's order.
async fn thank_you(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let call = as_route(&raw, raw.path_param("id"), json!({}))?;
    let o = match orders::get_for(&p, &call, raw.path_param("id")).await {
        Ok(o) => o,
        Err(_) => return not_found(&p, &raw).await,
    };
    let v = orders::view(&o);
    let s = settings::of(&p, &call.ctx.site).await?;
    let mut body = format!(
        "<section class=\"t-section t-store\"><div class=\"inner\">{}<h1>Thank you for your order</h1>",
        nav(&p, &raw).await
    );
    body.push_str(&format!(
        "<p>Order number <strong>{}</strong>. A confirmation goes to {}.</p>",
        o.number,
        esc(&o.buyer_email)
    ));
    match o.payment_status.as_str() {
        "PAID" => body.push_str("<p>Paid.</p>"),
        "PENDING" => body.push_str("<p>Your payment is being processed.</p>"),
        _ if v["paymentProvider"] == "offline" => {
            body.push_str(&format!("<p>{}</p>", esc(&s.offline_instructions)))
        }
        _ => body.push_str("<p>Not paid yet.</p>"),
    }
    body.push_str("<table class=\"t-cart\"><thead><tr><th scope=\"col\">Product</th><th scope=\"col\">Quantity</th><th scope=\"col\">Total</th></tr></thead><tbody>");
    for l in v["lineItems"].as_array().into_iter().flatten() {
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(l["productName"]["original"].as_str().unwrap_or_default()),
            l["quantity"],
            esc(l["totalPriceAfterTax"]["formattedAmount"]
                .as_str()
                .unwrap_or_default())
        ));
    }
    body.push_str("</tbody></table><dl class=\"t-order-totals\">");
    body.push_str(&totals_html(&v));
    body.push_str("</dl><p><a class=\"t-button secondary\" href=\"/category/all-products\">Continue shopping</a></p></div></section>");
    page(
        &p,
        &raw,
        &format!("/thank-you-page/{}", o.id),
        200,
        ("Thank you", None, None, true),
        &body,
    )
    .await
}

pub fn routes() -> Vec<RawRoute> {
    let route = |method, path: &str, handler| {
        RawRoute::new(method, path, 64 * 1024, handler).for_visitors()
    };
    vec![
        route(Method::Get, "/category/{slug}", |p, c| {
            category(p, c).boxed()
        }),
        route(Method::Get, "/product-page/{slug}", |p, c| {
            product_page(p, c).boxed()
        }),
        route(Method::Get, "/cart-page", |p, c| cart_page(p, c).boxed()),
        route(Method::Post, "/cart-page", |p, c| cart_action(p, c).boxed()),
        route(Method::Get, "/checkout", |p, c| checkout_page(p, c).boxed()),
        route(Method::Post, "/checkout", |p, c| {
            checkout_action(p, c).boxed()
        }),
        route(Method::Get, "/thank-you-page/{id}", |p, c| {
            thank_you(p, c).boxed()
        }),
    ]
}
