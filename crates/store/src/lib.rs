//! Storage backends for Tessera's `Store` trait: embedded SQLite (the default) and PostgreSQL
//! (scale-out). Both run migrations of matching names at start and share one set of SQL
//! statements (`queries.rs`), written in the dialect subset both understand.
//!
//! Depends on `tessera-core` for the trait and types; must not know about HTTP.

mod analytics;
mod bookings;
mod changes;
mod cms;
mod code;
mod commerce;
mod data_jobs;
mod documents;
mod inline_reads;
mod media;
mod members;
mod plans;
mod postgres;
mod queries;
mod rows;
mod search;
mod sql;
mod sqlite;
mod work;

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
/// many rows were written as the table held at the last one (and at least `min`), so a bulk
/// load of N rows costs O(log N) full ANALYZE runs and the statistics stay within a factor of
/// two of the truth.
struct WritesSinceAnalyze {
    since: std::sync::atomic::AtomicU64,
    /// Rows at the last refresh (as far as known) plus those written since.
    total: std::sync::atomic::AtomicU64,
    min: u64,
}

impl WritesSinceAnalyze {
    fn new(min: u64, rows: u64) -> Self {
        Self {
            since: 0.into(),
            total: rows.into(),
            min,
        }
    }

    /// Adds `n`; true when a refresh is due (and the count starts again).
    fn add(&self, n: u64) -> bool {
        use std::sync::atomic::Ordering;
        let total = self.total.fetch_add(n, Ordering::Relaxed) + n;
        let since = self.since.fetch_add(n, Ordering::Relaxed) + n;
        let due = since >= self.min.max(total / 2);
        due && self.since.swap(0, Ordering::Relaxed) >= self.min
    }

    /// After a refresh that counted `rows`.
    fn refreshed(&self, rows: u64) {
        self.total.store(rows, std::sync::atomic::Ordering::Relaxed);
    }
}

fn db_err(e: sqlx::Error) -> Error {
    // PostgreSQL keeps no NUL character in text (SQLite does): the caller's to fix, and said
    // the same way for every field, from wherever it came.
    if let sqlx::Error::Database(d) = &e
        && matches!(d.code().as_deref(), Some("22021" | "22P05"))
    {
        return Error::invalid("value", "text may not contain the NUL character (\\u0000)");
    }
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

#[cfg(test)]
mod tests {
    use super::WritesSinceAnalyze;

    #[test]
    fn statistics_refreshes_come_geometrically() {
        let fresh = WritesSinceAnalyze::new(1_000, 0);
        assert!(!fresh.add(999));
        assert!(fresh.add(1), "the first after `min` rows");
        fresh.refreshed(1_000);
        assert!(!fresh.add(999));
        assert!(fresh.add(1), "then after as many as the table held");
        fresh.refreshed(2_000);
        assert!(!fresh.add(1_990));
        assert!(fresh.add(10));
        // A table that held a million items at its last refresh.
        let big = WritesSinceAnalyze::new(1_000, 1_000_000);
        assert!(!big.add(999_000));
        assert!(big.add(1_000));
    }
}
