//! The platform's Wix errors as HTTP answers, in Wix's shape.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use tessera_platform::{WixCode, WixError};

/// A [`WixError`] as a handler's error.
#[derive(Debug)]
pub struct Wix(pub WixError);

pub type WixResult<T> = Result<T, Wix>;

impl From<WixError> for Wix {
    fn from(e: WixError) -> Self {
        Self(e)
    }
}

impl From<tessera_core::Error> for Wix {
    fn from(e: tessera_core::Error) -> Self {
        Self(e.into())
    }
}

impl From<crate::ApiError> for Wix {
    fn from(e: crate::ApiError) -> Self {
        let code = match e.code.http_status() {
            401 => WixCode::Unauthenticated,
            403 => WixCode::Denied,
            404 => WixCode::ItemNotFound,
            413 => WixCode::PayloadTooLarge,
            429 => WixCode::RateLimited,
            500.. => WixCode::Internal,
            _ => WixCode::BadRequest,
        };
        Self(WixError::new(code, e.message))
    }
}

impl IntoResponse for Wix {
    fn into_response(self) -> Response {
        self.0.log_internal();
        let status = StatusCode::from_u16(self.0.code().http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.0.body())).into_response()
    }
}
