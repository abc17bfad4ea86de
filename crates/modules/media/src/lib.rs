//! The media module: each site's media library (files, folders, trash), its storage (a folder
//! in the data directory or any S3-compatible store), image variants on request, and Wix's
//! Media Manager REST API (`/site-media/v1/…`).

mod code;
mod files;
mod folders;
pub mod image;
mod remembered;
mod rest;
mod serve;
pub mod storage;
mod usage;

use futures::{FutureExt, future::BoxFuture};
use tessera_core::ids::SiteId;
use tessera_platform::{
    Platform,
    module::{HostOp, Module, RawRoute, Route},
};

pub use files::{Upload, file_id_site};
pub use storage::Storage;

/// What the operator sets.
#[derive(Clone, Debug)]
pub struct MediaConfig {
    pub storage: Storage,
    /// The largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// What each site's distinct files may take in all, in bytes.
    pub site_quota_bytes: u64,
    /// The largest image decoded (pixels, and pixels on a side).
    pub image_limits: image::Limits,
}

impl MediaConfig {
    /// 100 MB per file, 5 GB per site, 50-megapixel images.
    pub fn new(storage: Storage) -> Self {
        Self {
            storage,
            max_file_bytes: 100 * 1024 * 1024,
            site_quota_bytes: 5 * 1024 * 1024 * 1024,
            image_limits: image::Limits::default(),
        }
    }
}

/// The media module.
pub struct Media {
    config: MediaConfig,
    /// Variants being made now, by key: a second request for one waits for the first.
    making: serve::InFlight,
    remembered: remembered::Remembered,
}

impl Media {
    pub fn new(config: MediaConfig) -> Self {
        Self {
            config,
            making: serve::InFlight::default(),
            remembered: remembered::Remembered::default(),
        }
    }

    pub fn config(&self) -> &MediaConfig {
        &self.config
    }

    /// The module as the platform holds it (its routes get the platform, not the module).
    fn of(p: &Platform) -> &Media {
        p.module::<Media>()
            .expect("the media module's routes run only when it is installed")
    }
}

impl Module for Media {
    fn name(&self) -> &'static str {
        "media"
    }

    fn routes(&self) -> Vec<Route> {
        let mut routes = rest::file_routes();
        routes.extend(folders::routes());
        routes
    }

    fn raw_routes(&self) -> Vec<RawRoute> {
        serve::routes(self.config.max_file_bytes)
    }

    fn host_ops(&self) -> Vec<(&'static str, HostOp)> {
        vec![("media", |p, who, payload| {
            async move { code::code_call(&p, &who.site, &payload).await }.boxed()
        })]
    }

    /// The site's files leave the storage with it (their rows went with the site).
    fn site_deleted(&self, site: SiteId) -> BoxFuture<'static, tessera_core::Result<()>> {
        let storage = self.config.storage.clone();
        async move { storage.delete_site(site).await }.boxed()
    }
}

/// Empties the trash of what has been there 30 days, every hour, on every node (a file
/// deleted twice is deleted once: the second finds no row).
pub fn spawn_trash_purger(p: Platform) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match files::purge_trash(&p, tessera_core::now_millis()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(files = n, "media trash purged"),
                Err(e) => tracing::warn!(error = e.description(), "purging the media trash"),
            }
        }
    })
}
