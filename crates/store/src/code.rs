//! Site code revisions, for both backends (`impl_code_store!`, stamped out by `impl_store!`).

/// A `code_logs` row: id, at, level, source, request id, message.
pub(crate) type LogRow = (i64, i64, String, String, Option<String>, String);

pub(crate) fn log_entry(row: LogRow) -> tessera_core::store::LogEntry {
    let (id, at, level, source, request_id, message) = row;
    tessera_core::store::LogEntry {
        id,
        at,
        level,
        source,
        request_id,
        message,
    }
}

/// An `event_queue` row as read.
pub(crate) type QueuedRow = (
    String,
    String,
    String,
    String,
    i32,
    i64,
    Option<i64>,
    Option<String>,
    i64,
);

pub(crate) fn queued(
    (site, id, handler, payload, attempts, due_at, done_at, error, created_at): QueuedRow,
) -> tessera_core::Result<tessera_core::store::QueuedEvent> {
    Ok(tessera_core::store::QueuedEvent {
        site_id: site.parse().map_err(tessera_core::Error::internal)?,
        id,
        handler,
        payload,
        attempts,
        due_at,
        done_at,
        error,
        created_at,
    })
}

/// `impl CodeStore` for a backend.
macro_rules! impl_code_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl tessera_core::CodeStore for $store {
            async fn add_code_revision(
                &self,
                site: tessera_core::ids::SiteId,
                files: &std::collections::BTreeMap<String, String>,
                created_by: &str,
            ) -> tessera_core::Result<i64> {
                let text = serde_json::to_string(files).map_err(tessera_core::Error::internal)?;
                let size: usize = files.iter().map(|(p, s)| p.len() + s.len()).sum();
                let (revision,): (i64,) = sqlx::query_as(
                    "INSERT INTO code_revisions
                       (site_id, revision, files, size_bytes, file_count, created_by, created_at)
                     SELECT $1, COALESCE(MAX(revision), 0) + 1, $2, $3, $4, $5, $6
                       FROM code_revisions WHERE site_id = $1
                     RETURNING revision",
                )
                .bind(site.to_string())
                .bind(text)
                .bind(size as i64)
                .bind(files.len() as i64)
                .bind(created_by)
                .bind(tessera_core::now_millis())
                .fetch_one(self.write())
                .await
                .map_err(|e| {
                    $crate::unique_or_internal(e, "revision", "another push took this revision; push again")
                })?;
                Ok(revision)
            }

            async fn code_revision(
                &self,
                site: tessera_core::ids::SiteId,
                revision: Option<i64>,
            ) -> tessera_core::Result<Option<(i64, std::collections::BTreeMap<String, String>)>> {
                let row: Option<(i64, String)> = sqlx::query_as(
                    "SELECT revision, files FROM code_revisions
                      WHERE site_id = $1 AND ($2 IS NULL OR revision = $2)
                      ORDER BY revision DESC LIMIT 1",
                )
                .bind(site.to_string())
                .bind(revision)
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?;
                row.map(|(revision, text)| {
                    serde_json::from_str(&text)
                        .map(|files| (revision, files))
                        .map_err(tessera_core::Error::internal)
                })
                .transpose()
            }

            async fn published_code_revision(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Option<i64>> {
                let row: Option<(i64,)> =
                    sqlx::query_as("SELECT revision FROM code_published WHERE site_id = $1")
                        .bind(site.to_string())
                        .fetch_optional(self.read())
                        .await
                        .map_err($crate::db_err)?;
                Ok(row.map(|(r,)| r))
            }

            async fn latest_code_revision(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Option<i64>> {
                let (revision,): (Option<i64>,) =
                    sqlx::query_as("SELECT MAX(revision) FROM code_revisions WHERE site_id = $1")
                        .bind(site.to_string())
                        .fetch_one(self.read())
                        .await
                        .map_err($crate::db_err)?;
                Ok(revision)
            }

            async fn publish_code(
                &self,
                site: tessera_core::ids::SiteId,
                revision: i64,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query(
                    "INSERT INTO code_published (site_id, revision, published_at)
                     SELECT site_id, revision, $3 FROM code_revisions
                      WHERE site_id = $1 AND revision = $2
                     ON CONFLICT (site_id) DO UPDATE
                       SET revision = excluded.revision, published_at = excluded.published_at",
                )
                .bind(site.to_string())
                .bind(revision)
                .bind(tessera_core::now_millis())
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                $crate::queries::found(done.rows_affected(), "code revision")
            }

            async fn code_revisions(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Vec<tessera_core::store::CodeRevisionInfo>> {
                let rows: Vec<(i64, i64, i64, String, i64, bool)> = sqlx::query_as(
                    "SELECT r.revision, r.size_bytes, r.file_count, r.created_by, r.created_at,
                            p.revision IS NOT NULL
                       FROM code_revisions r
                       LEFT JOIN code_published p ON p.site_id = r.site_id AND p.revision = r.revision
                      WHERE r.site_id = $1 ORDER BY r.revision DESC",
                )
                .bind(site.to_string())
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(revision, size_bytes, file_count, created_by, created_at, published)| {
                        tessera_core::store::CodeRevisionInfo {
                            revision,
                            size_bytes,
                            file_count,
                            created_by,
                            created_at,
                            published,
                        }
                    })
                    .collect())
            }

            async fn published_code_sites(
                &self,
            ) -> tessera_core::Result<Vec<(tessera_core::ids::SiteId, i64)>> {
                let rows: Vec<(String, i64)> =
                    sqlx::query_as("SELECT site_id, revision FROM code_published")
                        .fetch_all(self.read())
                        .await
                        .map_err($crate::db_err)?;
                rows.into_iter()
                    .map(|(site, revision)| Ok((site.parse().map_err(tessera_core::Error::internal)?, revision)))
                    .collect()
            }
        }

        #[async_trait::async_trait]
        impl tessera_core::JobRunStore for $store {
            async fn claim_job_run(
                &self,
                site: tessera_core::ids::SiteId,
                job: &str,
                tick: tessera_core::Millis,
            ) -> tessera_core::Result<bool> {
                let done = sqlx::query(
                    "INSERT INTO job_runs (site_id, job, tick, started_at, outcome, logs)
                     VALUES ($1, $2, $3, $4, 'running', '[]') ON CONFLICT DO NOTHING",
                )
                .bind(site.to_string())
                .bind(job)
                .bind(tick)
                .bind(tessera_core::now_millis())
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(done.rows_affected() == 1)
            }

            async fn finish_job_run(
                &self,
                site: tessera_core::ids::SiteId,
                job: &str,
                tick: tessera_core::Millis,
                run: &tessera_core::store::JobRun,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "UPDATE job_runs SET duration_ms = $4, outcome = $5, error = $6, logs = $7
                      WHERE site_id = $1 AND job = $2 AND tick = $3",
                )
                .bind(site.to_string())
                .bind(job)
                .bind(tick)
                .bind(run.duration_ms)
                .bind(&run.outcome)
                .bind(&run.error)
                .bind(&run.logs)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn job_runs(
                &self,
                site: tessera_core::ids::SiteId,
                limit: u32,
            ) -> tessera_core::Result<Vec<tessera_core::store::JobRun>> {
                type Row = (String, i64, i64, Option<i64>, String, Option<String>, String);
                let rows: Vec<Row> = sqlx::query_as(
                    "SELECT job, tick, started_at, duration_ms, outcome, error, logs FROM job_runs
                      WHERE site_id = $1 ORDER BY started_at DESC, job LIMIT $2",
                )
                .bind(site.to_string())
                .bind(i64::from(limit))
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(job, tick, started_at, duration_ms, outcome, error, logs)| {
                        tessera_core::store::JobRun { job, tick, started_at, duration_ms, outcome, error, logs }
                    })
                    .collect())
            }
        }

        #[async_trait::async_trait]
        impl tessera_core::EventQueueStore for $store {
            async fn queue_event(
                &self,
                e: &tessera_core::store::QueuedEvent,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO event_queue (site_id, id, handler, payload, attempts, due_at, done_at, error, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(e.site_id.to_string())
                .bind(&e.id)
                .bind(&e.handler)
                .bind(&e.payload)
                .bind(e.attempts)
                .bind(e.due_at)
                .bind(e.done_at)
                .bind(&e.error)
                .bind(e.created_at)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn due_events(
                &self,
                now: tessera_core::Millis,
                limit: u32,
            ) -> tessera_core::Result<Vec<tessera_core::store::QueuedEvent>> {
                let rows: Vec<$crate::code::QueuedRow> = sqlx::query_as(
                    "SELECT site_id, id, handler, payload, attempts, due_at, done_at, error, created_at FROM event_queue
                      WHERE done_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT $2",
                )
                .bind(now)
                .bind(i64::from(limit))
                .fetch_all(self.write())
                .await
                .map_err($crate::db_err)?;
                rows.into_iter().map($crate::code::queued).collect()
            }

            async fn claim_event(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
                attempts: i32,
                until: tessera_core::Millis,
            ) -> tessera_core::Result<bool> {
                let done = sqlx::query(
                    "UPDATE event_queue SET attempts = attempts + 1, due_at = $4
                      WHERE site_id = $1 AND id = $2 AND attempts = $3 AND done_at IS NULL",
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

            async fn settle_event(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
                done_at: Option<tessera_core::Millis>,
                due_at: tessera_core::Millis,
                error: Option<&str>,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "UPDATE event_queue SET done_at = $3, due_at = $4, error = $5
                      WHERE site_id = $1 AND id = $2",
                )
                .bind(site.to_string())
                .bind(id)
                .bind(done_at)
                .bind(due_at)
                .bind(error)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn queued_events(
                &self,
                site: tessera_core::ids::SiteId,
                limit: u32,
            ) -> tessera_core::Result<Vec<tessera_core::store::QueuedEvent>> {
                let rows: Vec<$crate::code::QueuedRow> = sqlx::query_as(
                    "SELECT site_id, id, handler, payload, attempts, due_at, done_at, error, created_at FROM event_queue
                      WHERE site_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
                )
                .bind(site.to_string())
                .bind(i64::from(limit))
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                rows.into_iter().map($crate::code::queued).collect()
            }

            async fn prune_events(&self, before: tessera_core::Millis) -> tessera_core::Result<u64> {
                let done = sqlx::query("DELETE FROM event_queue WHERE done_at < $1")
                    .bind(before)
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                Ok(done.rows_affected())
            }
        }

        #[async_trait::async_trait]
        impl tessera_core::SecretStore for $store {
            async fn put_secret(
                &self,
                site: tessera_core::ids::SiteId,
                name: &str,
                sealed: &str,
            ) -> tessera_core::Result<(i64, i64)> {
                sqlx::query_as(
                    "INSERT INTO site_secrets (site_id, id, name, value, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $5)
                     ON CONFLICT (site_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                     RETURNING created_at, updated_at",
                )
                .bind(site.to_string())
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(name)
                .bind(sealed)
                .bind(tessera_core::now_millis())
                .fetch_one(self.write())
                .await
                .map_err($crate::db_err)
            }

            async fn create_secret(
                &self,
                site: tessera_core::ids::SiteId,
                info: &tessera_core::store::SecretInfo,
                sealed: &str,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO site_secrets (site_id, id, name, description, value, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $6)",
                )
                .bind(site.to_string())
                .bind(&info.id)
                .bind(&info.name)
                .bind(&info.description)
                .bind(sealed)
                .bind(tessera_core::now_millis())
                .execute(self.write())
                .await
                .map_err(|e| $crate::unique_or_internal(e, "name", "the site has a secret with this name"))?;
                Ok(())
            }

            async fn update_secret(
                &self,
                site: tessera_core::ids::SiteId,
                old_name: &str,
                info: &tessera_core::store::SecretInfo,
                sealed: &str,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query(
                    "UPDATE site_secrets SET name = $4, description = $5, value = $6, updated_at = $7
                     WHERE site_id = $1 AND id = $2 AND name = $3",
                )
                .bind(site.to_string())
                .bind(&info.id)
                .bind(old_name)
                .bind(&info.name)
                .bind(&info.description)
                .bind(sealed)
                .bind(tessera_core::now_millis())
                .execute(self.write())
                .await
                .map_err(|e| $crate::unique_or_internal(e, "name", "the site has a secret with this name"))?;
                $crate::queries::found(done.rows_affected(), "secret")
            }

            async fn secret(
                &self,
                site: tessera_core::ids::SiteId,
                name: &str,
            ) -> tessera_core::Result<Option<String>> {
                let row: Option<(String,)> =
                    sqlx::query_as("SELECT value FROM site_secrets WHERE site_id = $1 AND name = $2")
                        .bind(site.to_string())
                        .bind(name)
                        .fetch_optional(self.read())
                        .await
                        .map_err($crate::db_err)?;
                Ok(row.map(|(v,)| v))
            }

            async fn secrets(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Vec<tessera_core::store::SecretInfo>> {
                let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
                    "SELECT id, name, description, created_at, updated_at FROM site_secrets
                     WHERE site_id = $1 ORDER BY name",
                )
                .bind(site.to_string())
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, name, description, created_at, updated_at)| {
                        tessera_core::store::SecretInfo { id, name, description, created_at, updated_at }
                    })
                    .collect())
            }

            async fn delete_secret(
                &self,
                site: tessera_core::ids::SiteId,
                name: &str,
                id: Option<&str>,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query(
                    "DELETE FROM site_secrets WHERE site_id = $1 AND name = $2 AND ($3 IS NULL OR id = $3)",
                )
                .bind(site.to_string())
                .bind(name)
                .bind(id)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                $crate::queries::found(done.rows_affected(), "secret")
            }
        }

        #[async_trait::async_trait]
        impl tessera_core::LogStore for $store {
            async fn append_logs(
                &self,
                site: tessera_core::ids::SiteId,
                entries: &[tessera_core::store::LogEntry],
                keep: u32,
                keep_chars: u64,
            ) -> tessera_core::Result<()> {
                let mut tx = self.begin_write().await?;
                for e in entries {
                    sqlx::query(
                        "INSERT INTO code_logs (site_id, at, level, source, request_id, message)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(site.to_string())
                    .bind(e.at)
                    .bind(&e.level)
                    .bind(&e.source)
                    .bind(&e.request_id)
                    .bind(&e.message)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                }
                sqlx::query(
                    "DELETE FROM code_logs WHERE site_id = $1 AND id <= (
                       SELECT id FROM code_logs WHERE site_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)",
                )
                .bind(site.to_string())
                .bind(i64::from(keep))
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                // Long lines are what can fill the space; only a batch with some pays for the
                // scan that counts the site's total.
                let batch: usize = entries.iter().map(|e| e.message.len()).sum();
                if batch >= 4096 {
                    sqlx::query(
                        "DELETE FROM code_logs WHERE site_id = $1 AND id <= (
                           SELECT id FROM (
                             SELECT id, SUM(LENGTH(message)) OVER (ORDER BY id DESC) AS total
                               FROM code_logs WHERE site_id = $1) newest
                            WHERE total > $2 ORDER BY id DESC LIMIT 1)",
                    )
                    .bind(site.to_string())
                    .bind(keep_chars as i64)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                }
                tx.commit().await.map_err($crate::db_err)
            }

            async fn logs(
                &self,
                site: tessera_core::ids::SiteId,
                after: i64,
                limit: u32,
            ) -> tessera_core::Result<Vec<tessera_core::store::LogEntry>> {
                let rows: Vec<$crate::code::LogRow> = sqlx::query_as(
                    "SELECT id, at, level, source, request_id, message FROM code_logs
                      WHERE site_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                )
                .bind(site.to_string())
                .bind(after)
                .bind(i64::from(limit))
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(rows.into_iter().map($crate::code::log_entry).collect())
            }

            async fn latest_logs(
                &self,
                site: tessera_core::ids::SiteId,
                level: Option<&str>,
                limit: u32,
            ) -> tessera_core::Result<Vec<tessera_core::store::LogEntry>> {
                let rows: Vec<$crate::code::LogRow> = sqlx::query_as(
                    "SELECT id, at, level, source, request_id, message FROM code_logs
                      WHERE site_id = $1 AND ($2 IS NULL OR level = $2) ORDER BY id DESC LIMIT $3",
                )
                .bind(site.to_string())
                .bind(level)
                .bind(i64::from(limit))
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(rows.into_iter().map($crate::code::log_entry).collect())
            }
        }
    };
}
pub(crate) use impl_code_store;
