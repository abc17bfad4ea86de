//! Errors of the Wix-compatible APIs, in Wix's shape:
//! `{message, details: {applicationError: {code, description, data}}}`, so the official SDK
//! recognises them (e.g. `get()` turns `WDE0073` into `null`). Every code Tessera answers is
//! in [`WixCode`], with its HTTP status: no code is spelled anywhere else.

use serde_json::{Value, json};
use tessera_core::Error;

/// The one table of Wix error codes and their HTTP statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WixCode {
    /// WDE0004: the request is not valid.
    BadRequest,
    /// WDE0004 as a 404: no route for the method and path.
    NoRoute,
    /// WDE0006: a bulk call with too many items.
    BulkTooLarge,
    /// WDE0007: an update without the item's `_id`.
    MissingId,
    /// WDE0009: a request body over the limit.
    PayloadTooLarge,
    /// WDE0014: too many requests.
    RateLimited,
    /// WDE0025: no such collection.
    CollectionNotFound,
    /// WDE0027: the caller may not do this.
    Denied,
    /// WDE0073: no such item (or site, or job).
    ItemNotFound,
    /// WDE0074: the item or collection exists already.
    AlreadyExists,
    /// WDE0077: a page limit over the maximum.
    LimitTooHigh,
    /// WDE0078 as a 400: a data hook threw.
    HookThrew,
    /// WDE0078 as a 500: a data hook could not run.
    HookFailed,
    /// WDE0123: a conditional write found the item not matching.
    ConditionFailed,
    /// The caller is not signed in.
    Unauthenticated,
    /// Members and contacts APIs: the caller lacks a collaborator's rights.
    PermissionDenied,
    MemberNotFound,
    EmailAlreadyExists,
    ContactNotFound,
    DuplicateContactExists,
    /// The media library: no such file or folder.
    FileNotFound,
    FolderNotFound,
    /// The site's media would pass its storage quota.
    QuotaExceeded,
    /// The store: more than is in stock.
    InsufficientInventory,
    /// The store: a checkout or order is not ready for what was asked (no items, no
    /// address, an item no longer sold…); the description names what is missing.
    FailedPrecondition,
    /// The store: the payment provider declined the payment.
    PaymentDeclined,
    /// The store: the payment provider did not answer in time.
    PaymentProviderUnavailable,
    /// Bookings: the time or session asked for is taken, full, or not offered.
    SlotNotAvailable,
    /// Bookings: the business's booking policy does not allow it now (too early, too late
    /// to book, cancel or reschedule).
    BookingPolicyViolation,
    Internal,
}

impl WixCode {
    /// The code as Wix spells it.
    pub fn as_str(self) -> &'static str {
        use WixCode::*;
        match self {
            BadRequest | NoRoute => "WDE0004",
            BulkTooLarge => "WDE0006",
            MissingId => "WDE0007",
            PayloadTooLarge => "WDE0009",
            RateLimited => "WDE0014",
            CollectionNotFound => "WDE0025",
            Denied => "WDE0027",
            ItemNotFound => "WDE0073",
            AlreadyExists => "WDE0074",
            LimitTooHigh => "WDE0077",
            HookThrew | HookFailed => "WDE0078",
            ConditionFailed => "WDE0123",
            Unauthenticated => "UNAUTHENTICATED",
            PermissionDenied => "PERMISSION_DENIED",
            MemberNotFound => "MEMBER_NOT_FOUND",
            EmailAlreadyExists => "EMAIL_ALREADY_EXISTS",
            ContactNotFound => "CONTACT_NOT_FOUND",
            DuplicateContactExists => "DUPLICATE_CONTACT_EXISTS",
            FileNotFound => "FILE_NOT_FOUND",
            FolderNotFound => "FOLDER_NOT_FOUND",
            QuotaExceeded => "QUOTA_EXCEEDED",
            InsufficientInventory => "INSUFFICIENT_INVENTORY",
            FailedPrecondition => "FAILED_PRECONDITION",
            PaymentDeclined => "PAYMENT_DECLINED",
            PaymentProviderUnavailable => "PAYMENT_PROVIDER_UNAVAILABLE",
            SlotNotAvailable => "SLOT_NOT_AVAILABLE",
            BookingPolicyViolation => "BOOKING_POLICY_VIOLATION",
            Internal => "INTERNAL",
        }
    }

    pub fn http_status(self) -> u16 {
        use WixCode::*;
        match self {
            BadRequest
            | BulkTooLarge
            | MissingId
            | LimitTooHigh
            | HookThrew
            | FailedPrecondition
            | BookingPolicyViolation => 400,
            PaymentDeclined => 402,
            Unauthenticated => 401,
            Denied | PermissionDenied => 403,
            NoRoute | CollectionNotFound | ItemNotFound | MemberNotFound | ContactNotFound
            | FileNotFound | FolderNotFound => 404,
            AlreadyExists
            | ConditionFailed
            | EmailAlreadyExists
            | DuplicateContactExists
            | InsufficientInventory
            | SlotNotAvailable => 409,
            PayloadTooLarge | QuotaExceeded => 413,
            RateLimited => 429,
            HookFailed | Internal => 500,
            PaymentProviderUnavailable => 503,
        }
    }
}

#[derive(Debug)]
pub struct WixError {
    code: WixCode,
    description: String,
    /// What went wrong inside, for the log only.
    internal: Option<String>,
}

pub type WixResult<T> = Result<T, WixError>;

impl WixError {
    pub fn new(code: WixCode, description: impl Into<String>) -> Self {
        Self {
            code,
            description: description.into(),
            internal: None,
        }
    }

    pub fn bad_request(description: impl Into<String>) -> Self {
        Self::new(WixCode::BadRequest, description)
    }

    pub fn item_not_found(collection: &str, id: &str) -> Self {
        Self::new(
            WixCode::ItemNotFound,
            format!("Item [{id}] does not exist in collection [{collection}]"),
        )
    }

    pub fn collection_not_found(collection: &str) -> Self {
        Self::new(
            WixCode::CollectionNotFound,
            format!("The {collection} collection does not exist"),
        )
    }

    pub fn item_exists(collection: &str, id: &str) -> Self {
        Self::new(
            WixCode::AlreadyExists,
            format!("An item with _id [{id}] already exists in collection [{collection}]"),
        )
    }

    pub fn denied(description: impl Into<String>) -> Self {
        Self::new(WixCode::Denied, description)
    }

    pub fn limit_too_high(limit: u64, max: u32) -> Self {
        Self::new(
            WixCode::LimitTooHigh,
            format!("limit {limit} is too high; the maximum is {max}"),
        )
    }

    pub fn code(&self) -> WixCode {
        self.code
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    /// What went wrong inside, for the server's log (never shown to the caller).
    pub fn internal(&self) -> Option<&str> {
        self.internal.as_deref()
    }

    /// Writes what went wrong inside to the server's log, if anything did.
    pub fn log_internal(&self) {
        if let Some(detail) = &self.internal {
            tracing::error!(error = %detail, "internal error");
        }
    }

    /// Whether a conditional write found the item not matching its condition.
    pub fn is_condition_failed(&self) -> bool {
        self.code == WixCode::ConditionFailed
    }

    /// The error as it appears inside a bulk result.
    pub fn to_json(&self) -> Value {
        json!({ "code": self.code.as_str(), "description": self.description, "data": {} })
    }

    /// The whole answer body in Wix's shape.
    pub fn body(&self) -> Value {
        json!({
            "message": self.description,
            "details": { "applicationError": self.to_json() }
        })
    }
}

impl From<Error> for WixError {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        let code = match e {
            Error::InvalidArgument { .. } => WixCode::BadRequest,
            Error::NotFound("collection") => WixCode::CollectionNotFound,
            Error::NotFound(_) => WixCode::ItemNotFound,
            Error::Conflict {
                field: "dataCollectionId" | "_id",
                ..
            } => WixCode::AlreadyExists,
            Error::Conflict { .. } => WixCode::ConditionFailed,
            Error::Unauthenticated => WixCode::Unauthenticated,
            Error::PermissionDenied(_) => WixCode::Denied,
            Error::RateLimited { .. } => WixCode::RateLimited,
            Error::Internal(source) => {
                return Self {
                    internal: Some(format!("{source:#}")),
                    ..Self::new(WixCode::Internal, "internal error")
                };
            }
        };
        Self::new(code, message)
    }
}
