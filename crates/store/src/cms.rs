//! CMS collections and items, shared by both backends like `queries.rs`; the SQL that
//! differs comes from the backend's `sql::Dialect`. Expanded inside `impl Store` by
//! `impl_store!`.

use tessera_core::{
    Error, Result,
    data::{Collection, Index, Item, StoredItem},
    secrets::sha256_hex,
};

use crate::sql::{self, Bind, Binds, Dialect};

/// A database-wide index name for one collection index: `dx_` and a digest of where it
/// belongs and what it covers, so a changed definition gets a new name.
pub fn index_name(c: &Collection, index: &Index) -> String {
    let key = format!(
        "{}|{}|{}|{}|{}",
        c.site_id,
        c.id,
        index.name,
        index.fields.join(","),
        index.unique
    );
    format!("dx_{}", &sha256_hex(&key)[..24])
}

/// Writes the entries of `index` for the collection's items that match the condition on
/// `data_items` that `items` adds, computing each key from the stored item as conditions
/// read it. An index on an array field has one entry per distinct element, keyed by the
/// element as `$hasSome` compares it, numbered by `n` within the item. Binds are pushed in
/// the order of the text, each placeholder made by `param` (`Dialect::sequential_param` for
/// a statement of anonymous placeholders). (The outer `WHERE` lets SQLite parse an `ON
/// CONFLICT` added after it.)
pub fn index_entries_sql<D: Dialect>(
    c: &Collection,
    index: &Index,
    b: &mut Binds,
    param: fn(String) -> String,
    items: impl FnOnce(&mut Binds) -> String,
) -> String {
    let array = sql::array_position(c, index);
    let mut keys: Vec<String> = index
        .fields
        .iter()
        .take(sql::MAX_INDEX_FIELDS)
        .enumerate()
        .map(|(n, f)| match array {
            Some(a) if a == n => "value".to_string(),
            _ => sql::entry_key::<D>(f),
        })
        .collect();
    keys.resize(sql::MAX_INDEX_FIELDS, D::UNUSED_KEY.into());
    let index_id = param(b.push(Bind::Text(index_name(c, index))));
    let site = param(b.push(Bind::Text(c.site_id.to_string())));
    let collection = param(b.push(Bind::Text(c.id.clone())));
    let items = items(b);
    let unique = if index.unique { "TRUE" } else { "FALSE" };
    let columns = "INSERT INTO data_index_entries (site_id, collection_id, index_id, k1, k2, k3, item_id, is_unique, n)";
    let scope = format!("site_id = {site} AND collection_id = {collection} AND ({items})");
    match array {
        None => format!(
            "{columns} SELECT site_id, collection_id, {index_id}, {}, item_id, {unique}, 0 FROM data_items WHERE {scope}",
            keys.join(", "),
        ),
        Some(a) => format!(
            "{columns} SELECT site_id, collection_id, {index_id}, k1, k2, k3, item_id, {unique}, \
               row_number() OVER (PARTITION BY item_id ORDER BY k1, k2, k3) - 1 \
             FROM (SELECT DISTINCT site_id, collection_id, {} AS k1, {} AS k2, {} AS k3, item_id \
               FROM data_items, {} WHERE {scope}) AS elements WHERE TRUE",
            keys[0],
            keys[1],
            keys[2],
            D::elements(&index.fields[a]),
        ),
    }
}

/// `index_entries_sql` for the items with `ids`, with its binds.
pub fn entries_of_items_sql<D: Dialect>(
    c: &Collection,
    index: &Index,
    ids: &[String],
) -> (String, Binds) {
    let mut b = Binds::default();
    let sql = index_entries_sql::<D>(c, index, &mut b, D::sequential_param, |b| {
        let params: Vec<String> = ids
            .iter()
            .map(|id| D::sequential_param(b.push(Bind::Text(id.clone()))))
            .collect();
        format!("item_id IN ({})", params.join(", "))
    });
    (sql, b)
}

/// Maps a unique-index violation while an index is built to the index that existing items break.
pub fn index_build_err(index: &Index) -> impl FnOnce(sqlx::Error) -> Error + '_ {
    move |e| {
        crate::unique_or_internal(
            e,
            "indexes",
            &format!("existing items break the unique index '{}'", index.name),
        )
    }
}

pub fn item_columns<D: Dialect>() -> String {
    format!("item_id, owner, created_at, updated_at, {}", D::DATA_OUT)
}

/// Whether `after` keeps every indexed field of the item stored as `before` (JSON text):
/// then its index entries stand as they are. System fields (`_updatedDate`…) count as changed.
pub fn same_index_keys(
    indexes: &[tessera_core::data::Index],
    before: &str,
    after: &serde_json::Map<String, serde_json::Value>,
) -> bool {
    let Ok(serde_json::Value::Object(before)) = serde_json::from_str(before) else {
        return false;
    };
    let at = |m: &serde_json::Map<String, serde_json::Value>, path: &str| {
        let mut parts = path.split('.');
        let first = m.get(parts.next().unwrap_or_default());
        parts.fold(first, |v, k| v.and_then(|v| v.get(k))).cloned()
    };
    indexes
        .iter()
        .flat_map(|i| &i.fields)
        .all(|f| !f.starts_with('_') && at(&before, f) == at(after, f))
}

/// Maps a unique-index violation on items to a caller error.
pub fn item_write_err(e: sqlx::Error) -> Error {
    crate::unique_or_internal(
        e,
        "dataItem",
        "an item with the same value in a unique field exists",
    )
}

#[derive(sqlx::FromRow)]
pub struct ItemRow {
    item_id: String,
    owner: Option<String>,
    created_at: i64,
    updated_at: i64,
    data: String,
}

impl ItemRow {
    /// The size of the item's data as the database gave it back (`Dialect::ITEM_BYTES`).
    pub fn data_bytes(&self) -> i64 {
        self.data.len() as i64
    }

    pub fn into_stored(self) -> StoredItem {
        StoredItem {
            id: self.item_id,
            owner: self.owner,
            created_at: self.created_at,
            updated_at: self.updated_at,
            data: self.data,
        }
    }

    pub fn into_domain(self) -> Result<Item> {
        self.into_stored().parse()
    }
}

#[derive(sqlx::FromRow)]
pub struct ReferencedRow {
    referring_id: String,
    #[sqlx(flatten)]
    item: ItemRow,
}

impl ReferencedRow {
    pub fn into_domain(self) -> Result<(String, Item)> {
        Ok((self.referring_id, self.item.into_domain()?))
    }
}

#[derive(sqlx::FromRow)]
pub struct CollectionRow {
    pub site_id: String,
    pub collection_id: String,
    pub display_name: String,
    pub display_field: Option<String>,
    pub fields: String,
    pub permissions: String,
    pub indexes: String,
    pub revision: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// A change whose index entries are being written (`changes::Pending` as JSON).
    pub pending: Option<String>,
}

impl CollectionRow {
    pub fn into_domain(self) -> Result<Collection> {
        let json = |what: &str, text: &str| {
            Error::internal(format!(
                "collection {}: stored {what} do not parse: {text:.80}",
                self.collection_id
            ))
        };
        Ok(Collection {
            site_id: self
                .site_id
                .parse()
                .map_err(|_| json("site id", &self.site_id))?,
            fields: serde_json::from_str(&self.fields).map_err(|_| json("fields", &self.fields))?,
            permissions: serde_json::from_str(&self.permissions)
                .map_err(|_| json("permissions", &self.permissions))?,
            indexes: serde_json::from_str(&self.indexes)
                .map_err(|_| json("indexes", &self.indexes))?,
            id: self.collection_id,
            display_name: self.display_name,
            display_field: self.display_field,
            revision: self.revision,
            created_at: self.created_at,
            updated_at: self.updated_at,
            show_drafts: false,
        })
    }
}

/// The JSON columns of a collection row.
pub fn collection_json(c: &Collection) -> Result<(String, String, String)> {
    let to = |v: serde_json::Result<String>| v.map_err(Error::internal);
    Ok((
        to(serde_json::to_string(&c.fields))?,
        to(serde_json::to_string(&c.permissions))?,
        to(serde_json::to_string(&c.indexes))?,
    ))
}

/// Binds `binds` in order onto a sqlx query or query_as.
macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                $crate::sql::Bind::Text(s) => q.bind(s),
                $crate::sql::Bind::Int(i) => q.bind(i),
                $crate::sql::Bind::Real(f) => q.bind(f),
            };
        }
        q
    }};
}
pub(crate) use bind_all;

/// The INSERT for a batch of items, with its binds.
/// Values an item's row binds (`insert_sql`).
pub const ITEM_WIDTH: usize = 7;

pub fn insert_sql<D: Dialect>(c: &Collection, items: &[Item]) -> Result<(String, Binds)> {
    let mut b = Binds::default();
    let mut rows = Vec::with_capacity(items.len());
    let (site, coll) = (c.site_id.to_string(), c.id.clone());
    let mut p = |bind| D::sequential_param(b.push(bind));
    for item in items {
        let data = serde_json::to_string(&item.data).map_err(Error::internal)?;
        let placeholders = [
            p(Bind::Text(site.clone())),
            p(Bind::Text(coll.clone())),
            p(Bind::Text(item.id.clone())),
            match &item.owner {
                Some(o) => p(Bind::Text(o.clone())),
                None => "NULL".into(),
            },
            p(Bind::Int(item.created_at)),
            p(Bind::Int(item.updated_at)),
            D::data_in(&p(Bind::Text(data))),
        ];
        rows.push(format!("({})", placeholders.join(", ")));
    }
    let sql = format!(
        "INSERT INTO data_items (site_id, collection_id, item_id, owner, created_at, updated_at, data)
         VALUES {} ON CONFLICT (site_id, collection_id, item_id) DO NOTHING RETURNING item_id, {}",
        rows.join(", "),
        D::ITEM_BYTES
    );
    Ok((sql, b))
}

/// Inserts `(referring, referenced)` links in order on `$exec`, skipping existing ones; evaluates
/// to how many were added. (A macro: the executor's type differs per backend.)
macro_rules! insert_links {
    ($exec:expr, $c:expr, $field:expr, $target:expr, $links:expr) => {{
        let base = tessera_core::now_millis() * 1000;
        let mut added = 0u64;
        for (i, (referring, referenced)) in $links.enumerate() {
            let done = sqlx::query(
                "INSERT INTO data_references (site_id, collection_id, field, referring_id,
                   referenced_collection_id, referenced_id, position)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            )
            .bind($c.site_id.to_string())
            .bind(&$c.id)
            .bind($field)
            .bind(referring)
            .bind($target)
            .bind(referenced)
            .bind(base + i as i64)
            .execute($exec)
            .await
            .map_err($crate::db_err)?;
            added += done.rows_affected();
        }
        added
    }};
}
pub(crate) use insert_links;

/// `impl DataStore` for a backend whose dialect is `$d`.
macro_rules! impl_data_store {
    ($store:ty, $d:ty) => {
        #[async_trait::async_trait]
        impl tessera_core::DataStore for $store {
        async fn create_collection(&self, c: &tessera_core::data::Collection) -> tessera_core::Result<()> {
            let (fields, permissions, indexes) = $crate::cms::collection_json(c)?;
            let mut tx = self.begin_write().await?;
            sqlx::query(
                "INSERT INTO data_collections (site_id, collection_id, display_name, display_field,
                   fields, permissions, indexes, revision, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(c.site_id.to_string())
            .bind(&c.id)
            .bind(&c.display_name)
            .bind(&c.display_field)
            .bind(fields)
            .bind(permissions)
            .bind(indexes)
            .bind(c.revision)
            .bind(c.created_at)
            .bind(c.updated_at)
            .execute(&mut *tx)
            .await
            .map_err(|e| $crate::unique_or_internal(e, "dataCollectionId", "a collection with this id exists"))?;
            // A new collection has no items, so its indexes have no entries yet: no DDL.
            tx.commit().await.map_err($crate::db_err)
        }

        async fn collection(
            &self,
            site: tessera_core::ids::SiteId,
            id: &str,
        ) -> tessera_core::Result<Option<tessera_core::data::Collection>> {
            sqlx::query_as::<_, $crate::cms::CollectionRow>(
                "SELECT * FROM data_collections WHERE site_id = $1 AND collection_id = $2",
            )
            .bind(site.to_string())
            .bind(id)
            .fetch_optional(self.read())
            .await
            .map_err($crate::db_err)?
            .map(|r| r.into_domain())
            .transpose()
        }

        async fn collections(
            &self,
            site: tessera_core::ids::SiteId,
        ) -> tessera_core::Result<Vec<tessera_core::data::Collection>> {
            let rows = sqlx::query_as::<_, $crate::cms::CollectionRow>(
                "SELECT * FROM data_collections WHERE site_id = $1 ORDER BY collection_id",
            )
            .bind(site.to_string())
            .fetch_all(self.read())
            .await
            .map_err($crate::db_err)?;
            $crate::rows::all(rows, |r| r.into_domain())
        }

        async fn update_collection(
            &self,
            old: &tessera_core::data::Collection,
            new: &tessera_core::data::Collection,
        ) -> tessera_core::Result<()> {
            self.change_collection(old, new).await
        }

        async fn finish_collection_changes(&self) -> tessera_core::Result<()> {
            let pending: Vec<(String, String)> = sqlx::query_as(
                "SELECT site_id, collection_id FROM data_collections WHERE pending IS NOT NULL",
            )
            .fetch_all(self.write())
            .await
            .map_err($crate::db_err)?;
            for (site, id) in pending {
                tracing::info!(site, collection = id, "finishing a collection change");
                self.finish_change(&site, &id, None).await?;
            }
            Ok(())
        }

        async fn usage(&self, site: tessera_core::ids::SiteId) -> tessera_core::Result<tessera_core::data::SiteUsage> {
            let rows: Vec<(String, i64, i64)> = sqlx::query_as(
                "SELECT c.collection_id, CAST(COALESCE(sum(u.items), 0) AS BIGINT), CAST(COALESCE(sum(u.bytes), 0) AS BIGINT)
                 FROM data_collections c LEFT JOIN data_usage u
                   ON u.site_id = c.site_id AND u.collection_id = c.collection_id
                 WHERE c.site_id = $1 GROUP BY c.collection_id ORDER BY c.collection_id",
            )
            .bind(site.to_string())
            .fetch_all(self.read())
            .await
            .map_err($crate::db_err)?;
            Ok(tessera_core::data::SiteUsage::of(
                rows.into_iter()
                    .map(|(collection_id, items, bytes)| tessera_core::data::CollectionUsage {
                        collection_id,
                        items: items.max(0) as u64,
                        bytes: bytes.max(0) as u64,
                    })
                    .collect(),
            ))
        }

        async fn delete_collection(&self, site: tessera_core::ids::SiteId, id: &str) -> tessera_core::Result<()> {
            // Items, their index entries and usage go by ON DELETE CASCADE; the lock waits for
            // the collection's writes and index batches in progress.
            let mut tx = self.begin_write().await?;
            Self::lock_collection(&mut tx, &site.to_string(), id, false).await?;
            let done = sqlx::query("DELETE FROM data_collections WHERE site_id = $1 AND collection_id = $2")
                .bind(site.to_string())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
            tx.commit().await.map_err($crate::db_err)?;
            $crate::queries::found(done.rows_affected(), "collection")
        }

        async fn insert_items(
            &self,
            c: &tessera_core::data::Collection,
            items: &[tessera_core::data::Item],
        ) -> tessera_core::Result<Vec<String>> {
            // Built before the transaction: the writer is held only while the database works.
            let statements = items
                .chunks(<$d as $crate::sql::Dialect>::rows_per_statement(
                    $crate::cms::ITEM_WIDTH,
                ))
                .map(|chunk| $crate::cms::insert_sql::<$d>(c, chunk))
                .collect::<tessera_core::Result<Vec<_>>>()?;
            let mut inserted = Vec::with_capacity(items.len());
            let mut bytes = 0;
            let mut tx = self.begin_write().await?;
            let indexes = Self::indexes_for_write(&mut tx, c).await?;
            for (sql, binds) in statements {
                let q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql));
                let rows = $crate::cms::bind_all!(q, binds.0)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err($crate::cms::item_write_err)?;
                bytes += rows.iter().map(|(_, n)| n).sum::<i64>();
                let ids: Vec<String> = rows.into_iter().map(|(id, _)| id).collect();
                if !ids.is_empty() {
                    for index in &indexes {
                        let (sql, binds) = $crate::cms::entries_of_items_sql::<$d>(c, index, &ids);
                        let q = sqlx::query(sqlx::AssertSqlSafe(sql));
                        $crate::cms::bind_all!(q, binds.0)
                            .execute(&mut *tx)
                            .await
                            .map_err($crate::cms::item_write_err)?;
                    }
                }
                inserted.extend(ids);
            }
            Self::add_usage(&mut tx, c, inserted.len() as i64, bytes).await?;
            tx.commit().await.map_err($crate::db_err)?;
            self.note_writes(inserted.len() as u64).await?;
            Ok(inserted)
        }

        async fn item(
            &self,
            c: &tessera_core::data::Collection,
            id: &str,
        ) -> tessera_core::Result<Option<tessera_core::data::Item>> {
            let mut b = $crate::sql::Binds::default();
            let sql = format!(
                "SELECT {} FROM data_items WHERE {} AND item_id = {}",
                $crate::cms::item_columns::<$d>(),
                $crate::sql::read_scope(c, &mut b),
                b.push($crate::sql::Bind::Text(id.to_string()))
            );
            let items = self.read_items(sql, b.0).await?;
            items.into_iter().next().map(|i| i.parse()).transpose()
        }

        async fn update_item(
            &self,
            c: &tessera_core::data::Collection,
            item: &tessera_core::data::Item,
            condition: &tessera_core::data::Filter,
        ) -> tessera_core::Result<Option<tessera_core::data::Item>> {
            let mut b = $crate::sql::Binds::default();
            let data = serde_json::to_string(&item.data).map_err(tessera_core::Error::internal)?;
            let data = <$d as $crate::sql::Dialect>::data_in(&b.push($crate::sql::Bind::Text(data)));
            let updated = b.push($crate::sql::Bind::Int(item.updated_at));
            let id = b.push($crate::sql::Bind::Text(item.id.clone()));
            let cond = $crate::sql::condition::<$d>(c, condition, &mut b);
            let sql = format!(
                "UPDATE data_items SET data = {data}, updated_at = {updated}
                 WHERE {} AND item_id = {id} AND ({cond}) RETURNING {}",
                $crate::sql::scope(c, &mut b),
                $crate::cms::item_columns::<$d>()
            );
            let mut tx = self.begin_write().await?;
            let indexes = Self::indexes_for_write(&mut tx, c).await?;
            // The size before, locked (PostgreSQL) so that no other write changes it first.
            // With the data, to tell whether the index entries need writing again.
            let before: Option<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {}, {} FROM data_items WHERE site_id = $1 AND collection_id = $2 AND item_id = $3{}",
                <$d as $crate::sql::Dialect>::ITEM_BYTES,
                <$d as $crate::sql::Dialect>::DATA_OUT,
                <$d as $crate::sql::Dialect>::FOR_UPDATE
            )))
            .bind(c.site_id.to_string())
            .bind(&c.id)
            .bind(&item.id)
            .fetch_optional(&mut *tx)
            .await
            .map_err($crate::db_err)?;
            let q = sqlx::query_as::<_, $crate::cms::ItemRow>(sqlx::AssertSqlSafe(sql));
            let row = $crate::cms::bind_all!(q, b.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::cms::item_write_err)?;
            let keys_kept = before
                .as_ref()
                .is_some_and(|(_, data)| $crate::cms::same_index_keys(&indexes, data, &item.data));
            if row.is_some() && !indexes.is_empty() && !keys_kept {
                // The item's entries are written again from what it holds now.
                sqlx::query("DELETE FROM data_index_entries WHERE site_id = $1 AND collection_id = $2 AND item_id = $3")
                    .bind(c.site_id.to_string())
                    .bind(&c.id)
                    .bind(&item.id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                for index in &indexes {
                    let (sql, binds) =
                        $crate::cms::entries_of_items_sql::<$d>(c, index, std::slice::from_ref(&item.id));
                    let q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    $crate::cms::bind_all!(q, binds.0)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::cms::item_write_err)?;
                }
            }
            if let (Some(r), Some((before, _))) = (&row, before) {
                Self::add_usage(&mut tx, c, 0, r.data_bytes() - before).await?;
            }
            tx.commit().await.map_err($crate::db_err)?;
            self.written_or_why(c, &item.id, row).await
        }

        async fn remove_item(
            &self,
            c: &tessera_core::data::Collection,
            id: &str,
            condition: &tessera_core::data::Filter,
        ) -> tessera_core::Result<Option<tessera_core::data::Item>> {
            let mut b = $crate::sql::Binds::default();
            let id_param = b.push($crate::sql::Bind::Text(id.to_string()));
            let cond = $crate::sql::condition::<$d>(c, condition, &mut b);
            let sql = format!(
                "DELETE FROM data_items WHERE {} AND item_id = {id_param} AND ({cond}) RETURNING {}",
                $crate::sql::scope(c, &mut b),
                $crate::cms::item_columns::<$d>()
            );
            let mut tx = self.begin_write().await?;
            Self::indexes_for_write(&mut tx, c).await?;
            let q = sqlx::query_as::<_, $crate::cms::ItemRow>(sqlx::AssertSqlSafe(sql));
            let row = $crate::cms::bind_all!(q, b.0).fetch_optional(&mut *tx).await.map_err($crate::db_err)?;
            if let Some(r) = &row {
                // Multi-reference links from and to the item go with it.
                sqlx::query(
                    "DELETE FROM data_references WHERE site_id = $1
                       AND ((collection_id = $2 AND referring_id = $3)
                         OR (referenced_collection_id = $2 AND referenced_id = $3))",
                )
                .bind(c.site_id.to_string())
                .bind(&c.id)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                Self::add_usage(&mut tx, c, -1, -r.data_bytes()).await?;
            }
            tx.commit().await.map_err($crate::db_err)?;
            self.written_or_why(c, id, row).await
        }

        async fn truncate_items(&self, c: &tessera_core::data::Collection) -> tessera_core::Result<u64> {
            let mut tx = self.begin_write().await?;
            // Exclusively: with no write of the collection in progress, its usage is then none.
            Self::lock_collection(&mut tx, &c.site_id.to_string(), &c.id, false).await?;
            let done = sqlx::query("DELETE FROM data_items WHERE site_id = $1 AND collection_id = $2")
                .bind(c.site_id.to_string())
                .bind(&c.id)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
            sqlx::query("DELETE FROM data_usage WHERE site_id = $1 AND collection_id = $2")
                .bind(c.site_id.to_string())
                .bind(&c.id)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
            sqlx::query(
                "DELETE FROM data_references WHERE site_id = $1
                   AND (collection_id = $2 OR referenced_collection_id = $2)",
            )
            .bind(c.site_id.to_string())
            .bind(&c.id)
            .execute(&mut *tx)
            .await
            .map_err($crate::db_err)?;
            tx.commit().await.map_err($crate::db_err)?;
            Ok(done.rows_affected())
        }

        async fn query_stored_items(
            &self,
            c: &tessera_core::data::Collection,
            query: &tessera_core::data::Query,
        ) -> tessera_core::Result<Vec<tessera_core::data::StoredItem>> {
            let mut b = $crate::sql::Binds::default();
            let sql = $crate::sql::query_sql::<$d>(c, query, &mut b);
            self.read_items(sql, b.0).await
        }

        async fn optimize(&self) -> tessera_core::Result<()> {
            self.refresh_statistics().await
        }

        async fn explain_query(
            &self,
            c: &tessera_core::data::Collection,
            query: &tessera_core::data::Query,
        ) -> tessera_core::Result<String> {
            use sqlx::Row as _;
            let mut b = $crate::sql::Binds::default();
            let sql = format!(
                "{} {}",
                <$d as $crate::sql::Dialect>::EXPLAIN,
                $crate::sql::query_sql::<$d>(c, query, &mut b)
            );
            let q = sqlx::query(sqlx::AssertSqlSafe(sql));
            let rows = $crate::cms::bind_all!(q, b.0).fetch_all(self.read()).await.map_err($crate::db_err)?;
            let lines: Vec<String> = rows
                .iter()
                .map(|r| r.try_get::<String, _>(r.len() - 1).unwrap_or_default())
                .collect();
            Ok(lines.join("\n"))
        }

        async fn distinct_values(
            &self,
            c: &tessera_core::data::Collection,
            field: &str,
            filter: &tessera_core::data::Filter,
            order: tessera_core::data::SortOrder,
            page: tessera_core::data::query::Page,
        ) -> tessera_core::Result<Vec<serde_json::Value>> {
            let (limit, offset) = (page.limit, page.offset);
            let mut b = $crate::sql::Binds::default();
            let cond = $crate::sql::read_condition::<$d>(c, filter, &mut b);
            let sql = $crate::sql::distinct::<$d>(c, field, &cond, order, limit, offset, &mut b);
            let q = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(sql));
            let rows = $crate::cms::bind_all!(q, b.0).fetch_all(self.read()).await.map_err($crate::db_err)?;
            rows.into_iter()
                .map(|(v,)| serde_json::from_str(&v).map_err(tessera_core::Error::internal))
                .collect()
        }

        async fn aggregate(
            &self,
            c: &tessera_core::data::Collection,
            a: &tessera_core::data::aggregate::Aggregation,
        ) -> tessera_core::Result<Vec<serde_json::Map<String, serde_json::Value>>> {
            let mut b = $crate::sql::Binds::default();
            let sql = $crate::sql::aggregate::<$d>(c, a, &mut b);
            let q = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(sql));
            let rows = $crate::cms::bind_all!(q, b.0).fetch_all(self.read()).await.map_err($crate::db_err)?;
            rows.into_iter()
                .map(|(v,)| match serde_json::from_str(&v) {
                    Ok(serde_json::Value::Object(m)) => Ok(m),
                    _ => Err(tessera_core::Error::internal("aggregate row is not an object")),
                })
                .collect()
        }

        async fn insert_references(
            &self,
            c: &tessera_core::data::Collection,
            field: &str,
            target: &str,
            links: &[(String, String)],
        ) -> tessera_core::Result<u64> {
            let mut tx = self.begin_write().await?;
            let added = $crate::cms::insert_links!(&mut *tx, c, field, target, links.iter().map(|(a, b)| (a.as_str(), b.as_str())));
            tx.commit().await.map_err($crate::db_err)?;
            Ok(added)
        }

        async fn remove_references(
            &self,
            c: &tessera_core::data::Collection,
            field: &str,
            links: &[(String, String)],
        ) -> tessera_core::Result<u64> {
            let mut removed = 0;
            let mut tx = self.begin_write().await?;
            for (referring, referenced) in links {
                let done = sqlx::query(
                    "DELETE FROM data_references WHERE site_id = $1 AND collection_id = $2
                       AND field = $3 AND referring_id = $4 AND referenced_id = $5",
                )
                .bind(c.site_id.to_string())
                .bind(&c.id)
                .bind(field)
                .bind(referring)
                .bind(referenced)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                removed += done.rows_affected();
            }
            tx.commit().await.map_err($crate::db_err)?;
            Ok(removed)
        }

        async fn replace_references(
            &self,
            c: &tessera_core::data::Collection,
            field: &str,
            target: &str,
            referring: &str,
            referenced: &[String],
        ) -> tessera_core::Result<()> {
            let mut tx = self.begin_write().await?;
            sqlx::query(
                "DELETE FROM data_references WHERE site_id = $1 AND collection_id = $2
                   AND field = $3 AND referring_id = $4",
            )
            .bind(c.site_id.to_string())
            .bind(&c.id)
            .bind(field)
            .bind(referring)
            .execute(&mut *tx)
            .await
            .map_err($crate::db_err)?;
            $crate::cms::insert_links!(&mut *tx, c, field, target, referenced.iter().map(|id| (referring, id.as_str())));
            tx.commit().await.map_err($crate::db_err)
        }

        async fn referenced_items(
            &self,
            c: &tessera_core::data::Collection,
            field: &str,
            target: &tessera_core::data::Collection,
            referring: &[String],
            order: tessera_core::data::SortOrder,
            page: tessera_core::data::query::Page,
        ) -> tessera_core::Result<Vec<(String, tessera_core::data::Item)>> {
            let (limit, offset) = (page.limit, page.offset);
            if referring.is_empty() {
                return Ok(Vec::new());
            }
            let mut b = $crate::sql::Binds::default();
            let (site, coll, fld) = (
                b.push($crate::sql::Bind::Text(c.site_id.to_string())),
                b.push($crate::sql::Bind::Text(c.id.clone())),
                b.push($crate::sql::Bind::Text(field.to_string())),
            );
            let target_param = b.push($crate::sql::Bind::Text(target.id.clone()));
            let ids: Vec<String> = referring.iter().map(|r| b.push($crate::sql::Bind::Text(r.clone()))).collect();
            let dir = if order == tessera_core::data::SortOrder::Asc { "ASC" } else { "DESC" };
            let sql = format!(
                "SELECT r.referring_id, {} FROM data_references r
                 JOIN data_items i ON i.site_id = r.site_id AND i.collection_id = r.referenced_collection_id
                   AND i.item_id = r.referenced_id
                 WHERE r.site_id = {site} AND r.collection_id = {coll} AND r.field = {fld}
                   AND r.referenced_collection_id = {target_param} AND r.referring_id IN ({})
                 ORDER BY r.referring_id, r.position {dir} LIMIT {limit} OFFSET {offset}",
                $crate::cms::item_columns::<$d>(),
                ids.join(", ")
            );
            let q = sqlx::query_as::<_, $crate::cms::ReferencedRow>(sqlx::AssertSqlSafe(sql));
            let rows = $crate::cms::bind_all!(q, b.0).fetch_all(self.read()).await.map_err($crate::db_err)?;
            $crate::rows::all(rows, |r| r.into_domain())
        }

        async fn is_referenced(
            &self,
            c: &tessera_core::data::Collection,
            field: &str,
            referring: &str,
            referenced: &str,
        ) -> tessera_core::Result<bool> {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT count(*) FROM data_references WHERE site_id = $1 AND collection_id = $2
                   AND field = $3 AND referring_id = $4 AND referenced_id = $5",
            )
            .bind(c.site_id.to_string())
            .bind(&c.id)
            .bind(field)
            .bind(referring)
            .bind(referenced)
            .fetch_one(self.read())
            .await
            .map_err($crate::db_err)?;
            Ok(n > 0)
        }

        async fn count_items(
            &self,
            c: &tessera_core::data::Collection,
            filter: &tessera_core::data::Filter,
        ) -> tessera_core::Result<u64> {
            let mut b = $crate::sql::Binds::default();
            let sql = $crate::sql::count_sql::<$d>(c, filter, &mut b);
            let q = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql));
            let (n,) = $crate::cms::bind_all!(q, b.0).fetch_one(self.read()).await.map_err($crate::db_err)?;
            Ok(n as u64)
        }
        }
    };
}
pub(crate) use impl_data_store;

/// `read_items`: the items a `SELECT` of `item_columns` returns, read on the calling thread
/// when the backend can (`inline_items`), else through the pool.
macro_rules! read_items {
    () => {
        async fn read_items(
            &self,
            sql: String,
            binds: Vec<$crate::sql::Bind>,
        ) -> tessera_core::Result<Vec<tessera_core::data::StoredItem>> {
            if let Some(items) = self.inline_rows(&sql, &binds, $crate::inline_reads::stored_item) {
                return items;
            }
            let q = sqlx::query_as::<_, $crate::cms::ItemRow>(sqlx::AssertSqlSafe(sql));
            let rows = $crate::cms::bind_all!(q, binds)
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
            Ok(rows
                .into_iter()
                .map($crate::cms::ItemRow::into_stored)
                .collect())
        }
    };
}
pub(crate) use read_items;

/// After a conditional write: the row it returned, or why there was none.
macro_rules! written_or_why {
    () => {
        async fn written_or_why(
            &self,
            c: &tessera_core::data::Collection,
            id: &str,
            row: Option<$crate::cms::ItemRow>,
        ) -> tessera_core::Result<Option<tessera_core::data::Item>> {
            match row {
                Some(r) => r.into_domain().map(Some),
                None if tessera_core::DataStore::item(self, c, id).await?.is_some() => {
                    Err(tessera_core::Error::conflict(
                        "condition",
                        "the item does not match the condition",
                    ))
                }
                None => Ok(None),
            }
        }
    };
}
pub(crate) use written_or_why;

/// `adopt_partial_indexes`: moves collection indexes made as partial indexes on `data_items`
/// (before indexes became entries) into entries, then drops them. `catalog` lists their
/// names (`dx_…`); with none left this is one catalog read.
macro_rules! adopt_partial_indexes {
    ($d:ty) => {
        pub(crate) async fn adopt_partial_indexes(
            &self,
            catalog: &str,
        ) -> tessera_core::Result<()> {
            let names: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(catalog.to_string()))
                .fetch_all(self.write())
                .await
                .map_err($crate::db_err)?;
            if names.is_empty() {
                return Ok(());
            }
            let rows =
                sqlx::query_as::<_, $crate::cms::CollectionRow>("SELECT * FROM data_collections")
                    .fetch_all(self.write())
                    .await
                    .map_err($crate::db_err)?;
            let collections = $crate::rows::all(rows, |r| r.into_domain())?;
            let mut tx = self.begin_write().await?;
            for c in &collections {
                for index in c.all_indexes() {
                    let mut b = $crate::sql::Binds::default();
                    let sql = format!(
                        "{} ON CONFLICT DO NOTHING",
                        $crate::cms::index_entries_sql::<$d>(
                            c,
                            &index,
                            &mut b,
                            |p| p,
                            |_| "TRUE".into()
                        )
                    );
                    let q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    $crate::cms::bind_all!(q, b.0)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                }
            }
            for (name,) in names {
                let ddl = format!("DROP INDEX IF EXISTS {}", $crate::sql::quote_ident(&name));
                sqlx::query(sqlx::AssertSqlSafe(ddl))
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
            }
            tx.commit().await.map_err($crate::db_err)?;
            tracing::info!(
                collections = collections.len(),
                "moved collection indexes into index entries"
            );
            self.refresh_statistics().await
        }
    };
}
pub(crate) use adopt_partial_indexes;

/// `rekey_array_indexes`: once per database (told by the row migration 0023 left), rewrites
/// the entries of indexes on array fields, which before held one entry per item keyed by the
/// whole array, as one entry per element. One transaction: a second node finds the row gone.
macro_rules! rekey_array_indexes {
    ($d:ty) => {
        pub(crate) async fn rekey_array_indexes(&self) -> tessera_core::Result<()> {
            let mut tx = self.begin_write().await?;
            let claimed = sqlx::query("DELETE FROM server_settings WHERE name = 'rekey_array_indexes'")
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
            if claimed.rows_affected() == 0 {
                return Ok(());
            }
            // Only collections with an index or a unique field can have one.
            let rows = sqlx::query_as::<_, $crate::cms::CollectionRow>(
                "SELECT * FROM data_collections WHERE indexes <> '[]' OR fields LIKE '%\"unique\":true%'",
            )
            .fetch_all(&mut *tx)
            .await
            .map_err($crate::db_err)?;
            let collections = $crate::rows::all(rows, |r| r.into_domain())?;
            for c in &collections {
                for index in c.all_indexes() {
                    if $crate::sql::array_position(c, &index).is_none() {
                        continue;
                    }
                    sqlx::query("DELETE FROM data_index_entries WHERE site_id = $1 AND collection_id = $2 AND index_id = $3")
                        .bind(c.site_id.to_string())
                        .bind(&c.id)
                        .bind($crate::cms::index_name(c, &index))
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                    let mut b = $crate::sql::Binds::default();
                    let sql = $crate::cms::index_entries_sql::<$d>(c, &index, &mut b, |p| p, |_| "TRUE".into());
                    let q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    $crate::cms::bind_all!(q, b.0)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                }
            }
            tx.commit().await.map_err($crate::db_err)
        }
    };
}
pub(crate) use rekey_array_indexes;
