use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use tessera_core::{
    Result,
    store::{Backend, PoolStats},
};

use crate::{WritesSinceAnalyze, db_err, migrate_err, queries::impl_store};

/// PostgreSQL: one pool for reads and writes. Several Tessera nodes may share the database;
/// sqlx's migrator holds an advisory lock, so nodes starting together migrate once.
pub struct PgStore {
    pool: PgPool,
    max: u32,
    writes: WritesSinceAnalyze,
}

impl PgStore {
    const BACKEND: Backend = Backend::Postgres;

    /// Connects and applies migrations. The URL may carry `options=-csearch_path%3D<schema>`
    /// to keep Tessera's tables in a schema of their own.
    pub async fn connect(url: &str) -> Result<Self> {
        let options = PgConnectOptions::from_str(url).map_err(db_err)?;
        let max = 16;
        let pool = PgPoolOptions::new()
            .max_connections(max)
            .min_connections(1)
            .connect_with(options)
            .await
            .map_err(db_err)?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(migrate_err)?;
        let store = Self {
            pool,
            max,
            // Autovacuum refreshes statistics too; this makes them right sooner after a bulk load.
            writes: WritesSinceAnalyze::new(20_000, 0),
        };
        store
            .adopt_partial_indexes(
                "SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() \
                 AND indexname LIKE 'dx\\_%'",
            )
            .await?;
        store.rekey_array_indexes().await?;
        Ok(store)
    }

    fn read(&self) -> &PgPool {
        &self.pool
    }

    fn write(&self) -> &PgPool {
        &self.pool
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>> {
        self.pool.begin().await.map_err(db_err)
    }

    /// PostgreSQL reads always go through the pool.
    fn inline_rows<T>(
        &self,
        _sql: &str,
        _binds: &[crate::sql::Bind],
        _map: crate::inline_reads::RowMap<T>,
    ) -> Option<Result<Vec<T>>> {
        None
    }

    /// Refreshes the planner's statistics so it picks collection indexes right away, rather
    /// than when autovacuum gets to it; the search index's too (without them a search
    /// intersected the text index's matches with the site's whole key range: 370 ms for a
    /// word in 315 of 100,000 documents, 8 ms with them).
    async fn refresh_statistics(&self) -> Result<()> {
        sqlx::query("ANALYZE data_items, data_index_entries, search_documents")
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn note_writes(&self, rows: u64) -> Result<()> {
        if self.writes.add(rows) {
            self.refresh_statistics().await
        } else {
            Ok(())
        }
    }

    fn stats(&self) -> PoolStats {
        PoolStats {
            connections: self.pool.size(),
            idle: self.pool.num_idle() as u32,
            max: self.max,
        }
    }
}

impl_store!(PgStore, crate::sql::Postgres);

/// The one channel Tessera's nodes talk on.
const SIGNALS: &str = "tessera_signals";

#[async_trait::async_trait]
impl tessera_core::SignalStore for PgStore {
    async fn send_signal(&self, payload: &str) -> Result<()> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(SIGNALS)
            .bind(payload)
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn listen_signals(&self) -> Result<Option<tokio::sync::mpsc::Receiver<String>>> {
        let mut listener = sqlx::postgres::PgListener::connect_with(&self.pool)
            .await
            .map_err(db_err)?;
        listener.listen(SIGNALS).await.map_err(db_err)?;
        let (tx, rx) = tokio::sync::mpsc::channel(4096);
        tokio::spawn(async move {
            loop {
                let payload = match listener.try_recv().await {
                    Ok(Some(n)) => n.payload().to_string(),
                    // The connection dropped and was re-established: signals may be lost.
                    Ok(None) => String::new(),
                    Err(e) => {
                        tracing::warn!(error = %e, "listening for other nodes' signals; retrying");
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        continue;
                    }
                };
                if tx.send(payload).await.is_err() {
                    break;
                }
            }
        });
        Ok(Some(rx))
    }
}
