//! `wix-media-backend` in site code (`mediaManager`): upload and import into a folder path,
//! file information and listing in Velo's shapes, public and signed download URLs, trash.
//! Site code acts as the site's admin.

use base64::{Engine, engine::general_purpose::STANDARD};
use serde_json::{Value, json};
use tessera_core::{
    media::{MEDIA_ROOT, MediaFile, MediaFilter, MediaFolder, MediaSort, MediaType},
    now_millis,
    sites::Site,
};
use tessera_platform::{Platform, WixError, module::HostError};
use uuid::Uuid;

use crate::{files, rest};

fn failed(e: WixError) -> HostError {
    HostError::new(e.code().as_str(), e.description().to_string())
}

fn bad(message: impl Into<String>) -> HostError {
    HostError::new("INVALID_ARGUMENT", message.into())
}

/// Velo's media address of a file: `wix:image://v1/<id>/<name>#originWidth=…&originHeight=…`
/// for images, `wix:<type>://v1/<id>/<name>` for the others.
pub fn wix_url(f: &MediaFile) -> String {
    let name = crate::serve::url_name(&f.display_name);
    match (f.media_type, f.width, f.height) {
        (MediaType::Image, Some(w), Some(h)) => {
            format!(
                "wix:image://v1/{}/{name}#originWidth={w}&originHeight={h}",
                f.id
            )
        }
        (kind, _, _) => {
            let scheme = match kind {
                MediaType::Image => "image",
                MediaType::Vector => "vector",
                MediaType::Video => "video",
                MediaType::Audio => "audio",
                MediaType::Document | MediaType::Archive => "document",
            };
            format!("wix:{scheme}://v1/{}/{name}", f.id)
        }
    }
}

/// Velo's `FileInfo`.
fn file_info(p: &Platform, site: &Site, f: &MediaFile) -> Value {
    let url = wix_url(f);
    json!({
        "fileUrl": url,
        "fileName": f.id,
        "originalFileName": f.display_name,
        "mediaType": f.media_type.as_str().to_lowercase(),
        "mimeType": f.mime,
        "isPrivate": f.private,
        "sizeInBytes": f.size,
        "hash": f.hash,
        "width": f.width,
        "height": f.height,
        "iconUrl": if f.media_type == MediaType::Image { json!(url) } else { Value::Null },
        "parentFolderId": f.folder_id,
        "labels": [],
        "opStatus": "READY",
        "_createdDate": f.created_at,
        "_updatedDate": f.updated_at,
        "url": if f.private { Value::Null } else { json!(rest::media_url(p, site, f)) },
    })
}

fn folder_info(f: &MediaFolder) -> Value {
    json!({
        "folderId": f.id,
        "folderName": f.display_name,
        "parentFolderId": f.parent_id,
        "_createdDate": f.created_at,
        "_updatedDate": f.updated_at,
    })
}

/// The folder at `path` (`/Products/Shoes`), made as needed; `/` or "" is the root.
async fn folder_at(p: &Platform, site: &Site, path: &str) -> Result<String, HostError> {
    let mut here = MEDIA_ROOT.to_string();
    for name in path.split('/').map(str::trim).filter(|s| !s.is_empty()) {
        if name.chars().count() > 200 || name.chars().any(char::is_control) {
            return Err(bad(format!("path: the folder name '{name}' is not valid")));
        }
        let existing = p
            .store()
            .media_folders(site.id, Some(&here), false)
            .await
            .map_err(|e| failed(e.into()))?;
        here = match existing.into_iter().find(|f| f.display_name == name) {
            Some(f) => f.id,
            None => {
                let now = now_millis();
                let folder = MediaFolder {
                    site_id: site.id,
                    id: Uuid::new_v4().simple().to_string(),
                    parent_id: here,
                    display_name: name.to_string(),
                    trashed_at: None,
                    created_at: now,
                    updated_at: now,
                };
                p.store()
                    .insert_media_folder(&folder)
                    .await
                    .map_err(|e| failed(e.into()))?;
                folder.id
            }
        };
    }
    Ok(here)
}

fn private_of(p: &Value) -> bool {
    p["options"]["metadataOptions"]["isPrivate"]
        .as_bool()
        .unwrap_or(false)
}

async fn file_of(p: &Platform, site: &Site, url: &Value) -> Result<MediaFile, HostError> {
    let url = url
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad("fileUrl: a file's wix: address or id is required"))?;
    files::get(p, site.id, url).await.map_err(failed)
}

/// One `mediaManager` call: `action` and its arguments.
pub async fn code_call(p: &Platform, site: &Site, payload: &Value) -> Result<Value, HostError> {
    let action = payload["action"].as_str().unwrap_or_default();
    match action {
        "upload" | "import" => {
            let folder = folder_at(p, site, payload["path"].as_str().unwrap_or("/")).await?;
            let name = payload["fileName"].as_str().unwrap_or_default().to_string();
            let claimed = payload["options"]["mediaOptions"]["mimeType"]
                .as_str()
                .map(str::to_string);
            let bytes = if action == "upload" {
                STANDARD
                    .decode(payload["base64"].as_str().unwrap_or_default())
                    .map_err(|_| bad("fileContent: not readable as bytes"))?
            } else {
                let url = payload["url"].as_str().unwrap_or_default();
                let max = crate::Media::of(p).config().max_file_bytes as usize;
                tessera_platform::fetch::get_bytes(&p.config().fetch_allow, url, max)
                    .await
                    .map_err(|e| bad(format!("url: {}", e.message)))?
            };
            let file = files::upload(
                p,
                site,
                files::Upload {
                    bytes: bytes.into(),
                    file_name: name,
                    claimed_mime: claimed,
                    folder_id: folder,
                    private: private_of(payload),
                },
            )
            .await
            .map_err(failed)?;
            Ok(file_info(p, site, &file))
        }
        "getFileInfo" => {
            let file = file_of(p, site, &payload["fileUrl"]).await?;
            Ok(file_info(p, site, &file))
        }
        "getFileUrl" => {
            let file = file_of(p, site, &payload["fileUrl"]).await?;
            if file.private {
                return Err(HostError::new(
                    "PERMISSION_DENIED",
                    "a private file has no public URL: use getDownloadUrl".into(),
                ));
            }
            Ok(json!(rest::media_url(p, site, &file)))
        }
        "getDownloadUrl" => {
            let file = file_of(p, site, &payload["fileUrl"]).await?;
            let minutes = payload["expirationTime"]
                .as_u64()
                .unwrap_or(600)
                .clamp(1, 60 * 24 * 30);
            let name = payload["downloadFileName"]
                .as_str()
                .filter(|s| !s.is_empty())
                .unwrap_or(&file.display_name)
                .to_string();
            let expires = now_millis() + minutes as i64 * 60_000;
            Ok(json!(rest::download_url(p, site, &file, &name, expires)))
        }
        "listFiles" => {
            let filters = &payload["filters"];
            let filter = MediaFilter {
                folder_id: Some(
                    filters["parentFolderId"]
                        .as_str()
                        .unwrap_or(MEDIA_ROOT)
                        .to_string(),
                ),
                private: filters["isPrivate"].as_bool(),
                ..MediaFilter::default()
            };
            let limit = payload["paging"]["limit"]
                .as_u64()
                .unwrap_or(40)
                .clamp(1, 100) as u32;
            let skip = payload["paging"]["skip"].as_u64().unwrap_or(0);
            let sort = match (
                payload["sorting"]["order"].as_str(),
                payload["sorting"]["fieldName"].as_str(),
            ) {
                (Some("asc"), Some("originalFileName")) => MediaSort::NameAsc,
                (Some("desc"), Some("originalFileName")) => MediaSort::NameDesc,
                (Some("asc"), _) => MediaSort::Oldest,
                _ => MediaSort::Newest,
            };
            let (found, _) = p
                .store()
                .media_files(site.id, &filter, sort, skip, limit)
                .await
                .map_err(|e| failed(e.into()))?;
            Ok(Value::Array(
                found.iter().map(|f| file_info(p, site, f)).collect(),
            ))
        }
        "listFolders" => {
            let parent = payload["filters"]["parentFolderId"]
                .as_str()
                .unwrap_or(MEDIA_ROOT);
            let found = p
                .store()
                .media_folders(site.id, Some(parent), false)
                .await
                .map_err(|e| failed(e.into()))?;
            Ok(Value::Array(found.iter().map(folder_info).collect()))
        }
        "createFolder" => {
            let parent = payload["parentFolderId"].as_str().unwrap_or(MEDIA_ROOT);
            files::folder_in_library(p, site.id, parent)
                .await
                .map_err(failed)?;
            let body = json!({ "displayName": payload["folderName"], "parentFolderId": parent });
            let made = crate::folders::create(p, site.id, &body)
                .await
                .map_err(failed)?;
            let id = made["folder"]["id"].as_str().unwrap_or_default();
            let folder = p
                .store()
                .media_folder(site.id, id)
                .await
                .map_err(|e| failed(e.into()))?
                .ok_or_else(|| bad("the new folder went missing"))?;
            Ok(folder_info(&folder))
        }
        "moveFilesToTrash" | "restoreFilesFromTrash" => {
            let urls = payload["fileUrls"]
                .as_array()
                .filter(|a| !a.is_empty())
                .ok_or_else(|| bad("fileUrls: a list of files is required"))?;
            let mut ids = Vec::new();
            for url in urls {
                ids.push(file_of(p, site, url).await?.id);
            }
            if action == "moveFilesToTrash" {
                files::delete(p, site.id, &ids, false)
                    .await
                    .map_err(failed)?;
            } else {
                files::restore(p, site.id, &ids).await.map_err(failed)?;
            }
            Ok(Value::Null)
        }
        other => Err(bad(format!("mediaManager has no {other}"))),
    }
}
