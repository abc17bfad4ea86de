//! A rendered page as an HTTP answer: cache headers, `ETag`s and redirects.

use super::*;

pub(super) fn respond_private(page: Rendered) -> Response {
    respond(&page, &HeaderMap::new(), false)
}

/// The response for a page: as rendered, or for a page with forms with the visitor's form
/// token filled in (and its cookie set on the first visit), for this visitor only.
pub(super) fn deliver(
    state: &AppState,
    site: &Site,
    page: &Rendered,
    request: &HeaderMap,
    shared: bool,
) -> Response {
    if !page.has_forms {
        return respond(page, request, shared);
    }
    let (visitor, set_cookie) = crate::site_forms::form_visitor(state, request);
    let token = crate::site_forms::form_token(state, site.id, &visitor);
    // The page's tag with the visitor's in it: a browser revalidates its own copy.
    let etag = format!("{}-{}\"", page.etag.trim_end_matches('"'), &token[..12]);
    let not_modified = set_cookie.is_none()
        && request
            .get(header::IF_NONE_MATCH)
            .is_some_and(|v| v.as_bytes() == etag.as_bytes());
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let body =
            String::from_utf8_lossy(&page.body).replace(tessera_render::CSRF_PLACEHOLDER, &token);
        (page.status, body).into_response()
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(page.content_type),
    );
    let cache = if shared {
        "private, no-cache"
    } else {
        "private, no-store"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    if let Some(cookie) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        headers.insert(header::SET_COOKIE, cookie);
    }
    response
}

pub(super) fn respond(page: &Rendered, request: &HeaderMap, shared: bool) -> Response {
    let etag = HeaderValue::from_str(&page.etag).expect("hex etag");
    let cache = if shared {
        "public, no-cache"
    } else {
        "private, no-store"
    };
    let not_modified = request
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == page.etag.as_bytes());
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (page.status, page.body.clone()).into_response()
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(page.content_type),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::ETAG, etag);
    if let Some(location) = page
        .location
        .as_deref()
        .and_then(|l| HeaderValue::from_str(l).ok())
    {
        headers.insert(header::LOCATION, location);
    }
    response
}

pub(super) fn rendered(
    status: StatusCode,
    content_type: &'static str,
    body: String,
    collections: Vec<String>,
) -> Rendered {
    let digest = Sha256::digest(body.as_bytes());
    let etag: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
    Rendered {
        status,
        content_type,
        etag: format!("\"{etag}\""),
        location: None,
        has_forms: body.contains(tessera_render::CSRF_PLACEHOLDER),
        fresh_until: super::cache::fresh_until(&collections),
        collections,
        body: body.into(),
    }
}

pub(super) fn redirect(status: StatusCode, to: &str) -> Rendered {
    let mut r = rendered(
        status,
        "text/plain; charset=utf-8",
        format!("Moved to {to}\n"),
        Vec::new(),
    );
    r.location = Some(to.to_string());
    r
}
