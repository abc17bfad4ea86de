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

/// What the dashboard's pages may load. Scripts only from its own files, never inline, so
/// injected markup cannot run; no framing of the dashboard. The editor's canvas (an
/// `about:srcdoc` frame, which inherits this policy) shows a site's page: its inline
/// stylesheet, images and media from the site's host or elsewhere, and the video players
/// the renderer embeds.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src * data: blob:; media-src * data: blob:; \
     font-src * data:; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; \
     connect-src 'self'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";

/// A file of the app, or its `index.html` for the app's own routes, under the dashboard's
/// Content-Security-Policy.
pub fn serve(method: &Method, uri: &Uri) -> Response {
    let mut response = file_or_index(method, uri);
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    response
}

fn file_or_index(method: &Method, uri: &Uri) -> Response {
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
