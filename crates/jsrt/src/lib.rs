//! Sandboxed server-side JavaScript for sites, compatible with Wix Velo: site code
//! revisions in Velo's layout, the module loader, the host modules (`wix-data`,
//! `wix-http-functions`, `wix-web-module`, …), an engine pool with CPU, memory, wall-time and
//! stack quotas, and the entry points (HTTP functions, web methods, exported functions).
//!
//! It talks to the rest of the server only through the [`Host`] trait, so it knows nothing
//! of HTTP servers or databases.
//!
//! Engine: QuickJS through `rquickjs` 0.11 rather than the newest 0.14, because LLRT's
//! Node-compatible modules (`llrt_modules`), which sites' npm packages need, pin 0.11.

mod code;
mod crypto;
mod engine;
pub mod jobs;
mod loader;
mod packages;
pub mod spi;
mod zlib;

pub use code::{
    CodeError, MAX_CODE_BYTES, MAX_CODE_FILES, Place, SiteCode, check, check_path, place,
};
pub use engine::{
    CallerRole, Engine, Host, HostError, HttpRequest, HttpResponse, Limits, LogLine, MAX_LOG_LINE,
    Outcome, RunError,
};
pub use loader::host_module;

/// TypeScript declarations of the host modules, for editors' completion.
pub const TYPES_D_TS: &str = include_str!("js/types.d.ts");
