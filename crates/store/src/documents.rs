//! Site documents (draft, versions, published pointer), for both backends
//! (`impl_document_store!`, stamped out by `impl_store!`).

macro_rules! impl_document_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl tessera_core::DocumentStore for $store {
            async fn draft(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Option<tessera_core::store::Draft>> {
                let row: Option<(i64, String, String, i64)> = sqlx::query_as(
                    "SELECT revision, document, updated_by, updated_at FROM site_drafts
                      WHERE site_id = $1",
                )
                .bind(site.to_string())
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(row.map(|(revision, document, updated_by, updated_at)| {
                    tessera_core::store::Draft { revision, document, updated_by, updated_at }
                }))
            }

            async fn put_draft(
                &self,
                site: tessera_core::ids::SiteId,
                document: &str,
                expected: i64,
                by: &str,
            ) -> tessera_core::Result<i64> {
                let now = tessera_core::now_millis();
                let done = if expected == 0 {
                    sqlx::query(
                        "INSERT INTO site_drafts (site_id, revision, document, updated_by, updated_at)
                         VALUES ($1, 1, $2, $3, $4) ON CONFLICT (site_id) DO NOTHING",
                    )
                    .bind(site.to_string())
                    .bind(document)
                    .bind(by)
                    .bind(now)
                    .execute(self.write())
                    .await
                } else {
                    sqlx::query(
                        "UPDATE site_drafts
                            SET revision = revision + 1, document = $2, updated_by = $3, updated_at = $4
                          WHERE site_id = $1 AND revision = $5",
                    )
                    .bind(site.to_string())
                    .bind(document)
                    .bind(by)
                    .bind(now)
                    .bind(expected)
                    .execute(self.write())
                    .await
                }
                .map_err($crate::db_err)?;
                if done.rows_affected() == 0 {
                    return Err(tessera_core::Error::conflict(
                        "revision",
                        format!("the draft changed since revision {expected}; reload it and apply your change again"),
                    ));
                }
                Ok(expected + 1)
            }

            async fn publish_version(
                &self,
                site: tessera_core::ids::SiteId,
                document: &str,
                draft_revision: i64,
                code_revision: Option<i64>,
                by: &str,
            ) -> tessera_core::Result<i64> {
                let now = tessera_core::now_millis();
                let mut tx = self.begin_write().await?;
                let (version,): (i64,) = sqlx::query_as(
                    "INSERT INTO site_versions
                       (site_id, version, document, draft_revision, code_revision, created_by, created_at)
                     SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6
                       FROM site_versions WHERE site_id = $1
                     RETURNING version",
                )
                .bind(site.to_string())
                .bind(document)
                .bind(draft_revision)
                .bind(code_revision)
                .bind(by)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| $crate::unique_or_internal(e, "version", "another publish took this version; publish again"))?;
                sqlx::query(
                    "INSERT INTO site_published (site_id, version, published_at) VALUES ($1, $2, $3)
                     ON CONFLICT (site_id) DO UPDATE
                       SET version = excluded.version, published_at = excluded.published_at",
                )
                .bind(site.to_string())
                .bind(version)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(version)
            }

            async fn versions(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Vec<tessera_core::store::SiteVersion>> {
                let rows: Vec<(i64, i64, Option<i64>, String, i64, bool)> = sqlx::query_as(
                    "SELECT v.version, v.draft_revision, v.code_revision, v.created_by, v.created_at,
                            p.version IS NOT NULL
                       FROM site_versions v
                       LEFT JOIN site_published p ON p.site_id = v.site_id AND p.version = v.version
                      WHERE v.site_id = $1 ORDER BY v.version DESC",
                )
                .bind(site.to_string())
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(rows.into_iter().map($crate::documents::site_version).collect())
            }

            async fn version(
                &self,
                site: tessera_core::ids::SiteId,
                version: i64,
            ) -> tessera_core::Result<Option<(tessera_core::store::SiteVersion, String)>> {
                let row: Option<(i64, i64, Option<i64>, String, i64, bool, String)> = sqlx::query_as(
                    "SELECT v.version, v.draft_revision, v.code_revision, v.created_by, v.created_at,
                            p.version IS NOT NULL, v.document
                       FROM site_versions v
                       LEFT JOIN site_published p ON p.site_id = v.site_id AND p.version = v.version
                      WHERE v.site_id = $1 AND v.version = $2",
                )
                .bind(site.to_string())
                .bind(version)
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(row.map(|(v, d, c, by, at, p, document)| {
                    ($crate::documents::site_version((v, d, c, by, at, p)), document)
                }))
            }

            async fn set_published_version(
                &self,
                site: tessera_core::ids::SiteId,
                version: i64,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query(
                    "INSERT INTO site_published (site_id, version, published_at)
                     SELECT site_id, version, $3 FROM site_versions WHERE site_id = $1 AND version = $2
                     ON CONFLICT (site_id) DO UPDATE
                       SET version = excluded.version, published_at = excluded.published_at",
                )
                .bind(site.to_string())
                .bind(version)
                .bind(tessera_core::now_millis())
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                $crate::queries::found(done.rows_affected(), "site version")
            }

            async fn published_version(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Option<(i64, tessera_core::Millis)>> {
                sqlx::query_as("SELECT version, published_at FROM site_published WHERE site_id = $1")
                    .bind(site.to_string())
                    .fetch_optional(self.read())
                    .await
                    .map_err($crate::db_err)
            }
        }
    };
}

pub(crate) use impl_document_store;

pub(crate) fn site_version(
    (version, draft_revision, code_revision, created_by, created_at, published): (
        i64,
        i64,
        Option<i64>,
        String,
        i64,
        bool,
    ),
) -> tessera_core::store::SiteVersion {
    tessera_core::store::SiteVersion {
        version,
        draft_revision,
        code_revision,
        created_by,
        created_at,
        published,
    }
}
