//! A site's pages as one document: the draft the editor saves (each save names the revision
//! it started from, so a stale write is a 409), publishing it as an immutable version (with
//! the site's latest code), the version history, rollback, and draft preview links.

use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tessera_core::{
    ErrorCode,
    sites::{Permission, Site},
    store::SiteVersion,
};
use tessera_render::Document;
use utoipa::ToSchema;

use super::time;
use crate::{
    ApiError, AppState, ErrorBody,
    auth::{Caller, site_access},
    error::ApiResult,
    extract::Json,
};

/// How long a preview link works.
const PREVIEW_TTL_MS: i64 = 60 * 60 * 1000;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DraftView {
    /// Send it back with the next save; 0 while the site has no saved draft.
    revision: i64,
    updated_at: Option<String>,
    updated_by: Option<String>,
    /// The site document (schema version 1).
    #[schema(value_type = Object)]
    document: Value,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftBody {
    /// The revision this save starts from (0 for the first save).
    revision: i64,
    #[schema(value_type = Object)]
    document: Value,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SavedView {
    revision: i64,
}

/// A document error as a 400 naming the bad node's path.
fn invalid_document(e: tessera_render::DocumentError) -> ApiError {
    ApiError::new(ErrorCode::InvalidArgument, format!("document: {e}"))
        .with_details(json!({ "field": "document", "path": e.path }))
}

/// Parses a document and checks what the renderer cannot: datasets' filters and sorts.
fn parse_document(text: &str) -> Result<Document, ApiError> {
    let doc = Document::parse(text.as_bytes()).map_err(invalid_document)?;
    for (i, page) in doc.pages.iter().enumerate() {
        for (j, ds) in page.datasets.iter().enumerate() {
            let at = |what: &str| format!("pages[{i}].datasets[{j}].{what}");
            if let Err(e) = tessera_core::data::query::parse_filter(&ds.filter) {
                return Err(invalid_document(tessera_render::DocumentError {
                    path: at("filter"),
                    message: e.to_string(),
                }));
            }
            if let Err(e) = tessera_core::data::query::parse_sort(&ds.sort) {
                return Err(invalid_document(tessera_render::DocumentError {
                    path: at("sort"),
                    message: e.to_string(),
                }));
            }
        }
    }
    Ok(doc)
}

/// A new site's first document: one page with its name.
pub fn starter_document(site: &Site) -> Value {
    json!({
        "schemaVersion": 1,
        "settings": { "name": site.name },
        "master": {
            "header": [
                { "id": "site-title", "type": "link", "props": { "text": site.name, "link": { "href": "/" } },
                  "style": { "fontWeight": "700", "fontSize": "1.25rem", "textDecoration": "none" } },
                { "id": "main-menu", "type": "menu" }
            ],
            "footer": [
                { "id": "footer-note", "type": "text", "props": { "html": format!("<p>© {}</p>", tessera_render::escape_text(&site.name)) } }
            ]
        },
        "pages": [{
            "id": "home", "title": "Home", "path": "/",
            "sections": [{ "id": "welcome", "type": "section", "children": [
                { "id": "welcome-title", "type": "heading", "props": { "text": site.name, "level": 1 } }
            ]}]
        }]
    })
}

/// The draft document.
#[utoipa::path(get, path = "/api/v1/sites/{site}/document", tag = "pages",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "The draft; a starter document with revision 0 before the first save", body = DraftView),
        (status = 404, description = "No such site", body = ErrorBody),
    ))]
pub async fn get_document(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<DraftView>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let view = match state.store().draft(site.id).await? {
        Some(d) => DraftView {
            revision: d.revision,
            updated_at: Some(time(d.updated_at)),
            updated_by: Some(d.updated_by),
            document: serde_json::from_str(&d.document).map_err(tessera_core::Error::internal)?,
        },
        None => DraftView {
            revision: 0,
            updated_at: None,
            updated_by: None,
            document: starter_document(&site),
        },
    };
    Ok(axum::Json(view))
}

/// Save the draft. It is checked whole: a bad node is a 400 whose `details.path` names it.
/// When someone saved since `revision`, nothing changes and the answer is a 409.
#[utoipa::path(put, path = "/api/v1/sites/{site}/document", tag = "pages",
    params(("site" = String, Path, description = "Site id or slug")),
    request_body = DraftBody,
    responses(
        (status = 200, description = "Saved", body = SavedView),
        (status = 400, description = "Invalid document", body = ErrorBody),
        (status = 409, description = "The draft changed since `revision`", body = ErrorBody),
    ))]
pub async fn put_document(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    Json(body): Json<DraftBody>,
) -> ApiResult<axum::Json<SavedView>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::EditContent).await?;
    let text = body.document.to_string();
    parse_document(&text)?;
    let by = caller.responsible_account().to_string();
    let revision = state
        .store()
        .put_draft(site.id, &text, body.revision, &by)
        .await?;
    crate::site_pages::site_changed(&state, site.id).await;
    Ok(axum::Json(SavedView { revision }))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VersionView {
    version: i64,
    draft_revision: i64,
    code_revision: Option<i64>,
    created_by: String,
    created_at: String,
    /// Whether visitors see this version now.
    published: bool,
}

impl From<SiteVersion> for VersionView {
    fn from(v: SiteVersion) -> Self {
        Self {
            version: v.version,
            draft_revision: v.draft_revision,
            code_revision: v.code_revision,
            created_by: v.created_by,
            created_at: time(v.created_at),
            published: v.published,
        }
    }
}

/// Publish the draft: it becomes a new immutable version that visitors see at once, together
/// with the site's latest pushed code revision (for an editor, with the code already live).
#[utoipa::path(post, path = "/api/v1/sites/{site}/publish", tag = "pages",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "Published", body = VersionView),
        (status = 400, description = "No draft to publish, or it is invalid", body = ErrorBody),
    ))]
pub async fn publish_site(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<VersionView>> {
    let (site, role) = site_access(&state, &caller, &site, Permission::EditContent).await?;
    let store = state.store();
    let draft = store.draft(site.id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidArgument,
            "the site has no saved draft to publish",
        )
        .with_details(json!({ "field": "document" }))
    })?;
    parse_document(&draft.document)?;
    // Code that the public runs is published by developers (and above) only: an editor's
    // publish keeps the code that is live.
    let code_revision = if role.allows(Permission::Develop) {
        store.latest_code_revision(site.id).await?
    } else {
        store.published_code_revision(site.id).await?
    };
    if let Some(revision) = code_revision {
        store.publish_code(site.id, revision).await?;
        state.code_cache().forget_published(site.id);
    }
    let by = caller.responsible_account().to_string();
    let version = store
        .publish_version(site.id, &draft.document, draft.revision, code_revision, &by)
        .await?;
    crate::site_pages::site_changed(&state, site.id).await;
    tessera_platform::module::site_published(&state, site.id);
    let (info, _) = store
        .version(site.id, version)
        .await?
        .ok_or_else(|| ApiError::not_found("site version"))?;
    Ok(axum::Json(info.into()))
}

#[derive(Serialize, ToSchema)]
pub struct VersionList {
    versions: Vec<VersionView>,
}

/// Published versions, newest first.
#[utoipa::path(get, path = "/api/v1/sites/{site}/versions", tag = "pages",
    params(("site" = String, Path, description = "Site id or slug")),
    responses((status = 200, description = "Versions", body = VersionList)))]
pub async fn list_versions(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<VersionList>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let versions = state.store().versions(site.id).await?;
    Ok(axum::Json(VersionList {
        versions: versions.into_iter().map(VersionView::from).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct VersionDocument {
    #[serde(flatten)]
    version: VersionView,
    #[schema(value_type = Object)]
    document: Value,
}

/// One version with its document.
#[utoipa::path(get, path = "/api/v1/sites/{site}/versions/{version}", tag = "pages",
    params(("site" = String, Path, description = "Site id or slug"), ("version" = i64, Path, description = "Version number")),
    responses(
        (status = 200, description = "The version", body = VersionDocument),
        (status = 404, description = "No such version", body = ErrorBody),
    ))]
pub async fn get_version(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, version)): Path<(String, i64)>,
) -> ApiResult<axum::Json<VersionDocument>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let (info, document) = state
        .store()
        .version(site.id, version)
        .await?
        .ok_or_else(|| ApiError::not_found("site version"))?;
    Ok(axum::Json(VersionDocument {
        version: info.into(),
        document: serde_json::from_str(&document).map_err(tessera_core::Error::internal)?,
    }))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RollbackView {
    /// The version visitors see now.
    version: i64,
    /// The draft's new revision: the draft holds the version's document again.
    draft_revision: i64,
}

/// Roll back: visitors see this earlier version (and its code revision) again, and the draft
/// is replaced by its document so editing continues from it.
#[utoipa::path(post, path = "/api/v1/sites/{site}/versions/{version}/rollback", tag = "pages",
    params(("site" = String, Path, description = "Site id or slug"), ("version" = i64, Path, description = "Version number")),
    responses(
        (status = 200, description = "Rolled back", body = RollbackView),
        (status = 404, description = "No such version", body = ErrorBody),
    ))]
pub async fn rollback_version(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, version)): Path<(String, i64)>,
) -> ApiResult<axum::Json<RollbackView>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::EditContent).await?;
    let store = state.store();
    let (info, document) = store
        .version(site.id, version)
        .await?
        .ok_or_else(|| ApiError::not_found("site version"))?;
    store.set_published_version(site.id, version).await?;
    if let Some(revision) = info.code_revision {
        store.publish_code(site.id, revision).await?;
        state.code_cache().forget_published(site.id);
    }
    let current = store.draft(site.id).await?.map_or(0, |d| d.revision);
    let by = caller.responsible_account().to_string();
    let draft_revision = store.put_draft(site.id, &document, current, &by).await?;
    crate::site_pages::site_changed(&state, site.id).await;
    tessera_platform::module::site_published(&state, site.id);
    Ok(axum::Json(RollbackView {
        version,
        draft_revision,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RenderBody {
    /// A whole document, saved or not.
    #[schema(value_type = Object)]
    document: Value,
    /// Which of its pages.
    page_id: String,
}

/// The editor's canvas: one page of a document (saved or not) as HTML, with the site's data,
/// the stylesheet inline and no script.
#[utoipa::path(post, path = "/api/v1/sites/{site}/render", tag = "pages",
    params(("site" = String, Path, description = "Site id or slug")),
    request_body = RenderBody,
    responses(
        (status = 200, description = "The page", content_type = "text/html"),
        (status = 400, description = "Invalid document", body = ErrorBody),
        (status = 404, description = "No such site or page", body = ErrorBody),
    ))]
pub async fn render_page(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    Json(body): Json<RenderBody>,
) -> ApiResult<axum::response::Html<String>> {
    let (site, role) = site_access(&state, &caller, &site, Permission::View).await?;
    let doc = parse_document(&body.document.to_string())?;
    let data_caller = tessera_core::data::DataCaller::Collaborator {
        role,
        id: caller.responsible_account().to_string(),
    };
    let html =
        crate::site_pages::render_for_editor(&state, &site, doc, &body.page_id, &data_caller)
            .await?;
    Ok(axum::response::Html(html))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreviewView {
    /// Opening it shows the draft (this browser only) until `expiresAt`.
    url: String,
    expires_at: String,
}

/// A link that shows the draft instead of the published site, for an hour.
#[utoipa::path(post, path = "/api/v1/sites/{site}/preview", tag = "pages",
    params(("site" = String, Path, description = "Site id or slug")),
    responses((status = 200, description = "A preview link", body = PreviewView)))]
pub async fn create_preview(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<PreviewView>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let expires = tessera_core::now_millis() + PREVIEW_TTL_MS;
    let token = crate::site_pages::preview_token(&state, site.id, expires);
    Ok(axum::Json(PreviewView {
        url: format!(
            "{}/_preview?token={}",
            state.site_url(&site),
            percent_encoding::utf8_percent_encode(&token, percent_encoding::NON_ALPHANUMERIC)
        ),
        expires_at: time(expires),
    }))
}
