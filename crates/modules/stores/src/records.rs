//! The store's documents kept as system collections of the data layer (`Stores/Products`,
//! `Stores/Collections`, `Stores/Coupons`, `Stores/DiscountRules`, `Stores/Settings`): the
//! catalog is then queryable with Wix's filters and readable through wix-data, as on Wix;
//! writes go through this module only. Carts and checkouts, written on every step of a
//! purchase, are `CommerceStore`'s baskets instead (`Baskets`).

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use serde_json::{Map, Value};
use tessera_core::{
    Error,
    commerce::{Basket, BasketKind, BasketOwner},
    data::{AccessLevel, Collection, Field, FieldType, Filter, Index, Item, Query},
    ids::SiteId,
    now_millis,
    sites::Site,
};
use tessera_platform::{Platform, WixResult, contacts};

/// The store's collections known to exist, by site: their schemas are fixed, so once made
/// they are read from here rather than from the database on every call.
#[derive(Default)]
pub struct Known(Mutex<HashMap<(SiteId, &'static str), Collection>>);

impl Known {
    /// Enough for every kind of 10,000 sites; past it, the map starts again.
    const MAX: usize = 60_000;

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
    /// Readable by anyone through wix-data (the catalog), or by collaborators only.
    pub public: bool,
}

impl Kind {
    pub async fn collection(&self, p: &Platform, site: &Site) -> WixResult<Collection> {
        let known = &crate::Stores::of(p).known;
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
        let wanted = c.indexes.clone();
        let mut c = contacts::ensure(p, c).await?;
        if c.indexes != wanted {
            c = Self::reindexed(p, c, wanted).await?;
        }
        known.keep(&c, self.id);
        Ok(c)
    }

    /// A store made before the kind gained an index gets it (its entries built now).
    async fn reindexed(
        p: &Platform,
        old: Collection,
        indexes: Vec<Index>,
    ) -> WixResult<Collection> {
        let next = Collection {
            indexes,
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
                tessera_core::data::query::Literal::Date(tessera_platform::time(item.updated_at)),
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

/// Carts or checkouts, kept as `CommerceStore`'s baskets (one statement per read or write),
/// read and written as documents like the collections' items.
pub struct Baskets(pub BasketKind);

impl Baskets {
    fn item(b: Basket) -> Item {
        let mut data = b.doc;
        // Whether a checkout was abandoned travels with it (to tell a recovery).
        match b.abandoned_at {
            Some(at) => data.insert("abandonedAt".into(), Value::from(at)),
            None => data.remove("abandonedAt"),
        };
        Item {
            id: b.id,
            owner: None,
            created_at: b.created_at,
            updated_at: b.updated_at,
            data,
        }
    }

    fn basket(&self, site: &Site, item: &Item) -> Basket {
        let owner = |key: &str| match self.0 {
            BasketKind::Cart => item.data.at(key).as_str().map(str::to_string),
            BasketKind::Checkout => None,
        };
        let checkout = |v: &Value| match self.0 {
            BasketKind::Checkout => Some(v.clone()),
            BasketKind::Cart => None,
        };
        Basket {
            site_id: site.id,
            kind: self.0,
            id: item.id.clone(),
            visitor_id: owner("visitorId"),
            member_id: owner("memberId"),
            email: checkout(&item.data.at("buyerInfo")["email"])
                .and_then(|e| e.as_str().map(str::to_string))
                .filter(|e| !e.is_empty()),
            completed: item.data.at("completed") == &Value::Bool(true),
            abandoned_at: None,
            created_at: item.created_at,
            updated_at: item.updated_at,
            doc: item.data.clone(),
        }
    }

    pub async fn get(&self, p: &Platform, site: &Site, id: &str) -> WixResult<Option<Item>> {
        Ok(p.store().basket(site.id, self.0, id).await?.map(Self::item))
    }

    /// The owner's newest one.
    pub async fn find(
        &self,
        p: &Platform,
        site: &Site,
        owner: BasketOwner<'_>,
    ) -> WixResult<Option<Item>> {
        Ok(p.store()
            .basket_of(site.id, self.0, owner)
            .await?
            .map(Self::item))
    }

    /// Stores a new one; Conflict (field `_id`) when the id is taken.
    pub async fn insert(
        &self,
        p: &Platform,
        site: &Site,
        id: &str,
        data: Map<String, Value>,
    ) -> WixResult<Item> {
        let now = now_millis();
        let item = Item {
            id: id.into(),
            owner: None,
            created_at: now,
            updated_at: now,
            data,
        };
        if !p.store().insert_basket(&self.basket(site, &item)).await? {
            return Err(
                Error::conflict("_id", format!("{} {id} exists already", self.0.as_str())).into(),
            );
        }
        Ok(item)
    }

    /// Replaces its data if it is still as `item.updated_at` says it was read; Conflict when
    /// another change came first, None when it is gone.
    pub async fn save(&self, p: &Platform, site: &Site, item: &Item) -> WixResult<Option<Item>> {
        let mut next = item.clone();
        // Strictly later, so that the next save's condition tells the two apart.
        next.updated_at = now_millis().max(item.updated_at + 1);
        match p
            .store()
            .update_basket(&self.basket(site, &next), item.updated_at)
            .await
        {
            Ok(()) => Ok(Some(next)),
            Err(Error::NotFound(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn remove(&self, p: &Platform, site: &Site, id: &str) -> WixResult<bool> {
        Ok(p.store().remove_basket(site.id, self.0, id).await?)
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
