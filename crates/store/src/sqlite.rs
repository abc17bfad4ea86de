use std::{path::Path, str::FromStr, time::Duration};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use tessera_core::{
    Error, Result,
    store::{Backend, PoolStats},
};

use crate::{
    WritesSinceAnalyze, db_err,
    inline_reads::{InlineReaders, RowMap},
    migrate_err,
    queries::impl_store,
    sql::Bind,
};

/// Embedded SQLite in WAL mode: one writer connection (SQLite allows one writer at a time,
/// so a queue in our process beats lock retries), and a pool of read-only readers.
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    inline: InlineReaders,
    max_readers: u32,
    writes: WritesSinceAnalyze,
}

/// Each reader's page cache (`PRAGMA cache_size`, negative: in KiB), the sqlx pool's and
/// the inline readers' alike.
pub(crate) const READER_CACHE_SIZE: i64 = -16000;

impl SqliteStore {
    const BACKEND: Backend = Backend::Sqlite;

    /// Opens or creates the database file (and its folder) and applies migrations.
    pub async fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(Error::internal)?;
        }
        let base = SqliteConnectOptions::from_str("sqlite://")
            .map_err(db_err)?
            .filename(path)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true)
            .pragma("cache_size", READER_CACHE_SIZE.to_string());
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            // A bigger cache for the one writer: index pages of large collections stay in it.
            .connect_with(
                base.clone()
                    .create_if_missing(true)
                    .pragma("cache_size", "-65536"),
            )
            .await
            .map_err(db_err)?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&writer)
            .await
            .map_err(migrate_err)?;
        let max_readers = std::thread::available_parallelism().map_or(4, |n| n.get() as u32 * 2);
        let reader = SqlitePoolOptions::new()
            .max_connections(max_readers)
            .min_connections(1)
            .connect_with(base.read_only(true))
            .await
            .map_err(db_err)?;
        let inline = InlineReaders::open(path, max_readers as usize)?;
        let rows = analyzed_rows(&writer).await;
        let store = Self {
            writer,
            reader,
            inline,
            max_readers,
            writes: WritesSinceAnalyze::new(1_000, rows.unwrap_or(0)),
        };
        store
            .adopt_partial_indexes(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'dx\\_%' ESCAPE '\\'",
            )
            .await?;
        store.rekey_array_indexes().await?;
        Ok(store)
    }

    fn read(&self) -> &SqlitePool {
        &self.reader
    }

    fn write(&self) -> &SqlitePool {
        &self.writer
    }

    /// A write transaction that takes the write lock at once: a deferred one that reads
    /// first fails with "database is locked" when another process (a second node on the same
    /// file) wrote in between, where waiting would have done.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        self.writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db_err)
    }

    fn inline_rows<T>(&self, sql: &str, binds: &[Bind], map: RowMap<T>) -> Option<Result<Vec<T>>> {
        self.inline.rows(sql, binds, map)
    }

    /// Refreshes the planner's statistics, then has every reader reload them: other
    /// connections load them only with the schema, and ANALYZE does not change the schema; a
    /// throwaway table does. A full ANALYZE: sampled statistics (`analysis_limit`) misjudged a
    /// 1M-item collection as 1,001 rows.
    async fn refresh_statistics(&self) -> Result<()> {
        // One transaction: two refreshes at once would otherwise drop each other's table.
        let mut tx = self.begin_write().await?;
        for statement in [
            "ANALYZE data_items",
            "ANALYZE data_index_entries",
            "CREATE TABLE IF NOT EXISTS tessera_reload_statistics (x INTEGER)",
            "DROP TABLE tessera_reload_statistics",
        ] {
            sqlx::query(statement)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)?;
        self.writes
            .refreshed(analyzed_rows(&self.writer).await.unwrap_or(0));
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
            connections: self.reader.size() + self.writer.size(),
            idle: (self.reader.num_idle() + self.writer.num_idle()) as u32,
            max: self.max_readers + 1,
        }
    }
}

impl_store!(SqliteStore, crate::sql::Sqlite);

/// How many items the last statistics refresh counted; `None` before the first.
async fn analyzed_rows(writer: &SqlitePool) -> Option<u64> {
    let stat: Option<String> =
        sqlx::query_scalar("SELECT stat FROM sqlite_stat1 WHERE idx = 'data_items_created'")
            .fetch_optional(writer)
            .await
            .ok()
            .flatten();
    stat?.split(' ').next()?.parse().ok()
}

/// One process owns an embedded database: there are no other nodes to signal.
#[async_trait::async_trait]
impl tessera_core::SignalStore for SqliteStore {
    async fn send_signal(&self, _payload: &str) -> Result<()> {
        Ok(())
    }

    async fn listen_signals(&self) -> Result<Option<tokio::sync::mpsc::Receiver<String>>> {
        Ok(None)
    }
}
