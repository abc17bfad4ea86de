//! The library's files: upload (type from the bytes, images prepared, quota held), read, list,
//! rename and move, trash and restore, and deletion for good (the blob goes with its last
//! file).

use bytes::Bytes;
use sha2::{Digest, Sha256};
use tessera_core::{
    Error, Millis,
    ids::SiteId,
    media::{MEDIA_ROOT, MediaFile, MediaType},
    now_millis,
    sites::Site,
};
use tessera_platform::{Platform, WixCode, WixError, WixResult};
use uuid::Uuid;

use crate::{
    Media,
    image::{self, Kind, Refusal},
};

/// How long a trashed file can be restored.
pub const TRASH_KEEP_MS: Millis = 30 * 24 * 3600 * 1000;

/// A file to add to a site's library.
pub struct Upload {
    pub bytes: Bytes,
    /// The name it came with (any path in it is dropped).
    pub file_name: String,
    /// The type the sender claimed (`Content-Type`, `mimeType`), if any.
    pub claimed_mime: Option<String>,
    pub folder_id: String,
    pub private: bool,
}

fn media_type(kind: Kind) -> MediaType {
    match kind {
        Kind::Image => MediaType::Image,
        Kind::Vector => MediaType::Vector,
        Kind::Video => MediaType::Video,
        Kind::Audio => MediaType::Audio,
        Kind::Document => MediaType::Document,
        Kind::Archive => MediaType::Archive,
    }
}

fn refused(r: Refusal) -> WixError {
    WixError::bad_request(format!("{}: {}", r.field, r.message))
}

pub fn not_found(id: &str) -> WixError {
    WixError::new(WixCode::FileNotFound, format!("file {id} does not exist"))
}

/// The site whose file this is: ids begin with the site's id (`<32 hex>_…`).
pub fn file_id_site(id: &str) -> Option<SiteId> {
    let (site, rest) = id.split_once('_')?;
    if site.len() != 32 || rest.is_empty() {
        return None;
    }
    Uuid::try_parse(site).ok().map(SiteId)
}

fn new_file_id(site: SiteId, ext: &str) -> String {
    let random = Uuid::new_v4().simple().to_string();
    format!("{}_{}~mv2.{ext}", site.0.simple(), &random[..16])
}

/// A display name from what a sender called the file: its last path part, without control
/// characters, at most 200 characters; `file.<ext>` when nothing is left.
pub fn display_name(name: &str, ext: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let clean = clean.trim().trim_start_matches('.').trim();
    if clean.is_empty() {
        format!("file.{ext}")
    } else {
        clean.to_string()
    }
}

/// Adds a file to the site's library.
pub async fn upload(p: &Platform, site: &Site, upload: Upload) -> WixResult<MediaFile> {
    let media = Media::of(p);
    let config = media.config();
    let size = upload.bytes.len() as u64;
    if size == 0 {
        return Err(WixError::bad_request("file: is empty"));
    }
    if size > config.max_file_bytes {
        return Err(WixError::new(
            WixCode::PayloadTooLarge,
            format!(
                "file: {size} bytes is over the limit of {} bytes per file",
                config.max_file_bytes
            ),
        ));
    }
    folder_in_library(p, site.id, &upload.folder_id).await?;

    let limits = config.image_limits;
    let Upload {
        bytes,
        file_name,
        claimed_mime,
        folder_id,
        private,
    } = upload;
    let checked = tokio::task::spawn_blocking(move || -> Result<_, Refusal> {
        let sniffed = image::sniff(&bytes)?;
        image::check_claim(&sniffed, claimed_mime.as_deref(), &file_name)?;
        let (stored, width, height) = match sniffed.kind {
            Kind::Image => {
                let prepared = image::prepare_image(&bytes, &sniffed, &limits)?;
                (
                    Bytes::from(prepared.bytes),
                    Some(prepared.width),
                    Some(prepared.height),
                )
            }
            Kind::Vector => {
                let svg = image::check_svg(&bytes)?;
                (bytes, svg.width, svg.height)
            }
            _ => (bytes, None, None),
        };
        let hash = hex(&Sha256::digest(&stored));
        Ok((sniffed, stored, width, height, hash, file_name))
    })
    .await
    .map_err(|e| Error::internal(format!("checking an upload: {e}")))?
    .map_err(refused)?;
    let (sniffed, stored, width, height, hash, file_name) = checked;

    let now = now_millis();
    let file = MediaFile {
        site_id: site.id,
        id: new_file_id(site.id, sniffed.ext),
        folder_id,
        display_name: display_name(&file_name, sniffed.ext),
        media_type: media_type(sniffed.kind),
        mime: sniffed.mime.to_string(),
        hash,
        size: stored.len() as u64,
        width,
        height,
        alt: None,
        private,
        trashed_at: None,
        created_at: now,
        updated_at: now,
    };
    // The row first: a file deleted meanwhile with the same bytes sees this one and keeps
    // the blob.
    p.store()
        .insert_media_file(&file, config.site_quota_bytes)
        .await
        .map_err(|e| match e {
            Error::InvalidArgument {
                field: "size",
                message,
            } => WixError::new(WixCode::QuotaExceeded, format!("file: {message}")),
            other => other.into(),
        })?;
    if let Err(e) = config.storage.put_blob(site.id, &file.hash, stored).await {
        let _ = p.store().delete_media_file(site.id, &file.id).await;
        return Err(e.into());
    }
    Ok(file)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A folder files may go to: the root, or one of the site's folders not in the trash.
pub async fn folder_in_library(p: &Platform, site: SiteId, id: &str) -> WixResult<()> {
    if id == MEDIA_ROOT {
        return Ok(());
    }
    match p.store().media_folder(site, id).await? {
        Some(f) if f.trashed_at.is_none() => Ok(()),
        _ => Err(crate::folders::not_found(id)),
    }
}

/// The site's file `id`, in the library or in the trash.
pub async fn get(p: &Platform, site: SiteId, id: &str) -> WixResult<MediaFile> {
    // Wix's APIs take a file's wix:image://v1/<id>/… address wherever they take its id.
    let id = id_of(id);
    p.store()
        .media_file(site, id)
        .await?
        .ok_or_else(|| not_found(id))
}

/// The file id in a `wix:<type>://v1/<id>/<name>#…` address, or the text itself.
pub fn id_of(id_or_url: &str) -> &str {
    id_or_url
        .split_once("://v1/")
        .filter(|(scheme, _)| scheme.starts_with("wix:"))
        .map_or(id_or_url, |(_, rest)| {
            rest.split(['/', '#']).next().unwrap_or(rest)
        })
}

/// Moves files to the trash, or deletes them for good (`permanent`).
pub async fn delete(p: &Platform, site: SiteId, ids: &[String], permanent: bool) -> WixResult<()> {
    for id in ids {
        let mut file = get(p, site, id).await?;
        Media::of(p).remembered.forget_file(&file.id);
        if permanent {
            remove(p, &file).await?;
        } else if file.trashed_at.is_none() {
            file.trashed_at = Some(now_millis());
            file.updated_at = now_millis();
            p.store().update_media_file(&file).await?;
        }
    }
    Ok(())
}

/// Takes files out of the trash, into their folder (or the root, if it is gone).
pub async fn restore(p: &Platform, site: SiteId, ids: &[String]) -> WixResult<()> {
    for id in ids {
        let mut file = get(p, site, id).await?;
        Media::of(p).remembered.forget_file(&file.id);
        if file.trashed_at.is_some() {
            if folder_in_library(p, site, &file.folder_id).await.is_err() {
                file.folder_id = MEDIA_ROOT.into();
            }
            file.trashed_at = None;
            file.updated_at = now_millis();
            p.store().update_media_file(&file).await?;
        }
    }
    Ok(())
}

/// Deletes a file for good, and its blob with the last file that has its bytes.
async fn remove(p: &Platform, file: &MediaFile) -> WixResult<()> {
    Media::of(p).remembered.forget_file(&file.id);
    let still_used = p.store().delete_media_file(file.site_id, &file.id).await?;
    if !still_used {
        Media::of(p)
            .config()
            .storage
            .delete_blob(file.site_id, &file.hash)
            .await?;
    }
    Ok(())
}

/// Deletes for good what has been in the trash for 30 days; answers how many files went.
pub async fn purge_trash(p: &Platform, now: Millis) -> WixResult<usize> {
    let mut purged = 0;
    loop {
        let due = p
            .store()
            .trashed_media_files(now - TRASH_KEEP_MS, 500)
            .await?;
        if due.is_empty() {
            return Ok(purged);
        }
        for file in &due {
            remove(p, file).await?;
        }
        purged += due.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(display_name("../../etc/passwd", "txt"), "passwd");
        assert_eq!(display_name("C:\\photos\\cat.jpg", "jpg"), "cat.jpg");
        assert_eq!(display_name("a\u{0}b\nc.png", "png"), "abc.png");
        assert_eq!(display_name("..", "png"), "file.png");
        assert_eq!(display_name("", "pdf"), "file.pdf");
        assert_eq!(display_name(&"x".repeat(500), "png").len(), 200);
    }

    #[test]
    fn a_file_id_names_its_site() {
        let site = SiteId::new();
        let id = new_file_id(site, "jpg");
        assert!(id.ends_with("~mv2.jpg"), "{id}");
        assert_eq!(file_id_site(&id), Some(site));
        assert_eq!(file_id_site("nope"), None);
        assert_eq!(file_id_site("0123_x"), None);
        assert_eq!(
            id_of(&format!(
                "wix:image://v1/{id}/cat.jpg#originWidth=10&originHeight=5"
            )),
            id
        );
        assert_eq!(id_of(&id), id);
    }
}
