//! Storage backends for Tessera's `Store` trait: embedded SQLite (the default) and PostgreSQL
//! (scale-out). Both run migrations of matching names at start and share one set of SQL
//! statements (`queries.rs`), written in the dialect subset both understand.
//!
//! Depends on `tessera-core` for the trait and types; must not know about HTTP.

mod cms;
mod code;
mod data_jobs;
mod documents;
mod inline_reads;
mod members;
mod postgres;
mod queries;
mod rows;
mod sql;
mod sqlite;

use std::sync::Arc;

use tessera_core::{Error, Result, Store};

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// Opens (creating if needed) and migrates the database named by `url`:
/// `sqlite://path/to/file.db` or `postgres://…`.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url).await?))
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        Ok(Arc::new(
            SqliteStore::open(std::path::Path::new(path)).await?,
        ))
    } else {
        Err(Error::invalid(
            "database_url",
            "must start with sqlite:// or postgres://",
        ))
    }
}

/// Rows written since the planner's statistics were last refreshed. A refresh is due once as
/// many rows were written as the table held at the last one (at least `STATS_REFRESH_ROWS`),
/// so a bulk load of N rows costs O(log N) full ANALYZE runs and the statistics stay within
/// a factor of two of the truth.
#[derive(Default)]
struct WritesSinceAnalyze {
    since: std::sync::atomic::AtomicU64,
    total: std::sync::atomic::AtomicU64,
}

const STATS_REFRESH_ROWS: u64 = 20_000;

impl WritesSinceAnalyze {
    /// Adds `n`; true when a refresh is due (and the count starts again).
    fn add(&self, n: u64) -> bool {
        use std::sync::atomic::Ordering;
        let total = self.total.fetch_add(n, Ordering::Relaxed) + n;
        let since = self.since.fetch_add(n, Ordering::Relaxed) + n;
        let due = since >= STATS_REFRESH_ROWS.max(total / 2);
        due && self.since.swap(0, Ordering::Relaxed) >= STATS_REFRESH_ROWS
    }
}

fn db_err(e: sqlx::Error) -> Error {
    Error::internal(e)
}

fn migrate_err(e: sqlx::migrate::MigrateError) -> Error {
    Error::internal(e)
}

/// Maps a unique-constraint violation to a caller-facing conflict on `field`.
fn unique_or_internal(e: sqlx::Error, field: &'static str, message: &str) -> Error {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => Error::conflict(field, message),
        _ => db_err(e),
    }
}
