//! Pricing plans' orders: who holds which plan, in what state, and when the scheduler next
//! has something to do with it (a renewal, an end, a retried payment). The plans themselves
//! are documents of the data layer; orders change on every cycle and are claimed by one node
//! at a time, so they are rows with a revision.

use async_trait::async_trait;
use serde_json::Value;

use crate::{Millis, Result, ids::SiteId};

/// A plan order as stored: the columns it is found by, and the whole order as JSON (Wix's
/// Order shape).
#[derive(Clone, Debug, PartialEq)]
pub struct PlanOrder {
    pub site_id: SiteId,
    pub id: String,
    pub plan_id: String,
    pub member_id: String,
    /// DRAFT, PENDING, ACTIVE, PAUSED, ENDED or CANCELED.
    pub status: String,
    /// When the scheduler next acts on it; None when nothing is scheduled.
    pub due_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// Raised by every update; an update names the revision it read.
    pub revision: i64,
    pub doc: Value,
}

/// Which orders a listing returns: every condition given must hold.
#[derive(Clone, Debug, Default)]
pub struct PlanOrderFilter {
    pub plan_ids: Vec<String>,
    pub member_id: Option<String>,
    pub statuses: Vec<String>,
}

#[async_trait]
pub trait PlanStore: Send + Sync {
    /// Conflict (field `id`) when the id is taken.
    async fn insert_plan_order(&self, order: &PlanOrder) -> Result<()>;
    async fn plan_order(&self, site: SiteId, id: &str) -> Result<Option<PlanOrder>>;
    /// Orders by `filter`, newest first, from `offset`, and how many match.
    async fn plan_orders(
        &self,
        site: SiteId,
        filter: &PlanOrderFilter,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<PlanOrder>, u64)>;
    /// Replaces the order when the stored revision is still `order.revision`; returns it as
    /// stored (revision raised). Conflict (field `revision`) when another change came first;
    /// NotFound when there is none.
    async fn update_plan_order(&self, order: &PlanOrder) -> Result<PlanOrder>;
    /// Orders (of any site) due by `now`, the longest due first, at most `limit`.
    async fn due_plan_orders(&self, now: Millis, limit: u32) -> Result<Vec<(SiteId, String)>>;
}
