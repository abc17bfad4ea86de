//! `wix-bookings-backend`, `wix-bookings.v2` and `wix-bookings-frontend` in site code: each
//! function is one of the module's REST routes, called in process as the site's code.

use std::sync::OnceLock;

use serde_json::Value;
use tessera_platform::{
    Platform,
    module::{CodeCaller, HostError, Module, Route, call_route},
};

/// Runs the bookings route that `payload` names as the site's code.
pub async fn call(p: &Platform, who: CodeCaller, payload: &Value) -> Result<Value, HostError> {
    static ROUTES: OnceLock<Vec<Route>> = OnceLock::new();
    let routes = ROUTES.get_or_init(|| crate::Bookings::default().routes());
    call_route(routes, p, who, payload).await
}
