//! Modules' documents kept as system collections of the data layer (`Stores/Products`,
//! `Bookings/Services`, …): a module's catalog is then queryable with Wix's filters and
//! readable through wix-data, as on Wix; writes go through the module only.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use serde_json::{Map, Value};
use tessera_core::{
    Error,
    data::{AccessLevel, Collection, Field, FieldType, Filter, Index, Item, Query},
    ids::SiteId,
    now_millis,
    sites::Site,
};

use crate::{Platform, WixResult, contacts};

/// Modules' collections known to exist, by site: their schemas are fixed, so once made they
/// are read from here rather than from the database on every call.
#[derive(Default)]
pub struct Known(Mutex<HashMap<(SiteId, &'static str), Collection>>);

impl Known {
    /// Enough for every kind of every module of 10,000 sites; past it, the map starts again.
    const MAX: usize = 200_000;

    fn get(&self, site: SiteId, id: &'static str) -> Option<Collection> {
        self.0
            .lock()
            .expect("known collections")
            .get(&(site, id))
            .cloned()
    }

    fn keep(&self, c: &Collection, id: &'static str) {
        let mut map = self.0.lock().expect("known collections");
        if map.len() >= Self::MAX {
            map.clear();
        }
        map.insert((c.site_id, id), c.clone());
    }
}

/// Something of each site's as read in the last second (the settings, the live discount
/// rules): every priced cart reads them, and a change on another node shows within a second
/// (this node's own at once, as it forgets what it changes).
pub struct Remembered<T>(Mutex<HashMap<SiteId, (Instant, T)>>);

impl<T> Default for Remembered<T> {
    fn default() -> Self {
        Self(Mutex::default())
    }
}

impl<T: Clone> Remembered<T> {
    const FOR: Duration = Duration::from_secs(1);

    pub fn get(&self, site: SiteId) -> Option<T> {
        match self.0.lock().expect("remembered").get(&site) {
            Some((at, v)) if at.elapsed() < Self::FOR => Some(v.clone()),
            _ => None,
        }
    }

    pub fn keep(&self, site: SiteId, v: T) {
        let mut map = self.0.lock().expect("remembered");
        // Entries past their second go when the map grows: it never holds much more than
        // the sites of the last second.
        if map.len() >= 10_000 {
            map.retain(|_, (at, _)| at.elapsed() < Self::FOR);
        }
        map.insert(site, (Instant::now(), v));
    }

    pub fn forget(&self, site: SiteId) {
        self.0.lock().expect("remembered").remove(&site);
    }
}

/// One kind of document.
pub struct Kind {
    pub id: &'static str,
    pub name: &'static str,
    /// Fields the data layer knows (for queries and wix-data); others are kept as they are.
    pub fields: &'static [(&'static str, FieldType)],
    pub indexes: &'static [(&'static str, &'static [&'static str], bool)],
    /// Readable by anyone through wix-data (a catalog), or by collaborators only.
    pub public: bool,
}

impl Kind {
    pub async fn collection(&self, p: &Platform, site: &Site) -> WixResult<Collection> {
        let known = p.known_collections();
        if let Some(c) = known.get(site.id, self.id) {
            return Ok(c);
        }
        let fields = self.fields.iter().map(|(k, t)| Field::new(k, *t)).collect();
        let mut c = contacts::system_collection(site, self.id, self.name, fields);
        if self.public {
            c.permissions.read = AccessLevel::Anyone;
        }
        c.indexes = self
            .indexes
            .iter()
            .map(|(name, fields, unique)| Index {
                name: (*name).into(),
                fields: fields.iter().map(|f| (*f).into()).collect(),
                unique: *unique,
            })
            .collect();
        let (wanted, read) = (c.indexes.clone(), c.permissions.read);
        let mut c = contacts::ensure(p, c).await?;
        // A store made before the kind gained an index, or was made readable by anyone,
        // is brought up to date.
        if c.indexes != wanted || c.permissions.read != read {
            c = Self::updated(p, c, wanted, read).await?;
        }
        known.keep(&c, self.id);
        Ok(c)
    }

    /// The collection with the kind's indexes (their entries built now) and read access.
    async fn updated(
        p: &Platform,
        old: Collection,
        indexes: Vec<Index>,
        read: AccessLevel,
    ) -> WixResult<Collection> {
        let mut permissions = old.permissions.clone();
        permissions.read = read;
        let next = Collection {
            indexes,
            permissions,
            revision: old.revision + 1,
            updated_at: now_millis(),
            ..old.clone()
        };
        match p.store().update_collection(&old, &next).await {
            Ok(()) => Ok(next),
            // Another node did it first.
            Err(Error::Conflict { .. }) => Ok(p
                .store()
                .collection(old.site_id, &old.id)
                .await?
                .unwrap_or(next)),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn get(&self, p: &Platform, site: &Site, id: &str) -> WixResult<Option<Item>> {
        let c = self.collection(p, site).await?;
        Ok(p.store().item(&c, id).await?)
    }

    pub async fn query(&self, p: &Platform, site: &Site, q: &Query) -> WixResult<Vec<Item>> {
        let c = self.collection(p, site).await?;
        Ok(p.store().query_items(&c, q).await?)
    }

    /// Like `query`, but a site that has none of them yet gets none, and no collection: what
    /// a module reads on every event of every site (a webhook's subscriptions).
    pub async fn query_existing(
        &self,
        p: &Platform,
        site: &Site,
        q: &Query,
    ) -> WixResult<Vec<Item>> {
        let known = p.known_collections().get(site.id, self.id);
        let c = match known {
            Some(c) => c,
            None => match p.store().collection(site.id, self.id).await? {
                Some(_) => self.collection(p, site).await?,
                None => return Ok(Vec::new()),
            },
        };
        Ok(p.store().query_items(&c, q).await?)
    }

    pub async fn count(&self, p: &Platform, site: &Site, f: &Filter) -> WixResult<u64> {
        let c = self.collection(p, site).await?;
        Ok(p.store().count_items(&c, f).await?)
    }

    /// Stores a new document; Conflict (field `_id` or a unique index's) when taken.
    pub async fn insert(
        &self,
        p: &Platform,
        site: &Site,
        id: &str,
        data: Map<String, Value>,
    ) -> WixResult<Item> {
        let c = self.collection(p, site).await?;
        let now = now_millis();
        let item = Item {
            id: id.into(),
            owner: None,
            created_at: now,
            updated_at: now,
            data,
        };
        let added = p
            .store()
            .insert_items(&c, std::slice::from_ref(&item))
            .await?;
        if added.is_empty() {
            return Err(
                Error::conflict("_id", format!("{} {id} exists already", self.name)).into(),
            );
        }
        Ok(item)
    }

    /// Replaces a document's data if it is still as `item.updated_at` says it was read;
    /// Conflict when another change came first, None when it is gone.
    pub async fn save(&self, p: &Platform, site: &Site, item: &Item) -> WixResult<Option<Item>> {
        let c = self.collection(p, site).await?;
        let read_at = Filter::Cmp {
            field: "_updatedDate".into(),
            op: tessera_core::data::Op::Eq,
            operand: tessera_core::data::query::Operand::One(
                tessera_core::data::query::Literal::Date(crate::time(item.updated_at)),
            ),
        };
        let mut next = item.clone();
        // Strictly later, so that the next save's condition tells the two apart.
        next.updated_at = now_millis().max(item.updated_at + 1);
        Ok(p.store().update_item(&c, &next, &read_at).await?)
    }

    pub async fn remove(&self, p: &Platform, site: &Site, id: &str) -> WixResult<Option<Item>> {
        let c = self.collection(p, site).await?;
        Ok(p.store().remove_item(&c, id, &Filter::All).await?)
    }
}

/// A field of a document's data, JSON null when absent (indexing a `Map` would panic).
pub trait At {
    fn at(&self, key: &str) -> &Value;
}

impl At for Map<String, Value> {
    fn at(&self, key: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

impl At for Value {
    fn at(&self, key: &str) -> &Value {
        &self[key]
    }
}
