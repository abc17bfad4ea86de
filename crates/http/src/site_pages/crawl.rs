//! The published pages served in process (`tessera_platform::sites::PageServer`), for the
//! SEO report's crawl: the same routers, routing, data reads and rendering as a visitor's
//! request, without the page cache (the crawl times each render) and without HTTP.

use std::sync::Weak;

use futures::{FutureExt, future::BoxFuture};
use tessera_platform::{
    module::Method as ModuleMethod,
    sites::{PageAnswer, PageServer},
};

use super::*;

/// Serves pages while the app lives; held by the platform, so it must not hold the app.
pub(crate) struct Pages {
    state: Weak<crate::Inner>,
    /// Address patterns (`/product-page/{slug}`) of the modules' GET routes: their pages are
    /// not the document's, and the crawl leaves them be.
    module_paths: Vec<String>,
}

impl Pages {
    pub(crate) fn new(state: &AppState) -> Self {
        let module_paths = state
            .modules()
            .iter()
            .flat_map(|m| {
                let routes = m.routes().into_iter().map(|r| (r.method, r.path));
                let raw = m.raw_routes().into_iter().map(|r| (r.method, r.path));
                routes.chain(raw).collect::<Vec<_>>()
            })
            .filter(|(method, _)| *method == ModuleMethod::Get)
            .map(|(_, path)| path)
            .collect();
        Self {
            state: Arc::downgrade(&state.0),
            module_paths,
        }
    }

    fn served_elsewhere(&self, path: &str) -> bool {
        path.starts_with("/_")
            || MemberPage::PATHS.contains(&path)
            || self.module_paths.iter().any(|p| pattern_matches(p, path))
    }
}

/// Whether an axum route pattern (`/a/{x}`, `/b/{*rest}`) matches `path`.
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let mut parts = path.split('/');
    for want in pattern.split('/') {
        if want.starts_with("{*") {
            return true;
        }
        match parts.next() {
            Some(got) if want.starts_with('{') => {
                if got.is_empty() {
                    return false;
                }
            }
            Some(got) if got == want => {}
            _ => return false,
        }
    }
    parts.next().is_none()
}

impl PageServer for Pages {
    fn get<'a>(
        &'a self,
        site: &'a Site,
        base_url: &'a str,
        path: &'a str,
    ) -> BoxFuture<'a, tessera_core::Result<Option<PageAnswer>>> {
        async move {
            let Some(state) = self.state.upgrade().map(AppState) else {
                return Ok(None);
            };
            let (path, query) = path.split_once('?').unwrap_or((path, ""));
            let Some((_, published_at, compiled)) =
                tessera_platform::sites::published_site(&state, site.id).await?
            else {
                return Ok(None);
            };
            let is_page = |p: &str| compiled.doc.pages.iter().any(|page| page.path == p);
            if path != "/sitemap.xml" && !is_page(path) && self.served_elsewhere(path) {
                return Ok(None);
            }
            let ctx = RenderContext {
                state: &state,
                site,
                compiled: &compiled,
                base: base_url,
                viewer: &DataCaller::Visitor,
                preview: false,
                published_at,
            };
            let rendered = render(&ctx, path, query).await;
            Ok(Some(match rendered {
                Ok(r) => PageAnswer {
                    status: r.status.as_u16(),
                    location: r.location,
                    body: String::from_utf8_lossy(&r.body).into_owned(),
                },
                // What a visitor would be answered: the error's status and message.
                Err(e) => PageAnswer {
                    status: e.code.http_status(),
                    location: None,
                    body: e.message,
                },
            }))
        }
        .boxed()
    }
}

/// What `serve` answers an anonymous visitor for `path`: a router's page, the sitemap, or
/// one of the document's pages.
async fn render(ctx: &RenderContext<'_>, path: &str, query: &str) -> Result<Rendered, ApiError> {
    let code = crate::page_code::published(ctx.state, ctx.site.id).await?;
    let headers = HeaderMap::new();
    let asked = super::router::Asked {
        path,
        query,
        headers: &headers,
        ip: String::new(),
    };
    match ctx.by_router(code.as_deref(), &asked).await? {
        Some(page) => Ok(page),
        None => ctx.document(code.as_deref(), path, query).await,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns() {
        use super::pattern_matches as m;
        assert!(m("/product-page/{slug}", "/product-page/mug"));
        assert!(!m("/product-page/{slug}", "/product-page/"));
        assert!(!m("/product-page/{slug}", "/product-page/mug/x"));
        assert!(m("/search", "/search"));
        assert!(!m("/search", "/searching"));
        assert!(m("/_functions/{*rest}", "/_functions/a/b"));
    }
}
