//! Modules' durable work: rows of a queue (`webhook` deliveries, `automation` runs) written
//! when the work arises and done by whichever node claims each attempt (the claim names the
//! attempts it read, so one node has it at a time); a failed attempt is due again later.

use async_trait::async_trait;
use serde_json::Value;

use crate::{Millis, Result, ids::SiteId};

#[derive(Clone, Debug, PartialEq)]
pub struct WorkItem {
    pub site_id: SiteId,
    pub id: String,
    /// Which work: `webhook`, `automation`.
    pub queue: String,
    /// What it is for: the webhook subscription, the automation.
    pub owner: String,
    /// `pending`, `done`, `failed` (given up) or `canceled`.
    pub status: String,
    /// How far a work of several steps got (an automation's next action).
    pub step: i32,
    /// Attempts at the current step.
    pub attempts: i32,
    /// When the next attempt may start (while one runs: when it is taken as lost).
    pub due_at: Millis,
    /// The work and what came of it so far, as its queue keeps them.
    pub doc: Value,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[async_trait]
pub trait WorkStore: Send + Sync {
    /// Queues `w`; false (and nothing changes) when the site already has an item of its id,
    /// so work named after what it is for is queued once however often it is asked.
    async fn queue_work(&self, w: &WorkItem) -> Result<bool> {
        Ok(self.write_work(std::slice::from_ref(w), &[]).await?[0])
    }
    /// Claims up to `limit` pending items of `queue` due by `now`, the longest due first, in
    /// one statement: counts an attempt at each and makes it due again at `until`, when an
    /// attempt that never reported is taken as lost. Items another node is claiming at the
    /// same moment are skipped (each item goes to one claimer); the items as claimed.
    async fn claim_due_work(
        &self,
        queue: &str,
        now: Millis,
        until: Millis,
        limit: u32,
    ) -> Result<Vec<WorkItem>>;
    /// Takes an item for an attempt if it still has the `attempts` read: counts the attempt
    /// and makes it due again at `until`. False when another node took it.
    async fn claim_work(
        &self,
        site: SiteId,
        id: &str,
        attempts: i32,
        until: Millis,
    ) -> Result<bool>;
    /// Stores how it stands now.
    async fn update_work(&self, w: &WorkItem) -> Result<()> {
        self.write_work(&[], std::slice::from_ref(w))
            .await
            .map(drop)
    }
    /// Queues `new` (each as `queue_work`: true when queued) and stores `changed` (as
    /// `update_work`) in one transaction: one commit for many writes.
    async fn write_work(&self, new: &[WorkItem], changed: &[WorkItem]) -> Result<Vec<bool>>;
    async fn work_item(&self, site: SiteId, id: &str) -> Result<Option<WorkItem>>;
    /// The site's items of `queue`, newest first, of one owner and in one status if given;
    /// and how many there are.
    async fn work_items(
        &self,
        site: SiteId,
        queue: &str,
        owner: Option<&str>,
        status: Option<&str>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<WorkItem>, u64)>;
    /// Forgets items made before `before` that are no longer pending; how many.
    async fn prune_work(&self, before: Millis) -> Result<u64>;
}
