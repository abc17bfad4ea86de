//! Site search: one index per site over its published pages, the store's products, the
//! bookings' services and the CMS collections it chooses, kept current by events and
//! rebuildable, in the database (FTS5 on SQLite, tsvector on PostgreSQL: `SearchStore`), so
//! any number of stateless nodes share it. Served as `POST /_api/search/v1/search`, to site
//! code as `wix-search`, and to visitors as the results page `/search?q=`.

mod index;
mod query;
mod site;

use futures::FutureExt;
use serde_json::{Value, json};
use tessera_core::{ids::SiteId, sites::Permission};
use tessera_platform::{
    Platform, WixResult,
    module::{CodeCaller, HostError, HostOp, Method, Module, RawRoute, Route, RouteCall, may},
};

pub use index::{CollectionSource, PAGES, PRODUCTS, SERVICES, Settings};
pub use query::{Request, distance, typos};

/// The search module.
#[derive(Default)]
pub struct Search {
    indexed: index::Indexed,
}

fn indexed(p: &Platform) -> &index::Indexed {
    &p.module::<Search>()
        .expect("the search module runs")
        .indexed
}

async fn search(p: Platform, call: RouteCall) -> WixResult<Value> {
    let req = Request::parse(&call.body)?;
    let results = query::run(&p, indexed(&p), &call.ctx.site, &call.ctx.caller, &req).await?;
    Ok(query::view(&req, &results))
}

async fn settings(p: Platform, call: RouteCall) -> WixResult<Value> {
    may(
        &call.ctx,
        Permission::EditContent,
        "reading search settings",
    )?;
    let s = Settings::load(&p, call.ctx.site.id).await?;
    Ok(json!({ "settings": s }))
}

async fn put_settings(p: Platform, call: RouteCall) -> WixResult<Value> {
    may(
        &call.ctx,
        Permission::EditContent,
        "changing search settings",
    )?;
    let site = call.ctx.site.id;
    let s = Settings::parse(&p, site, &call.body["settings"]).await?;
    let text = serde_json::to_string(&s).map_err(tessera_core::Error::internal)?;
    p.store().put_search_settings(site, &text).await?;
    let documents = index::rebuild(&p, indexed(&p), site).await?;
    Ok(json!({ "settings": s, "documents": documents }))
}

async fn rebuild(p: Platform, call: RouteCall) -> WixResult<Value> {
    may(
        &call.ctx,
        Permission::EditContent,
        "rebuilding the search index",
    )?;
    let documents = index::rebuild(&p, indexed(&p), call.ctx.site.id).await?;
    Ok(json!({ "documents": documents }))
}

impl Module for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn routes(&self) -> Vec<Route> {
        vec![
            Route::new(Method::Post, "/_api/search/v1/search", |p, c| {
                search(p, c).boxed()
            }),
            Route::new(Method::Get, "/_api/search/v1/settings", |p, c| {
                settings(p, c).boxed()
            }),
            Route::new(Method::Put, "/_api/search/v1/settings", |p, c| {
                put_settings(p, c).boxed()
            }),
            Route::new(Method::Post, "/_api/search/v1/rebuild", |p, c| {
                rebuild(p, c).boxed()
            }),
        ]
    }

    fn raw_routes(&self) -> Vec<RawRoute> {
        vec![
            RawRoute::new(Method::Get, "/search", 0, |p, raw| {
                site::results_page(p, raw).boxed()
            })
            .for_visitors(),
        ]
    }

    /// `wix-search`: `{phrase, documentTypes, paging}`, searched with the rights of whom the
    /// code runs for (a visitor's web method finds what that visitor may read).
    fn host_ops(&self) -> Vec<(&'static str, HostOp)> {
        vec![("search", |p, who: CodeCaller, payload| {
            async move {
                let fail = |e: tessera_platform::WixError| {
                    HostError::new(e.code().as_str(), e.description().to_string())
                };
                let req = Request::parse(&payload).map_err(fail)?;
                let results = query::run(&p, indexed(&p), &who.site, &who.caller, &req)
                    .await
                    .map_err(fail)?;
                Ok(query::view(&req, &results))
            }
            .boxed()
        })]
    }

    fn event(
        &self,
        p: Platform,
        site: SiteId,
        name: String,
        payload: Value,
    ) -> futures::future::BoxFuture<'static, tessera_core::Result<()>> {
        async move {
            index::event(&p, site, &name, &payload)
                .await
                .map_err(|e| tessera_core::Error::internal(e.description().to_string()))
        }
        .boxed()
    }
}
