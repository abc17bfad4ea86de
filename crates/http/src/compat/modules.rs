//! The adapter that serves the business modules' routes: it reads the request (site and
//! caller, path parts, query, JSON body) as every Wix-compatible route does, and answers the
//! module's value or error in Wix's shape.

use std::sync::Arc;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Path, Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{MethodFilter, on},
};
use serde_json::Value;
use tessera_core::sites::Site;
use tessera_platform::{
    WixCode, WixError,
    data::{items::decode_r, json::parse},
    module::{Handler, Method, Module, RawCall, RawReply, RouteCall},
};

use super::{Ctx, Params, Wix};
use crate::AppState;

pub fn router(modules: &[Arc<dyn Module>]) -> Router<AppState> {
    let mut router = Router::new();
    for route in modules.iter().flat_map(|m| m.routes()) {
        let handler = route.handler;
        let method = method_filter(route.method);
        let names_visitor = route.visitor;
        let serve = move |State(state): State<AppState>,
                          Ctx(ctx): Ctx,
                          path: Option<Path<Vec<(String, String)>>>,
                          Params(query): Params,
                          headers: HeaderMap,
                          body: Bytes| async move {
            let (visitor, set_cookie) = if names_visitor {
                crate::site_forms::form_visitor(&state, &headers)
            } else {
                (String::new(), None)
            };
            // The SDK sends a GET's request as base64url JSON in `.r`.
            let body = match query.one(".r") {
                Some(r) if body.is_empty() => Bytes::from(decode_r(r)?),
                _ => body,
            };
            let call = RouteCall {
                ctx,
                path: path.map(|Path(p)| p).unwrap_or_default(),
                query,
                body: parse::<Value>(&body)?,
                visitor,
                new_visitor: set_cookie.is_some(),
            };
            let platform = state.platform().clone();
            let mut response = match handler {
                Handler::Value(handler) => Json(handler(platform, call).await?).into_response(),
                Handler::Json(handler) => (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    )],
                    handler(platform, call).await?,
                )
                    .into_response(),
            };
            if let Some(cookie) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
                response
                    .headers_mut()
                    .append(axum::http::header::SET_COOKIE, cookie);
            }
            Ok::<_, Wix>(response)
        };
        router = router.route(&route.path, on(method, serve));
    }
    for route in modules.iter().flat_map(|m| m.raw_routes()) {
        let handler = route.handler;
        let limit = route.body_limit;
        let for_visitors = route.visitor;
        let serve = move |State(state): State<AppState>, request: Request| async move {
            let (mut parts, body) = request.into_parts();
            let site = parts.extensions.get::<Site>().cloned();
            let path = Path::<Vec<(String, String)>>::from_request_parts(&mut parts, &state)
                .await
                .ok();
            let Ok(Params(query)) = Params::from_request_parts(&mut parts, &state).await;
            // Only a site's own pages for visitors learn who calls (which may read the
            // database), and name the visitor.
            let (ctx, visitor, set_cookie, base_url) = match (for_visitors, &site) {
                (true, Some(_)) => {
                    let Ctx(ctx) = Ctx::from_request_parts(&mut parts, &state).await?;
                    let (visitor, cookie) = crate::site_forms::form_visitor(&state, &parts.headers);
                    let base = crate::site_pages::base_url(&state, &parts.headers);
                    (Some(ctx), visitor, cookie, base)
                }
                _ => (None, String::new(), None, String::new()),
            };
            let headers = parts.headers.clone();
            let address = crate::auth::client_ip(state.config(), &headers, &parts.extensions)
                .map(|ip| ip.to_string())
                .unwrap_or_default();
            let body = Bytes::from_request(Request::from_parts(parts, body), &state).await;
            // A body over the route's limit is refused in Wix's shape, naming the limit.
            let body = body.map_err(|e| {
                WixError::new(
                    WixCode::PayloadTooLarge,
                    match limit {
                        0 => e.body_text(),
                        n => format!("file: the body is over the limit of {n} bytes"),
                    },
                )
            })?;
            let call = RawCall {
                site,
                path: path.map(|Path(p)| p).unwrap_or_default(),
                query,
                headers: headers
                    .iter()
                    .filter_map(|(k, v)| {
                        Some((k.as_str().to_string(), v.to_str().ok()?.to_string()))
                    })
                    .collect(),
                body,
                ctx,
                visitor,
                new_visitor: set_cookie.is_some(),
                base_url,
                address,
            };
            let mut response = reply(handler(state.platform().clone(), call).await?);
            if let Some(cookie) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
                response
                    .headers_mut()
                    .append(axum::http::header::SET_COOKIE, cookie);
            }
            Ok::<_, Wix>(response)
        };
        let mut method_router = on(method_filter(route.method), serve);
        if route.body_limit > 0 {
            method_router = method_router.layer(DefaultBodyLimit::max(route.body_limit));
        }
        router = router.route(&route.path, method_router);
    }
    router
}

fn method_filter(method: Method) -> MethodFilter {
    match method {
        Method::Get => MethodFilter::GET,
        Method::Post => MethodFilter::POST,
        Method::Put => MethodFilter::PUT,
        Method::Patch => MethodFilter::PATCH,
        Method::Delete => MethodFilter::DELETE,
    }
}

fn reply(r: RawReply) -> Response {
    let mut response = (
        StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        r.body,
    )
        .into_response();
    for (name, value) in r.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response
                .headers_mut()
                .insert(HeaderName::from_static(name), value);
        }
    }
    response
}
