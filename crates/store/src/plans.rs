//! Pricing plans' orders, for both backends (`impl_plan_store!`, stamped out by
//! `impl_store!`).

use tessera_core::{ids::SiteId, plans::PlanOrder};

/// A `plan_orders` row: id, plan_id, member_id, status, due_at, created_at, updated_at,
/// revision, doc.
pub(crate) type Row = (
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    i64,
    i64,
    String,
);

pub(crate) fn order(site_id: SiteId, row: Row) -> tessera_core::Result<PlanOrder> {
    let (id, plan_id, member_id, status, due_at, created_at, updated_at, revision, doc) = row;
    Ok(PlanOrder {
        site_id,
        id,
        plan_id,
        member_id,
        status,
        due_at,
        created_at,
        updated_at,
        revision,
        doc: serde_json::from_str(&doc)
            .map_err(|_| tessera_core::Error::internal("a plan order's document"))?,
    })
}

/// A list for a `',' || $n || ','` LIKE test: empty when the condition is not asked.
pub(crate) fn listed(values: &[String]) -> String {
    values.join(",")
}

macro_rules! impl_plan_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl tessera_core::plans::PlanStore for $store {
            async fn insert_plan_order(
                &self,
                o: &tessera_core::plans::PlanOrder,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO plan_orders (site_id, id, plan_id, member_id, status, due_at,
                       created_at, updated_at, revision, doc)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(o.site_id.to_string())
                .bind(&o.id)
                .bind(&o.plan_id)
                .bind(&o.member_id)
                .bind(&o.status)
                .bind(o.due_at)
                .bind(o.created_at)
                .bind(o.updated_at)
                .bind(o.revision)
                .bind(o.doc.to_string())
                .execute(self.write())
                .await
                .map_err(|e| {
                    $crate::unique_or_internal(e, "id", "the site has an order with this id")
                })?;
                Ok(())
            }

            async fn plan_order(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
            ) -> tessera_core::Result<Option<tessera_core::plans::PlanOrder>> {
                let row: Option<$crate::plans::Row> = sqlx::query_as(
                    "SELECT id, plan_id, member_id, status, due_at, created_at, updated_at, revision, doc
                       FROM plan_orders WHERE site_id = $1 AND id = $2",
                )
                .bind(site.to_string())
                .bind(id)
                .fetch_optional(self.write())
                .await
                .map_err($crate::db_err)?;
                row.map(|r| $crate::plans::order(site, r)).transpose()
            }

            async fn plan_orders(
                &self,
                site: tessera_core::ids::SiteId,
                f: &tessera_core::plans::PlanOrderFilter,
                offset: u64,
                limit: u32,
            ) -> tessera_core::Result<(Vec<tessera_core::plans::PlanOrder>, u64)> {
                // Each condition is off when its parameter is empty.
                let plans = $crate::plans::listed(&f.plan_ids);
                let member = f.member_id.clone().unwrap_or_default();
                let statuses = $crate::plans::listed(&f.statuses);
                let rows: Vec<$crate::plans::Row> = sqlx::query_as(
                    "SELECT id, plan_id, member_id, status, due_at, created_at, updated_at, revision, doc
                       FROM plan_orders WHERE site_id = $1
                      AND ($2 = '' OR ',' || $2 || ',' LIKE '%,' || plan_id || ',%')
                      AND ($3 = '' OR member_id = $3)
                      AND ($4 = '' OR ',' || $4 || ',' LIKE '%,' || status || ',%')
                      ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6",
                )
                .bind(site.to_string())
                .bind(&plans)
                .bind(&member)
                .bind(&statuses)
                .bind(i64::from(limit))
                .bind(offset as i64)
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                let (total,): (i64,) =
                    sqlx::query_as(
                    "SELECT COUNT(*) FROM plan_orders WHERE site_id = $1
                      AND ($2 = '' OR ',' || $2 || ',' LIKE '%,' || plan_id || ',%')
                      AND ($3 = '' OR member_id = $3)
                      AND ($4 = '' OR ',' || $4 || ',' LIKE '%,' || status || ',%')",
                )
                        .bind(site.to_string())
                        .bind(&plans)
                        .bind(&member)
                        .bind(&statuses)
                        .fetch_one(self.read())
                        .await
                        .map_err($crate::db_err)?;
                let orders = rows
                    .into_iter()
                    .map(|r| $crate::plans::order(site, r))
                    .collect::<tessera_core::Result<Vec<_>>>()?;
                Ok((orders, total as u64))
            }

            async fn update_plan_order(
                &self,
                o: &tessera_core::plans::PlanOrder,
            ) -> tessera_core::Result<tessera_core::plans::PlanOrder> {
                let done = sqlx::query(
                    "UPDATE plan_orders SET status = $4, due_at = $5, updated_at = $6, doc = $7,
                       revision = revision + 1
                     WHERE site_id = $1 AND id = $2 AND revision = $3",
                )
                .bind(o.site_id.to_string())
                .bind(&o.id)
                .bind(o.revision)
                .bind(&o.status)
                .bind(o.due_at)
                .bind(o.updated_at)
                .bind(o.doc.to_string())
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                if done.rows_affected() == 0 {
                    return Err(match self.plan_order(o.site_id, &o.id).await? {
                        Some(_) => tessera_core::Error::conflict(
                            "revision",
                            "the order changed since it was read",
                        ),
                        None => tessera_core::Error::NotFound("order"),
                    });
                }
                Ok(tessera_core::plans::PlanOrder {
                    revision: o.revision + 1,
                    ..o.clone()
                })
            }

            async fn due_plan_orders(
                &self,
                now: tessera_core::Millis,
                limit: u32,
            ) -> tessera_core::Result<Vec<(tessera_core::ids::SiteId, String)>> {
                let rows: Vec<(String, String)> = sqlx::query_as(
                    "SELECT site_id, id FROM plan_orders
                      WHERE due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at LIMIT $2",
                )
                .bind(now)
                .bind(i64::from(limit))
                .fetch_all(self.write())
                .await
                .map_err($crate::db_err)?;
                rows.into_iter()
                    .map(|(site, id)| {
                        site.parse()
                            .map(|s| (s, id))
                            .map_err(|_| tessera_core::Error::internal("a plan order's site id"))
                    })
                    .collect()
            }
        }
    };
}
pub(crate) use impl_plan_store;
