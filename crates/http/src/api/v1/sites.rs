use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use tessera_core::{
    ids::SiteId,
    now_millis,
    sites::{Permission, Role, Site},
    validate,
};
use utoipa::ToSchema;

use super::time;
use crate::{
    AppState, ErrorBody,
    auth::{Caller, site_access},
    error::ApiResult,
    extract::Json,
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSiteBody {
    /// 2–63 characters of a-z, 0-9 and '-'; the site is served at `<slug>.<dashboard host>`.
    #[schema(example = "bakery")]
    slug: String,
    #[schema(example = "The Corner Bakery")]
    name: String,
    /// What the site starts with: `blank` (default), `business`, `blog` or `store`. The
    /// template's pages are saved as the draft, its collections made with sample items.
    #[serde(default)]
    template: super::templates::Template,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateSiteBody {
    name: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SiteView {
    id: String,
    slug: String,
    name: String,
    /// The caller's role on this site.
    role: &'static str,
    /// Where the published site is served.
    url: String,
    created_at: String,
}

impl SiteView {
    fn new(state: &AppState, site: &Site, role: Role) -> Self {
        Self {
            id: site.id.to_string(),
            slug: site.slug.clone(),
            name: site.name.clone(),
            role: role.as_str(),
            url: state.site_url(site),
            created_at: time(site.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SiteList {
    sites: Vec<SiteView>,
}

/// Create a site; the caller becomes its owner.
#[utoipa::path(post, path = "/api/v1/sites", tag = "sites",
    request_body = CreateSiteBody,
    responses(
        (status = 201, description = "Created", body = SiteView),
        (status = 400, description = "Bad slug or name", body = ErrorBody),
        (status = 401, description = "Not authenticated", body = ErrorBody),
        (status = 403, description = "Site API keys cannot create sites", body = ErrorBody),
        (status = 409, description = "Slug taken", body = ErrorBody),
    ))]
pub async fn create_site(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<CreateSiteBody>,
) -> ApiResult<(StatusCode, axum::Json<SiteView>)> {
    let account = caller.require_account("create sites")?;
    validate::slug(&body.slug)?;
    let site = Site {
        id: SiteId::new(),
        slug: body.slug,
        name: validate::name("name", &body.name)?,
        created_at: now_millis(),
    };
    state.store().create_site(&site, account.id).await?;
    super::templates::apply(&state, &site, &account.id.to_string(), body.template).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(SiteView::new(&state, &site, Role::Owner)),
    ))
}

/// The sites the caller works on (for a site API key: its own site).
#[utoipa::path(get, path = "/api/v1/sites", tag = "sites",
    responses(
        (status = 200, description = "Sites, oldest first", body = SiteList),
        (status = 401, description = "Not authenticated", body = ErrorBody),
    ))]
pub async fn list_sites(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<axum::Json<SiteList>> {
    let store = state.store();
    let sites = match &caller {
        Caller::Account { account, .. } => store.sites_of(account.id).await?,
        Caller::SiteKey(key) => store
            .site(key.site_id)
            .await?
            .map(|s| (s, key.role))
            .into_iter()
            .collect(),
    };
    let sites = sites
        .iter()
        .map(|(site, role)| SiteView::new(&state, site, *role))
        .collect();
    Ok(axum::Json(SiteList { sites }))
}

/// One site, by id or slug.
#[utoipa::path(get, path = "/api/v1/sites/{site}", tag = "sites",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "The site", body = SiteView),
        (status = 401, description = "Not authenticated", body = ErrorBody),
        (status = 404, description = "No such site, or not yours", body = ErrorBody),
    ))]
pub async fn get_site(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<SiteView>> {
    let (site, role) = site_access(&state, &caller, &site, Permission::View).await?;
    Ok(axum::Json(SiteView::new(&state, &site, role)))
}

/// Rename a site (admin or owner).
#[utoipa::path(patch, path = "/api/v1/sites/{site}", tag = "sites",
    params(("site" = String, Path, description = "Site id or slug")),
    request_body = UpdateSiteBody,
    responses(
        (status = 200, description = "Renamed", body = SiteView),
        (status = 400, description = "Bad name", body = ErrorBody),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site, or not yours", body = ErrorBody),
    ))]
pub async fn update_site(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    Json(body): Json<UpdateSiteBody>,
) -> ApiResult<axum::Json<SiteView>> {
    let (mut site, role) = site_access(&state, &caller, &site, Permission::Manage).await?;
    site.name = validate::name("name", &body.name)?;
    state.store().rename_site(site.id, &site.name).await?;
    state.forget_hosts();
    Ok(axum::Json(SiteView::new(&state, &site, role)))
}

/// Delete a site and everything it owns (owner only).
#[utoipa::path(delete, path = "/api/v1/sites/{site}", tag = "sites",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only owners delete sites", body = ErrorBody),
        (status = 404, description = "No such site, or not yours", body = ErrorBody),
    ))]
pub async fn delete_site(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<StatusCode> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Own).await?;
    state.store().delete_site(site.id).await?;
    state.forget_hosts();
    // What modules keep outside the database (media files) goes too; the site is gone
    // whatever happens here, so a failure is logged, not answered.
    for module in state.platform().modules() {
        if let Err(e) = module.site_deleted(site.id).await {
            tracing::warn!(error = %e, module = module.name(), site = %site.id, "removing a deleted site's files");
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
