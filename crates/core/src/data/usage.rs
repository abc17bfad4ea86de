//! What a site's collections hold: items and bytes, kept by the store as items are written, for
//! quotas, the dashboard and limits.

use serde::Serialize;

/// One collection's share of a site's data.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionUsage {
    pub collection_id: String,
    pub items: u64,
    /// The size of the items' data as JSON text, as the database gives it back.
    pub bytes: u64,
}

/// A site's data: its totals and each collection's (every collection, empty ones too).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteUsage {
    pub items: u64,
    pub bytes: u64,
    pub collections: Vec<CollectionUsage>,
}

impl SiteUsage {
    /// Totals over `collections`.
    pub fn of(collections: Vec<CollectionUsage>) -> Self {
        Self {
            items: collections.iter().map(|c| c.items).sum(),
            bytes: collections.iter().map(|c| c.bytes).sum(),
            collections,
        }
    }
}
