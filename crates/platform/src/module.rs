//! Business modules (`crates/modules/<name>`): a store, bookings, the CRM… Each depends on
//! core and this crate only, never on another module or on http, and plugs in through
//! [`Module`]: its Wix-compatible routes (http mounts them through one adapter), and the
//! operations its site-code modules call on the server (`wix-crm-backend` calls `crm`).
//! Modules talk to each other through the platform's events and services.

use futures::future::BoxFuture;
use serde_json::Value;
use tessera_core::{data::DataCaller, sites::Site};
pub use tessera_jsrt::HostError;

use crate::{
    Platform,
    data::{DataContext, Params},
    error::WixResult,
};

/// A business module.
pub trait Module: Send + Sync + 'static {
    /// Its name: `crm`, `stores`, … (also its dashboard section's id).
    fn name(&self) -> &'static str;

    /// Its Wix-compatible REST routes, served on every host: a site's own address, or the
    /// dashboard's with `wix-site-id` (as the official SDK sends it).
    fn routes(&self) -> Vec<Route> {
        Vec::new()
    }

    /// The host operations its site-code modules call, by name.
    fn host_ops(&self) -> Vec<(&'static str, HostOp)> {
        Vec::new()
    }
}

/// The HTTP methods a module's route may answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// A module's route: `path` in axum's syntax (`/contacts/v4/contacts/{id}`).
pub struct Route {
    pub method: Method,
    pub path: String,
    pub handler: Handler,
}

/// What http read from a request to a module's route.
pub struct RouteCall {
    pub ctx: DataContext,
    /// The path's `{name}` parts.
    pub path: Vec<(String, String)>,
    pub query: Params,
    /// The JSON body (`{}` when there is none), already checked to be an object.
    pub body: Value,
}

impl RouteCall {
    /// A `{name}` part of the path ("" when the route has none by that name).
    pub fn path_param(&self, name: &str) -> &str {
        self.path
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

pub type Handler = fn(Platform, RouteCall) -> BoxFuture<'static, WixResult<Value>>;

/// A host operation: the platform, the site, who runs the code, and the call's payload.
pub type HostOp =
    fn(Platform, Site, DataCaller, Value) -> BoxFuture<'static, Result<Value, HostError>>;
