//! Wix's Files REST API (`/site-media/v1/files…`) over the library, in Wix's shapes: file
//! descriptors, upload and download URLs, import, listing and search, trash.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use futures::FutureExt;
use serde_json::{Value, json};
use tessera_core::{
    Millis,
    data::DataCaller,
    media::{MEDIA_ROOT, MediaFile, MediaFilter, MediaSort, MediaType},
    now_millis,
    sites::{Permission, Site},
};
use tessera_platform::{
    Platform, WixError, WixResult,
    data::DataContext,
    module::{Method, Route},
};

use crate::{Media, files, serve, usage};

/// Files a listing answers at most per page.
const MAX_PAGE: u32 = 100;

/// The site's team with `needed`, or the site's own code.
pub fn may(ctx: &DataContext, needed: Permission) -> WixResult<()> {
    match &ctx.caller {
        DataCaller::Collaborator { role, .. } if role.allows(needed) => Ok(()),
        DataCaller::Code { .. } => Ok(()),
        _ => Err(WixError::new(
            tessera_platform::WixCode::PermissionDenied,
            "the media library needs a site collaborator or API key with enough rights",
        )),
    }
}

/// A time as Wix writes it (ISO 8601, milliseconds, UTC).
pub fn date(at: Millis) -> String {
    chrono::DateTime::from_timestamp_millis(at)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// A non-empty text field of `body`.
pub fn text_in<'a>(body: &'a Value, key: &str) -> Option<&'a str> {
    body[key].as_str().filter(|s| !s.is_empty())
}

/// A list of ids: required, 1 to 100 texts.
pub fn ids_in(body: &Value, key: &str) -> WixResult<Vec<String>> {
    let ids: Option<Vec<String>> = body[key]
        .as_array()
        .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect());
    match ids {
        Some(ids) if !ids.is_empty() && ids.len() <= 100 => Ok(ids),
        _ => Err(WixError::bad_request(format!(
            "{key}: a list of 1 to 100 ids is required"
        ))),
    }
}

/// Where the site serves media: its own address.
pub fn media_url(p: &Platform, site: &Site, file: &MediaFile) -> String {
    format!("{}/media/{}", p.site_url(site), file.id)
}

/// The file in Wix's shape.
pub fn descriptor(p: &Platform, site: &Site, f: &MediaFile) -> Value {
    let url = if f.private {
        Value::Null
    } else {
        json!(media_url(p, site, f))
    };
    let image = json!({
        "id": f.id,
        "url": url,
        "width": f.width,
        "height": f.height,
        "altText": f.alt,
        "filename": f.display_name,
    });
    let media = match f.media_type {
        MediaType::Image => json!({ "image": { "image": image, "colors": null, "faces": [] } }),
        MediaType::Vector => json!({ "vector": { "image": image } }),
        MediaType::Video => {
            json!({ "video": { "id": f.id, "resolutions": [{ "url": url, "width": f.width, "height": f.height, "format": f.mime }], "filename": f.display_name } })
        }
        MediaType::Audio => {
            json!({ "audio": { "id": f.id, "assets": [{ "url": url, "format": f.mime }], "sizeInBytes": f.size.to_string() } })
        }
        MediaType::Document => {
            json!({ "document": { "id": f.id, "url": url, "filename": f.display_name } })
        }
        MediaType::Archive => {
            json!({ "archive": { "id": f.id, "url": url, "filename": f.display_name, "sizeInBytes": f.size.to_string() } })
        }
    };
    let thumbnail = match (f.media_type, f.private) {
        (MediaType::Image, false) => json!(format!(
            "{}/media/{}/v1/fit/w_256,h_256,q_80/{}",
            p.site_url(site),
            f.id,
            serve::url_name(&f.display_name)
        )),
        (MediaType::Vector, false) => url.clone(),
        _ => Value::Null,
    };
    json!({
        "id": f.id,
        "displayName": f.display_name,
        "url": url,
        "parentFolderId": f.folder_id,
        "hash": f.hash,
        "sizeInBytes": f.size.to_string(),
        "private": f.private,
        "mediaType": f.media_type.as_str(),
        "media": media,
        "operationStatus": "READY",
        "thumbnailUrl": thumbnail,
        "labels": [],
        "createdDate": date(f.created_at),
        "updatedDate": date(f.updated_at),
        "siteId": site.id.to_string(),
        "state": if f.trashed_at.is_some() { "DELETED" } else { "OK" },
        "mimeType": f.mime,
    })
}

/// A signed address that uploads one file into `folder` until `expires` (`PUT` or `POST`
/// the bytes, with `?filename=`), for whoever holds it: the browser's upload, or a client
/// of `generateFileUploadUrl`.
pub fn upload_url(
    p: &Platform,
    site: &Site,
    folder: &str,
    private: bool,
    expires: Millis,
) -> String {
    let private = u8::from(private);
    let sig = p.config().secret_key.mac(
        site.id,
        "media-upload",
        &format!("{folder}|{private}|{expires}"),
    );
    format!(
        "{}/_media/upload?site={}&folder={}&private={private}&expires={expires}&sig={sig}",
        p.site_url(site),
        site.id,
        urlencode(folder),
    )
}

/// A signed download address of a file (private ones too) until `expires`.
pub fn download_url(
    p: &Platform,
    site: &Site,
    f: &MediaFile,
    name: &str,
    expires: Millis,
) -> String {
    let sig = p.config().secret_key.mac(
        site.id,
        "media-download",
        &format!("{}|{name}|{expires}", f.id),
    );
    format!(
        "{}/media/{}?download={}&expires={expires}&sig={sig}",
        p.site_url(site),
        f.id,
        urlencode(name)
    )
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn media_types(values: Vec<String>) -> WixResult<Vec<MediaType>> {
    values
        .iter()
        .map(|v| {
            MediaType::parse(v).ok_or_else(|| {
                WixError::bad_request(format!("mediaTypes: {v} is not a media type"))
            })
        })
        .collect()
}

fn sort_of(field: Option<&str>, order: Option<&str>) -> WixResult<MediaSort> {
    let desc = match order.unwrap_or("DESC") {
        "ASC" => false,
        "DESC" => true,
        other => {
            return Err(WixError::bad_request(format!(
                "sort.order: {other} is neither ASC nor DESC"
            )));
        }
    };
    Ok(match (field.unwrap_or("updatedDate"), desc) {
        ("updatedDate" | "createdDate", true) => MediaSort::Newest,
        ("updatedDate" | "createdDate", false) => MediaSort::Oldest,
        ("displayName", false) => MediaSort::NameAsc,
        ("displayName", true) => MediaSort::NameDesc,
        ("sizeInBytes", true) => MediaSort::SizeDesc,
        ("sizeInBytes", false) => MediaSort::SizeAsc,
        (other, _) => {
            return Err(WixError::bad_request(format!(
                "sort.fieldName: files sort by displayName, updatedDate or sizeInBytes, not {other}"
            )));
        }
    })
}

/// A page's limit and offset from Wix's cursor paging (the cursor is the offset, opaque).
fn paging(limit: Option<u64>, cursor: Option<&str>) -> WixResult<(u32, u64)> {
    let limit = limit.unwrap_or(50);
    if limit == 0 || limit > u64::from(MAX_PAGE) {
        return Err(WixError::bad_request(format!(
            "paging.limit: from 1 to {MAX_PAGE}"
        )));
    }
    let offset = match cursor {
        None => 0,
        Some(c) => URL_SAFE_NO_PAD
            .decode(c)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| WixError::bad_request("paging.cursor: not a cursor this API gave"))?,
    };
    Ok((limit as u32, offset))
}

async fn page(
    p: &Platform,
    site: &Site,
    filter: MediaFilter,
    sort: MediaSort,
    (limit, offset): (u32, u64),
) -> WixResult<Value> {
    let (found, total) = p
        .store()
        .media_files(site.id, &filter, sort, offset, limit)
        .await?;
    let next = offset + found.len() as u64;
    Ok(json!({
        "files": found.iter().map(|f| descriptor(p, site, f)).collect::<Vec<_>>(),
        "nextCursor": {
            "total": total,
            "cursors": { "next": (next < total).then(|| URL_SAFE_NO_PAD.encode(next.to_string())) },
        },
    }))
}

fn private_filter(v: &Value) -> Option<bool> {
    v.as_bool()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

/// Imports the file at `url` through the same outbound rules as site code's fetch.
async fn import(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let url = text_in(body, "url").ok_or_else(|| WixError::bad_request("url: is required"))?;
    let max = Media::of(p).config().max_file_bytes;
    let fetched = tessera_platform::fetch::get_bytes(&p.config().fetch_allow, url, max as usize)
        .await
        .map_err(|e| WixError::bad_request(format!("url: {}", e.message)))?;
    let name = text_in(body, "displayName")
        .map(str::to_string)
        .unwrap_or_else(|| {
            url.split(['?', '#'])
                .next()
                .and_then(|u| u.rsplit('/').next())
                .unwrap_or_default()
                .to_string()
        });
    let file = files::upload(
        p,
        site,
        files::Upload {
            bytes: fetched.into(),
            file_name: name,
            claimed_mime: text_in(body, "mimeType").map(str::to_string),
            folder_id: text_in(body, "parentFolderId")
                .unwrap_or(MEDIA_ROOT)
                .to_string(),
            private: body["private"].as_bool().unwrap_or(false),
        },
    )
    .await?;
    Ok(json!({ "file": descriptor(p, site, &file) }))
}

async fn update(p: &Platform, site: &Site, body: &Value) -> WixResult<Value> {
    let patch = &body["file"];
    let id = text_in(patch, "id").ok_or_else(|| WixError::bad_request("file.id: is required"))?;
    let mut file = files::get(p, site.id, id).await?;
    if !patch["displayName"].is_null() {
        let name = patch["displayName"]
            .as_str()
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| WixError::bad_request("file.displayName: may not be empty"))?;
        let ext = file.id.rsplit('.').next().unwrap_or_default().to_string();
        file.display_name = files::display_name(name, &ext);
    }
    if let Some(folder) = text_in(patch, "parentFolderId") {
        files::folder_in_library(p, site.id, folder).await?;
        file.folder_id = folder.to_string();
    }
    let alt = &patch["media"]["image"]["image"]["altText"];
    if !alt.is_null() {
        let alt = alt
            .as_str()
            .ok_or_else(|| WixError::bad_request("file.media.image.image.altText: is text"))?;
        if alt.chars().count() > 500 {
            return Err(WixError::bad_request(
                "file.media.image.image.altText: at most 500 characters",
            ));
        }
        file.alt = Some(alt.to_string()).filter(|a| !a.is_empty());
    }
    file.updated_at = now_millis();
    p.store().update_media_file(&file).await?;
    Ok(json!({ "file": descriptor(p, site, &file) }))
}

pub fn file_routes() -> Vec<Route> {
    vec![
        Route::new(
            Method::Post,
            "/site-media/v1/files/generate-upload-url",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::EditContent)?;
                    let site = &call.ctx.site;
                    let folder = text_in(&call.body, "parentFolderId").unwrap_or(MEDIA_ROOT);
                    files::folder_in_library(&p, site.id, folder).await?;
                    let private = call.body["private"].as_bool().unwrap_or(false);
                    let expires = now_millis() + 3600 * 1000;
                    let mut url = upload_url(&p, site, folder, private, expires);
                    if let Some(name) = text_in(&call.body, "fileName") {
                        url = format!("{url}&filename={}", urlencode(name));
                    }
                    Ok(json!({ "uploadUrl": url }))
                }
                .boxed()
            },
        ),
        Route::new(Method::Post, "/site-media/v1/files/import", |p, call| {
            async move {
                may(&call.ctx, Permission::EditContent)?;
                import(&p, &call.ctx.site, &call.body).await
            }
            .boxed()
        }),
        Route::new(
            Method::Get,
            "/site-media/v1/files/get-file-by-id",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::View)?;
                    let id = call.query.required("fileId")?;
                    let file = files::get(&p, call.ctx.site.id, id).await?;
                    Ok(json!({ "file": descriptor(&p, &call.ctx.site, &file) }))
                }
                .boxed()
            },
        ),
        Route::new(Method::Post, "/site-media/v1/files/get-files", |p, call| {
            async move {
                may(&call.ctx, Permission::View)?;
                let mut out = Vec::new();
                for id in ids_in(&call.body, "fileIds")? {
                    let file = files::get(&p, call.ctx.site.id, &id).await?;
                    out.push(descriptor(&p, &call.ctx.site, &file));
                }
                Ok(json!({ "files": out }))
            }
            .boxed()
        }),
        Route::new(
            Method::Patch,
            "/site-media/v1/files/update-file-descriptor",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::EditContent)?;
                    update(&p, &call.ctx.site, &call.body).await
                }
                .boxed()
            },
        ),
        Route::new(Method::Get, "/site-media/v1/files", |p, call| {
            async move {
                may(&call.ctx, Permission::View)?;
                let q = &call.query;
                let filter = MediaFilter {
                    folder_id: Some(q.one("parentFolderId").unwrap_or(MEDIA_ROOT).to_string()),
                    media_types: media_types(q.all("mediaTypes"))?,
                    private: q.one("private").and_then(|s| s.parse().ok()),
                    ..MediaFilter::default()
                };
                let sort = sort_of(q.one("sort.fieldName"), q.one("sort.order"))?;
                let limit = match q.one("paging.limit") {
                    Some(l) => Some(
                        l.parse()
                            .map_err(|_| WixError::bad_request("paging.limit: is a number"))?,
                    ),
                    None => None,
                };
                let paging = paging(limit, q.one("paging.cursor"))?;
                page(&p, &call.ctx.site, filter, sort, paging).await
            }
            .boxed()
        }),
        Route::new(Method::Post, "/site-media/v1/files/search", |p, call| {
            async move {
                may(&call.ctx, Permission::View)?;
                let b = &call.body;
                let filter = MediaFilter {
                    search: text_in(b, "search").map(str::to_string),
                    trashed: text_in(b, "rootFolder") == Some("TRASH_ROOT"),
                    media_types: media_types(
                        serde_json::from_value(b["mediaTypes"].clone()).unwrap_or_default(),
                    )?,
                    private: private_filter(&b["private"]),
                    ..MediaFilter::default()
                };
                let sort = sort_of(b["sort"]["fieldName"].as_str(), b["sort"]["order"].as_str())?;
                let paging = paging(
                    b["paging"]["limit"].as_u64(),
                    b["paging"]["cursor"].as_str(),
                )?;
                page(&p, &call.ctx.site, filter, sort, paging).await
            }
            .boxed()
        }),
        // Tessera's own: Wix's Media Manager has no public "where is this used". Read on
        // demand (nothing is kept as files are placed), bounded (see `usage`).
        Route::new(
            Method::Get,
            "/site-media/v1/files/{fileId}/usage",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::View)?;
                    usage::usage(&p, &call.ctx.site, call.path_param("fileId")).await
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Post,
            "/site-media/v1/bulk/files/delete",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::EditContent)?;
                    let ids = ids_in(&call.body, "fileIds")?;
                    let permanent = call.body["permanent"].as_bool().unwrap_or(false);
                    files::delete(&p, call.ctx.site.id, &ids, permanent).await?;
                    Ok(json!({}))
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Post,
            "/site-media/v1/bulk/trash-bin/files/restore",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::EditContent)?;
                    let ids = ids_in(&call.body, "fileIds")?;
                    files::restore(&p, call.ctx.site.id, &ids).await?;
                    Ok(json!({}))
                }
                .boxed()
            },
        ),
        Route::new(Method::Get, "/site-media/v1/trash-bin/files", |p, call| {
            async move {
                may(&call.ctx, Permission::View)?;
                let filter = MediaFilter {
                    trashed: true,
                    ..MediaFilter::default()
                };
                let limit = call.query.one("paging.limit").and_then(|l| l.parse().ok());
                let paging = paging(limit, call.query.one("paging.cursor"))?;
                page(&p, &call.ctx.site, filter, MediaSort::Newest, paging).await
            }
            .boxed()
        }),
        Route::new(
            Method::Post,
            "/site-media/v1/files/generate-file-download-url",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::View)?;
                    let b = &call.body;
                    let id = text_in(b, "fileId")
                        .ok_or_else(|| WixError::bad_request("fileId: is required"))?;
                    let file = files::get(&p, call.ctx.site.id, id).await?;
                    let minutes = b["expirationInMinutes"].as_u64().unwrap_or(600);
                    if minutes == 0 || minutes > 60 * 24 * 30 {
                        return Err(WixError::bad_request(
                            "expirationInMinutes: from 1 to 43200 (30 days)",
                        ));
                    }
                    let name = text_in(b, "downloadFileName")
                        .unwrap_or(&file.display_name)
                        .to_string();
                    let expires = now_millis() + minutes as i64 * 60_000;
                    let url = download_url(&p, &call.ctx.site, &file, &name, expires);
                    Ok(json!({ "downloadUrls": [{ "url": url, "assetKey": "src" }] }))
                }
                .boxed()
            },
        ),
    ]
}
