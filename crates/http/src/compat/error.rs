//! Errors in Wix's shape: `{message, details: {applicationError: {code, description, data}}}`,
//! so the official SDK recognises them (e.g. `get()` turns `WDE0073` into `null`).

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;
use tessera_core::Error;

#[derive(Debug)]
pub struct WixError {
    status: StatusCode,
    code: &'static str,
    description: String,
    internal: Option<String>,
}

pub type WixResult<T> = Result<T, WixError>;

impl WixError {
    pub fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            code,
            description: description.into(),
            internal: None,
        }
    }

    pub fn bad_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "WDE0004", description)
    }

    pub fn item_not_found(collection: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "WDE0073",
            format!("Item [{id}] does not exist in collection [{collection}]"),
        )
    }

    pub fn collection_not_found(collection: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "WDE0025",
            format!("The {collection} collection does not exist"),
        )
    }

    pub fn item_exists(collection: &str, id: &str) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "WDE0074",
            format!("An item with _id [{id}] already exists in collection [{collection}]"),
        )
    }

    pub fn denied(description: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "WDE0027", description)
    }

    pub fn limit_too_high(limit: u64, max: u32) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "WDE0077",
            format!("limit {limit} is too high; the maximum is {max}"),
        )
    }
}

impl From<Error> for WixError {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        match e {
            Error::InvalidArgument { .. } => Self::bad_request(message),
            Error::NotFound("collection") => Self::new(StatusCode::NOT_FOUND, "WDE0025", message),
            Error::NotFound(_) => Self::new(StatusCode::NOT_FOUND, "WDE0073", message),
            Error::Conflict {
                field: "condition", ..
            } => Self::new(StatusCode::CONFLICT, "WDE0123", message),
            Error::Conflict {
                field: "dataCollectionId" | "_id",
                ..
            } => Self::new(StatusCode::CONFLICT, "WDE0074", message),
            Error::Conflict { .. } => Self::new(StatusCode::CONFLICT, "WDE0123", message),
            Error::Unauthenticated => {
                Self::new(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", message)
            }
            Error::PermissionDenied(_) => Self::denied(message),
            Error::RateLimited { .. } => {
                Self::new(StatusCode::TOO_MANY_REQUESTS, "WDE0014", message)
            }
            Error::Internal(source) => Self {
                internal: Some(format!("{source:#}")),
                ..Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "INTERNAL",
                    "internal error",
                )
            },
        }
    }
}

impl From<crate::ApiError> for WixError {
    fn from(e: crate::ApiError) -> Self {
        let status = StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
        let code = match status {
            StatusCode::UNAUTHORIZED => "UNAUTHENTICATED",
            StatusCode::FORBIDDEN => "WDE0027",
            StatusCode::NOT_FOUND => "WDE0073",
            StatusCode::PAYLOAD_TOO_LARGE => "WDE0009",
            _ => "WDE0004",
        };
        Self::new(status, code, e.message)
    }
}

impl WixError {
    /// Whether a conditional write found the item not matching its condition.
    pub fn code(&self) -> &str {
        self.code
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    pub fn is_condition_failed(&self) -> bool {
        self.code == "WDE0123"
    }

    /// The error as it appears inside a bulk result.
    pub fn to_json(&self) -> serde_json::Value {
        json!({ "code": self.code, "description": self.description, "data": {} })
    }
}

impl IntoResponse for WixError {
    fn into_response(self) -> Response {
        if let Some(detail) = &self.internal {
            tracing::error!(error = %detail, "internal error");
        }
        let body = json!({
            "message": self.description,
            "details": { "applicationError": { "code": self.code, "description": self.description, "data": {} } }
        });
        (self.status, Json(body)).into_response()
    }
}
