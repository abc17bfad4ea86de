//! What a site's store keeps in its own tables: where one transaction must see and change
//! several rows at once (stock levels with their holds, orders with their numbers), and
//! carts and checkouts, read and written whole in one statement each on every step of a
//! purchase. The catalog is in system collections of the data layer. The stores module
//! (`crates/modules/stores`) is the one user.

use async_trait::async_trait;
use serde_json::{Map, Value};

use crate::{Millis, Result, ids::SiteId};

/// One variant's stock. `available = quantity − reserved` when the quantity is tracked;
/// otherwise `in_stock` says whether it can be bought.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockLevel {
    pub product_id: String,
    pub variant_id: String,
    pub track_quantity: bool,
    pub quantity: i64,
    /// Held by orders that are not yet paid (only when tracked).
    pub reserved: i64,
    pub in_stock: bool,
    /// Can be bought past the stock (a preorder).
    pub preorder: bool,
}

impl StockLevel {
    /// How many can be bought now (`None`: no limit).
    pub fn available(&self) -> Option<i64> {
        match (self.track_quantity, self.preorder, self.in_stock) {
            (_, true, _) => None,
            (true, false, _) => Some((self.quantity - self.reserved).max(0)),
            (false, false, true) => None,
            (false, false, false) => Some(0),
        }
    }
}

/// An amount of one variant: held by an order, or added to or taken from the stock.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct StockLine {
    pub product_id: String,
    pub variant_id: String,
    pub quantity: i64,
}

/// What an order's change does to the stock, in the change's transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StockChange {
    None,
    /// The order's holds become sales: the quantities go down and the holds go (an order
    /// whose holds expired takes its lines from the stock all the same).
    Commit(Vec<StockLine>),
    /// The order's holds go back to what is available.
    Release,
    /// These lines go back on the shelf (a cancelled or refunded order that had taken them).
    Restock(Vec<StockLine>),
}

/// A count an order uses up, such as a coupon's uses: raised by one when the order is placed,
/// never past `limit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Use {
    pub name: String,
    pub limit: Option<i64>,
}

/// An order as stored: the columns orders are searched by, and the whole order as JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderRecord {
    pub site_id: SiteId,
    pub id: String,
    /// The site's order number, from its own sequence (set by `place_order`).
    pub number: i64,
    /// The checkout it came from: one order per checkout.
    pub checkout_id: Option<String>,
    pub status: String,
    pub payment_status: String,
    pub fulfillment_status: String,
    pub archived: bool,
    pub buyer_email: String,
    pub buyer_name: String,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// Raised by every update; an update names the revision it read.
    pub revision: i64,
    pub doc: Value,
}

/// What a basket is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasketKind {
    Cart,
    Checkout,
}

impl BasketKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cart => "cart",
            Self::Checkout => "checkout",
        }
    }
}

/// A cart or a checkout: its document, and the visitor or member a cart is found by.
#[derive(Clone, Debug, PartialEq)]
pub struct Basket {
    pub site_id: SiteId,
    pub kind: BasketKind,
    pub id: String,
    pub visitor_id: Option<String>,
    pub member_id: Option<String>,
    /// A checkout's buyer email, once given.
    pub email: Option<String>,
    pub completed: bool,
    /// When an unfinished checkout was found abandoned (set by `mark_abandoned` only).
    pub abandoned_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub doc: Map<String, Value>,
}

/// Whose basket to find: a visitor's (not yet a member's), or a member's.
#[derive(Clone, Copy, Debug)]
pub enum BasketOwner<'a> {
    Visitor(&'a str),
    Member(&'a str),
}

/// Which orders a search returns: every condition given must hold.
#[derive(Clone, Debug, Default)]
pub struct OrderFilter {
    pub status: Vec<String>,
    pub payment_status: Vec<String>,
    pub fulfillment_status: Vec<String>,
    pub archived: Option<bool>,
    /// The number, or part of the buyer's email or name, ignoring case.
    pub search: Option<String>,
    pub created_from: Option<Millis>,
    pub created_to: Option<Millis>,
}

#[async_trait]
pub trait CommerceStore: Send + Sync {
    /// Sets these variants' tracking, quantity, in-stock and preorder flags (adding those
    /// the store does not have); what orders hold stays held.
    async fn put_stock(&self, site: SiteId, levels: &[StockLevel]) -> Result<()>;
    /// The stock of these products' variants.
    async fn stock(&self, site: SiteId, product_ids: &[String]) -> Result<Vec<StockLevel>>;
    /// Forgets a product's variants other than `keep` (all of them when it is empty).
    async fn remove_stock(&self, site: SiteId, product_id: &str, keep: &[String]) -> Result<()>;
    /// Adds each line's quantity (negative: takes it) to tracked variants. With `restrict`,
    /// Conflict (field `inventory`, naming the variant) when a line would take more than is
    /// available, and nothing changes.
    async fn adjust_stock(&self, site: SiteId, lines: &[StockLine], restrict: bool) -> Result<()>;
    /// Stores a new order with the next number of the site's sequence, holding `holds` until
    /// `hold_until` and raising each of `uses` (Conflict, field `inventory`, naming the first
    /// variant short of stock, or field `uses`, naming the count at its limit; nothing is
    /// stored). An order of the same checkout already stored is answered instead, holding and
    /// using nothing more.
    async fn place_order(
        &self,
        order: &OrderRecord,
        holds: &[StockLine],
        hold_until: Millis,
        uses: &[Use],
    ) -> Result<OrderRecord>;
    /// The site's counts by name (0 for those never raised).
    async fn uses(&self, site: SiteId, names: &[String]) -> Result<Vec<i64>>;
    /// Gives back one of each count (a canceled order's coupon use), never below zero.
    async fn give_back(&self, site: SiteId, names: &[String]) -> Result<()>;
    async fn order(&self, site: SiteId, id: &str) -> Result<Option<OrderRecord>>;
    /// Orders by `filter`, newest first (or oldest), from `offset`, and how many match.
    async fn orders(
        &self,
        site: SiteId,
        filter: &OrderFilter,
        newest_first: bool,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<OrderRecord>, u64)>;
    /// Replaces the order's columns and document and applies `stock`, when the stored
    /// revision is still `order.revision`; returns it as stored (revision raised), and
    /// whether what is available of some item changed (a sale whose holds covered it changes
    /// nothing available). Conflict (field `revision`) when another change came first;
    /// NotFound when there is no order.
    async fn update_order(
        &self,
        order: &OrderRecord,
        stock: &StockChange,
    ) -> Result<(OrderRecord, bool)>;
    /// Orders (of any site) whose holds expired before `now`, at most `limit`.
    async fn expired_holds(&self, now: Millis, limit: u32) -> Result<Vec<(SiteId, String)>>;
    async fn basket(&self, site: SiteId, kind: BasketKind, id: &str) -> Result<Option<Basket>>;
    /// The owner's newest basket of `kind`.
    async fn basket_of(
        &self,
        site: SiteId,
        kind: BasketKind,
        owner: BasketOwner<'_>,
    ) -> Result<Option<Basket>>;
    /// Stores a new basket; false when its id is taken.
    async fn insert_basket(&self, basket: &Basket) -> Result<bool>;
    /// Replaces a basket if it is still as it was at `read_at` (its `updated_at` then):
    /// Conflict (field `updatedAt`) when another change came first, NotFound when it is gone.
    async fn update_basket(&self, basket: &Basket, read_at: Millis) -> Result<()>;
    /// Removes a basket; false when there was none.
    async fn remove_basket(&self, site: SiteId, kind: BasketKind, id: &str) -> Result<bool>;
    /// Checkouts (of any site) with a buyer email, neither completed nor abandoned, last
    /// changed before `before`: at most `limit`, oldest first.
    async fn stale_checkouts(&self, before: Millis, limit: u32) -> Result<Vec<(SiteId, String)>>;
    /// Marks one of them abandoned at `at`, if it still is stale; false when another node
    /// did, or it changed.
    async fn mark_abandoned(
        &self,
        site: SiteId,
        id: &str,
        before: Millis,
        at: Millis,
    ) -> Result<bool>;
    /// The site's abandoned checkouts, last abandoned first, from `offset`; and how many.
    async fn abandoned_checkouts(
        &self,
        site: SiteId,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Basket>, u64)>;
}
