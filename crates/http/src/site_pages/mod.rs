//! A site's pages as visitors get them: the published version rendered by `tessera-render`
//! with the items its datasets read, plus its stylesheet, runtime script, `sitemap.xml`,
//! `robots.txt`, redirects and the draft preview.
//!
//! Rendered pages are cached in memory by site version and address, with the collections
//! they read. A write to a collection drops exactly the pages that read it (the cache
//! drains the event bus before each lookup), a publish drops the site's pages, and browsers
//! revalidate with `ETag`. Members' and previews' pages are never cached.

use std::{
    collections::{HashMap, HashSet, VecDeque},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    body::Bytes,
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use tessera_core::{
    Millis,
    data::{Access, Action, DataCaller, query::Query},
    events::Event,
    ids::SiteId,
    sites::Site,
};
use tessera_render::document::Visibility;
use tessera_render::{AccountView, MemberPage, MemberPageState};
use tessera_render::{DatasetPage, Document, Page, PageData, Request as PageRequest, Route};
use tokio::sync::broadcast;

use crate::{ApiError, AppState, pages};

mod cache;
pub(crate) mod crawl;
mod preview;
mod render;
mod respond;
mod router;

pub use cache::spawn_signals;
use cache::{PageKey, Rendered};
pub(crate) use cache::{SitePages, site_changed};
pub use preview::preview_token;
pub(crate) use preview::render_for_editor;
use preview::{preview_valid, start_preview};
use render::RenderContext;
use respond::{deliver, redirect, rendered, respond_private};

/// How long another node's publish or schema change may take to show here without a signal.
const PUBLISHED_TTL: Duration = Duration::from_secs(1);
/// Bytes of rendered pages kept at most (the oldest go first past it).
const PAGES_BUDGET: usize = 64 * 1024 * 1024;
/// Most addresses of one dynamic page in the sitemap.
const SITEMAP_ITEMS: u64 = 10_000;
const PREVIEW_COOKIE: &str = "tessera_preview";

type Schema = Option<Arc<tessera_core::data::Collection>>;

/// The version visitors see, compiled (re-read at most every second).
pub(crate) async fn published_site(
    state: &AppState,
    site: SiteId,
) -> Result<Option<tessera_platform::sites::Published>, ApiError> {
    Ok(tessera_platform::sites::published_site(state, site).await?)
}

/// `http://demo.localhost:8080`: the host name of the request (the site's subdomain or one of
/// its domains) with the public URL's scheme and port. The Host header's own port is left
/// out: a proxy may drop it, and a client may make one up, which cached pages and emailed
/// links would then carry.
pub(crate) fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let (scheme, port) = tessera_platform::split_public_url(&state.config().platform.public_url);
    format!("{scheme}://{}{port}", request_host(headers))
}

/// The request's host name, without its port.
fn request_host(headers: &HeaderMap) -> &str {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map_or("localhost", crate::strip_port)
}

/// Everything on a site's host that is not an API: pages and their assets.
pub async fn site_page(
    State(state): State<AppState>,
    axum::Extension(site): axum::Extension<Site>,
    req: Request,
) -> Response {
    serve(&state, &site, req)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn serve(state: &AppState, site: &Site, req: Request) -> Result<Response, ApiError> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(ApiError::new(
            tessera_core::ErrorCode::MethodNotAllowed,
            format!("{} is not allowed on {}", req.method(), req.uri().path()),
        ));
    }
    let headers = req.headers();
    let path = req.uri().path();
    if path == "/_preview" {
        return Ok(start_preview(state, site, req.uri().query().unwrap_or("")));
    }
    if let Some(hash) = path
        .strip_prefix("/_assets/runtime.")
        .and_then(|p| p.strip_suffix(".js"))
    {
        return Ok(asset(
            hash == tessera_render::runtime_hash(),
            "text/javascript; charset=utf-8",
            tessera_render::RUNTIME_JS.into(),
        ));
    }
    if let Some(answer) = crate::page_code::asset(state, site.id, path).await {
        return answer;
    }
    if let Some(name) = path
        .strip_prefix("/_assets/stock/")
        .and_then(|p| p.strip_suffix(".svg"))
    {
        let svg = tessera_render::stock_svg(name).ok_or_else(|| ApiError::not_found("image"))?;
        return Ok((
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            svg,
        )
            .into_response());
    }
    let preview = crate::auth::cookie(headers, PREVIEW_COOKIE)
        .is_some_and(|t| preview_valid(state, site.id, &t));
    let (version, published_at, compiled) = if preview {
        let draft = state
            .store()
            .draft(site.id)
            .await?
            .ok_or_else(|| ApiError::not_found("draft"))?;
        let doc = Document::parse(draft.document.as_bytes())
            .map_err(|e| tessera_core::Error::internal(format!("draft: {e}")))?;
        (
            0,
            draft.updated_at,
            Arc::new(tessera_render::Site::new(doc)),
        )
    } else {
        match published_site(state, site.id).await? {
            Some(p) => p,
            None => return Ok(pages::site_placeholder(site)),
        }
    };
    if let Some(hash) = path
        .strip_prefix("/_assets/site.")
        .and_then(|p| p.strip_suffix(".css"))
    {
        return Ok(asset(
            hash == compiled.css_hash,
            "text/css; charset=utf-8",
            compiled.css.clone().into(),
        ));
    }
    let base = base_url(state, headers);
    if path == "/robots.txt" {
        return Ok((
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            tessera_render::robots_txt(&compiled, &base),
        )
            .into_response());
    }
    let member = crate::members::signed_in(state, site, headers).await?;
    if MemberPage::PATHS.contains(&path) && !compiled.doc.pages.iter().any(|p| p.path == path) {
        let query = req.uri().query().unwrap_or("");
        return member_page(state, site, &compiled, &base, path, query, member.as_ref()).await;
    }
    let viewer = tessera_platform::members::data_caller(member.as_ref());
    let ctx = RenderContext {
        state,
        site,
        compiled: &compiled,
        base: &base,
        viewer: &viewer,
        preview,
        published_at,
    };
    let code = crate::page_code::published(state, site.id).await?;
    let asked = router::Asked {
        path,
        query: req.uri().query().unwrap_or(""),
        headers,
        ip: crate::auth::client_ip(state.config(), headers, req.extensions())
            .map_or_else(String::new, |ip| ip.to_string()),
    };
    if let Some(page) = ctx.by_router(code.as_deref(), &asked).await? {
        return Ok(deliver(state, site, &page, headers, false));
    }
    let shared = !preview && viewer == DataCaller::Visitor;
    state.site_pages().drain_events();
    // Pages name their own address (canonical, Open Graph), so each of the site's hosts has
    // its own copy.
    let mut address = format!("{}{path}", request_host(headers));
    for (name, value) in form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes()) {
        if name == "page" || name == "submitted" {
            address.push_str(&format!("&{name}={value}"));
        }
    }
    let key = PageKey {
        site: site.id,
        version,
        address,
    };
    if shared && let Some(page) = state.site_pages().cached(&key) {
        return Ok(deliver(state, site, &page, headers, shared));
    }
    let rendered = Arc::new(ctx.document(code.as_deref(), path, asked.query).await?);
    let response = deliver(state, site, &rendered, headers, shared);
    if shared {
        state.site_pages().keep(key, rendered);
    }
    Ok(response)
}

/// One of the site's member pages (log in, sign up, …), for this visitor only.
async fn member_page(
    state: &AppState,
    site: &Site,
    compiled: &tessera_render::Site,
    base: &str,
    path: &str,
    query: &str,
    member: Option<&tessera_core::members::Member>,
) -> Result<Response, ApiError> {
    let params: HashMap<String, String> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let param = |k: &str| {
        params
            .get(k)
            .map(String::as_str)
            .filter(|v| v.len() <= 40 && v.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
    };
    let return_url = params
        .get("returnUrl")
        .and_then(|u| crate::site_members::safe_return_path(u));
    let page_state = MemberPageState {
        notice: param("notice"),
        error: param("error"),
        return_url: return_url.as_deref(),
    };
    let text =
        |m: &tessera_core::members::Member, k: &str| m.profile_text(k).unwrap_or("").to_string();
    let owned;
    let which = match (path, member) {
        ("/account", None) => {
            return Ok(respond_private(redirect(
                StatusCode::FOUND,
                "/login?returnUrl=%2Faccount",
            )));
        }
        ("/login" | "/signup", Some(_)) => {
            return Ok(respond_private(redirect(
                StatusCode::FOUND,
                return_url.as_deref().unwrap_or("/account"),
            )));
        }
        ("/account", Some(m)) => {
            let titles = state.store().member_roles(site.id).await?;
            owned = (
                text(m, "firstName"),
                text(m, "lastName"),
                text(m, "nickname"),
            );
            MemberPage::Account(AccountView {
                email: &m.email,
                email_verified: m.email_verified,
                first_name: &owned.0,
                last_name: &owned.1,
                nickname: &owned.2,
                roles: m
                    .roles
                    .iter()
                    .map(|r| {
                        titles
                            .iter()
                            .find(|t| &t.id == r)
                            .map_or_else(|| r.clone(), |t| t.title.clone())
                    })
                    .collect(),
            })
        }
        ("/signup", None) => MemberPage::Signup,
        ("/forgot-password", _) => MemberPage::ForgotPassword,
        ("/reset-password", _) => MemberPage::ResetPassword {
            token: params.get("token").map(String::as_str).unwrap_or(""),
        },
        _ => MemberPage::Login,
    };
    let req = PageRequest {
        base_url: base,
        path,
        page_number: 1,
        submitted: None,
        preview: false,
        framed: false,
    };
    let html = compiled.render_member_page(&which, &page_state, &req);
    Ok(respond_private(rendered(
        StatusCode::OK,
        "text/html; charset=utf-8",
        html,
        Vec::new(),
    )))
}

/// A failed read (a data hook that threw, a query a hook made invalid), as the page's error.
fn hook_error(e: tessera_platform::WixError) -> ApiError {
    e.log_internal();
    let code = if e.code().http_status() < 500 {
        tessera_core::ErrorCode::InvalidArgument
    } else {
        tessera_core::ErrorCode::Internal
    };
    ApiError::new(code, e.description().to_string())
}

/// A content-addressed asset: cached for good when the hash is current.
fn asset(current: bool, content_type: &'static str, body: Bytes) -> Response {
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}
