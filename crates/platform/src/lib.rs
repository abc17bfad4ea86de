//! The use cases every front end calls: site data with its access rules, hooks and events;
//! members and their sessions; contacts; the mail outbox; scheduled jobs; site code (the
//! code cache, the code log, and [`host::SiteHost`], the gateway site JavaScript calls into).
//!
//! REST, site code, forms, page datasets and jobs all go through here, so each rule lives in
//! one place. No HTTP types: `crates/http` maps requests to these calls and their errors to
//! answers. Depends on core, jsrt and render; never on a storage backend or on http.

pub mod backend_events;
pub mod captcha;
pub mod code;
pub mod contacts;
pub mod data;
mod error;
pub mod fetch;
pub mod host;
pub mod jobs;
pub mod listing;
pub mod mail;
pub mod members;
pub mod module;
pub mod notifications;
pub mod pages;
pub mod passwords;
pub mod realtime;
pub mod records;
pub mod secrets;
pub mod sites;
mod sockets;
pub mod throttle;

use std::sync::Arc;

use tessera_core::{Store, events::EventBus, sites::Site};

pub use error::{WixCode, WixError, WixResult};

/// Settings of the platform.
#[derive(Clone, Debug)]
pub struct PlatformConfig {
    /// Host name of the dashboard; sites are served on `<slug>.<dashboard_host>`.
    pub dashboard_host: String,
    /// Base URL people use to reach the dashboard, for links (invitations).
    pub public_url: String,
    /// Where sites' email goes.
    pub mail: mail::MailConfig,
    /// Private or loopback hosts (`host` or `host:port`) that sites' code may fetch from.
    pub fetch_allow: Vec<String>,
    /// Seals sites' secrets at rest; every node of one database needs the same key.
    pub secret_key: tessera_core::vault::SecretKey,
    /// Where `wix-captcha-backend` verifies reCAPTCHA tokens.
    pub captcha: captcha::CaptchaConfig,
    /// Memory that sites' calls running at once may reserve, over all sites (bytes).
    pub js_memory_budget: usize,
}

impl Default for PlatformConfig {
    fn default() -> Self {
        Self {
            dashboard_host: "localhost".into(),
            public_url: "http://localhost:8080".into(),
            mail: mail::MailConfig::default(),
            fetch_allow: Vec::new(),
            secret_key: tessera_core::vault::SecretKey::generate(),
            captcha: captcha::CaptchaConfig::default(),
            js_memory_budget: tessera_jsrt::Limits::default().memory_budget,
        }
    }
}

/// The platform's services, shared by every request and task (cheap to clone).
#[derive(Clone)]
pub struct Platform(Arc<Inner>);

struct Inner {
    store: Arc<dyn Store>,
    config: PlatformConfig,
    mailer: mail::Mailer,
    events: EventBus,
    engine: tessera_jsrt::Engine,
    code_cache: code::CodeCache,
    published: sites::PublishedSites,
    realtime: realtime::Realtime,
    modules: Vec<Arc<dyn module::Module>>,
    known_collections: records::Known,
    data_jobs: std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>,
    /// Wakes the event deliverer when this node queues an event.
    queued_event: tokio::sync::Notify,
    page_server: std::sync::OnceLock<Arc<dyn sites::PageServer>>,
}

impl Platform {
    /// The platform with its business modules. Fails when the mail settings are not usable.
    pub fn new(
        store: Arc<dyn Store>,
        config: PlatformConfig,
        modules: Vec<Arc<dyn module::Module>>,
    ) -> tessera_core::Result<Self> {
        let mailer = mail::Mailer::new(&config.mail)?;
        let engine = tessera_jsrt::Engine::new(tessera_jsrt::Limits {
            memory_budget: config.js_memory_budget,
            ..tessera_jsrt::Limits::default()
        });
        Ok(Self(Arc::new(Inner {
            store,
            config,
            mailer,
            events: EventBus::default(),
            engine,
            code_cache: code::CodeCache::default(),
            published: sites::PublishedSites::default(),
            realtime: realtime::Realtime::default(),
            modules,
            known_collections: records::Known::default(),
            data_jobs: std::sync::Mutex::new(Vec::new()),
            queued_event: tokio::sync::Notify::new(),
            page_server: std::sync::OnceLock::new(),
        })))
    }

    pub fn store(&self) -> &dyn Store {
        self.0.store.as_ref()
    }

    pub fn config(&self) -> &PlatformConfig {
        &self.0.config
    }

    pub fn mailer(&self) -> &mail::Mailer {
        &self.0.mailer
    }

    /// Sends the email that is due now (tests step delivery with it).
    pub async fn deliver_mail(&self) -> tessera_core::Result<usize> {
        mail::deliver_due(self).await
    }

    /// Where writes are announced (data hooks, realtime, automations subscribe here).
    pub fn events(&self) -> &EventBus {
        &self.0.events
    }

    /// Notified when this node queues an event for site code (`backend_events::queue`).
    pub fn queued_event(&self) -> &tokio::sync::Notify {
        &self.0.queued_event
    }

    /// Runs sites' backend code.
    pub fn engine(&self) -> &tessera_jsrt::Engine {
        &self.0.engine
    }

    pub fn code_cache(&self) -> &code::CodeCache {
        &self.0.code_cache
    }

    /// The published version of each site, compiled.
    pub fn published(&self) -> &sites::PublishedSites {
        &self.0.published
    }

    pub fn realtime(&self) -> &realtime::Realtime {
        &self.0.realtime
    }

    /// The business modules, in the order they were given.
    pub fn modules(&self) -> &[Arc<dyn module::Module>] {
        &self.0.modules
    }

    /// The installed module of type `M`, if any: how a module's routes reach its own state.
    pub fn module<M: module::Module>(&self) -> Option<&M> {
        self.0
            .modules
            .iter()
            .find_map(|m| (m.as_ref() as &dyn std::any::Any).downcast_ref::<M>())
    }

    /// Installs what serves the published pages in process (once; later calls are ignored).
    pub fn set_page_server(&self, server: Arc<dyn sites::PageServer>) {
        let _ = self.0.page_server.set(server);
    }

    /// What serves the published pages in process; None when no front end installed one.
    pub fn page_server(&self) -> Option<&dyn sites::PageServer> {
        self.0.page_server.get().map(Arc::as_ref)
    }

    /// Modules' system collections known to exist (`records::Kind`).
    pub fn known_collections(&self) -> &records::Known {
        &self.0.known_collections
    }

    /// Keeps a running async data job's handle, so `settle_data_jobs` can wait for it.
    pub fn track_data_job(&self, job: tokio::task::JoinHandle<()>) {
        let mut jobs = self.0.data_jobs.lock().expect("jobs lock");
        jobs.retain(|j| !j.is_finished());
        jobs.push(job);
    }

    /// Waits until the async data jobs started so far have ended (tests step them this way).
    pub async fn settle_data_jobs(&self) {
        let jobs = std::mem::take(&mut *self.0.data_jobs.lock().expect("jobs lock"));
        for job in jobs {
            let _ = job.await;
        }
    }

    /// Where a site is served: `http://<slug>.<dashboard host>:<port>`.
    pub fn site_url(&self, site: &Site) -> String {
        let cfg = self.config();
        let (scheme, port) = split_public_url(&cfg.public_url);
        format!("{scheme}://{}.{}{port}", site.slug, cfg.dashboard_host)
    }
}

/// `("http", ":8080")` from `http://localhost:8080/`.
pub fn split_public_url(url: &str) -> (&str, &str) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let authority = rest.split('/').next().unwrap_or("");
    let port = authority.rfind(':').map_or("", |i| &authority[i..]);
    (scheme, port)
}

/// A time as the APIs write it: RFC 3339 in UTC with milliseconds.
pub fn time(ms: tessera_core::Millis) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A time sent as `field` (ISO 8601), in milliseconds; None when not sent.
pub fn iso_millis(v: &serde_json::Value, field: &str) -> WixResult<Option<tessera_core::Millis>> {
    match v {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
            .map(|d| Some(d.timestamp_millis()))
            .map_err(|_| WixError::bad_request(format!("{field}: an ISO 8601 date"))),
        _ => Err(WixError::bad_request(format!("{field}: an ISO 8601 date"))),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn public_url_parts() {
        assert_eq!(
            super::split_public_url("http://localhost:8080/"),
            ("http", ":8080")
        );
        assert_eq!(
            super::split_public_url("https://example.com"),
            ("https", "")
        );
    }
}
