//! The storage contract. Each method is one atomic step; implementations live in
//! `tessera-store` (SQLite and PostgreSQL) and pass the same conformance suite.

use async_trait::async_trait;
use serde_json::{Map, Value};

use crate::{
    Millis, Result,
    accounts::{Account, AccountToken},
    data::{
        Collection, Filter, Item, Query, SiteUsage, SortOrder, StoredItem, aggregate::Aggregation,
        query::Page,
    },
    ids::{AccountId, ApiKeyId, InviteId, SiteId},
    sites::{Collaborator, Domain, Invite, Role, Site, SiteApiKey},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Connection pool figures for `/metrics`.
#[derive(Clone, Copy, Debug, Default)]
pub struct PoolStats {
    pub connections: u32,
    pub idle: u32,
    pub max: u32,
}

#[async_trait]
pub trait Store:
    AccountStore
    + ThrottleStore
    + SiteStore
    + DataStore
    + DataJobStore
    + CodeStore
    + JobRunStore
    + EventQueueStore
    + SecretStore
    + LogStore
    + DocumentStore
    + SignalStore
    + crate::MemberStore
    + crate::media::MediaStore
    + crate::commerce::CommerceStore
    + crate::plans::PlanStore
    + crate::search::SearchStore
    + crate::analytics::AnalyticsStore
    + crate::bookings::BookingStore
    + crate::work::WorkStore
    + crate::MailStore
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;
    fn pool_stats(&self) -> PoolStats;
    /// A round trip to the database, for readiness checks.
    async fn ping(&self) -> Result<()>;
    /// The value of server setting `name`, storing `value` first when it has none: the first
    /// node to claim it sets it, and every node reads the same.
    async fn claim_setting(&self, name: &str, value: &str) -> Result<String>;
}

/// Dashboard accounts and their session tokens.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Conflict on `email` when it is taken.
    async fn create_account(&self, account: &Account, password_hash: &str) -> Result<()>;
    async fn account(&self, id: AccountId) -> Result<Option<Account>>;
    /// The account with its password hash.
    async fn account_by_email(&self, email: &str) -> Result<Option<(Account, String)>>;
    async fn account_count(&self) -> Result<i64>;
    async fn create_token(&self, token: &AccountToken) -> Result<()>;
    /// A token that has not expired at `now`, with its account: one query, as it runs on
    /// every authenticated request.
    async fn token(&self, hash: &str, now: Millis) -> Result<Option<(AccountToken, Account)>>;
    async fn delete_token(&self, hash: &str) -> Result<()>;
}

/// Attempts (failed logins, reset emails) counted by subject on every node.
#[async_trait]
pub trait ThrottleStore: Send + Sync {
    /// Records an attempt of `subject` at `now`, and forgets every subject's attempts before
    /// `forget_before`.
    async fn add_attempt(&self, subject: &str, now: Millis, forget_before: Millis) -> Result<()>;
    /// How many attempts of `subject` there are at or after `since`, and the latest one's time.
    async fn attempts(&self, subject: &str, since: Millis) -> Result<(i64, Option<Millis>)>;
    async fn clear_attempts(&self, subject: &str) -> Result<()>;
}

/// Sites and who may work on them: collaborators, invitations, API keys, domains.
#[async_trait]
pub trait SiteStore: Send + Sync {
    /// Creates the site with `owner` as its first owner. Conflict on `slug` when taken.
    async fn create_site(&self, site: &Site, owner: AccountId) -> Result<()>;
    async fn site(&self, id: SiteId) -> Result<Option<Site>>;
    async fn site_by_slug(&self, slug: &str) -> Result<Option<Site>>;
    async fn site_by_domain(&self, domain: &str) -> Result<Option<Site>>;
    /// Sites the account collaborates on, with its role, oldest first.
    async fn sites_of(&self, account: AccountId) -> Result<Vec<(Site, Role)>>;
    async fn rename_site(&self, id: SiteId, name: &str) -> Result<()>;
    /// Deletes the site and everything it owns.
    async fn delete_site(&self, id: SiteId) -> Result<()>;

    // Collaborators.
    async fn collaborators(&self, site: SiteId) -> Result<Vec<Collaborator>>;
    async fn role_of(&self, site: SiteId, account: AccountId) -> Result<Option<Role>>;
    /// Changes a role; Conflict when it would leave the site without an owner.
    async fn set_role(&self, site: SiteId, account: AccountId, role: Role) -> Result<()>;
    /// Conflict when it would leave the site without an owner.
    async fn remove_collaborator(&self, site: SiteId, account: AccountId) -> Result<()>;

    // Invitations.
    async fn create_invite(&self, invite: &Invite) -> Result<()>;
    async fn invite_by_token(&self, token_hash: &str) -> Result<Option<Invite>>;
    async fn invites(&self, site: SiteId) -> Result<Vec<Invite>>;
    async fn delete_invite(&self, site: SiteId, id: InviteId) -> Result<()>;
    /// Makes the account a collaborator with the invite's role (keeping a higher role it
    /// already has) and consumes the invite, atomically.
    async fn accept_invite(&self, invite: &Invite, account: AccountId, now: Millis) -> Result<()>;

    // Site API keys.
    async fn create_site_key(&self, key: &SiteApiKey) -> Result<()>;
    async fn site_key(&self, key_hash: &str) -> Result<Option<SiteApiKey>>;
    async fn site_keys(&self, site: SiteId) -> Result<Vec<SiteApiKey>>;
    async fn delete_site_key(&self, site: SiteId, id: ApiKeyId) -> Result<()>;

    // Custom domains. Conflict when a domain is already taken by any site.
    async fn add_domain(&self, domain: &Domain) -> Result<()>;
    async fn domains(&self, site: SiteId) -> Result<Vec<Domain>>;
    async fn remove_domain(&self, site: SiteId, domain: &str) -> Result<()>;
}

/// A pushed revision of a site's code, without its files.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeRevisionInfo {
    pub revision: i64,
    pub size_bytes: i64,
    pub file_count: i64,
    /// Who pushed it: an account id.
    pub created_by: String,
    pub created_at: Millis,
    pub published: bool,
}

/// One run of a scheduled job.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobRun {
    /// `<file>#<function>`.
    pub job: String,
    /// The minute it was scheduled for.
    pub tick: Millis,
    pub started_at: Millis,
    pub duration_ms: Option<i64>,
    /// `running`, `succeeded` or `failed`.
    pub outcome: String,
    pub error: Option<String>,
    /// The run's console lines, as a JSON array of `{level, message}`.
    pub logs: String,
}

/// An async data job (patch or remove by filter).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataJob {
    pub job_id: String,
    pub collection_id: String,
    /// `PATCH` or `REMOVE`.
    pub kind: String,
    /// `IN_PROGRESS`, `SUCCEEDED` or `FAILED`.
    pub status: String,
    pub success_count: i64,
    pub error: Option<String>,
    pub created_at: Millis,
    pub finished_at: Option<Millis>,
}

/// Progress records of async data jobs.
#[async_trait]
pub trait DataJobStore: Send + Sync {
    async fn create_data_job(&self, site: SiteId, job: &DataJob) -> Result<()>;
    /// Updates status, count, error and finish time.
    async fn update_data_job(&self, site: SiteId, job: &DataJob) -> Result<()>;
    async fn data_job(&self, site: SiteId, job_id: &str) -> Result<Option<DataJob>>;
}

/// Messages between server nodes that share one database, for their caches: PostgreSQL's
/// LISTEN/NOTIFY. An embedded SQLite database has one node, so there is nobody to tell.
#[async_trait]
pub trait SignalStore: Send + Sync {
    /// Sends `payload` to every node listening (this one included).
    async fn send_signal(&self, payload: &str) -> Result<()>;
    /// The signals sent from now on, in order; an empty one means some may have been lost
    /// (the connection dropped), so caches should forget everything. None on a backend with
    /// a single node.
    async fn listen_signals(&self) -> Result<Option<tokio::sync::mpsc::Receiver<String>>>;
}

/// The draft of a site's document, as the editor last saved it.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub revision: i64,
    pub document: String,
    /// An account id.
    pub updated_by: String,
    pub updated_at: Millis,
}

/// A published version of a site's document, without the document.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteVersion {
    pub version: i64,
    /// The draft revision it was made from.
    pub draft_revision: i64,
    /// The code revision published with it, if the site had code.
    pub code_revision: Option<i64>,
    pub created_by: String,
    pub created_at: Millis,
    /// Whether visitors see this version now.
    pub published: bool,
}

/// Site documents: the draft, immutable published versions, and which one visitors see.
#[async_trait]
pub trait DocumentStore: Send + Sync {
    async fn draft(&self, site: SiteId) -> Result<Option<Draft>>;
    /// Replaces the draft if its revision is still `expected` (0: there is no draft yet) and
    /// returns the new revision; Conflict when someone saved in between.
    async fn put_draft(&self, site: SiteId, document: &str, expected: i64, by: &str)
    -> Result<i64>;
    /// Stores a new version (numbered one past the last) and makes visitors see it.
    async fn publish_version(
        &self,
        site: SiteId,
        document: &str,
        draft_revision: i64,
        code_revision: Option<i64>,
        by: &str,
    ) -> Result<i64>;
    /// Versions, newest first.
    async fn versions(&self, site: SiteId) -> Result<Vec<SiteVersion>>;
    /// A version and its document.
    async fn version(&self, site: SiteId, version: i64) -> Result<Option<(SiteVersion, String)>>;
    /// Makes visitors see an earlier version. NotFound when it does not exist.
    async fn set_published_version(&self, site: SiteId, version: i64) -> Result<()>;
    /// The version visitors see and when it was published.
    async fn published_version(&self, site: SiteId) -> Result<Option<(i64, Millis)>>;
}

/// A site secret as listings show it: never its value.
#[derive(Clone, Debug, PartialEq)]
pub struct SecretInfo {
    /// Stays when the secret is renamed.
    pub id: String,
    pub name: String,
    pub description: String,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A line of a site's code log.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    /// Increasing; `after` in the logs API continues from it.
    pub id: i64,
    pub at: Millis,
    /// `log`, `info`, `warn`, `error`, `debug`.
    pub level: String,
    /// What ran: `http-function get_x`, `web-method backend/a.web.js/f`, `hook …`, `job …`.
    pub source: String,
    pub request_id: Option<String>,
    pub message: String,
}

/// Site code revisions (`tessera-jsrt` checks them; the store keeps them).
#[async_trait]
pub trait CodeStore: Send + Sync {
    /// Stores a new revision and returns its number (one more than the last). Conflict when
    /// another push took the number first.
    async fn add_code_revision(
        &self,
        site: SiteId,
        files: &std::collections::BTreeMap<String, String>,
        created_by: &str,
    ) -> Result<i64>;
    /// A revision's files; `None` for the latest. Ok(None) when there is none.
    async fn code_revision(
        &self,
        site: SiteId,
        revision: Option<i64>,
    ) -> Result<Option<(i64, std::collections::BTreeMap<String, String>)>>;
    /// The revision visitors run, if any.
    async fn published_code_revision(&self, site: SiteId) -> Result<Option<i64>>;
    /// The number of the latest pushed revision, if any.
    async fn latest_code_revision(&self, site: SiteId) -> Result<Option<i64>>;
    /// Makes `revision` the one visitors run. NotFound when it does not exist.
    async fn publish_code(&self, site: SiteId, revision: i64) -> Result<()>;
    /// Revisions, newest first.
    async fn code_revisions(&self, site: SiteId) -> Result<Vec<CodeRevisionInfo>>;
    /// Every site's published revision.
    async fn published_code_sites(&self) -> Result<Vec<(SiteId, i64)>>;
}

/// Runs of sites' scheduled jobs.
#[async_trait]
pub trait JobRunStore: Send + Sync {
    /// Records that this node runs `job` for `tick` (status `running`); false when another
    /// node has already claimed that tick.
    async fn claim_job_run(&self, site: SiteId, job: &str, tick: Millis) -> Result<bool>;
    /// Records how a claimed run ended.
    async fn finish_job_run(
        &self,
        site: SiteId,
        job: &str,
        tick: Millis,
        run: &JobRun,
    ) -> Result<()>;
    /// The latest runs, newest first.
    async fn job_runs(&self, site: SiteId, limit: u32) -> Result<Vec<JobRun>>;
}

/// A business event for the site's `backend/events.js` handler, queued until handled.
#[derive(Clone, Debug, PartialEq)]
pub struct QueuedEvent {
    pub site_id: SiteId,
    pub id: String,
    /// Velo's handler name, e.g. `wixEcom_onOrderPaymentStatusUpdated`.
    pub handler: String,
    /// The handler's argument, as JSON text.
    pub payload: String,
    pub attempts: i32,
    /// When the next attempt may start (while one runs: when it is given up as lost).
    pub due_at: Millis,
    /// When it was handled, or given up on (then with `error`).
    pub done_at: Option<Millis>,
    /// The last attempt's failure.
    pub error: Option<String>,
    pub created_at: Millis,
}

/// The queue of business events for site code: written when they happen, delivered at least
/// once, each attempt taken by one server node.
#[async_trait]
pub trait EventQueueStore: Send + Sync {
    async fn queue_event(&self, event: &QueuedEvent) -> Result<()>;
    /// Events of every site not done and due by `now`, the longest due first.
    async fn due_events(&self, now: Millis, limit: u32) -> Result<Vec<QueuedEvent>>;
    /// Takes an event for an attempt if it still has the `attempts` read (no node took it
    /// since): counts the attempt and makes it due again at `until`, when an attempt that
    /// never reported is taken as lost. False when another node took it.
    async fn claim_event(
        &self,
        site: SiteId,
        id: &str,
        attempts: i32,
        until: Millis,
    ) -> Result<bool>;
    /// Records how an attempt ended: done at `done_at`, or due again at `due_at`; with the
    /// attempt's `error`, if any.
    async fn settle_event(
        &self,
        site: SiteId,
        id: &str,
        done_at: Option<Millis>,
        due_at: Millis,
        error: Option<&str>,
    ) -> Result<()>;
    /// The site's latest events, newest first.
    async fn queued_events(&self, site: SiteId, limit: u32) -> Result<Vec<QueuedEvent>>;
    /// Forgets the events done before `before`; how many.
    async fn prune_events(&self, before: Millis) -> Result<u64>;
}

/// Secrets for site code, sealed by the caller (`vault::SecretKey`) under their name.
#[async_trait]
pub trait SecretStore: Send + Sync {
    /// Creates (with a new id) or replaces the value of the secret `name`; returns its
    /// creation and update times (equal when new).
    async fn put_secret(&self, site: SiteId, name: &str, sealed: &str) -> Result<(Millis, Millis)>;
    /// Creates a secret with `info`'s id, name and description (its times are ignored).
    /// Conflict on `name`.
    async fn create_secret(&self, site: SiteId, info: &SecretInfo, sealed: &str) -> Result<()>;
    /// Gives the secret `info.id`, still named `old_name`, `info`'s name and description and
    /// the value `sealed` (under the new name). NotFound when no such secret has that name;
    /// Conflict on `name`.
    async fn update_secret(
        &self,
        site: SiteId,
        old_name: &str,
        info: &SecretInfo,
        sealed: &str,
    ) -> Result<()>;
    /// The sealed value.
    async fn secret(&self, site: SiteId, name: &str) -> Result<Option<String>>;
    /// The site's secrets without their values, by name.
    async fn secrets(&self, site: SiteId) -> Result<Vec<SecretInfo>>;
    /// Deletes the secret `name` (only if its id is `id`, when given). NotFound when there is
    /// no such secret.
    async fn delete_secret(&self, site: SiteId, name: &str, id: Option<&str>) -> Result<()>;
}

/// The code log of each site.
#[async_trait]
pub trait LogStore: Send + Sync {
    /// Appends entries (their `id` is ignored) and drops the site's oldest entries beyond the
    /// newest `keep`, and beyond `keep_chars` characters of messages in all.
    async fn append_logs(
        &self,
        site: SiteId,
        entries: &[LogEntry],
        keep: u32,
        keep_chars: u64,
    ) -> Result<()>;
    /// Entries with an id above `after`, oldest first, at most `limit`.
    async fn logs(&self, site: SiteId, after: i64, limit: u32) -> Result<Vec<LogEntry>>;
    /// The newest entries (of `level`, if given), newest first, at most `limit`.
    async fn latest_logs(
        &self,
        site: SiteId,
        level: Option<&str>,
        limit: u32,
    ) -> Result<Vec<LogEntry>>;
}

/// The CMS part of the store: collections and their items.
#[async_trait]
pub trait DataStore: Send + Sync {
    // CMS collections. Creating or changing one writes or removes its index entries.
    /// Conflict when the id is taken on the site.
    async fn create_collection(&self, collection: &Collection) -> Result<()>;
    async fn collection(&self, site: SiteId, id: &str) -> Result<Option<Collection>>;
    async fn collections(&self, site: SiteId) -> Result<Vec<Collection>>;
    /// Replaces `old` by `new` (same site and id). Conflict when the stored revision is no
    /// longer `old.revision`, or when existing items break a new unique index. The entries of
    /// new indexes are written in batches, each its own transaction: until they are complete,
    /// readers see `old`, and other sites' writes never wait for more than a batch.
    async fn update_collection(&self, old: &Collection, new: &Collection) -> Result<()>;
    /// Completes the collection changes a stopped server left half done (their index entries
    /// part written); until then those collections read as before the change.
    async fn finish_collection_changes(&self) -> Result<()>;
    /// Deletes the collection with its items and indexes.
    async fn delete_collection(&self, site: SiteId, id: &str) -> Result<()>;
    /// Items and bytes of each of the site's collections, as kept by every write (no scan).
    async fn usage(&self, site: SiteId) -> Result<SiteUsage>;

    // Items.
    /// Inserts the items whose ids are free and returns those ids; the others are left as
    /// they were. Conflict when an item breaks a unique index.
    async fn insert_items(&self, collection: &Collection, items: &[Item]) -> Result<Vec<String>>;
    async fn item(&self, collection: &Collection, id: &str) -> Result<Option<Item>>;
    /// Replaces the item's data and `updated_at` when it exists and matches `condition`;
    /// returns it as stored. `None` when there is no such item; Conflict when it does not
    /// match the condition.
    async fn update_item(
        &self,
        collection: &Collection,
        item: &Item,
        condition: &Filter,
    ) -> Result<Option<Item>>;
    /// Removes and returns the item, under the same rules as `update_item`.
    async fn remove_item(
        &self,
        collection: &Collection,
        id: &str,
        condition: &Filter,
    ) -> Result<Option<Item>>;
    /// Removes every item; returns how many.
    async fn truncate_items(&self, collection: &Collection) -> Result<u64>;
    /// A page of items as stored, for callers that pass them on as JSON.
    async fn query_stored_items(
        &self,
        collection: &Collection,
        query: &Query,
    ) -> Result<Vec<StoredItem>>;
    async fn query_items(&self, collection: &Collection, query: &Query) -> Result<Vec<Item>> {
        self.query_stored_items(collection, query)
            .await?
            .into_iter()
            .map(StoredItem::parse)
            .collect()
    }
    /// Refreshes the query planner's statistics (after bulk loads, and periodically).
    async fn optimize(&self) -> Result<()>;
    /// The database's plan for `query_items`, for diagnostics and index tests.
    async fn explain_query(&self, collection: &Collection, query: &Query) -> Result<String>;
    async fn count_items(&self, collection: &Collection, filter: &Filter) -> Result<u64>;
    /// The distinct non-empty values of `field` among matching items, as JSON, in order.
    async fn distinct_values(
        &self,
        collection: &Collection,
        field: &str,
        filter: &Filter,
        order: SortOrder,
        page: Page,
    ) -> Result<Vec<Value>>;
    /// Adds multi-reference links that do not exist yet; returns how many were added.
    async fn insert_references(
        &self,
        collection: &Collection,
        field: &str,
        target: &str,
        links: &[(String, String)],
    ) -> Result<u64>;
    async fn remove_references(
        &self,
        collection: &Collection,
        field: &str,
        links: &[(String, String)],
    ) -> Result<u64>;
    /// Makes `referenced` (in order) the only links of `referring`'s field.
    async fn replace_references(
        &self,
        collection: &Collection,
        field: &str,
        target: &str,
        referring: &str,
        referenced: &[String],
    ) -> Result<()>;
    /// The items `referring` items link to through `field`, with the referring id, in link
    /// order (`Desc` reverses it).
    async fn referenced_items(
        &self,
        collection: &Collection,
        field: &str,
        target: &Collection,
        referring: &[String],
        order: SortOrder,
        page: Page,
    ) -> Result<Vec<(String, Item)>>;
    async fn is_referenced(
        &self,
        collection: &Collection,
        field: &str,
        referring: &str,
        referenced: &str,
    ) -> Result<bool>;
    /// Result rows: the group fields and the operations' result fields.
    async fn aggregate(
        &self,
        collection: &Collection,
        aggregation: &Aggregation,
    ) -> Result<Vec<Map<String, Value>>>;
}
