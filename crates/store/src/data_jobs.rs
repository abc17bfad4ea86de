//! Async data job records, for both backends (`impl_data_job_store!`).

macro_rules! impl_data_job_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl tessera_core::DataJobStore for $store {
            async fn create_data_job(
                &self,
                site: tessera_core::ids::SiteId,
                job: &tessera_core::store::DataJob,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO data_jobs (site_id, job_id, collection_id, kind, status,
                       success_count, error, created_at, finished_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(site.to_string())
                .bind(&job.job_id)
                .bind(&job.collection_id)
                .bind(&job.kind)
                .bind(&job.status)
                .bind(job.success_count)
                .bind(&job.error)
                .bind(job.created_at)
                .bind(job.finished_at)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn update_data_job(
                &self,
                site: tessera_core::ids::SiteId,
                job: &tessera_core::store::DataJob,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "UPDATE data_jobs SET status = $3, success_count = $4, error = $5, finished_at = $6
                      WHERE site_id = $1 AND job_id = $2",
                )
                .bind(site.to_string())
                .bind(&job.job_id)
                .bind(&job.status)
                .bind(job.success_count)
                .bind(&job.error)
                .bind(job.finished_at)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn data_job(
                &self,
                site: tessera_core::ids::SiteId,
                job_id: &str,
            ) -> tessera_core::Result<Option<tessera_core::store::DataJob>> {
                type Row = (String, String, String, String, i64, Option<String>, i64, Option<i64>);
                let row: Option<Row> = sqlx::query_as(
                    "SELECT job_id, collection_id, kind, status, success_count, error, created_at, finished_at
                       FROM data_jobs WHERE site_id = $1 AND job_id = $2",
                )
                .bind(site.to_string())
                .bind(job_id)
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(row.map(
                    |(job_id, collection_id, kind, status, success_count, error, created_at, finished_at)| {
                        tessera_core::store::DataJob {
                            job_id, collection_id, kind, status, success_count, error, created_at, finished_at,
                        }
                    },
                ))
            }
        }
    };
}
pub(crate) use impl_data_job_store;
