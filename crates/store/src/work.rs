//! Modules' durable work, for both backends (`impl_work_store!`, stamped out by
//! `impl_store!`).

use tessera_core::{ids::SiteId, work::WorkItem};

pub(crate) const COLUMNS: &str =
    "site_id, id, queue, owner, status, step, attempts, due_at, doc, created_at, updated_at";
/// Values a new item's row binds (`COLUMNS`), and a changed item's (the update's `VALUES`).
pub(crate) const NEW_WIDTH: usize = 11;
pub(crate) const CHANGED_WIDTH: usize = 8;

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    site_id: String,
    id: String,
    queue: String,
    owner: String,
    status: String,
    step: i32,
    attempts: i32,
    due_at: i64,
    doc: String,
    created_at: i64,
    updated_at: i64,
}

impl Row {
    pub(crate) fn into_domain(self) -> tessera_core::Result<WorkItem> {
        Ok(WorkItem {
            site_id: self
                .site_id
                .parse::<SiteId>()
                .map_err(|e| tessera_core::Error::internal(format!("work site: {e}")))?,
            id: self.id,
            queue: self.queue,
            owner: self.owner,
            status: self.status,
            step: self.step,
            attempts: self.attempts,
            due_at: self.due_at,
            doc: serde_json::from_str(&self.doc)
                .map_err(|e| tessera_core::Error::internal(format!("work item: {e}")))?,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// `changed` with only the last write of each item, in order: one statement updates a row
/// once (PostgreSQL would take any one of two), and the last write is the one that stands.
pub(crate) fn last_of_each(changed: &[WorkItem]) -> Vec<&WorkItem> {
    let mut seen = std::collections::HashSet::new();
    let mut last: Vec<&WorkItem> = changed
        .iter()
        .rev()
        .filter(|w| seen.insert((&w.site_id, &w.id)))
        .collect();
    last.reverse();
    last
}

pub(crate) fn all(rows: Vec<Row>) -> tessera_core::Result<Vec<WorkItem>> {
    rows.into_iter().map(Row::into_domain).collect()
}

macro_rules! impl_work_store {
    ($store:ty, $dialect:ty) => {
        #[async_trait::async_trait]
        impl tessera_core::work::WorkStore for $store {
            async fn claim_due_work(
                &self,
                queue: &str,
                now: tessera_core::Millis,
                until: tessera_core::Millis,
                limit: u32,
            ) -> tessera_core::Result<Vec<tessera_core::work::WorkItem>> {
                let sql = format!(
                    "UPDATE work_queue SET attempts = attempts + 1, due_at = $3
                      WHERE (site_id, id) IN (
                        SELECT site_id, id FROM work_queue
                         WHERE queue = $1 AND status = 'pending' AND due_at <= $2
                         ORDER BY due_at LIMIT $4{})
                     RETURNING {}",
                    <$dialect as $crate::sql::Dialect>::SKIP_LOCKED,
                    $crate::work::COLUMNS
                );
                let rows: Vec<$crate::work::Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(queue)
                    .bind(now)
                    .bind(until)
                    .bind(i64::from(limit))
                    .fetch_all(self.write())
                    .await
                    .map_err($crate::db_err)?;
                $crate::work::all(rows)
            }

            async fn claim_work(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
                attempts: i32,
                until: tessera_core::Millis,
            ) -> tessera_core::Result<bool> {
                let done = sqlx::query(
                    "UPDATE work_queue SET attempts = attempts + 1, due_at = $4
                      WHERE site_id = $1 AND id = $2 AND attempts = $3 AND status = 'pending'",
                )
                .bind(site.to_string())
                .bind(id)
                .bind(attempts)
                .bind(until)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(done.rows_affected() == 1)
            }

            async fn write_work(
                &self,
                new: &[tessera_core::work::WorkItem],
                changed: &[tessera_core::work::WorkItem],
            ) -> tessera_core::Result<Vec<bool>> {
                // Multi-row statements: a group of a hundred writes is a few statements, not a
                // round trip each.
                let rows = |width| <$dialect as $crate::sql::Dialect>::rows_per_statement(width);
                let mut tx = self.begin_write().await?;
                let mut inserted = std::collections::HashSet::new();
                for chunk in new.chunks(rows($crate::work::NEW_WIDTH)) {
                    let sql = format!(
                        "INSERT INTO work_queue ({}) VALUES {} \
                         ON CONFLICT (site_id, id) DO NOTHING RETURNING site_id, id",
                        $crate::work::COLUMNS,
                        $crate::sql::values_placeholders::<$dialect>(
                            chunk.len(),
                            $crate::work::NEW_WIDTH
                        )
                    );
                    let mut q = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
                    for w in chunk {
                        q = q
                            .bind(w.site_id.to_string())
                            .bind(&w.id)
                            .bind(&w.queue)
                            .bind(&w.owner)
                            .bind(&w.status)
                            .bind(w.step)
                            .bind(w.attempts)
                            .bind(w.due_at)
                            .bind(w.doc.to_string())
                            .bind(w.created_at)
                            .bind(w.updated_at);
                    }
                    inserted.extend(q.fetch_all(&mut *tx).await.map_err($crate::db_err)?);
                }
                let changed = $crate::work::last_of_each(changed);
                for chunk in changed.chunks(rows($crate::work::CHANGED_WIDTH)) {
                    let sql = format!(
                        "WITH v (site_id, id, status, step, attempts, due_at, doc, updated_at)
                           AS (VALUES {})
                         UPDATE work_queue SET status = v.status, step = v.step,
                           attempts = v.attempts, due_at = v.due_at, doc = v.doc,
                           updated_at = v.updated_at
                         FROM v WHERE work_queue.site_id = v.site_id AND work_queue.id = v.id",
                        $crate::sql::values_placeholders::<$dialect>(
                            chunk.len(),
                            $crate::work::CHANGED_WIDTH
                        )
                    );
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for w in chunk {
                        q = q
                            .bind(w.site_id.to_string())
                            .bind(&w.id)
                            .bind(&w.status)
                            .bind(w.step)
                            .bind(w.attempts)
                            .bind(w.due_at)
                            .bind(w.doc.to_string())
                            .bind(w.updated_at);
                    }
                    q.execute(&mut *tx).await.map_err($crate::db_err)?;
                }
                tx.commit().await.map_err($crate::db_err)?;
                // Queued: the first of `new` with a key the insert took.
                Ok(new
                    .iter()
                    .map(|w| inserted.remove(&(w.site_id.to_string(), w.id.clone())))
                    .collect())
            }

            async fn work_item(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
            ) -> tessera_core::Result<Option<tessera_core::work::WorkItem>> {
                let sql = format!(
                    "SELECT {} FROM work_queue WHERE site_id = $1 AND id = $2",
                    $crate::work::COLUMNS
                );
                let row: Option<$crate::work::Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(id)
                    .fetch_optional(self.read())
                    .await
                    .map_err($crate::db_err)?;
                row.map($crate::work::Row::into_domain).transpose()
            }

            async fn work_items(
                &self,
                site: tessera_core::ids::SiteId,
                queue: &str,
                owner: Option<&str>,
                status: Option<&str>,
                offset: u64,
                limit: u32,
            ) -> tessera_core::Result<(Vec<tessera_core::work::WorkItem>, u64)> {
                let where_ = "site_id = $1 AND queue = $2 AND ($3 IS NULL OR owner = $3)
                    AND ($4 IS NULL OR status = $4)";
                let sql = format!(
                    "SELECT {} FROM work_queue WHERE {where_}
                     ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6",
                    $crate::work::COLUMNS
                );
                let rows: Vec<$crate::work::Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(queue)
                    .bind(owner)
                    .bind(status)
                    .bind(i64::from(limit))
                    .bind(offset as i64)
                    .fetch_all(self.read())
                    .await
                    .map_err($crate::db_err)?;
                let sql = format!("SELECT count(*) FROM work_queue WHERE {where_}");
                let (total,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(queue)
                    .bind(owner)
                    .bind(status)
                    .fetch_one(self.read())
                    .await
                    .map_err($crate::db_err)?;
                Ok(($crate::work::all(rows)?, total as u64))
            }

            async fn prune_work(&self, before: tessera_core::Millis) -> tessera_core::Result<u64> {
                let done = sqlx::query(
                    "DELETE FROM work_queue WHERE status <> 'pending' AND created_at < $1",
                )
                .bind(before)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(done.rows_affected())
            }
        }
    };
}

pub(crate) use impl_work_store;
