//! Sites' bookings, for both backends (`impl_booking_store!`, stamped out by `impl_store!`).
//!
//! Double booking is ruled out by writing a booking in a transaction that first takes the
//! row of what it books (`booking_locks`: the staff member, or the session) and then counts
//! what already holds it: on PostgreSQL the second of two concurrent bookings waits for the
//! first's row lock, and its count (a new statement under READ COMMITTED) then sees the
//! first; SQLite has one writer.

use tessera_core::{bookings::BookingRecord, ids::SiteId};

#[derive(sqlx::FromRow)]
pub(crate) struct BookingRow {
    site_id: String,
    id: String,
    service_id: String,
    resource_id: String,
    other_resources: String,
    session_key: String,
    start_at: i64,
    end_at: i64,
    busy_from: i64,
    busy_to: i64,
    status: String,
    payment_status: String,
    participants: i32,
    hold_until: Option<i64>,
    remind_at: Option<i64>,
    member_id: Option<String>,
    email: String,
    revision: i64,
    created_at: i64,
    updated_at: i64,
    doc: String,
}

/// Whether a booking holds its time at `$now`.
pub(crate) const HOLDS: &str = "(status IN ('PENDING', 'CONFIRMED')
     OR (status = 'CREATED' AND (hold_until IS NULL OR hold_until > $now)))";

impl BookingRow {
    pub(crate) fn into_domain(self) -> tessera_core::Result<BookingRecord> {
        Ok(BookingRecord {
            site_id: self
                .site_id
                .parse::<SiteId>()
                .map_err(|e| tessera_core::Error::internal(format!("booking site: {e}")))?,
            id: self.id,
            service_id: self.service_id,
            resource_id: self.resource_id,
            other_resources: serde_json::from_str(&self.other_resources)
                .map_err(|e| tessera_core::Error::internal(format!("booking resources: {e}")))?,
            session_key: self.session_key,
            start: self.start_at,
            end: self.end_at,
            busy_from: self.busy_from,
            busy_to: self.busy_to,
            status: self.status,
            payment_status: self.payment_status,
            participants: i64::from(self.participants),
            hold_until: self.hold_until,
            remind_at: self.remind_at,
            member_id: self.member_id,
            email: self.email,
            revision: self.revision,
            created_at: self.created_at,
            updated_at: self.updated_at,
            doc: serde_json::from_str(&self.doc)
                .map_err(|e| tessera_core::Error::internal(format!("booking {e}")))?,
        })
    }
}

/// `HOLDS` with its time as the numbered parameter `n`.
pub(crate) fn holds_at(n: usize) -> String {
    HOLDS.replace("$now", &format!("${n}"))
}

/// Bookings' rows where `where_` holds.
pub(crate) fn select(where_: &str) -> String {
    format!("SELECT * FROM bookings WHERE {where_}")
}

/// The lock rows' keys for a check of `b`, in one order for every booking (so that two
/// bookings of the same resources never wait on each other crosswise).
pub(crate) fn lock_keys(
    b: &BookingRecord,
    check: &tessera_core::bookings::SlotCheck,
) -> Vec<String> {
    use tessera_core::bookings::SlotCheck;
    let mut keys: Vec<String> = match check {
        SlotCheck::Free => std::iter::once(&b.resource_id)
            .chain(&b.other_resources)
            .map(|r| format!("resource:{r}"))
            .collect(),
        SlotCheck::Capacity { session_key, .. } => vec![format!("session:{session_key}")],
        SlotCheck::Overridden => Vec::new(),
    };
    keys.sort();
    keys.dedup();
    keys
}

/// Busy times of bookings holding `$2` (a list of resource ids, as `in_texts` reads it) that
/// overlap `$4..$3` and hold at `$5`, the staff member's and other resources' alike, from the
/// narrow rows of `booking_resources` (not the bookings' wide ones).
pub(crate) fn busy_sql(in_resources: &str) -> String {
    format!(
        "SELECT resource_id, busy_from, busy_to FROM booking_resources
         WHERE site_id = $1 AND {in_resources} AND busy_from < $3 AND busy_to > $4 AND {}",
        holds_at(5)
    )
}

/// Busy times as `busy_times` reads them (`from to resource`, separated by commas; resource
/// ids are UUIDs), per resource and in order.
pub(crate) fn busy_lists(text: &str) -> tessera_core::Result<tessera_core::bookings::BusyTimes> {
    let mut lists: std::collections::HashMap<&str, Vec<(i64, i64)>> = Default::default();
    for entry in text.split(',').filter(|e| !e.is_empty()) {
        let mut parts = entry.splitn(3, ' ');
        let (Some(from), Some(to), Some(resource)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(tessera_core::Error::internal(format!(
                "busy time {entry:?}"
            )));
        };
        let times = (from.parse(), to.parse());
        let (Ok(from), Ok(to)) = times else {
            return Err(tessera_core::Error::internal(format!(
                "busy time {entry:?}"
            )));
        };
        lists.entry(resource).or_default().push((from, to));
    }
    Ok(lists
        .into_iter()
        .map(|(resource, mut times)| {
            times.sort_unstable();
            (resource.to_string(), times)
        })
        .collect())
}

pub(crate) fn taken(message: impl Into<String>) -> tessera_core::Error {
    tessera_core::Error::conflict("slot", message)
}

macro_rules! impl_booking_store {
    ($store:ty, $d:ty) => {
        impl $store {
            /// Makes `booking_resources` name what `b` holds (its staff member and other
            /// resources), with its busy times and what decides whether it still holds them.
            async fn hold_resources<'c>(
                tx: &mut sqlx::Transaction<'c, <$d as $crate::sql::Dialect>::Db>,
                b: &tessera_core::bookings::BookingRecord,
            ) -> tessera_core::Result<()> {
                let site = b.site_id.to_string();
                sqlx::query("DELETE FROM booking_resources WHERE site_id = $1 AND booking_id = $2")
                    .bind(&site)
                    .bind(&b.id)
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::db_err)?;
                let held = std::iter::once(&b.resource_id)
                    .filter(|r| !r.is_empty())
                    .chain(&b.other_resources);
                for r in held {
                    sqlx::query(
                        "INSERT INTO booking_resources (site_id, booking_id, resource_id,
                           busy_from, busy_to, status, hold_until)
                         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                    )
                    .bind(&site)
                    .bind(&b.id)
                    .bind(r)
                    .bind(b.busy_from)
                    .bind(b.busy_to)
                    .bind(&b.status)
                    .bind(b.hold_until)
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::db_err)?;
                }
                Ok(())
            }

            /// Takes the lock row of what `check` books and checks it, in `tx`.
            async fn check_slot<'c>(
                tx: &mut sqlx::Transaction<'c, <$d as $crate::sql::Dialect>::Db>,
                b: &tessera_core::bookings::BookingRecord,
                check: &tessera_core::bookings::SlotCheck,
                now: tessera_core::Millis,
            ) -> tessera_core::Result<()> {
                use tessera_core::bookings::SlotCheck;
                let site = b.site_id.to_string();
                for key in $crate::bookings::lock_keys(b, check) {
                    sqlx::query(
                        "INSERT INTO booking_locks (site_id, lock_key, n) VALUES ($1, $2, 1)
                         ON CONFLICT (site_id, lock_key) DO UPDATE SET n = booking_locks.n + 1",
                    )
                    .bind(&site)
                    .bind(&key)
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::db_err)?;
                }
                match check {
                    SlotCheck::Free => {
                        // Any booking but this one holding one of its resources then.
                        let resources: Vec<&String> =
                            std::iter::once(&b.resource_id).chain(&b.other_resources).collect();
                        let sql = format!(
                            "SELECT count(*) FROM ({}) busy",
                            $crate::bookings::busy_sql(&format!(
                                "booking_id <> $6 AND {}",
                                <$d as $crate::sql::Dialect>::in_texts("resource_id", "$2")
                            ))
                        );
                        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                            .bind(&site)
                            .bind(serde_json::to_string(&resources).unwrap_or_default())
                            .bind(b.busy_to)
                            .bind(b.busy_from)
                            .bind(now)
                            .bind(&b.id)
                            .fetch_one(&mut **tx)
                            .await
                            .map_err($crate::db_err)?;
                        if n > 0 {
                            return Err($crate::bookings::taken(
                                "the staff member or a resource is booked at that time",
                            ));
                        }
                    }
                    SlotCheck::Capacity {
                        session_key,
                        capacity,
                    } => {
                        let sql = format!(
                            "SELECT COALESCE(SUM(participants), 0) FROM bookings
                             WHERE site_id = $1 AND session_key = $2 AND id <> $3 AND {}",
                            $crate::bookings::holds_at(4)
                        );
                        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                            .bind(&site)
                            .bind(session_key)
                            .bind(&b.id)
                            .bind(now)
                            .fetch_one(&mut **tx)
                            .await
                            .map_err($crate::db_err)?;
                        if n + b.participants > *capacity {
                            return Err($crate::bookings::taken(format!(
                                "the session has {} of {capacity} places left",
                                (capacity - n).max(0)
                            )));
                        }
                    }
                    SlotCheck::Overridden => {}
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl tessera_core::bookings::BookingStore for $store {
            async fn insert_booking(
                &self,
                b: &tessera_core::bookings::BookingRecord,
                check: &tessera_core::bookings::SlotCheck,
                now: tessera_core::Millis,
            ) -> tessera_core::Result<()> {
                let mut tx = self.begin_write().await?;
                Self::check_slot(&mut tx, b, check, now).await?;
                sqlx::query(
                    "INSERT INTO bookings (site_id, id, service_id, resource_id, session_key,
                       start_at, end_at, busy_from, busy_to, status, payment_status, participants,
                       hold_until, remind_at, member_id, email, revision, created_at, updated_at,
                       doc, other_resources)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                       $16, $17, $18, $19, $20, $21)",
                )
                .bind(b.site_id.to_string())
                .bind(&b.id)
                .bind(&b.service_id)
                .bind(&b.resource_id)
                .bind(&b.session_key)
                .bind(b.start)
                .bind(b.end)
                .bind(b.busy_from)
                .bind(b.busy_to)
                .bind(&b.status)
                .bind(&b.payment_status)
                .bind(b.participants as i32)
                .bind(b.hold_until)
                .bind(b.remind_at)
                .bind(&b.member_id)
                .bind(&b.email)
                .bind(b.revision)
                .bind(b.created_at)
                .bind(b.updated_at)
                .bind(b.doc.to_string())
                .bind(serde_json::to_string(&b.other_resources).unwrap_or_default())
                .execute(&mut *tx)
                .await
                .map_err(|e| $crate::unique_or_internal(e, "_id", "booking id taken"))?;
                Self::hold_resources(&mut tx, b).await?;
                tx.commit().await.map_err($crate::db_err)
            }

            async fn update_booking(
                &self,
                b: &tessera_core::bookings::BookingRecord,
                revision: i64,
                check: Option<&tessera_core::bookings::SlotCheck>,
                now: tessera_core::Millis,
            ) -> tessera_core::Result<()> {
                let mut tx = self.begin_write().await?;
                if let Some(check) = check {
                    Self::check_slot(&mut tx, b, check, now).await?;
                }
                let done = sqlx::query(
                    "UPDATE bookings SET service_id = $3, resource_id = $4, session_key = $5,
                       start_at = $6, end_at = $7, busy_from = $8, busy_to = $9, status = $10,
                       payment_status = $11, participants = $12, hold_until = $13,
                       remind_at = $14, member_id = $15, email = $16, revision = $17,
                       updated_at = $18, doc = $19, other_resources = $21
                     WHERE site_id = $1 AND id = $2 AND revision = $20",
                )
                .bind(b.site_id.to_string())
                .bind(&b.id)
                .bind(&b.service_id)
                .bind(&b.resource_id)
                .bind(&b.session_key)
                .bind(b.start)
                .bind(b.end)
                .bind(b.busy_from)
                .bind(b.busy_to)
                .bind(&b.status)
                .bind(&b.payment_status)
                .bind(b.participants as i32)
                .bind(b.hold_until)
                .bind(b.remind_at)
                .bind(&b.member_id)
                .bind(&b.email)
                .bind(b.revision)
                .bind(b.updated_at)
                .bind(b.doc.to_string())
                .bind(revision)
                .bind(serde_json::to_string(&b.other_resources).unwrap_or_default())
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                if done.rows_affected() == 0 {
                    return Err(tessera_core::Error::conflict(
                        "revision",
                        format!("booking {} changed since revision {revision}", b.id),
                    ));
                }
                Self::hold_resources(&mut tx, b).await?;
                tx.commit().await.map_err($crate::db_err)
            }

            async fn booking(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
            ) -> tessera_core::Result<Option<tessera_core::bookings::BookingRecord>> {
                let sql = $crate::bookings::select("site_id = $1 AND id = $2");
                let row: Option<$crate::bookings::BookingRow> =
                    sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .bind(site.to_string())
                        .bind(id)
                        .fetch_optional(self.read())
                        .await
                        .map_err($crate::db_err)?;
                row.map($crate::bookings::BookingRow::into_domain).transpose()
            }

            async fn bookings(
                &self,
                site: tessera_core::ids::SiteId,
                f: &tessera_core::bookings::BookingFilter,
                offset: u64,
                limit: u64,
            ) -> tessera_core::Result<(Vec<tessera_core::bookings::BookingRecord>, u64)> {
                // Lists travel as ",a,b," and are matched with LIKE, as store orders' are.
                let list = |l: &[String]| {
                    if l.is_empty() {
                        String::new()
                    } else {
                        format!(",{},", l.join(","))
                    }
                };
                let where_ = "site_id = $1
                    AND ($2 IS NULL OR end_at > $2) AND ($3 IS NULL OR start_at < $3)
                    AND ($4 = '' OR $4 LIKE '%,' || service_id || ',%')
                    AND ($5 = '' OR $5 LIKE '%,' || resource_id || ',%')
                    AND ($6 = '' OR $6 LIKE '%,' || status || ',%')
                    AND ($7 IS NULL OR member_id = $7)
                    AND ($8 IS NULL OR lower(email) = lower($8))
                    AND ($9 IS NULL OR session_key = $9)";
                let sql = format!(
                    "{} ORDER BY start_at, id LIMIT $10 OFFSET $11",
                    $crate::bookings::select(where_)
                );
                let rows: Vec<$crate::bookings::BookingRow> =
                    sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .bind(site.to_string())
                        .bind(f.from)
                        .bind(f.to)
                        .bind(list(&f.service_ids))
                        .bind(list(&f.resource_ids))
                        .bind(list(&f.statuses))
                        .bind(&f.member_id)
                        .bind(&f.email)
                        .bind(&f.session_key)
                        .bind(limit as i64)
                        .bind(offset as i64)
                        .fetch_all(self.read())
                        .await
                        .map_err($crate::db_err)?;
                let sql = format!("SELECT count(*) FROM bookings WHERE {where_}");
                let (total,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(f.from)
                    .bind(f.to)
                    .bind(list(&f.service_ids))
                    .bind(list(&f.resource_ids))
                    .bind(list(&f.statuses))
                    .bind(&f.member_id)
                    .bind(&f.email)
                    .bind(&f.session_key)
                    .fetch_one(self.read())
                    .await
                    .map_err($crate::db_err)?;
                let found = rows
                    .into_iter()
                    .map($crate::bookings::BookingRow::into_domain)
                    .collect::<tessera_core::Result<_>>()?;
                Ok((found, total as u64))
            }

            async fn busy_times(
                &self,
                site: tessera_core::ids::SiteId,
                resources: &[String],
                from: tessera_core::Millis,
                to: tessera_core::Millis,
                now: tessera_core::Millis,
            ) -> tessera_core::Result<tessera_core::bookings::BusyTimes> {
                if resources.is_empty() {
                    return Ok(Vec::new());
                }
                // One row of text (`string_agg`, on both backends): no row per booking to
                // hand over, and no sorting or grouping in the database; done here instead.
                let sql = format!(
                    "SELECT string_agg(CAST(busy_from AS TEXT) || ' ' || \
                       CAST(busy_to AS TEXT) || ' ' || resource_id, ',') FROM ({}) busy",
                    $crate::bookings::busy_sql(&<$d as $crate::sql::Dialect>::in_texts(
                        "resource_id",
                        "$2"
                    ))
                );
                let (all,): (Option<String>,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(serde_json::to_string(resources).unwrap_or_default())
                    .bind(to)
                    .bind(from)
                    .bind(now)
                    .fetch_one(self.read())
                    .await
                    .map_err($crate::db_err)?;
                $crate::bookings::busy_lists(all.as_deref().unwrap_or_default())
            }

            async fn session_counts(
                &self,
                site: tessera_core::ids::SiteId,
                keys: &[String],
                now: tessera_core::Millis,
            ) -> tessera_core::Result<Vec<(String, i64, i64)>> {
                if keys.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = format!(
                    "SELECT session_key,
                       COALESCE(SUM(CASE WHEN {} THEN participants ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN status = 'WAITING_LIST' THEN 1 ELSE 0 END), 0)
                     FROM bookings WHERE site_id = $1 AND {}
                     GROUP BY session_key",
                    $crate::bookings::holds_at(3),
                    <$d as $crate::sql::Dialect>::in_texts("session_key", "$2"),
                );
                let rows: Vec<(String, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(serde_json::to_string(keys).unwrap_or_default())
                    .bind(now)
                    .fetch_all(self.read())
                    .await
                    .map_err($crate::db_err)?;
                Ok(rows)
            }

            async fn due_bookings(
                &self,
                now: tessera_core::Millis,
                limit: u64,
            ) -> tessera_core::Result<Vec<tessera_core::bookings::BookingRecord>> {
                let sql = $crate::bookings::select(
                    "(remind_at IS NOT NULL AND remind_at <= $1)
                     OR (status = 'CREATED' AND hold_until IS NOT NULL AND hold_until <= $1)
                     LIMIT $2",
                );
                let rows: Vec<$crate::bookings::BookingRow> =
                    sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .bind(now)
                        .bind(limit as i64)
                        .fetch_all(self.read())
                        .await
                        .map_err($crate::db_err)?;
                rows.into_iter()
                    .map($crate::bookings::BookingRow::into_domain)
                    .collect()
            }
        }
    };
}
pub(crate) use impl_booking_store;

#[cfg(test)]
mod tests {
    #[test]
    fn busy_lists_are_per_resource_and_in_order() {
        let mut lists = super::busy_lists("30 40 a,10 20 b,5 8 a").unwrap();
        lists.sort();
        assert_eq!(
            lists,
            [
                ("a".to_string(), vec![(5, 8), (30, 40)]),
                ("b".to_string(), vec![(10, 20)])
            ]
        );
        assert!(super::busy_lists("").unwrap().is_empty());
        assert!(super::busy_lists("1 x a").is_err());
    }
}
