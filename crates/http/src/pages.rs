//! HTML answers outside `/api`: the dashboard's entry page, a site's placeholder page (until
//! rendering lands), and the 404 page for unknown hosts. Text is escaped by construction.

use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};
use tessera_core::sites::Site;

fn escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '&' => "&amp;".into(),
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '"' => "&quot;".into(),
            '\'' => "&#39;".into(),
            c => c.to_string(),
        })
        .collect()
}

fn page(status: StatusCode, title: &str, body_html: &str) -> Response {
    (status, Html(page_html(title, body_html))).into_response()
}

fn page_html(title: &str, body_html: &str) -> String {
    let title = escape(title);
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>body{{font-family:system-ui,sans-serif;max-width:40rem;\
         margin:4rem auto;padding:0 1rem;color:#1d1d1f}}code{{background:#f2f2f2;padding:0 .2em}}</style>\
         </head><body><h1>{title}</h1>{body_html}</body></html>"
    )
}

pub fn dashboard_home() -> Response {
    page(
        StatusCode::OK,
        "Tessera",
        "<p>This is the Tessera dashboard host. The management API lives under \
         <code>/api/v1</code>; its description is at <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>.</p>\
         <p>The dashboard app was not built into this server: run <code>make run</code>, or \
         <code>npm ci && npm run build -w app</code> in <code>web/</code>.</p>",
    )
}

pub fn site_placeholder(site: &Site) -> Response {
    page(
        StatusCode::OK,
        &site.name,
        &format!(
            "<p>The site <code>{}</code> is set up on Tessera. Its pages have not been published yet.</p>",
            escape(&site.slug)
        ),
    )
}

pub fn not_found(what: &str) -> Response {
    (StatusCode::NOT_FOUND, Html(not_found_html(what))).into_response()
}

/// The 404 page's HTML, for callers that answer it themselves (the site page cache).
pub fn not_found_html(what: &str) -> String {
    page_html("Not found", &format!("<p>{}</p>", escape(what)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
