//! Collection changes that write index entries, done in batches so that one site's new index
//! never holds the database (SQLite's one writer, or a long PostgreSQL transaction) for more
//! than a batch; and the per-collection usage rows every item write keeps.
//!
//! A change that adds indexes (`update_collection`) runs in three steps:
//! 1. Mark: under the collection's exclusive lock, the row keeps its definition and revision
//!    (readers see the collection as before the change) and records the change in `pending`:
//!    the new definition, the ids of the indexes to build, and of those to remove.
//! 2. Build: each new index's entries are written for `BATCH` items at a time, in item id
//!    order, one transaction each, under the shared lock; an item that has its entry already
//!    is skipped.
//! 3. Complete: under the exclusive lock the row takes the new definition and revision; then
//!    the entries of removed indexes are deleted in batches the same way. Existing items that
//!    break a new unique index leave the definition as it was and delete the new entries.
//!
//! Why the entries end up exact, neither missed nor doubled:
//! - Every item write reads the stored definition and `pending` in its own transaction, under
//!   the shared lock (`indexes_for_write`), and writes entries for the stored indexes and for
//!   those being built. The mark takes the lock exclusively, so it waits for the writes that
//!   read the row before it, and the writes after it read the mark: from the moment the mark
//!   commits, every item write keeps the new indexes' entries.
//! - A batch starts after the mark committed, so it sees every item written before the mark,
//!   and skips the items whose entry a write after the mark made (`ON CONFLICT` on the unique
//!   (item, index)). On PostgreSQL it first locks its items FOR SHARE: an update or delete of
//!   one of them either committed before (the batch then reads the item as it is now) or waits
//!   for the batch to commit (and then rewrites or deletes the entry). An item inserted while
//!   the batch runs is not seen by it and has its entry from its own write. SQLite runs one
//!   transaction at a time, so each write comes wholly before or after a batch.
//! - An index starts with no entries: removing one is finished before another change of the
//!   collection may start, so an index added again never meets stale entries.
//! - Queries plan from the collection as read, which has no index being built until the
//!   completion commits, and by then its entries are complete.
//! - Two servers (or a server resuming a stopped change) may build the same change at once:
//!   batches are idempotent, and completion and each batch check that `pending` is still the
//!   change they are working on.

use serde::{Deserialize, Serialize};
use tessera_core::{Error, Result, data::Collection};

use crate::cms::CollectionRow;

/// Items per transaction of an index build or removal.
pub const BATCH: usize = 5_000;

/// The columns of a collection row that a change replaces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    pub display_name: String,
    pub display_field: Option<String>,
    pub fields: String,
    pub permissions: String,
    pub indexes: String,
    pub revision: i64,
    pub updated_at: i64,
}

impl Definition {
    pub fn of(c: &Collection) -> Result<Self> {
        let (fields, permissions, indexes) = crate::cms::collection_json(c)?;
        Ok(Self {
            display_name: c.display_name.clone(),
            display_field: c.display_field.clone(),
            fields,
            permissions,
            indexes,
            revision: c.revision,
            updated_at: c.updated_at,
        })
    }

    /// The collection of `row` with this definition.
    pub fn applied_to(&self, row: &CollectionRow) -> Result<Collection> {
        CollectionRow {
            site_id: row.site_id.clone(),
            collection_id: row.collection_id.clone(),
            display_name: self.display_name.clone(),
            display_field: self.display_field.clone(),
            fields: self.fields.clone(),
            permissions: self.permissions.clone(),
            indexes: self.indexes.clone(),
            revision: self.revision,
            created_at: row.created_at,
            updated_at: self.updated_at,
            pending: None,
        }
        .into_domain()
    }
}

/// A change in progress, as `data_collections.pending` holds it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// The definition to take once the indexes of `build` have all their entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Definition>,
    /// Ids (`cms::index_name`) of the indexes of `after` whose entries are being written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub build: Vec<String>,
    /// Ids of indexes no longer in the definition whose entries are still to delete.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drop: Vec<String>,
}

impl Pending {
    pub fn parse(text: &str) -> Result<Self> {
        serde_json::from_str(text)
            .map_err(|e| Error::internal(format!("stored collection change does not parse: {e}")))
    }

    /// The JSON to store, or NULL when nothing is left to do.
    pub fn stored(&self) -> Result<Option<String>> {
        if *self == Self::default() {
            return Ok(None);
        }
        serde_json::to_string(self)
            .map(Some)
            .map_err(Error::internal)
    }
}

/// Inherent methods of a backend (`$d` its dialect) for collection changes and usage.
/// The usage stripe of the `n`th write: a function, so that a backend with one stripe is not a
/// constant `n % 1` in the macro's expansion.
pub fn stripe(n: u64, stripes: u64) -> u64 {
    n % stripes
}

macro_rules! collection_changes {
    ($d:ty) => {
        /// Takes the collection's change lock (PostgreSQL) until `tx` ends.
        async fn lock_collection(
            tx: &mut sqlx::Transaction<'static, <$d as $crate::sql::Dialect>::Db>,
            site: &str,
            collection: &str,
            shared: bool,
        ) -> tessera_core::Result<()> {
            let mut b = $crate::sql::Binds::default();
            if let Some(sql) =
                <$d as $crate::sql::Dialect>::lock_collection(&mut b, site, collection, shared)
            {
                let q = sqlx::query(sqlx::AssertSqlSafe(sql));
                $crate::cms::bind_all!(q, b.0)
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::db_err)?;
            }
            Ok(())
        }

        /// The collection's row, read in `tx`.
        async fn collection_row(
            tx: &mut sqlx::Transaction<'static, <$d as $crate::sql::Dialect>::Db>,
            site: &str,
            collection: &str,
        ) -> tessera_core::Result<Option<$crate::cms::CollectionRow>> {
            sqlx::query_as::<_, $crate::cms::CollectionRow>(
                "SELECT * FROM data_collections WHERE site_id = $1 AND collection_id = $2",
            )
            .bind(site)
            .bind(collection)
            .fetch_optional(&mut **tx)
            .await
            .map_err($crate::db_err)
        }

        /// Opens an item write on `c`: takes the collection's shared lock and returns the
        /// indexes the write must keep, those of the stored definition and those a pending
        /// change is building. `c` (the caller's) may be older than what is stored.
        async fn indexes_for_write(
            tx: &mut sqlx::Transaction<'static, <$d as $crate::sql::Dialect>::Db>,
            c: &tessera_core::data::Collection,
        ) -> tessera_core::Result<Vec<tessera_core::data::Index>> {
            let (site, id) = (c.site_id.to_string(), c.id.clone());
            let mut b = $crate::sql::Binds::default();
            let sql = <$d as $crate::sql::Dialect>::collection_for_write(&mut b, &site, &id);
            let q = sqlx::query_as::<_, (i64, Option<String>)>(sqlx::AssertSqlSafe(sql));
            let state = $crate::cms::bind_all!(q, b.0)
                .fetch_optional(&mut **tx)
                .await
                .map_err($crate::db_err)?;
            match state {
                // No such collection: the write finds nothing to change, or fails its insert.
                None => Ok(c.all_indexes()),
                Some((revision, None)) if revision == c.revision => Ok(c.all_indexes()),
                Some(_) => {
                    let Some(row) = Self::collection_row(tx, &site, &id).await? else {
                        return Ok(c.all_indexes());
                    };
                    let pending = row.pending.as_deref().map($crate::changes::Pending::parse).transpose()?;
                    let building = match pending.as_ref().and_then(|p| p.after.as_ref().map(|a| (p, a))) {
                        Some((p, after)) => {
                            let after = after.applied_to(&row)?;
                            after
                                .all_indexes()
                                .into_iter()
                                .filter(|i| p.build.contains(&$crate::cms::index_name(&after, i)))
                                .map(|i| ($crate::cms::index_name(&after, &i), i))
                                .collect()
                        }
                        None => Vec::new(),
                    };
                    let stored = row.into_domain()?;
                    let mut all = stored.all_indexes();
                    for (name, index) in building {
                        if !all.iter().any(|i| $crate::cms::index_name(&stored, i) == name) {
                            all.push(index);
                        }
                    }
                    Ok(all)
                }
            }
        }

        /// Adds `items` and `bytes` (either may be negative) to the collection's usage, in one
        /// of its stripes; the last statement of an item write, so the row is held only
        /// until the commit.
        async fn add_usage(
            tx: &mut sqlx::Transaction<'static, <$d as $crate::sql::Dialect>::Db>,
            c: &tessera_core::data::Collection,
            items: i64,
            bytes: i64,
        ) -> tessera_core::Result<()> {
            use std::sync::atomic::{AtomicU64, Ordering};
            static NEXT: AtomicU64 = AtomicU64::new(0);
            if items == 0 && bytes == 0 {
                return Ok(());
            }
            let stripe = $crate::changes::stripe(NEXT.fetch_add(1, Ordering::Relaxed), <$d as $crate::sql::Dialect>::USAGE_STRIPES);
            sqlx::query(
                "INSERT INTO data_usage (site_id, collection_id, stripe, items, bytes)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (site_id, collection_id, stripe) DO UPDATE
                   SET items = data_usage.items + excluded.items, bytes = data_usage.bytes + excluded.bytes",
            )
            .bind(c.site_id.to_string())
            .bind(&c.id)
            .bind(stripe as i16)
            .bind(items)
            .bind(bytes)
            .execute(&mut **tx)
            .await
            .map_err($crate::db_err)?;
            Ok(())
        }

        /// `update_collection`: see the module's documentation.
        async fn change_collection(
            &self,
            old: &tessera_core::data::Collection,
            new: &tessera_core::data::Collection,
        ) -> tessera_core::Result<()> {
            use std::collections::HashSet;
            if new.revision <= old.revision {
                return Err(tessera_core::Error::invalid(
                    "revision",
                    "a changed collection needs a revision above the stored one",
                ));
            }
            let (site, id) = (new.site_id.to_string(), new.id.clone());
            let changed_meanwhile = || {
                tessera_core::Error::conflict("revision", "the collection was changed meanwhile; read it again")
            };
            let definition = $crate::changes::Definition::of(new)?;
            loop {
                // A change left by someone else is finished first; it is never this call's error.
                self.finish_change(&site, &id, None).await?;
                let mut tx = self.begin_write().await?;
                Self::lock_collection(&mut tx, &site, &id, false).await?;
                let Some(row) = Self::collection_row(&mut tx, &site, &id).await? else {
                    return Err(changed_meanwhile());
                };
                if row.pending.is_some() {
                    // Another change was marked between the two reads.
                    continue;
                }
                if row.revision != old.revision {
                    return Err(changed_meanwhile());
                }
                let stored = row.into_domain()?;
                let ids = |c: &tessera_core::data::Collection| {
                    c.all_indexes().iter().map(|i| $crate::cms::index_name(c, i)).collect::<Vec<_>>()
                };
                let (before, after) = (ids(&stored), ids(new));
                let kept: HashSet<&String> = before.iter().filter(|i| after.contains(i)).collect();
                let pending = $crate::changes::Pending {
                    build: after.iter().filter(|i| !kept.contains(i)).cloned().collect(),
                    drop: before.iter().filter(|i| !kept.contains(i)).cloned().collect(),
                    after: None,
                };
                let ours = if pending.build.is_empty() {
                    // Nothing to build: the definition changes at once, and removed indexes'
                    // entries are deleted after.
                    Self::store_definition(&mut tx, &site, &id, &definition, &pending).await?;
                    None
                } else {
                    let marked = $crate::changes::Pending {
                        after: Some(definition.clone()),
                        ..pending
                    };
                    sqlx::query("UPDATE data_collections SET pending = $3 WHERE site_id = $1 AND collection_id = $2")
                        .bind(&site)
                        .bind(&id)
                        .bind(marked.stored()?)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                    Some(new.revision)
                };
                tx.commit().await.map_err($crate::db_err)?;
                return self.finish_change(&site, &id, ours).await;
            }
        }

        /// Writes `definition` into the collection's row with `pending` as what is left.
        async fn store_definition(
            tx: &mut sqlx::Transaction<'static, <$d as $crate::sql::Dialect>::Db>,
            site: &str,
            collection: &str,
            d: &$crate::changes::Definition,
            pending: &$crate::changes::Pending,
        ) -> tessera_core::Result<()> {
            sqlx::query(
                "UPDATE data_collections SET display_name = $1, display_field = $2, fields = $3,
                   permissions = $4, indexes = $5, revision = $6, updated_at = $7, pending = $8
                 WHERE site_id = $9 AND collection_id = $10",
            )
                .bind(&d.display_name)
                .bind(&d.display_field)
                .bind(&d.fields)
                .bind(&d.permissions)
                .bind(&d.indexes)
                .bind(d.revision)
                .bind(d.updated_at)
                .bind(pending.stored()?)
                .bind(site)
                .bind(collection)
                .execute(&mut **tx)
                .await
                .map_err($crate::db_err)?;
            Ok(())
        }

        /// Works the collection's pending change to its end: builds, completes (or, when
        /// items break a new unique index, reverts) and deletes removed indexes' entries.
        /// `ours`: the revision of the change this call marked, whose failure is its error;
        /// another's failure only reverts that change.
        async fn finish_change(&self, site: &str, id: &str, ours: Option<i64>) -> tessera_core::Result<()> {
            let mut failure = None;
            loop {
                let row = sqlx::query_as::<_, $crate::cms::CollectionRow>(
                    "SELECT * FROM data_collections WHERE site_id = $1 AND collection_id = $2",
                )
                .bind(site)
                .bind(id)
                .fetch_optional(self.write())
                .await
                .map_err($crate::db_err)?;
                let Some(row) = row else {
                    return match ours {
                        Some(_) => Err(tessera_core::Error::conflict(
                            "revision",
                            "the collection was deleted meanwhile",
                        )),
                        None => Ok(()),
                    };
                };
                let Some(text) = row.pending.clone() else {
                    return match (failure, ours) {
                        (Some(e), _) => Err(e),
                        (None, Some(revision)) if row.revision < revision => Err(tessera_core::Error::conflict(
                            "indexes",
                            "the collection change did not complete (another server reverted it); read the collection again",
                        )),
                        _ => Ok(()),
                    };
                };
                let pending = $crate::changes::Pending::parse(&text)?;
                if let Some(after) = &pending.after {
                    let target = after.applied_to(&row)?;
                    let mut outcome = Ok(true);
                    for index in target.all_indexes() {
                        if !pending.build.contains(&$crate::cms::index_name(&target, &index)) {
                            continue;
                        }
                        outcome = self.build_entries(&target, &index, &text).await;
                        if !matches!(outcome, Ok(true)) {
                            break;
                        }
                    }
                    match outcome {
                        Ok(false) => continue, // superseded: read what is pending now
                        // Only existing items that break a unique index revert the change;
                        // after another failure it stays pending, to be finished later.
                        Err(e) if !matches!(e, tessera_core::Error::Conflict { .. }) => return Err(e),
                        _ => {}
                    }
                    let mut tx = self.begin_write().await?;
                    Self::lock_collection(&mut tx, site, id, false).await?;
                    let now = Self::collection_row(&mut tx, site, id).await?;
                    if now.and_then(|r| r.pending).as_deref() != Some(text.as_str()) {
                        continue;
                    }
                    match outcome {
                        Ok(_) => {
                            let left = $crate::changes::Pending { drop: pending.drop.clone(), ..Default::default() };
                            Self::store_definition(&mut tx, site, id, after, &left).await?;
                        }
                        Err(e) => {
                            // The definition stays as it was; the new indexes' entries go.
                            let left = $crate::changes::Pending { drop: pending.build.clone(), ..Default::default() };
                            sqlx::query("UPDATE data_collections SET pending = $3 WHERE site_id = $1 AND collection_id = $2")
                                .bind(site)
                                .bind(id)
                                .bind(left.stored()?)
                                .execute(&mut *tx)
                                .await
                                .map_err($crate::db_err)?;
                            if ours == Some(after.revision) {
                                failure = Some(e);
                            } else {
                                tracing::warn!(site, collection = id, error = %e, "a collection change was reverted");
                            }
                        }
                    }
                    tx.commit().await.map_err($crate::db_err)?;
                    continue;
                }
                for index_id in &pending.drop {
                    if !self.delete_entries(site, id, index_id, &text).await? {
                        break;
                    }
                }
                let mut tx = self.begin_write().await?;
                Self::lock_collection(&mut tx, site, id, false).await?;
                sqlx::query("UPDATE data_collections SET pending = NULL WHERE site_id = $1 AND collection_id = $2 AND pending = $3")
                    .bind(site)
                    .bind(id)
                    .bind(&text)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                tx.commit().await.map_err($crate::db_err)?;
            }
        }

        /// Opens a batch of the change `pending`: a transaction under the shared lock, or
        /// None when the collection's pending change is no longer that one.
        async fn batch_of(
            &self,
            site: &str,
            id: &str,
            pending: &str,
        ) -> tessera_core::Result<Option<sqlx::Transaction<'static, <$d as $crate::sql::Dialect>::Db>>> {
            let mut tx = self.begin_write().await?;
            Self::lock_collection(&mut tx, site, id, true).await?;
            let now: Option<(Option<String>,)> = sqlx::query_as(
                "SELECT pending FROM data_collections WHERE site_id = $1 AND collection_id = $2",
            )
            .bind(site)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err($crate::db_err)?;
            Ok((now.and_then(|(p,)| p).as_deref() == Some(pending)).then_some(tx))
        }

        /// Writes the entries of `index` (of `c`, the change's definition) in batches of
        /// `BATCH` items; false when the change `pending` stopped being the collection's.
        async fn build_entries(
            &self,
            c: &tessera_core::data::Collection,
            index: &tessera_core::data::Index,
            pending: &str,
        ) -> tessera_core::Result<bool> {
            let (site, id) = (c.site_id.to_string(), c.id.clone());
            let mut after: Option<String> = None;
            loop {
                let Some(mut tx) = self.batch_of(&site, &id, pending).await? else {
                    return Ok(false);
                };
                // The batch: items after the previous batch's last one, up to this batch's last.
                let range = |b: &mut $crate::sql::Binds, upto: Option<&str>| {
                    let mut conds = vec!["TRUE".to_string()];
                    if let Some(a) = &after {
                        conds.push(format!("item_id > {}", b.push($crate::sql::Bind::Text(a.clone()))));
                    }
                    if let Some(u) = upto {
                        conds.push(format!("item_id <= {}", b.push($crate::sql::Bind::Text(u.to_string()))));
                    }
                    conds.join(" AND ")
                };
                let mut b = $crate::sql::Binds::default();
                let scope = $crate::sql::scope(c, &mut b);
                let from = range(&mut b, None);
                let q = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(format!(
                    "SELECT item_id FROM data_items WHERE {scope} AND {from} ORDER BY item_id LIMIT 1 OFFSET {}",
                    $crate::changes::BATCH - 1
                )));
                let last = $crate::cms::bind_all!(q, b.0)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::db_err)?
                    .map(|(l,)| l);
                let lock = <$d as $crate::sql::Dialect>::FOR_SHARE;
                if !lock.is_empty() {
                    let mut b = $crate::sql::Binds::default();
                    let scope = $crate::sql::scope(c, &mut b);
                    let items = range(&mut b, last.as_deref());
                    let q = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "SELECT count(*) FROM (SELECT 1 FROM data_items WHERE {scope} AND {items}{lock}) AS batch"
                    )));
                    $crate::cms::bind_all!(q, b.0)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                }
                // Items a write gave their entry already are skipped.
                let mut b = $crate::sql::Binds::default();
                let sql = format!(
                    "{} ON CONFLICT (site_id, collection_id, item_id, index_id, n) DO NOTHING",
                    $crate::cms::index_entries_sql::<$d>(c, index, &mut b, |p| p, |b| range(b, last.as_deref()))
                );
                let q = sqlx::query(sqlx::AssertSqlSafe(sql));
                $crate::cms::bind_all!(q, b.0)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::cms::index_build_err(index))?;
                tx.commit().await.map_err($crate::db_err)?;
                match last {
                    Some(l) => after = Some(l),
                    None => return Ok(true),
                }
            }
        }

        /// Deletes the entries of the removed index `index_id` in batches; false when the
        /// change `pending` stopped being the collection's.
        async fn delete_entries(&self, site: &str, id: &str, index_id: &str, pending: &str) -> tessera_core::Result<bool> {
            loop {
                let Some(mut tx) = self.batch_of(site, id, pending).await? else {
                    return Ok(false);
                };
                let done = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DELETE FROM data_index_entries WHERE site_id = $1 AND collection_id = $2 AND index_id = $3
                       AND item_id IN (SELECT item_id FROM data_index_entries
                         WHERE site_id = $1 AND collection_id = $2 AND index_id = $3 LIMIT {})",
                    $crate::changes::BATCH
                )))
                .bind(site)
                .bind(id)
                .bind(index_id)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                tx.commit().await.map_err($crate::db_err)?;
                if done.rows_affected() == 0 {
                    return Ok(true);
                }
            }
        }
    };
}
pub(crate) use collection_changes;
