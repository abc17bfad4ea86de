//! The request-body extractor of the Wix-compatible routes: the platform parses (and names
//! the field that is wrong); this reads the bytes.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::StatusCode,
};
use serde::de::DeserializeOwned;
use tessera_platform::{WixCode, WixError, data::json::parse};

use super::Wix;

/// A JSON request body; an empty body reads as `{}`, so a missing field is named as one.
pub struct WixJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for WixJson<T> {
    type Rejection = Wix;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|r| {
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                WixError::new(WixCode::PayloadTooLarge, "the request body is too large")
            } else {
                WixError::bad_request("the request body could not be read")
            }
        })?;
        Ok(Self(parse(&bytes)?))
    }
}
