//! `/api/v1/sites/{site}/usage`: what a site's collections hold, as the store keeps it with
//! every write (no scan), for the dashboard, quotas and limits.

use axum::extract::{Path, State};
use serde::Serialize;
use tessera_core::{
    data::{CollectionUsage, SiteUsage},
    sites::Permission,
};
use utoipa::ToSchema;

use crate::{
    AppState, ErrorBody,
    auth::{Caller, site_access},
    error::ApiResult,
};

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CollectionUsageView {
    #[schema(example = "Posts")]
    collection_id: String,
    items: u64,
    /// The size of the items' data as JSON text.
    bytes: u64,
}

#[derive(Serialize, ToSchema)]
pub struct UsageView {
    /// Items in all the site's collections.
    items: u64,
    /// Bytes of the items' data in all the site's collections.
    bytes: u64,
    /// Every collection, empty ones too, by id.
    collections: Vec<CollectionUsageView>,
}

impl From<SiteUsage> for UsageView {
    fn from(u: SiteUsage) -> Self {
        Self {
            items: u.items,
            bytes: u.bytes,
            collections: u
                .collections
                .into_iter()
                .map(|c: CollectionUsage| CollectionUsageView {
                    collection_id: c.collection_id,
                    items: c.items,
                    bytes: c.bytes,
                })
                .collect(),
        }
    }
}

/// The site's data usage: items and bytes, in all and per collection (drafts shadows
/// included, as `<id>__drafts`).
#[utoipa::path(get, path = "/api/v1/sites/{site}/usage", tag = "sites",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "Usage", body = UsageView),
        (status = 404, description = "No such site, or not yours", body = ErrorBody),
    ))]
pub async fn get_usage(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<UsageView>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let usage = state.store().usage(site.id).await?;
    Ok(axum::Json(usage.into()))
}
