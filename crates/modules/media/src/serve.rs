//! The byte routes: an upload to a signed address, a file's bytes (public files to anyone,
//! private ones by a signed download address), and image variants made on request, once,
//! then kept in the media storage. Every answer carries an ETag from the content hash, so a
//! browser's second look is a 304.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use bytes::Bytes;
use futures::FutureExt;
use serde_json::json;
use tessera_core::{Error, media::MediaFile, now_millis, sites::Site};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, RawCall, RawReply, RawRoute},
};

use crate::{Media, files, image, rest};

/// Variants and originals: kept by browsers and caches for a year; the ETag answers after.
const CACHE_PUBLIC: &str = "public, max-age=31536000";

/// Variants being made, by key: the second request for one waits for the first and then
/// finds it stored, instead of making it again.
#[derive(Default)]
pub struct InFlight(Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

impl InFlight {
    fn slot(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.0.lock().expect("in-flight lock");
        map.retain(|_, slot| Arc::strong_count(slot) > 1);
        map.entry(key.to_string()).or_default().clone()
    }
}

/// A display name as the last part of a URL path.
pub fn url_name(name: &str) -> String {
    percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2E", ".")
        .replace("%2D", "-")
        .replace("%5F", "_")
}

/// The file `id` as the public may see it: the site is the id's, and the file is in the
/// library (not the trash).
async fn public_file(p: &Platform, id: &str) -> WixResult<(Site, MediaFile)> {
    let remembered = &Media::of(p).remembered;
    if let Some(found) = remembered.file(id) {
        return Ok(found);
    }
    let site_id = files::file_id_site(id).ok_or_else(|| files::not_found(id))?;
    let site = p
        .store()
        .site(site_id)
        .await?
        .ok_or_else(|| files::not_found(id))?;
    let file = files::get(p, site.id, id).await?;
    if file.trashed_at.is_some() {
        return Err(files::not_found(id));
    }
    remembered.keep_file(&site, &file);
    Ok((site, file))
}

/// The content hash and the variant's key, without the commas that separate the tags of an
/// `If-None-Match`.
fn etag(file: &MediaFile, variant: &str) -> String {
    format!("\"{}{}\"", &file.hash[..32], variant.replace(',', "."))
}

fn not_modified(call: &RawCall, tag: &str) -> Option<RawReply> {
    let matches = call
        .header("if-none-match")
        .is_some_and(|h| h.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    matches.then(|| RawReply {
        status: 304,
        headers: vec![
            ("etag", tag.to_string()),
            ("cache-control", CACHE_PUBLIC.into()),
        ],
        body: Bytes::new(),
    })
}

/// `GET /media/{file}`: the original. Private files (and any file, for a download) need the
/// signature of a download address that has not expired.
async fn original(p: Platform, call: RawCall) -> WixResult<RawReply> {
    let id = call.path_param("file");
    let (site, file) = public_file(&p, id).await?;
    let download = call.query.one("download");
    if file.private || download.is_some() {
        let name = download.unwrap_or_default();
        let expires: i64 = call
            .query
            .one("expires")
            .and_then(|e| e.parse().ok())
            .unwrap_or(0);
        let want = p.config().secret_key.mac(
            site.id,
            "media-download",
            &format!("{}|{name}|{expires}", file.id),
        );
        if call.query.one("sig") != Some(want.as_str()) {
            return Err(WixError::new(
                WixCode::PermissionDenied,
                "this file is private: it is served only by a signed download address",
            ));
        }
        if expires < now_millis() {
            return Err(WixError::new(
                WixCode::PermissionDenied,
                "the download address has expired",
            ));
        }
    }
    let tag = etag(&file, "");
    let cache = if file.private {
        "private, no-store"
    } else {
        CACHE_PUBLIC
    };
    if !file.private
        && let Some(reply) = not_modified(&call, &tag)
    {
        return Ok(reply);
    }
    let media = Media::of(&p);
    let kept_as = format!("{}/{}/original", site.id, file.hash);
    let bytes = match media.remembered.bytes(&kept_as) {
        Some(bytes) => bytes,
        None => {
            let bytes = media.config().storage.blob(site.id, &file.hash).await?;
            media.remembered.keep_bytes(&kept_as, &bytes);
            bytes
        }
    };
    let mut headers = vec![
        ("content-type", file.mime.clone()),
        ("etag", tag),
        ("cache-control", cache.into()),
        ("x-content-type-options", "nosniff".into()),
    ];
    if let Some(name) = download.filter(|n| !n.is_empty()) {
        headers.push((
            "content-disposition",
            format!("attachment; filename*=UTF-8''{}", url_name(name)),
        ));
    }
    if file.mime == "image/svg+xml" {
        // Even a checked SVG opened on its own runs no script.
        headers.push((
            "content-security-policy",
            "script-src 'none'; sandbox".into(),
        ));
    }
    Ok(RawReply {
        status: 200,
        headers,
        body: bytes,
    })
}

/// The crop variants a file may have (in all formats).
const MAX_CROPS: usize = 64;

/// `GET /media/{file}/v1/{mode}/{params}/{name}`: an image variant in the best format the
/// browser takes. Anything else (an SVG, a GIF, a PDF…) is answered as its original.
async fn variant(p: Platform, call: RawCall) -> WixResult<RawReply> {
    let id = call.path_param("file").to_string();
    let (site, file) = public_file(&p, &id).await?;
    if file.private {
        return Err(WixError::new(
            WixCode::PermissionDenied,
            "this file is private: it is served only by a signed download address",
        ));
    }
    // Only still raster images have variants: a GIF's would be its first frame.
    if file.media_type != tessera_core::media::MediaType::Image || file.mime == "image/gif" {
        return original(p, call).await;
    }
    let asked = image::parse_transform(call.path_param("mode"), call.path_param("params"))
        .map_err(|r| WixError::bad_request(format!("{}: {}", r.field, r.message)))?;
    // Sizes past the original's come to the same variant as the original's.
    let transform = asked.for_original(file.width.unwrap_or(1), file.height.unwrap_or(1));
    let format = image::negotiate(call.header("accept"), &file.mime);
    let key = format!("{}.{}", transform.key().replace('/', "_"), format.ext());
    let tag = etag(&file, &format!("-{key}"));
    let headers = |format: image::Format| {
        vec![
            ("content-type", format.mime().to_string()),
            ("etag", tag.clone()),
            ("cache-control", CACHE_PUBLIC.to_string()),
            ("vary", "Accept".to_string()),
        ]
    };
    if let Some(reply) = not_modified(&call, &tag) {
        let mut reply = reply;
        reply.headers.push(("vary", "Accept".into()));
        return Ok(reply);
    }
    let media = Media::of(&p);
    let storage = &media.config().storage;
    let kept_as = format!("{}/{}/{key}", site.id, file.hash);
    if let Some(bytes) = media.remembered.bytes(&kept_as) {
        return Ok(RawReply {
            status: 200,
            headers: headers(format),
            body: bytes,
        });
    }
    if let Some(bytes) = storage.variant(site.id, &file.hash, &key).await? {
        media.remembered.keep_bytes(&kept_as, &bytes);
        return Ok(RawReply {
            status: 200,
            headers: headers(format),
            body: bytes,
        });
    }
    let slot = media
        .making
        .slot(&format!("{}/{}/{key}", site.id, file.hash));
    let _making = slot.lock().await;
    if let Some(bytes) = storage.variant(site.id, &file.hash, &key).await? {
        return Ok(RawReply {
            status: 200,
            headers: headers(format),
            body: bytes,
        });
    }
    // Sizes and offsets come in steps, but a large image still has many crops: a file keeps
    // at most `MAX_CROPS` of them, so that no one fills the storage by asking for more.
    if transform.mode == image::Mode::Crop
        && storage.variant_count(site.id, &file.hash, "crop_").await? >= MAX_CROPS
    {
        return Err(WixError::new(
            WixCode::QuotaExceeded,
            format!(
                "crop: this file has {MAX_CROPS} crop variants, the limit for a file; ask for one of those, or a fill or fit"
            ),
        ));
    }
    let original = storage.blob(site.id, &file.hash).await?;
    let made = tokio::task::spawn_blocking(move || image::render(&original, &transform, format))
        .await
        .map_err(|e| Error::internal(format!("making a variant: {e}")))?
        .map_err(|r| WixError::bad_request(format!("{}: {}", r.field, r.message)))?;
    let made = Bytes::from(made);
    storage
        .put_variant(site.id, &file.hash, &key, made.clone())
        .await?;
    media.remembered.keep_bytes(&kept_as, &made);
    Ok(RawReply {
        status: 200,
        headers: headers(format),
        body: made,
    })
}

/// `PUT` or `POST /_media/upload?site=…&folder=…&private=…&expires=…&sig=…&filename=…`: the
/// bytes of one file, to the address `generate-upload-url` signed. Answers `{file}`.
async fn upload(p: Platform, call: RawCall) -> WixResult<RawReply> {
    let q = &call.query;
    let bad = || {
        WixError::new(
            WixCode::PermissionDenied,
            "the upload address is not one this server signed, or it has expired",
        )
    };
    let site_id = q.one("site").and_then(|s| s.parse().ok()).ok_or_else(bad)?;
    let folder = q.one("folder").unwrap_or_default();
    let private = q.one("private") == Some("1");
    let expires: i64 = q
        .one("expires")
        .and_then(|e| e.parse().ok())
        .ok_or_else(bad)?;
    let want = p.config().secret_key.mac(
        site_id,
        "media-upload",
        &format!("{folder}|{}|{expires}", u8::from(private)),
    );
    if q.one("sig") != Some(want.as_str()) || expires < now_millis() {
        return Err(bad());
    }
    let site = p.store().site(site_id).await?.ok_or_else(bad)?;
    let claimed = call
        .header("content-type")
        .map(|c| c.split(';').next().unwrap_or(c).trim().to_string())
        .filter(|c| !c.is_empty());
    let file = files::upload(
        &p,
        &site,
        files::Upload {
            bytes: call.body.clone(),
            file_name: q.one("filename").unwrap_or_default().to_string(),
            claimed_mime: claimed,
            folder_id: folder.to_string(),
            private,
        },
    )
    .await?;
    let body = json!({ "file": rest::descriptor(&p, &site, &file) });
    Ok(RawReply {
        status: 200,
        headers: vec![("content-type", "application/json".into())],
        body: Bytes::from(body.to_string()),
    })
}

pub fn routes(max_file_bytes: u64) -> Vec<RawRoute> {
    let upload_limit = usize::try_from(max_file_bytes).unwrap_or(usize::MAX);
    let route =
        |method, path: &str, body_limit, handler| RawRoute::new(method, path, body_limit, handler);
    vec![
        route(Method::Put, "/_media/upload", upload_limit, |p, c| {
            upload(p, c).boxed()
        }),
        route(Method::Post, "/_media/upload", upload_limit, |p, c| {
            upload(p, c).boxed()
        }),
        route(Method::Get, "/media/{file}", 0, |p, c| {
            original(p, c).boxed()
        }),
        route(
            Method::Get,
            "/media/{file}/v1/{mode}/{params}/{name}",
            0,
            |p, c| variant(p, c).boxed(),
        ),
    ]
}
