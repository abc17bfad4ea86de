use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use tessera_core::{
    Error, now_millis,
    sites::{Domain, Permission},
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
pub struct DomainBody {
    #[schema(example = "www.example.com")]
    domain: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DomainView {
    domain: String,
    created_at: String,
}

impl From<&Domain> for DomainView {
    fn from(d: &Domain) -> Self {
        Self {
            domain: d.domain.clone(),
            created_at: time(d.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DomainList {
    domains: Vec<DomainView>,
}

/// Connect a custom domain: requests whose Host is this domain are served this site.
/// Point the domain's DNS at Tessera yourself.
#[utoipa::path(post, path = "/api/v1/sites/{site}/domains", tag = "domains",
    params(("site" = String, Path, description = "Site id or slug")),
    request_body = DomainBody,
    responses(
        (status = 201, description = "Connected", body = DomainView),
        (status = 400, description = "Not a host name, or under the dashboard's host", body = ErrorBody),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site, or not yours", body = ErrorBody),
        (status = 409, description = "Connected to a site already", body = ErrorBody),
    ))]
pub async fn add_domain(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    Json(body): Json<DomainBody>,
) -> ApiResult<(StatusCode, axum::Json<DomainView>)> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    let domain = validate::domain(&body.domain)?;
    let dashboard = &state.config().platform.dashboard_host;
    if domain == *dashboard || domain.ends_with(&format!(".{dashboard}")) {
        return Err(
            Error::invalid("domain", format!("must not be {dashboard} or under it")).into(),
        );
    }
    let domain = Domain {
        site_id: site.id,
        domain,
        created_at: now_millis(),
    };
    state.store().add_domain(&domain).await?;
    state.forget_hosts();
    Ok((StatusCode::CREATED, axum::Json(DomainView::from(&domain))))
}

/// The site's custom domains.
#[utoipa::path(get, path = "/api/v1/sites/{site}/domains", tag = "domains",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "Domains", body = DomainList),
        (status = 404, description = "No such site, or not yours", body = ErrorBody),
    ))]
pub async fn list_domains(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<DomainList>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let domains = state
        .store()
        .domains(site.id)
        .await?
        .iter()
        .map(DomainView::from)
        .collect();
    Ok(axum::Json(DomainList { domains }))
}

/// Disconnect a custom domain.
#[utoipa::path(delete, path = "/api/v1/sites/{site}/domains/{domain}", tag = "domains",
    params(("site" = String, Path, description = "Site id or slug"), ("domain" = String, Path, description = "The domain")),
    responses(
        (status = 204, description = "Disconnected"),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site or domain", body = ErrorBody),
    ))]
pub async fn remove_domain(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, domain)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    state
        .store()
        .remove_domain(site.id, &domain.to_ascii_lowercase())
        .await?;
    state.forget_hosts();
    Ok(StatusCode::NO_CONTENT)
}
