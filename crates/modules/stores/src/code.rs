//! `wix-stores-backend` and `wix-ecom-backend` in site code: each of their functions is one
//! of the module's REST routes (`{method, path, query, body}`), called in process as the
//! site's code (no request goes through HTTP). Site code runs the store as its admin, as on
//! Wix; the member or visitor calling a web method is the owner of "their" current cart.

use std::sync::OnceLock;

use serde_json::Value;
use tessera_platform::{
    Platform,
    module::{CodeCaller, HostError, Module, Route, call_route},
};

/// Runs the store's route that `payload` names as the site's code.
pub async fn call(p: &Platform, who: CodeCaller, payload: &Value) -> Result<Value, HostError> {
    static ROUTES: OnceLock<Vec<Route>> = OnceLock::new();
    let routes = ROUTES.get_or_init(|| crate::Stores::default().routes());
    call_route(routes, p, who, payload).await
}
