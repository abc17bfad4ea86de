//! Sites' stock and orders, for both backends (`impl_commerce_store!`, stamped out by
//! `impl_store!`).
//!
//! Overselling is ruled out by conditional updates: a hold raises `reserved` only where
//! `quantity - reserved` covers it, in one statement, so on PostgreSQL a second checkout of
//! the same variant waits for the first's row lock and then sees its hold (READ COMMITTED
//! evaluates the condition again on the row as committed); SQLite has one writer. An order's
//! variants are locked in one order (sorted), so two orders never wait on each other.

use tessera_core::{
    commerce::{OrderFilter, OrderRecord, StockLevel},
    ids::SiteId,
};

pub(crate) type StockRow = (String, String, i32, i64, i64, i32, i32);

pub(crate) const STOCK_COLUMNS: &str =
    "product_id, variant_id, track_quantity, quantity, reserved, in_stock, preorder";

pub(crate) fn stock(row: StockRow) -> StockLevel {
    let (product_id, variant_id, track, quantity, reserved, in_stock, preorder) = row;
    StockLevel {
        product_id,
        variant_id,
        track_quantity: track != 0,
        quantity,
        reserved,
        in_stock: in_stock != 0,
        preorder: preorder != 0,
    }
}

pub(crate) type OrderRow = (
    String,
    i64,
    Option<String>,
    String,
    String,
    String,
    i32,
    String,
    String,
    i64,
    i64,
    i64,
    String,
);

pub(crate) const ORDER_COLUMNS: &str = "id, number, checkout_id, status, payment_status, \
     fulfillment_status, archived, buyer_email, buyer_name, created_at, updated_at, revision, doc";

pub(crate) fn order(site_id: SiteId, row: OrderRow) -> tessera_core::Result<OrderRecord> {
    let (
        id,
        number,
        checkout_id,
        status,
        payment_status,
        fulfillment_status,
        archived,
        buyer_email,
        buyer_name,
        created_at,
        updated_at,
        revision,
        doc,
    ) = row;
    Ok(OrderRecord {
        site_id,
        doc: serde_json::from_str(&doc)
            .map_err(|e| tessera_core::Error::internal(format!("order {id}: {e}")))?,
        id,
        number,
        checkout_id,
        status,
        payment_status,
        fulfillment_status,
        archived: archived != 0,
        buyer_email,
        buyer_name,
        created_at,
        updated_at,
        revision,
    })
}

/// The condition of a search, over binds `$1` (site) to `$9`; see `filter_binds`.
pub(crate) const ORDER_FILTER: &str = "site_id = $1
     AND ($2 = '' OR $2 LIKE '%,' || status || ',%')
     AND ($3 = '' OR $3 LIKE '%,' || payment_status || ',%')
     AND ($4 = '' OR $4 LIKE '%,' || fulfillment_status || ',%')
     AND ($5 IS NULL OR archived = $5)
     AND ($6 IS NULL OR CAST(number AS TEXT) = $7 OR lower(buyer_email) LIKE $6 ESCAPE '\\'
          OR lower(buyer_name) LIKE $6 ESCAPE '\\')
     AND ($8 IS NULL OR created_at >= $8)
     AND ($9 IS NULL OR created_at < $9)";

pub(crate) type FilterBinds = (
    String,
    String,
    String,
    Option<i32>,
    Option<String>,
    String,
    Option<i64>,
    Option<i64>,
);

pub(crate) fn filter_binds(f: &OrderFilter) -> FilterBinds {
    let list = |l: &[String]| {
        if l.is_empty() {
            String::new()
        } else {
            format!(",{},", l.join(","))
        }
    };
    let search = f.search.as_ref().map(|s| s.trim().to_lowercase());
    let like = search.as_ref().map(|s| {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    });
    (
        list(&f.status),
        list(&f.payment_status),
        list(&f.fulfillment_status),
        f.archived.map(i32::from),
        like,
        search.unwrap_or_default(),
        f.created_from,
        f.created_to,
    )
}

pub(crate) type BasketRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i32,
    Option<i64>,
    i64,
    i64,
    String,
);

pub(crate) const BASKET_COLUMNS: &str =
    "id, visitor_id, member_id, email, completed, abandoned_at, created_at, updated_at, doc";

pub(crate) fn basket(
    site_id: SiteId,
    kind: tessera_core::commerce::BasketKind,
    row: BasketRow,
) -> tessera_core::Result<tessera_core::commerce::Basket> {
    let (id, visitor_id, member_id, email, completed, abandoned_at, created_at, updated_at, doc) =
        row;
    Ok(tessera_core::commerce::Basket {
        site_id,
        kind,
        doc: serde_json::from_str(&doc)
            .map_err(|e| tessera_core::Error::internal(format!("{} {id}: {e}", kind.as_str())))?,
        id,
        visitor_id,
        member_id,
        email,
        completed: completed != 0,
        abandoned_at,
        created_at,
        updated_at,
    })
}

/// A line that takes more than is available.
pub(crate) fn insufficient(line: &tessera_core::commerce::StockLine) -> tessera_core::Error {
    tessera_core::Error::conflict(
        "inventory",
        format!(
            "product {} variant {}: not enough in stock for {}",
            line.product_id, line.variant_id, line.quantity
        ),
    )
}

macro_rules! impl_commerce_store {
    ($store:ty, $d:ty) => {
        impl $store {
            /// The order's holds go (what they held off `reserved`) and its `lines` leave the
            /// shelf (tracked quantities go down; no lines: the holds are only released), one
            /// statement per item; true when that changed what is available (a hold released,
            /// or a line with no hold for all of it, as when its hold expired).
            async fn sell(
                tx: &mut sqlx::Transaction<'static, <$d as $crate::sql::Dialect>::Db>,
                site: &str,
                order_id: &str,
                lines: &[tessera_core::commerce::StockLine],
            ) -> tessera_core::Result<bool> {
                let held: Vec<(String, String, i64)> = sqlx::query_as(
                    "DELETE FROM store_holds WHERE site_id = $1 AND order_id = $2
                     RETURNING product_id, variant_id, quantity",
                )
                .bind(site)
                .bind(order_id)
                .fetch_all(&mut **tx)
                .await
                .map_err($crate::db_err)?;
                // (product, variant) → (sold, held), in id order (the order rows are locked in).
                let mut moves = std::collections::BTreeMap::<(String, String), (i64, i64)>::new();
                for l in lines {
                    moves.entry((l.product_id.clone(), l.variant_id.clone())).or_default().0 += l.quantity;
                }
                for (product, variant, quantity) in held {
                    moves.entry((product, variant)).or_default().1 += quantity;
                }
                let mut changed = false;
                for ((product, variant), (sold, held)) in moves {
                    changed |= sold != held;
                    sqlx::query(
                        "UPDATE store_stock SET reserved = reserved - $5,
                           quantity = quantity - CASE WHEN track_quantity = 1 THEN $4 ELSE 0 END
                         WHERE site_id = $1 AND product_id = $2 AND variant_id = $3",
                    )
                    .bind(site)
                    .bind(&product)
                    .bind(&variant)
                    .bind(sold)
                    .bind(held)
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::db_err)?;
                }
                Ok(changed)
            }

            /// Adds `sign × quantity` of each tracked line to the stock.
            async fn add_stock(
                tx: &mut sqlx::Transaction<'static, <$d as $crate::sql::Dialect>::Db>,
                site: &str,
                lines: &[tessera_core::commerce::StockLine],
                sign: i64,
            ) -> tessera_core::Result<()> {
                let mut lines = lines.to_vec();
                lines.sort();
                for l in lines {
                    sqlx::query(
                        "UPDATE store_stock SET quantity = quantity + $4
                         WHERE site_id = $1 AND product_id = $2 AND variant_id = $3
                           AND track_quantity = 1",
                    )
                    .bind(site)
                    .bind(&l.product_id)
                    .bind(&l.variant_id)
                    .bind(sign * l.quantity)
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::db_err)?;
                }
                Ok(())
            }

            /// The site's order whose `column` (`id` or `checkout_id`) is `value`; read on the
            /// writer when it must see what was just written.
            async fn order_where(
                &self,
                site: tessera_core::ids::SiteId,
                column: &'static str,
                value: &str,
                on_writer: bool,
            ) -> tessera_core::Result<Option<tessera_core::commerce::OrderRecord>> {
                let sql = format!(
                    "SELECT {} FROM store_orders WHERE site_id = $1 AND {column} = $2",
                    $crate::commerce::ORDER_COLUMNS
                );
                let pool = if on_writer { self.write() } else { self.read() };
                let row: Option<$crate::commerce::OrderRow> =
                    sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .bind(site.to_string())
                        .bind(value)
                        .fetch_optional(pool)
                        .await
                        .map_err($crate::db_err)?;
                row.map(|r| $crate::commerce::order(site, r)).transpose()
            }
        }

        #[async_trait::async_trait]
        impl tessera_core::commerce::CommerceStore for $store {
            async fn put_stock(
                &self,
                site: tessera_core::ids::SiteId,
                levels: &[tessera_core::commerce::StockLevel],
            ) -> tessera_core::Result<()> {
                let mut tx = self.begin_write().await?;
                let mut levels = levels.to_vec();
                levels.sort_by(|a, b| {
                    (&a.product_id, &a.variant_id).cmp(&(&b.product_id, &b.variant_id))
                });
                for l in &levels {
                    sqlx::query(
                        "INSERT INTO store_stock (site_id, product_id, variant_id, track_quantity,
                           quantity, reserved, in_stock, preorder)
                         VALUES ($1, $2, $3, $4, $5, 0, $6, $7)
                         ON CONFLICT (site_id, product_id, variant_id) DO UPDATE SET
                           track_quantity = excluded.track_quantity, quantity = excluded.quantity,
                           in_stock = excluded.in_stock, preorder = excluded.preorder",
                    )
                    .bind(site.to_string())
                    .bind(&l.product_id)
                    .bind(&l.variant_id)
                    .bind(i32::from(l.track_quantity))
                    .bind(l.quantity)
                    .bind(i32::from(l.in_stock))
                    .bind(i32::from(l.preorder))
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                }
                tx.commit().await.map_err($crate::db_err)
            }

            async fn stock(
                &self,
                site: tessera_core::ids::SiteId,
                product_ids: &[String],
            ) -> tessera_core::Result<Vec<tessera_core::commerce::StockLevel>> {
                if product_ids.is_empty() {
                    return Ok(Vec::new());
                }
                // Ids as one bind (a JSON array): the statement's text stays the same.
                let sql = format!(
                    "SELECT {} FROM store_stock WHERE site_id = $1 AND {}
                     ORDER BY product_id, variant_id",
                    $crate::commerce::STOCK_COLUMNS,
                    <$d as $crate::sql::Dialect>::in_texts("product_id", "$2")
                );
                let rows: Vec<$crate::commerce::StockRow> =
                    sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .bind(site.to_string())
                        .bind(serde_json::to_string(product_ids).unwrap_or_default())
                        .fetch_all(self.read())
                        .await
                        .map_err($crate::db_err)?;
                Ok(rows.into_iter().map($crate::commerce::stock).collect())
            }

            async fn remove_stock(
                &self,
                site: tessera_core::ids::SiteId,
                product_id: &str,
                keep: &[String],
            ) -> tessera_core::Result<()> {
                let sql = format!(
                    "DELETE FROM store_stock WHERE site_id = $1 AND product_id = $2
                       AND NOT ({})",
                    <$d as $crate::sql::Dialect>::in_texts("variant_id", "$3")
                );
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(product_id)
                    .bind(serde_json::to_string(keep).unwrap_or_default())
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                Ok(())
            }

            async fn adjust_stock(
                &self,
                site: tessera_core::ids::SiteId,
                lines: &[tessera_core::commerce::StockLine],
                restrict: bool,
            ) -> tessera_core::Result<()> {
                let site = site.to_string();
                let mut tx = self.begin_write().await?;
                let mut lines = lines.to_vec();
                lines.sort();
                for l in &lines {
                    let done = sqlx::query(
                        "UPDATE store_stock SET quantity = quantity + $4
                         WHERE site_id = $1 AND product_id = $2 AND variant_id = $3
                           AND track_quantity = 1 AND ($5 = 0 OR quantity - reserved + $4 >= 0)",
                    )
                    .bind(&site)
                    .bind(&l.product_id)
                    .bind(&l.variant_id)
                    .bind(l.quantity)
                    .bind(i32::from(restrict && l.quantity < 0))
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                    if done.rows_affected() == 1 {
                        continue;
                    }
                    let tracked: Option<(i32,)> = sqlx::query_as(
                        "SELECT track_quantity FROM store_stock
                         WHERE site_id = $1 AND product_id = $2 AND variant_id = $3",
                    )
                    .bind(&site)
                    .bind(&l.product_id)
                    .bind(&l.variant_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                    match tracked {
                        None => return Err(tessera_core::Error::NotFound("variant")),
                        // Untracked: its in-stock flag is all there is to change.
                        Some((0,)) => {}
                        Some(_) => {
                            let mut wanted = l.clone();
                            wanted.quantity = -l.quantity;
                            return Err($crate::commerce::insufficient(&wanted));
                        }
                    }
                }
                tx.commit().await.map_err($crate::db_err)
            }

            async fn place_order(
                &self,
                order: &tessera_core::commerce::OrderRecord,
                holds: &[tessera_core::commerce::StockLine],
                hold_until: tessera_core::Millis,
                uses: &[tessera_core::commerce::Use],
            ) -> tessera_core::Result<tessera_core::commerce::OrderRecord> {
                // A checkout's second call meets the first's order at the insert (its number
                // taken back with the rest), so the first call reads nothing before it.
                let site = order.site_id.to_string();
                let mut tx = self.begin_write().await?;
                // Numbers start where Wix's do and never go back.
                let (number,): (i64,) = sqlx::query_as(
                    "INSERT INTO store_counters (site_id, name, value) VALUES ($1, 'order', 10001)
                     ON CONFLICT (site_id, name) DO UPDATE SET value = store_counters.value + 1
                     RETURNING value",
                )
                .bind(&site)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                let mut placed = order.clone();
                placed.number = number;
                placed.revision = 1;
                placed.doc["number"] = serde_json::Value::String(number.to_string());
                let inserted = sqlx::query(
                    "INSERT INTO store_orders (site_id, id, number, checkout_id, status,
                       payment_status, fulfillment_status, archived, buyer_email, buyer_name,
                       created_at, updated_at, revision, doc)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                )
                .bind(&site)
                .bind(&placed.id)
                .bind(number)
                .bind(&placed.checkout_id)
                .bind(&placed.status)
                .bind(&placed.payment_status)
                .bind(&placed.fulfillment_status)
                .bind(i32::from(placed.archived))
                .bind(&placed.buyer_email)
                .bind(&placed.buyer_name)
                .bind(placed.created_at)
                .bind(placed.updated_at)
                .bind(placed.revision)
                .bind(placed.doc.to_string())
                .execute(&mut *tx)
                .await;
                match inserted {
                    Ok(_) => {}
                    // The same checkout's order, placed by a call that came first.
                    Err(sqlx::Error::Database(d))
                        if d.is_unique_violation() && placed.checkout_id.is_some() =>
                    {
                        drop(tx);
                        let checkout = placed.checkout_id.as_deref().unwrap_or_default();
                        return self
                            .order_where(placed.site_id, "checkout_id", checkout, true)
                            .await?
                            .ok_or_else(|| tessera_core::Error::conflict("_id", "order id taken"));
                    }
                    Err(e) => return Err($crate::unique_or_internal(e, "_id", "order id taken")),
                }
                for u in uses {
                    // Raised only below the limit: a use past it leaves no row returned.
                    let raised: Option<(i64,)> = sqlx::query_as(
                        "INSERT INTO store_counters (site_id, name, value) VALUES ($1, $2, 1)
                         ON CONFLICT (site_id, name) DO UPDATE SET value = store_counters.value + 1
                           WHERE $3 < 0 OR store_counters.value < $3
                         RETURNING value",
                    )
                    .bind(&site)
                    .bind(&u.name)
                    .bind(u.limit.unwrap_or(-1))
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                    if raised.is_none_or(|(v,)| u.limit.is_some_and(|l| v > l)) {
                        return Err(tessera_core::Error::conflict(
                            "uses",
                            format!("{} is used up", u.name),
                        ));
                    }
                }
                let mut holds = holds.to_vec();
                holds.sort();
                for h in &holds {
                    // Holds what is available; an untracked variant only needs to be in
                    // stock, a preorder nothing.
                    let held: Option<(i32, i32)> = sqlx::query_as(
                        "UPDATE store_stock SET reserved = reserved
                           + CASE WHEN track_quantity = 1 AND preorder = 0 THEN $4 ELSE 0 END
                         WHERE site_id = $1 AND product_id = $2 AND variant_id = $3
                           AND (preorder = 1 OR (track_quantity = 1 AND quantity - reserved >= $4)
                                OR (track_quantity = 0 AND in_stock = 1))
                         RETURNING track_quantity, preorder",
                    )
                    .bind(&site)
                    .bind(&h.product_id)
                    .bind(&h.variant_id)
                    .bind(h.quantity)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                    match held {
                        None => return Err($crate::commerce::insufficient(h)),
                        Some((1, 0)) => {}
                        Some(_) => continue,
                    }
                    sqlx::query(
                        "INSERT INTO store_holds (site_id, order_id, product_id, variant_id,
                           quantity, expires_at)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(&site)
                    .bind(&order.id)
                    .bind(&h.product_id)
                    .bind(&h.variant_id)
                    .bind(h.quantity)
                    .bind(hold_until)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                }
                tx.commit().await.map_err($crate::db_err)?;
                Ok(placed)
            }

            async fn uses(
                &self,
                site: tessera_core::ids::SiteId,
                names: &[String],
            ) -> tessera_core::Result<Vec<i64>> {
                let sql = format!(
                    "SELECT name, value FROM store_counters WHERE site_id = $1 AND {}",
                    <$d as $crate::sql::Dialect>::in_texts("name", "$2")
                );
                let rows: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(serde_json::to_string(names).unwrap_or_default())
                    .fetch_all(self.read())
                    .await
                    .map_err($crate::db_err)?;
                Ok(names
                    .iter()
                    .map(|n| rows.iter().find(|(k, _)| k == n).map_or(0, |(_, v)| *v))
                    .collect())
            }

            async fn give_back(
                &self,
                site: tessera_core::ids::SiteId,
                names: &[String],
            ) -> tessera_core::Result<()> {
                for name in names {
                    sqlx::query(
                        "UPDATE store_counters SET value = value - 1
                         WHERE site_id = $1 AND name = $2 AND value > 0",
                    )
                    .bind(site.to_string())
                    .bind(name)
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                }
                Ok(())
            }

            async fn order(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
            ) -> tessera_core::Result<Option<tessera_core::commerce::OrderRecord>> {
                self.order_where(site, "id", id, false).await
            }

            async fn orders(
                &self,
                site: tessera_core::ids::SiteId,
                filter: &tessera_core::commerce::OrderFilter,
                newest_first: bool,
                offset: u64,
                limit: u32,
            ) -> tessera_core::Result<(Vec<tessera_core::commerce::OrderRecord>, u64)> {
                let (status, payment, fulfillment, archived, like, search, from, to) =
                    $crate::commerce::filter_binds(filter);
                let order = if newest_first {
                    "created_at DESC, number DESC"
                } else {
                    "created_at, number"
                };
                let sql = format!(
                    "SELECT {} FROM store_orders WHERE {} ORDER BY {order} LIMIT $10 OFFSET $11",
                    $crate::commerce::ORDER_COLUMNS,
                    $crate::commerce::ORDER_FILTER,
                );
                let rows: Vec<$crate::commerce::OrderRow> =
                    sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .bind(site.to_string())
                        .bind(&status)
                        .bind(&payment)
                        .bind(&fulfillment)
                        .bind(archived)
                        .bind(&like)
                        .bind(&search)
                        .bind(from)
                        .bind(to)
                        .bind(i64::from(limit))
                        .bind(offset as i64)
                        .fetch_all(self.read())
                        .await
                        .map_err($crate::db_err)?;
                let sql = format!(
                    "SELECT count(*) FROM store_orders WHERE {}",
                    $crate::commerce::ORDER_FILTER
                );
                let (total,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(&status)
                    .bind(&payment)
                    .bind(&fulfillment)
                    .bind(archived)
                    .bind(&like)
                    .bind(&search)
                    .bind(from)
                    .bind(to)
                    .fetch_one(self.read())
                    .await
                    .map_err($crate::db_err)?;
                let orders = rows
                    .into_iter()
                    .map(|r| $crate::commerce::order(site, r))
                    .collect::<tessera_core::Result<_>>()?;
                Ok((orders, total as u64))
            }

            async fn update_order(
                &self,
                o: &tessera_core::commerce::OrderRecord,
                stock: &tessera_core::commerce::StockChange,
            ) -> tessera_core::Result<(tessera_core::commerce::OrderRecord, bool)> {
                use tessera_core::commerce::StockChange;
                let site = o.site_id.to_string();
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE store_orders SET status = $4, payment_status = $5,
                       fulfillment_status = $6, archived = $7, buyer_email = $8, buyer_name = $9,
                       updated_at = $10, doc = $11, revision = revision + 1
                     WHERE site_id = $1 AND id = $2 AND revision = $3",
                )
                .bind(&site)
                .bind(&o.id)
                .bind(o.revision)
                .bind(&o.status)
                .bind(&o.payment_status)
                .bind(&o.fulfillment_status)
                .bind(i32::from(o.archived))
                .bind(&o.buyer_email)
                .bind(&o.buyer_name)
                .bind(o.updated_at)
                .bind(o.doc.to_string())
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                if done.rows_affected() == 0 {
                    drop(tx);
                    return Err(match self.order(o.site_id, &o.id).await? {
                        Some(_) => tessera_core::Error::conflict(
                            "revision",
                            "the order changed since it was read",
                        ),
                        None => tessera_core::Error::NotFound("order"),
                    });
                }
                let available_changed = match stock {
                    StockChange::None => false,
                    StockChange::Release => Self::sell(&mut tx, &site, &o.id, &[]).await?,
                    StockChange::Commit(lines) => Self::sell(&mut tx, &site, &o.id, lines).await?,
                    StockChange::Restock(lines) => {
                        Self::add_stock(&mut tx, &site, lines, 1).await?;
                        true
                    }
                };
                tx.commit().await.map_err($crate::db_err)?;
                let stored = tessera_core::commerce::OrderRecord {
                    revision: o.revision + 1,
                    ..o.clone()
                };
                Ok((stored, available_changed))
            }

            async fn basket(
                &self,
                site: tessera_core::ids::SiteId,
                kind: tessera_core::commerce::BasketKind,
                id: &str,
            ) -> tessera_core::Result<Option<tessera_core::commerce::Basket>> {
                let sql = format!(
                    "SELECT {} FROM store_baskets WHERE site_id = $1 AND kind = $2 AND id = $3",
                    $crate::commerce::BASKET_COLUMNS
                );
                let row: Option<$crate::commerce::BasketRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(kind.as_str())
                    .bind(id)
                    .fetch_optional(self.read())
                    .await
                    .map_err($crate::db_err)?;
                row.map(|r| $crate::commerce::basket(site, kind, r)).transpose()
            }

            async fn basket_of(
                &self,
                site: tessera_core::ids::SiteId,
                kind: tessera_core::commerce::BasketKind,
                owner: tessera_core::commerce::BasketOwner<'_>,
            ) -> tessera_core::Result<Option<tessera_core::commerce::Basket>> {
                use tessera_core::commerce::BasketOwner;
                let (condition, value) = match owner {
                    BasketOwner::Visitor(v) => ("visitor_id = $3 AND member_id IS NULL", v),
                    BasketOwner::Member(m) => ("member_id = $3", m),
                };
                let sql = format!(
                    "SELECT {} FROM store_baskets WHERE site_id = $1 AND kind = $2 AND {condition}
                     ORDER BY updated_at DESC LIMIT 1",
                    $crate::commerce::BASKET_COLUMNS
                );
                let row: Option<$crate::commerce::BasketRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(kind.as_str())
                    .bind(value)
                    .fetch_optional(self.read())
                    .await
                    .map_err($crate::db_err)?;
                row.map(|r| $crate::commerce::basket(site, kind, r)).transpose()
            }

            async fn insert_basket(
                &self,
                b: &tessera_core::commerce::Basket,
            ) -> tessera_core::Result<bool> {
                let done = sqlx::query(
                    "INSERT INTO store_baskets (site_id, kind, id, visitor_id, member_id,
                       created_at, updated_at, doc, email, completed)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (site_id, id) DO NOTHING",
                )
                .bind(b.site_id.to_string())
                .bind(b.kind.as_str())
                .bind(&b.id)
                .bind(&b.visitor_id)
                .bind(&b.member_id)
                .bind(b.created_at)
                .bind(b.updated_at)
                .bind(serde_json::Value::Object(b.doc.clone()).to_string())
                .bind(&b.email)
                .bind(i32::from(b.completed))
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(done.rows_affected() == 1)
            }

            async fn update_basket(
                &self,
                b: &tessera_core::commerce::Basket,
                read_at: tessera_core::Millis,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query(
                    "UPDATE store_baskets SET visitor_id = $4, member_id = $5, updated_at = $6, doc = $7,
                       email = $9, completed = $10
                     WHERE site_id = $1 AND kind = $2 AND id = $3 AND updated_at = $8",
                )
                .bind(b.site_id.to_string())
                .bind(b.kind.as_str())
                .bind(&b.id)
                .bind(&b.visitor_id)
                .bind(&b.member_id)
                .bind(b.updated_at)
                .bind(serde_json::Value::Object(b.doc.clone()).to_string())
                .bind(read_at)
                .bind(&b.email)
                .bind(i32::from(b.completed))
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                if done.rows_affected() == 1 {
                    return Ok(());
                }
                Err(match self.basket(b.site_id, b.kind, &b.id).await? {
                    Some(_) => tessera_core::Error::conflict(
                        "updatedAt",
                        format!("the {} changed since it was read", b.kind.as_str()),
                    ),
                    None => tessera_core::Error::NotFound(b.kind.as_str()),
                })
            }

            async fn remove_basket(
                &self,
                site: tessera_core::ids::SiteId,
                kind: tessera_core::commerce::BasketKind,
                id: &str,
            ) -> tessera_core::Result<bool> {
                let done = sqlx::query("DELETE FROM store_baskets WHERE site_id = $1 AND kind = $2 AND id = $3")
                    .bind(site.to_string())
                    .bind(kind.as_str())
                    .bind(id)
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                Ok(done.rows_affected() == 1)
            }

            async fn stale_checkouts(
                &self,
                before: tessera_core::Millis,
                limit: u32,
            ) -> tessera_core::Result<Vec<(tessera_core::ids::SiteId, String)>> {
                let rows: Vec<(String, String)> = sqlx::query_as(
                    "SELECT site_id, id FROM store_baskets
                     WHERE kind = 'checkout' AND completed = 0 AND abandoned_at IS NULL
                       AND email IS NOT NULL AND updated_at < $1
                     ORDER BY updated_at LIMIT $2",
                )
                .bind(before)
                .bind(i64::from(limit))
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                rows.into_iter()
                    .map(|(site, id)| {
                        site.parse()
                            .map(|s| (s, id))
                            .map_err(|_| tessera_core::Error::internal("a checkout's site id"))
                    })
                    .collect()
            }

            async fn mark_abandoned(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
                before: tessera_core::Millis,
                at: tessera_core::Millis,
            ) -> tessera_core::Result<bool> {
                let done = sqlx::query(
                    "UPDATE store_baskets SET abandoned_at = $4
                     WHERE site_id = $1 AND kind = 'checkout' AND id = $2 AND completed = 0
                       AND abandoned_at IS NULL AND updated_at < $3",
                )
                .bind(site.to_string())
                .bind(id)
                .bind(before)
                .bind(at)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(done.rows_affected() == 1)
            }

            async fn abandoned_checkouts(
                &self,
                site: tessera_core::ids::SiteId,
                offset: u64,
                limit: u32,
            ) -> tessera_core::Result<(Vec<tessera_core::commerce::Basket>, u64)> {
                use tessera_core::commerce::BasketKind;
                let sql = format!(
                    "SELECT {} FROM store_baskets WHERE site_id = $1 AND abandoned_at IS NOT NULL
                     ORDER BY abandoned_at DESC, id LIMIT $2 OFFSET $3",
                    $crate::commerce::BASKET_COLUMNS
                );
                let rows: Vec<$crate::commerce::BasketRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(i64::from(limit))
                    .bind(offset as i64)
                    .fetch_all(self.read())
                    .await
                    .map_err($crate::db_err)?;
                let (total,): (i64,) = sqlx::query_as(
                    "SELECT count(*) FROM store_baskets WHERE site_id = $1 AND abandoned_at IS NOT NULL",
                )
                .bind(site.to_string())
                .fetch_one(self.read())
                .await
                .map_err($crate::db_err)?;
                let baskets = rows
                    .into_iter()
                    .map(|r| $crate::commerce::basket(site, BasketKind::Checkout, r))
                    .collect::<tessera_core::Result<_>>()?;
                Ok((baskets, total as u64))
            }

            async fn expired_holds(
                &self,
                now: tessera_core::Millis,
                limit: u32,
            ) -> tessera_core::Result<Vec<(tessera_core::ids::SiteId, String)>> {
                let rows: Vec<(String, String)> = sqlx::query_as(
                    "SELECT DISTINCT site_id, order_id FROM store_holds WHERE expires_at < $1
                     LIMIT $2",
                )
                .bind(now)
                .bind(i64::from(limit))
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                rows.into_iter()
                    .map(|(site, order)| {
                        site.parse()
                            .map(|s| (s, order))
                            .map_err(|_| tessera_core::Error::internal("a hold's site id"))
                    })
                    .collect()
            }
        }
    };
}
pub(crate) use impl_commerce_store;
