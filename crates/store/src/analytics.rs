//! Site analytics' hits, rollups, salts and settings, for both backends
//! (`impl_analytics_store!`, stamped out by `impl_store!`).

use tessera_core::{Error, Result, analytics::Sums};

/// Hit columns in the order `insert_hits` binds them.
pub(crate) const HIT_COLUMNS: &str = "site_id, at, visitor, session, kind, entry, path, referrer, \
     source, utm_source, utm_medium, utm_campaign, device, browser, os, language, name, props, \
     duration";
pub(crate) const HIT_WIDTH: usize = 19;
/// Values a rollup row binds.
pub(crate) const ROLLUP_WIDTH: usize = 13;

/// What a dimension groups by and which hits it counts: its SQL from a fixed list, so no
/// caller's text reaches the statement.
fn dimension(dim: &str) -> Result<(&'static str, &'static str)> {
    Ok(match dim {
        "total" => ("''", "1 = 1"),
        "page" => ("path", "1 = 1"),
        "entry" => ("path", "entry = 1"),
        "exit" => ("path", "last = 1"),
        "source" => ("source", "1 = 1"),
        "referrer" => ("referrer", "1 = 1"),
        "utm_source" => ("utm_source", "1 = 1"),
        "utm_medium" => ("utm_medium", "1 = 1"),
        "utm_campaign" => ("utm_campaign", "1 = 1"),
        "device" => ("device", "1 = 1"),
        "browser" => ("browser", "1 = 1"),
        "os" => ("os", "1 = 1"),
        "language" => ("language", "1 = 1"),
        "event" => ("name", "kind = 'event'"),
        _ => return Err(Error::invalid("dimension", format!("no dimension {dim:?}"))),
    })
}

/// The sums of the hits of `$1` in `$2..$3` per dimension of `dims` and value (`total`:
/// one row, zeros when there are none), each row led by its dimension. A page view is its
/// session's last (an exit) when no later page view of the session exists, in the range or
/// after it; a session's entry that is also its last is a bounce. Visitors are those who
/// viewed a page or sent an event: business events the server records (a form submitted)
/// have no visitor (""). The hits are read, and each one's exit found, once for all `dims`
/// (a materialized CTE): a rollup asks for all fourteen at once.
pub(crate) fn sums_sql(dims: &[&str]) -> Result<String> {
    let mut selects = Vec::with_capacity(dims.len());
    for dim in dims {
        let (value, filter) = dimension(dim)?;
        // PostgreSQL groups by no constant: the total is one group without GROUP BY.
        let group = match *dim {
            "total" => String::new(),
            _ => format!(" GROUP BY {value}"),
        };
        selects.push(format!(
            "SELECT '{dim}', {value},
               COALESCE(CAST(SUM(CASE WHEN kind = 'pageview' THEN 1 ELSE 0 END) AS BIGINT), 0),
               COUNT(DISTINCT CASE WHEN kind <> 'engage' AND visitor <> '' THEN visitor END),
               COALESCE(CAST(SUM(entry) AS BIGINT), 0),
               COALESCE(CAST(SUM(entry * last) AS BIGINT), 0),
               COALESCE(CAST(SUM(last) AS BIGINT), 0),
               COALESCE(CAST(SUM(CASE WHEN kind = 'event' THEN 1 ELSE 0 END) AS BIGINT), 0),
               COALESCE(CAST(SUM(CASE WHEN kind = 'engage' THEN 1 ELSE 0 END) AS BIGINT), 0),
               COALESCE(CAST(SUM(duration) AS BIGINT), 0)
             FROM w WHERE {filter}{group}"
        ));
    }
    Ok(format!(
        "WITH w AS MATERIALIZED (
           SELECT h.*, CASE WHEN h.kind = 'pageview' AND NOT EXISTS (
               SELECT 1 FROM analytics_hits n WHERE n.site_id = h.site_id
                 AND n.session = h.session AND n.kind = 'pageview' AND n.at > h.at)
             THEN 1 ELSE 0 END AS last
           FROM analytics_hits h WHERE h.site_id = $1 AND h.at >= $2 AND h.at < $3)
         {}",
        selects.join(" UNION ALL ")
    ))
}

/// A sums row: at, value, views, visitors, sessions, bounces, exits, events, engaged,
/// duration.
pub(crate) type SumsRow = (i64, String, i64, i64, i64, i64, i64, i64, i64, i64);

pub(crate) fn sums(
    (at, value, views, visitors, sessions, bounces, exits, events, engaged, duration): SumsRow,
) -> Sums {
    Sums {
        at,
        value,
        views,
        visitors,
        sessions,
        bounces,
        exits,
        events,
        engaged,
        duration,
    }
}

macro_rules! impl_analytics_store {
    ($store:ty, $d:ty) => {
        #[async_trait::async_trait]
        impl tessera_core::analytics::AnalyticsStore for $store {
            async fn insert_hits(
                &self,
                hits: &[tessera_core::analytics::Hit],
            ) -> tessera_core::Result<()> {
                if hits.is_empty() {
                    return Ok(());
                }
                let mut tx = self.begin_write().await?;
                let rows = <$d as $crate::sql::Dialect>::rows_per_statement(
                    $crate::analytics::HIT_WIDTH,
                );
                for chunk in hits.chunks(rows) {
                    let sql = format!(
                        "INSERT INTO analytics_hits ({}) VALUES {}",
                        $crate::analytics::HIT_COLUMNS,
                        $crate::sql::values_placeholders::<$d>(chunk.len(), $crate::analytics::HIT_WIDTH)
                    );
                    // Placeholders only: values are bound.
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for h in chunk {
                        q = q
                            .bind(h.site_id.to_string())
                            .bind(h.at)
                            .bind(&h.visitor)
                            .bind(&h.session)
                            .bind(&h.kind)
                            .bind(i32::from(h.entry))
                            .bind(&h.path)
                            .bind(&h.referrer)
                            .bind(&h.source)
                            .bind(&h.utm_source)
                            .bind(&h.utm_medium)
                            .bind(&h.utm_campaign)
                            .bind(&h.device)
                            .bind(&h.browser)
                            .bind(&h.os)
                            .bind(&h.language)
                            .bind(&h.name)
                            .bind(&h.props)
                            .bind(h.duration);
                    }
                    q.execute(&mut *tx).await.map_err($crate::db_err)?;
                }
                tx.commit().await.map_err($crate::db_err)
            }

            async fn hit_sums(
                &self,
                site: tessera_core::ids::SiteId,
                dims: &[&str],
                from: tessera_core::Millis,
                to: tessera_core::Millis,
            ) -> tessera_core::Result<Vec<(String, tessera_core::analytics::Sums)>> {
                let sql = $crate::analytics::sums_sql(dims)?;
                let rows: Vec<(String, String, i64, i64, i64, i64, i64, i64, i64, i64)> =
                    sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .bind(site.to_string())
                        .bind(from)
                        .bind(to)
                        .fetch_all(self.read())
                        .await
                        .map_err($crate::db_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(dim, v, a, b, c, d, e, f, g, h)| {
                        (dim, $crate::analytics::sums((from, v, a, b, c, d, e, f, g, h)))
                    })
                    .collect())
            }

            async fn put_rollups(
                &self,
                site: tessera_core::ids::SiteId,
                grain: tessera_core::analytics::Grain,
                rows: &[(String, tessera_core::analytics::Sums)],
                until: tessera_core::Millis,
            ) -> tessera_core::Result<()> {
                let mut tx = self.begin_write().await?;
                // Buckets are rolled up once closed, so two nodes rolling one write the same.
                // A bucket's rows differ in their key, so one statement never updates a row
                // twice.
                let per = <$d as $crate::sql::Dialect>::rows_per_statement(
                    $crate::analytics::ROLLUP_WIDTH,
                );
                for chunk in rows.chunks(per) {
                    let sql = format!(
                        "INSERT INTO analytics_rollups (site_id, grain, dim, at, value, views,
                           visitors, sessions, bounces, exits, events, engaged, duration)
                         VALUES {}
                         ON CONFLICT (site_id, grain, dim, at, value) DO UPDATE SET
                           views = excluded.views, visitors = excluded.visitors,
                           sessions = excluded.sessions, bounces = excluded.bounces,
                           exits = excluded.exits, events = excluded.events,
                           engaged = excluded.engaged, duration = excluded.duration",
                        $crate::sql::values_placeholders::<$d>(chunk.len(), $crate::analytics::ROLLUP_WIDTH)
                    );
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for (dim, s) in chunk {
                        q = q
                            .bind(site.to_string())
                            .bind(grain.as_str())
                            .bind(dim)
                            .bind(s.at)
                            .bind(&s.value)
                            .bind(s.views)
                            .bind(s.visitors)
                            .bind(s.sessions)
                            .bind(s.bounces)
                            .bind(s.exits)
                            .bind(s.events)
                            .bind(s.engaged)
                            .bind(s.duration);
                    }
                    q.execute(&mut *tx).await.map_err($crate::db_err)?;
                }
                sqlx::query(
                    "INSERT INTO analytics_rolled (site_id, grain, until_at) VALUES ($1, $2, $3)
                     ON CONFLICT (site_id, grain) DO UPDATE SET until_at = CASE
                       WHEN excluded.until_at > analytics_rolled.until_at THEN excluded.until_at
                       ELSE analytics_rolled.until_at END",
                )
                .bind(site.to_string())
                .bind(grain.as_str())
                .bind(until)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                tx.commit().await.map_err($crate::db_err)
            }

            async fn rollups(
                &self,
                site: tessera_core::ids::SiteId,
                grain: tessera_core::analytics::Grain,
                dim: &str,
                from: tessera_core::Millis,
                to: tessera_core::Millis,
            ) -> tessera_core::Result<Vec<tessera_core::analytics::Sums>> {
                let rows: Vec<$crate::analytics::SumsRow> = sqlx::query_as(
                    "SELECT at, value, views, visitors, sessions, bounces, exits, events, engaged,
                       duration FROM analytics_rollups
                     WHERE site_id = $1 AND grain = $2 AND dim = $3 AND at >= $4 AND at < $5
                     ORDER BY at, value",
                )
                .bind(site.to_string())
                .bind(grain.as_str())
                .bind(dim)
                .bind(from)
                .bind(to)
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(rows.into_iter().map($crate::analytics::sums).collect())
            }

            async fn rolled_until(
                &self,
                site: tessera_core::ids::SiteId,
                grain: tessera_core::analytics::Grain,
            ) -> tessera_core::Result<Option<tessera_core::Millis>> {
                sqlx::query_scalar(
                    "SELECT until_at FROM analytics_rolled WHERE site_id = $1 AND grain = $2",
                )
                .bind(site.to_string())
                .bind(grain.as_str())
                .fetch_optional(self.write())
                .await
                .map_err($crate::db_err)
            }

            async fn first_hit(
                &self,
                site: tessera_core::ids::SiteId,
                from: tessera_core::Millis,
            ) -> tessera_core::Result<Option<tessera_core::Millis>> {
                sqlx::query_scalar(
                    "SELECT MIN(at) FROM analytics_hits WHERE site_id = $1 AND at >= $2",
                )
                .bind(site.to_string())
                .bind(from)
                .fetch_one(self.read())
                .await
                .map_err($crate::db_err)
            }

            async fn sites_with_hits(
                &self,
                since: tessera_core::Millis,
            ) -> tessera_core::Result<Vec<tessera_core::ids::SiteId>> {
                let rows: Vec<String> =
                    sqlx::query_scalar("SELECT DISTINCT site_id FROM analytics_hits WHERE at >= $1")
                        .bind(since)
                        .fetch_all(self.read())
                        .await
                        .map_err($crate::db_err)?;
                rows.iter()
                    .map(|s| {
                        s.parse()
                            .map_err(|_| tessera_core::Error::internal("a hit's site id"))
                    })
                    .collect()
            }

            async fn prune_hits(
                &self,
                site: tessera_core::ids::SiteId,
                before: tessera_core::Millis,
            ) -> tessera_core::Result<u64> {
                let done = sqlx::query("DELETE FROM analytics_hits WHERE site_id = $1 AND at < $2")
                    .bind(site.to_string())
                    .bind(before)
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                Ok(done.rows_affected())
            }

            async fn day_salt(
                &self,
                site: tessera_core::ids::SiteId,
                day: &str,
                fresh: &str,
            ) -> tessera_core::Result<String> {
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "INSERT INTO analytics_salts (site_id, day, salt) VALUES ($1, $2, $3)
                     ON CONFLICT (site_id, day) DO NOTHING",
                )
                .bind(site.to_string())
                .bind(day)
                .bind(fresh)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                // Days as YYYY-MM-DD sort as text: earlier days' salts go.
                sqlx::query("DELETE FROM analytics_salts WHERE site_id = $1 AND day < $2")
                    .bind(site.to_string())
                    .bind(day)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                let salt: String = sqlx::query_scalar(
                    "SELECT salt FROM analytics_salts WHERE site_id = $1 AND day = $2",
                )
                .bind(site.to_string())
                .bind(day)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(salt)
            }

            async fn analytics_settings(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<tessera_core::analytics::AnalyticsSettings> {
                let row: Option<(String, i64)> = sqlx::query_as(
                    "SELECT time_zone, CAST(retention_days AS BIGINT) FROM analytics_settings
                     WHERE site_id = $1",
                )
                .bind(site.to_string())
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(row
                    .map(|(time_zone, retention_days)| tessera_core::analytics::AnalyticsSettings {
                        time_zone,
                        retention_days,
                    })
                    .unwrap_or_default())
            }

            async fn put_analytics_settings(
                &self,
                site: tessera_core::ids::SiteId,
                s: &tessera_core::analytics::AnalyticsSettings,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO analytics_settings (site_id, time_zone, retention_days)
                     VALUES ($1, $2, $3) ON CONFLICT (site_id) DO UPDATE SET
                       time_zone = excluded.time_zone, retention_days = excluded.retention_days",
                )
                .bind(site.to_string())
                .bind(&s.time_zone)
                .bind(s.retention_days as i32)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn seo_report(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Option<tessera_core::analytics::SeoReportRow>> {
                let row: Option<(i64, i64, String)> = sqlx::query_as(
                    "SELECT version, ran_at, report FROM seo_reports WHERE site_id = $1",
                )
                .bind(site.to_string())
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(row.map(|(version, ran_at, report)| {
                    tessera_core::analytics::SeoReportRow {
                        version,
                        ran_at,
                        report,
                    }
                }))
            }

            async fn put_seo_report(
                &self,
                site: tessera_core::ids::SiteId,
                row: &tessera_core::analytics::SeoReportRow,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO seo_reports (site_id, version, ran_at, report)
                     VALUES ($1, $2, $3, $4) ON CONFLICT (site_id) DO UPDATE SET
                       version = excluded.version, ran_at = excluded.ran_at,
                       report = excluded.report",
                )
                .bind(site.to_string())
                .bind(row.version)
                .bind(row.ran_at)
                .bind(&row.report)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }
        }
    };
}
pub(crate) use impl_analytics_store;
