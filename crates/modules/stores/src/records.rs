//! The store's documents kept as system collections of the data layer (`Stores/Products`,
//! `Stores/Collections`, `Stores/Coupons`, `Stores/DiscountRules`, `Stores/Settings`): the
//! catalog is then queryable with Wix's filters and readable through wix-data, as on Wix;
//! writes go through this module only. Carts and checkouts, written on every step of a
//! purchase, are `CommerceStore`'s baskets instead (`Baskets`).

use serde_json::{Map, Value};
use tessera_core::{
    Error,
    commerce::{Basket, BasketKind, BasketOwner},
    data::Item,
    now_millis,
    sites::Site,
};
pub use tessera_platform::records::{At, Kind, Remembered};
use tessera_platform::{Platform, WixResult};

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
