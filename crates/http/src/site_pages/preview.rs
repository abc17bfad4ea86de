//! Unpublished pages: the editor's canvas and the owner's draft preview.

use super::*;

/// The editor's canvas: a page of an unsaved document, rendered with the site's data as the
/// editor's caller may read it (a dynamic page shows its collection's oldest item), with the
/// stylesheet inline, no script and a `<base>` of the site's address, so the dashboard can
/// frame it and select its elements.
pub(crate) async fn render_for_editor(
    state: &AppState,
    site: &Site,
    doc: Document,
    page_id: &str,
    caller: &DataCaller,
) -> Result<String, ApiError> {
    let compiled = tessera_render::Site::new(doc);
    let page = compiled
        .doc
        .page(page_id)
        .ok_or_else(|| ApiError::not_found("page"))?;
    let base = state.site_url(site);
    let ctx = RenderContext {
        state,
        site,
        compiled: &compiled,
        base: &base,
        viewer: caller,
        preview: true,
        published_at: tessera_core::now_millis(),
    };
    let mut collections = Vec::new();
    let mut path = page.path.clone();
    let mut value = None;
    if let Some(dynamic) = &page.dynamic
        && let Some((c, access)) = ctx.readable(&dynamic.collection, &mut collections).await?
    {
        let first = tessera_platform::data::QueryParts {
            filter: serde_json::json!({}),
            sort: serde_json::json!([{ "fieldName": "_createdDate", "order": "ASC" }]),
            limit: 1,
            skip: 0,
        };
        if let Some(item) = ctx.query(&c, &access, first).await?.into_iter().next() {
            value = item
                .get(&dynamic.field)
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string));
            if let Some(item_path) = compiled.item_path(&c.id, &item) {
                path = item_path;
            }
        }
    }
    let data = ctx
        .load(
            page,
            super::render::item_query(page, value),
            1,
            &mut collections,
        )
        .await?
        .unwrap_or_default();
    let req = PageRequest {
        base_url: &base,
        path: &path,
        page_number: 1,
        submitted: None,
        preview: true,
        framed: true,
    };
    Ok(compiled.render(page, &data, &req))
}

/// A preview token: the expiry time sealed for this site with the server's key.
pub fn preview_token(state: &AppState, site: SiteId, expires: Millis) -> String {
    state
        .config()
        .platform
        .secret_key
        .seal(site, PREVIEW_COOKIE, &expires.to_string())
}

pub(super) fn preview_valid(state: &AppState, site: SiteId, token: &str) -> bool {
    state
        .config()
        .platform
        .secret_key
        .open(site, PREVIEW_COOKIE, token)
        .ok()
        .and_then(|t| t.parse::<Millis>().ok())
        .is_some_and(|expires| expires > tessera_core::now_millis())
}

/// `/_preview?token=…`: remembers the token in a cookie and shows the draft's home page.
pub(super) fn start_preview(state: &AppState, site: &Site, query: &str) -> Response {
    let token = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    if !preview_valid(state, site.id, &token) {
        return ApiError::new(
            tessera_core::ErrorCode::PermissionDenied,
            "this preview link is not valid or has expired; create a new one",
        )
        .into_response();
    }
    let secure = if state.config().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie =
        format!("{PREVIEW_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600{secure}");
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, v);
    }
    response
}
