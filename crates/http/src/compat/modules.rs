//! The adapter that serves the business modules' routes: it reads the request (site and
//! caller, path parts, query, JSON body) as every Wix-compatible route does, and answers the
//! module's value or error in Wix's shape.

use std::sync::Arc;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, State},
    routing::{MethodFilter, on},
};
use serde_json::Value;
use tessera_platform::{
    data::json::parse,
    module::{Method, Module, RouteCall},
};

use super::{Ctx, Params, Wix};
use crate::AppState;

pub fn router(modules: &[Arc<dyn Module>]) -> Router<AppState> {
    let mut router = Router::new();
    for route in modules.iter().flat_map(|m| m.routes()) {
        let handler = route.handler;
        let method = match route.method {
            Method::Get => MethodFilter::GET,
            Method::Post => MethodFilter::POST,
            Method::Put => MethodFilter::PUT,
            Method::Patch => MethodFilter::PATCH,
            Method::Delete => MethodFilter::DELETE,
        };
        let serve = move |State(state): State<AppState>,
                          Ctx(ctx): Ctx,
                          path: Option<Path<Vec<(String, String)>>>,
                          Params(query): Params,
                          body: Bytes| async move {
            let call = RouteCall {
                ctx,
                path: path.map(|Path(p)| p).unwrap_or_default(),
                query,
                body: parse::<Value>(&body)?,
            };
            Ok::<_, Wix>(Json(handler(state.platform().clone(), call).await?))
        };
        router = router.route(&route.path, on(method, serve));
    }
    router
}
