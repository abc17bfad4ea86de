//! Sites' media libraries, for both backends (`impl_media_store!`, stamped out by
//! `impl_store!`).

use tessera_core::{
    ids::SiteId,
    media::{MediaFile, MediaFilter, MediaFolder, MediaSort, MediaType},
};

/// A `media_files` row, in `FILE_COLUMNS` order.
pub(crate) type FileRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<i32>,
    Option<i32>,
    Option<String>,
    i32,
    Option<i64>,
    i64,
    i64,
);

pub(crate) const FILE_COLUMNS: &str = "id, folder_id, display_name, media_type, mime, hash, size, \
     width, height, alt, private, trashed_at, created_at, updated_at";

pub(crate) fn file(site_id: SiteId, row: FileRow) -> tessera_core::Result<MediaFile> {
    let (
        id,
        folder_id,
        display_name,
        media_type,
        mime,
        hash,
        size,
        width,
        height,
        alt,
        private,
        trashed_at,
        created_at,
        updated_at,
    ) = row;
    Ok(MediaFile {
        site_id,
        media_type: MediaType::parse(&media_type).ok_or_else(|| {
            tessera_core::Error::internal(format!("media file {id} has type {media_type}"))
        })?,
        id,
        folder_id,
        display_name,
        mime,
        hash,
        size: size as u64,
        width: width.map(|w| w as u32),
        height: height.map(|h| h as u32),
        alt,
        private: private != 0,
        trashed_at,
        created_at,
        updated_at,
    })
}

pub(crate) type FolderRow = (String, String, String, Option<i64>, i64, i64);

/// The bytes a site's distinct blobs take (`$1`: the site).
pub(crate) const BLOB_BYTES: &str = "SELECT COALESCE(CAST(sum(size) AS BIGINT), 0)
     FROM (SELECT DISTINCT hash, size FROM media_files WHERE site_id = $1) AS blobs";

pub(crate) const FOLDER_COLUMNS: &str =
    "id, parent_id, display_name, trashed_at, created_at, updated_at";

pub(crate) fn folder(site_id: SiteId, row: FolderRow) -> MediaFolder {
    let (id, parent_id, display_name, trashed_at, created_at, updated_at) = row;
    MediaFolder {
        site_id,
        id,
        parent_id,
        display_name,
        trashed_at,
        created_at,
        updated_at,
    }
}

/// The condition of a listing, over binds `$1` (site) to `$6`; see `filter_binds`.
pub(crate) const FILTER: &str = "site_id = $1
     AND ($2 IS NULL OR folder_id = $2)
     AND (($3 = 1 AND trashed_at IS NOT NULL) OR ($3 = 0 AND trashed_at IS NULL))
     AND ($4 IS NULL OR private = $4)
     AND ($5 IS NULL OR lower(display_name) LIKE $5 ESCAPE '\\')
     AND ($6 = '' OR $6 LIKE '%,' || media_type || ',%')";

/// `$2`..`$6` of `FILTER`.
pub(crate) fn filter_binds(
    f: &MediaFilter,
) -> (Option<String>, i64, Option<i64>, Option<String>, String) {
    let search = f.search.as_ref().map(|s| {
        let escaped = s
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    });
    let types = if f.media_types.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = f.media_types.iter().map(|t| t.as_str()).collect();
        format!(",{},", names.join(","))
    };
    (
        f.folder_id.clone(),
        i64::from(f.trashed),
        f.private.map(i64::from),
        search,
        types,
    )
}

pub(crate) fn order_by(sort: MediaSort) -> &'static str {
    match sort {
        MediaSort::Newest => "created_at DESC, id DESC",
        MediaSort::Oldest => "created_at, id",
        MediaSort::NameAsc => "lower(display_name), id",
        MediaSort::NameDesc => "lower(display_name) DESC, id DESC",
        MediaSort::SizeDesc => "size DESC, id",
        MediaSort::SizeAsc => "size, id",
    }
}

macro_rules! impl_media_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl tessera_core::media::MediaStore for $store {
            async fn insert_media_file(
                &self,
                f: &tessera_core::media::MediaFile,
                quota: u64,
            ) -> tessera_core::Result<()> {
                let mut tx = self.begin_write().await?;
                let site = f.site_id.to_string();
                // Holds the site's row until the commit, so that two uploads at once cannot
                // both fit in what is left of the quota (SQLite's writer is alone anyway).
                sqlx::query("UPDATE sites SET site_id = site_id WHERE site_id = $1")
                    .bind(&site)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                let (have,): (i64,) = sqlx::query_as(
                    "SELECT count(*) FROM media_files WHERE site_id = $1 AND hash = $2",
                )
                .bind(&site)
                .bind(&f.hash)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                if have == 0 {
                    let (used,): (i64,) = sqlx::query_as($crate::media::BLOB_BYTES)
                    .bind(&site)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                    if used as u64 + f.size > quota {
                        return Err(tessera_core::Error::invalid(
                            "size",
                            format!(
                                "{} bytes would pass the site's media quota of {quota} bytes ({used} in use)",
                                f.size
                            ),
                        ));
                    }
                }
                sqlx::query(
                    "INSERT INTO media_files (site_id, id, folder_id, display_name, media_type, mime,
                       hash, size, width, height, alt, private, trashed_at, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                )
                .bind(&site)
                .bind(&f.id)
                .bind(&f.folder_id)
                .bind(&f.display_name)
                .bind(f.media_type.as_str())
                .bind(&f.mime)
                .bind(&f.hash)
                .bind(f.size as i64)
                .bind(f.width.map(|w| w as i32))
                .bind(f.height.map(|h| h as i32))
                .bind(&f.alt)
                .bind(i32::from(f.private))
                .bind(f.trashed_at)
                .bind(f.created_at)
                .bind(f.updated_at)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn media_file(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
            ) -> tessera_core::Result<Option<tessera_core::media::MediaFile>> {
                let sql = format!(
                    "SELECT {} FROM media_files WHERE site_id = $1 AND id = $2",
                    $crate::media::FILE_COLUMNS
                );
                let row: Option<$crate::media::FileRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(id)
                    .fetch_optional(self.read())
                    .await
                    .map_err($crate::db_err)?;
                row.map(|r| $crate::media::file(site, r)).transpose()
            }

            async fn media_files(
                &self,
                site: tessera_core::ids::SiteId,
                filter: &tessera_core::media::MediaFilter,
                sort: tessera_core::media::MediaSort,
                offset: u64,
                limit: u32,
            ) -> tessera_core::Result<(Vec<tessera_core::media::MediaFile>, u64)> {
                let (folder, trashed, private, search, types) = $crate::media::filter_binds(filter);
                let sql = format!(
                    "SELECT {} FROM media_files WHERE {} ORDER BY {} LIMIT $7 OFFSET $8",
                    $crate::media::FILE_COLUMNS,
                    $crate::media::FILTER,
                    $crate::media::order_by(sort)
                );
                let rows: Vec<$crate::media::FileRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(&folder)
                    .bind(trashed)
                    .bind(private)
                    .bind(&search)
                    .bind(&types)
                    .bind(i64::from(limit))
                    .bind(offset as i64)
                    .fetch_all(self.read())
                    .await
                    .map_err($crate::db_err)?;
                let sql = format!("SELECT count(*) FROM media_files WHERE {}", $crate::media::FILTER);
                let (total,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(&folder)
                    .bind(trashed)
                    .bind(private)
                    .bind(&search)
                    .bind(&types)
                    .fetch_one(self.read())
                    .await
                    .map_err($crate::db_err)?;
                let files = rows
                    .into_iter()
                    .map(|r| $crate::media::file(site, r))
                    .collect::<tessera_core::Result<_>>()?;
                Ok((files, total as u64))
            }

            async fn update_media_file(
                &self,
                f: &tessera_core::media::MediaFile,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query(
                    "UPDATE media_files SET folder_id = $3, display_name = $4, alt = $5,
                       trashed_at = $6, updated_at = $7
                     WHERE site_id = $1 AND id = $2",
                )
                .bind(f.site_id.to_string())
                .bind(&f.id)
                .bind(&f.folder_id)
                .bind(&f.display_name)
                .bind(&f.alt)
                .bind(f.trashed_at)
                .bind(f.updated_at)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                if done.rows_affected() == 0 {
                    return Err(tessera_core::Error::NotFound("file"));
                }
                Ok(())
            }

            async fn delete_media_file(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
            ) -> tessera_core::Result<bool> {
                let mut tx = self.begin_write().await?;
                let hash: Option<(String,)> = sqlx::query_as(
                    "DELETE FROM media_files WHERE site_id = $1 AND id = $2 RETURNING hash",
                )
                .bind(site.to_string())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                let Some((hash,)) = hash else {
                    return Err(tessera_core::Error::NotFound("file"));
                };
                let (others,): (i64,) = sqlx::query_as(
                    "SELECT count(*) FROM media_files WHERE site_id = $1 AND hash = $2",
                )
                .bind(site.to_string())
                .bind(&hash)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(others > 0)
            }

            async fn trashed_media_files(
                &self,
                before: tessera_core::Millis,
                limit: u32,
            ) -> tessera_core::Result<Vec<tessera_core::media::MediaFile>> {
                let due: Vec<(String, String)> = sqlx::query_as(
                    "SELECT site_id, id FROM media_files
                      WHERE trashed_at IS NOT NULL AND trashed_at < $1
                      ORDER BY trashed_at LIMIT $2",
                )
                .bind(before)
                .bind(i64::from(limit))
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                let mut out = Vec::with_capacity(due.len());
                for (site, id) in due {
                    let site = site.parse().map_err(tessera_core::Error::internal)?;
                    out.extend(self.media_file(site, &id).await?);
                }
                Ok(out)
            }

            async fn media_bytes(&self, site: tessera_core::ids::SiteId) -> tessera_core::Result<u64> {
                let (used,): (i64,) = sqlx::query_as($crate::media::BLOB_BYTES)
                .bind(site.to_string())
                .fetch_one(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(used as u64)
            }

            async fn insert_media_folder(
                &self,
                f: &tessera_core::media::MediaFolder,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO media_folders (site_id, id, parent_id, display_name, trashed_at,
                       created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(f.site_id.to_string())
                .bind(&f.id)
                .bind(&f.parent_id)
                .bind(&f.display_name)
                .bind(f.trashed_at)
                .bind(f.created_at)
                .bind(f.updated_at)
                .execute(self.write())
                .await
                .map_err(|e| {
                    $crate::unique_or_internal(e, "displayName", "this folder already has a folder of that name")
                })?;
                Ok(())
            }

            async fn media_folder(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
            ) -> tessera_core::Result<Option<tessera_core::media::MediaFolder>> {
                let sql = format!(
                    "SELECT {} FROM media_folders WHERE site_id = $1 AND id = $2",
                    $crate::media::FOLDER_COLUMNS
                );
                let row: Option<$crate::media::FolderRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(id)
                    .fetch_optional(self.read())
                    .await
                    .map_err($crate::db_err)?;
                Ok(row.map(|r| $crate::media::folder(site, r)))
            }

            async fn media_folders(
                &self,
                site: tessera_core::ids::SiteId,
                parent: Option<&str>,
                trashed: bool,
            ) -> tessera_core::Result<Vec<tessera_core::media::MediaFolder>> {
                let sql = format!(
                    "SELECT {} FROM media_folders
                      WHERE site_id = $1 AND ($2 IS NULL OR parent_id = $2)
                        AND (($3 = 1 AND trashed_at IS NOT NULL) OR ($3 = 0 AND trashed_at IS NULL))
                      ORDER BY lower(display_name), id",
                    $crate::media::FOLDER_COLUMNS
                );
                let rows: Vec<$crate::media::FolderRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(parent)
                    .bind(i64::from(trashed))
                    .fetch_all(self.read())
                    .await
                    .map_err($crate::db_err)?;
                Ok(rows.into_iter().map(|r| $crate::media::folder(site, r)).collect())
            }

            async fn update_media_folder(
                &self,
                f: &tessera_core::media::MediaFolder,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query(
                    "UPDATE media_folders SET parent_id = $3, display_name = $4, trashed_at = $5,
                       updated_at = $6
                     WHERE site_id = $1 AND id = $2",
                )
                .bind(f.site_id.to_string())
                .bind(&f.id)
                .bind(&f.parent_id)
                .bind(&f.display_name)
                .bind(f.trashed_at)
                .bind(f.updated_at)
                .execute(self.write())
                .await
                .map_err(|e| {
                    $crate::unique_or_internal(e, "displayName", "this folder already has a folder of that name")
                })?;
                if done.rows_affected() == 0 {
                    return Err(tessera_core::Error::NotFound("folder"));
                }
                Ok(())
            }

            async fn delete_media_folder(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
            ) -> tessera_core::Result<()> {
                sqlx::query("DELETE FROM media_folders WHERE site_id = $1 AND id = $2")
                    .bind(site.to_string())
                    .bind(id)
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                Ok(())
            }

            async fn items_mentioning(
                &self,
                site: tessera_core::ids::SiteId,
                needle: &str,
                after: Option<(&str, &str)>,
                limit: u32,
            ) -> tessera_core::Result<tessera_core::media::MentionBatch> {
                let (collection, item) = after.unwrap_or(("", ""));
                let rows: Vec<(String, String, Option<String>)> =
                    sqlx::query_as($crate::media::MENTIONING)
                        .bind(site.to_string())
                        .bind(collection)
                        .bind(item)
                        .bind(i64::from(limit))
                        .bind($crate::media::like_containing(needle))
                        .fetch_all(self.read())
                        .await
                        .map_err($crate::db_err)?;
                Ok($crate::media::mention_batch(rows))
            }
        }
    };
}
pub(crate) use impl_media_store;

/// One batch of a site's items in key order after (`$2`, `$3`), at most `$4`, with the data
/// text of those containing `$5` (a LIKE pattern). The batch is cut by the primary key
/// (`site_id, collection_id, item_id`) before the LIKE, so a batch reads at most `$4` rows
/// whatever matches; the LIKE is a cheap first sieve (the caller checks each match's JSON
/// for a real reference). `CAST(data AS TEXT)` is the text on both backends (JSONB on
/// PostgreSQL, whose text form keeps strings as they were written).
pub(crate) const MENTIONING: &str = "SELECT collection_id, item_id,
       CASE WHEN CAST(data AS TEXT) LIKE $5 ESCAPE '\\' THEN CAST(data AS TEXT) END
  FROM (SELECT collection_id, item_id, data FROM data_items
         WHERE site_id = $1
           AND (collection_id > $2 OR (collection_id = $2 AND item_id > $3))
         ORDER BY collection_id, item_id
         LIMIT $4) AS batch
 ORDER BY collection_id, item_id";

/// `%needle%` with LIKE's wildcards escaped (file ids hold `_`).
pub(crate) fn like_containing(needle: &str) -> String {
    let escaped = needle
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

pub(crate) fn mention_batch(
    rows: Vec<(String, String, Option<String>)>,
) -> tessera_core::media::MentionBatch {
    let scanned = rows.len() as u32;
    let last = rows.last().map(|(c, i, _)| (c.clone(), i.clone()));
    let found = rows
        .into_iter()
        .filter_map(|(c, i, data)| data.map(|d| (c, i, d)))
        .collect();
    tessera_core::media::MentionBatch {
        found,
        scanned,
        last,
    }
}
