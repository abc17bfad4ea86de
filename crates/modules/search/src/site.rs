//! The results page on the published site, `/search?q=<phrase>[&type=<documentType>]
//! [&page=<n>]`, in the site's own theme (`pages::themed`): a search form, the types found
//! with their counts, the results with their highlighted text, and previous/next links.
//! Server-rendered with no script, so it is fast and works without JavaScript.

use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{RawCall, RawReply},
    pages::{SystemPage, escape_attr as at, escape_text as esc, themed},
};

use crate::{
    index::{PAGES, PRODUCTS, SERVICES},
    query::{self, DEFAULT_LIMIT, Request, snippet_html},
};

/// Most pages of results a visitor may page through.
const MAX_PAGE: u32 = 100;

/// A document type as visitors read it.
fn type_label(t: &str) -> &str {
    match t {
        PAGES => "Pages",
        PRODUCTS => "Products",
        SERVICES => "Services",
        other => other,
    }
}

/// `/search?…` with the phrase, type and page given (each percent-encoded).
fn href(phrase: &str, kind: &str, page: u32) -> String {
    let mut q = vec![format!("q={}", encode(phrase))];
    if !kind.is_empty() {
        q.push(format!("type={}", encode(kind)));
    }
    if page > 1 {
        q.push(format!("page={page}"));
    }
    format!("/search?{}", q.join("&"))
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn results_page(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let ctx = raw.ctx.as_ref().ok_or_else(|| {
        WixError::new(
            WixCode::NoRoute,
            "the search page is on a site's own address",
        )
    })?;
    let phrase: String = raw
        .query
        .one("q")
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    let kind = raw.query.one("type").unwrap_or_default().to_string();
    let page = raw
        .query
        .one("page")
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_PAGE);
    let req = Request {
        phrase: phrase.clone(),
        types: if kind.is_empty() {
            Vec::new()
        } else {
            vec![kind.clone()]
        },
        limit: DEFAULT_LIMIT,
        offset: (page - 1) * DEFAULT_LIMIT,
    };
    let crate_indexed = crate::indexed(&p);
    let mut body = format!(
        "<section class=\"t-section t-search\"><div class=\"inner\"><h1>Search</h1>\
         <form role=\"search\" method=\"get\" action=\"/search\">\
         <label for=\"t-search-q\">Search this site</label> \
         <input id=\"t-search-q\" type=\"search\" name=\"q\" value=\"{}\" autocomplete=\"off\"> \
         <button class=\"t-button\" type=\"submit\">Search</button></form>",
        at(&phrase)
    );
    if !phrase.trim().is_empty() {
        let results = query::run(&p, crate_indexed, &ctx.site, &ctx.caller, &req).await?;
        let total: u64 = results
            .facets
            .iter()
            .filter(|(t, _)| kind.is_empty() || *t == kind)
            .map(|(_, n)| n)
            .sum();
        let all: u64 = results.facets.iter().map(|(_, n)| n).sum();
        body.push_str(&format!(
            "<p role=\"status\">{total} result{} for “{}”</p>",
            if total == 1 { "" } else { "s" },
            esc(&phrase)
        ));
        if results.facets.len() > 1 {
            body.push_str("<nav aria-label=\"Result types\"><ul class=\"t-search-types\">");
            let current = |t: &str| {
                if t == kind {
                    " aria-current=\"page\""
                } else {
                    ""
                }
            };
            body.push_str(&format!(
                "<li><a href=\"{}\"{}>All ({all})</a></li>",
                at(&href(&phrase, "", 1)),
                current("")
            ));
            for (t, n) in &results.facets {
                body.push_str(&format!(
                    "<li><a href=\"{}\"{}>{} ({n})</a></li>",
                    at(&href(&phrase, t, 1)),
                    current(t),
                    esc(type_label(t))
                ));
            }
            body.push_str("</ul></nav>");
        }
        body.push_str("<ol class=\"t-search-results\">");
        for h in &results.hits {
            let d = &h.doc;
            let title = if d.title.is_empty() { &d.url } else { &d.title };
            body.push_str(&format!(
                "<li><h2><a href=\"{}\">{}</a></h2><p class=\"t-search-type\">{}</p>",
                at(if d.url.is_empty() { "#" } else { &d.url }),
                esc(title),
                esc(type_label(&d.doc_type))
            ));
            let text = if h.snippet.trim().is_empty() {
                esc(&d.description)
            } else {
                snippet_html(&h.snippet)
            };
            if !text.is_empty() {
                body.push_str(&format!("<p>{text}</p>"));
            }
            body.push_str("</li>");
        }
        body.push_str("</ol>");
        let pages = total
            .div_ceil(u64::from(DEFAULT_LIMIT))
            .min(u64::from(MAX_PAGE)) as u32;
        if pages > 1 {
            body.push_str("<nav aria-label=\"Result pages\" class=\"t-search-pages\">");
            if page > 1 {
                body.push_str(&format!(
                    "<a rel=\"prev\" href=\"{}\">Previous</a> ",
                    at(&href(&phrase, &kind, page - 1))
                ));
            }
            body.push_str(&format!("<span>Page {page} of {pages}</span>"));
            if page < pages {
                body.push_str(&format!(
                    " <a rel=\"next\" href=\"{}\">Next</a>",
                    at(&href(&phrase, &kind, page + 1))
                ));
            }
            body.push_str("</nav>");
        }
    }
    body.push_str("</div></section>");
    let title = if phrase.is_empty() {
        "Search".to_string()
    } else {
        format!("Search: {phrase}")
    };
    let system = SystemPage {
        title: &title,
        description: None,
        image: None,
        // Results pages are endless variations of the site's own pages.
        no_index: true,
        body: &body,
        script: false,
    };
    let html = themed(&p, &ctx.site, &raw.base_url, "/search", &system)
        .await?
        .ok_or_else(|| WixError::new(WixCode::ItemNotFound, "the site is not published"))?;
    Ok(RawReply::html(html))
}
