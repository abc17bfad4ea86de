//! What every request gets, in one middleware: an id (`x-request-id`, kept when the client
//! sent one, and echoed on the response), an access-log span and line at debug level under
//! `tower_http` (`TESSERA_LOG=info,tower_http=debug`), the time limit, the security headers,
//! the request metrics, and an error line for server errors. These were eight layers; each one
//! wrapped the response future and moved the response once more, which was about a third of
//! the CPU time of a request that does no work (`/healthz`).

use std::{
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    task::{Context, Poll},
    time::Instant,
};

use axum::{
    body::{Body, Bytes},
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
    // A request whose body the answer leaves unread ends its connection; the client is told
    // so (`Connection: close`), or it would send its next request into a closed connection.
    let mut body_read = None;
    if has_body(&req) {
        let read = Arc::new(AtomicBool::new(false));
        let (parts, body) = req.into_parts();
        let body = Body::new(Watched {
            inner: body,
            read: Arc::clone(&read),
        });
        req = Request::from_parts(parts, body);
        body_read = Some(read);
    }
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
    if body_read.is_some_and(|read| !read.load(Ordering::Acquire)) {
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    metrics::record(&state, &method, &response, started);
    response
}

fn has_body(req: &Request) -> bool {
    let headers = req.headers();
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0")
}

/// A request body that notes when it has been read to its end.
struct Watched {
    inner: Body,
    read: Arc<AtomicBool>,
}

impl http_body::Body for Watched {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let frame = Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(frame, Poll::Ready(None)) || self.inner.is_end_stream() {
            self.read.store(true, Ordering::Release);
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}
