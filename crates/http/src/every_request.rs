//! What every request gets, in one middleware: an id (`x-request-id`, kept when the client
//! sent one, and echoed on the response), an access-log span and line at debug level under
//! `tower_http` (`TESSERA_LOG=info,tower_http=debug`), the time limit, the security headers,
//! the request metrics, and an error line for server errors. These were eight layers; each one
//! wrapped the response future and moved the response once more, which was about a third of
//! the CPU time of a request that does no work (`/healthz`).

use std::time::Instant;

use axum::{
    extract::{Request, State},
    http::{HeaderName, HeaderValue, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use tessera_core::ErrorCode;
use tracing::Instrument;

use crate::{ApiError, AppState, metrics};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Set on every response unless the handler set its own.
const SECURITY_HEADERS: [(HeaderName, &str); 3] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "SAMEORIGIN"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
];

pub async fn every_request(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let id = match req.headers().get(&REQUEST_ID) {
        Some(id) => id.clone(),
        None => {
            let id = HeaderValue::try_from(uuid::Uuid::new_v4().to_string())
                .expect("a UUID is a header value");
            req.headers_mut().insert(REQUEST_ID, id.clone());
            id
        }
    };
    let (method, uri) = (req.method().clone(), req.uri().clone());
    let request_id = id.to_str().unwrap_or("");
    let span = tracing::debug_span!(target: "tower_http::trace", "request",
        method = %method, path = %uri.path(), request_id);
    let started = Instant::now();
    let limit = state.config().request_timeout;
    let answered = tokio::time::timeout(limit, next.run(req).instrument(span.clone())).await;
    let mut response = answered.unwrap_or_else(|_| {
        let message = format!("the request took longer than {} s", limit.as_secs_f32());
        ApiError::new(ErrorCode::Timeout, message).into_response()
    });
    let status = response.status();
    span.in_scope(|| {
        tracing::debug!(target: "tower_http::trace", status = status.as_u16(),
            latency_ms = started.elapsed().as_secs_f64() * 1000.0, "finished processing request");
    });
    if status.is_server_error() {
        tracing::error!(%method, path = uri.path(), request_id, status = status.as_u16(),
            "request failed");
    }
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    headers.entry(REQUEST_ID).or_insert(id);
    metrics::record(&state, &method, &response, started);
    response
}
