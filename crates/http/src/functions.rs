//! A site's backend code over HTTP: HTTP functions at `/_functions/…` (the published
//! revision) and `/_functions-dev/…` (the latest push), web methods at
//! `/_api/webmethods/<file>/<function>`. Code reaches the server through [`SiteHost`]: data
//! calls go through the same handlers as REST with the caller's rights; `fetch` and secrets
//! through their guards. Also the code cache and the code log.

use std::{
    collections::HashMap,
    sync::Arc,
    time::{Duration, Instant},
};

use async_trait::async_trait;
use axum::{
    Extension, Router,
    body::{Body, Bytes},
    extract::{FromRequestParts, Request, State},
    http::{HeaderName, HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{any, post},
};
use serde_json::{Value, json};
use tessera_core::{
    ErrorCode,
    data::DataCaller,
    ids::SiteId,
    sites::{Permission, Role, Site},
    store::LogEntry,
};
use tessera_jsrt::{
    CallerRole, Host, HostError, HttpRequest, LogLine, Outcome, RunError, SiteCode,
};

use crate::{AppState, auth::Caller, compat::DataContext};

/// Largest HTTP function request body, as on Wix.
const MAX_FUNCTION_BODY: usize = 512 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/_functions/{*rest}", any(published_function))
        .route("/_functions-dev/{*rest}", any(dev_function))
        .route("/_api/webmethods/{*rest}", post(web_method))
}

/// Code kept in memory: revisions' files by site, and which revision each site publishes.
/// The latter is re-read after `PUBLISHED_TTL`, so a publish on another server node shows
/// within that time (at once on this node).
#[derive(Default)]
pub struct CodeCache {
    revisions: std::sync::Mutex<HashMap<(SiteId, i64), Arc<SiteCode>>>,
    published: std::sync::Mutex<HashMap<SiteId, (Option<i64>, Instant)>>,
}

const PUBLISHED_TTL: Duration = Duration::from_secs(1);

impl CodeCache {
    pub fn forget_published(&self, site: SiteId) {
        self.published.lock().expect("cache lock").remove(&site);
    }

    async fn published(&self, state: &AppState, site: SiteId) -> tessera_core::Result<Option<i64>> {
        if let Some((revision, at)) = self.published.lock().expect("cache lock").get(&site)
            && at.elapsed() < PUBLISHED_TTL
        {
            return Ok(*revision);
        }
        let revision = state.store().published_code_revision(site).await?;
        self.published
            .lock()
            .expect("cache lock")
            .insert(site, (revision, Instant::now()));
        Ok(revision)
    }
}

/// Which revision a request runs.
#[derive(Clone, Copy)]
enum Which {
    Published,
    Latest,
}

async fn site_code(
    state: &AppState,
    site: SiteId,
    which: Which,
) -> Result<Arc<SiteCode>, Response> {
    code_of(state, site, which)
        .await
        .map_err(internal)?
        .ok_or_else(|| problem(ErrorCode::NotFound, "the site has no backend code"))
}

/// The published code of `site`, if it has any (data hooks run it).
pub(crate) async fn published_code(
    state: &AppState,
    site: SiteId,
) -> tessera_core::Result<Option<Arc<SiteCode>>> {
    code_of(state, site, Which::Published).await
}

async fn code_of(
    state: &AppState,
    site: SiteId,
    which: Which,
) -> tessera_core::Result<Option<Arc<SiteCode>>> {
    let store = state.store();
    let revision = match which {
        Which::Published => state.code_cache().published(state, site).await?,
        Which::Latest => store.latest_code_revision(site).await?,
    };
    let Some(revision) = revision else {
        return Ok(None);
    };
    if let Some(code) = state
        .code_cache()
        .revisions
        .lock()
        .expect("cache lock")
        .get(&(site, revision))
    {
        return Ok(Some(Arc::clone(code)));
    }
    let Some((revision, files)) = store.code_revision(site, Some(revision)).await? else {
        return Ok(None);
    };
    let code = Arc::new(SiteCode {
        revision,
        files: Arc::new(files),
    });
    let mut cache = state.code_cache().revisions.lock().expect("cache lock");
    // Two revisions per site: the published one and the latest push.
    let mut kept: Vec<i64> = cache
        .keys()
        .filter(|(s, _)| *s == site)
        .map(|(_, r)| *r)
        .collect();
    kept.sort_unstable();
    for r in kept.iter().take(kept.len().saturating_sub(1)) {
        cache.remove(&(site, *r));
    }
    cache.insert((site, revision), Arc::clone(&code));
    Ok(Some(code))
}

/// An error answer in `/api/v1`'s shape, with the message shown.
fn problem(code: ErrorCode, message: impl Into<String>) -> Response {
    crate::ApiError::new(code, message).into_response()
}

fn internal(e: tessera_core::Error) -> Response {
    crate::ApiError::from(e).into_response()
}

/// The answer for a failed invocation; what the code threw is shown (it is the site owner's
/// own code), the stack goes to the log.
fn run_error(e: RunError) -> Response {
    match e {
        RunError::NotFound(m) => problem(ErrorCode::NotFound, m),
        RunError::Forbidden(m) => problem(ErrorCode::PermissionDenied, m),
        RunError::BadRequest(m) => problem(ErrorCode::InvalidArgument, m),
        RunError::Thrown { message, .. } => problem(ErrorCode::Internal, message),
        RunError::Quota(m) => problem(ErrorCode::Unavailable, m),
        RunError::Busy {
            message,
            retry_after,
        } => {
            let mut response = problem(ErrorCode::Unavailable, message);
            let seconds = retry_after.as_secs().max(1).to_string();
            if let Ok(value) = HeaderValue::try_from(seconds) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        RunError::Internal(m) => {
            tracing::error!(error = %m, "backend code");
            problem(ErrorCode::Internal, "internal error")
        }
    }
}

/// Log lines kept per site, and characters of them in all (oldest dropped first).
const LOGS_KEPT: u32 = 10_000;
const LOG_CHARS_KEPT: u64 = 8 * 1024 * 1024;

/// Records an invocation's console lines and failure in the site's code log (and the
/// server's debug log). `source` names what ran.
pub(crate) async fn log_outcome<T>(
    state: &AppState,
    site: &Site,
    source: &str,
    request_id: Option<&str>,
    outcome: &Outcome<T>,
) {
    let mut lines = outcome.logs.clone();
    let error = |message: String| LogLine {
        level: "error".into(),
        message,
    };
    match &outcome.result {
        Err(RunError::Thrown { message, stack }) => lines.push(error(match stack {
            Some(stack) => format!("uncaught: {message}\n{stack}"),
            None => format!("uncaught: {message}"),
        })),
        Err(e @ (RunError::Quota(_) | RunError::Internal(_) | RunError::Busy { .. })) => {
            lines.push(error(e.to_string()))
        }
        _ => {}
    }
    let at = tessera_core::now_millis();
    append_logs(state, site, source, request_id, at, &lines).await;
}

async fn append_logs(
    state: &AppState,
    site: &Site,
    source: &str,
    request_id: Option<&str>,
    at: tessera_core::Millis,
    lines: &[LogLine],
) {
    if lines.is_empty() {
        return;
    }
    let entries: Vec<LogEntry> = lines
        .iter()
        .map(|LogLine { level, message }| LogEntry {
            id: 0,
            at,
            level: level.clone(),
            source: source.into(),
            request_id: request_id.map(str::to_string),
            message: message.clone(),
        })
        .collect();
    for e in &entries {
        tracing::debug!(site = %site.slug, level = %e.level, source, "{}", e.message);
    }
    if let Err(e) = state
        .store()
        .append_logs(site.id, &entries, LOGS_KEPT, LOG_CHARS_KEPT)
        .await
    {
        tracing::error!(error = %e, site = %site.slug, "writing the code log");
    }
}

/// The request id the server gave this request.
fn request_id(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers.get("x-request-id").and_then(|v| v.to_str().ok())
}

async fn published_function(
    state: State<AppState>,
    site: Extension<Site>,
    req: Request,
) -> Response {
    http_function(state, site, req, Which::Published).await
}

/// The latest push, not yet public: for the site's developers, admins and owners only, with
/// their session token or an API key in `Authorization` (which the code does not see).
async fn dev_function(state: State<AppState>, site: Extension<Site>, req: Request) -> Response {
    let (mut parts, body) = req.into_parts();
    let caller = match <Caller as FromRequestParts<AppState>>::from_request_parts(
        &mut parts, &state,
    )
    .await
    {
        Ok(caller) => caller,
        Err(e) => return e.into_response(),
    };
    match crate::auth::site_role(&state, &caller, &site, Permission::Develop).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            return crate::ApiError::forbidden(format!(
                "only the developers, admins and owners of site '{}' run its latest push",
                site.slug
            ))
            .into_response();
        }
        Err(e) => return e.into_response(),
    }
    parts.headers.remove(header::AUTHORIZATION);
    http_function(state, site, Request::from_parts(parts, body), Which::Latest).await
}

/// `req` (addressed `/_functions/…`) answered by the site's published HTTP functions, as its
/// host would answer it: for the dashboard, which runs on another origin.
pub(crate) async fn call_published_function(
    state: &AppState,
    site: Site,
    req: Request,
) -> Response {
    http_function(State(state.clone()), Extension(site), req, Which::Published).await
}

async fn http_function(
    State(state): State<AppState>,
    Extension(site): Extension<Site>,
    req: Request,
    which: Which,
) -> Response {
    let code = match site_code(&state, site.id, which).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (parts, body) = req.into_parts();
    let prefix = match which {
        Which::Published => "/_functions/",
        Which::Latest => "/_functions-dev/",
    };
    let rest = parts.uri.path().strip_prefix(prefix).unwrap_or_default();
    let mut segments = rest.split('/').map(|s| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    });
    let function_name = segments.next().unwrap_or_default();
    let path: Vec<String> = segments.filter(|s| !s.is_empty()).collect();
    let body = match axum::body::to_bytes(body, MAX_FUNCTION_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return problem(
                ErrorCode::PayloadTooLarge,
                format!("the body is larger than {MAX_FUNCTION_BODY} bytes"),
            );
        }
    };
    let host_name = parts
        .headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let base_url = format!("http://{host_name}{}", prefix.trim_end_matches('/'));
    let mut headers = std::collections::BTreeMap::new();
    for (name, value) in &parts.headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        headers
            .entry(name.as_str().to_string())
            .and_modify(|v: &mut String| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert(value);
    }
    let query = form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let ip = crate::auth::client_ip(state.config(), &parts.headers, &parts.extensions)
        .map_or_else(String::new, |ip| ip.to_string());
    let request = HttpRequest {
        url: format!("http://{host_name}{}", parts.uri),
        base_url,
        path,
        query,
        headers,
        method: parts.method.to_string(),
        function_name,
        ip,
        body: body.into(),
    };
    let source = format!("http-function {}", request.function_name);
    // Data access inside HTTP functions runs as an anonymous visitor, as on Wix.
    let host = SiteHost::for_caller(&state, &site, DataCaller::Visitor, &source);
    let outcome = state
        .engine()
        .http_function(&site.id.to_string(), &code, host, request)
        .await;
    log_outcome(&state, &site, &source, request_id(&parts.headers), &outcome).await;
    match outcome.result {
        Ok(res) => {
            let mut response = Response::new(Body::from(res.body));
            *response.status_mut() =
                StatusCode::from_u16(res.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            for (name, value) in res.headers {
                if name.eq_ignore_ascii_case("set-cookie")
                    && let Err(message) = cookie_allowed(&value)
                {
                    return problem(ErrorCode::Internal, message);
                }
                match (
                    HeaderName::try_from(name.as_str()),
                    HeaderValue::try_from(value.as_str()),
                ) {
                    (Ok(n), Ok(v)) => {
                        response.headers_mut().append(n, v);
                    }
                    _ => {
                        return problem(
                            ErrorCode::Internal,
                            format!("the response header {name:?} is not valid"),
                        );
                    }
                }
            }
            response
        }
        Err(e) => run_error(e),
    }
}

/// Whether site code may set this cookie: not one of Tessera's own names, and only for its
/// own host (no `Domain`, which would reach the dashboard and the other sites).
fn cookie_allowed(set_cookie: &str) -> Result<(), String> {
    let mut parts = set_cookie.split(';');
    let name = parts
        .next()
        .and_then(|pair| pair.split_once('='))
        .map_or("", |(name, _)| name.trim());
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("tessera_") || lower.contains("-tessera_") {
        return Err(format!(
            "site code may not set the cookie {name}: the name is Tessera's"
        ));
    }
    let has_domain = parts.any(|attr| {
        attr.split_once('=')
            .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("domain"))
    });
    if has_domain {
        return Err(format!(
            "site code may not set the cookie {name} with a Domain attribute; cookies stay on the site's own host"
        ));
    }
    Ok(())
}

/// `POST /_api/webmethods/backend/<file>.web.js/<function>` with a JSON array of arguments;
/// answers `{"result": …}`.
async fn web_method(
    State(state): State<AppState>,
    ctx: DataContext,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let rest = uri.path().trim_start_matches("/_api/webmethods/");
    let Some((file, name)) = rest.rsplit_once('/') else {
        return problem(
            ErrorCode::NotFound,
            "name a file and a function: /_api/webmethods/backend/<file>.web.js/<function>",
        );
    };
    let args: Vec<Value> = if body.is_empty() {
        Vec::new()
    } else {
        match serde_json::from_slice(&body) {
            Ok(Value::Array(a)) => a,
            _ => {
                return problem(
                    ErrorCode::InvalidArgument,
                    "the body must be a JSON array of arguments",
                );
            }
        }
    };
    call_web_method(
        &state,
        &ctx.site,
        ctx.caller,
        (file, name),
        &args,
        request_id(&headers),
    )
    .await
}

/// Runs a web method of the published revision for `caller` and answers `{"result": …}`
/// (also the dashboard's way to try one, from the management API).
pub(crate) async fn call_web_method(
    state: &AppState,
    site: &Site,
    caller: DataCaller,
    (file, name): (&str, &str),
    args: &[Value],
    request_id: Option<&str>,
) -> Response {
    let code = match site_code(state, site.id, Which::Published).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let role = match &caller {
        DataCaller::Collaborator {
            role: Role::Owner | Role::Admin,
            ..
        } => CallerRole::Admin,
        DataCaller::Visitor => CallerRole::Anonymous,
        _ => CallerRole::Member,
    };
    let source = format!("web-method {file}/{name}");
    let host = SiteHost::for_caller(state, site, caller, &source);
    let outcome = state
        .engine()
        .web_method(&site.id.to_string(), &code, host, (file, name), args, role)
        .await;
    log_outcome(state, site, &source, request_id, &outcome).await;
    match outcome.result {
        Ok(result) => axum::Json(json!({ "result": result })).into_response(),
        Err(e) => run_error(e),
    }
}

/// A domain error as code sees it: its code in capitals (NotFound as `not_found`, the name
/// Wix gives it for the module) and its message; internal errors are logged, not shown.
pub(crate) fn host_error(e: tessera_core::Error, not_found: &str) -> HostError {
    let code = match &e {
        tessera_core::Error::NotFound(_) => not_found.to_string(),
        tessera_core::Error::Internal(_) => {
            tracing::error!(error = %e, "site code's host call");
            return HostError {
                code: "INTERNAL".into(),
                message: "internal error".into(),
                details: None,
            };
        }
        e => e.code().as_str().to_uppercase(),
    };
    HostError {
        code,
        message: e.to_string(),
        details: Some(e.details()),
    }
}

/// What site code may do on the server, for one invocation's caller.
pub struct SiteHost {
    state: AppState,
    site: Site,
    caller: DataCaller,
    /// What runs, as the code log names it.
    source: String,
    /// The invocation's raw TCP sockets (to the SMTP relay only), closed when it ends.
    sockets: crate::sockets::Sockets,
}

impl SiteHost {
    pub fn for_caller(
        state: &AppState,
        site: &Site,
        caller: DataCaller,
        source: &str,
    ) -> Arc<dyn Host> {
        Arc::new(Self {
            state: state.clone(),
            site: site.clone(),
            caller,
            source: source.to_string(),
            sockets: crate::sockets::Sockets::default(),
        })
    }

    /// A secret's value, for `getSecret`.
    async fn secret(&self, name: &str) -> Result<Value, HostError> {
        let unavailable = |message: String| HostError {
            code: "SECRET_NOT_FOUND".into(),
            message,
            details: None,
        };
        let sealed = self
            .state
            .store()
            .secret(self.site.id, name)
            .await
            .map_err(|e| unavailable(e.to_string()))?
            .ok_or_else(|| unavailable(format!("no secret named {name}")))?;
        let value = self
            .state
            .config()
            .secret_key
            .open(self.site.id, name, &sealed)
            .map_err(|e| {
                tracing::error!(error = %e, site = %self.site.slug, "opening a secret");
                unavailable("the secret cannot be read with this server's key".into())
            })?;
        Ok(Value::String(value))
    }

    /// A data API call, sent through the REST handlers with this caller (or, with
    /// `suppressAuth` or from within wix-auth's `elevate`, with full access).
    async fn data(&self, p: Value) -> Result<Value, HostError> {
        let bad = |message: &str| HostError {
            code: "WDE0004".into(),
            message: message.into(),
            details: None,
        };
        let method = match p["method"].as_str() {
            Some("GET") => Method::GET,
            Some("POST") => Method::POST,
            _ => return Err(bad("method must be GET or POST")),
        };
        let path = p["path"].as_str().unwrap_or_default();
        if path.is_empty() || path.starts_with('/') || path.contains("..") {
            return Err(bad("not a data API path"));
        }
        let caller =
            if p["suppressAuth"].as_bool() == Some(true) || p["elevated"].as_bool() == Some(true) {
                DataCaller::Code {
                    member: self
                        .caller
                        .owner_id()
                        .filter(|_| matches!(self.caller, DataCaller::Member { .. })),
                }
            } else {
                self.caller.clone()
            };
        let body = match &p["body"] {
            Value::Null => None,
            b => Some(b.to_string()),
        };
        let ctx = DataContext {
            site: self.site.clone(),
            caller,
            suppress_hooks: p["suppressHooks"].as_bool() == Some(true),
        };
        let (status, answer) = crate::compat::call(&self.state, ctx, method, path, body)
            .await
            .map_err(|m| bad(&m))?;
        if status.is_success() {
            return Ok(answer);
        }
        let app = &answer["details"]["applicationError"];
        Err(HostError {
            code: app["code"].as_str().unwrap_or("WDE0004").to_string(),
            message: app["description"]
                .as_str()
                .or(answer["message"].as_str())
                .unwrap_or("data API error")
                .to_string(),
            details: Some(answer["details"].clone()),
        })
    }
}

#[async_trait]
impl Host for SiteHost {
    async fn call(&self, op: &str, payload: Value) -> Result<Value, HostError> {
        match op {
            "data" => self.data(payload).await,
            "fetch" => crate::fetch::fetch(&self.state.config().fetch_allow, payload).await,
            "secret" => {
                self.secret(payload["name"].as_str().unwrap_or_default())
                    .await
            }
            "members" => {
                crate::members::code_call(&self.state, &self.site, &self.caller, &payload).await
            }
            "secrets" => crate::api::v1::secrets::code_call(&self.state, &self.site, &payload)
                .await
                .map_err(|e| host_error(e, "SECRET_NOT_FOUND")),
            "crm" => crate::contacts::code_call(&self.state, &self.site, &payload).await,
            "captcha" => crate::captcha::authorize(&self.state.config().captcha, &payload).await,
            "realtime" => crate::realtime::publish(&self.state, &self.site, &payload).await,
            "socket" => {
                let config = self.state.config();
                let relay = crate::sockets::relay_address(config.mail.smtp_url.as_deref());
                self.sockets.call(relay, payload).await
            }
            other => Err(HostError {
                code: "UNKNOWN_OPERATION".into(),
                message: format!("no host operation {other}"),
                details: None,
            }),
        }
    }

    fn late_logs(&self, lines: Vec<LogLine>) {
        let (state, site) = (self.state.clone(), self.site.clone());
        let source = format!("{} (after its answer)", self.source);
        tokio::spawn(async move {
            let at = tessera_core::now_millis();
            append_logs(&state, &site, &source, None, at, &lines).await;
        });
    }
}
