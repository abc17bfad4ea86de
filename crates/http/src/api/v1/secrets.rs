//! Site secrets for backend code (`wix-secrets-backend`): values are sealed with the
//! server's key before they are stored and are never shown again through the API.

use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use tessera_core::{sites::Permission, store::SecretInfo};
use utoipa::ToSchema;

use tessera_platform::secrets::{check_name, check_value, find};

use super::time;
use crate::{
    AppState, ErrorBody,
    auth::{Caller, site_access},
    error::ApiResult,
    extract::Json,
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecretBody {
    value: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SecretView {
    id: String,
    name: String,
    description: String,
    created_at: String,
    updated_at: String,
}

impl From<SecretInfo> for SecretView {
    fn from(s: SecretInfo) -> Self {
        Self {
            id: s.id,
            name: s.name,
            description: s.description,
            created_at: time(s.created_at),
            updated_at: time(s.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SecretList {
    secrets: Vec<SecretView>,
}

/// Create or replace a secret (developers and above). Code reads it with `getSecret(name)`.
#[utoipa::path(put, path = "/api/v1/sites/{site}/secrets/{name}", tag = "code",
    params(("site" = String, Path, description = "Site id or slug"), ("name" = String, Path, description = "Secret name")),
    request_body = SecretBody,
    responses(
        (status = 201, description = "Created", body = SecretView),
        (status = 200, description = "Replaced", body = SecretView),
        (status = 400, description = "Bad name or value", body = ErrorBody),
        (status = 403, description = "Role below developer", body = ErrorBody),
        (status = 404, description = "No such site", body = ErrorBody),
    ))]
pub async fn put_secret(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, name)): Path<(String, String)>,
    Json(body): Json<SecretBody>,
) -> ApiResult<(StatusCode, axum::Json<SecretView>)> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Develop).await?;
    check_name(&name)?;
    check_value(&body.value)?;
    let sealed = state
        .config()
        .platform
        .secret_key
        .seal(site.id, &name, &body.value);
    let (created_at, updated_at) = state.store().put_secret(site.id, &name, &sealed).await?;
    let status = if created_at == updated_at {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let info = find(&state, &site, |s| s.name == name).await?;
    Ok((status, axum::Json(info.into())))
}

/// List the site's secrets: names and times, never values.
#[utoipa::path(get, path = "/api/v1/sites/{site}/secrets", tag = "code",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "Secrets", body = SecretList),
        (status = 403, description = "Role below developer", body = ErrorBody),
        (status = 404, description = "No such site", body = ErrorBody),
    ))]
pub async fn list_secrets(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<SecretList>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Develop).await?;
    let secrets = state
        .store()
        .secrets(site.id)
        .await?
        .into_iter()
        .map(SecretView::from)
        .collect();
    Ok(axum::Json(SecretList { secrets }))
}

/// Delete a secret.
#[utoipa::path(delete, path = "/api/v1/sites/{site}/secrets/{name}", tag = "code",
    params(("site" = String, Path, description = "Site id or slug"), ("name" = String, Path, description = "Secret name")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Role below developer", body = ErrorBody),
        (status = 404, description = "No such site or secret", body = ErrorBody),
    ))]
pub async fn delete_secret(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, name)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Develop).await?;
    state.store().delete_secret(site.id, &name, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
