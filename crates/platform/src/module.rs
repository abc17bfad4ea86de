//! Business modules (`crates/modules/<name>`): a store, bookings, the CRM… Each depends on
//! core and this crate only, never on another module or on http, and plugs in through
//! [`Module`]: its Wix-compatible routes (http mounts them through one adapter), and the
//! operations its site-code modules call on the server (`wix-crm-backend` calls `crm`).
//! Modules talk to each other through the platform's events and services.

use std::any::Any;

use bytes::Bytes;
use futures::future::BoxFuture;
use serde_json::{Value, json};
use tessera_core::{
    data::DataCaller,
    ids::SiteId,
    sites::{Permission, Site},
};
pub use tessera_jsrt::HostError;

use crate::{
    Platform,
    data::{DataContext, Params},
    error::{WixCode, WixError, WixResult},
};

/// A business module.
pub trait Module: Any + Send + Sync {
    /// Its name: `crm`, `stores`, … (also its dashboard section's id).
    fn name(&self) -> &'static str;

    /// Its Wix-compatible REST routes, served on every host: a site's own address, or the
    /// dashboard's with `wix-site-id` (as the official SDK sends it).
    fn routes(&self) -> Vec<Route> {
        Vec::new()
    }

    /// Its routes that read and answer bytes (uploads, files), served on every host.
    fn raw_routes(&self) -> Vec<RawRoute> {
        Vec::new()
    }

    /// The host operations its site-code modules call, by name.
    fn host_ops(&self) -> Vec<(&'static str, HostOp)> {
        Vec::new()
    }

    /// The app id of what it sells through the store's checkout: cart and checkout lines
    /// whose `catalogReference.appId` is this are priced by `catalog_items`.
    fn catalog_app_id(&self) -> Option<&'static str> {
        None
    }

    /// Prices lines of its catalog. `options` and the answer are those of Wix's ecom-catalog
    /// service plugin `getCatalogItems`: `{catalogReferences: [{catalogReference, quantity}],
    /// currency}` → `{catalogItems: [{catalogReference, data: {productName: {original},
    /// price: "10.00", quantityAvailable?, itemType: {preset}, descriptionLines?, url?}}]}`;
    /// an item it does not sell is left out.
    fn catalog_items(
        &self,
        _p: Platform,
        _site: Site,
        _options: Value,
    ) -> BoxFuture<'static, WixResult<Value>> {
        Box::pin(async { Ok(serde_json::json!({ "catalogItems": [] })) })
    }

    /// An order holding lines of its catalog changed: `event` is one of [`ORDER_EVENTS`], and
    /// `order` is the order as `GET /ecom/v1/orders/{id}` answered it then. Queued once the
    /// change is stored (`queue_order_changed`) and delivered by any node at least once: an
    /// error is tried again after a backoff, and a node that dies mid-way leaves it to
    /// another, so it must be idempotent (a second `paid` changes nothing) and take the
    /// events of one order in any order. An order placed paid is told `created` then `paid`.
    fn order_changed(
        &self,
        _p: Platform,
        _site: Site,
        _event: &'static str,
        _order: Value,
    ) -> BoxFuture<'static, WixResult<()>> {
        Box::pin(async { Ok(()) })
    }

    /// The business events it emits (Velo's handler names, with a title for people): what
    /// outbound webhooks and automations may subscribe to, with the platform's own
    /// (`backend_events::CORE_EVENTS`).
    fn event_types(&self) -> &'static [EventType] {
        &[]
    }

    /// A business event of the site happened and is stored: `name` is its Velo handler name
    /// and `payload` what `events.js` is given. Told on the node where it happened, before
    /// the answer goes out; what must outlive that node is written here (a webhook's
    /// deliveries), and a failure is logged, not the caller's.
    fn event(
        &self,
        _p: Platform,
        _site: SiteId,
        _name: String,
        _payload: Value,
    ) -> BoxFuture<'static, tessera_core::Result<()>> {
        Box::pin(async { Ok(()) })
    }

    /// The site's published version changed (a publish or a rollback on this node), once it
    /// is stored and visitors see it. Work it starts runs in the background: the caller does
    /// not wait.
    fn site_published(&self, _p: &Platform, _site: SiteId) {}

    /// The site is deleted, and its rows with it: what the module keeps outside the database
    /// (files) goes too.
    fn site_deleted(&self, _site: SiteId) -> BoxFuture<'static, tessera_core::Result<()>> {
        Box::pin(async { Ok(()) })
    }
}

/// Tells every module that the site's published version changed (`Module::site_published`).
pub fn site_published(p: &Platform, site: SiteId) {
    for m in p.modules() {
        m.site_published(p, site);
    }
}

/// A kind of business event: Velo's handler name (`wixEcom_onOrderPaid`), a title, and a
/// sample of its payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventType {
    pub name: &'static str,
    pub title: &'static str,
    /// A payload of this kind as handlers, webhooks and automations get it (JSON text):
    /// automations' test runs start from it, and the builder lists its fields as the
    /// trigger's schema (conditions, delays, `{{event.…}}` variables).
    pub sample: &'static str,
}

/// Every kind of event the platform and its modules emit.
pub fn event_types(p: &Platform) -> Vec<EventType> {
    let mut all = crate::backend_events::CORE_EVENTS.to_vec();
    for m in p.modules() {
        all.extend_from_slice(m.event_types());
    }
    all
}

/// What `Module::order_changed` is told of an order.
pub const ORDER_EVENTS: [&str; 4] = ["created", "paid", "canceled", "refunded"];

/// Queues `event` of `order` (its `GET /ecom/v1/orders/{id}` view) for each module whose
/// catalog has a line in it, as `<module>:order_<event>` (`backend_events::queue_for_module`).
/// Call it once the change is stored.
pub async fn queue_order_changed(
    p: &Platform,
    site: SiteId,
    event: &'static str,
    order: &Value,
) -> tessera_core::Result<()> {
    let lines = order["lineItems"].as_array().map_or(&[][..], Vec::as_slice);
    for m in p.modules() {
        let Some(app) = m.catalog_app_id() else {
            continue;
        };
        if lines.iter().any(|l| l["catalogReference"]["appId"] == app) {
            let what = format!("{}:order_{event}", m.name());
            crate::backend_events::queue_for_module(p, site, &what, order).await?;
        }
    }
    Ok(())
}

/// Hands a queued module event (`what`, as `queue_order_changed` named it) to its module:
/// None when no module of this server takes it (nothing is left to deliver to).
pub(crate) async fn deliver(
    p: &Platform,
    site: &Site,
    what: &str,
    payload: Value,
) -> Option<WixResult<()>> {
    let (name, event) = what.split_once(":order_")?;
    let event = ORDER_EVENTS.into_iter().find(|e| *e == event)?;
    let module = p.modules().iter().find(|m| m.name() == name)?;
    Some(
        module
            .order_changed(p.clone(), site.clone(), event, payload)
            .await,
    )
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
    /// The route names the visitor by their cookie, giving one to a visitor without it.
    pub visitor: bool,
}

impl Route {
    pub fn new(method: Method, path: &str, handler: ValueHandler) -> Self {
        Self {
            method,
            path: path.into(),
            handler: Handler::Value(handler),
            visitor: false,
        }
    }

    /// A route that writes its answer's JSON itself: see `Handler::Json`.
    pub fn json(method: Method, path: &str, handler: JsonHandler) -> Self {
        Self {
            method,
            path: path.into(),
            handler: Handler::Json(handler),
            visitor: false,
        }
    }

    /// Runs the route in process (site code, GraphQL): its answer as a value.
    pub async fn call(&self, p: Platform, call: RouteCall) -> WixResult<Value> {
        match self.handler {
            Handler::Value(handler) => handler(p, call).await,
            Handler::Json(handler) => {
                let json = handler(p, call).await?;
                serde_json::from_slice(&json).map_err(|e| tessera_core::Error::internal(e).into())
            }
        }
    }

    /// The route needs to know which visitor calls (a cart): see `RouteCall::visitor`.
    pub fn for_visitors(mut self) -> Self {
        self.visitor = true;
        self
    }
}

/// What http read from a request to a module's route.
pub struct RouteCall {
    pub ctx: DataContext,
    /// The path's `{name}` parts.
    pub path: Vec<(String, String)>,
    pub query: Params,
    /// The JSON body (`{}` when there is none), already checked to be an object.
    pub body: Value,
    /// The visitor's id from their cookie, on routes `for_visitors` ("" on others).
    pub visitor: String,
    /// The visitor sent no cookie (their id is new with this call): nothing of theirs is
    /// stored yet, so there is nothing to look up.
    pub new_visitor: bool,
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

/// What a route runs.
#[derive(Clone, Copy)]
pub enum Handler {
    /// Answers a JSON value: most routes.
    Value(ValueHandler),
    /// Answers JSON text it wrote itself, from typed values: a large answer (a month of
    /// availability) without a `Value` tree built, and taken apart, first.
    Json(JsonHandler),
}

pub type ValueHandler = fn(Platform, RouteCall) -> BoxFuture<'static, WixResult<Value>>;
pub type JsonHandler = fn(Platform, RouteCall) -> BoxFuture<'static, WixResult<Vec<u8>>>;

/// A route that reads and answers bytes; it checks who may call it itself.
pub struct RawRoute {
    pub method: Method,
    pub path: String,
    /// The largest body it takes (the server's usual limit when 0).
    pub body_limit: usize,
    pub handler: RawHandler,
    /// A page of the site for its visitors: the call gets who calls (`RawCall::ctx`) and the
    /// visitor's cookie (`RawCall::visitor`, given one when they have none).
    pub visitor: bool,
}

impl RawRoute {
    pub fn new(method: Method, path: &str, body_limit: usize, handler: RawHandler) -> Self {
        Self {
            method,
            path: path.into(),
            body_limit,
            handler,
            visitor: false,
        }
    }

    /// See `visitor`.
    pub fn for_visitors(mut self) -> Self {
        self.visitor = true;
        self
    }
}

/// What http read from a request to a byte route.
pub struct RawCall {
    /// The site whose address the request came to, if any.
    pub site: Option<Site>,
    pub path: Vec<(String, String)>,
    pub query: Params,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// On routes `for_visitors` on a site's host: the site and who calls.
    pub ctx: Option<DataContext>,
    /// On routes `for_visitors`: the visitor's id from their cookie ("" on others).
    pub visitor: String,
    /// As `RouteCall::new_visitor`.
    pub new_visitor: bool,
    /// On routes `for_visitors`: the site's address as the visitor reached it
    /// (`https://shop.example.com`), for the page's canonical address.
    pub base_url: String,
    /// The client's IP address as the server trusts it (behind known proxies, the one they
    /// forwarded), "" when unknown.
    pub address: String,
}

impl RawCall {
    /// A `{name}` part of the path ("" when the route has none by that name).
    pub fn path_param(&self, name: &str) -> &str {
        self.path
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// A header's value, by its lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A byte route's answer.
pub struct RawReply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
}

impl RawReply {
    /// `200 OK` with a page made for this visitor (never cached by others).
    pub fn html(page: String) -> Self {
        Self {
            status: 200,
            headers: vec![
                ("content-type", "text/html; charset=utf-8".into()),
                ("cache-control", "private, no-store".into()),
            ],
            body: page.into(),
        }
    }

    /// `303 See Other` to `to`: where a page's form sends the browser next.
    pub fn see_other(to: &str) -> Self {
        Self {
            status: 303,
            headers: vec![
                ("location", to.to_string()),
                ("cache-control", "private, no-store".into()),
            ],
            body: Bytes::new(),
        }
    }
}

/// Whether the caller is a collaborator with `needed` (or site code, or an API key with it).
pub fn is_staff(ctx: &DataContext, needed: Permission) -> bool {
    match &ctx.caller {
        DataCaller::Collaborator { role, .. } => role.allows(needed),
        DataCaller::Code { .. } => true,
        _ => false,
    }
}

/// The caller's right to run a module's business (`what`, e.g. "running the store"): a
/// collaborator or API key with `needed`, or site code.
pub fn may(ctx: &DataContext, needed: Permission, what: &str) -> WixResult<()> {
    if is_staff(ctx, needed) {
        return Ok(());
    }
    Err(WixError::new(
        WixCode::PermissionDenied,
        format!("{what} needs a site collaborator or API key with enough rights"),
    ))
}

pub type RawHandler = fn(Platform, RawCall) -> BoxFuture<'static, WixResult<RawReply>>;

/// Who runs the site code that calls a host operation.
#[derive(Clone, Debug)]
pub struct CodeCaller {
    pub site: Site,
    /// The rights of whom the code runs for.
    pub caller: DataCaller,
    /// The visitor whose request runs the code, by their cookie (a web method's caller); ""
    /// for code that runs for no visitor (jobs, events, hooks, the dashboard's test runs).
    pub visitor: String,
}

/// A host operation: the platform, who runs the code, and the call's payload.
pub type HostOp = fn(Platform, CodeCaller, Value) -> BoxFuture<'static, Result<Value, HostError>>;

fn bad(message: impl Into<String>) -> HostError {
    HostError::new("INVALID_ARGUMENT", message.into())
}

/// The route for `method` and `path`, with the path's `{name}` parts: of the routes whose
/// pattern matches, the one with the most literal parts (`…/query` before `…/{id}`).
fn route<'r>(
    routes: &'r [Route],
    method: Method,
    path: &str,
) -> Option<(&'r Route, Vec<(String, String)>)> {
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

/// Runs the module's route that `payload` (`{method, path, query, body}`) names as the
/// site's code, for the visitor whose request runs it (their current cart), if any: how a
/// module's `wix-*` site-code functions are its REST routes, called in process.
pub async fn call_route(
    routes: &[Route],
    p: &Platform,
    who: CodeCaller,
    payload: &Value,
) -> Result<Value, HostError> {
    let CodeCaller {
        site,
        caller,
        visitor,
    } = who;
    let method = match payload["method"].as_str() {
        Some("GET") => Method::Get,
        Some("POST") => Method::Post,
        Some("PATCH") => Method::Patch,
        Some("PUT") => Method::Put,
        Some("DELETE") => Method::Delete,
        other => return Err(bad(format!("no method {other:?}"))),
    };
    let path = payload["path"].as_str().unwrap_or_default();
    let (route, params) =
        route(routes, method, path).ok_or_else(|| bad(format!("no call {path}")))?;
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
    route
        .call(p.clone(), call)
        .await
        .map_err(|e| HostError::new(e.code().as_str(), e.description().to_string()))
}
