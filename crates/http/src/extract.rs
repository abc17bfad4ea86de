//! Extractors whose rejections are `ApiError`s, so malformed input gets the same JSON error
//! shape as every other error.

use axum::{
    extract::{FromRequest, Request, rejection::JsonRejection},
    http::StatusCode,
};
use serde::de::DeserializeOwned;
use tessera_core::ErrorCode;

use crate::error::ApiError;

/// `axum::Json` with uniform errors: syntax errors are `malformed_json`, a wrong or missing
/// field is `invalid_argument` naming it, an oversized body is `payload_too_large`.
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// An optional JSON body: empty means `T::default()`.
pub fn optional_json<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ApiError::new(
            ErrorCode::InvalidArgument,
            format!("invalid request body: {e}"),
        ),
        _ => ApiError::new(
            ErrorCode::MalformedJson,
            format!("request body is not valid JSON: {e}"),
        ),
    })
}

/// The field serde names in backticks, as in "missing field `slug`" or "unknown field `x`".
fn field_in(reason: &str) -> Option<&str> {
    let (_, rest) = reason.split_once(" field `")?;
    rest.split_once('`').map(|(field, _)| field)
}

fn json_rejection(r: JsonRejection) -> ApiError {
    let text = r.body_text();
    match r {
        JsonRejection::JsonDataError(_) => {
            // serde's message names the field, e.g. "missing field `slug`".
            let reason = text
                .split_once(": ")
                .map_or(text.as_str(), |(_, r)| r)
                .to_string();
            let error = ApiError::new(
                ErrorCode::InvalidArgument,
                format!("invalid request body: {reason}"),
            );
            match field_in(&reason) {
                Some(field) => error.with_details(serde_json::json!({ "field": field })),
                None => error,
            }
        }
        JsonRejection::JsonSyntaxError(_) => {
            let reason = text
                .split_once(": ")
                .map_or(text.as_str(), |(_, r)| r)
                .to_string();
            ApiError::new(
                ErrorCode::MalformedJson,
                format!("request body is not valid JSON: {reason}"),
            )
        }
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "request body must be JSON with Content-Type: application/json",
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(ErrorCode::PayloadTooLarge, "request body is too large")
        }
        other => ApiError::new(ErrorCode::InvalidArgument, other.body_text()),
    }
}
