//! The library's folders, and Wix's Folders REST API (`/site-media/v1/folders…`). Trashing
//! a folder trashes what is in it; restoring it restores them.

use futures::FutureExt;
use serde_json::{Value, json};
use tessera_core::{
    ids::SiteId,
    media::{MEDIA_ROOT, MediaFilter, MediaFolder, MediaSort},
    now_millis,
    sites::Permission,
};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{Method, Route},
};
use uuid::Uuid;

use crate::{
    files,
    rest::{date, ids_in, may, text_in},
};

pub fn not_found(id: &str) -> WixError {
    WixError::new(
        WixCode::FolderNotFound,
        format!("folder {id} does not exist"),
    )
}

/// A folder in Wix's shape.
pub fn descriptor(f: &MediaFolder) -> Value {
    json!({
        "id": f.id,
        "displayName": f.display_name,
        "parentFolderId": f.parent_id,
        "createdDate": date(f.created_at),
        "updatedDate": date(f.updated_at),
        "state": if f.trashed_at.is_some() { "DELETED" } else { "OK" },
    })
}

async fn get(p: &Platform, site: SiteId, id: &str) -> WixResult<MediaFolder> {
    p.store()
        .media_folder(site, id)
        .await?
        .ok_or_else(|| not_found(id))
}

fn folder_name(v: &Value) -> WixResult<String> {
    let name = v
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| WixError::bad_request("displayName: is required"))?;
    if name.chars().count() > 200 || name.chars().any(char::is_control) || name.contains('/') {
        return Err(WixError::bad_request(
            "displayName: at most 200 characters, without '/' or control characters",
        ));
    }
    Ok(name.to_string())
}

/// Whether `id` is `ancestor` or inside it.
async fn is_within(p: &Platform, site: SiteId, mut id: String, ancestor: &str) -> WixResult<bool> {
    for _ in 0..100 {
        if id == ancestor {
            return Ok(true);
        }
        if id == MEDIA_ROOT {
            return Ok(false);
        }
        id = get(p, site, &id).await?.parent_id;
    }
    Ok(true)
}

pub async fn create(p: &Platform, site: SiteId, body: &Value) -> WixResult<Value> {
    let name = folder_name(&body["displayName"])?;
    let parent = text_in(body, "parentFolderId")
        .unwrap_or(MEDIA_ROOT)
        .to_string();
    files::folder_in_library(p, site, &parent).await?;
    let now = now_millis();
    let folder = MediaFolder {
        site_id: site,
        id: Uuid::new_v4().simple().to_string(),
        parent_id: parent,
        display_name: name,
        trashed_at: None,
        created_at: now,
        updated_at: now,
    };
    p.store().insert_media_folder(&folder).await?;
    Ok(json!({ "folder": descriptor(&folder) }))
}

pub async fn update(p: &Platform, site: SiteId, id: &str, body: &Value) -> WixResult<Value> {
    let patch = &body["folder"];
    let mut folder = get(p, site, id).await?;
    if !patch["displayName"].is_null() {
        folder.display_name = folder_name(&patch["displayName"])?;
    }
    if let Some(parent) = text_in(patch, "parentFolderId") {
        files::folder_in_library(p, site, parent).await?;
        if is_within(p, site, parent.to_string(), id).await? {
            return Err(WixError::bad_request(
                "parentFolderId: a folder cannot move into itself or its own folders",
            ));
        }
        folder.parent_id = parent.to_string();
    }
    folder.updated_at = now_millis();
    p.store().update_media_folder(&folder).await?;
    Ok(json!({ "folder": descriptor(&folder) }))
}

/// Every file in the folder and the folders within it, in or out of the trash.
async fn contents(
    p: &Platform,
    site: SiteId,
    id: &str,
) -> WixResult<(Vec<String>, Vec<MediaFolder>)> {
    let mut folders = vec![get(p, site, id).await?];
    let mut files = Vec::new();
    let mut i = 0;
    while i < folders.len() {
        let here = folders[i].id.clone();
        for trashed in [false, true] {
            folders.extend(p.store().media_folders(site, Some(&here), trashed).await?);
            let filter = MediaFilter {
                folder_id: Some(here.clone()),
                trashed,
                ..MediaFilter::default()
            };
            let (found, _) = p
                .store()
                .media_files(site, &filter, MediaSort::Newest, 0, u32::MAX)
                .await?;
            files.extend(found.into_iter().map(|f| f.id));
        }
        i += 1;
    }
    Ok((files, folders))
}

pub async fn delete(p: &Platform, site: SiteId, ids: &[String], permanent: bool) -> WixResult<()> {
    for id in ids {
        let (file_ids, folders) = contents(p, site, id).await?;
        files::delete(p, site, &file_ids, permanent).await?;
        for mut folder in folders {
            if permanent {
                p.store().delete_media_folder(site, &folder.id).await?;
            } else if folder.trashed_at.is_none() {
                folder.trashed_at = Some(now_millis());
                p.store().update_media_folder(&folder).await?;
            }
        }
    }
    Ok(())
}

pub async fn restore(p: &Platform, site: SiteId, ids: &[String]) -> WixResult<()> {
    for id in ids {
        let (file_ids, folders) = contents(p, site, id).await?;
        for (i, mut folder) in folders.into_iter().enumerate() {
            // The restored folder goes back where it was, or to the root if that is gone.
            if i == 0
                && files::folder_in_library(p, site, &folder.parent_id)
                    .await
                    .is_err()
            {
                folder.parent_id = MEDIA_ROOT.into();
            }
            folder.trashed_at = None;
            p.store().update_media_folder(&folder).await?;
        }
        files::restore(p, site, &file_ids).await?;
    }
    Ok(())
}

async fn list(
    p: &Platform,
    site: SiteId,
    parent: Option<&str>,
    trashed: bool,
    search: Option<&str>,
) -> WixResult<Value> {
    let mut folders = p.store().media_folders(site, parent, trashed).await?;
    if let Some(search) = search.map(str::to_lowercase) {
        folders.retain(|f| f.display_name.to_lowercase().contains(&search));
    }
    let total = folders.len();
    Ok(json!({
        "folders": folders.iter().map(descriptor).collect::<Vec<_>>(),
        "nextCursor": { "total": total, "cursors": { "next": null } },
    }))
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::new(Method::Post, "/site-media/v1/folders", |p, call| {
            async move {
                may(&call.ctx, Permission::EditContent)?;
                create(&p, call.ctx.site.id, &call.body).await
            }
            .boxed()
        }),
        Route::new(Method::Get, "/site-media/v1/folders", |p, call| {
            async move {
                may(&call.ctx, Permission::View)?;
                let parent = call
                    .query
                    .one("parentFolderId")
                    .unwrap_or(MEDIA_ROOT)
                    .to_string();
                list(&p, call.ctx.site.id, Some(&parent), false, None).await
            }
            .boxed()
        }),
        Route::new(Method::Post, "/site-media/v1/folders/search", |p, call| {
            async move {
                may(&call.ctx, Permission::View)?;
                let trashed = text_in(&call.body, "rootFolder") == Some("TRASH_ROOT");
                list(
                    &p,
                    call.ctx.site.id,
                    None,
                    trashed,
                    text_in(&call.body, "search"),
                )
                .await
            }
            .boxed()
        }),
        Route::new(
            Method::Get,
            "/site-media/v1/folders/{folderId}",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::View)?;
                    let folder = get(&p, call.ctx.site.id, call.path_param("folderId")).await?;
                    Ok(json!({ "folder": descriptor(&folder) }))
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Patch,
            "/site-media/v1/folders/{folderId}",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::EditContent)?;
                    update(
                        &p,
                        call.ctx.site.id,
                        call.path_param("folderId"),
                        &call.body,
                    )
                    .await
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Post,
            "/site-media/v1/bulk/folders/delete",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::EditContent)?;
                    let ids = ids_in(&call.body, "folderIds")?;
                    let permanent = call.body["permanent"].as_bool().unwrap_or(false);
                    delete(&p, call.ctx.site.id, &ids, permanent).await?;
                    Ok(json!({}))
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Post,
            "/site-media/v1/bulk/trash-bin/folders/restore",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::EditContent)?;
                    let ids = ids_in(&call.body, "folderIds")?;
                    restore(&p, call.ctx.site.id, &ids).await?;
                    Ok(json!({}))
                }
                .boxed()
            },
        ),
        Route::new(
            Method::Get,
            "/site-media/v1/trash-bin/folders",
            |p, call| {
                async move {
                    may(&call.ctx, Permission::View)?;
                    list(&p, call.ctx.site.id, None, true, None).await
                }
                .boxed()
            },
        ),
    ]
}
