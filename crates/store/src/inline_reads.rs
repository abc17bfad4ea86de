//! Reads on SQLite that run on the calling thread: items, and the key, token and role
//! lookups of every authenticated request. sqlx's SQLite driver hands every statement and every row
//! between the async task and the connection's own thread; for a page that reads two short
//! lists that hand-off was about 40 % of its CPU time. Here a
//! read takes a free connection, runs to the end and returns. A read that takes longer than
//! `BUDGET` is interrupted and the caller runs it through the sqlx pool instead, so a slow
//! scan never holds an async worker thread for long.

use std::{
    path::Path,
    sync::Mutex,
    time::{Duration, Instant},
};

use rusqlite::{Connection, OpenFlags, ToSql, config::DbConfig, types::ToSqlOutput};
use tessera_core::{Error, Result, data::StoredItem};

use crate::sql::Bind;

pub struct InlineReaders {
    connections: Vec<Mutex<Connection>>,
}

impl InlineReaders {
    const BUDGET: Duration = Duration::from_millis(2);
    /// SQLite calls the budget check every this many virtual machine steps (a few µs).
    const CHECK_EVERY: i32 = 1000;

    pub fn open(path: &Path, count: usize) -> Result<Self> {
        let open = || -> rusqlite::Result<Mutex<Connection>> {
            let c = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            c.pragma_update(None, "cache_size", crate::sqlite::READER_CACHE_SIZE)?;
            // Plans that do not depend on bound values: without this SQLite prepares a
            // statement again for every new value compared with an indexed expression,
            // which cost about 15 % of a data-bound page.
            c.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
            // Every statement text a collection's queries produce stays prepared.
            c.set_prepared_statement_cache_capacity(128);
            Ok(Mutex::new(c))
        };
        let connections = (0..count)
            .map(|_| open())
            .collect::<rusqlite::Result<_>>()
            .map_err(Error::internal)?;
        Ok(Self { connections })
    }

    /// The rows `sql` selects, each made by `map`, or `None` when every connection is in
    /// use, the database is busy, or the read ran past its budget: the caller then reads
    /// through the pool.
    pub fn rows<T>(&self, sql: &str, binds: &[Bind], map: RowMap<T>) -> Option<Result<Vec<T>>> {
        let connection = self.connections.iter().find_map(|c| c.try_lock().ok())?;
        let deadline = Instant::now() + Self::BUDGET;
        connection
            .progress_handler(Self::CHECK_EVERY, Some(move || Instant::now() > deadline))
            .ok()?;
        match run(&connection, sql, binds, map) {
            Ok(rows) => Some(Ok(rows)),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::OperationInterrupted
                        | rusqlite::ErrorCode::DatabaseBusy
                        | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                None
            }
            Err(e) => Some(Err(Error::internal(e))),
        }
    }
}

/// Makes a value from a row that `InlineReaders::rows` read.
pub type RowMap<T> = fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>;

/// An item from columns as `cms::item_columns` lists them.
pub fn stored_item(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredItem> {
    Ok(StoredItem {
        id: row.get(0)?,
        owner: row.get(1)?,
        created_at: row.get(2)?,
        updated_at: row.get(3)?,
        data: row.get(4)?,
    })
}

fn run<T>(
    connection: &Connection,
    sql: &str,
    binds: &[Bind],
    map: RowMap<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut statement = connection.prepare_cached(sql)?;
    // Parameters are named `$1`, `$2`, … and may appear in any order in the text.
    for index in 1..=statement.parameter_count() {
        let bind = statement
            .parameter_name(index)
            .and_then(|name| name.strip_prefix('$')?.parse::<usize>().ok())
            .and_then(|n| binds.get(n.checked_sub(1)?))
            .ok_or(rusqlite::Error::InvalidParameterCount(index, binds.len()))?;
        statement.raw_bind_parameter(index, bind)?;
    }
    let mut rows = statement.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(map(row)?);
    }
    Ok(out)
}

impl ToSql for Bind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Bind::Text(s) => ToSqlOutput::from(s.as_str()),
            Bind::Int(i) => ToSqlOutput::from(*i),
            Bind::Real(f) => ToSqlOutput::from(*f),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readers(dir: &Path) -> InlineReaders {
        let path = dir.join("t.db");
        Connection::open(&path)
            .and_then(|c| c.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x)"))
            .unwrap();
        InlineReaders::open(&path, 1).unwrap()
    }

    #[test]
    fn binds_parameters_by_their_number() {
        let dir = tempfile::tempdir().unwrap();
        let r = readers(dir.path());
        let binds = [Bind::Int(7), Bind::Text("b".into()), Bind::Real(1.5)];
        let items = r
            .rows(
                "SELECT $2, NULL, $1, CAST($3 * 2 AS INTEGER), '{}'",
                &binds,
                stored_item,
            )
            .unwrap()
            .unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].id, "b");
        assert_eq!(items[0].owner, None);
        assert_eq!((items[0].created_at, items[0].updated_at), (7, 3));
    }

    #[test]
    fn a_read_past_its_budget_or_without_a_free_connection_is_left_to_the_pool() {
        let dir = tempfile::tempdir().unwrap();
        let r = readers(dir.path());
        let slow = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)
                    SELECT 'a', NULL, 0, 0, '{}' FROM n WHERE x < 0";
        let started = Instant::now();
        assert!(r.rows(slow, &[], stored_item).is_none());
        assert!(started.elapsed() < Duration::from_millis(200));
        // The connection is usable again, and a busy one is not waited for.
        assert!(
            r.rows("SELECT 'a', NULL, 0, 0, '{}'", &[], stored_item)
                .is_some()
        );
        let _held = r.connections[0].lock().unwrap();
        assert!(
            r.rows("SELECT 'a', NULL, 0, 0, '{}'", &[], stored_item)
                .is_none()
        );
    }

    #[test]
    fn other_errors_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let r = readers(dir.path());
        assert!(
            r.rows("SELECT nope FROM t", &[], stored_item)
                .unwrap()
                .is_err()
        );
    }
}
