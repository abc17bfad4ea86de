//! The in-process event bus: every write to a collection publishes an event here. Data hooks,
//! realtime updates, webhooks and automations subscribe to it; publishers never wait for them.

use serde_json::{Map, Value};
use tokio::sync::broadcast;

use crate::ids::SiteId;

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Item(ItemEvent),
    /// Every item of a collection was removed at once (no per-item events, as in Wix).
    CollectionTruncated {
        site_id: SiteId,
        collection_id: String,
    },
    /// A collection was created or deleted, or its schema or permissions changed.
    CollectionChanged {
        site_id: SiteId,
        collection_id: String,
    },
    /// A business event by its Velo handler name (`wixMembers_onMemberCreated`), with the
    /// payload the handler is given.
    App {
        site_id: SiteId,
        handler: &'static str,
        payload: serde_json::Value,
    },
}

impl Event {
    /// The site and collection the event concerns, if it concerns one.
    pub fn collection(&self) -> Option<(SiteId, &str)> {
        Some(match self {
            Self::App { .. } => return None,
            Self::Item(e) => (e.site_id, &e.collection_id),
            Self::CollectionTruncated {
                site_id,
                collection_id,
            }
            | Self::CollectionChanged {
                site_id,
                collection_id,
            } => (*site_id, collection_id),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemChange {
    Inserted,
    Updated,
    Removed,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ItemEvent {
    pub site_id: SiteId,
    pub collection_id: String,
    pub item_id: String,
    pub change: ItemChange,
    /// The item as Wix shows it before the change (updates and removals).
    pub before: Option<Map<String, Value>>,
    /// The item after the change (inserts and updates).
    pub after: Option<Map<String, Value>>,
}

/// Fan-out to any number of subscribers. A subscriber that falls more than `capacity` events
/// behind misses the oldest ones (and is told so by the channel), rather than slowing writes.
#[derive(Clone)]
pub struct EventBus {
    sender: broadcast::Sender<Event>,
}

impl EventBus {
    pub fn new(capacity: usize) -> Self {
        Self {
            sender: broadcast::channel(capacity).0,
        }
    }

    pub fn publish(&self, event: Event) {
        // No subscriber is not an error: nothing listens yet.
        let _ = self.sender.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }

    /// Whether anyone listens, so publishers can skip building events nobody reads.
    pub fn has_subscribers(&self) -> bool {
        self.sender.receiver_count() > 0
    }
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new(4096)
    }
}
