//! A site's backend code over HTTP: HTTP functions at `/_functions/…` (the published
//! revision) and `/_functions-dev/…` (the latest push), web methods at
//! `/_api/webmethods/<file>/<function>`. The code reaches the server through the platform's
//! `SiteHost`, with the caller's rights.

use std::sync::Arc;

use axum::{
    Extension, Router,
    body::{Body, Bytes},
    extract::{FromRequestParts, Request, State},
    http::{HeaderName, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{any, post},
};
use serde_json::{Value, json};
use tessera_core::{
    ErrorCode,
    data::DataCaller,
    ids::SiteId,
    sites::{Permission, Role, Site},
};
use tessera_jsrt::{CallerRole, HttpRequest, RunError, SiteCode};
use tessera_platform::{
    code::{Which, code_of, log_outcome},
    host::SiteHost,
};

use crate::{AppState, auth::Caller};

/// Largest HTTP function request body, as on Wix.
const MAX_FUNCTION_BODY: usize = 512 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/_functions/{*rest}", any(published_function))
        .route("/_functions-dev/{*rest}", any(dev_function))
        .route("/_api/webmethods/{*rest}", post(web_method))
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
/// answers `{"result": …}`. On a site's own address the caller is also a visitor, by the
/// cookie the store knows them by (given one when they have none), so that the store's
/// "current cart" in the code is theirs.
async fn web_method(
    State(state): State<AppState>,
    crate::compat::Ctx(ctx): crate::compat::Ctx,
    on_site: Option<axum::Extension<Site>>,
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
    let (visitor, set_cookie) = match on_site {
        Some(_) => crate::site_forms::form_visitor(&state, &headers),
        None => (String::new(), None),
    };
    let mut response = call_web_method(
        &state,
        &ctx.site,
        (ctx.caller, &visitor),
        (file, name),
        &args,
        request_id(&headers),
    )
    .await;
    if let Some(cookie) = set_cookie.and_then(|c| axum::http::HeaderValue::from_str(&c).ok()) {
        response
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, cookie);
    }
    response
}

/// Runs a web method of the published revision for `caller` and answers `{"result": …}`
/// (also the dashboard's way to try one, from the management API).
pub(crate) async fn call_web_method(
    state: &AppState,
    site: &Site,
    (caller, visitor): (DataCaller, &str),
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
    let host = SiteHost::for_visitor(state, site, caller, visitor, &source);
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
