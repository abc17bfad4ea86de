//! The version of each site that visitors see, compiled once and kept: pages, forms and
//! emails (the site's name and colour) read it here.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use futures::future::BoxFuture;
use tessera_core::{Millis, ids::SiteId, sites::Site};
use tessera_render::Document;

use crate::Platform;

/// How long another node's publish may take to show here without a signal.
const PUBLISHED_TTL: Duration = Duration::from_secs(1);

pub type Compiled = Arc<tessera_render::Site>;

/// A published version: its number, when it was published, and the site compiled.
pub type Published = (i64, Millis, Compiled);

#[derive(Clone)]
struct Known {
    /// None: the site has published nothing yet.
    version: Option<Published>,
    checked: Instant,
}

#[derive(Default)]
pub struct PublishedSites {
    known: Mutex<HashMap<SiteId, Known>>,
}

impl PublishedSites {
    /// Forgets a site's version (after a publish or rollback here or on another node).
    pub fn forget(&self, site: SiteId) {
        self.known.lock().expect("published lock").remove(&site);
    }

    pub fn forget_all(&self) {
        self.known.lock().expect("published lock").clear();
    }
}

/// The version visitors see, compiled (re-read at most every `PUBLISHED_TTL`).
pub async fn published_site(
    platform: &Platform,
    site: SiteId,
) -> tessera_core::Result<Option<Published>> {
    let cache = &platform.published().known;
    let known = cache.lock().expect("published lock").get(&site).cloned();
    if let Some(p) = &known
        && p.checked.elapsed() < PUBLISHED_TTL
    {
        return Ok(p.version.clone());
    }
    let store = platform.store();
    let version = match store.published_version(site).await? {
        None => None,
        Some((version, at)) => match known
            .and_then(|k| k.version)
            .filter(|(v, ..)| *v == version)
        {
            Some((_, _, compiled)) => Some((version, at, compiled)),
            None => {
                let (_, text) = store
                    .version(site, version)
                    .await?
                    .ok_or(tessera_core::Error::NotFound("site version"))?;
                let doc = Document::parse(text.as_bytes()).map_err(|e| {
                    tessera_core::Error::internal(format!("published version {version}: {e}"))
                })?;
                Some((version, at, Arc::new(tessera_render::Site::new(doc))))
            }
        },
    };
    cache.lock().expect("published lock").insert(
        site,
        Known {
            version: version.clone(),
            checked: Instant::now(),
        },
    );
    Ok(version)
}

/// A published page as an anonymous visitor gets it.
#[derive(Clone, Debug)]
pub struct PageAnswer {
    pub status: u16,
    /// Where a redirect leads.
    pub location: Option<String>,
    pub body: String,
}

/// The published site's pages served in process to the platform's own readers (the SEO
/// report's crawl): the http crate installs the very path that answers visitors
/// (`Platform::set_page_server`), so nothing loops back through HTTP.
pub trait PageServer: Send + Sync {
    /// The answer to an anonymous visitor's GET of `path` (with its query, if any) on the
    /// site at `base_url`, uncached; None when the address is not the pages' (a module's
    /// route, a member page, an asset). `/sitemap.xml` answers the sitemap.
    fn get<'a>(
        &'a self,
        site: &'a Site,
        base_url: &'a str,
        path: &'a str,
    ) -> BoxFuture<'a, tessera_core::Result<Option<PageAnswer>>>;
}
