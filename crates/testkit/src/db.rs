//! Fresh, isolated databases: a temp SQLite file, or a new schema in the PostgreSQL database
//! named by `TESSERA_TEST_DATABASE_URL`, so tests run in parallel without seeing each other.

use std::sync::Arc;

use tessera_core::{Store, store::Backend};

/// The backends to run each test against: SQLite always, PostgreSQL when
/// `TESSERA_TEST_DATABASE_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut all = vec![Backend::Sqlite];
    if postgres_url().is_some() {
        all.push(Backend::Postgres);
    }
    all
}

fn postgres_url() -> Option<String> {
    std::env::var("TESSERA_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// A database URL for a fresh, empty database; keep the `TestDb` alive while it is in use.
pub struct TestDb {
    pub url: String,
    /// Where this database's media files go: a fresh folder.
    pub media_url: String,
    _dir: Option<tempfile::TempDir>,
    _media: Option<tempfile::TempDir>,
}

/// A fresh folder for media files.
fn media_place() -> anyhow::Result<(String, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir()?;
    Ok((dir.path().display().to_string(), Some(dir)))
}

/// The media storages tests run against: a folder always, and a fresh prefix of an
/// S3-compatible bucket when `TESSERA_TEST_S3_URL` (`s3://bucket`, with the `AWS_*` endpoint
/// and credentials) is set; `None` stands for the folder.
pub fn media_storages() -> Vec<Option<String>> {
    let mut all = vec![None];
    if let Some(base) = std::env::var("TESSERA_TEST_S3_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        all.push(Some(format!(
            "{}/{}",
            base.trim_end_matches('/'),
            uuid::Uuid::new_v4().simple()
        )));
    }
    all
}

impl TestDb {
    pub async fn new(backend: Backend) -> anyhow::Result<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir()?;
                let url = format!("sqlite://{}", dir.path().join("tessera.db").display());
                let (media_url, media) = media_place()?;
                Ok(Self {
                    url,
                    media_url,
                    _dir: Some(dir),
                    _media: media,
                })
            }
            Backend::Postgres => {
                let base = postgres_url()
                    .ok_or_else(|| anyhow::anyhow!("TESSERA_TEST_DATABASE_URL is not set"))?;
                let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
                let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&base).await?;
                // The schema name is generated here from a UUID, never from input.
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                    .execute(&mut conn)
                    .await?;
                let sep = if base.contains('?') { '&' } else { '?' };
                let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
                let (media_url, media) = media_place()?;
                Ok(Self {
                    url,
                    media_url,
                    _dir: None,
                    _media: media,
                })
            }
        }
    }

    pub async fn store(&self) -> anyhow::Result<Arc<dyn Store>> {
        Ok(tessera_store::connect(&self.url).await?)
    }
}
