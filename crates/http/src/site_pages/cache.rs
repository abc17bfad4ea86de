//! The rendered pages kept in memory, and how they are dropped: writes on this node's
//! event bus, publishes, and the other nodes' signals.

use super::*;

#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) struct PageKey {
    pub(super) site: SiteId,
    pub(super) version: i64,
    /// The host name, the path and the query parameters pages read (`page`, `submitted`),
    /// so other parameters cannot fill the cache with copies.
    pub(super) address: String,
}

/// A finished answer: a page, the sitemap, or a redirect.
pub(super) struct Rendered {
    pub(super) status: StatusCode,
    pub(super) content_type: &'static str,
    pub(super) body: Bytes,
    pub(super) etag: String,
    pub(super) location: Option<String>,
    /// Collections read to make it.
    pub(super) collections: Vec<String>,
    /// It holds forms, whose visitor's token goes in when it is sent.
    pub(super) has_forms: bool,
    /// When it read collections whose writes announce no event: served until then only.
    pub(super) fresh_until: Option<Instant>,
}

/// The store, the plans and bookings write their documents (`Stores/Products`,
/// `PricingPlans/Plans`, `Bookings/Services`, …) without events on the bus, so a page that
/// shows them (a product grid, a plans list, a service list) is
/// kept a second, as long as another node's publish takes to show.
pub(super) fn fresh_until(collections: &[String]) -> Option<Instant> {
    collections
        .iter()
        .any(|c| {
            c.starts_with("Stores/") || c.starts_with("PricingPlans/") || c.starts_with("Bookings/")
        })
        .then(|| Instant::now() + PUBLISHED_TTL)
}

#[derive(Default)]
pub(super) struct Pages {
    pub(super) map: HashMap<PageKey, Arc<Rendered>>,
    /// Keys in the order they came in. Past the budget the oldest pages go, a few at a
    /// time: emptying the whole cache at once held its lock for milliseconds.
    pub(super) order: VecDeque<PageKey>,
    pub(super) bytes: usize,
}

impl Pages {
    pub(super) fn retain(&mut self, keep: impl Fn(&PageKey, &Rendered) -> bool) {
        self.map.retain(|k, page| keep(k, page));
        self.order.retain(|k| self.map.contains_key(k));
        self.bytes = self.map.values().map(|p| p.body.len()).sum();
    }

    pub(super) fn insert(&mut self, key: PageKey, page: Arc<Rendered>) {
        self.bytes += page.body.len();
        match self.map.insert(key.clone(), page) {
            Some(old) => self.bytes -= old.body.len(),
            None => self.order.push_back(key),
        }
        while self.bytes > PAGES_BUDGET
            && let Some(oldest) = self.order.pop_front()
        {
            if let Some(page) = self.map.remove(&oldest) {
                self.bytes -= page.body.len();
            }
        }
    }
}

pub(crate) struct SitePages {
    pub(super) events: Mutex<broadcast::Receiver<Event>>,
    pub(super) pages: Mutex<Pages>,
    /// Collections' schemas (permissions), as pages read them.
    pub(super) schemas: Mutex<HashMap<(SiteId, String), (Schema, Instant)>>,
}

impl SitePages {
    pub fn new(events: &tessera_core::events::EventBus) -> Self {
        Self {
            events: Mutex::new(events.subscribe()),
            pages: Mutex::default(),
            schemas: Mutex::default(),
        }
    }

    /// Drops what is cached of a site (after a publish, rollback or draft save).
    pub fn forget_site(&self, site: SiteId) {
        self.schemas
            .lock()
            .expect("schemas lock")
            .retain(|(s, _), _| *s != site);
        self.pages
            .lock()
            .expect("pages lock")
            .retain(|k, _| k.site != site);
    }

    /// Drops the pages of `site` that read `collection`, and its schema.
    pub(super) fn forget_collections(&self, changed: &HashSet<(SiteId, String)>) {
        if changed.is_empty() {
            return;
        }
        self.schemas
            .lock()
            .expect("schemas lock")
            .retain(|key, _| !changed.contains(key));
        self.pages.lock().expect("pages lock").retain(|k, page| {
            !page
                .collections
                .iter()
                .any(|c| changed.contains(&(k.site, c.clone())))
        });
    }

    pub(super) fn forget_all(&self) {
        self.schemas.lock().expect("schemas lock").clear();
        let mut pages = self.pages.lock().expect("pages lock");
        *pages = Pages::default();
    }

    /// Applies the writes announced on this node since the last look.
    pub(super) fn drain_events(&self) {
        let mut changed = HashSet::new();
        let mut lagged = false;
        {
            let mut events = self.events.lock().expect("events lock");
            loop {
                match events.try_recv() {
                    Ok(event) => {
                        if let Some((site, collection)) = event.collection() {
                            changed.insert((site, collection.to_string()));
                        }
                    }
                    Err(broadcast::error::TryRecvError::Lagged(_)) => lagged = true,
                    Err(_) => break,
                }
            }
        }
        if lagged {
            self.forget_all();
        } else {
            self.forget_collections(&changed);
        }
    }

    pub(super) fn cached(&self, key: &PageKey) -> Option<Arc<Rendered>> {
        let page = self
            .pages
            .lock()
            .expect("pages lock")
            .map
            .get(key)
            .cloned()?;
        page.fresh_until
            .is_none_or(|t| Instant::now() < t)
            .then_some(page)
    }

    pub(super) fn keep(&self, key: PageKey, page: Arc<Rendered>) {
        self.pages.lock().expect("pages lock").insert(key, page);
    }

    /// A collection's schema, read at most every `PUBLISHED_TTL` (changes on this node and
    /// signalled ones apply at once).
    pub(super) async fn schema(
        &self,
        state: &AppState,
        site: SiteId,
        id: &str,
    ) -> Result<Schema, ApiError> {
        let key = (site, id.to_string());
        if let Some((schema, at)) = self.schemas.lock().expect("schemas lock").get(&key)
            && at.elapsed() < PUBLISHED_TTL
        {
            return Ok(schema.clone());
        }
        let schema = state.store().collection(site, id).await?.map(Arc::new);
        self.schemas
            .lock()
            .expect("schemas lock")
            .insert(key, (schema.clone(), Instant::now()));
        Ok(schema)
    }
}

/// After a publish, rollback or draft save: this node forgets the site's pages at once, the
/// other nodes when the signal reaches them.
pub(crate) async fn site_changed(state: &AppState, site: SiteId) {
    state.site_pages().forget_site(site);
    state.published().forget(site);
    if let Err(e) = state.store().send_signal(&format!("site {site}")).await {
        tracing::warn!(error = %e, "telling other nodes about a site change");
    }
}

/// Keeps the page caches of the nodes that share a PostgreSQL database in step: the writes on
/// this node's event bus are signalled to the others, and theirs are applied here. None on
/// SQLite, where this is the only node.
pub async fn spawn_signals(
    state: AppState,
) -> tessera_core::Result<Option<tokio::task::JoinHandle<()>>> {
    let Some(mut inbound) = state.store().listen_signals().await? else {
        return Ok(None);
    };
    let mut events = state.events().subscribe();
    let sender = state.clone();
    let outbound = tokio::spawn(async move {
        loop {
            let mut changed = HashSet::new();
            let mut next = events.recv().await;
            loop {
                match next {
                    Ok(event) => {
                        if let Some((site, collection)) = event.collection() {
                            changed.insert(format!("data {site} {collection}"));
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        changed.insert("all".to_string());
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                }
                // Writes that came in meanwhile go out together, each collection once.
                next = match events.try_recv() {
                    Ok(e) => Ok(e),
                    Err(broadcast::error::TryRecvError::Lagged(n)) => {
                        Err(broadcast::error::RecvError::Lagged(n))
                    }
                    Err(_) => break,
                };
            }
            for signal in changed {
                if let Err(e) = sender.store().send_signal(&signal).await {
                    tracing::warn!(error = %e, "telling other nodes about a write");
                }
            }
        }
    });
    Ok(Some(tokio::spawn(async move {
        while let Some(signal) = inbound.recv().await {
            if let Some(message) = signal.strip_prefix("realtime ") {
                state.realtime().deliver_signalled(message);
                continue;
            }
            let pages = state.site_pages();
            let mut parts = signal.splitn(3, ' ');
            match (
                parts.next(),
                parts.next().and_then(|s| s.parse().ok()),
                parts.next(),
            ) {
                (Some("site"), Some(site), None) => {
                    pages.forget_site(site);
                    state.published().forget(site);
                    // A publish of code comes this way too: its pages and functions change.
                    state.code_cache().forget_published(site);
                }
                (Some("data"), Some(site), Some(collection)) => {
                    pages.forget_collections(&HashSet::from([(site, collection.to_string())]))
                }
                // "all", or a lost connection: anything may have changed.
                _ => {
                    pages.forget_all();
                    state.published().forget_all();
                    state.code_cache().forget_all_published();
                }
            }
        }
        outbound.abort();
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: usize) -> Arc<Rendered> {
        Arc::new(Rendered {
            status: StatusCode::OK,
            content_type: "text/html",
            body: Bytes::from(vec![0; bytes]),
            etag: String::new(),
            location: None,
            collections: Vec::new(),
            has_forms: false,
            fresh_until: None,
        })
    }

    fn key(address: &str) -> PageKey {
        PageKey {
            site: SiteId(uuid::Uuid::nil()),
            version: 1,
            address: address.to_string(),
        }
    }

    #[test]
    fn past_the_budget_the_oldest_pages_go() {
        let mut pages = Pages::default();
        pages.insert(key("/a"), page(PAGES_BUDGET / 2));
        pages.insert(key("/b"), page(PAGES_BUDGET / 2));
        pages.insert(key("/b"), page(PAGES_BUDGET / 2));
        assert_eq!(pages.map.len(), 2);
        pages.insert(key("/c"), page(10));
        assert!(!pages.map.contains_key(&key("/a")));
        assert!(pages.map.contains_key(&key("/b")) && pages.map.contains_key(&key("/c")));
        assert_eq!(pages.bytes, PAGES_BUDGET / 2 + 10);
        pages.retain(|k, _| k.address != "/b");
        assert_eq!((pages.order.len(), pages.bytes), (1, 10));
    }
}
