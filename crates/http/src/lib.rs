//! The HTTP face of Tessera: `app(state) -> Router`, used by the binary and by tests alike.
//! Routes requests by Host (dashboard and `/api/v1`, or a site), authenticates callers,
//! maps errors to one JSON shape, and describes `/api/v1` in OpenAPI.
//!
//! Depends on core (and later modules, render, jsrt); must not depend on a storage backend.

mod api;
mod auth;
mod compat;
mod dashboard;
mod error;
mod every_request;
mod extract;
mod functions;
mod graphql;
mod members;
mod metrics;
mod page_code;
mod pages;
mod realtime;
mod serve;
mod site_forms;
mod site_members;
mod site_pages;

use std::{sync::Arc, time::Duration};

use axum::{
    Router,
    extract::{DefaultBodyLimit, Request, State},
    http::{Method, Uri, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};
use tessera_core::{ErrorCode, Store, sites::Site};
use tessera_platform::Platform;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;

pub use error::{ApiError, ErrorBody};
pub use ipnet::IpNet;
pub use serve::{ConnectionLimits, serve};
pub use site_pages::spawn_signals;
pub use tessera_platform::PlatformConfig;
pub use tessera_platform::{self as platform, captcha, jobs, mail};

/// Settings of the HTTP layer, with the platform's.
#[derive(Clone, Debug)]
pub struct HttpConfig {
    pub platform: PlatformConfig,
    /// Largest request body accepted.
    pub body_limit_bytes: usize,
    /// Longest time a request may take before it is answered with a timeout error.
    pub request_timeout: Duration,
    /// Marks the session cookies `Secure` and gives them the `__Host-` prefix (set when the
    /// public URL is https).
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the client (throttles and limits count
    /// clients by address); from anyone else the header is ignored.
    pub trusted_proxies: Vec<IpNet>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            platform: PlatformConfig::default(),
            body_limit_bytes: 2 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            secure_cookies: false,
            trusted_proxies: Vec::new(),
        }
    }
}

impl HttpConfig {
    /// Whether the dashboard's session cookie can be `Secure`, and so carry the `__Host-`
    /// prefix: over HTTPS, or on localhost, where browsers keep `Secure` cookies over plain
    /// HTTP too.
    pub(crate) fn dashboard_cookie_secure(&self) -> bool {
        self.secure_cookies
            || matches!(
                strip_port(&self.platform.dashboard_host),
                "localhost" | "127.0.0.1" | "::1"
            )
    }
}

/// The platform, and what only HTTP needs: the page cache, metrics, limits.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    platform: Platform,
    config: HttpConfig,
    metrics: metrics::Metrics,
    form_limiter: auth::RateLimiter,
    site_pages: site_pages::SitePages,
    /// Which site a host name serves, for `HOST_TTL`: a request to a site then costs no
    /// database read to find the site. Changes on this node clear it at once.
    hosts: std::sync::Mutex<std::collections::HashMap<String, (Option<Site>, std::time::Instant)>>,
    /// Each site's GraphQL schema, made from its collections.
    graphql: graphql::Schemas,
}

/// How long another node's change to a site's slug or domains may take to show here.
const HOST_TTL: Duration = Duration::from_secs(1);
/// Host names remembered at most (unknown names are remembered too).
const HOSTS_KEPT: usize = 10_000;

/// Handlers call the platform's use cases through the state.
impl std::ops::Deref for AppState {
    type Target = Platform;

    fn deref(&self) -> &Platform {
        &self.0.platform
    }
}

impl AppState {
    /// The platform with `modules`, served over HTTP. Fails when the mail settings are not
    /// usable.
    pub fn new(
        store: Arc<dyn Store>,
        config: HttpConfig,
        modules: Vec<Arc<dyn tessera_platform::module::Module>>,
    ) -> tessera_core::Result<Self> {
        let platform = Platform::new(store, config.platform.clone(), modules)?;
        let state = Self(Arc::new(Inner {
            site_pages: site_pages::SitePages::new(platform.events()),
            platform,
            config,
            metrics: metrics::Metrics::default(),
            // Site form posts: 20 per site and IP address in 10 minutes.
            form_limiter: auth::RateLimiter::new(Duration::from_secs(10 * 60), u32::MAX, 20),
            hosts: std::sync::Mutex::new(std::collections::HashMap::new()),
            graphql: graphql::Schemas::default(),
        }));
        let pages = site_pages::crawl::Pages::new(&state);
        state.platform().set_page_server(Arc::new(pages));
        Ok(state)
    }

    pub fn platform(&self) -> &Platform {
        &self.0.platform
    }

    pub(crate) fn form_limiter(&self) -> &auth::RateLimiter {
        &self.0.form_limiter
    }

    pub fn config(&self) -> &HttpConfig {
        &self.0.config
    }

    /// Forgets which sites host names serve (after a site or domain change).
    pub(crate) fn forget_hosts(&self) {
        self.0.hosts.lock().expect("hosts lock").clear();
    }

    pub(crate) fn graphql_schemas(&self) -> &graphql::Schemas {
        &self.0.graphql
    }

    /// Whether GraphQL answers the queries it can plan by its own walk rather than
    /// async-graphql's executor (on unless turned off; tests compare the two).
    pub fn set_graphql_fast_path(&self, on: bool) {
        self.0.graphql.set_fast(on);
    }

    pub(crate) fn site_pages(&self) -> &site_pages::SitePages {
        &self.0.site_pages
    }
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let dashboard = Router::new()
        .merge(api::v1::router().split_for_parts().0)
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::get_metrics))
        .merge(compat::router(state.modules()))
        .route_layer(middleware::from_fn(metrics::label_route))
        .fallback(dashboard_fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state.clone());
    let sites = Router::new()
        .merge(compat::router(state.modules()))
        .merge(functions::router())
        .merge(site_forms::router())
        .merge(page_code::router())
        .merge(site_members::router())
        .merge(realtime::router())
        .fallback(site_pages::site_page)
        .with_state(state.clone());
    // The host decides before any routing: a router that matched a path has already taken
    // its parameters, which the sites' router would then see twice.
    Router::new()
        .fallback_service(dashboard)
        .layer(middleware::from_fn_with_state(
            (state.clone(), sites),
            route_by_host,
        ))
        .layer(DefaultBodyLimit::max(state.config().body_limit_bytes))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            every_request::every_request,
        ))
}

/// The OpenAPI description of `/api/v1`, generated from the handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::v1::router().split_for_parts().1
}

/// Which part of Tessera a Host header addresses.
enum HostTarget {
    Dashboard,
    Site(Site),
    Unknown,
}

async fn resolve_host(state: &AppState, host: Option<&str>) -> Result<HostTarget, ApiError> {
    let Some(host) = host else {
        return Ok(HostTarget::Dashboard);
    };
    let host = strip_port(host).to_ascii_lowercase();
    let dashboard = state.config().platform.dashboard_host.as_str();
    if host == dashboard || host == "localhost" || host.parse::<std::net::IpAddr>().is_ok() {
        return Ok(HostTarget::Dashboard);
    }
    if let Some((site, at)) = state.0.hosts.lock().expect("hosts lock").get(&host)
        && at.elapsed() < HOST_TTL
    {
        return Ok(site.clone().map_or(HostTarget::Unknown, HostTarget::Site));
    }
    let store = state.store();
    let site = match host
        .strip_suffix(dashboard)
        .and_then(|h| h.strip_suffix('.'))
    {
        Some(slug) if !slug.contains('.') => store.site_by_slug(slug).await?,
        Some(_) => None,
        None => store.site_by_domain(&host).await?,
    };
    let mut hosts = state.0.hosts.lock().expect("hosts lock");
    if hosts.len() >= HOSTS_KEPT {
        hosts.clear();
    }
    hosts.insert(host, (site.clone(), std::time::Instant::now()));
    Ok(site.map_or(HostTarget::Unknown, HostTarget::Site))
}

fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host
        }
    })
}

async fn route_by_host(
    State((state, sites)): State<(AppState, Router)>,
    mut req: Request,
    next: Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let host = host.or_else(|| req.uri().host().map(str::to_owned));
    match resolve_host(&state, host.as_deref()).await {
        Ok(HostTarget::Dashboard) => next.run(req).await,
        Ok(HostTarget::Site(site)) => {
            req.extensions_mut().insert(site);
            // Every site request counts under one route label, set here.
            let mut response = match sites.oneshot(req).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            response
                .extensions_mut()
                .insert(metrics::RouteLabel("site".into()));
            response
        }
        Ok(HostTarget::Unknown) => pages::not_found("No site is published at this address."),
        Err(e) => e.into_response(),
    }
}

async fn dashboard_fallback(method: Method, uri: Uri) -> Response {
    if uri.path() == "/api" || uri.path().starts_with("/api/") {
        ApiError::new(
            ErrorCode::NotFound,
            format!("no route for {method} {}", uri.path()),
        )
        .into_response()
    } else {
        dashboard::serve(&method, &uri)
    }
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        format!("{method} is not allowed on {}", uri.path()),
    )
    .into_response()
}

/// Liveness: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers.
async fn readyz(State(state): State<AppState>) -> Response {
    match state.store().ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::error!(error = %e, "database not reachable");
            ApiError::new(ErrorCode::Unavailable, "database not reachable").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ports_are_stripped_from_hosts() {
        assert_eq!(super::strip_port("shop.localhost:8080"), "shop.localhost");
        assert_eq!(super::strip_port("example.com"), "example.com");
        assert_eq!(super::strip_port("[::1]:8080"), "::1");
    }
}
