//! Test support: fresh databases per backend and `TestApp`, the real HTTP app on port 0.
//! Used by integration tests only; sees every crate.

mod app;
mod db;

pub use app::{TestApp, call, stripe_url};
pub use db::{TestDb, backends, media_storages};
