//! `ApiError`: the one error response of `/api/v1`. Body `{code, message, details}`, status
//! from core's code table. Internal errors are logged here, once, inside the request's span
//! (which carries the request id), and reach the client only as "internal error".

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::Value;
use tessera_core::{Error, ErrorCode};
use utoipa::ToSchema;

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Value,
    /// Logged, never sent.
    internal: Option<String>,
}

/// The error body on the wire.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `invalid_argument`.
    #[schema(example = "invalid_argument")]
    pub code: &'static str,
    /// Human-readable explanation, naming the field at fault where there is one.
    pub message: String,
    /// Structured context, e.g. `{"field": "slug"}`.
    #[schema(value_type = Object)]
    pub details: Value,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: Value::Object(Default::default()),
            internal: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    pub fn not_found(what: &'static str) -> Self {
        Error::NotFound(what).into()
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::PermissionDenied, message)
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let code = e.code();
        match e {
            Error::Internal(source) => Self {
                internal: Some(format!("{source:#}")),
                ..Self::new(code, "internal error")
            },
            other => Self {
                code,
                message: other.to_string(),
                details: other.details(),
                internal: None,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Some(detail) = &self.internal {
            tracing::error!(error = %detail, "internal error");
        }
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self
            .details
            .get("retryAfterSeconds")
            .and_then(Value::as_u64);
        let body = ErrorBody {
            code: self.code.as_str(),
            message: self.message,
            details: self.details,
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn internal_errors_do_not_leak() {
        let e = ApiError::from(Error::internal(
            "password authentication failed for user \"tessera\"",
        ));
        let response = e.into_response();
        assert_eq!(response.status(), 500);
        let body = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert_eq!(
            text,
            r#"{"code":"internal","message":"internal error","details":{}}"#
        );
    }

    #[tokio::test]
    async fn rate_limits_say_when_to_retry() {
        let response = ApiError::from(Error::RateLimited {
            retry_after_secs: 42,
        })
        .into_response();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()[header::RETRY_AFTER], "42");
    }
}
