//! The `plans` host operation: `wix-pricing-plans-backend` and `-frontend` in site code call
//! the module's REST routes in process (`{method, path, query, body}`) as the site's code for
//! the member whose request runs it; and other modules call `{method: "useSession",
//! memberId, serviceId}` to use up a booking session a plan gives, and `{method:
//! "giveBackSession", orderId}` when the booking it paid is canceled.

use std::sync::OnceLock;

use serde_json::Value;
use tessera_platform::{
    Platform,
    module::{CodeCaller, HostError, Module, Route, call_route},
};

fn bad(message: impl Into<String>) -> HostError {
    HostError::new("INVALID_ARGUMENT", message.into())
}

pub async fn call(p: &Platform, who: CodeCaller, payload: &Value) -> Result<Value, HostError> {
    if payload["method"] == "useSession" {
        let text = |k: &str| {
            payload[k]
                .as_str()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| bad(format!("{k}: is required")))
        };
        return crate::access::use_session(p, &who.site, text("memberId")?, text("serviceId")?)
            .await
            .map_err(|e| HostError::new(e.code().as_str(), e.description().to_string()));
    }
    if payload["method"] == "giveBackSession" {
        let order = payload["orderId"]
            .as_str()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad("orderId: is required"))?;
        return crate::access::give_back_session(p, &who.site, order)
            .await
            .map_err(|e| HostError::new(e.code().as_str(), e.description().to_string()));
    }
    static ROUTES: OnceLock<Vec<Route>> = OnceLock::new();
    let routes = ROUTES.get_or_init(|| crate::Plans.routes());
    call_route(routes, p, who, payload).await
}
