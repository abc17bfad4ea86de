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
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use tessera_core::{
    Millis,
    data::{
        Access, Action, DataCaller,
        query::{Filter, Query},
    },
    events::Event,
    ids::SiteId,
    sites::Site,
};
use tessera_render::document::Visibility;
use tessera_render::{AccountView, MemberPage, MemberPageState};
use tessera_render::{DatasetPage, Document, Page, PageData, Request as PageRequest, Route};
use tokio::sync::broadcast;

use crate::{ApiError, AppState, pages};

/// How long another node's publish or schema change may take to show here without a signal.
const PUBLISHED_TTL: Duration = Duration::from_secs(1);
/// Bytes of rendered pages kept at most (the oldest go first past it).
const PAGES_BUDGET: usize = 64 * 1024 * 1024;
/// Most addresses of one dynamic page in the sitemap.
const SITEMAP_ITEMS: u64 = 10_000;
const PREVIEW_COOKIE: &str = "tessera_preview";

type Schema = Option<Arc<tessera_core::data::Collection>>;

#[derive(Clone, PartialEq, Eq, Hash)]
struct PageKey {
    site: SiteId,
    version: i64,
    /// The host name, the path and the query parameters pages read (`page`, `submitted`),
    /// so other parameters cannot fill the cache with copies.
    address: String,
}

/// A finished answer: a page, the sitemap, or a redirect.
struct Rendered {
    status: StatusCode,
    content_type: &'static str,
    body: Bytes,
    etag: String,
    location: Option<String>,
    /// Collections read to make it.
    collections: Vec<String>,
    /// It holds forms, whose visitor's token goes in when it is sent.
    has_forms: bool,
}

#[derive(Default)]
struct Pages {
    map: HashMap<PageKey, Arc<Rendered>>,
    /// Keys in the order they came in. Past the budget the oldest pages go, a few at a
    /// time: emptying the whole cache at once held its lock for milliseconds.
    order: VecDeque<PageKey>,
    bytes: usize,
}

impl Pages {
    fn retain(&mut self, keep: impl Fn(&PageKey, &Rendered) -> bool) {
        self.map.retain(|k, page| keep(k, page));
        self.order.retain(|k| self.map.contains_key(k));
        self.bytes = self.map.values().map(|p| p.body.len()).sum();
    }

    fn insert(&mut self, key: PageKey, page: Arc<Rendered>) {
        self.bytes += page.body.len();
        match self.map.insert(key.clone(), page) {
            Some(old) => self.bytes -= old.body.len(),
            None => self.order.push_back(key),
        }
        while self.bytes > PAGES_BUDGET
            && let Some(oldest) = self.order.pop_front()
        {
            if let Some(page) = self.map.remove(&oldest) {
                self.bytes -= page.body.len();
            }
        }
    }
}

pub(crate) struct SitePages {
    events: Mutex<broadcast::Receiver<Event>>,
    pages: Mutex<Pages>,
    /// Collections' schemas (permissions), as pages read them.
    schemas: Mutex<HashMap<(SiteId, String), (Schema, Instant)>>,
}

impl SitePages {
    pub fn new(events: &tessera_core::events::EventBus) -> Self {
        Self {
            events: Mutex::new(events.subscribe()),
            pages: Mutex::default(),
            schemas: Mutex::default(),
        }
    }

    /// Drops what is cached of a site (after a publish, rollback or draft save).
    pub fn forget_site(&self, site: SiteId) {
        self.schemas
            .lock()
            .expect("schemas lock")
            .retain(|(s, _), _| *s != site);
        self.pages
            .lock()
            .expect("pages lock")
            .retain(|k, _| k.site != site);
    }

    /// Drops the pages of `site` that read `collection`, and its schema.
    fn forget_collections(&self, changed: &HashSet<(SiteId, String)>) {
        if changed.is_empty() {
            return;
        }
        self.schemas
            .lock()
            .expect("schemas lock")
            .retain(|key, _| !changed.contains(key));
        self.pages.lock().expect("pages lock").retain(|k, page| {
            !page
                .collections
                .iter()
                .any(|c| changed.contains(&(k.site, c.clone())))
        });
    }

    fn forget_all(&self) {
        self.schemas.lock().expect("schemas lock").clear();
        let mut pages = self.pages.lock().expect("pages lock");
        *pages = Pages::default();
    }

    /// Applies the writes announced on this node since the last look.
    fn drain_events(&self) {
        let mut changed = HashSet::new();
        let mut lagged = false;
        {
            let mut events = self.events.lock().expect("events lock");
            loop {
                match events.try_recv() {
                    Ok(event) => {
                        if let Some((site, collection)) = event.collection() {
                            changed.insert((site, collection.to_string()));
                        }
                    }
                    Err(broadcast::error::TryRecvError::Lagged(_)) => lagged = true,
                    Err(_) => break,
                }
            }
        }
        if lagged {
            self.forget_all();
        } else {
            self.forget_collections(&changed);
        }
    }

    fn cached(&self, key: &PageKey) -> Option<Arc<Rendered>> {
        self.pages.lock().expect("pages lock").map.get(key).cloned()
    }

    fn keep(&self, key: PageKey, page: Arc<Rendered>) {
        self.pages.lock().expect("pages lock").insert(key, page);
    }

    /// A collection's schema, read at most every `PUBLISHED_TTL` (changes on this node and
    /// signalled ones apply at once).
    async fn schema(&self, state: &AppState, site: SiteId, id: &str) -> Result<Schema, ApiError> {
        let key = (site, id.to_string());
        if let Some((schema, at)) = self.schemas.lock().expect("schemas lock").get(&key)
            && at.elapsed() < PUBLISHED_TTL
        {
            return Ok(schema.clone());
        }
        let schema = state.store().collection(site, id).await?.map(Arc::new);
        self.schemas
            .lock()
            .expect("schemas lock")
            .insert(key, (schema.clone(), Instant::now()));
        Ok(schema)
    }
}

/// After a publish, rollback or draft save: this node forgets the site's pages at once, the
/// other nodes when the signal reaches them.
pub(crate) async fn site_changed(state: &AppState, site: SiteId) {
    state.site_pages().forget_site(site);
    state.published().forget(site);
    if let Err(e) = state.store().send_signal(&format!("site {site}")).await {
        tracing::warn!(error = %e, "telling other nodes about a site change");
    }
}

/// Keeps the page caches of the nodes that share a PostgreSQL database in step: the writes on
/// this node's event bus are signalled to the others, and theirs are applied here. None on
/// SQLite, where this is the only node.
pub async fn spawn_signals(
    state: AppState,
) -> tessera_core::Result<Option<tokio::task::JoinHandle<()>>> {
    let Some(mut inbound) = state.store().listen_signals().await? else {
        return Ok(None);
    };
    let mut events = state.events().subscribe();
    let sender = state.clone();
    let outbound = tokio::spawn(async move {
        loop {
            let mut changed = HashSet::new();
            let mut next = events.recv().await;
            loop {
                match next {
                    Ok(event) => {
                        if let Some((site, collection)) = event.collection() {
                            changed.insert(format!("data {site} {collection}"));
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        changed.insert("all".to_string());
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                }
                // Writes that came in meanwhile go out together, each collection once.
                next = match events.try_recv() {
                    Ok(e) => Ok(e),
                    Err(broadcast::error::TryRecvError::Lagged(n)) => {
                        Err(broadcast::error::RecvError::Lagged(n))
                    }
                    Err(_) => break,
                };
            }
            for signal in changed {
                if let Err(e) = sender.store().send_signal(&signal).await {
                    tracing::warn!(error = %e, "telling other nodes about a write");
                }
            }
        }
    });
    Ok(Some(tokio::spawn(async move {
        while let Some(signal) = inbound.recv().await {
            if let Some(message) = signal.strip_prefix("realtime ") {
                state.realtime().deliver_signalled(message);
                continue;
            }
            let pages = state.site_pages();
            let mut parts = signal.splitn(3, ' ');
            match (
                parts.next(),
                parts.next().and_then(|s| s.parse().ok()),
                parts.next(),
            ) {
                (Some("site"), Some(site), None) => {
                    pages.forget_site(site);
                    state.published().forget(site);
                }
                (Some("data"), Some(site), Some(collection)) => {
                    pages.forget_collections(&HashSet::from([(site, collection.to_string())]))
                }
                // "all", or a lost connection: anything may have changed.
                _ => {
                    pages.forget_all();
                    state.published().forget_all();
                }
            }
        }
        outbound.abort();
    })))
}

/// The version visitors see, compiled (re-read at most every second).
pub(crate) async fn published_site(
    state: &AppState,
    site: SiteId,
) -> Result<Option<tessera_platform::sites::Published>, ApiError> {
    Ok(tessera_platform::sites::published_site(state, site).await?)
}

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
        let query = Query {
            filter: tessera_platform::data::scoped(Filter::All, &access),
            sort: vec![tessera_core::data::Sort {
                field: "_createdDate".into(),
                order: tessera_core::data::SortOrder::Asc,
            }],
            limit: 1,
            ..Query::default()
        };
        if let Some(item) = state
            .store()
            .query_items(&c, &query)
            .await?
            .into_iter()
            .next()
        {
            let item = item.to_wix(&[]);
            value = item
                .get(&dynamic.field)
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string));
            if let Some(item_path) = compiled.item_path(&c.id, &item) {
                path = item_path;
            }
        }
    }
    let data = ctx
        .load(page, value, 1, &mut collections)
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

fn preview_valid(state: &AppState, site: SiteId, token: &str) -> bool {
    state
        .config()
        .platform
        .secret_key
        .open(site, PREVIEW_COOKIE, token)
        .ok()
        .and_then(|t| t.parse::<Millis>().ok())
        .is_some_and(|expires| expires > tessera_core::now_millis())
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
    let ctx = RenderContext {
        state,
        site,
        compiled: &compiled,
        base: &base,
        viewer: &viewer,
        preview,
        published_at,
    };
    let rendered = Arc::new(if path == "/sitemap.xml" {
        ctx.sitemap().await?
    } else {
        ctx.page(path, req.uri().query().unwrap_or("")).await?
    });
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

fn respond_private(page: Rendered) -> Response {
    respond(&page, &HeaderMap::new(), false)
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

/// `/_preview?token=…`: remembers the token in a cookie and shows the draft's home page.
fn start_preview(state: &AppState, site: &Site, query: &str) -> Response {
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

/// The response for a page: as rendered, or for a page with forms with the visitor's form
/// token filled in (and its cookie set on the first visit), for this visitor only.
fn deliver(
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

fn respond(page: &Rendered, request: &HeaderMap, shared: bool) -> Response {
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

fn rendered(
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
        collections,
        body: body.into(),
    }
}

fn redirect(status: StatusCode, to: &str) -> Rendered {
    let mut r = rendered(
        status,
        "text/plain; charset=utf-8",
        format!("Moved to {to}\n"),
        Vec::new(),
    );
    r.location = Some(to.to_string());
    r
}

struct RenderContext<'a> {
    state: &'a AppState,
    site: &'a Site,
    compiled: &'a tessera_render::Site,
    base: &'a str,
    viewer: &'a DataCaller,
    preview: bool,
    published_at: Millis,
}

impl RenderContext<'_> {
    async fn page(&self, path: &str, query: &str) -> Result<Rendered, ApiError> {
        let Some(path) = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .ok()
        else {
            return self.not_found(path).await;
        };
        let params: HashMap<String, String> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let page_number = params
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| (1..=10_000).contains(p))
            .unwrap_or(1);
        let (page, value) = match self.compiled.route(&path) {
            Route::Page(page) => (page, None),
            Route::Dynamic(page, value) => (page, Some(value)),
            Route::Redirect(to) => return Ok(redirect(StatusCode::MOVED_PERMANENTLY, to)),
            Route::NotFound => return self.not_found(&path).await,
        };
        let allowed = match (&page.visibility, self.viewer) {
            (Visibility::Public, _) => true,
            (Visibility::Members, DataCaller::Member { .. }) => true,
            (Visibility::Roles(needed), DataCaller::Member { roles, .. }) => {
                roles.iter().any(|r| needed.contains(r))
            }
            _ => false,
        };
        if !allowed {
            // A member without the page's role is told so on their account page.
            if matches!(self.viewer, DataCaller::Member { .. }) {
                return Ok(redirect(StatusCode::FOUND, "/account?error=role"));
            }
            let back =
                percent_encoding::utf8_percent_encode(&path, percent_encoding::NON_ALPHANUMERIC);
            return Ok(redirect(
                StatusCode::FOUND,
                &format!("/login?returnUrl={back}"),
            ));
        }
        let mut collections = Vec::new();
        let Some(data) = self
            .load(page, value, page_number, &mut collections)
            .await?
        else {
            return self.not_found(&path).await;
        };
        let req = PageRequest {
            base_url: self.base,
            path: &path,
            page_number,
            submitted: params.get("submitted").map(String::as_str),
            preview: self.preview,
            framed: false,
        };
        let html = self.compiled.render(page, &data, &req);
        Ok(rendered(
            StatusCode::OK,
            "text/html; charset=utf-8",
            html,
            collections,
        ))
    }

    async fn not_found(&self, path: &str) -> Result<Rendered, ApiError> {
        let mut collections = Vec::new();
        if let Some(page) = self.compiled.not_found_page()
            && let Some(data) = Box::pin(self.load(page, None, 1, &mut collections)).await?
        {
            let req = PageRequest {
                base_url: self.base,
                path,
                page_number: 1,
                submitted: None,
                preview: self.preview,
                framed: false,
            };
            let html = self.compiled.render(page, &data, &req);
            return Ok(rendered(
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                html,
                collections,
            ));
        }
        Ok(rendered(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            pages::not_found_html("There is no page at this address."),
            Vec::new(),
        ))
    }

    /// The collection if the viewer may read it, with the filter that limits them to theirs.
    async fn readable(
        &self,
        id: &str,
        collections: &mut Vec<String>,
    ) -> Result<Option<(Arc<tessera_core::data::Collection>, Access)>, ApiError> {
        collections.push(id.to_string());
        let schema = self
            .state
            .site_pages()
            .schema(self.state, self.site.id, id)
            .await?;
        let Some(c) = schema else {
            return Ok(None);
        };
        match self.viewer.access(&c.permissions, Action::Read) {
            Access::Denied => Ok(None),
            access => Ok(Some((c, access))),
        }
    }

    /// Items of `c` as the viewer may read them, through the platform's query (hooks and
    /// all, as every other data read).
    async fn query(
        &self,
        c: &tessera_core::data::Collection,
        access: &Access,
        parts: tessera_platform::data::QueryParts,
    ) -> Result<Vec<Map<String, Value>>, ApiError> {
        let ctx = tessera_platform::data::DataContext {
            site: self.site.clone(),
            caller: self.viewer.clone(),
            suppress_hooks: false,
        };
        tessera_platform::data::items::find(self.state, &ctx, c, access, parts)
            .await
            .map_err(hook_error)
    }

    /// The items `page` shows; None when a dynamic page's item does not exist.
    async fn load(
        &self,
        page: &Page,
        value: Option<String>,
        page_number: u32,
        collections: &mut Vec<String>,
    ) -> Result<Option<PageData>, ApiError> {
        let mut data = PageData::default();
        if let (Some(dynamic), Some(value)) = (&page.dynamic, value) {
            let Some((c, access)) = self.readable(&dynamic.collection, collections).await? else {
                return Ok(None);
            };
            let parts = tessera_platform::data::QueryParts {
                filter: serde_json::json!({ dynamic.field.as_str(): value }),
                sort: Value::Array(Vec::new()),
                limit: 1,
                skip: 0,
            };
            let Some(item) = self.query(&c, &access, parts).await?.into_iter().next() else {
                return Ok(None);
            };
            data.item = Some(item);
        }
        for ds in &page.datasets {
            let Some((c, access)) = self.readable(&ds.collection, collections).await? else {
                data.datasets.insert(ds.id.clone(), DatasetPage::default());
                continue;
            };
            let parts = tessera_platform::data::QueryParts {
                filter: ds.filter.clone(),
                sort: ds.sort.clone(),
                // One more than shown tells whether there is a next page, without a count.
                limit: u64::from(ds.page_size) + 1,
                skip: u64::from(page_number - 1) * u64::from(ds.page_size),
            };
            let mut items = self.query(&c, &access, parts).await?;
            let has_next = items.len() > ds.page_size as usize;
            items.truncate(ds.page_size as usize);
            data.datasets.insert(
                ds.id.clone(),
                DatasetPage {
                    items,
                    page: page_number,
                    has_next,
                },
            );
        }
        Ok(Some(data))
    }

    /// Static pages (last changed at the publish) and every dynamic page's items.
    async fn sitemap(&self) -> Result<Rendered, ApiError> {
        let published = crate::api::v1::time(self.published_at);
        let mut entries: Vec<tessera_render::SitemapEntry> = self
            .compiled
            .sitemap_pages()
            .map(|p| tessera_render::SitemapEntry {
                path: p.path.clone(),
                last_modified: Some(published.clone()),
            })
            .collect();
        let mut collections = Vec::new();
        for page in &self.compiled.doc.pages {
            let Some(dynamic) = page.dynamic.as_ref().filter(|_| {
                !page.seo.no_index
                    && page.visibility == tessera_render::document::Visibility::Public
            }) else {
                continue;
            };
            let Some((c, Access::All)) =
                self.readable(&dynamic.collection, &mut collections).await?
            else {
                continue;
            };
            let mut offset = 0;
            while offset < SITEMAP_ITEMS {
                let query = Query {
                    limit: tessera_core::data::query::MAX_LIMIT,
                    offset,
                    fields: vec![dynamic.field.clone()],
                    ..Query::default()
                };
                let items = self.state.store().query_items(&c, &query).await?;
                let n = items.len() as u64;
                for item in items {
                    if let Some(path) = self.compiled.item_path(&c.id, &item.to_wix(&[])) {
                        entries.push(tessera_render::SitemapEntry {
                            path,
                            last_modified: Some(crate::api::v1::time(item.updated_at)),
                        });
                    }
                }
                if n < u64::from(tessera_core::data::query::MAX_LIMIT) {
                    break;
                }
                offset += n;
            }
        }
        Ok(rendered(
            StatusCode::OK,
            "application/xml; charset=utf-8",
            tessera_render::sitemap_xml(self.base, &entries),
            collections,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: usize) -> Arc<Rendered> {
        Arc::new(Rendered {
            status: StatusCode::OK,
            content_type: "text/html",
            body: Bytes::from(vec![0; bytes]),
            etag: String::new(),
            location: None,
            collections: Vec::new(),
            has_forms: false,
        })
    }

    fn key(address: &str) -> PageKey {
        PageKey {
            site: SiteId(uuid::Uuid::nil()),
            version: 1,
            address: address.to_string(),
        }
    }

    #[test]
    fn past_the_budget_the_oldest_pages_go() {
        let mut pages = Pages::default();
        pages.insert(key("/a"), page(PAGES_BUDGET / 2));
        pages.insert(key("/b"), page(PAGES_BUDGET / 2));
        pages.insert(key("/b"), page(PAGES_BUDGET / 2));
        assert_eq!(pages.map.len(), 2);
        pages.insert(key("/c"), page(10));
        assert!(!pages.map.contains_key(&key("/a")));
        assert!(pages.map.contains_key(&key("/b")) && pages.map.contains_key(&key("/c")));
        assert_eq!(pages.bytes, PAGES_BUDGET / 2 + 10);
        pages.retain(|k, _| k.address != "/b");
        assert_eq!((pages.order.len(), pages.bytes), (1, 10));
    }
}
