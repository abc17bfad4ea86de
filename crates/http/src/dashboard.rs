//! The dashboard web app (`web/app`, built by Vite into `web/app/dist`): embedded into release
//! builds, read from disk in debug builds so a `vite build` shows without recompiling. Every
//! path that is not an API or a file answers the app's `index.html`, which routes in the
//! browser.

use axum::{
    http::{HeaderValue, Method, StatusCode, Uri, header},
    response::{IntoResponse, Response},
};
use rust_embed::RustEmbed;

use crate::pages;

#[derive(RustEmbed)]
#[folder = "../../web/app/dist"]
#[allow_missing = true]
struct Dist;

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("woff2") => "font/woff2",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// A file of the app, or its `index.html` for the app's own routes.
pub fn serve(method: &Method, uri: &Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return pages::not_found("There is no page at this address.");
    }
    let path = uri.path().trim_start_matches('/');
    if let Some(file) = path.strip_prefix("assets/").and_then(|_| Dist::get(path)) {
        // Vite puts a content hash in every asset name.
        return (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(content_type(path)),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            file.data.into_owned(),
        )
            .into_response();
    }
    if path.starts_with("assets/") || path.contains('.') {
        return pages::not_found("There is no file at this address.");
    }
    match Dist::get("index.html") {
        Some(index) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            index.data.into_owned(),
        )
            .into_response(),
        None => {
            let mut page = pages::dashboard_home();
            *page.status_mut() = StatusCode::OK;
            page
        }
    }
}
