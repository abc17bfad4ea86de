//! `wix-stores-backend` and `wix-ecom-backend` in site code: each of their functions is one
//! of the module's REST routes (`{method, path, query, body}`), called in process as the
//! site's code (no request goes through HTTP). Site code runs the store as its admin, as on
//! Wix; the member or visitor calling a web method is the owner of "their" current cart.

use std::sync::OnceLock;

use serde_json::{Value, json};
use tessera_core::data::DataCaller;
use tessera_platform::{
    Platform,
    data::{DataContext, Params},
    module::{CodeCaller, HostError, Method, Module, Route, RouteCall},
};

fn bad(message: impl Into<String>) -> HostError {
    HostError::new("INVALID_ARGUMENT", message.into())
}

/// The route for `method` and `path`, with the path's `{name}` parts: of the routes whose
/// pattern matches, the one with the most literal parts (`…/query` before `…/{id}`).
fn route(method: Method, path: &str) -> Option<(&'static Route, Vec<(String, String)>)> {
    static ROUTES: OnceLock<Vec<Route>> = OnceLock::new();
    let routes = ROUTES.get_or_init(|| crate::Stores::default().routes());
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    routes
        .iter()
        .filter(|r| r.method == method)
        .filter_map(|r| {
            let pattern: Vec<&str> = r.path.trim_matches('/').split('/').collect();
            if pattern.len() != parts.len() {
                return None;
            }
            let mut params = Vec::new();
            let mut literal = 0;
            for (p, v) in pattern.iter().zip(&parts) {
                match p.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    Some(name) if !v.is_empty() => params.push((name.to_string(), v.to_string())),
                    Some(_) => return None,
                    None if p == v => literal += 1,
                    None => return None,
                }
            }
            Some((literal, r, params))
        })
        .max_by_key(|(literal, _, _)| *literal)
        .map(|(_, r, params)| (r, params))
}

/// Runs the route `payload` names as the site's code, for the visitor whose request runs it
/// (their current cart), if any.
pub async fn call(p: &Platform, who: CodeCaller, payload: &Value) -> Result<Value, HostError> {
    let CodeCaller {
        site,
        caller,
        visitor,
    } = who;
    let method = match payload["method"].as_str() {
        Some("GET") => Method::Get,
        Some("POST") => Method::Post,
        Some("PATCH") => Method::Patch,
        Some("DELETE") => Method::Delete,
        other => return Err(bad(format!("no method {other:?}"))),
    };
    let path = payload["path"].as_str().unwrap_or_default();
    let (route, params) =
        route(method, path).ok_or_else(|| bad(format!("no store call {path}")))?;
    let caller = match caller {
        // Site code acts for the member who called it, with the site's rights.
        DataCaller::Code { member } => DataCaller::Code { member },
        DataCaller::Member { id, .. } => DataCaller::Code { member: Some(id) },
        _ => DataCaller::Code { member: None },
    };
    let call = RouteCall {
        ctx: DataContext {
            site,
            caller,
            suppress_hooks: false,
        },
        path: params,
        query: Params::parse(payload["query"].as_str().unwrap_or_default()),
        body: match &payload["body"] {
            Value::Object(_) => payload["body"].clone(),
            _ => json!({}),
        },
        visitor,
        new_visitor: false,
    };
    (route.handler)(p.clone(), call)
        .await
        .map_err(|e| HostError::new(e.code().as_str(), e.description().to_string()))
}
