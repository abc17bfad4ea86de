//! Where media bytes live: a folder (the data directory's `media` by default) or any
//! S3-compatible store (`--media-url s3://bucket/prefix`, credentials and endpoint from the
//! usual `AWS_*` variables), through `object_store`, so that every node of a deployment
//! shares them. Blobs are named by their content hash within their site, so the same bytes are
//! stored once per site; the variants made of a blob sit under its hash.

use std::sync::Arc;

use bytes::Bytes;
use object_store::{
    ObjectStore, PutPayload, local::LocalFileSystem, path::Path, prefix::PrefixStore,
};
use tessera_core::{Error, Result, ids::SiteId};

#[derive(Clone)]
pub struct Storage {
    objects: Arc<dyn ObjectStore>,
    /// Where the objects are, for the log and errors.
    pub location: String,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.location)
    }
}

fn storage_err(e: object_store::Error) -> Error {
    Error::internal(format!("media storage: {e}"))
}

impl Storage {
    /// `file:///path`, a plain path, or `s3://bucket/prefix`.
    pub fn open(url: &str) -> Result<Self> {
        let objects: Arc<dyn ObjectStore> = if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(Error::invalid(
                    "media_url",
                    "names no bucket (s3://bucket/prefix)",
                ));
            }
            let s3 = object_store::aws::AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .build()
                .map_err(|e| Error::invalid("media_url", e.to_string()))?;
            let prefix = prefix.trim_matches('/');
            if prefix.is_empty() {
                Arc::new(s3)
            } else {
                Arc::new(PrefixStore::new(s3, prefix))
            }
        } else {
            let dir = url.strip_prefix("file://").unwrap_or(url);
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::invalid("media_url", format!("cannot create {dir}: {e}")))?;
            Arc::new(
                LocalFileSystem::new_with_prefix(dir)
                    .map_err(|e| Error::invalid("media_url", e.to_string()))?,
            )
        };
        Ok(Self {
            objects,
            location: url.to_string(),
        })
    }

    fn blob_path(site: SiteId, hash: &str) -> Path {
        Path::from(format!("{}/{hash}/original", site.0.simple()))
    }

    fn variant_path(site: SiteId, hash: &str, key: &str) -> Path {
        Path::from(format!("{}/{hash}/{key}", site.0.simple()))
    }

    /// Stores a blob unless the site has it already.
    pub async fn put_blob(&self, site: SiteId, hash: &str, bytes: Bytes) -> Result<()> {
        let path = Self::blob_path(site, hash);
        match self.objects.head(&path).await {
            Ok(_) => return Ok(()),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(storage_err(e)),
        }
        self.objects
            .put(&path, PutPayload::from_bytes(bytes))
            .await
            .map_err(storage_err)?;
        Ok(())
    }

    pub async fn blob(&self, site: SiteId, hash: &str) -> Result<Bytes> {
        self.get(&Self::blob_path(site, hash))
            .await?
            .ok_or(Error::NotFound("file"))
    }

    /// A variant made before, if any.
    pub async fn variant(&self, site: SiteId, hash: &str, key: &str) -> Result<Option<Bytes>> {
        self.get(&Self::variant_path(site, hash, key)).await
    }

    pub async fn put_variant(
        &self,
        site: SiteId,
        hash: &str,
        key: &str,
        bytes: Bytes,
    ) -> Result<()> {
        self.objects
            .put(
                &Self::variant_path(site, hash, key),
                PutPayload::from_bytes(bytes),
            )
            .await
            .map_err(storage_err)?;
        Ok(())
    }

    /// How many variants of the blob are kept whose key starts with `prefix` (`crop_`).
    pub async fn variant_count(&self, site: SiteId, hash: &str, prefix: &str) -> Result<usize> {
        use futures::TryStreamExt;
        let folder = Path::from(format!("{}/{hash}", site.0.simple()));
        let names: Vec<Path> = self
            .objects
            .list(Some(&folder))
            .map_ok(|meta| meta.location)
            .try_collect()
            .await
            .map_err(storage_err)?;
        Ok(names
            .iter()
            .filter(|p| p.filename().is_some_and(|n| n.starts_with(prefix)))
            .count())
    }

    /// Deletes every blob and variant of a deleted site.
    pub async fn delete_site(&self, site: SiteId) -> Result<()> {
        self.delete_under(Path::from(site.0.simple().to_string()))
            .await
    }

    /// Deletes a blob and every variant made of it.
    pub async fn delete_blob(&self, site: SiteId, hash: &str) -> Result<()> {
        self.delete_under(Path::from(format!("{}/{hash}", site.0.simple())))
            .await
    }

    async fn delete_under(&self, prefix: Path) -> Result<()> {
        use futures::TryStreamExt;
        let paths: Vec<Path> = self
            .objects
            .list(Some(&prefix))
            .map_ok(|meta| meta.location)
            .try_collect()
            .await
            .map_err(storage_err)?;
        for path in paths {
            match self.objects.delete(&path).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(storage_err(e)),
            }
        }
        Ok(())
    }

    async fn get(&self, path: &Path) -> Result<Option<Bytes>> {
        match self.objects.get(path).await {
            Ok(found) => Ok(Some(found.bytes().await.map_err(storage_err)?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(storage_err(e)),
        }
    }
}
