//! Tessera's domain: typed ids, accounts and sites, roles and permissions, validation rules,
//! the error-code table, and the `Store` trait the storage backends implement.
//!
//! Must not depend on axum, sqlx or any other transport or storage crate: those depend on it.

pub mod accounts;
pub mod analytics;
pub mod bookings;
pub mod commerce;
pub mod data;
pub mod error;
pub mod events;
pub mod ids;
pub mod media;
pub mod members;
pub mod plans;
pub mod search;
pub mod secrets;
pub mod sites;
pub mod store;
pub mod validate;
pub mod vault;
pub mod work;

pub use error::{Error, ErrorCode, Result};
pub use members::{MailStore, MemberStore};
pub use store::{
    AccountStore, CodeStore, DataJobStore, DataStore, DocumentStore, EventQueueStore, JobRunStore,
    LogStore, SecretStore, SignalStore, SiteStore, Store, ThrottleStore,
};

/// Milliseconds since the Unix epoch: the one timestamp representation stored by every backend.
pub type Millis = i64;

pub fn now_millis() -> Millis {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
